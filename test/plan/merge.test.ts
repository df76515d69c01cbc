/** The plans of several stacks as one document: tagged items, summed verdicts, the worst status, the base. */
import { describe, expect, it } from "vitest";
import type { PlanDocument } from "../../scripts/plan/json";
import { mergePlans, worstStatus, type StackRun } from "../../scripts/plan/merge";
import { planDocument } from "./planDocument";

const doc = (over: Partial<PlanDocument> & Pick<PlanDocument, "stack" | "environment">): PlanDocument => planDocument(over);
const verdict = (policy: string, v: "pass" | "fail" | "warn" | "disabled", level: "advisory" | "mandatory" | "disabled", violations: number, notApplicable: number) => ({
    policy,
    description: `checks ${policy}`,
    enforcementLevel: level,
    verdict: v,
    violations,
    notApplicable,
});

describe("worstStatus", () => {
    it.each([
        [[], 0],
        [[0, 0], 0],
        [[0, 1, 0], 1],
        [[1, 2, 0], 2],
        [[2, 1], 2],
    ] as const)("%o → %i", (statuses, worst) => {
        expect(worstStatus(statuses)).toBe(worst);
    });
});

describe("mergePlans", () => {
    const prodA = doc({
        stack: "prod-a",
        environment: "prod",
        tenants: [{ id: "acme", tier: "business", status: "active", resources: 2 }],
        resources: [{ urn: "urn:a", type: "kubernetes:core/v1:Namespace", name: "tenant-acme", parent: null, tenant: "acme", inputs: {}, protect: true, retainOnDelete: false }],
        violations: [{ policy: "p1", enforcementLevel: "mandatory", urn: "urn:a", message: "too big" }],
        verdicts: [verdict("p1", "fail", "mandatory", 1, 0), verdict("p2", "pass", "advisory", 0, 1), verdict("p3", "warn", "advisory", 2, 0)],
        warnings: [{ kind: "shard-move", tenant: "acme", message: "moves" }],
        changes: {
            base: "main",
            tenants: {
                added: ["acme"],
                removed: [{ id: "gone", tier: "starter", status: "archived", resources: 1 }],
                renamed: [{ from: "old", to: "acme", reason: "same name and created_at" }],
                changed: [{ id: "acme", fields: [{ field: "tier", from: "starter", to: "business" }] }],
            },
            resources: [{ tenant: "acme", created: [], updated: [], deleted: [] }],
        },
    });
    const prodB = doc({
        stack: "prod-b",
        environment: "prod",
        tenants: [{ id: "globex", tier: "starter", status: "active", resources: 1 }],
        verdicts: [verdict("p1", "pass", "advisory", 0, 2), verdict("p2", "warn", "mandatory", 3, 0), verdict("p3", "pass", "mandatory", 0, 0), verdict("p4", "disabled", "disabled", 0, 0)],
        changes: { base: "main", tenants: { added: ["globex"], removed: [], renamed: [], changed: [] }, resources: [] },
    });
    const runs: StackRun[] = [
        { stack: "prod-a", status: 1, plan: prodA },
        { stack: "prod-broken", status: 2, errors: "tenants/x.yaml: id: is taken\n" },
        { stack: "prod-b", status: 0, plan: prodB },
        { stack: "prod-silent", status: 2 },
    ];

    it("tags every item with its stack, keeps the stacks in the order given and takes the worst status", () => {
        const merged = mergePlans(runs);
        expect(merged.environments).toEqual(["prod"]);
        expect(merged.status).toBe(2);
        expect(merged.stacks).toEqual([
            { stack: "prod-a", environment: "prod", status: 1, tenants: 1, resources: 1 },
            { stack: "prod-broken", environment: null, status: 2, tenants: 0, resources: 0, errors: "tenants/x.yaml: id: is taken\n" },
            { stack: "prod-b", environment: "prod", status: 0, tenants: 1, resources: 0 },
            { stack: "prod-silent", environment: null, status: 2, tenants: 0, resources: 0 },
        ]);
        expect(merged.tenants).toEqual([
            { id: "acme", tier: "business", status: "active", resources: 2, stack: "prod-a" },
            { id: "globex", tier: "starter", status: "active", resources: 1, stack: "prod-b" },
        ]);
        expect(merged.resources).toEqual([{ ...prodA.resources[0], stack: "prod-a" }]);
        expect(merged.violations).toEqual([{ policy: "p1", enforcementLevel: "mandatory", urn: "urn:a", message: "too big", stack: "prod-a" }]);
        expect(merged.warnings).toEqual([{ kind: "shard-move", tenant: "acme", message: "moves", stack: "prod-a" }]);
        expect(merged.changes).toEqual({
            base: "main",
            tenants: {
                added: [
                    { id: "acme", stack: "prod-a" },
                    { id: "globex", stack: "prod-b" },
                ],
                removed: [{ id: "gone", tier: "starter", status: "archived", resources: 1, stack: "prod-a" }],
                renamed: [{ from: "old", to: "acme", reason: "same name and created_at", stack: "prod-a" }],
                changed: [{ id: "acme", fields: [{ field: "tier", from: "starter", to: "business" }], stack: "prod-a" }],
            },
            resources: [{ tenant: "acme", created: [], updated: [], deleted: [], stack: "prod-a" }],
        });
    });

    it("sums each policy's counts and keeps the worst verdict with the level it ran at, first seen first", () => {
        expect(mergePlans(runs).verdicts).toEqual([
            verdict("p1", "fail", "mandatory", 1, 2),
            verdict("p2", "warn", "mandatory", 3, 1),
            verdict("p3", "warn", "advisory", 2, 0),
            verdict("p4", "disabled", "disabled", 0, 0),
        ]);
        // The stacks' own verdicts are not changed by merging.
        expect(prodA.verdicts[0]).toEqual(verdict("p1", "fail", "mandatory", 1, 0));
        expect(mergePlans([{ stack: "b", status: 0, plan: prodB }]).verdicts[3]).toEqual(verdict("p4", "disabled", "disabled", 0, 0));
        const disabledThenPass = mergePlans([
            { stack: "x", status: 0, plan: doc({ stack: "x", environment: "dev", verdicts: [verdict("p", "disabled", "disabled", 0, 0)] }) },
            { stack: "y", status: 0, plan: doc({ stack: "y", environment: "dev", verdicts: [verdict("p", "pass", "advisory", 0, 0)] }) },
        ]);
        expect(disabledThenPass.verdicts).toEqual([verdict("p", "pass", "advisory", 0, 0)]);
    });

    it("takes the one base, else the first that is not null, else none", () => {
        const withBase = (stack: string, base: string | null): StackRun => ({ stack, status: 0, plan: doc({ stack, environment: "dev", changes: { ...doc({ stack, environment: "dev" }).changes, base } }) });
        expect(mergePlans([withBase("a", null), withBase("b", "main")]).changes.base).toBe("main");
        expect(mergePlans([withBase("a", "origin/main"), withBase("b", "main")]).changes.base).toBe("origin/main");
        expect(mergePlans([withBase("a", null), withBase("b", null)]).changes.base).toBeNull();
        expect(mergePlans([]).changes.base).toBeNull();
        expect(mergePlans([withBase("a", "main")]).changes.base).toBe("main");
    });

    it("lists each environment once, sorted", () => {
        const run = (stack: string, environment: string): StackRun => ({ stack, status: 0, plan: doc({ stack, environment }) });
        expect(mergePlans([run("prod", "prod"), run("dev", "dev"), run("staging", "staging"), run("dev-b", "dev")]).environments).toEqual(["dev", "prod", "staging"]);
    });
});
