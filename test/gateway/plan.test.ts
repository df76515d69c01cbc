/** Pure gateway decisions: rate limit against the tier ceiling, the plan per status, Kong plugin configs, the registry. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TIERS, TIER_NAMES, tenantNames, type TierName } from "../../components/model";
import { gatewayPlan, rateLimitPerMinute, terminationMessage } from "../../components/gateway/plan";
import { rateLimitingConfig, rateLimitingConfigPatches, requestTerminationConfig, routeAclConfig, routeKeyAuthConfig } from "../../components/gateway/kong/plugins";
import { GATEWAY_ADAPTERS, gatewayAdapter } from "../../components/gateway/registry";

function tenant(tier: TierName, rate: number, id = "acme-corp") {
    const t = TIERS[tier];
    return { id, tier: t, apiQuotas: { ...t.apiQuotas.default, max_rate_limit: rate }, names: tenantNames(id) };
}

describe("rateLimitPerMinute", () => {
    it.each(TIER_NAMES.map((tier) => [tier, TIERS[tier].apiQuotas.ceiling.max_rate_limit] as const))("allows the %s ceiling (%i)", (tier, ceiling) => {
        expect(rateLimitPerMinute(tenant(tier, ceiling))).toBe(ceiling);
    });

    it.each(TIER_NAMES.map((tier) => [tier, TIERS[tier].apiQuotas.ceiling.max_rate_limit + 1] as const))("refuses one above the %s ceiling (%i)", (tier, rate) => {
        expect(() => rateLimitPerMinute(tenant(tier, rate))).toThrow(/above its tier's ceiling/);
    });

    it.each([0, -1, 2.5])("refuses %s", (rate) => expect(() => rateLimitPerMinute(tenant("business", rate))).toThrow(/positive whole number/));

    it("never returns more than the ceiling, whatever the tenant asks", () => {
        fc.assert(
            fc.property(fc.constantFrom(...TIER_NAMES), fc.integer({ min: 1, max: 10_000_000 }), (tier, rate) => {
                const ceiling = TIERS[tier].apiQuotas.ceiling.max_rate_limit;
                try {
                    return rateLimitPerMinute(tenant(tier, rate)) <= ceiling;
                } catch {
                    return rate > ceiling;
                }
            }),
        );
    });
});

describe("gatewayPlan", () => {
    it.each([
        ["open", true, undefined],
        ["blocked", true, /suspended/],
        ["closed", false, /archived/],
    ] as const)("%s: credentials %s, termination %s", (gateway, credentials, message) => {
        const plan = gatewayPlan(tenant("business", 5000, "globex"), { gateway });
        expect(plan.consumer).toBe("globex");
        expect(plan.aclGroup).toBe("globex");
        expect(plan.rateLimitPerMinute).toBe(5000);
        expect(plan.credentials).toBe(credentials);
        expect(plan.clientCertificate).toBe(credentials);
        if (message) {
            expect(plan.termination?.status).toBe(403);
            expect(plan.termination?.message).toMatch(message);
            expect(plan.termination?.message).toContain("globex");
        } else {
            expect(plan.termination).toBeUndefined();
        }
    });

    it("has no message for an open gateway", () => expect(terminationMessage("oasis", "open")).toBeUndefined());
});

describe("Kong plugin configuration", () => {
    const redis = { host: "redis.example", port: 6380, ssl: true };

    it("limits per consumer in redis, fault tolerant, with explicit settings", () => {
        expect(rateLimitingConfig(500, { rateLimitPolicy: "redis", redis })).toEqual({
            minute: 500,
            limit_by: "consumer",
            policy: "redis",
            fault_tolerant: true,
            hide_client_headers: false,
            error_code: 429,
            redis: { host: "redis.example", port: 6380, ssl: true, ssl_verify: true, database: 0 },
        });
    });

    it("has no redis block with the cluster policy", () => {
        const config = rateLimitingConfig(100, { rateLimitPolicy: "cluster", redis });
        expect(config.policy).toBe("cluster");
        expect(config.redis).toBeUndefined();
    });

    it.each([
        ["redis", "kong-redis", [{ path: "/redis/password", valueFrom: { secretKeyRef: { name: "kong-redis", key: "password" } } }]],
        ["redis", undefined, undefined],
        ["cluster", "kong-redis", undefined],
    ] as const)("%s with password secret %s patches %j", (policy, passwordSecret, expected) => {
        expect(rateLimitingConfigPatches({ rateLimitPolicy: policy, redis: { ...redis, passwordSecret } })).toEqual(expected);
    });

    it.each(["oasis", "acme-corp"])("route ACL of %s allows that group alone", (group) => {
        expect(routeAclConfig(group)).toEqual({ allow: [group], hide_groups_header: true });
    });

    it("route key-auth hides the key from the upstream", () => expect(routeKeyAuthConfig().hide_credentials).toBe(true));

    it("terminates with the plan's status and message", () => {
        expect(requestTerminationConfig({ status: 403, message: "no" })).toEqual({ status_code: 403, message: "no" });
    });
});

describe("gateway registry", () => {
    it("finds each adapter under its own name", () => {
        expect(GATEWAY_ADAPTERS.map((adapter) => adapter.name)).toEqual(["kong", "gravitee"]);
        for (const adapter of GATEWAY_ADAPTERS) expect(gatewayAdapter(adapter.name)).toBe(adapter);
    });

    it("names the known adapters when asked for an unknown one", () => {
        expect(() => gatewayAdapter("webmethods")).toThrow(/no adapter named "webmethods" \(known: kong, gravitee\)/);
    });
});
