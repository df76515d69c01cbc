/**
 * The tier table: every number a tier decides, in one place. A tenant file may lower a value below its
 * tier's ceiling, never raise it above. Pure data plus small lookups; the layers read it through
 * `resolveTenant` (resolve.ts), never directly from a tenant file.
 */
import type { IsolationModel } from "./isolation";

export const TIER_NAMES = ["community", "starter", "business", "enterprise"] as const;
export type TierName = (typeof TIER_NAMES)[number];

/** Feature flags a tenant file can switch; which tier may switch each on is in `Tier.features`. */
export const FEATURE_NAMES = [
    "mcp_enabled",
    "portal",
    "shadow_mode",
    "advanced_analytics",
    "multi_gateway",
    "white_label",
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** What the namespace's ResourceQuota holds; every key can be lowered in `settings.resources`. */
export interface NamespaceQuota {
    /** `requests.cpu` (limits.cpu is this times the tier's burst ratio). */
    cpu: string;
    /** `requests.memory` (limits.memory is this times the tier's burst ratio). */
    memory: string;
    /** `requests.storage`: total size of all volume claims. */
    storage: string;
    /** `persistentvolumeclaims`. */
    volumes: number;
    pods: number;
    services: number;
    /** `services.loadbalancers`. */
    load_balancers: number;
    /** `services.nodeports`. */
    node_ports: number;
    secrets: number;
    config_maps: number;
    /** `requests.ephemeral-storage` and `limits.ephemeral-storage`: container scratch space and logs on the nodes' disks. */
    ephemeral_storage: string;
    /** `count/deployments.apps`. */
    deployments: number;
    /**
     * `count/replicasets.apps`. A Deployment keeps its old ReplicaSets (10 by default,
     * `revisionHistoryLimit`), so the tier allows 11 per Deployment or rollouts stop at the quota.
     */
    replica_sets: number;
    /** `count/statefulsets.apps`. */
    stateful_sets: number;
    /** `count/jobs.batch`: finished Jobs count until deleted (a CronJob keeps 3 successful and 1 failed). */
    jobs: number;
    /** `count/cronjobs.batch`. */
    cron_jobs: number;
    /** `count/ingresses.networking.k8s.io`. */
    ingresses: number;
    /** `count/serviceaccounts` (the namespace's `default` account counts). */
    service_accounts: number;
    /** `count/poddisruptionbudgets.policy`. */
    pod_disruption_budgets: number;
    /** `count/horizontalpodautoscalers.autoscaling`. */
    horizontal_pod_autoscalers: number;
}

export const QUOTA_KEYS = [
    "cpu",
    "memory",
    "storage",
    "volumes",
    "pods",
    "services",
    "load_balancers",
    "node_ports",
    "secrets",
    "config_maps",
    "ephemeral_storage",
    "deployments",
    "replica_sets",
    "stateful_sets",
    "jobs",
    "cron_jobs",
    "ingresses",
    "service_accounts",
    "pod_disruption_budgets",
    "horizontal_pod_autoscalers",
] as const satisfies readonly (keyof NamespaceQuota)[];

/** Quota keys that are Kubernetes quantities; the others are object counts. */
export const QUANTITY_QUOTA_KEYS = ["cpu", "memory", "storage", "ephemeral_storage"] as const satisfies readonly (keyof NamespaceQuota)[];

/**
 * The PriorityClasses the platform manages for tenant pods, with their value. Every one has
 * `preemptionPolicy: Never`: a higher class moves a pod ahead in the scheduling queue and never evicts
 * another tenant's pod. Which tier may use which is `Tier.priorityClasses`.
 */
export const TENANT_PRIORITY_CLASSES = {
    "stoa-tenant-batch": { value: -100, description: "Tenant batch work: scheduled after every pod without a class." },
    "stoa-tenant-elevated": { value: 1000, description: "Tenant services scheduled ahead of ordinary tenant pods; never preempts." },
} as const satisfies Record<string, { value: number; description: string }>;
export type TenantPriorityClass = keyof typeof TENANT_PRIORITY_CLASSES;

/** The brief's `settings.quotas`: platform-level limits enforced by the control plane and gateway. */
export interface ApiQuotas {
    max_apis: number;
    max_subscriptions: number;
    /** Gateway rate limit, in requests per minute for the whole tenant. */
    max_rate_limit: number;
    /**
     * Gateway quota: calls per month for the whole tenant, beside the per-minute rate limit. The tier values
     * are a 30-day month (43,200 minutes) of calls at a tenth of the tier's rate limit: max_rate_limit × 4,320.
     * At least max_rate_limit: a month's budget below one minute's limit is refused (some gateways refuse it too).
     */
    max_calls_per_month: number;
}

export const API_QUOTA_KEYS = ["max_apis", "max_subscriptions", "max_rate_limit", "max_calls_per_month"] as const satisfies readonly (keyof ApiQuotas)[];

export interface ContainerResources {
    cpu: string;
    memory: string;
}

export interface Tier {
    /** How the brief names the tier. */
    label: string;
    /** The SLA the brief's tier table promises. */
    sla: string;
    quota: { default: NamespaceQuota; ceiling: NamespaceQuota };
    /** limits = requests × burstRatio, in the quota and as the LimitRange's max ratio. */
    burstRatio: number;
    /**
     * Per-container defaults so that a pod without requests is still admitted under a quota. The
     * default limit is at most the default request × burstRatio, or the LimitRange's own
     * maxLimitRequestRatio would refuse the pods it fills in.
     */
    limitRange: {
        defaultRequest: ContainerResources;
        defaultLimit: ContainerResources;
        maxPerContainer: ContainerResources;
        /** Largest single volume claim. */
        maxVolumeSize: string;
        /**
         * Ephemeral storage per container: `default` is both the request and the limit filled in for a
         * container that declares none (the quota makes the API server refuse pods without them), `max`
         * the most one container may ask for. The kubelet evicts a pod that writes past its limit.
         */
        ephemeralStorage: { default: string; max: string };
    };
    /** PriorityClasses (from TENANT_PRIORITY_CLASSES) the tier's pods may name; none other is admitted. */
    priorityClasses: readonly TenantPriorityClass[];
    apiQuotas: { default: ApiQuotas; ceiling: ApiQuotas };
    /** Features the tier may switch on, and their value when the tenant file says nothing. */
    features: { allowed: readonly FeatureName[]; defaults: Record<FeatureName, boolean> };
    /** Namespace and schema backups: cron schedule (UTC) and how long each backup is kept. */
    backup: { schedule: string; retentionDays: number };
    /** How long an archived tenant's data is kept before deletion may be considered. */
    archiveRetentionDays: number;
    /** PostgreSQL connection limit of the tenant's application role. */
    databaseConnectionLimit: number;
    /**
     * PostgreSQL session settings of the tenant's login roles (ALTER ROLE … SET). temp_file_limit is a
     * limit the role cannot lift (only a superuser may set it); the two timeouts are defaults the role
     * can still change for its own session (docs/data.md).
     */
    databaseRole: { tempFileLimit: string; statementTimeoutMs: number; idleInTransactionSessionTimeoutMs: number };
    /** PostgreSQL isolation model (isolation.ts): a schema in the shared database, or a database of its own. */
    databaseIsolation: IsolationModel;
    /** Keycloak token lifespans, in seconds. */
    tokenLifespans: { accessToken: number; ssoSessionIdle: number; ssoSessionMax: number };
}

const NO_FEATURES: Record<FeatureName, boolean> = {
    mcp_enabled: false,
    portal: false,
    shadow_mode: false,
    advanced_analytics: false,
    multi_gateway: false,
    white_label: false,
};

export const TIERS: Readonly<Record<TierName, Tier>> = {
    community: {
        label: "Community",
        sla: "best effort",
        quota: {
            default: { cpu: "1", memory: "2Gi", storage: "5Gi", volumes: 2, pods: 10, services: 5, load_balancers: 0, node_ports: 0, secrets: 20, config_maps: 20, ephemeral_storage: "5Gi", deployments: 10, replica_sets: 110, stateful_sets: 2, jobs: 25, cron_jobs: 5, ingresses: 5, service_accounts: 5, pod_disruption_budgets: 5, horizontal_pod_autoscalers: 5 },
            ceiling: { cpu: "2", memory: "4Gi", storage: "10Gi", volumes: 4, pods: 20, services: 10, load_balancers: 0, node_ports: 0, secrets: 40, config_maps: 40, ephemeral_storage: "10Gi", deployments: 20, replica_sets: 220, stateful_sets: 4, jobs: 50, cron_jobs: 10, ingresses: 10, service_accounts: 10, pod_disruption_budgets: 10, horizontal_pod_autoscalers: 10 },
        },
        burstRatio: 1,
        limitRange: {
            defaultRequest: { cpu: "100m", memory: "128Mi" },
            defaultLimit: { cpu: "100m", memory: "128Mi" },
            maxPerContainer: { cpu: "1", memory: "2Gi" },
            maxVolumeSize: "5Gi",
            ephemeralStorage: { default: "256Mi", max: "2Gi" },
        },
        priorityClasses: ["stoa-tenant-batch"],
        apiQuotas: {
            default: { max_apis: 5, max_subscriptions: 20, max_rate_limit: 100, max_calls_per_month: 432000 },
            ceiling: { max_apis: 10, max_subscriptions: 50, max_rate_limit: 1000, max_calls_per_month: 4320000 },
        },
        // "Core APIs, basic MCP"
        features: { allowed: ["mcp_enabled"], defaults: { ...NO_FEATURES, mcp_enabled: true } },
        backup: { schedule: "0 3 * * 0", retentionDays: 7 },
        archiveRetentionDays: 30,
        databaseConnectionLimit: 5,
        databaseRole: { tempFileLimit: "1GB", statementTimeoutMs: 30000, idleInTransactionSessionTimeoutMs: 60000 },
        databaseIsolation: "schema",
        tokenLifespans: { accessToken: 300, ssoSessionIdle: 1800, ssoSessionMax: 36000 },
    },
    starter: {
        label: "Starter",
        sla: "99%",
        quota: {
            default: { cpu: "2", memory: "4Gi", storage: "20Gi", volumes: 4, pods: 30, services: 10, load_balancers: 0, node_ports: 0, secrets: 50, config_maps: 50, ephemeral_storage: "10Gi", deployments: 20, replica_sets: 220, stateful_sets: 5, jobs: 50, cron_jobs: 10, ingresses: 10, service_accounts: 10, pod_disruption_budgets: 10, horizontal_pod_autoscalers: 10 },
            ceiling: { cpu: "4", memory: "8Gi", storage: "50Gi", volumes: 10, pods: 60, services: 20, load_balancers: 1, node_ports: 0, secrets: 100, config_maps: 100, ephemeral_storage: "25Gi", deployments: 40, replica_sets: 440, stateful_sets: 10, jobs: 100, cron_jobs: 20, ingresses: 20, service_accounts: 20, pod_disruption_budgets: 20, horizontal_pod_autoscalers: 20 },
        },
        burstRatio: 1.5,
        limitRange: {
            defaultRequest: { cpu: "100m", memory: "128Mi" },
            defaultLimit: { cpu: "150m", memory: "192Mi" },
            maxPerContainer: { cpu: "2", memory: "4Gi" },
            maxVolumeSize: "20Gi",
            ephemeralStorage: { default: "256Mi", max: "4Gi" },
        },
        priorityClasses: ["stoa-tenant-batch"],
        apiQuotas: {
            default: { max_apis: 20, max_subscriptions: 100, max_rate_limit: 1000, max_calls_per_month: 4320000 },
            ceiling: { max_apis: 50, max_subscriptions: 250, max_rate_limit: 5000, max_calls_per_month: 21600000 },
        },
        // "APIs + MCP tools, portal"
        features: { allowed: ["mcp_enabled", "portal"], defaults: { ...NO_FEATURES, mcp_enabled: true, portal: true } },
        backup: { schedule: "0 2 * * *", retentionDays: 14 },
        archiveRetentionDays: 90,
        databaseConnectionLimit: 10,
        databaseRole: { tempFileLimit: "5GB", statementTimeoutMs: 60000, idleInTransactionSessionTimeoutMs: 300000 },
        databaseIsolation: "schema",
        tokenLifespans: { accessToken: 300, ssoSessionIdle: 1800, ssoSessionMax: 36000 },
    },
    business: {
        label: "Business",
        sla: "per agreement",
        quota: {
            default: { cpu: "8", memory: "16Gi", storage: "100Gi", volumes: 10, pods: 100, services: 30, load_balancers: 1, node_ports: 0, secrets: 200, config_maps: 200, ephemeral_storage: "50Gi", deployments: 50, replica_sets: 550, stateful_sets: 10, jobs: 100, cron_jobs: 20, ingresses: 30, service_accounts: 20, pod_disruption_budgets: 30, horizontal_pod_autoscalers: 30 },
            ceiling: { cpu: "16", memory: "32Gi", storage: "250Gi", volumes: 20, pods: 200, services: 60, load_balancers: 2, node_ports: 2, secrets: 400, config_maps: 400, ephemeral_storage: "100Gi", deployments: 100, replica_sets: 1100, stateful_sets: 20, jobs: 250, cron_jobs: 50, ingresses: 60, service_accounts: 40, pod_disruption_budgets: 60, horizontal_pod_autoscalers: 60 },
        },
        burstRatio: 2,
        limitRange: {
            defaultRequest: { cpu: "250m", memory: "256Mi" },
            defaultLimit: { cpu: "500m", memory: "512Mi" },
            maxPerContainer: { cpu: "4", memory: "8Gi" },
            maxVolumeSize: "100Gi",
            ephemeralStorage: { default: "512Mi", max: "10Gi" },
        },
        priorityClasses: ["stoa-tenant-batch", "stoa-tenant-elevated"],
        apiQuotas: {
            default: { max_apis: 50, max_subscriptions: 200, max_rate_limit: 10000, max_calls_per_month: 43200000 },
            ceiling: { max_apis: 200, max_subscriptions: 1000, max_rate_limit: 50000, max_calls_per_month: 216000000 },
        },
        // "Full platform, multi-gateway"
        features: {
            allowed: ["mcp_enabled", "portal", "shadow_mode", "advanced_analytics", "multi_gateway"],
            defaults: { ...NO_FEATURES, mcp_enabled: true, portal: true },
        },
        backup: { schedule: "0 */6 * * *", retentionDays: 30 },
        archiveRetentionDays: 365,
        databaseConnectionLimit: 25,
        databaseRole: { tempFileLimit: "20GB", statementTimeoutMs: 300000, idleInTransactionSessionTimeoutMs: 600000 },
        databaseIsolation: "database",
        tokenLifespans: { accessToken: 600, ssoSessionIdle: 3600, ssoSessionMax: 43200 },
    },
    enterprise: {
        label: "Enterprise",
        sla: "custom",
        quota: {
            default: { cpu: "16", memory: "32Gi", storage: "500Gi", volumes: 20, pods: 250, services: 50, load_balancers: 2, node_ports: 0, secrets: 500, config_maps: 500, ephemeral_storage: "100Gi", deployments: 100, replica_sets: 1100, stateful_sets: 20, jobs: 250, cron_jobs: 50, ingresses: 50, service_accounts: 50, pod_disruption_budgets: 100, horizontal_pod_autoscalers: 100 },
            ceiling: { cpu: "64", memory: "256Gi", storage: "2Ti", volumes: 100, pods: 1000, services: 200, load_balancers: 10, node_ports: 10, secrets: 2000, config_maps: 2000, ephemeral_storage: "500Gi", deployments: 500, replica_sets: 5500, stateful_sets: 100, jobs: 1000, cron_jobs: 200, ingresses: 200, service_accounts: 200, pod_disruption_budgets: 500, horizontal_pod_autoscalers: 500 },
        },
        burstRatio: 2,
        limitRange: {
            defaultRequest: { cpu: "250m", memory: "256Mi" },
            defaultLimit: { cpu: "500m", memory: "512Mi" },
            maxPerContainer: { cpu: "8", memory: "32Gi" },
            maxVolumeSize: "500Gi",
            ephemeralStorage: { default: "512Mi", max: "20Gi" },
        },
        priorityClasses: ["stoa-tenant-batch", "stoa-tenant-elevated"],
        apiQuotas: {
            default: { max_apis: 200, max_subscriptions: 1000, max_rate_limit: 50000, max_calls_per_month: 216000000 },
            ceiling: { max_apis: 1000, max_subscriptions: 10000, max_rate_limit: 500000, max_calls_per_month: 2160000000 },
        },
        // "White-label, dedicated support"
        features: { allowed: FEATURE_NAMES, defaults: { ...NO_FEATURES, mcp_enabled: true, portal: true } },
        backup: { schedule: "0 * * * *", retentionDays: 90 },
        archiveRetentionDays: 2555,
        databaseConnectionLimit: 100,
        databaseRole: { tempFileLimit: "100GB", statementTimeoutMs: 900000, idleInTransactionSessionTimeoutMs: 1800000 },
        databaseIsolation: "database",
        tokenLifespans: { accessToken: 900, ssoSessionIdle: 3600, ssoSessionMax: 86400 },
    },
};

/** The lowest tier that may switch `feature` on, for error messages. */
export function lowestTierAllowing(feature: FeatureName): TierName | undefined {
    return TIER_NAMES.find((tier) => TIERS[tier].features.allowed.includes(feature));
}
