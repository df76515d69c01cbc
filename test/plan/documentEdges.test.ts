/**
 * The plan document's rarer cases: violations that name no resource ordered by message, a violation
 * whose URN is not one, a changed field whose new value is missing in the Markdown, several changed
 * tenants, advisory violations only, a headline without renames, and no change list without a base.
 */
import { describe, expect, it } from "vitest";
import type { PolicyViolation } from "../../policy-pack/offline";
import { exitStatus, tenantRows, violationTarget } from "../../scripts/plan/format";
import { sortViolations } from "../../scripts/plan/json";
import { renderMarkdown } from "../../scripts/plan/markdown";
import { renderSummary } from "../../scripts/plan/summary";
import { planDocument } from "./planDocument";

const doc = planDocument;

describe("sortViolations", () => {
    const v = (urn: string | null, message: string): PolicyViolation => ({ policy: "p", enforcementLevel: "mandatory", urn, message });

    it("orders the violations of one policy that name no resource by message, before those that do", () => {
        const sorted = sortViolations([v(null, "a"), v(null, "b"), v(null, "c"), v("urn:1", "a")]);
        expect(sorted.map((x) => `${x.urn ?? "-"} ${x.message}`)).toEqual(["- a", "- b", "- c", "urn:1 a"]);
    });
});

describe("violationTarget", () => {
    it("takes a URN it cannot split as the name, with no tenant and no type", () => {
        expect(violationTarget(doc({}), "not-a-urn")).toEqual({ tenant: null, type: "", name: "not-a-urn" });
    });

    it("takes type and name from a URN of a resource the plan does not hold", () => {
        expect(violationTarget(doc({}), "urn:pulumi:s1::stoa-tenancy::stoa:tenancy:TenantIsolation$kubernetes:core/v1:ConfigMap::gone")).toEqual({
            tenant: null,
            type: "kubernetes:core/v1:ConfigMap",
            name: "gone",
        });
    });
});

describe("tenantRows", () => {
    it("marks every changed tenant changed, not only when it is the only one", () => {
        const plan = doc({
            tenants: ["acme", "globex", "hooli"].map((id) => ({ id, tier: "starter", status: "active", resources: 0 })),
            changes: {
                base: "main",
                tenants: { added: [], removed: [], renamed: [], changed: [{ id: "acme", fields: [{ field: "name" }] }, { id: "globex", fields: [{ field: "name" }] }] },
                resources: [],
            },
        });
        expect(tenantRows(plan).map((r) => [r.id, r.change])).toEqual([
            ["acme", "changed"],
            ["globex", "changed"],
            ["hooli", "unchanged"],
        ]);
    });
});

describe("exitStatus", () => {
    it("is 0 with advisory violations only, 1 with a mandatory one", () => {
        const advisory: PolicyViolation = { policy: "p", enforcementLevel: "advisory", urn: null, message: "m" };
        expect(exitStatus(doc({ violations: [advisory, { ...advisory, enforcementLevel: "remediate" }, { ...advisory, enforcementLevel: "disabled" }] }))).toBe(0);
        expect(exitStatus(doc({ violations: [advisory, { ...advisory, enforcementLevel: "mandatory" }] }))).toBe(1);
    });
});

describe("renderMarkdown", () => {
    it("shows each changed tenant's own fields", () => {
        const plan = doc({
            tenants: [
                { id: "acme", tier: "business", status: "active", resources: 0 },
                { id: "globex", tier: "starter", status: "active", resources: 0 },
            ],
            changes: {
                base: "main",
                tenants: {
                    added: [],
                    removed: [],
                    renamed: [],
                    changed: [
                        { id: "acme", fields: [{ field: "tier", from: "starter", to: "business" }] },
                        { id: "globex", fields: [{ field: "settings.quotas.max_apis" }] },
                    ],
                },
                resources: [],
            },
        });
        const lines = renderMarkdown(plan).split("\n");
        expect(lines).toContain("| `acme` | business | active | changed: `tier` starter → business | 0 | 0 | 0 |  |");
        expect(lines).toContain("| `globex` | starter | active | changed: `settings.quotas.max_apis` | 0 | 0 | 0 |  |");
    });

    it("names no renames in the headline when there are none", () => {
        const plan = doc({ changes: { base: "main", tenants: { added: ["acme"], removed: [], renamed: [], changed: [] }, resources: [] } });
        expect(renderMarkdown(plan).split("\n")).toContain("Compared with `main`: tenants 1 added, 0 removed, 0 changed · resources 0 to create, 0 to update, 0 to delete · no mandatory violation");
    });

    it("shows a changed field whose new value is missing as ∅", () => {
        const plan = doc({
            tenants: [{ id: "acme", tier: "starter", status: "active", resources: 0 }],
            changes: { base: "main", tenants: { added: [], removed: [], renamed: [], changed: [{ id: "acme", fields: [{ field: "tier", from: "starter" }] }] }, resources: [] },
        });
        expect(renderMarkdown(plan).split("\n")).toContain("| `acme` | starter | active | changed: `tier` starter → ∅ | 0 | 0 | 0 |  |");
    });
});

describe("renderSummary", () => {
    it("lists no changes without a base, where everything is created", () => {
        const created = { urn: "urn:pulumi:s1::stoa-tenancy::kubernetes:core/v1:ConfigMap::acme-cm", type: "kubernetes:core/v1:ConfigMap", name: "acme-cm", protect: false, retainOnDelete: false };
        const plan = doc({
            tenants: [{ id: "acme", tier: "starter", status: "active", resources: 1 }],
            changes: { base: null, tenants: { added: ["acme"], removed: [], renamed: [], changed: [] }, resources: [{ tenant: "acme", created: [created], updated: [], deleted: [] }] },
        });
        const lines = renderSummary(plan).split("\n");
        expect(lines).toContain("No --base: everything is to be created.");
        expect(lines).not.toContain("CHANGES");
        expect(lines.filter((l) => l.includes("acme-cm"))).toEqual([]);
    });
});
