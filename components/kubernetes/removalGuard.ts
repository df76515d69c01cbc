/**
 * Refuses a deployment that would drop a tenant that is not archived (its file removed, or renamed:
 * ids are immutable, so a rename is a removal plus a new tenant), or whose id is not in
 * tenants/retired.yaml: its data is retained, and a later tenant given the same id would adopt it.
 * The namespace's `protect` already makes the engine refuse to delete a live tenant; this guard says
 * why, names the tenant and the way out, and stops the program before any resource is registered.
 *
 * What was deployed comes from this stack's own previous outputs (`tenants`: id → { status, … }).
 */
import * as pulumi from "@pulumi/pulumi";
import type { TenantStatus } from "../model";

/** The stack output the guard reads: the program's per-tenant summaries, keyed by tenant id. */
export const TENANTS_OUTPUT = "tenants";

export interface CurrentTenant {
    id: string;
    status: TenantStatus;
}

/** The previous `tenants` output as id → status; anything unreadable counts as "not archived". */
export function previousStatuses(previous: unknown): Map<string, string | undefined> {
    const statuses = new Map<string, string | undefined>();
    if (previous === null || typeof previous !== "object" || Array.isArray(previous)) return statuses;
    for (const [id, summary] of Object.entries(previous as Record<string, unknown>)) {
        const status = summary !== null && typeof summary === "object" ? (summary as { status?: unknown }).status : undefined;
        statuses.set(id, typeof status === "string" ? status : undefined);
    }
    return statuses;
}

/**
 * One message per tenant that was deployed and has no tenant file any more, unless it was archived
 * at that deployment and its id is now retired (`retired`: the ids of tenants/retired.yaml).
 */
export function removalProblems(previous: unknown, current: readonly CurrentTenant[], retired: ReadonlySet<string>, movedAway: ReadonlySet<string> = new Set()): string[] {
    // A tenant moved to another shard explicitly (shards.yaml `moved_from`) leaves by `pulumi state move`, not by deletion.
    const present = new Set([...current.map((t) => t.id), ...movedAway]);
    const problems: string[] = [];
    for (const [id, status] of [...previousStatuses(previous)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        if (present.has(id)) continue;
        if (status !== "archived") {
            problems.push(
                `tenant "${id}" is deployed with status ${status ?? "(unknown)"} but its file is gone (removed or renamed). ` +
                    `Its namespace and data are protected. To remove it: restore tenants/${id}.yaml, set status: archived and archived_at, ` +
                    `deploy, then remove the file and add "${id}" to tenants/retired.yaml in the same change. ` +
                    `Tenant ids are immutable: to rename, add a new tenant and archive this one.`,
            );
        } else if (!retired.has(id)) {
            problems.push(
                `tenant "${id}" was archived and its file is gone, but "${id}" is not in tenants/retired.yaml. Its data is retained, ` +
                    `and a later tenant given the id "${id}" would adopt it. Add "${id}" to tenants/retired.yaml (id, retired_at, reason) ` +
                    `in the same change that removes tenants/${id}.yaml.`,
            );
        }
    }
    return problems;
}

export class TenantRemovalError extends Error {
    constructor(readonly problems: string[]) {
        super(`refusing to deploy: ${problems.length} tenant${problems.length === 1 ? "" : "s"} would be dropped without being archived and retired first:\n${problems.map((p) => `  ${p}`).join("\n")}`);
        this.name = "TenantRemovalError";
    }
}

/** This stack, as a StackReference name: `<organization>/<project>/<stack>`. */
export function currentStackName(): string {
    return `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
}

/**
 * Reads this stack's previous `tenants` output and throws a TenantRemovalError when a tenant would
 * be dropped that is live or not retired. A stack never deployed has no outputs: nothing refused.
 * Returns that output, for the other checks against the previous deployment.
 */
export async function guardTenantRemovals(current: readonly CurrentTenant[], retired: ReadonlySet<string>, movedAway: ReadonlySet<string> = new Set()): Promise<unknown> {
    const self = new pulumi.StackReference("previous-deployment", { name: currentStackName() });
    const details = await self.getOutputDetails(TENANTS_OUTPUT);
    const previous: unknown = details.value ?? details.secretValue;
    const problems = removalProblems(previous, current, retired, movedAway);
    if (problems.length > 0) throw new TenantRemovalError(problems);
    return previous;
}
