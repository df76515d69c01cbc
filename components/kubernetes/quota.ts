/**
 * ResourceQuotas and LimitRange of the tenant namespace. The maths is pure (`resourceQuotaHard`,
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
const EPHEMERAL_STORAGE = "ephemeral-storage";

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
        // Scratch space and logs on the node's disk: without a budget one tenant can fill a node and get
        // its neighbours evicted. The LimitRange fills in a request and a limit for containers without one.
        "requests.ephemeral-storage": quota.ephemeral_storage,
        "limits.ephemeral-storage": quota.ephemeral_storage,
        "count/deployments.apps": String(quota.deployments),
        "count/replicasets.apps": String(quota.replica_sets),
        "count/statefulsets.apps": String(quota.stateful_sets),
        "count/jobs.batch": String(quota.jobs),
        "count/cronjobs.batch": String(quota.cron_jobs),
        "count/ingresses.networking.k8s.io": String(quota.ingresses),
        "count/serviceaccounts": String(quota.service_accounts),
        "count/poddisruptionbudgets.policy": String(quota.pod_disruption_budgets),
        "count/horizontalpodautoscalers.autoscaling": String(quota.horizontal_pod_autoscalers),
    };
}

/** Name of the ResourceQuota that keeps pods to the tier's PriorityClasses. */
export const PRIORITY_QUOTA_NAME = "stoa-tenant-priority-classes";

/**
 * `spec` of the second ResourceQuota: no pod may name a PriorityClass outside the tier's list. The two
 * expressions are ANDed: `Exists` leaves pods without a class alone (a `NotIn` alone would match them).
 * The admission policy `stoa-tenant-scheduling` refuses the same pods with a message; this quota is
 * the same rule held by the quota system, per namespace.
 */
export function priorityQuotaSpec(allowed: readonly string[]) {
    const matchExpressions: { scopeName: "PriorityClass"; operator: "Exists" | "NotIn"; values?: string[] }[] = [{ scopeName: "PriorityClass", operator: "Exists" }];
    // NotIn needs at least one value; with none allowed, every pod that names a class is matched.
    if (allowed.length > 0) matchExpressions.push({ scopeName: "PriorityClass", operator: "NotIn", values: [...allowed] });
    return { hard: { pods: "0" }, scopeSelector: { matchExpressions } };
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
export function limitRangeItems(tier: Pick<Tier, "burstRatio" | "limitRange">, quota: Pick<NamespaceQuota, "storage" | "ephemeral_storage">): LimitRangeItem[] {
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
    // No burst for disk: the default request is the default limit, and neither exceeds the maximum or the namespace's budget.
    const ephemeralMax = minQuantity(limitRange.ephemeralStorage.max, quota.ephemeral_storage);
    const ephemeralDefault = minQuantity(limitRange.ephemeralStorage.default, ephemeralMax);
    container.default![EPHEMERAL_STORAGE] = ephemeralDefault;
    container.defaultRequest![EPHEMERAL_STORAGE] = ephemeralDefault;
    container.max![EPHEMERAL_STORAGE] = ephemeralMax;
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
    const priorityQuota = new k8s.core.v1.ResourceQuota(
        ctx.name("priority-quota"),
        { metadata: { name: PRIORITY_QUOTA_NAME, namespace, labels }, spec: priorityQuotaSpec(ctx.tenant.tier.priorityClasses) },
        ctx.opts,
    );
    return { resourceQuota, limitRange, priorityQuota };
}
