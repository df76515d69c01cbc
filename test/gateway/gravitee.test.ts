/**
 * The Gravitee adapter under Pulumi's mocks: its objects checked against the operator's CRD fields
 * (graviteeCrd.ts), per tenant status, with and without mTLS; and multi-gateway tenants on Kong and
 * Gravitee with their rate limit and quota split.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { OfflineRun } from "../../scripts/offline/runtime";
import { SAMPLE_TENANTS_DIR, TYPES, layerLeaks, maybeResource, resource, runProgram, tenantResources } from "../identity/offline";
import { subscriptionSpec } from "../../components/gateway/gravitee/objects";
import { API_V4_DEFINITION_SPEC, APPLICATION_SPEC, POLICY_CONFIGURATIONS, QUOTA_CONFIGURATION, SUBSCRIPTION_SPEC, structuralProblems } from "./graviteeCrd";

type Step = { name: string; policy: string; configuration: Record<string, unknown> };
type Plan = { security: { type: string }; flows: { request: Step[] }[] };
const spec = (r: { inputs: Record<string, unknown> } | undefined) => r?.inputs.spec as Record<string, unknown>;
const planLimits = (api: Record<string, unknown>) =>
    Object.fromEntries(
        Object.entries(api.plans as Record<string, Plan>).map(([key, plan]) => [key, plan.flows.flatMap((f) => f.request.filter((s) => s.policy === "rate-limit").map((s) => (s.configuration.rate as { limit: number }).limit))]),
    );
const planQuotas = (api: Record<string, unknown>) =>
    Object.fromEntries(
        Object.entries(api.plans as Record<string, Plan>).map(([key, plan]) => [key, plan.flows.flatMap((f) => f.request.filter((s) => s.policy === "quota").map((s) => (s.configuration.quota as { limit: number }).limit))]),
    );
const planPolicies = (api: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(api.plans as Record<string, Plan>).map(([key, plan]) => [key, plan.flows.flatMap((f) => f.request.map((s) => s.policy))]));

describe("Gravitee as the only gateway, with mTLS", () => {
    let run: OfflineRun;
    beforeAll(async () => {
        run = await runProgram(SAMPLE_TENANTS_DIR, { gateways: [{ adapter: "gravitee", mtls: true, managementContext: "apim-dev" }] });
    });

    it("catches a field the CRD does not define, a wrong enum value and a missing required field", () => {
        expect(structuralProblems({ name: "a", type: "PROXY", version: "1", listeners: [], endpointGroups: [], state: "PAUSED", colour: "red" }, API_V4_DEFINITION_SPEC)).toEqual([
            'spec.state: "PAUSED" is not one of STARTED, STOPPED',
            "spec.colour: not a field of the CRD",
        ]);
        expect(structuralProblems({ api: { name: "x" }, plan: "API_KEY" }, SUBSCRIPTION_SPEC)).toEqual(["spec.application: required"]);
    });

    it("catches a quota period the quota policy does not know and a missing quota", () => {
        expect(structuralProblems({ quota: { limit: 5, periodTimeUnit: "MINUTES" } }, QUOTA_CONFIGURATION, "configuration")).toEqual([
            'configuration.quota.periodTimeUnit: "MINUTES" is not one of HOURS, DAYS, WEEKS, MONTHS',
        ]);
        expect(structuralProblems({ rate: { limit: 5 } }, QUOTA_CONFIGURATION, "configuration")).toEqual(["configuration.quota: required", "configuration.rate: not a field of the CRD"]);
    });

    it("emits only fields the operator's CRDs define, and policy configurations Gravitee's policies read", () => {
        const objects = run.resources.filter((r) => r.type.startsWith("kubernetes:gravitee.io/"));
        expect(objects.length).toBeGreaterThan(0);
        const specs = { ApiV4Definition: API_V4_DEFINITION_SPEC, Application: APPLICATION_SPEC, Subscription: SUBSCRIPTION_SPEC } as const;
        for (const object of objects) {
            const kind = object.inputs.kind as keyof typeof specs;
            expect(object.inputs.apiVersion).toBe("gravitee.io/v1alpha1");
            expect(Object.keys(specs)).toContain(kind);
            // A Subscription carrying a key is secret as a whole (checked through its builder below).
            if (object.inputs.spec !== "[secret]") expect(structuralProblems(object.inputs.spec, specs[kind]), object.name).toEqual([]);
            if (kind !== "ApiV4Definition") continue;
            for (const plan of Object.values(spec(object).plans as Record<string, Plan>)) {
                for (const step of plan.flows.flatMap((f) => f.request)) {
                    expect(Object.keys(POLICY_CONFIGURATIONS), object.name).toContain(step.policy);
                    expect(structuralProblems(step.configuration, POLICY_CONFIGURATIONS[step.policy]!, "configuration"), object.name).toEqual([]);
                }
            }
        }
    });

    it("gives an active tenant its API with an API-key and an mTLS plan, each at its rate and quota on one counter", () => {
        const api = spec(resource(run, TYPES.graviteeApi, "oasis/gravitee-api"));
        expect(api).toMatchObject({ name: "tenant-oasis", state: "STARTED", visibility: "PRIVATE", contextRef: { name: "apim-dev", namespace: "stoa-system" } });
        expect(api.listeners).toEqual([{ type: "HTTP", paths: [{ path: "/oasis" }], entrypoints: [{ type: "http-proxy", qos: "AUTO" }] }]);
        expect(JSON.stringify(api.endpointGroups)).toContain('"target":"http://stoa-api.tenant-oasis.svc.cluster.local:8080"');
        expect(planLimits(api)).toEqual({ API_KEY: [500], MTLS: [500] });
        const plans = api.plans as Record<string, Plan>;
        expect(plans.API_KEY!.security.type).toBe("API_KEY");
        expect(plans.MTLS!.security.type).toBe("MTLS");
        const rate = plans.MTLS!.flows[0]!.request[0]!.configuration.rate as Record<string, unknown>;
        expect(rate).toMatchObject({ periodTime: 1, periodTimeUnit: "MINUTES", key: "stoa-tenant-oasis", useKeyOnly: true });
        // oasis: community, quota left at the tier default of 432000 calls per month.
        expect(planQuotas(api)).toEqual({ API_KEY: [432000], MTLS: [432000] });
        expect(plans.API_KEY!.flows[0]!.request[1]!.configuration).toEqual({
            async: false,
            addHeaders: true,
            quota: { limit: 432000, periodTime: 1, periodTimeUnit: "MONTHS", key: "stoa-tenant-oasis", useKeyOnly: true },
        });
        expect(planPolicies(api)).toEqual({ API_KEY: ["rate-limit", "quota"], MTLS: ["rate-limit", "quota"] });
        expect(api.responseTemplates).toBeUndefined();
    });

    it("subscribes the tenant's application to its own API with a secret key and with its certificate", () => {
        const application = spec(resource(run, TYPES.graviteeApplication, "oasis/gravitee-application"));
        expect(application).toMatchObject({ name: "tenant-oasis", settings: { app: { clientId: "oasis" } } });
        expect((application.settings as { tls: unknown }).tls).toEqual({
            clientCertificates: [{ name: "tenant-oasis", ref: { kind: "secrets", name: "tenant-oasis-client-tls", namespace: "stoa-system", key: "tls.crt" } }],
        });
        // The key makes the whole spec secret in the state: it is never recorded in clear.
        expect(resource(run, TYPES.graviteeSubscription, "oasis/gravitee-api-key-subscription").inputs.spec).toBe("[secret]");
        const keyed = subscriptionSpec("oasis", "stoa-system", "API_KEY", "k".repeat(48));
        expect(keyed).toEqual({
            api: { kind: "ApiV4Definition", name: "tenant-oasis", namespace: "stoa-system" },
            application: { kind: "Application", name: "tenant-oasis", namespace: "stoa-system" },
            plan: "API_KEY",
            apiKeys: [{ key: "k".repeat(48) }],
        });
        expect(structuralProblems(keyed, SUBSCRIPTION_SPEC)).toEqual([]);
        // The operator refuses keys under 32 characters: the check sees it.
        expect(structuralProblems(subscriptionSpec("oasis", "stoa-system", "API_KEY", "short"), SUBSCRIPTION_SPEC)).toEqual(["spec.apiKeys[0].key: shorter than 32"]);
        expect(spec(resource(run, TYPES.graviteeSubscription, "oasis/gravitee-mtls-subscription"))).toMatchObject({ plan: "MTLS", application: { name: "tenant-oasis" } });
        expect(spec(resource(run, TYPES.graviteeSubscription, "oasis/gravitee-mtls-subscription")).apiKeys).toBeUndefined();
    });

    it("refuses every call of a suspended tenant with 403 and its message, API deployed, credentials kept", () => {
        const api = spec(resource(run, TYPES.graviteeApi, "globex/gravitee-api"));
        expect(api.state).toBe("STARTED");
        const message = "Tenant globex is suspended: API calls are refused until the suspension is lifted. Contact the platform team.";
        // The interrupt step comes first in every plan, before the rate limit and quota count the call.
        expect(planPolicies(api)).toEqual({ API_KEY: ["policy-interrupt", "rate-limit", "quota"], MTLS: ["policy-interrupt", "rate-limit", "quota"] });
        for (const plan of Object.values(api.plans as Record<string, Plan>)) {
            expect(plan.flows[0]!.request[0]).toEqual({ name: "Tenant access ended", enabled: true, policy: "policy-interrupt", configuration: { errorKey: "STOA_TENANT_TERMINATED", message } });
        }
        // Without a template Gravitee would answer the interrupt with 500: the template makes it 403 for any Accept header.
        expect(api.responseTemplates).toEqual({
            STOA_TENANT_TERMINATED: { "*/*": { status: 403, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ message }) } },
        });
        expect(maybeResource(run, TYPES.graviteeSubscription, "globex/gravitee-api-key-subscription")).toBeDefined();
        expect(maybeResource(run, TYPES.graviteeSubscription, "globex/gravitee-mtls-subscription")).toBeDefined();
    });

    it("leaves an archived tenant no credentials: no subscription, no key, no certificate, API stopped", () => {
        const api = spec(resource(run, TYPES.graviteeApi, "initech/gravitee-api"));
        expect(api.state).toBe("STOPPED");
        expect(JSON.stringify(api.responseTemplates)).toContain('"status":403');
        expect(JSON.stringify(api.responseTemplates)).toContain("Tenant initech is archived");
        expect((spec(resource(run, TYPES.graviteeApplication, "initech/gravitee-application")).settings as { tls?: unknown }).tls).toBeUndefined();
        expect(maybeResource(run, TYPES.graviteeSubscription, "initech/gravitee-api-key-subscription")).toBeUndefined();
        expect(maybeResource(run, TYPES.graviteeSubscription, "initech/gravitee-mtls-subscription")).toBeUndefined();
        expect(maybeResource(run, TYPES.randomPassword, "initech/gravitee-api-key")).toBeUndefined();
    });

    it("has no Kong object at all, and no secret in clear", () => {
        expect(run.resources.filter((r) => r.type.includes("konghq.com"))).toEqual([]);
        expect(layerLeaks(run)).toEqual([]);
    });

    it("puts every Gravitee object in the platform namespace, labelled with its tenant", () => {
        for (const object of tenantResources(run, "acme-corp", "gateway").filter((r) => r.type.includes("gravitee.io"))) {
            expect(object.inputs.metadata).toMatchObject({ namespace: "stoa-system", labels: { "stoa.io/tenant-id": "acme-corp" } });
        }
    });
});

describe("Kong and Gravitee in one stack", () => {
    let run: OfflineRun;
    beforeAll(async () => {
        run = await runProgram(SAMPLE_TENANTS_DIR, { gateways: [{ adapter: "kong" }, { adapter: "gravitee" }] });
    });
    const kongMinute = (id: string) => (maybeResource(run, TYPES.kongPlugin, `${id}/kong-rate-limiting`)?.inputs.config as { minute: number } | undefined)?.minute;
    const kongMonth = (id: string) => (maybeResource(run, TYPES.kongPlugin, `${id}/kong-rate-limiting`)?.inputs.config as { month: number } | undefined)?.month;
    const graviteeQuotas = (id: string) => {
        const api = maybeResource(run, TYPES.graviteeApi, `${id}/gravitee-api`);
        return api ? planQuotas(spec(api)) : undefined;
    };
    const graviteeLimits = (id: string) => {
        const api = maybeResource(run, TYPES.graviteeApi, `${id}/gravitee-api`);
        return api ? planLimits(spec(api)) : undefined;
    };

    it("puts a multi-gateway tenant on both, each with half its limit (rounded down)", () => {
        // acme-corp: enterprise, multi_gateway on, 10000 per minute.
        expect(kongMinute("acme-corp")).toBe(5000);
        expect(graviteeLimits("acme-corp")).toEqual({ API_KEY: [5000] });
        // globex: business, multi_gateway on, 5000 per minute, suspended.
        expect(kongMinute("globex")).toBe(2500);
        expect(graviteeLimits("globex")).toEqual({ API_KEY: [2500] });
    });

    it("splits the monthly quota the same way", () => {
        // acme-corp: enterprise default of 216000000 calls per month; globex: lowered to 20000000 in its file.
        expect(kongMonth("acme-corp")).toBe(108000000);
        expect(graviteeQuotas("acme-corp")).toEqual({ API_KEY: [108000000] });
        expect(kongMonth("globex")).toBe(10000000);
        expect(graviteeQuotas("globex")).toEqual({ API_KEY: [10000000] });
        // oasis: on Kong only, its full community default.
        expect(kongMonth("oasis")).toBe(432000);
    });

    it("keeps a tenant whose tier does not allow multi-gateway on the default gateway only, at its full limit", () => {
        expect(kongMinute("oasis")).toBe(500);
        expect(graviteeLimits("oasis")).toBeUndefined();
        expect(maybeResource(run, TYPES.graviteeApplication, "initech/gravitee-application")).toBeUndefined();
    });
});
