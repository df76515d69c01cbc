/**
 * Pure builders of a tenant's Gravitee Kubernetes Operator objects (gravitee.io/v1alpha1), so the tests
 * can check them as data against the operator's CRDs (test/gateway/gravitee.test.ts).
 */
import type { GatewayPlan } from "../plan";
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

function plan(name: string, securityType: "API_KEY" | "MTLS", tenantId: string, perMinute: number): Record<string, unknown> {
    return {
        name,
        description: `${name} of tenant ${tenantId}: subscription required, ${perMinute} requests per minute`,
        security: { type: securityType },
        status: "PUBLISHED",
        // The platform subscribes the tenant's own application (a Subscription object); a subscription
        // requested any other way waits for the platform team's approval.
        validation: "MANUAL",
        flows: [
            {
                name: "tenant rate limit",
                enabled: true,
                selectors: [{ type: "HTTP", path: "/", pathOperator: "STARTS_WITH" }],
                request: [{ name: "Rate limit", enabled: true, policy: "rate-limit", configuration: rateLimitPolicyConfig(tenantId, perMinute) }],
            },
        ],
    };
}

/**
 * The tenant's API: its context path, its upstream in the tenant's namespace, and its plans. Suspended or
 * archived: STOPPED, which takes the API off the gateway, so that every call is refused.
 */
export function apiSpec(tenantId: string, namespace: string, section: GraviteeSection, gatewayPlan: GatewayPlan, platformNamespace: string): Record<string, unknown> {
    const names = graviteeNames(tenantId);
    const plans: Record<string, unknown> = { [API_KEY_PLAN]: plan("API key", "API_KEY", tenantId, gatewayPlan.rateLimitPerMinute) };
    if (section.mtls) plans[MTLS_PLAN] = plan("mTLS", "MTLS", tenantId, gatewayPlan.rateLimitPerMinute);
    return {
        contextRef: { name: section.managementContext, namespace: platformNamespace },
        name: names.api,
        description: `APIs of tenant ${tenantId}`,
        version: "1.0",
        type: "PROXY",
        // Not listed in the developer portal: only the platform subscribes the tenant's application.
        visibility: "PRIVATE",
        state: gatewayPlan.termination ? "STOPPED" : "STARTED",
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
