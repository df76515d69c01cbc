/**
 * The SQL of the two things the postgresql provider cannot do for a tenant's roles, as pure strings
 * (run by `PostgresqlStatements`, statements.ts):
 * - `temp_file_limit` per role from the tier: a superuser-only setting, so the role can neither lift
 *   it for its session nor change it with `ALTER ROLE` (it caps the temporary files a query may spill,
 *   whatever `work_mem` the role sets for itself);
 * - ending the sessions of a tenant's login roles when the tenant is suspended or archived: privileges
 *   are checked per statement, but an open session keeps what it already holds (LISTEN registrations,
 *   NOTIFY, locks, an open transaction), and an archived role's NOLOGIN stops new logins only.
 */
import type { TenantStatus } from "../model";

export function quoteIdent(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(value: string): string {
    return `'${value.replace(/'/g, "''")}'`;
}

export function tempFileLimitStatements(roles: readonly string[], limit: string): string[] {
    return roles.map((role) => `ALTER ROLE ${quoteIdent(role)} SET temp_file_limit = ${quoteLiteral(limit)}`);
}

/** Nothing for an active tenant; for the others, every session of its login roles ends (pg_terminate_backend). */
export function endSessionStatements(status: TenantStatus, roles: readonly string[]): string[] {
    if (status === "active") return [];
    return [
        `SELECT pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity WHERE usename IN (${roles.map(quoteLiteral).join(", ")}) AND pid <> pg_backend_pid()`,
    ];
}
