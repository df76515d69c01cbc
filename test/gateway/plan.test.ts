/** Pure gateway decisions: rate limit against the tier ceiling, the plan per status, Kong plugin configs, the registry. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TIERS, TIER_NAMES, tenantNames, type TierName } from "../../components/model";
import { gatewayPlan, quotaPerMonth, quotaShare, rateLimitPerMinute, terminationMessage } from "../../components/gateway/plan";
import { rateLimitingConfig, rateLimitingConfigPatches, requestTerminationConfig, routeAclConfig, routeKeyAuthConfig } from "../../components/gateway/kong/plugins";
import { GATEWAY_ADAPTERS, gatewayAdapter } from "../../components/gateway/registry";

function tenant(tier: TierName, rate: number, id = "acme-corp", month?: number) {
    const t = TIERS[tier];
    return { id, tier: t, apiQuotas: { ...t.apiQuotas.default, max_rate_limit: rate, ...(month === undefined ? {} : { max_calls_per_month: month }) }, names: tenantNames(id) };
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

describe("quotaPerMonth", () => {
    // The tier table's quota ceilings, written out: max_rate_limit ceiling × 4,320.
    it.each([
        ["community", 4320000],
        ["starter", 21600000],
        ["business", 216000000],
        ["enterprise", 2160000000],
    ] as const)("allows the %s ceiling (%i) and refuses one more", (tier, ceiling) => {
        expect(quotaPerMonth(tenant(tier, 100, "oasis", ceiling))).toBe(ceiling);
        expect(() => quotaPerMonth(tenant(tier, 100, "oasis", ceiling + 1))).toThrow(`tenant oasis: max_calls_per_month ${ceiling + 1} is above its tier's ceiling of ${ceiling} calls per month`);
    });

    it.each([
        ["community", 432000],
        ["starter", 4320000],
        ["business", 43200000],
        ["enterprise", 216000000],
    ] as const)("defaults to the %s tier's %i", (tier, quota) => {
        expect(quotaPerMonth(tenant(tier, 100))).toBe(quota);
    });

    it.each([0, -1, 2.5])("refuses %s", (month) => expect(() => quotaPerMonth(tenant("business", 100, "globex", month))).toThrow(/positive whole number/));

    it("refuses a month below one minute's limit, allows one equal to it", () => {
        expect(() => quotaPerMonth(tenant("business", 5000, "globex", 4999))).toThrow("tenant globex: max_calls_per_month 4999 is below its max_rate_limit of 5000");
        expect(quotaPerMonth(tenant("business", 5000, "globex", 5000))).toBe(5000);
    });

    it("never returns more than the ceiling nor less than the rate limit, whatever the tenant asks", () => {
        fc.assert(
            fc.property(fc.constantFrom(...TIER_NAMES), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 5_000_000_000 }), (tier, rate, month) => {
                const ceiling = TIERS[tier].apiQuotas.ceiling.max_calls_per_month;
                try {
                    const quota = quotaPerMonth(tenant(tier, rate, "oasis", month));
                    return quota <= ceiling && quota >= rate;
                } catch {
                    return month > ceiling || month < rate;
                }
            }),
        );
    });

    it("splits across gateways rounded down, never to nothing", () => {
        expect(quotaShare("globex", 43200001, 2)).toBe(21600000);
        expect(quotaShare("globex", 3, 3)).toBe(1);
        expect(() => quotaShare("globex", 1, 2)).toThrow("tenant globex: max_calls_per_month 1 cannot be split across 2 gateways");
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
        expect(plan.quotaPerMonth).toBe(43200000);
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

    it("splits rate limit and quota evenly across two gateways", () => {
        const plan = gatewayPlan(tenant("business", 10001, "globex", 43200001), { gateway: "open" }, 2);
        expect(plan.rateLimitPerMinute).toBe(5000);
        expect(plan.quotaPerMonth).toBe(21600000);
    });

    it("has no message for an open gateway", () => expect(terminationMessage("oasis", "open")).toBeUndefined());
});

describe("Kong plugin configuration", () => {
    const redis = { host: "redis.example", port: 6380, ssl: true };

    it("limits per consumer in redis, fault tolerant, with explicit settings", () => {
        expect(rateLimitingConfig(500, 2160000, { rateLimitPolicy: "redis", redis })).toEqual({
            minute: 500,
            month: 2160000,
            limit_by: "consumer",
            policy: "redis",
            fault_tolerant: true,
            hide_client_headers: false,
            error_code: 429,
            redis: { host: "redis.example", port: 6380, ssl: true, ssl_verify: true, database: 0 },
        });
    });

    it("has no redis block with the cluster policy", () => {
        const config = rateLimitingConfig(100, 432000, { rateLimitPolicy: "cluster", redis });
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
