/** The gateway quota of a tenant file (settings.quotas.max_calls_per_month): tier defaults, ceiling, and at least the rate limit. */
import { describe, expect, it } from "vitest";
import { TIERS, TIER_NAMES } from "../../components/model";
import { errorsOf, tenantOf, tenantYaml } from "./helpers";

describe("settings.quotas.max_calls_per_month", () => {
    it.each([
        ["community", 432000],
        ["starter", 4320000],
        ["business", 43200000],
        ["enterprise", 216000000],
    ] as const)("defaults to the %s tier's %i calls per month", (tier, quota) => {
        expect(tenantOf(tenantYaml("sample", { tier })).apiQuotas.max_calls_per_month).toBe(quota);
    });

    it("accepts the starter ceiling of 21600000 and refuses one more, naming the field and the ceiling", () => {
        expect(errorsOf(tenantYaml("sample", { tier: "starter", settings: { quotas: { max_calls_per_month: 21600000 } } }))).toEqual([]);
        const errors = errorsOf(tenantYaml("sample", { tier: "starter", settings: { quotas: { max_calls_per_month: 21600001 } } }));
        expect(errors.map((e) => [e.field, e.message])).toEqual([["settings.quotas.max_calls_per_month", "21600001 is above the starter tier's ceiling of 21600000"]]);
    });

    it("refuses a quota below the tenant's own rate limit, at the quota's field", () => {
        const errors = errorsOf(tenantYaml("sample", { tier: "business", settings: { quotas: { max_rate_limit: 500, max_calls_per_month: 499 } } }));
        expect(errors.map((e) => [e.field, e.message])).toEqual([
            ["settings.quotas.max_calls_per_month", "max_calls_per_month 499 is below max_rate_limit 500: a month must allow at least one minute's calls"],
        ]);
        expect(errorsOf(tenantYaml("sample", { tier: "business", settings: { quotas: { max_rate_limit: 500, max_calls_per_month: 500 } } }))).toEqual([]);
    });

    it("refuses a quota below the tier's default rate limit (community: 100) when only the quota is lowered", () => {
        const errors = errorsOf(tenantYaml("sample", { tier: "community", settings: { quotas: { max_calls_per_month: 99 } } }));
        expect(errors.map((e) => e.field)).toEqual(["settings.quotas.max_calls_per_month"]);
    });

    it("leaves no tier whose default quota is below its rate-limit ceiling (so only a lowered quota can be below the rate limit)", () => {
        for (const tier of TIER_NAMES) expect(TIERS[tier].apiQuotas.default.max_calls_per_month, tier).toBeGreaterThanOrEqual(TIERS[tier].apiQuotas.ceiling.max_rate_limit);
    });

    it.each([0, -5, 1.5, "many"])("refuses %j", (value) => {
        const errors = errorsOf(tenantYaml("sample", { tier: "business", settings: { quotas: { max_calls_per_month: value } } }));
        expect(errors.map((e) => e.field)).toContain("settings.quotas.max_calls_per_month");
    });
});
