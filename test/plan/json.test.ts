/** The plan document's pure parts: each resource's tenant, the tenants' rows, the order of violations. */
import { describe, expect, it } from "vitest";
import type { ResolvedTenant } from "../../components/model";
import type { PolicyViolation } from "../../policy-pack/offline";
import { isMandatory, planTenants, sortViolations, tenantOwners } from "../../scripts/plan/json";
import type { PlanResource } from "../../scripts/plan/json";

const node = (urn: string, parent: string | null, type = "kubernetes:core/v1:ConfigMap", inputs: Record<string, unknown> = {}) => ({ urn, type, parent, inputs, name: urn.split("::").pop()! });

describe("tenantOwners", () => {
    it("gives each resource the TenantIsolation above it (its tenantId, else its name), and null to the platform's", () => {
        const owners = tenantOwners([
            node("u::deep", "u::child"),
            node("u::child", "u::acme"),
            node("u::acme", null, "stoa:tenancy:TenantIsolation", { tenantId: "acme-corp" }),
            node("u::globex", null, "stoa:tenancy:TenantIsolation", { tenantId: 7 }),
            node("u::g-child", "u::globex"),
            node("u::platform", null),
            node("u::orphan", "u::missing"),
            node("u::loop-a", "u::loop-b"),
            node("u::loop-b", "u::loop-a"),
        ]);
        expect(Object.fromEntries(owners)).toEqual({
            "u::deep": "acme-corp",
            "u::child": "acme-corp",
            "u::acme": "acme-corp",
            "u::globex": "globex",
            "u::g-child": "globex",
            "u::platform": null,
            "u::orphan": null,
            "u::loop-a": null,
            "u::loop-b": null,
        });
    });
});

describe("planTenants", () => {
    const tenant = (id: string, tierName: string, status: string) => ({ id, tierName, status }) as unknown as ResolvedTenant;
    const resource = (tenant: string | null) => ({ tenant }) as PlanResource;

    it("sorts the tenants, counts their resources and takes their gateways from the program's output", () => {
        const rows = planTenants(
            [tenant("globex", "starter", "suspended"), tenant("acme", "business", "active"), tenant("zeta", "community", "archived")],
            [resource("acme"), resource(null), resource("acme"), resource("globex"), resource("nobody")],
            { tenants: { acme: { gateways: ["stoa", 3, "kong"] }, globex: { gateways: "stoa" } } },
        );
        expect(rows).toEqual([
            { id: "acme", tier: "business", status: "active", resources: 2, gateways: ["stoa", "kong"] },
            { id: "globex", tier: "starter", status: "suspended", resources: 1, gateways: [] },
            { id: "zeta", tier: "community", status: "archived", resources: 0, gateways: [] },
        ]);
        expect(planTenants([tenant("acme", "business", "active")], [])).toEqual([{ id: "acme", tier: "business", status: "active", resources: 0, gateways: [] }]);
    });
});

describe("sortViolations", () => {
    const v = (enforcementLevel: PolicyViolation["enforcementLevel"], policy: string, urn: string | null, message: string): PolicyViolation => ({ policy, enforcementLevel, urn, message });

    it("puts mandatory first, then remediate, advisory, disabled; then by policy, resource and message", () => {
        const sorted = sortViolations([
            v("disabled", "a", null, "m"),
            v("advisory", "a", null, "m"),
            v("mandatory", "b", "urn:2", "m"),
            v("mandatory", "b", "urn:1", "z"),
            v("mandatory", "b", "urn:1", "a"),
            v("mandatory", "b", null, "m"),
            v("remediate", "a", null, "m"),
            v("mandatory", "a", "urn:9", "m"),
        ]);
        expect(sorted.map((x) => `${x.enforcementLevel} ${x.policy} ${x.urn ?? "-"} ${x.message}`)).toEqual([
            "mandatory a urn:9 m",
            "mandatory b - m",
            "mandatory b urn:1 a",
            "mandatory b urn:1 z",
            "mandatory b urn:2 m",
            "remediate a - m",
            "advisory a - m",
            "disabled a - m",
        ]);
    });

    it("leaves the given list as it was", () => {
        const list = [v("advisory", "a", null, "m"), v("mandatory", "a", null, "m")];
        sortViolations(list);
        expect(list.map((x) => x.enforcementLevel)).toEqual(["advisory", "mandatory"]);
    });

    it("calls only mandatory violations mandatory", () => {
        expect(["mandatory", "remediate", "advisory", "disabled"].map((level) => isMandatory(v(level as PolicyViolation["enforcementLevel"], "p", null, "m")))).toEqual([true, false, false, false]);
    });
});
