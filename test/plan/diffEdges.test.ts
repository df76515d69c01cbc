/**
 * The comparison's edges: renames paired in id order, ids without a file skipped, no rename by name
 * alone when neither file has a `created_at`; changed inputs sorted; the platform's changes last.
 */
import { describe, expect, it } from "vitest";
import { findRenames, resourceChanges } from "../../scripts/plan/diff";
import type { PlanResource } from "../../scripts/plan/json";

const files = (...tenants: Record<string, unknown>[]) => new Map(tenants.map((t) => [String(t.id), { file: `${String(t.id)}.yaml`, data: t }]));
const resource = (name: string, tenant: string | null): PlanResource => ({
    urn: `urn:pulumi:dev::stoa-tenancy::kubernetes:core/v1:ConfigMap::${name}`,
    type: "kubernetes:core/v1:ConfigMap",
    name,
    parent: null,
    tenant,
    protect: false,
    retainOnDelete: false,
    inputs: {},
});

describe("findRenames", () => {
    it("pairs in id order whatever order it is given, and skips ids without a file", () => {
        const old = { name: "Acme", created_at: "2025-01-01T00:00:00Z", tier: "starter" };
        const base = files({ ...old, id: "alpha" }, { ...old, id: "zeta" });
        const head = files({ ...old, id: "new", tier: "business" }, { ...old, id: "next", tier: "business" });
        expect(findRenames(["zeta", "alpha", "ghost"], ["next", "new", "absent"], base, head)).toEqual([
            { from: "alpha", to: "new", reason: "same name and created_at" },
            { from: "zeta", to: "next", reason: "same name and created_at" },
        ]);
    });

    it("pairs no tenants by the same name when neither has a created_at", () => {
        expect(findRenames(["old"], ["new"], files({ id: "old", name: "Acme", tier: "starter" }), files({ id: "new", name: "Acme", tier: "business" }))).toEqual([]);
    });
});

describe("resourceChanges", () => {
    it("names the changed inputs in sorted order", () => {
        const before = { ...resource("acme-settings", "acme"), inputs: { metadata: 1, data: 1 } };
        const after = { ...before, inputs: { metadata: 2, data: 2 } };
        expect(resourceChanges([before], [after])[0].updated.map((u) => u.inputs)).toEqual([["data", "metadata"]]);
    });

    it("puts the platform's changes after every tenant's, even when the platform's resource comes first", () => {
        const groups = resourceChanges([], [resource("platform-settings", null), resource("acme-settings", "acme")]);
        expect(groups.map((g) => [g.tenant, g.created.map((r) => r.name)])).toEqual([
            ["acme", ["acme-settings"]],
            [null, ["platform-settings"]],
        ]);
    });
});
