/**
 * The tenant's schema and the NOLOGIN role that owns it. Both hold (or own) tenant data, so both use
 * `ctx.dataOpts`: protected while the tenant is live, retained when removed from the program, and the
 * schema is never dropped with its contents (`dropCascade: false`).
 */
import * as postgresql from "@pulumi/postgresql";
import type { LayerContext } from "../context";

export interface TenantSchema {
    owner: postgresql.Role;
    schema: postgresql.Schema;
}

export function createTenantSchema(ctx: LayerContext): TenantSchema {
    const names = ctx.tenant.names;
    // The platform's migrations run as this role (SET ROLE from the migration login); nobody logs in as it.
    const owner = new postgresql.Role(
        ctx.name("db-owner"),
        {
            name: names.schemaOwnerRole,
            login: false,
            superuser: false,
            createDatabase: false,
            createRole: false,
            bypassRowLevelSecurity: false,
            replication: false,
            inherit: false,
            roles: [],
        },
        ctx.dataOpts,
    );
    const schema = new postgresql.Schema(
        ctx.name("db-schema"),
        {
            name: names.schema,
            database: ctx.stack.database,
            owner: owner.name,
            dropCascade: false,
            // No effect on an existing schema: the provider looks the name up first and adopts it (owner
            // set, data kept), so a retained tenant added back gets its schema back (docs/data.md).
            ifNotExists: false,
        },
        ctx.dataOpts,
    );
    return { owner, schema };
}
