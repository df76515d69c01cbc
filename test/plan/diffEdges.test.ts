/** The comparison's edges: no rename by name alone when neither file has a `created_at`, and the platform's changes after every tenant's. */
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
    it("pairs no tenants by the same name when neither has a created_at", () => {
        expect(findRenames(["old"], ["new"], files({ id: "old", name: "Acme", tier: "starter" }), files({ id: "new", name: "Acme", tier: "business" }))).toEqual([]);
    });
});

describe("resourceChanges", () => {
    it("puts the platform's changes after every tenant's, even when the platform's resource comes first", () => {
        const groups = resourceChanges([], [resource("platform-settings", null), resource("acme-settings", "acme")]);
        expect(groups.map((g) => [g.tenant, g.created.map((r) => r.name)])).toEqual([
            ["acme", ["acme-settings"]],
            [null, ["platform-settings"]],
        ]);
    });
});
