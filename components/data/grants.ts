/**
 * A role's privileges on its tenant's schema only: CONNECT on the database, USAGE on the schema,
 * privileges on every existing table, sequence and function, and default privileges so that those the
 * owner creates later carry the same privileges. Nothing here names another schema.
 *
 * Functions also start with EXECUTE for PUBLIC (PostgreSQL's built-in default), which would let any
 * role, a suspended tenant's included, call the owner's SECURITY DEFINER functions: `closeFunctions`
 * revokes that on what exists and, through the owner's global default privileges, on what it creates
 * later (per-schema default privileges can only add to the global ones, never take away).
 */
import * as postgresql from "@pulumi/postgresql";
import type * as pulumi from "@pulumi/pulumi";
import type { LayerContext } from "../context";
import type { RolePrivileges } from "./privileges";

/** PostgreSQL reads the role name `public`, quoted or not, as the PUBLIC pseudo-role. */
export const PUBLIC_ROLE = "public";

export interface GrantTarget {
    /** Logical-name suffix of the grantee (`db-app`, `db-backup`). */
    suffix: string;
    role: postgresql.Role;
    privileges: RolePrivileges;
}

export function grantOnTenantSchema(
    ctx: LayerContext,
    target: GrantTarget,
    owner: postgresql.Role,
    schema: postgresql.Schema,
    database: string,
): pulumi.Resource[] {
    const opts = { ...ctx.opts, dependsOn: [schema] };
    const role = target.role.name;
    const p = target.privileges;
    const grant = (suffix: string, args: postgresql.GrantArgs) => new postgresql.Grant(ctx.name(`${target.suffix}-${suffix}`), args, opts);
    const defaults = (suffix: string, objectType: string, privileges: string[]) =>
        new postgresql.DefaultPrivileges(
            ctx.name(`${target.suffix}-default-${suffix}`),
            { database, schema: schema.name, owner: owner.name, role, objectType, privileges },
            opts,
        );
    return [
        grant("connect", { database, role, objectType: "database", privileges: p.database }),
        grant("usage", { database, role, schema: schema.name, objectType: "schema", privileges: p.schema }),
        grant("tables", { database, role, schema: schema.name, objectType: "table", privileges: p.tables }),
        grant("sequences", { database, role, schema: schema.name, objectType: "sequence", privileges: p.sequences }),
        grant("functions", { database, role, schema: schema.name, objectType: "function", privileges: p.functions }),
        defaults("tables", "table", p.tables),
        defaults("sequences", "sequence", p.sequences),
        defaults("functions", "function", p.functions),
    ];
}

/** PUBLIC's EXECUTE on the schema's functions, now and later, revoked. */
export function closeFunctions(ctx: LayerContext, owner: postgresql.Role, schema: postgresql.Schema, database: string): pulumi.Resource[] {
    const opts = { ...ctx.opts, dependsOn: [schema] };
    return [
        new postgresql.Grant(
            ctx.name("db-public-functions"),
            { database, role: PUBLIC_ROLE, schema: schema.name, objectType: "function", privileges: [] },
            opts,
        ),
        // No schema: the owner's global default, the only one that can take PUBLIC's EXECUTE away.
        new postgresql.DefaultPrivileges(
            ctx.name("db-public-default-functions"),
            { database, owner: owner.name, role: PUBLIC_ROLE, objectType: "function", privileges: [] },
            opts,
        ),
    ];
}
