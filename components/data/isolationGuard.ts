/**
 * Refuses a deployment that moves a live tenant to the other isolation model (schema ↔ database)
 * without its file acknowledging it (`settings.database_isolation_change`): the move is a data
 * migration, never a side effect of a tier change. What was deployed comes from this stack's previous
 * `tenants` output (each tenant's `databaseIsolation`), read once by the removal guard. Pure.
 */
import { isolationChange, type IsolationModel, type ResolvedTenant } from "../model";

type Current = Pick<ResolvedTenant, "id" | "databaseIsolation" | "databaseIsolationChange" | "sourceFile">;

/** One message per live tenant whose model changes without the matching acknowledgment. */
export function isolationChangeProblems(previous: unknown, current: readonly Current[]): string[] {
    if (previous === null || typeof previous !== "object" || Array.isArray(previous)) return [];
    const deployed = previous as Record<string, unknown>;
    const problems: string[] = [];
    for (const tenant of current) {
        const summary = deployed[tenant.id];
        if (summary === null || typeof summary !== "object") continue;
        const { status, databaseIsolation } = summary as { status?: unknown; databaseIsolation?: unknown };
        // Deployed before the model was recorded: the schema model was the only one.
        const before: IsolationModel = databaseIsolation === "database" ? "database" : "schema";
        const change = isolationChange(before, tenant.databaseIsolation);
        if (!change || status === "archived" || tenant.databaseIsolationChange === change) continue;
        problems.push(
            `tenant "${tenant.id}" is deployed with the ${before} isolation model and ${tenant.sourceFile} now gives it the ${tenant.databaseIsolation} model: ` +
                `that is a data migration. Add settings.database_isolation_change: ${change} to acknowledge it (the ${before}'s schema is kept, ` +
                `nothing is dropped; migrate the data, docs/data.md), or keep settings.database_isolation: ${before} if the tier allows it.`,
        );
    }
    return problems;
}

export class IsolationChangeError extends Error {
    constructor(readonly problems: string[]) {
        super(`refusing to deploy: ${problems.length} isolation model change${problems.length === 1 ? "" : "s"} not acknowledged:\n${problems.map((p) => `  ${p}`).join("\n")}`);
        this.name = "IsolationChangeError";
    }
}
