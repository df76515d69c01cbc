/**
 * ResourceQuota and LimitRange of the tenant namespace. The maths is pure (`resourceQuotaHard`,
 * `limitRangeItems`); the Pulumi part only wraps them.
 */
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { LayerContext } from "../context";
import { parseQuantity, type NamespaceQuota, type Tier } from "../model";
import { tenantLabels } from "./namespace";
import { maxQuantity, minQuantity, scaleQuantity } from "./quantityMaths";

export const RESOURCE_QUOTA_NAME = "stoa-tenant-quota";
export const LIMIT_RANGE_NAME = "stoa-tenant-limits";

export interface QuotaInputs {
    /** The tenant's effective quota (tier default, lowered by the tenant file). */
    quota: NamespaceQuota;
    /** limits = requests × burstRatio. */
    burstRatio: number;
    /** False for suspended and archived tenants: the pod count drops to 0. */
    workloadsAllowed: boolean;
    /** The only StorageClass tenant volumes may use. */
    encryptedStorageClass: string;
}

/** `spec.hard` of the tenant's ResourceQuota. */
export function resourceQuotaHard(input: QuotaInputs): Record<string, string> {
    const { quota, burstRatio } = input;
    const storageClassKey = `${input.encryptedStorageClass}.storageclass.storage.k8s.io`;
    return {
        "requests.cpu": quota.cpu,
        "limits.cpu": scaleQuantity(quota.cpu, burstRatio),
        "requests.memory": quota.memory,
        "limits.memory": scaleQuantity(quota.memory, burstRatio),
        "requests.storage": quota.storage,
        persistentvolumeclaims: String(quota.volumes),
        // The whole storage budget is on the encrypted class; an admission rule refuses every other class.
        [`${storageClassKey}/requests.storage`]: quota.storage,
        [`${storageClassKey}/persistentvolumeclaims`]: String(quota.volumes),
        // No new pods while suspended or archived; running pods are not evicted by a quota.
        pods: String(input.workloadsAllowed ? quota.pods : 0),
        services: String(quota.services),
        "services.loadbalancers": String(quota.load_balancers),
        "services.nodeports": String(quota.node_ports),
        secrets: String(quota.secrets),
        configmaps: String(quota.config_maps),
    };
}

export interface LimitRangeItem {
    type: "Container" | "PersistentVolumeClaim";
    default?: Record<string, string>;
    defaultRequest?: Record<string, string>;
    max?: Record<string, string>;
    maxLimitRequestRatio?: Record<string, string>;
}

/**
 * The LimitRange: a container that declares nothing gets the tier's defaults, so it is admitted under
 * the quota. The default request is raised where needed so that default limit ÷ default request never
 * exceeds the burst ratio (otherwise the LimitRange would refuse its own defaults), and the default
 * limit never exceeds the per-container maximum.
 */
export function limitRangeItems(tier: Pick<Tier, "burstRatio" | "limitRange">, quota: Pick<NamespaceQuota, "storage">): LimitRangeItem[] {
    const { limitRange, burstRatio } = tier;
    const container: LimitRangeItem = { type: "Container", default: {}, defaultRequest: {}, max: {}, maxLimitRequestRatio: {} };
    for (const resource of ["cpu", "memory"] as const) {
        const max = limitRange.maxPerContainer[resource];
        const limit = minQuantity(limitRange.defaultLimit[resource], max);
        const request = minQuantity(maxQuantity(limitRange.defaultRequest[resource], scaleQuantity(limit, 1 / burstRatio)), limit);
        container.default![resource] = limit;
        container.defaultRequest![resource] = request;
        container.max![resource] = max;
        container.maxLimitRequestRatio![resource] = String(burstRatio);
    }
    const volume: LimitRangeItem = { type: "PersistentVolumeClaim", max: { storage: minQuantity(limitRange.maxVolumeSize, quota.storage) } };
    return [container, volume];
}

/** Limit ÷ request of a container given only the defaults, for checks and tests. */
export function defaultBurst(item: LimitRangeItem, resource: "cpu" | "memory"): number {
    return parseQuantity(item.default![resource]) / parseQuantity(item.defaultRequest![resource]);
}

export function createQuota(ctx: LayerContext, namespace: pulumi.Input<string>) {
    const labels = tenantLabels(ctx.tenant);
    const resourceQuota = new k8s.core.v1.ResourceQuota(
        ctx.name("quota"),
        {
            metadata: { name: RESOURCE_QUOTA_NAME, namespace, labels },
            spec: {
                hard: resourceQuotaHard({
                    quota: ctx.tenant.quota,
                    burstRatio: ctx.tenant.tier.burstRatio,
                    workloadsAllowed: ctx.access.workloadsAllowed,
                    encryptedStorageClass: ctx.stack.encryptedStorageClass,
                }),
            },
        },
        // Stays with the retained namespace when the tenant leaves the program: its `pods: 0` keeps an
        // archived tenant's controllers from starting pods again in a namespace nobody manages any more.
        { ...ctx.opts, retainOnDelete: true },
    );
    const limitRange = new k8s.core.v1.LimitRange(
        ctx.name("limits"),
        { metadata: { name: LIMIT_RANGE_NAME, namespace, labels }, spec: { limits: limitRangeItems(ctx.tenant.tier, ctx.tenant.quota) } },
        ctx.opts,
    );
    return { resourceQuota, limitRange };
}
