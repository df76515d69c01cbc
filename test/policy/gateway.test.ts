/**
 * The pack's gateway policies on every registered adapter: a compliant and a violating fixture per
 * adapter (a table keyed by adapter name, so a new adapter does not compile without its fixtures). The
 * proof on the real program's objects is in gatewayProgram.test.ts.
 */
import { describe, expect, it } from "vitest";
import { GATEWAY_ADAPTERS, type GatewayName } from "../../components/gateway/registry";
import { gatewayObjectsOwnTenant } from "../../policy-pack/gateway";
import type { PlanResource } from "../../policy-pack/offline";
import { gatewayRateLimitWithinTier } from "../../policy-pack/quotas";
import { expectNoViolations, expectViolation, meta, resource, tenantIsolation } from "./util";

const oasis = tenantIsolation("oasis", { tier: "community" });
const globex = tenantIsolation("globex", { tier: "business" });
const of = (owner: PlanResource) => ({ parent: owner });

interface AdapterFixtures {
    /** oasis (community: at most 1000 per minute) and globex, each with its own gateway objects. */
    compliant: () => PlanResource[];
    /** oasis's rate limit at 5000 per minute. */
    aboveTier: () => PlanResource[];
    aboveTierMessage: string;
    /** oasis's quota at 5000000 calls per month (community ceiling: 4320000). */
    quotaAboveTier: () => PlanResource[];
    quotaAboveTierMessage: string;
    /** oasis's rate limit within the tier, without any quota. */
    noQuota: () => PlanResource[];
    noQuotaMessage: string;
    /** An oasis object that references a globex object. */
    crossTenant: () => PlanResource[];
    crossTenantMessage: string;
    /** An oasis object that claims to be globex. */
    claimsOther: () => PlanResource[];
    claimsOtherMessage: string;
}

const KONG = "kubernetes:configuration.konghq.com/v1";
const kongConsumer = (id: string, owner: PlanResource, credentials: string[], customId = id) =>
    resource(`${KONG}:KongConsumer`, { ...meta("stoa-system", `tenant-${id}`), username: id, custom_id: customId, credentials }, of(owner));
/** `month: null`: no quota window at all. */
const kongRate = (id: string, owner: PlanResource, minute: number, month: number | null = 432000) =>
    resource(`${KONG}:KongPlugin`, { ...meta("stoa-system", `tenant-${id}-rate-limiting`), plugin: "rate-limiting", config: { minute, ...(month === null ? {} : { month }) } }, of(owner));
const kongKey = (id: string, owner: PlanResource) => resource("kubernetes:core/v1:Secret", meta("stoa-system", `tenant-${id}-key-auth`), of(owner));

const GRAVITEE = "kubernetes:gravitee.io/v1alpha1";
const rateStep = (limit: number) => ({ name: "Rate limit", enabled: true, policy: "rate-limit", configuration: { rate: { limit, periodTime: 1, periodTimeUnit: "MINUTES" } } });
const quotaStep = (limit: number, periodTimeUnit = "MONTHS") => ({ name: "Quota", enabled: true, policy: "quota", configuration: { quota: { limit, periodTime: 1, periodTimeUnit } } });
const graviteeApi = (id: string, owner: PlanResource, steps: Record<string, unknown>[]) =>
    resource(
        `${GRAVITEE}:ApiV4Definition`,
        { ...meta("stoa-system", `tenant-${id}`), spec: { name: `tenant-${id}`, plans: { API_KEY: { name: "API key", security: { type: "API_KEY" }, flows: [{ enabled: true, request: steps }] } } } },
        of(owner),
    );
const graviteeApp = (id: string, owner: PlanResource, clientId = id) =>
    resource(`${GRAVITEE}:Application`, { ...meta("stoa-system", `tenant-${id}`), spec: { name: `tenant-${id}`, settings: { app: { type: "stoa-tenant", clientId } } } }, of(owner));
const graviteeSubscription = (id: string, owner: PlanResource, application: string) =>
    resource(
        `${GRAVITEE}:Subscription`,
        { ...meta("stoa-system", `tenant-${id}-mtls`), spec: { api: { name: `tenant-${id}`, namespace: "stoa-system" }, application: { name: application, namespace: "stoa-system" }, plan: "MTLS" } },
        of(owner),
    );

const FIXTURES: Record<GatewayName, AdapterFixtures> = {
    kong: {
        compliant: () => [
            oasis,
            globex,
            kongConsumer("oasis", oasis, ["tenant-oasis-key-auth"]),
            kongRate("oasis", oasis, 500, 432000),
            kongKey("oasis", oasis),
            kongConsumer("globex", globex, ["tenant-globex-key-auth"]),
            kongKey("globex", globex),
        ],
        aboveTier: () => [oasis, kongConsumer("oasis", oasis, []), kongRate("oasis", oasis, 5000)],
        aboveTierMessage: "KongPlugin tenant-oasis-rate-limiting of tenant oasis must allow at most 1000 requests per minute (community tier), not 5000",
        quotaAboveTier: () => [oasis, kongConsumer("oasis", oasis, []), kongRate("oasis", oasis, 500, 5000000)],
        quotaAboveTierMessage: "KongPlugin tenant-oasis-rate-limiting of tenant oasis must allow at most 4320000 calls per month (community tier), not 5000000",
        noQuota: () => [oasis, kongConsumer("oasis", oasis, []), kongRate("oasis", oasis, 500, null)],
        noQuotaMessage: "KongPlugin tenant-oasis-rate-limiting of tenant oasis must set a quota (a readable number of calls per month)",
        crossTenant: () => [oasis, globex, kongConsumer("oasis", oasis, ["tenant-globex-key-auth"]), kongKey("globex", globex)],
        crossTenantMessage: "KongConsumer tenant-oasis of tenant oasis must reference only its own tenant's objects: credentials names Secret tenant-globex-key-auth of tenant globex",
        claimsOther: () => [oasis, kongConsumer("oasis", oasis, [], "globex")],
        claimsOtherMessage: 'KongConsumer tenant-oasis of tenant oasis must identify its own tenant, not "globex"',
    },
    gravitee: {
        compliant: () => [
            oasis,
            globex,
            graviteeApi("oasis", oasis, [rateStep(500), quotaStep(432000)]),
            graviteeApp("oasis", oasis),
            graviteeSubscription("oasis", oasis, "tenant-oasis"),
            graviteeApi("globex", globex, [rateStep(5000), quotaStep(43200000)]),
            graviteeApp("globex", globex),
        ],
        aboveTier: () => [oasis, graviteeApi("oasis", oasis, [rateStep(5000), quotaStep(432000)])],
        aboveTierMessage: "ApiV4Definition tenant-oasis of tenant oasis must allow at most 1000 requests per minute (community tier), not 5000",
        quotaAboveTier: () => [oasis, graviteeApi("oasis", oasis, [rateStep(500), quotaStep(5000000)])],
        quotaAboveTierMessage: "ApiV4Definition tenant-oasis of tenant oasis must allow at most 4320000 calls per month (community tier), not 5000000",
        noQuota: () => [oasis, graviteeApi("oasis", oasis, [rateStep(500)])],
        noQuotaMessage: "ApiV4Definition tenant-oasis of tenant oasis must set a quota (a readable number of calls per month)",
        crossTenant: () => [oasis, globex, graviteeApi("oasis", oasis, [rateStep(500), quotaStep(432000)]), graviteeSubscription("oasis", oasis, "tenant-globex"), graviteeApp("globex", globex)],
        crossTenantMessage: "Subscription tenant-oasis-mtls of tenant oasis must reference only its own tenant's objects: spec.application names Application tenant-globex of tenant globex",
        claimsOther: () => [oasis, graviteeApp("oasis", oasis, "globex")],
        claimsOtherMessage: 'Application tenant-oasis of tenant oasis must identify its own tenant, not "globex"',
    },
};

describe.each(Object.entries(FIXTURES))("gateway policies on %s", (_adapter, fixtures) => {
    it("pass each tenant's own objects within its tier", async () => {
        await expectNoViolations(gatewayRateLimitWithinTier, fixtures.compliant());
        await expectNoViolations(gatewayObjectsOwnTenant, fixtures.compliant());
    });
    it("refuse a rate limit above the tier", async () => {
        await expectViolation(gatewayRateLimitWithinTier, fixtures.aboveTier(), fixtures.aboveTierMessage);
    });
    it("refuse a quota above the tier", async () => {
        await expectViolation(gatewayRateLimitWithinTier, fixtures.quotaAboveTier(), fixtures.quotaAboveTierMessage);
    });
    it("refuse a rate limit without a quota", async () => {
        await expectViolation(gatewayRateLimitWithinTier, fixtures.noQuota(), fixtures.noQuotaMessage);
    });
    it("refuse a reference to another tenant's object", async () => {
        await expectViolation(gatewayObjectsOwnTenant, fixtures.crossTenant(), fixtures.crossTenantMessage);
    });
    it("refuse an object that claims another tenant's id", async () => {
        await expectViolation(gatewayObjectsOwnTenant, fixtures.claimsOther(), fixtures.claimsOtherMessage);
    });
});

describe("gateway-rate-limit-within-tier across gateways and without a limit", () => {
    it("refuses limits that together exceed the tier, each within it", async () => {
        await expectViolation(
            gatewayRateLimitWithinTier,
            [oasis, kongRate("oasis", oasis, 600), graviteeApi("oasis", oasis, [rateStep(600), quotaStep(432000)])],
            "The gateway rate limits of tenant oasis (KongPlugin tenant-oasis-rate-limiting, ApiV4Definition tenant-oasis) must together allow at most 1000 requests per minute (community tier), not 1200",
        );
        await expectNoViolations(gatewayRateLimitWithinTier, [oasis, kongRate("oasis", oasis, 500, 2160000), graviteeApi("oasis", oasis, [rateStep(500), quotaStep(2160000)])]);
    });
    it("refuses quotas that together exceed the tier, each within it", async () => {
        await expectViolation(
            gatewayRateLimitWithinTier,
            [oasis, kongRate("oasis", oasis, 500, 2160001), graviteeApi("oasis", oasis, [rateStep(500), quotaStep(2160000)])],
            "The gateway quotas of tenant oasis (KongPlugin tenant-oasis-rate-limiting, ApiV4Definition tenant-oasis) must together allow at most 4320000 calls per month (community tier), not 4320001",
        );
    });
    it("reads shorter quota windows as the most a month can hold, and the tightest Kong window", async () => {
        // 150000 a day: 31 days are 4650000, above the community ceiling of 4320000; 139000 a day (4309000) is within.
        await expectViolation(gatewayRateLimitWithinTier, [oasis, graviteeApi("oasis", oasis, [rateStep(500), quotaStep(150000, "DAYS")])], "not 4650000");
        await expectNoViolations(gatewayRateLimitWithinTier, [oasis, graviteeApi("oasis", oasis, [rateStep(500), quotaStep(139000, "DAYS")])]);
        await expectViolation(gatewayRateLimitWithinTier, [oasis, resource(`${KONG}:KongPlugin`, { ...meta("stoa-system", "tenant-oasis-rate-limiting"), plugin: "rate-limiting", config: { minute: 500, day: 150000 } }, of(oasis))], "not 4650000");
        // Windows hold together: a month of 5000000 under a day of 100000 allows 3100000.
        await expectNoViolations(gatewayRateLimitWithinTier, [oasis, resource(`${KONG}:KongPlugin`, { ...meta("stoa-system", "tenant-oasis-rate-limiting"), plugin: "rate-limiting", config: { minute: 500, day: 100000, month: 5000000 } }, of(oasis))]);
    });
    it("refuses a quota decided by an expression (not readable)", async () => {
        const dynamic = { name: "Quota", policy: "quota", configuration: { quota: { limit: 0, dynamicLimit: "{#request.headers['x']}", periodTimeUnit: "MONTHS" } } };
        await expectViolation(gatewayRateLimitWithinTier, [oasis, graviteeApi("oasis", oasis, [rateStep(500), dynamic])], "must set a quota");
    });
    it("refuses a Gravitee plan without a rate limit, and reads per-second windows per minute", async () => {
        await expectViolation(gatewayRateLimitWithinTier, [oasis, graviteeApi("oasis", oasis, [])], "ApiV4Definition tenant-oasis of tenant oasis must set a limit");
        const perSecond = { name: "Rate limit", policy: "rate-limit", configuration: { rate: { limit: 20, periodTime: 1, periodTimeUnit: "SECONDS" } } };
        await expectViolation(gatewayRateLimitWithinTier, [oasis, graviteeApi("oasis", oasis, [perSecond, quotaStep(432000)])], "not 1200");
    });
});

describe("the fixture table", () => {
    it("has fixtures for every registered adapter, and only for those", () => {
        expect(Object.keys(FIXTURES).sort()).toEqual(GATEWAY_ADAPTERS.map((adapter) => adapter.name).sort());
    });
});
