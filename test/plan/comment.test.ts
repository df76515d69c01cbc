/**
 * The pull-request comment at scale, on synthetic plan documents (built here, not by running the
 * program): 2,000 tenants in each of dev, staging and prod, first deployment and a shared change.
 */
import { describe, expect, it } from "vitest";
import type { PlanDocument } from "../../scripts/plan/json";
import type { ResourceChanges, ResourceRef } from "../../scripts/plan/diff";
import { COMMENT_MARKER, renderComment } from "../../scripts/plan/comment";
import { mergePlans, worstStatus, type StackRun } from "../../scripts/plan/merge";

const TIERS = ["community", "starter", "business", "enterprise"];
const STATUSES = ["active", "suspended", "archived"];
const ids = (n: number) => Array.from({ length: n }, (_, i) => `tenant-${String(i).padStart(4, "0")}`);

const ref = (stack: string, tenant: string, i: number, extra: Partial<ResourceRef> = {}): ResourceRef => ({
    urn: `urn:pulumi:${stack}::stoa-tenancy::kubernetes:core/v1:ConfigMap::${tenant}-r${i}`,
    type: i === 0 ? "kubernetes:core/v1:Namespace" : "kubernetes:core/v1:ConfigMap",
    name: `${tenant}-r${i}`,
    protect: i === 0,
    retainOnDelete: false,
    ...extra,
});

/** A plan of `tenants` in one stack: every tenant created (no base), or each updated by a shared change. */
function syntheticPlan(stack: string, tenants: string[], mode: "first" | "shared"): PlanDocument {
    const resources: ResourceChanges[] = tenants.map((t, n) => {
        const perTenant = 60 + (n % TIERS.length) * 5;
        const refs = Array.from({ length: perTenant }, (_, i) => ref(stack, t, i));
        return mode === "first"
            ? { tenant: t, created: refs, updated: [], deleted: [] }
            : { tenant: t, created: [], updated: refs.slice(0, 3).map((r) => ({ ...r, inputs: ["metadata"], options: [] })), deleted: [] };
    });
    return {
        stack,
        environment: stack,
        tenants: tenants.map((id, n) => ({ id, tier: TIERS[n % TIERS.length], status: STATUSES[n % STATUSES.length], resources: 60 + (n % TIERS.length) * 5 })),
        resources: [],
        violations: [],
        verdicts: [{ policy: "namespace-labels", description: "Tenant namespaces carry their labels", enforcementLevel: "mandatory", verdict: "pass", violations: 0, notApplicable: 0 }],
        warnings: [],
        changes: {
            base: mode === "first" ? null : "origin/main",
            tenants: { added: mode === "first" ? [...tenants] : [], removed: [], renamed: [], changed: [] },
            resources,
        },
    };
}

const STACKS = ["dev", "staging", "prod"];
const runs = (mode: "first" | "shared", count = 2000): StackRun[] => STACKS.map((stack) => ({ stack, status: 0, plan: syntheticPlan(stack, ids(count), mode) }));

describe("the comment at 2,000 tenants in three stacks", () => {
    it("stays under GitHub's 65,536 characters on a first deployment, and says what it left out", () => {
        const comment = renderComment(mergePlans(runs("first")), { detailsUrl: "https://github.example/run/1" });
        expect(comment.length).toBeLessThan(65_536);
        expect(comment.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
        expect(comment).toContain("3 stacks, exit 0 · 6000 tenants");
        expect(comment).toContain("[the full plans](https://github.example/run/1)");
        // The same change in every stack is one row per change signature, not one per tenant and stack.
        const rows = comment.split("\n").filter((l) => l.startsWith("| added"));
        expect(rows).toHaveLength(4);
        expect(rows[0]).toBe("| added | 60 / 0 / 0 | every stack | 500: `tenant-0000`, `tenant-0004`, `tenant-0008`, `tenant-0012`, `tenant-0016`, `tenant-0020`, `tenant-0024`, `tenant-0028`, `tenant-0032`, `tenant-0036`, `tenant-0040`, `tenant-0044` +488 more |");
        // No per-resource lists for ordinary creates.
        expect(comment).not.toContain("ConfigMap");
    });

    it("shows a shared change once for every stack, under the limit", () => {
        const comment = renderComment(mergePlans(runs("shared")));
        expect(comment.length).toBeLessThan(65_536);
        expect(comment.split("\n").filter((l) => l.startsWith("| unchanged | 0 / 3 / 0 | every stack | 2000:"))).toHaveLength(1);
        expect(comment).toContain("resources 0 to create, 18000 to update, 0 to delete");
    });

    it("details unusual changes only (deletes, protection changes), and cuts them at the limit with a pointer", () => {
        const all = runs("shared");
        // In prod, 300 tenants each lose a protected namespace and a ConfigMap loses retainOnDelete.
        const prod = all[2].plan!;
        for (const group of prod.changes.resources.slice(0, 300)) {
            group.deleted = [ref("prod", group.tenant!, 0)];
            group.updated = [{ ...ref("prod", group.tenant!, 1, { retainOnDelete: false }), inputs: [], options: ["retainOnDelete"] }];
        }
        const comment = renderComment(mergePlans(all), { detailsUrl: "https://github.example/run/2" });
        expect(comment.length).toBeLessThan(65_536);
        expect(comment).toContain("### Unusual changes (deletes, protection, retention)");
        expect(comment).toContain("- `tenant-0000` in `prod`:\n  - delete `kubernetes:core/v1:Namespace`: `tenant-0000-r0` **(protected)**\n  - `kubernetes:core/v1:ConfigMap` `tenant-0000-r1`: option `retainOnDelete: true → false`");
        // Tenants without an unusual change get no details.
        expect(comment).not.toContain("- `tenant-0300` in");
        expect(comment).toContain("_Left out here: see [the full plans](https://github.example/run/2)");
    });

    it("stays under a smaller limit too, and never cuts a line in half", () => {
        const comment = renderComment(mergePlans(runs("first", 200)), { limit: 3000 });
        expect(comment.length).toBeLessThanOrEqual(3000);
        for (const line of comment.split("\n").filter((l) => l.startsWith("|"))) expect(line.endsWith("|")).toBe(true);
    });
});

describe("merging stack runs", () => {
    it("takes the worst exit status: 2 over 1 over 0", () => {
        expect(worstStatus([0, 1, 0])).toBe(1);
        expect(worstStatus([1, 2, 0])).toBe(2);
        expect(worstStatus([])).toBe(0);
    });

    it("keeps a stack with invalid input in the report with its problems", () => {
        const merged = mergePlans([
            { stack: "prod-a", status: 2, errors: "tenants/x.yaml: tier: must be one of community, starter, business, enterprise (line 4, column 7)\n" },
            { stack: "prod-b", status: 0, plan: syntheticPlan("prod-b", ids(3), "first") },
        ]);
        expect(merged.status).toBe(2);
        expect(merged.stacks.map((s) => [s.stack, s.status, s.tenants])).toEqual([
            ["prod-a", 2, 0],
            ["prod-b", 0, 3],
        ]);
        const comment = renderComment(merged);
        expect(comment).toContain("#### `prod-a`: invalid input (exit 2)\n\n```text\ntenants/x.yaml: tier: must be one of");
    });
});
