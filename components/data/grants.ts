/**
 * A role's privileges on its tenant's schema only: CONNECT on the database, USAGE on the schema,
 * privileges on every existing table and sequence, and default privileges so that the tables and
 * sequences the owner creates later carry the same privileges. Nothing here names another schema.
 */
import * as postgresql from "@pulumi/postgresql";
import type * as pulumi from "@pulumi/pulumi";
import type { LayerContext } from "../context";
import type { RolePrivileges } from "./privileges";

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
): pulumi.Resource[] {
    const database = ctx.stack.database;
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
        defaults("tables", "table", p.tables),
        defaults("sequences", "sequence", p.sequences),
    ];
}
