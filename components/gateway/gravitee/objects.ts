/**
 * Pure builders of a tenant's Gravitee Kubernetes Operator objects (gravitee.io/v1alpha1), so the tests
 * can check them as data against the operator's CRDs (test/gateway/gravitee.test.ts).
 */
import type { GatewayPlan, TerminationPlan } from "../plan";
import type { GraviteeSection } from "./config";
import { API_KEY_PLAN, MTLS_PLAN, graviteeNames } from "./names";

export const GRAVITEE_API_VERSION = "gravitee.io/v1alpha1";

interface Ref {
    kind?: string;
    name: string;
    namespace: string;
}

/** Gravitee's rate-limit policy configuration (policy `rate-limit`): `rate.limit` calls per `periodTime` `periodTimeUnit`. */
export interface RateLimitPolicyConfig {
    async: false;
    addHeaders: true;
    rate: { limit: number; periodTime: 1; periodTimeUnit: "MINUTES"; key: string; useKeyOnly: true };
}

/**
 * One counter per tenant on this gateway: the default key is the plan/subscription pair, so a tenant with an
 * API-key and an mTLS subscription would get the limit twice. A static key (the tenant id, never an
 * expression of the request) with useKeyOnly makes both plans count against one limit.
 */
export function rateLimitPolicyConfig(tenantId: string, perMinute: number): RateLimitPolicyConfig {
    return { async: false, addHeaders: true, rate: { limit: perMinute, periodTime: 1, periodTimeUnit: "MINUTES", key: `stoa-tenant-${tenantId}`, useKeyOnly: true } };
}

/** Gravitee's quota policy configuration (policy `quota`): `quota.limit` calls per `periodTime` `periodTimeUnit`. */
export interface QuotaPolicyConfig {
    async: false;
    addHeaders: true;
    quota: { limit: number; periodTime: 1; periodTimeUnit: "MONTHS"; key: string; useKeyOnly: true };
}

/**
 * The tenant's monthly quota on this gateway, with the same static key as the rate limit so that both plans
 * count against one quota (the quota policy keeps its counters apart from the rate limit's).
 */
export function quotaPolicyConfig(tenantId: string, perMonth: number): QuotaPolicyConfig {
    return { async: false, addHeaders: true, quota: { limit: perMonth, periodTime: 1, periodTimeUnit: "MONTHS", key: `stoa-tenant-${tenantId}`, useKeyOnly: true } };
}

/** Error key of the interrupt step that refuses a suspended or archived tenant's calls; a response template maps it to the plan's status. */
export const TERMINATION_ERROR_KEY = "STOA_TENANT_TERMINATED";

/** The `policy-interrupt` configuration: ends every call with TERMINATION_ERROR_KEY and the plan's message. */
export function interruptPolicyConfig(termination: TerminationPlan): { errorKey: string; message: string } {
    return { errorKey: TERMINATION_ERROR_KEY, message: termination.message };
}

/**
 * The API's response templates: the interrupt step's error key answers with the plan's status (403) and
 * message for every Accept header (the wildcard media type); the interrupt policy sets no status of its own (a failure without one is a 500).
 */
export function responseTemplates(termination: TerminationPlan): Record<string, Record<string, { status: number; headers: Record<string, string>; body: string }>> {
    return {
        [TERMINATION_ERROR_KEY]: {
            "*/*": { status: termination.status, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ message: termination.message }) },
        },
    };
}

function plan(name: string, securityType: "API_KEY" | "MTLS", tenantId: string, gatewayPlan: GatewayPlan): Record<string, unknown> {
    const { rateLimitPerMinute: perMinute, quotaPerMonth: perMonth, termination } = gatewayPlan;
    // Suspended or archived: the first step ends every call, before the rate limit and quota count it.
    const refuse = termination ? [{ name: "Tenant access ended", enabled: true, policy: "policy-interrupt", configuration: interruptPolicyConfig(termination) }] : [];
    return {
        name,
        description: `${name} of tenant ${tenantId}: subscription required, ${perMinute} requests per minute, ${perMonth} calls per month`,
        security: { type: securityType },
        status: "PUBLISHED",
        // The platform subscribes the tenant's own application (a Subscription object); a subscription
        // requested any other way waits for the platform team's approval.
        validation: "MANUAL",
        flows: [
            {
                name: "tenant rate limit and quota",
                enabled: true,
                selectors: [{ type: "HTTP", path: "/", pathOperator: "STARTS_WITH" }],
                request: [
                    ...refuse,
                    { name: "Rate limit", enabled: true, policy: "rate-limit", configuration: rateLimitPolicyConfig(tenantId, perMinute) },
                    { name: "Quota", enabled: true, policy: "quota", configuration: quotaPolicyConfig(tenantId, perMonth) },
                ],
            },
        ],
    };
}

/**
 * The tenant's API: its context path, its upstream in the tenant's namespace, and its plans. Suspended: the
 * API stays deployed and every plan's first step refuses each call with 403 and the plan's message (the
 * subscriptions and key are kept). Archived: also STOPPED, which takes the API off the gateway.
 */
export function apiSpec(tenantId: string, namespace: string, section: GraviteeSection, gatewayPlan: GatewayPlan, platformNamespace: string): Record<string, unknown> {
    const names = graviteeNames(tenantId);
    const plans: Record<string, unknown> = { [API_KEY_PLAN]: plan("API key", "API_KEY", tenantId, gatewayPlan) };
    if (section.mtls) plans[MTLS_PLAN] = plan("mTLS", "MTLS", tenantId, gatewayPlan);
    const spec: Record<string, unknown> = {
        contextRef: { name: section.managementContext, namespace: platformNamespace },
        name: names.api,
        description: `APIs of tenant ${tenantId}`,
        version: "1.0",
        type: "PROXY",
        // Not listed in the developer portal: only the platform subscribes the tenant's application.
        visibility: "PRIVATE",
        state: gatewayPlan.credentials ? "STARTED" : "STOPPED",
        listeners: [{ type: "HTTP", paths: [{ path: names.listenerPath }], entrypoints: [{ type: "http-proxy", qos: "AUTO" }] }],
        endpointGroups: [
            {
                name: "tenant",
                type: "http-proxy",
                endpoints: [{ name: "tenant", type: "http-proxy", inheritConfiguration: false, configuration: { target: section.upstream.replaceAll("{namespace}", namespace) }, secondary: false }],
            },
        ],
        flowExecution: { mode: "DEFAULT", matchRequired: false },
        plans,
    };
    if (gatewayPlan.termination) spec.responseTemplates = responseTemplates(gatewayPlan.termination);
    return spec;
}

/** The tenant's application; with mTLS, its client certificate by reference to the platform's Secret. */
export function applicationSpec(
    tenantId: string,
    section: GraviteeSection,
    platformNamespace: string,
    clientCertificateSecret: string | undefined,
): Record<string, unknown> {
    const names = graviteeNames(tenantId);
    const settings: Record<string, unknown> = { app: { type: "stoa-tenant", clientId: tenantId } };
    if (section.mtls && clientCertificateSecret) {
        settings.tls = { clientCertificates: [{ name: names.application, ref: { kind: "secrets", name: clientCertificateSecret, namespace: platformNamespace, key: "tls.crt" } }] };
    }
    return {
        contextRef: { name: section.managementContext, namespace: platformNamespace },
        name: names.application,
        description: `Application of tenant ${tenantId}`,
        settings,
    };
}

/** A subscription of the tenant's application to a plan of its own API. */
export function subscriptionSpec<Key>(tenantId: string, platformNamespace: string, planKey: string, apiKey?: Key): Record<string, unknown> {
    const names = graviteeNames(tenantId);
    const api: Ref = { kind: "ApiV4Definition", name: names.api, namespace: platformNamespace };
    const application: Ref = { kind: "Application", name: names.application, namespace: platformNamespace };
    const spec: Record<string, unknown> = { api, application, plan: planKey };
    if (apiKey !== undefined) spec.apiKeys = [{ key: apiKey }];
    return spec;
}
