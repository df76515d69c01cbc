/** Small helpers shared by the Markdown and the terminal summary, so both always count the same way. */
import type { PolicyViolation } from "../../policy-pack/offline";
import type { ResourceChanges, ResourceUpdate } from "./diff";
import type { PlanDocument, PlanResource } from "./json";

export interface ChangeCounts {
    create: number;
    update: number;
    delete: number;
}

export function plural(count: number, word: string, many = `${word}s`): string {
    return `${count} ${count === 1 ? word : many}`;
}

export function countChanges(groups: readonly ResourceChanges[]): ChangeCounts {
    return groups.reduce((sum, g) => ({ create: sum.create + g.created.length, update: sum.update + g.updated.length, delete: sum.delete + g.deleted.length }), {
        create: 0,
        update: 0,
        delete: 0,
    });
}

export function changesOf(plan: PlanDocument, tenant: string | null): ResourceChanges {
    return plan.changes.resources.find((g) => g.tenant === tenant) ?? { tenant, created: [], updated: [], deleted: [] };
}

export function violationCounts(violations: readonly PolicyViolation[]): Record<PolicyViolation["enforcementLevel"], number> {
    const counts = { mandatory: 0, remediate: 0, advisory: 0, disabled: 0 };
    for (const v of violations) counts[v.enforcementLevel]++;
    return counts;
}

/** `tenant · type name` of the resource a violation names, or "(stack)" for stack-wide ones. */
export function violationTarget(plan: PlanDocument, urn: string | null): { tenant: string | null; type: string; name: string } | null {
    if (urn === null) return null;
    const resource: PlanResource | undefined = plan.resources.find((r) => r.urn === urn);
    if (resource) return { tenant: resource.tenant, type: resource.type, name: resource.name };
    const parts = urn.split("::");
    return { tenant: null, type: (parts[2] ?? "").split("$").pop() ?? "", name: parts[3] ?? urn };
}

/** One line per tenant: what it is now (or was, when removed) and how many resources change. */
export interface TenantRow {
    id: string;
    tier: string;
    status: string;
    resources: number;
    gateways?: string[];
    change: "added" | "removed" | "changed" | "unchanged";
    counts: ChangeCounts;
}

export function tenantRows(plan: PlanDocument): TenantRow[] {
    const { added, changed, removed } = plan.changes.tenants;
    const count = (id: string) => countChanges([changesOf(plan, id)]);
    const rows: TenantRow[] = plan.tenants.map((t) => ({
        ...t,
        change: added.includes(t.id) ? "added" : changed.some((c) => c.id === t.id) ? "changed" : "unchanged",
        counts: count(t.id),
    }));
    rows.push(...removed.map((t) => ({ ...t, resources: 0, change: "removed" as const, counts: count(t.id) })));
    return rows.sort((a, b) => a.id.localeCompare(b.id));
}

/** Resources grouped by type, in first-seen order, so a list reads `type ×3: a, b, c`. */
export function groupByType<T extends { type: string }>(resources: readonly T[]): { type: string; items: T[] }[] {
    const groups = new Map<string, T[]>();
    for (const r of resources) groups.set(r.type, [...(groups.get(r.type) ?? []), r]);
    return [...groups.entries()].map(([type, items]) => ({ type, items }));
}

/** The exit status the plan implies: 1 when any violation is mandatory. */
export function exitStatus(plan: PlanDocument): 0 | 1 {
    return plan.violations.some((v) => v.enforcementLevel === "mandatory") ? 1 : 0;
}

/** "23 policies: 21 pass, 1 fail, 1 warn" (only the verdicts that occur, in that order). */
export function verdictCounts(plan: Pick<PlanDocument, "verdicts">): string {
    const order = ["pass", "fail", "warn", "disabled"] as const;
    const parts = order.map((v) => [v, plan.verdicts.filter((x) => x.verdict === v).length] as const).filter(([, n]) => n > 0);
    return `${plural(plan.verdicts.length, "policy", "policies")}: ${parts.map(([v, n]) => `${n} ${v}`).join(", ")}`;
}

/** `protect: true → false`: which way an option changes (the update carries the new value; options are booleans). */
export function optionChange(update: Pick<ResourceUpdate, "protect" | "retainOnDelete">, option: string): string {
    const now = option === "protect" ? update.protect : update.retainOnDelete;
    return `${option}: ${String(!now)} → ${String(now)}`;
}
