/** The tier table is sane: defaults within ceilings, tiers ordered, features growing, LimitRanges consistent. */
import { describe, expect, it } from "vitest";
import {
    API_QUOTA_KEYS,
    FEATURE_NAMES,
    QUOTA_KEYS,
    TIERS,
    TIER_NAMES,
    lowestTierAllowing,
    parseQuantity,
    quotaMagnitude,
    type TierName,
} from "../../components/model";

const pairs = TIER_NAMES.slice(1).map((higher, i) => [TIER_NAMES[i], higher] as const);

describe("the tier table", () => {
    it.each(TIER_NAMES)("%s: every default is within its ceiling", (name) => {
        const tier = TIERS[name];
        for (const key of QUOTA_KEYS) {
            expect(quotaMagnitude(key, tier.quota.default[key]), key).toBeLessThanOrEqual(quotaMagnitude(key, tier.quota.ceiling[key]));
        }
        for (const key of API_QUOTA_KEYS) expect(tier.apiQuotas.default[key], key).toBeLessThanOrEqual(tier.apiQuotas.ceiling[key]);
        for (const feature of FEATURE_NAMES) {
            if (tier.features.defaults[feature]) expect(tier.features.allowed, feature).toContain(feature);
        }
    });

    it.each(pairs)("%s → %s: ceilings, defaults and retention never decrease", (lower, higher) => {
        const [a, b] = [TIERS[lower], TIERS[higher]];
        for (const key of QUOTA_KEYS) {
            expect(quotaMagnitude(key, b.quota.ceiling[key]), `ceiling ${key}`).toBeGreaterThanOrEqual(quotaMagnitude(key, a.quota.ceiling[key]));
            expect(quotaMagnitude(key, b.quota.default[key]), `default ${key}`).toBeGreaterThanOrEqual(quotaMagnitude(key, a.quota.default[key]));
        }
        for (const key of API_QUOTA_KEYS) {
            expect(b.apiQuotas.ceiling[key], `ceiling ${key}`).toBeGreaterThanOrEqual(a.apiQuotas.ceiling[key]);
            expect(b.apiQuotas.default[key], `default ${key}`).toBeGreaterThanOrEqual(a.apiQuotas.default[key]);
        }
        expect(b.backup.retentionDays).toBeGreaterThanOrEqual(a.backup.retentionDays);
        expect(b.archiveRetentionDays).toBeGreaterThanOrEqual(a.archiveRetentionDays);
        expect(b.databaseConnectionLimit).toBeGreaterThanOrEqual(a.databaseConnectionLimit);
    });

    it.each(pairs)("%s → %s: the features a tier may switch on only grow", (lower, higher) => {
        for (const feature of TIERS[lower].features.allowed) expect(TIERS[higher].features.allowed).toContain(feature);
    });

    it("follows the brief's tier table: basic MCP for all, portal from Starter, multi-gateway from Business, white-label for Enterprise", () => {
        const expected: Record<string, TierName> = { mcp_enabled: "community", portal: "starter", multi_gateway: "business", white_label: "enterprise" };
        for (const [feature, tier] of Object.entries(expected)) expect(lowestTierAllowing(feature as never), feature).toBe(tier);
        expect(TIERS.starter.sla).toBe("99%");
        expect(TIERS.community.sla).toBe("best effort");
    });

    it.each(TIER_NAMES)("%s: the LimitRange admits the pods it fills in, and one pod fits the default quota", (name) => {
        const { limitRange, burstRatio, quota } = TIERS[name];
        expect(burstRatio).toBeGreaterThanOrEqual(1);
        for (const resource of ["cpu", "memory"] as const) {
            const request = parseQuantity(limitRange.defaultRequest[resource]);
            const limit = parseQuantity(limitRange.defaultLimit[resource]);
            const max = parseQuantity(limitRange.maxPerContainer[resource]);
            expect(request, resource).toBeLessThanOrEqual(limit);
            // maxLimitRequestRatio = burstRatio would refuse a defaulted container otherwise.
            expect(limit, resource).toBeLessThanOrEqual(request * burstRatio + 1e-9);
            expect(limit, resource).toBeLessThanOrEqual(max);
            expect(max, resource).toBeLessThanOrEqual(parseQuantity(quota.default[resource]));
        }
        expect(parseQuantity(limitRange.maxVolumeSize)).toBeLessThanOrEqual(parseQuantity(quota.default.storage));
    });

    it.each(TIER_NAMES)("%s: backup schedule is a five-field cron expression", (name) => {
        expect(TIERS[name].backup.schedule.split(" ")).toHaveLength(5);
    });

    it("can express the brief's enterprise example (10 CPU, 20Gi, 5 volumes, 2 load balancers)", () => {
        const example = { cpu: "10", memory: "20Gi", volumes: 5, load_balancers: 2 } as const;
        for (const [key, value] of Object.entries(example)) {
            const k = key as keyof typeof example;
            expect(quotaMagnitude(k, value), key).toBeLessThanOrEqual(quotaMagnitude(k, TIERS.enterprise.quota.ceiling[k]));
        }
    });
});
