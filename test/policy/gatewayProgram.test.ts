/**
 * Proof on the real program's objects (the sample tenants, planned once per registered gateway adapter
 * under Pulumi's mocks) that each adapter is covered by the rate-limit policy and the tenant-placement
 * policies. The fixtures of those policies, per adapter, are in gateway.test.ts.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_ADAPTERS } from "../../components/gateway/registry";
import { gatewayObjectsOwnTenant } from "../../policy-pack/gateway";
import { GATEWAY_CLAIMS, GATEWAY_QUOTAS, GATEWAY_RATE_LIMITS, GATEWAY_REFERENCES } from "../../policy-pack/lib/gateway";
import { evaluatePolicies } from "../../policy-pack/offline";
import { tenantResourcesInTenantNamespace } from "../../policy-pack/placement";
import { gatewayRateLimitWithinTier } from "../../policy-pack/quotas";
import { roleWithinTenantBounds } from "../../policy-pack/rbac";
import type { OfflineRun } from "../../scripts/offline/runtime";
import { SAMPLE_TENANTS_DIR, runProgram, tenantResources } from "../identity/offline";

describe("every registered adapter is covered by the gateway, rate-limit and placement policies", () => {
    const runs = new Map<string, OfflineRun>();
    beforeAll(async () => {
        // One after the other: runs share Pulumi's global mock runtime.
        for (const adapter of GATEWAY_ADAPTERS) runs.set(adapter.name, await runProgram(SAMPLE_TENANTS_DIR, { gateways: [{ adapter: adapter.name }] }));
    }, 300_000);

    it.each(GATEWAY_ADAPTERS.map((adapter) => [adapter.name, adapter] as const))("%s: the policies read its real objects", async (name, adapter) => {
        const run = runs.get(name)!;
        const gateway = tenantResources(run, "oasis", "gateway").filter((r) => r.type.startsWith("kubernetes:") && !r.type.includes("cert-manager.io") && r.type !== "kubernetes:core/v1:Secret");
        expect(gateway.length).toBeGreaterThan(0);
        // Every gateway object type is a protected API group of the adapter (tenant Roles cannot write it).
        for (const object of gateway) {
            const group = object.type.split(":")[1]!.split("/")[0]!;
            expect(adapter.pack.protectedResources, object.type).toContain(`${group}/*`);
        }
        // The rate-limit policy reads oasis's limit (500 per minute, tenants/oasis.yaml) from its objects.
        const limits = gateway.flatMap((object) => GATEWAY_RATE_LIMITS[object.type]?.(object.inputs) ?? []);
        expect(limits).toContain(500);
        expect(Math.max(...limits)).toBe(500);
        // And its quota (the community default of 432000 calls per month).
        const quotas = gateway.flatMap((object) => GATEWAY_QUOTAS[object.type]?.(object.inputs) ?? []);
        expect(quotas).toContain(432000);
        expect(Math.max(...quotas)).toBe(432000);
        // The placement policy reads at least one of its objects' references or claims.
        expect(gateway.some((object) => GATEWAY_REFERENCES[object.type] !== undefined || GATEWAY_CLAIMS[object.type] !== undefined)).toBe(true);
        // The real objects pass the gateway, rate-limit, placement and role policies.
        const violations = await evaluatePolicies(run.resources, { policies: [gatewayRateLimitWithinTier, gatewayObjectsOwnTenant, tenantResourcesInTenantNamespace, roleWithinTenantBounds] });
        expect(violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.message)).toEqual([]);
    });
});
