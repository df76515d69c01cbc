/**
 * The plans of several stacks (the shards of an environment, or dev, staging and prod) as one
 * report: every tenant, resource, violation, warning and change tagged with its stack, the policy
 * verdicts summed, and the worst exit status. Pure: the same runs always give the same document.
 */
import type { PolicyVerdict, PolicyViolation } from "../../policy-pack/offline";
import type { PlanChanges, PlanWarning, ResourceChanges } from "./diff";
import type { PlanDocument, PlanResource, PlanTenant } from "./json";

export type ExitCode = 0 | 1 | 2;

/** One stack's run: its exit status, its plan when it wrote one, its error lines when it did not. */
export interface StackRun {
    stack: string;
    status: ExitCode;
    plan?: PlanDocument;
    /** What the run printed on stderr (invalid input: one problem a line). */
    errors?: string;
}

type Tagged<T> = T & { stack: string };

export interface MergedPlan {
    /** The environments planned, sorted (one with --all-shards). */
    environments: string[];
    /** Each stack planned, in the order given, with its exit status and size. */
    stacks: { stack: string; environment: string | null; status: ExitCode; tenants: number; resources: number; errors?: string }[];
    /** The worst exit status: 2 invalid input anywhere, else 1 a mandatory violation anywhere, else 0. */
    status: ExitCode;
    tenants: Tagged<PlanTenant>[];
    resources: Tagged<PlanResource>[];
    violations: Tagged<PolicyViolation>[];
    /** Per policy, summed over the stacks; the verdict is the worst of theirs. */
    verdicts: PolicyVerdict[];
    warnings: Tagged<PlanWarning>[];
    changes: {
        base: string | null;
        tenants: {
            added: { id: string; stack: string }[];
            removed: Tagged<PlanChanges["tenants"]["removed"][number]>[];
            renamed: Tagged<PlanChanges["tenants"]["renamed"][number]>[];
            changed: Tagged<PlanChanges["tenants"]["changed"][number]>[];
        };
        resources: Tagged<ResourceChanges>[];
    };
}

/** 2 beats 1 beats 0. */
export function worstStatus(statuses: readonly ExitCode[]): ExitCode {
    return statuses.reduce<ExitCode>((worst, s) => (s > worst ? s : worst), 0);
}

const VERDICT_RANK: Record<PolicyVerdict["verdict"], number> = { disabled: 0, pass: 1, warn: 2, fail: 3 };

function mergeVerdicts(lists: readonly (readonly PolicyVerdict[])[]): PolicyVerdict[] {
    const byPolicy = new Map<string, PolicyVerdict>();
    for (const list of lists) {
        for (const v of list) {
            const seen = byPolicy.get(v.policy);
            if (!seen) {
                byPolicy.set(v.policy, { ...v });
                continue;
            }
            seen.violations += v.violations;
            seen.notApplicable += v.notApplicable;
            if (VERDICT_RANK[v.verdict] > VERDICT_RANK[seen.verdict]) {
                seen.verdict = v.verdict;
                seen.enforcementLevel = v.enforcementLevel;
            }
        }
    }
    return [...byPolicy.values()];
}

export function mergePlans(runs: readonly StackRun[]): MergedPlan {
    const tag = <T extends object>(stack: string) => (item: T): Tagged<T> => ({ ...item, stack });
    const plans = runs.filter((r): r is StackRun & { plan: PlanDocument } => r.plan !== undefined);
    const all = <T extends object>(pick: (plan: PlanDocument) => readonly T[]): Tagged<T>[] => plans.flatMap((r) => pick(r.plan).map(tag<T>(r.stack)));
    const bases = [...new Set(plans.map((r) => r.plan.changes.base))];
    return {
        environments: [...new Set(plans.map((r) => r.plan.environment))].sort(),
        stacks: runs.map((r) => ({
            stack: r.stack,
            environment: r.plan?.environment ?? null,
            status: r.status,
            tenants: r.plan?.tenants.length ?? 0,
            resources: r.plan?.resources.length ?? 0,
            ...(r.plan === undefined && r.errors ? { errors: r.errors } : {}),
        })),
        status: worstStatus(runs.map((r) => r.status)),
        tenants: all((p) => p.tenants),
        resources: all((p) => p.resources),
        violations: all((p) => p.violations),
        verdicts: mergeVerdicts(plans.map((r) => r.plan.verdicts)),
        warnings: all((p) => p.warnings),
        changes: {
            base: bases.length === 1 ? bases[0] : (bases.find((b) => b !== null) ?? null),
            tenants: {
                added: plans.flatMap((r) => r.plan.changes.tenants.added.map((id) => ({ id, stack: r.stack }))),
                removed: all((p) => p.changes.tenants.removed),
                renamed: all((p) => p.changes.tenants.renamed),
                changed: all((p) => p.changes.tenants.changed),
            },
            resources: all((p) => p.changes.resources),
        },
    };
}
