/** Pure builders of the Kong plugin configurations, so the tests can check them as data. */
import type { ClientCertificate } from "../certificate";
import type { KongSection } from "./config";
import type { TerminationPlan } from "../plan";

export const KONG_API_VERSION = "configuration.konghq.com/v1";
/** KIC 3.x only reads credential Secrets carrying this label; its value is the credential type. */
export const KONG_CREDENTIAL_LABEL = "konghq.com/credential";
export const KONG_PLUGINS_ANNOTATION = "konghq.com/plugins";
export const INGRESS_CLASS_ANNOTATION = "kubernetes.io/ingress.class";

/**
 * KongPlugins the platform puts in each tenant namespace for the tenant's own Ingresses to reference
 * (`konghq.com/plugins: stoa-key-auth,stoa-acl`): tenant roles cannot create or edit KongPlugins, and an
 * Ingress can only reference plugins of its own namespace, so a route can only ever allow its own tenant.
 */
export const ROUTE_KEY_AUTH_PLUGIN = "stoa-key-auth";
export const ROUTE_ACL_PLUGIN = "stoa-acl";

export function routeKeyAuthConfig(): { key_names: string[]; hide_credentials: boolean } {
    // The key never reaches the tenant's upstream service.
    return { key_names: ["apikey"], hide_credentials: true };
}

export function routeAclConfig(aclGroup: string): { allow: string[]; hide_groups_header: boolean } {
    return { allow: [aclGroup], hide_groups_header: true };
}

/** What the rate-limiting plugin reads from the stack: the counter store and how to reach Redis. */
export interface RateLimitStack {
    rateLimitPolicy: KongSection["rateLimitPolicy"];
    redis: Pick<KongSection["redis"], "host" | "port" | "ssl" | "passwordSecret">;
}

export interface RateLimitingConfig {
    minute: number;
    /** The quota: calls per calendar month (Kong's `month` window starts on the 1st, 00:00 UTC). */
    month: number;
    limit_by: "consumer";
    policy: "redis" | "cluster";
    /**
     * true: if the counter store is down, calls pass unlimited instead of failing. A Redis outage would
     * otherwise take every tenant's APIs down at once; the overshoot lasts only as long as the outage.
     */
    fault_tolerant: boolean;
    hide_client_headers: boolean;
    error_code: number;
    redis?: { host: string; port: number; ssl: boolean; ssl_verify: boolean; database: number };
}

/**
 * Consumer-scoped rate limit and quota, one plugin with two windows (both hold). `redis`, not `local`: with
 * several Kong replicas a `local` counter lets each replica serve the full limit. `cluster` needs Kong's own
 * database, which DB-less KIC lacks. Kong refuses a `month` below `minute`; the tier rules never produce one.
 */
export function rateLimitingConfig(minute: number, month: number, stack: RateLimitStack): RateLimitingConfig {
    const config: RateLimitingConfig = {
        minute,
        month,
        limit_by: "consumer",
        policy: stack.rateLimitPolicy,
        fault_tolerant: true,
        hide_client_headers: false,
        error_code: 429,
    };
    if (stack.rateLimitPolicy === "redis") {
        const redis = stack.redis;
        config.redis = { host: redis.host, port: redis.port, ssl: redis.ssl, ssl_verify: redis.ssl, database: 0 };
    }
    return config;
}

/** KIC's configPatches: the Redis password comes from a platform Secret, never from this program. */
export function rateLimitingConfigPatches(stack: RateLimitStack): Record<string, unknown>[] | undefined {
    if (stack.rateLimitPolicy !== "redis" || !stack.redis.passwordSecret) return undefined;
    return [{ path: "/redis/password", valueFrom: { secretKeyRef: { name: stack.redis.passwordSecret, key: "password" } } }];
}

/**
 * The mtls-auth credential of a consumer: Kong maps a verified client certificate to the consumer whose
 * credential's subject_name equals one of the certificate's SANs, and reads the CN only when a
 * certificate has no SAN at all. The match is on the URI SAN of the platform's own Certificate
 * (`spiffe://stoa/tenant/<id>`), never on a common name.
 */
export function mtlsCredential(certificate: Pick<ClientCertificate, "uri">): { subject_name: string } {
    return { subject_name: certificate.uri };
}

export function requestTerminationConfig(termination: TerminationPlan): { status_code: number; message: string } {
    return { status_code: termination.status, message: termination.message };
}
