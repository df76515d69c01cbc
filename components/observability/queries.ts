/**
 * PromQL pinned to one tenant. Every query carries `tenant="<id>"`; namespace metrics carry the
 * tenant's namespace too. The platform's Prometheus adds the `tenant` label to cAdvisor, kubelet and
 * kube-state-metrics series from the namespace (docs/observability.md), so the label-enforcing proxy
 * in front of the datasource can pin them as well.
 */
import { TENANT_ID_PATTERN, type TenantNames } from "../model";

/** Label matchers of one tenant; ids are `[a-z0-9-]` (checked), so nothing needs escaping. */
export function tenantSelector(tenantId: string, names: Pick<TenantNames, "namespace">, options: { namespace?: boolean; containers?: boolean } = {}): string {
    if (!TENANT_ID_PATTERN.test(tenantId)) throw new Error(`"${tenantId}" is not a tenant id`);
    const matchers = [`tenant="${tenantId}"`];
    if (options.namespace) matchers.push(`namespace="${names.namespace}"`);
    // cAdvisor also reports a pod-level series without a container: counting both would double the total.
    if (options.containers) matchers.push(`container!=""`);
    return `{${matchers.join(", ")}}`;
}

export interface TenantQueries {
    requestRate: string;
    errorRate: string;
    errorRatio: string;
    latency: Record<"p50" | "p95" | "p99", string>;
    cpu: string;
    memory: string;
    storage: Record<"used" | "requested", string>;
}

export const RATE_WINDOW = "5m";

export function tenantQueries(tenantId: string, names: Pick<TenantNames, "namespace">): TenantQueries {
    const api = tenantSelector(tenantId, names);
    const containers = tenantSelector(tenantId, names, { namespace: true, containers: true });
    const ns = tenantSelector(tenantId, names, { namespace: true });
    const requests = `sum(rate(stoa_api_requests_total${api}[${RATE_WINDOW}]))`;
    const errors = `sum(rate(stoa_api_errors_total${api}[${RATE_WINDOW}]))`;
    const quantile = (q: number) => `histogram_quantile(${q}, sum by (le) (rate(stoa_api_duration_seconds_bucket${api}[${RATE_WINDOW}])))`;
    return {
        requestRate: requests,
        errorRate: errors,
        errorRatio: `${errors} / clamp_min(${requests}, 1e-9)`,
        latency: { p50: quantile(0.5), p95: quantile(0.95), p99: quantile(0.99) },
        cpu: `sum(rate(container_cpu_usage_seconds_total${containers}[${RATE_WINDOW}]))`,
        memory: `sum(container_memory_working_set_bytes${containers})`,
        // Volumes: what the kubelet sees used, and what the claims request (kube-state-metrics).
        storage: { used: `sum(kubelet_volume_stats_used_bytes${ns})`, requested: `sum(kube_persistentvolumeclaim_resource_requests_storage_bytes${ns})` },
    };
}
