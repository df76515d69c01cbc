/**
 * Where the tenant's data lives, by its isolation model, and the NOLOGIN role that owns it:
 * - `schema`: schema `tenant_<id>` in the database the tenants share (`stoa-tenancy:database`);
 * - `database`: database `tenant_<id>`, owned by the owner role, holding schema `tenant_<id>`; PUBLIC
 *   loses CONNECT and TEMPORARY on it, USAGE and CREATE on its schema `public`, and EXECUTE on the
 *   built-ins that cross schemas (crossTenant.ts), as in the shared database; with `databaseAudit:
 *   pgaudit` it gets the pgaudit extension too.
 *
 * The owner, the schema and the database hold (or own) tenant data, so they use `ctx.dataOpts`:
 * protected while the tenant is live, retained when removed from the program; the schema is never
 * dropped with its contents (`dropCascade: false`). The two models use different logical names, and a
 * tenant file that acknowledges a model change (`database_isolation_change`) keeps the previous model's
 * schema (and database) registered as they were: nothing is dropped, the data is migrated by hand.
 */
import * as postgresql from "@pulumi/postgresql";
import type * as pulumi from "@pulumi/pulumi";
import type { LayerContext } from "../context";
import type { IsolationModel } from "../model";
import { crossTenantRevokes } from "./crossTenant";
import { PUBLIC_ROLE } from "./grants";

export interface TenantSchema {
    owner: postgresql.Role;
    schema: postgresql.Schema;
    /** The database the tenant's roles connect to: the shared one or the tenant's own. */
    database: string;
    /** The tenant's own database (database model), for ordering; undefined in the schema model. */
    databaseResource?: postgresql.Database;
}

/** The database a tenant's data is in, for its model. */
export function tenantDatabase(ctx: Pick<LayerContext, "tenant" | "stack">, model: IsolationModel = ctx.tenant.databaseIsolation): string {
    return model === "database" ? ctx.tenant.names.schema : ctx.stack.database;
}

function schemaIn(ctx: LayerContext, logicalName: string, database: string, owner: postgresql.Role, dependsOn: pulumi.Resource[]): postgresql.Schema {
    return new postgresql.Schema(
        ctx.name(logicalName),
        {
            name: ctx.tenant.names.schema,
            database,
            owner: owner.name,
            dropCascade: false,
            // No effect on an existing schema: the provider looks the name up first and adopts it (owner
            // set, data kept), so a retained tenant added back gets its schema back (docs/data.md).
            ifNotExists: false,
        },
        { ...ctx.dataOpts, dependsOn },
    );
}

/** The tenant's own database, closed to PUBLIC. */
function ownDatabase(ctx: LayerContext, owner: postgresql.Role): postgresql.Database {
    const name = tenantDatabase(ctx, "database");
    const database = new postgresql.Database(
        ctx.name("db-database"),
        { name, owner: owner.name, template: "template0", encoding: "UTF8", allowConnections: true, isTemplate: false },
        ctx.dataOpts,
    );
    const opts = { ...ctx.opts, dependsOn: [database] };
    new postgresql.Grant(ctx.name("db-database-public"), { database: name, role: PUBLIC_ROLE, objectType: "database", privileges: [] }, opts);
    new postgresql.Grant(ctx.name("db-database-public-schema"), { database: name, role: PUBLIC_ROLE, schema: "public", objectType: "schema", privileges: [] }, opts);
    for (const { group, args } of crossTenantRevokes(name)) new postgresql.Grant(ctx.name(`db-database-functions-${group}`), args, opts);
    if (ctx.stack.databaseAudit === "pgaudit") {
        // As in the shared database (components/platform/database.ts): retained, or the tenant's audit trail would end silently.
        new postgresql.Extension(ctx.name("db-database-pgaudit"), { database: name, name: "pgaudit" }, { ...opts, retainOnDelete: true });
    }
    return database;
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
    const model = ctx.tenant.databaseIsolation;
    const keep = ctx.tenant.databaseIsolationChange;
    let shared: postgresql.Schema | undefined;
    let own: { database: postgresql.Database; schema: postgresql.Schema } | undefined;
    if (model === "schema" || keep === "schema-to-database") shared = schemaIn(ctx, "db-schema", ctx.stack.database, owner, []);
    if (model === "database" || keep === "database-to-schema") {
        const database = ownDatabase(ctx, owner);
        own = { database, schema: schemaIn(ctx, "db-database-schema", tenantDatabase(ctx, "database"), owner, [database]) };
    }
    return model === "database"
        ? { owner, schema: own!.schema, database: tenantDatabase(ctx), databaseResource: own!.database }
        : { owner, schema: shared!, database: tenantDatabase(ctx) };
}
