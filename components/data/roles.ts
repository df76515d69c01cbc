/**
 * The tenant's LOGIN roles: the application role its workloads use, and the backup role the
 * platform's backup job uses. Neither owns anything, neither is a member of any role, and each has a
 * generated password that is a Pulumi secret from the moment it exists. The server is given only the
 * password's SCRAM-SHA-256 verifier (scram.ts), never the clear password; the workload's Secret
 * keeps the clear one. Timeouts come from the tier (`Tier.databaseRole`).
 */
import * as postgresql from "@pulumi/postgresql";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { LayerContext } from "../context";
import { BACKUP_CONNECTION_LIMIT } from "../model";
import { SCRAM_SALT_BYTES, scramVerifier } from "./scram";

export interface LoginRole {
    role: postgresql.Role;
    /** The clear password (secret), for the Secret the role's user reads. */
    password: pulumi.Output<string>;
    /** What the server stores (secret): the password's SCRAM-SHA-256 verifier. */
    verifier: pulumi.Output<string>;
}

/** No special characters: the password goes into connection strings and environment variables. */
export function generatedPassword(ctx: LayerContext, suffix: string): pulumi.Output<string> {
    const password = new random.RandomPassword(ctx.name(suffix), { length: 40, special: false }, ctx.opts);
    return pulumi.secret(password.result);
}

/** A random per-role salt (kept in state, so the verifier is stable) and the verifier of `password` (secret). */
export function passwordVerifier(ctx: LayerContext, suffix: string, password: pulumi.Output<string>): pulumi.Output<string> {
    const salt = new random.RandomBytes(ctx.name(suffix), { length: SCRAM_SALT_BYTES }, ctx.opts);
    return pulumi.secret(pulumi.all([password, salt.base64]).apply(([clear, base64]) => scramVerifier(clear, Buffer.from(base64, "base64"))));
}

/** Per-role session settings from the tier; the provider sets them with ALTER ROLE … SET. */
function sessionLimits(ctx: LayerContext) {
    const limits = ctx.tenant.tier.databaseRole;
    return { statementTimeout: limits.statementTimeoutMs, idleInTransactionSessionTimeout: limits.idleInTransactionSessionTimeoutMs };
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
    const verifier = passwordVerifier(ctx, "db-app-salt", password);
    const role = new postgresql.Role(
        ctx.name("db-app"),
        {
            ...UNPRIVILEGED,
            name: names.applicationRole,
            // archived: the role stays (so grants and audit trails keep their subject) but cannot log in.
            login: ctx.access.database !== "no-login",
            password: verifier,
            connectionLimit: ctx.tenant.tier.databaseConnectionLimit,
            ...sessionLimits(ctx),
            searchPaths: [names.schema],
            bypassRowLevelSecurity: false,
        },
        ctx.opts,
    );
    return { role, password, verifier };
}

/**
 * pg_dump turns row security off and fails on a table whose policies would hide rows from it, so the
 * backup role bypasses RLS. That reaches no further than its grants: SELECT on this one schema.
 */
export function createBackupRole(ctx: LayerContext, backupsRun: boolean): LoginRole {
    const names = ctx.tenant.names;
    const password = generatedPassword(ctx, "db-backup-password");
    const verifier = passwordVerifier(ctx, "db-backup-salt", password);
    const role = new postgresql.Role(
        ctx.name("db-backup"),
        {
            ...UNPRIVILEGED,
            name: names.backupRole,
            login: backupsRun,
            password: verifier,
            connectionLimit: BACKUP_CONNECTION_LIMIT,
            ...sessionLimits(ctx),
            searchPaths: [names.schema],
            bypassRowLevelSecurity: true,
        },
        ctx.opts,
    );
    return { role, password, verifier };
}
