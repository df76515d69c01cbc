/**
 * The server's connection capacity against the tenants' connection limits: every login role of every
 * tenant may open its CONNECTION LIMIT at once, and together they must fit in what the server accepts
 * beside its reserved slots, or one tenant that opens all of its connections locks the others (and the
 * backups) out. A pure set-level check: the program refuses the whole tenant set before any resource exists.
 */
import * as path from "node:path";
import type { TenantFileError } from "./problems";
import type { ResolvedTenant } from "./resolve";
import type { StackConfig } from "./stackConfig";

/** pg_dump needs one connection; one more for a retry that overlaps a dying session. */
export const BACKUP_CONNECTION_LIMIT = 2;

export interface TenantConnections {
    id: string;
    application: number;
    backup: number;
}

/** What a tenant's login roles may open together: nothing once archived (both roles are NOLOGIN). */
export function tenantConnections(tenant: Pick<ResolvedTenant, "id" | "status" | "tier">): TenantConnections {
    if (tenant.status === "archived") return { id: tenant.id, application: 0, backup: 0 };
    return { id: tenant.id, application: tenant.tier.databaseConnectionLimit, backup: BACKUP_CONNECTION_LIMIT };
}

/** One problem, naming every tenant that holds connections and its numbers, when the sum is above `databaseConnectionCapacity`. */
export function connectionCapacityProblems(
    stack: Pick<StackConfig, "databaseConnectionCapacity">,
    tenants: readonly Pick<ResolvedTenant, "id" | "status" | "tier" | "sourceFile">[],
): TenantFileError[] {
    const counts = tenants.map(tenantConnections).filter((c) => c.application + c.backup > 0);
    const total = counts.reduce((sum, c) => sum + c.application + c.backup, 0);
    if (total <= stack.databaseConnectionCapacity) return [];
    const detail = [...counts]
        .sort((a, b) => b.application + b.backup - (a.application + a.backup) || a.id.localeCompare(b.id))
        .map((c) => `${c.id} ${c.application + c.backup} (application ${c.application} + backup ${c.backup})`)
        .join(", ");
    return [
        {
            file: tenants.length > 0 ? path.dirname(tenants[0].sourceFile) : ".",
            field: "(tenant set)",
            message: `the tenants' PostgreSQL roles may open ${total} connections together, more than stoa-tenancy:databaseConnectionCapacity (${stack.databaseConnectionCapacity}): ${detail}; lower a tenant's tier or raise the server's capacity`,
        },
    ];
}
