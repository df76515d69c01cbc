/**
 * Built-in functions whose effect crosses schemas, so that one database shared by tenants would let
 * one tenant reach another through them: NOTIFY payloads (one channel space per database), large
 * objects (outside every schema, numbered per database) and advisory locks (one key space per
 * database). PUBLIC loses EXECUTE on each in every database that holds tenant data: the shared one
 * (components/platform/database.ts) and each tenant's own in the `database` model (database.ts); a
 * tenant role then gets `permission denied for function`.
 *
 * Each entry is what the provider's Grant takes in `objects`: `name(argument types)`, which it quotes
 * as `"pg_catalog"."name"(types)`. The `LISTEN`/`NOTIFY` statements themselves are not functions and
 * cannot be revoked (docs/data.md says what that means for the schema model).
 */

export const CATALOG_SCHEMA = "pg_catalog";

const bothForms = (name: string) => [`${name}(bigint)`, `${name}(integer, integer)`];

/** Groups (one Grant each, named after the group), function signatures as PostgreSQL 18 declares them. */
export const CROSS_TENANT_FUNCTIONS: Readonly<Record<"notify" | "large-objects" | "advisory-locks", readonly string[]>> = {
    notify: ["pg_notify(text, text)"],
    // The creators; reading, writing and unlinking an existing object already need its ownership or a grant.
    "large-objects": ["lo_create(oid)", "lo_creat(integer)", "lo_from_bytea(oid, bytea)", "lo_import(text)", "lo_import(text, oid)"],
    "advisory-locks": [
        ...bothForms("pg_advisory_lock"),
        ...bothForms("pg_advisory_lock_shared"),
        ...bothForms("pg_advisory_unlock"),
        ...bothForms("pg_advisory_unlock_shared"),
        "pg_advisory_unlock_all()",
        ...bothForms("pg_advisory_xact_lock"),
        ...bothForms("pg_advisory_xact_lock_shared"),
        ...bothForms("pg_try_advisory_lock"),
        ...bothForms("pg_try_advisory_lock_shared"),
        ...bothForms("pg_try_advisory_xact_lock"),
        ...bothForms("pg_try_advisory_xact_lock_shared"),
    ],
};

/** The Grant arguments that take PUBLIC's EXECUTE on one group away in `database` (empty privileges: revoke only). */
export function crossTenantRevokes(database: string): { group: string; args: { database: string; role: string; schema: string; objectType: string; objects: string[]; privileges: string[] } }[] {
    return Object.entries(CROSS_TENANT_FUNCTIONS).map(([group, objects]) => ({
        group,
        args: { database, role: "public", schema: CATALOG_SCHEMA, objectType: "function", objects: [...objects], privileges: [] },
    }));
}
