/**
 * What the gateway does for one tenant, decided from its status and quotas: a pure function every
 * adapter builds from, so that Kong and any later adapter refuse the same calls for the same reasons.
 */
import type { AccessPlan, ResolvedTenant } from "../model";

export interface TerminationPlan {
    /** HTTP status of every refused call. */
    status: 403;
    message: string;
}

export interface GatewayPlan {
    /** Consumer (username) the gateway knows the tenant by. */
    consumer: string;
    /** ACL group the tenant's consumer is in; routes allow their own tenant's group only. */
    aclGroup: string;
    /** Requests per minute on this gateway: the tenant's limit, or its share when it is on several gateways. */
    rateLimitPerMinute: number;
    /** Calls per month on this gateway (the quota): the tenant's quota, or its share when it is on several gateways. */
    quotaPerMonth: number;
    /** The consumer has credentials (API key, ACL membership, mTLS): false once archived. */
    credentials: boolean;
    /** Every call the consumer makes is refused with this, when set (suspended, archived). */
    termination?: TerminationPlan;
    /** The tenant has an mTLS client certificate (not once archived). */
    clientCertificate: boolean;
}

/** The two gateway quotas of a tenant, and the units their messages give. */
type GatewayQuota = "max_rate_limit" | "max_calls_per_month";
const UNITS: Readonly<Record<GatewayQuota, { many: string; one: string }>> = {
    max_rate_limit: { many: "requests per minute", one: "request per minute" },
    max_calls_per_month: { many: "calls per month", one: "call per month" },
};

/** A gateway quota of the tenant, a positive whole number within its tier's ceiling. */
function withinCeiling(tenant: Pick<ResolvedTenant, "id" | "apiQuotas" | "tier">, key: GatewayQuota): number {
    const value = tenant.apiQuotas[key];
    const ceiling = tenant.tier.apiQuotas.ceiling[key];
    if (!Number.isInteger(value) || value <= 0) throw new Error(`tenant ${tenant.id}: ${key} must be a positive whole number (got ${value})`);
    if (value > ceiling) throw new Error(`tenant ${tenant.id}: ${key} ${value} is above its tier's ceiling of ${ceiling} ${UNITS[key].many}`);
    return value;
}

/**
 * The tenant's rate limit, checked again here against its tier's ceiling (validation already did): a
 * gateway must never be configured above what the tier allows, whatever produced the tenant.
 */
export function rateLimitPerMinute(tenant: Pick<ResolvedTenant, "id" | "apiQuotas" | "tier">): number {
    return withinCeiling(tenant, "max_rate_limit");
}

/**
 * The tenant's monthly quota, checked again against its tier's ceiling and its rate limit (validation already
 * did): never above the tier, never below one minute's limit (Kong refuses a month below a minute).
 */
export function quotaPerMonth(tenant: Pick<ResolvedTenant, "id" | "apiQuotas" | "tier">): number {
    const quota = withinCeiling(tenant, "max_calls_per_month");
    const rate = rateLimitPerMinute(tenant);
    if (quota < rate) throw new Error(`tenant ${tenant.id}: max_calls_per_month ${quota} is below its max_rate_limit of ${rate}`);
    return quota;
}

export function terminationMessage(tenantId: string, gateway: AccessPlan["gateway"]): string | undefined {
    switch (gateway) {
        case "open":
            return undefined;
        case "blocked":
            return `Tenant ${tenantId} is suspended: API calls are refused until the suspension is lifted. Contact the platform team.`;
        case "closed":
            return `Tenant ${tenantId} is archived: its API access has ended.`;
    }
}

/**
 * The gateways a tenant is on: every gateway of the stack when its tier allows `multi_gateway` and its
 * features turn it on, else the stack's default gateway (the first) only.
 */
export function tenantGateways<Section extends { adapter: string }>(
    tenant: Pick<ResolvedTenant, "features" | "tier">,
    gateways: readonly Section[],
): Section[] {
    const multi = tenant.features.multi_gateway && tenant.tier.features.allowed.includes("multi_gateway");
    return multi ? [...gateways] : gateways.slice(0, 1);
}

/** `total` split evenly across `gateways`, rounded down; refused when a gateway's share would be nothing. */
function evenShare(tenantId: string, key: GatewayQuota, total: number, gateways: number): number {
    const share = Math.floor(total / gateways);
    if (share < 1) throw new Error(`tenant ${tenantId}: ${key} ${total} cannot be split across ${gateways} gateways (each needs at least 1 ${UNITS[key].one})`);
    return share;
}

/**
 * One rate limit across gateways: each of `gateways` gateways allows the tenant an even share of its limit,
 * rounded down, so that the calls all gateways let through together never exceed the limit. Gateways of
 * different products keep their counters in different stores, so a shared counter is not available.
 */
export function rateLimitShare(tenantId: string, perMinute: number, gateways: number): number {
    return evenShare(tenantId, "max_rate_limit", perMinute, gateways);
}

/** The quota across gateways, split like the rate limit: an even share on each, rounded down. */
export function quotaShare(tenantId: string, perMonth: number, gateways: number): number {
    return evenShare(tenantId, "max_calls_per_month", perMonth, gateways);
}

export function gatewayPlan(
    tenant: Pick<ResolvedTenant, "id" | "apiQuotas" | "tier" | "names">,
    access: Pick<AccessPlan, "gateway">,
    gateways = 1,
): GatewayPlan {
    const message = terminationMessage(tenant.id, access.gateway);
    return {
        consumer: tenant.names.gatewayConsumer,
        aclGroup: tenant.names.gatewayAclGroup,
        rateLimitPerMinute: rateLimitShare(tenant.id, rateLimitPerMinute(tenant), gateways),
        quotaPerMonth: quotaShare(tenant.id, quotaPerMonth(tenant), gateways),
        credentials: access.gateway !== "closed",
        termination: message === undefined ? undefined : { status: 403, message },
        clientCertificate: access.gateway !== "closed",
    };
}
