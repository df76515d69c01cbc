import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { previousStatuses, removalProblems, TenantRemovalError } from "../../components/kubernetes/removalGuard";
import { previousStackOutputs } from "../../scripts/offline/mocks";
import { LIFECYCLE_TENANTS_DIR, TYPES, runStack, tenantFolder, yamlFiles } from "./helpers";

const RETIRED_DELTA = "retired:\n  - id: delta\n    retired_at: 2026-10-01T00:00:00Z\n    reason: contract ended\n";
const summary = (status: string) => ({ status, tier: "business", namespace: "tenant-x" });

describe("removalProblems", () => {
    const none = new Set<string>();
    it.each([
        ["nothing deployed before", undefined, [], none, 0],
        ["same tenants", { a: summary("active") }, [{ id: "a", status: "active" }], none, 0],
        ["an archived and retired tenant removed", { a: summary("archived") }, [], new Set(["a"]), 0],
        ["an archived tenant removed, id not retired", { a: summary("archived") }, [], none, 1],
        ["an archived tenant removed, another id retired", { a: summary("archived") }, [], new Set(["b"]), 1],
        ["a new tenant added", {}, [{ id: "b", status: "active" }], none, 0],
        ["an active tenant removed", { a: summary("active") }, [], none, 1],
        ["an active tenant removed, even with its id retired", { a: summary("active") }, [], new Set(["a"]), 1],
        ["a suspended tenant removed", { a: summary("suspended") }, [], none, 1],
        ["a renamed tenant (old id gone, new id present)", { old: summary("active") }, [{ id: "new", status: "active" }], none, 1],
        ["two live tenants removed, the archived one retired", { a: summary("active"), b: summary("suspended"), c: summary("archived") }, [], new Set(["c"]), 2],
        ["a previous entry without a readable status", { a: {} }, [], new Set(["a"]), 1],
        ["previous outputs that are not an object", "garbage", [], none, 0],
    ] as const)("%s", (_label, previous, current, retired, count) => {
        expect(removalProblems(previous, current, retired)).toHaveLength(count);
    });

    it("names the tenant, its status and the way out", () => {
        const [message] = removalProblems({ globex: summary("suspended") }, [], none);
        expect(message).toContain('tenant "globex"');
        expect(message).toContain("suspended");
        expect(message).toContain("status: archived");
        expect(message).toMatch(/deploy, then remove the file and add "globex" to tenants\/retired\.yaml in the same change/);
    });

    it("an archived tenant whose id is not retired: says why and what to add", () => {
        const [message] = removalProblems({ initech: summary("archived") }, [], none);
        expect(message).toContain('tenant "initech" was archived and its file is gone');
        expect(message).toContain('Add "initech" to tenants/retired.yaml');
        expect(message).toMatch(/would adopt it/);
    });

    it("reports in id order, and archived entries are read as archived", () => {
        const problems = removalProblems({ zulu: summary("active"), alpha: summary("active") }, [], none);
        expect(problems[0]).toContain('"alpha"');
        expect(problems[1]).toContain('"zulu"');
        expect(previousStatuses({ a: summary("archived"), b: 3 })).toEqual(new Map([["a", "archived"], ["b", undefined]]));
    });

    it("the error lists every problem", () => {
        const error = new TenantRemovalError(["one", "two"]);
        expect(error.message).toMatch(/2 tenants would be dropped/);
        expect(error.message).toContain("  one\n  two");
    });
});

describe("removal guard wiring (StackReference to this stack, under the mocks)", () => {
    const self = "organization/stoa-tenancy/dev";
    afterEach(() => previousStackOutputs.clear());

    // alpha (business) and charlie (enterprise) were deployed with their tiers' database isolation model.
    const previousFromFixtures = {
        alpha: { ...summary("active"), databaseIsolation: "database" },
        bravo: summary("active"),
        charlie: { ...summary("suspended"), databaseIsolation: "database" },
        delta: summary("archived"),
    };

    it("reads the previous tenants output of this very stack and passes when nothing live is dropped", async () => {
        previousStackOutputs.set(self, { tenants: previousFromFixtures });
        // delta (archived) is gone and its id retired: allowed.
        const dir = tenantFolder(yamlFiles(LIFECYCLE_TENANTS_DIR).filter((f) => path.basename(f) !== "delta.yaml"), { "retired.yaml": RETIRED_DELTA });
        const run = await runStack("dev", dir, { removalGuard: true });
        const refs = run.resources.filter((r) => r.type === TYPES.stackReference);
        expect(refs).toHaveLength(1);
        expect(refs[0].inputs.name).toBe(self);
        expect(run.resources.some((r) => r.type === "stoa:tenancy:TenantIsolation" && r.name === "delta")).toBe(false);
    });

    it("refuses to run when an archived tenant's file is gone but its id is not retired", async () => {
        previousStackOutputs.set(self, { tenants: previousFromFixtures });
        const dir = tenantFolder(yamlFiles(LIFECYCLE_TENANTS_DIR).filter((f) => path.basename(f) !== "delta.yaml"));
        await expect(runStack("dev", dir, { removalGuard: true })).rejects.toThrow(/tenant "delta" was archived and its file is gone, but "delta" is not in tenants\/retired\.yaml/);
    });

    it("refuses to run when a live tenant's file is gone", async () => {
        previousStackOutputs.set(self, { tenants: previousFromFixtures });
        const dir = tenantFolder(yamlFiles(LIFECYCLE_TENANTS_DIR).filter((f) => path.basename(f) !== "charlie.yaml"));
        await expect(runStack("dev", dir, { removalGuard: true })).rejects.toThrow(/tenant "charlie" is deployed with status suspended but its file is gone/);
    });

    it("a first deployment (no previous outputs) passes", async () => {
        const run = await runStack("dev", LIFECYCLE_TENANTS_DIR, { removalGuard: true });
        expect(run.resources.filter((r) => r.type === TYPES.stackReference)).toHaveLength(1);
        expect(run.resources.filter((r) => r.type === "stoa:tenancy:TenantIsolation")).toHaveLength(4);
    });

    it("is off when the stack config says so: no StackReference, no refusal", async () => {
        previousStackOutputs.set(self, { tenants: { ...previousFromFixtures, gone: summary("active") } });
        const run = await runStack("dev", LIFECYCLE_TENANTS_DIR, { removalGuard: false });
        expect(run.resources.filter((r) => r.type === TYPES.stackReference)).toHaveLength(0);
    });

    it("the previous outputs it reads are the ones this program writes (the tenants output carries each status)", async () => {
        const first = await runStack("dev", LIFECYCLE_TENANTS_DIR);
        previousStackOutputs.set(self, first.outputs);
        const dir = tenantFolder(yamlFiles(LIFECYCLE_TENANTS_DIR).filter((f) => path.basename(f) !== "alpha.yaml"));
        await expect(runStack("dev", dir, { removalGuard: true })).rejects.toThrow(/tenant "alpha" is deployed with status active/);
    });
});
