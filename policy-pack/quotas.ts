/**
 * Tier ceilings: a tenant's namespace quota and its gateway rate limit and quota never exceed what its tier
 * allows (components/model/tiers.ts), whatever a tenant file or a hand-written resource says.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { LABEL_TIER } from "../components/model/labels";
import { parseQuantity } from "../components/model/quantity";
import { TIERS, TIER_NAMES, type TierName } from "../components/model/tiers";
import { policyConfig } from "./lib/config";
import { perResource } from "./lib/known";
import { GATEWAY_QUOTAS, GATEWAY_RATE_LIMITS, describeObject, gatewayObjectTenant } from "./lib/gateway";
import { nameOf, namespaceOf } from "./lib/kubernetes";
import { owningTenant, tierOfTenant } from "./lib/stack";
import { tenantOfNamespace } from "./lib/tenancy";

/** `"4Gi" × 1.5` → `"6Gi"`: scales the number and keeps the unit, so ceilings read like the tier table. */
export function scaleQuantityText(quantity: string, ratio: number): string {
    const match = /^([0-9.]+)(.*)$/.exec(quantity);
    if (!match) throw new Error(`"${quantity}" is not a quantity`);
    return `${Number(match[1]) * ratio}${match[2]}`;
}

/** The ResourceQuota `spec.hard` ceiling of a tier, by Kubernetes quota key. */
export function tierQuotaCeiling(tier: TierName): Record<string, string> {
    const { ceiling } = TIERS[tier].quota;
    const burst = TIERS[tier].burstRatio;
    return {
        "requests.cpu": ceiling.cpu,
        "limits.cpu": scaleQuantityText(ceiling.cpu, burst),
        "requests.memory": ceiling.memory,
        "limits.memory": scaleQuantityText(ceiling.memory, burst),
        "requests.storage": ceiling.storage,
        persistentvolumeclaims: String(ceiling.volumes),
        pods: String(ceiling.pods),
        services: String(ceiling.services),
        "services.loadbalancers": String(ceiling.load_balancers),
        "services.nodeports": String(ceiling.node_ports),
        secrets: String(ceiling.secrets),
        configmaps: String(ceiling.config_maps),
        "requests.ephemeral-storage": ceiling.ephemeral_storage,
        "limits.ephemeral-storage": ceiling.ephemeral_storage,
        // Object counts are `count/<resource>.<group>` in a quota; ceilingKeyOf drops the `count/`.
        "deployments.apps": String(ceiling.deployments),
        "replicasets.apps": String(ceiling.replica_sets),
        "statefulsets.apps": String(ceiling.stateful_sets),
        "jobs.batch": String(ceiling.jobs),
        "cronjobs.batch": String(ceiling.cron_jobs),
        "ingresses.networking.k8s.io": String(ceiling.ingresses),
        serviceaccounts: String(ceiling.service_accounts),
        "poddisruptionbudgets.policy": String(ceiling.pod_disruption_budgets),
        "horizontalpodautoscalers.autoscaling": String(ceiling.horizontal_pod_autoscalers),
    };
}

const STORAGE_CLASS_SCOPE = /^[^/]+\.storageclass\.storage\.k8s\.io\//;

/** The ceiling key a quota key is bounded by: `cpu` is `requests.cpu`, per-StorageClass keys by the total. */
export function ceilingKeyOf(hardKey: string): string {
    const key = hardKey.replace(STORAGE_CLASS_SCOPE, "").replace(/^count\//, "");
    if (key === "cpu" || key === "memory") return `requests.${key}`;
    return key;
}

/**
 * Every problem of a ResourceQuota's `spec.hard` against a ceiling: values above it, and ceiling keys left
 * unbounded unless `everyKey` is false (a quota with scopes only narrows the namespace's main quota).
 */
export function quotaProblems(hard: Record<string, string | number>, ceiling: Record<string, string>, everyKey = true): string[] {
    const problems: string[] = [];
    for (const [key, value] of Object.entries(hard)) {
        const limit = ceiling[ceilingKeyOf(key)];
        if (limit === undefined) continue;
        let above: boolean;
        try {
            above = parseQuantity(String(value)) > parseQuantity(limit);
        } catch {
            problems.push(`${key}=${value} is not a quantity`);
            continue;
        }
        if (above) problems.push(`${key}=${value} is above the ceiling ${limit}`);
    }
    for (const key of everyKey ? Object.keys(ceiling) : []) {
        if (!Object.keys(hard).some((k) => ceilingKeyOf(k) === key && !STORAGE_CLASS_SCOPE.test(k))) problems.push(`${key} is not bounded`);
    }
    return problems;
}

const quotaSchema: NonNullable<StackValidationPolicy["configSchema"]> = {
    properties: {
        ceilings: {
            type: "object",
            default: Object.fromEntries(TIER_NAMES.map((tier) => [tier, tierQuotaCeiling(tier)])),
            description: "Per tier, the highest value of each ResourceQuota key (default: the project's tier table).",
        },
    },
};

function tierOf(resource: PolicyResource, tenantId: string, resources: readonly PolicyResource[]): string | undefined {
    return owningTenant(resource)?.tier ?? tierOfTenant(tenantId, resources, LABEL_TIER);
}

export const resourceQuotaWithinTier: StackValidationPolicy = {
    name: "resource-quota-within-tier",
    description: "Checks that every ResourceQuota of a tenant bounds every quota key and stays within its tier's ceilings.",
    enforcementLevel: "mandatory",
    configSchema: quotaSchema,
    validateStack: (args, reportViolation) => {
        const { ceilings } = policyConfig<{ ceilings: Record<string, Record<string, string>> }>(quotaSchema, args);
        perResource(
            (resource) => resource.type === "kubernetes:core/v1:ResourceQuota",
            (quota) => {
                const tenantId = tenantOfNamespace(namespaceOf(quota.props));
                if (!tenantId) return;
                const name = `ResourceQuota ${namespaceOf(quota.props)}/${nameOf(quota.props, quota.name)}`;
                const tier = tierOf(quota, tenantId, args.resources);
                const ceiling = tier ? ceilings[tier] : undefined;
                if (!ceiling) {
                    reportViolation(`${name} must belong to a tenant of a known tier (tier of ${tenantId}: ${tier ?? "none"}).`, quota.urn);
                    return;
                }
                const spec = (quota.props as { spec?: { hard?: Record<string, string>; scopes?: unknown[]; scopeSelector?: unknown } }).spec;
                const hard = (spec?.hard ?? {}) as Record<string, string>;
                // A scoped quota (the PriorityClass one) counts only some pods: it narrows, the main quota bounds.
                const scoped = (spec?.scopes?.length ?? 0) > 0 || spec?.scopeSelector !== undefined;
                for (const problem of quotaProblems(hard, ceiling, !scoped)) reportViolation(`${name} must stay within the ${tier} tier: ${problem}.`, quota.urn);
            },
        )(args, reportViolation);
    },
};

const rateLimitSchema: NonNullable<StackValidationPolicy["configSchema"]> = {
    properties: {
        ceilings: {
            type: "object",
            default: Object.fromEntries(TIER_NAMES.map((tier) => [tier, TIERS[tier].apiQuotas.ceiling.max_rate_limit])),
            description: "Per tier, the highest gateway rate limit in requests per minute (default: the project's tier table).",
        },
        quotaCeilings: {
            type: "object",
            default: Object.fromEntries(TIER_NAMES.map((tier) => [tier, TIERS[tier].apiQuotas.ceiling.max_calls_per_month])),
            description: "Per tier, the highest gateway quota in calls per month (default: the project's tier table).",
        },
    },
};

/** One measure the policy checks on each gateway object: how to read it, its ceilings, its unit. */
interface Measure {
    read: Readonly<Record<string, (props: Record<string, unknown>) => number[] | undefined | null>>;
    ceilings: Record<string, number>;
    what: string;
    unit: string;
    plural: string;
}

interface Total {
    value: number;
    objects: string[];
    urn: string;
}

/**
 * Every object of a tenant that an adapter says carries a rate limit stays within its tier's ceiling, and so
 * does the sum over the tenant's gateways (one limit across gateways, docs/gateway.md); the same for the
 * quota (calls per month), which every such object must carry too. Driven by the registered adapters'
 * descriptors only.
 */
export const gatewayRateLimitWithinTier: StackValidationPolicy = {
    name: "gateway-rate-limit-within-tier",
    description:
        "Checks that every gateway rate limit of a tenant, on every adapter, sets a per-minute limit and a monthly quota within its tier's ceilings, and that together they stay within them.",
    enforcementLevel: "mandatory",
    configSchema: rateLimitSchema,
    validateStack: (args, reportViolation) => {
        const { ceilings, quotaCeilings } = policyConfig<{ ceilings: Record<string, number>; quotaCeilings: Record<string, number> }>(rateLimitSchema, args);
        const measures: Measure[] = [
            { read: GATEWAY_RATE_LIMITS, ceilings, what: "a limit (a readable number of requests per minute)", unit: "requests per minute", plural: "rate limits" },
            { read: GATEWAY_QUOTAS, ceilings: quotaCeilings, what: "a quota (a readable number of calls per month)", unit: "calls per month", plural: "quotas" },
        ];
        const totals = measures.map(() => new Map<string, Total>());
        perResource(
            (resource) => GATEWAY_RATE_LIMITS[resource.type] !== undefined,
            (object) => {
                // Not a rate limit at all (another kind of plugin): nothing to check.
                if (GATEWAY_RATE_LIMITS[object.type]!(object.props as Record<string, unknown>) === null) return;
                const tenantId = gatewayObjectTenant(object, args.resources);
                if (!tenantId) return;
                const name = `${describeObject(object)} of tenant ${tenantId}`;
                const tier = tierOf(object, tenantId, args.resources);
                if (tier === undefined || ceilings[tier] === undefined || quotaCeilings[tier] === undefined) {
                    reportViolation(`${name} must belong to a tenant of a known tier (got ${tier ?? "none"}).`, object.urn);
                    return;
                }
                measures.forEach((measure, i) => {
                    const limits = measure.read[object.type]?.(object.props as Record<string, unknown>);
                    if (limits === undefined || limits === null || limits.length === 0) {
                        reportViolation(`${name} must set ${measure.what}.`, object.urn);
                        return;
                    }
                    const ceiling = measure.ceilings[tier]!;
                    const value = Math.max(...limits);
                    if (value > ceiling) reportViolation(`${name} must allow at most ${ceiling} ${measure.unit} (${tier} tier), not ${value}.`, object.urn);
                    const total = totals[i]!.get(tenantId) ?? { value: 0, objects: [], urn: object.urn };
                    totals[i]!.set(tenantId, { value: total.value + value, objects: [...total.objects, describeObject(object)], urn: total.urn });
                });
            },
            () => {
                measures.forEach((measure, i) => {
                    for (const [tenantId, total] of totals[i]!) {
                        const tier = tierOfTenant(tenantId, args.resources, LABEL_TIER);
                        const ceiling = tier ? measure.ceilings[tier] : undefined;
                        if (ceiling !== undefined && total.objects.length > 1 && total.value > ceiling) {
                            reportViolation(
                                `The gateway ${measure.plural} of tenant ${tenantId} (${total.objects.join(", ")}) must together allow at most ${ceiling} ${measure.unit} (${tier} tier), not ${total.value}.`,
                                total.urn,
                            );
                        }
                    }
                });
            },
        )(args, reportViolation);
    },
};
