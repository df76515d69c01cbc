/**
 * The tenant's LOGIN roles: the application role its workloads use, and the backup role the
 * platform's backup job uses. Neither owns anything, neither is a member of any role, and each has a
 * generated password that is a Pulumi secret from the moment it exists.
 */
import * as postgresql from "@pulumi/postgresql";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { LayerContext } from "../context";

export interface LoginRole {
    role: postgresql.Role;
    password: pulumi.Output<string>;
}

/** No special characters: the password goes into connection strings and environment variables. */
export function generatedPassword(ctx: LayerContext, suffix: string): pulumi.Output<string> {
    const password = new random.RandomPassword(ctx.name(suffix), { length: 40, special: false }, ctx.opts);
    return pulumi.secret(password.result);
}

/** Attributes every tenant login role has, whatever its job: nothing beyond its own grants. */
const UNPRIVILEGED = {
    superuser: false,
    createDatabase: false,
    createRole: false,
    replication: false,
    // No memberships, and none would be inherited if one were ever added by hand.
    inherit: false,
    roles: [] as string[],
};

export function createApplicationRole(ctx: LayerContext): LoginRole {
    const names = ctx.tenant.names;
    const password = generatedPassword(ctx, "db-app-password");
    const role = new postgresql.Role(
        ctx.name("db-app"),
        {
            ...UNPRIVILEGED,
            name: names.applicationRole,
            // archived: the role stays (so grants and audit trails keep their subject) but cannot log in.
            login: ctx.access.database !== "no-login",
            password,
            connectionLimit: ctx.tenant.tier.databaseConnectionLimit,
            searchPaths: [names.schema],
            bypassRowLevelSecurity: false,
        },
        ctx.opts,
    );
    return { role, password };
}

/**
 * pg_dump turns row security off and fails on a table whose policies would hide rows from it, so the
 * backup role bypasses RLS. That reaches no further than its grants: SELECT on this one schema.
 */
export function createBackupRole(ctx: LayerContext, backupsRun: boolean): LoginRole {
    const names = ctx.tenant.names;
    const password = generatedPassword(ctx, "db-backup-password");
    const role = new postgresql.Role(
        ctx.name("db-backup"),
        {
            ...UNPRIVILEGED,
            name: names.backupRole,
            login: backupsRun,
            password,
            connectionLimit: 2,
            searchPaths: [names.schema],
            bypassRowLevelSecurity: true,
        },
        ctx.opts,
    );
    return { role, password };
}
