/** What the policy pack knows about Kong's objects: which carry a rate limit, what they reference. */
import type { GatewayPackDescriptor, GatewayReference } from "../adapter";
import { KONG_API_VERSION, KONG_PLUGINS_ANNOTATION } from "./plugins";

export const KONG_PLUGIN_TYPE = `kubernetes:${KONG_API_VERSION}:KongPlugin`;
export const KONG_CLUSTER_PLUGIN_TYPE = `kubernetes:${KONG_API_VERSION}:KongClusterPlugin`;
export const KONG_CONSUMER_TYPE = `kubernetes:${KONG_API_VERSION}:KongConsumer`;
const RATE_LIMIT_PLUGINS = ["rate-limiting", "rate-limiting-advanced"];

/** The most requests one minute can see under a rate-limiting config: the tightest window that bounds a minute. */
export function kongRequestsPerMinute(config: Record<string, unknown> | undefined): number | undefined {
    const limits: number[] = [];
    const second = Number(config?.second);
    if (config?.second !== undefined && Number.isFinite(second)) limits.push(second * 60);
    // A window of a minute or longer caps a single minute at its own limit.
    for (const window of ["minute", "hour", "day", "month", "year"]) {
        const value = Number(config?.[window]);
        if (config?.[window] !== undefined && Number.isFinite(value)) limits.push(value);
    }
    return limits.length > 0 ? Math.min(...limits) : undefined;
}

/** Windows of an hour or longer (the quota's), with how many of each a calendar month can hold at most. */
const QUOTA_WINDOWS: Record<string, number> = { hour: 31 * 24, day: 31, month: 1, year: 1 };

/** The most calls a calendar month can see under a rate-limiting config's windows of an hour or longer. */
export function kongCallsPerMonth(config: Record<string, unknown> | undefined): number | undefined {
    const limits: number[] = [];
    for (const [window, perMonth] of Object.entries(QUOTA_WINDOWS)) {
        const value = Number(config?.[window]);
        if (config?.[window] !== undefined && Number.isFinite(value)) limits.push(value * perMonth);
    }
    return limits.length > 0 ? Math.min(...limits) : undefined;
}

function pluginQuota(props: Record<string, unknown>): number[] | undefined | null {
    if (!RATE_LIMIT_PLUGINS.includes(String(props.plugin ?? ""))) return null;
    const perMonth = kongCallsPerMonth(props.config as Record<string, unknown> | undefined);
    return perMonth === undefined ? undefined : [perMonth];
}

function pluginRateLimit(props: Record<string, unknown>): number[] | undefined | null {
    if (!RATE_LIMIT_PLUGINS.includes(String(props.plugin ?? ""))) return null;
    const perMinute = kongRequestsPerMinute(props.config as Record<string, unknown> | undefined);
    return perMinute === undefined ? undefined : [perMinute];
}

function consumerReferences(props: Record<string, unknown>): GatewayReference[] {
    const metadata = props.metadata as { annotations?: Record<string, string> } | undefined;
    const plugins = (metadata?.annotations?.[KONG_PLUGINS_ANNOTATION] ?? "")
        .split(",")
        .map((p) => p.trim())
        .filter((p) => p !== "")
        .map((name) => ({ kind: "KongPlugin", name, field: `metadata.annotations["${KONG_PLUGINS_ANNOTATION}"]` }));
    const credentials = (Array.isArray(props.credentials) ? (props.credentials as unknown[]) : [])
        .filter((c): c is string => typeof c === "string")
        .map((name) => ({ kind: "Secret", name, field: "credentials" }));
    return [...plugins, ...credentials];
}

export const kongPack: GatewayPackDescriptor = {
    rateLimits: { [KONG_PLUGIN_TYPE]: pluginRateLimit, [KONG_CLUSTER_PLUGIN_TYPE]: pluginRateLimit },
    quotas: { [KONG_PLUGIN_TYPE]: pluginQuota, [KONG_CLUSTER_PLUGIN_TYPE]: pluginQuota },
    references: { [KONG_CONSUMER_TYPE]: consumerReferences },
    claimedTenants: {
        // The consumer's username and custom_id are its tenant's id (components/gateway/plan.ts).
        [KONG_CONSUMER_TYPE]: (props) => [props.username, props.custom_id].filter((v): v is string => typeof v === "string"),
    },
    protectedResources: ["configuration.konghq.com/*"],
    clusterScopedKinds: ["KongClusterPlugin"],
};
