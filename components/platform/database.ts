/**
 * Platform-wide PostgreSQL hardening: PUBLIC (every role, including every tenant role created later)
 * loses CONNECT and TEMPORARY on the tenants' database and on every other database of the server,
 * and loses CREATE and USAGE on schema `public`. Tenants then reach only what the data layer grants:
 * CONNECT on the database, their own schema.
 *
 * A postgresql.Grant with `role: "public"` and an empty `privileges` list revokes: the provider runs
 * `REVOKE ALL PRIVILEGES ON DATABASE|SCHEMA … FROM "public"` and grants nothing (empty list: "revoke all
 * privileges for this role" in the provider's postgresql_grant docs; createRevokeQuery and
 * grantRolePrivileges in cyrilgdn/terraform-provider-postgresql postgresql/resource_postgresql_grant.go).
 * PostgreSQL reads the role name `public`, quoted or not, as the PUBLIC pseudo-role.
 *
 * Cross-tenant built-ins (components/data/crossTenant.ts): PUBLIC loses EXECUTE on pg_notify, the
 * large-object creators and the advisory-lock functions in the tenants' database, with the same kind of
 * Grant (`objectType: "function"`, schema pg_catalog, the signatures as `objects`, empty privileges:
 * `REVOKE ALL PRIVILEGES ON FUNCTION "pg_catalog"."pg_notify"(text, text), … FROM "public"`). The
 * provider reads such grants back by function name only, so it does not notice a signature whose
 * EXECUTE someone granted again by hand; the real-server tests check the server's state directly.
 *
 * Capacity: `stoa-tenancy:databasePlatformLogin`, when set, becomes a member of
 * pg_use_reserved_connections; the tenants' limits must fit in `databaseConnectionCapacity`
 * (components/data/capacity.ts, checked before any resource exists).
 *
 * Audit (the brief's "every data access logged with tenant context"): each tenant logs in as its own
 * role, `tenant_<id>_app`, so every audit line names the tenant; with `databaseAudit: pgaudit` the
 * pgaudit extension is created in the tenants' database. Server settings (shared_preload_libraries,
 * pgaudit.log, log_line_prefix) are the DBA's: no provider resource manages them.
 */
import * as postgresql from "@pulumi/postgresql";
import { crossTenantRevokes } from "../data/crossTenant";
import type { PlatformLayerContext } from "./context";

export const PUBLIC_ROLE = "public";

export interface PlatformDatabase {
    /** Databases PUBLIC can no longer connect to: the tenants' database first. */
    closedDatabases: string[];
    /** How tenant data access is audited: "pgaudit" or "none". */
    databaseAudit: string;
}

export const PGAUDIT_EXTENSION = "pgaudit";
/** PostgreSQL 16+: members may use the reserved_connections slots. */
export const RESERVED_CONNECTIONS_ROLE = "pg_use_reserved_connections";

export function createPlatformDatabase(ctx: PlatformLayerContext): PlatformDatabase {
    const { database, closedDatabases } = ctx.stack;
    if (closedDatabases.includes(database)) {
        throw new Error(
            `stoa-tenancy:closedDatabases must not list "${database}", the tenants' database (stoa-tenancy:database); tenants are granted CONNECT on it one by one`,
        );
    }
    const databases = [database, ...closedDatabases];
    for (const name of databases) {
        new postgresql.Grant(
            `platform-db-${name}-public`,
            { database: name, role: PUBLIC_ROLE, objectType: "database", privileges: [] },
            ctx.opts,
        );
    }
    // USAGE goes too: nothing a tenant needs lives in `public`; a shared extension belongs in its own
    // schema with an explicit grant.
    new postgresql.Grant(
        `platform-db-${database}-schema-public`,
        { database, role: PUBLIC_ROLE, schema: "public", objectType: "schema", privileges: [] },
        ctx.opts,
    );
    closeCrossTenantFunctions(ctx, database);
    if (ctx.stack.databasePlatformLogin) {
        // The slots the server keeps with reserved_connections: tenants filling the rest cannot lock the platform out.
        new postgresql.GrantRole(
            "platform-db-reserved-connections",
            { role: ctx.stack.databasePlatformLogin, grantRole: RESERVED_CONNECTIONS_ROLE },
            ctx.opts,
        );
    }
    if (ctx.stack.databaseAudit === "pgaudit") {
        // Retained: dropping the extension would silently end the audit trail of every tenant.
        new postgresql.Extension(`platform-db-${database}-pgaudit`, { database, name: PGAUDIT_EXTENSION }, { ...ctx.opts, retainOnDelete: true });
    }
    return { closedDatabases: databases, databaseAudit: ctx.stack.databaseAudit };
}

/** PUBLIC loses EXECUTE on the built-ins that cross schemas, in one database that holds tenant data. */
export function closeCrossTenantFunctions(ctx: PlatformLayerContext, database: string): postgresql.Grant[] {
    return crossTenantRevokes(database).map(({ group, args }) => new postgresql.Grant(`platform-db-${database}-functions-${group}`, args, ctx.opts));
}
