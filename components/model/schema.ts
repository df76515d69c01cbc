/**
 * The tenant file: one zod schema, the single source of truth. Field names follow the brief so that
 * its examples can be copied; `settings.resources`, `settings.access`, `archived_at` and
 * `settings.retention_days` are what the isolation layers need beyond it. Types come from `z.infer`;
 * the JSON Schema for editors is generated from this file (`npm run schema`).
 */
import { z } from "zod";
import { QUANTITY_PATTERN, isQuantity } from "./quantity";
import { displayTextProblem } from "./text";
import { webhookUrlProblem } from "./webhook";
import { RESERVED_TENANT_IDS, RESERVED_TENANT_ID_PREFIXES, TENANT_ID_MAX_LENGTH, TENANT_ID_MIN_LENGTH, TENANT_ID_PATTERN, tenantIdProblem } from "./names";
import { ISOLATION_CHANGES, ISOLATION_MODELS, isolationProblem } from "./isolation";
import { FEATURE_NAMES, TIERS, TIER_NAMES, type FeatureName } from "./tiers";
import { checkAgainstTier, type TierBoundSettings } from "./tierRules";

export const TENANT_STATUSES = ["active", "suspended", "archived"] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

export const TenantIdSchema = z
    .string()
    .superRefine((id, ctx) => {
        const problem = tenantIdProblem(id);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .meta({
        description:
            "Slug identifier, immutable once created (e.g. oasis, acme-corp). A DNS-1123 label of 2 to 30 characters without '--'; must equal the file name.",
        // The rule lives in tenantIdProblem (one message per id); these keywords let editors check it too.
        minLength: TENANT_ID_MIN_LENGTH,
        maxLength: TENANT_ID_MAX_LENGTH,
        pattern: TENANT_ID_PATTERN.source,
        not: {
            anyOf: [
                { enum: [...RESERVED_TENANT_IDS] },
                { pattern: "--" },
                { pattern: `^(${RESERVED_TENANT_ID_PREFIXES.join("|")})` },
            ],
        },
    });

const TIMESTAMP_MESSAGE = "must be an ISO-8601 date-time with a time zone, e.g. 2025-01-15T09:00:00Z";

/** True when the date part names a real day (the format alone lets 2025-02-30 through, which Date reads as March 2). */
export function isRealDate(text: string): boolean {
    const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
    if (!match) return false;
    const [year, month, day] = match.slice(1).map(Number);
    const date = new Date(0);
    date.setUTCFullYear(year, month - 1, day);
    return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && Number.isFinite(Date.parse(text));
}

const timestamp = z.iso
    .datetime({ offset: true, message: TIMESTAMP_MESSAGE })
    .refine(isRealDate, { message: `${TIMESTAMP_MESSAGE} (the date does not exist)`, when: (payload) => typeof payload.value === "string" && z.iso.datetime({ offset: true }).safeParse(payload.value).success });

/** Plain text in one line: shown in Keycloak, Grafana and pull requests exactly as written. */
const displayText = (multiLine: boolean) =>
    z.string().superRefine((text, ctx) => {
        const problem = displayTextProblem(text, multiLine);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
    });

/** Days an archived tenant's data may be retained at most: a hundred years. */
export const MAX_RETENTION_DAYS = 36_500;

const QUANTITY_MESSAGE = 'must be a Kubernetes quantity such as "500m", "4", "8Gi" (no sign, no exponent)';

const quantity = (what: string) =>
    z
        .union(
            [
                z.string().regex(QUANTITY_PATTERN, QUANTITY_MESSAGE),
                // A number must read as a quantity too: 1e21 and 0.0000001 print with an exponent.
                z.number().nonnegative(QUANTITY_MESSAGE).refine((n) => isQuantity(String(n)), QUANTITY_MESSAGE),
            ],
            { error: QUANTITY_MESSAGE },
        )
        .describe(`${what}. A Kubernetes quantity; at most the tier's ceiling.`);

const count = (what: string) => z.number().int().nonnegative().describe(`${what}. At most the tier's ceiling.`);

export const ResourceOverridesSchema = z
    .strictObject({
        cpu: quantity("CPU requests for the whole namespace (limits are this times the tier's burst ratio)").optional(),
        memory: quantity("Memory requests for the whole namespace (limits are this times the tier's burst ratio)").optional(),
        storage: quantity("Total storage of all volume claims").optional(),
        volumes: count("Number of persistent volume claims").optional(),
        pods: count("Number of pods").optional(),
        services: count("Number of services").optional(),
        load_balancers: count("Number of LoadBalancer services").optional(),
        node_ports: count("Number of NodePort services").optional(),
        secrets: count("Number of secrets").optional(),
        config_maps: count("Number of config maps").optional(),
        ephemeral_storage: quantity("Ephemeral storage (container scratch space and logs) of all pods, requests and limits").optional(),
        deployments: count("Number of Deployments").optional(),
        replica_sets: count("Number of ReplicaSets (a Deployment keeps up to 10 old ones)").optional(),
        stateful_sets: count("Number of StatefulSets").optional(),
        jobs: count("Number of Jobs, finished ones included until deleted").optional(),
        cron_jobs: count("Number of CronJobs").optional(),
        ingresses: count("Number of Ingresses").optional(),
        service_accounts: count("Number of service accounts, the namespace's default one included").optional(),
        pod_disruption_budgets: count("Number of PodDisruptionBudgets").optional(),
        horizontal_pod_autoscalers: count("Number of HorizontalPodAutoscalers").optional(),
    })
    .describe("Per-tenant overrides of the namespace quota. Each value defaults to the tier's default and may not exceed the tier's ceiling.");

export const QuotasSchema = z
    .strictObject({
        max_apis: z.number().int().positive().optional().describe("APIs the tenant may publish. Defaults to the tier's value; at most the tier's ceiling."),
        max_subscriptions: z
            .number()
            .int()
            .positive()
            .optional()
            .describe("API subscriptions the tenant may hold. Defaults to the tier's value; at most the tier's ceiling."),
        max_rate_limit: z
            .number()
            .int()
            .positive()
            .optional()
            .describe("Gateway rate limit for the tenant's consumer, in requests per minute. Defaults to the tier's value; at most the tier's ceiling."),
        max_calls_per_month: z
            .number()
            .int()
            .positive()
            .optional()
            .describe(
                "Gateway quota for the tenant's consumer, in calls per month, beside the per-minute rate limit. Defaults to the tier's value; at most the tier's ceiling, at least max_rate_limit.",
            ),
    })
    .describe("Platform quotas enforced by the control plane and the gateway.");

const featureDescriptions: Record<FeatureName, string> = {
    mcp_enabled: "MCP tools for this tenant (all tiers).",
    portal: "The developer portal and its OIDC client (Starter and up).",
    shadow_mode: "Shadow traffic to a second gateway (Business and up).",
    advanced_analytics: "Advanced analytics dashboards (Business and up).",
    multi_gateway: "More than one gateway adapter (Business and up).",
    white_label: "White-label portal and login theme (Enterprise).",
};

export const FeaturesSchema = z
    .strictObject(
        Object.fromEntries(
            FEATURE_NAMES.map((name) => [
                name,
                z.boolean().optional().describe(`${featureDescriptions[name]} Defaults to the tier's default; only tiers that allow it may switch it on.`),
            ]),
        ) as Record<FeatureName, z.ZodOptional<z.ZodBoolean>>,
    )
    .describe("Feature flags. Switching on a feature the tier does not allow is an error.");

export const NotificationsSchema = z
    .strictObject({
        webhook_url: z
            .string()
            .superRefine((url, ctx) => {
                const problem = webhookUrlProblem(url);
                if (problem) ctx.addIssue({ code: "custom", message: problem });
            })
            .meta({ format: "uri", pattern: "^https://" })
            .optional()
            .describe(
                "Where alerts are posted. https only, to a public host name: no IP address, no credentials in the URL, no cluster-internal, local or metadata host (*.svc, *.cluster.local, *.internal, localhost, wildcard-DNS names such as 10.0.0.1.nip.io).",
            ),
        email_alerts: z.boolean().default(false).describe("Send alerts by e-mail to `email_addresses`. Default false."),
        email_addresses: z.array(z.email("must be an e-mail address")).min(1, "must list at least one address").optional().describe("Alert recipients; required when `email_alerts` is true."),
    })
    .describe("Where the tenant's alerts go.");

export const AccessSchema = z
    .strictObject({
        production_write: z
            .boolean()
            .default(false)
            .describe("Grant the tenant's tenant-admin and devops groups write access in production. Production is read-only by default."),
    })
    .describe("Exceptions to the platform's default access rules.");

export const SettingsSchema = z
    .strictObject({
        quotas: QuotasSchema.default({}),
        features: FeaturesSchema.default({}),
        notifications: NotificationsSchema.default({ email_alerts: false }),
        resources: ResourceOverridesSchema.default({}),
        access: AccessSchema.default({ production_write: false }),
        database_isolation: z
            .enum(ISOLATION_MODELS)
            .optional()
            .describe(
                "PostgreSQL isolation: schema (a schema in the database the tenants share) or database (a database of its own). Defaults to the tier's model (community and starter schema, business and enterprise database); may only be stronger than the tier's.",
            ),
        database_isolation_change: z
            .enum(ISOLATION_CHANGES)
            .optional()
            .describe(
                "Acknowledges that this deployment moves a live tenant to the other isolation model (schema-to-database or database-to-schema): a data migration. Without it the deployment refuses the change; with it, the old schema or database is kept, never dropped.",
            ),
        retention_days: z
            .number()
            .int()
            .positive()
            .max(MAX_RETENTION_DAYS)
            .optional()
            .describe(
                "Days an archived tenant's data is kept after `archived_at` before anyone may delete it. Defaults to the tier's archive retention; at most 36500 (a hundred years).",
            ),
    })
    .describe("Quotas, feature flags and per-tenant configuration (the brief's `settings`).");

export const TenantFileSchema = z
    .strictObject({
        id: TenantIdSchema,
        name: displayText(false)
            .trim()
            .min(1, "must not be empty")
            .max(100, "must be at most 100 characters")
            .describe('Display name (e.g. "OASIS Gunters"). One line; no control or bidi characters.'),
        description: displayText(true).max(500).optional().describe("Optional description. No control or bidi characters (line breaks and tabs are fine)."),
        status: z
            .enum(TENANT_STATUSES)
            .describe(
                "active: full access. suspended: read-only, no API calls, no deployments. archived: no access, data retained for audit until the retention period ends.",
            ),
        tier: z.enum(TIER_NAMES).describe("community, starter, business or enterprise: sets defaults and ceilings for every quota and feature."),
        created_at: timestamp.describe("Creation date, ISO-8601 with a time zone (e.g. 2025-01-15T09:00:00Z)."),
        archived_at: timestamp.optional().describe("When the tenant was archived. Required when status is archived, and only then."),
        settings: SettingsSchema.default({
            quotas: {},
            features: {},
            notifications: { email_alerts: false },
            resources: {},
            access: { production_write: false },
        }),
    })
    // Runs even when other fields failed (`when`), so that one run reports every problem of a file.
    .superRefine(
        (tenant, ctx) => {
            for (const problem of crossFieldProblems(tenant)) ctx.addIssue({ code: "custom", ...problem });
        },
        { when: () => true },
    )
    .describe("One STOA tenant: tenants/<id>.yaml. Unknown keys are errors.");

type Fields = Record<string, unknown>;
const fieldsOf = (value: unknown): Fields => (value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Fields) : {});
const validTimestamp = (value: unknown): number | undefined => (timestamp.safeParse(value).success ? Date.parse(value as string) : undefined);
const only = (fields: Fields, keep: (value: unknown) => boolean): Fields => Object.fromEntries(Object.entries(fields).filter(([, v]) => keep(v)));

/**
 * The rules that span fields. The value may be partly invalid (the schema reports those fields), so
 * each rule reads only what it can trust and stays silent otherwise.
 */
export function crossFieldProblems(value: unknown): { path: (string | number)[]; message: string }[] {
    const tenant = fieldsOf(value);
    const settings = fieldsOf(tenant.settings);
    const problems: { path: (string | number)[]; message: string }[] = [];
    if (tenant.status === "archived" && tenant.archived_at === undefined) {
        problems.push({ path: ["archived_at"], message: "is required when status is archived" });
    }
    if ((tenant.status === "active" || tenant.status === "suspended") && tenant.archived_at !== undefined) {
        problems.push({ path: ["archived_at"], message: `is only allowed when status is archived (status is ${tenant.status})` });
    }
    const createdAt = validTimestamp(tenant.created_at);
    const archivedAt = validTimestamp(tenant.archived_at);
    if (createdAt !== undefined && archivedAt !== undefined && archivedAt < createdAt) {
        problems.push({ path: ["archived_at"], message: `must not be before created_at (${String(tenant.created_at)})` });
    }
    const notifications = fieldsOf(settings.notifications);
    if (notifications.email_alerts === true && notifications.email_addresses === undefined) {
        problems.push({ path: ["settings", "notifications", "email_addresses"], message: "is required when email_alerts is true (list at least one address)" });
    }
    if ((TIER_NAMES as readonly unknown[]).includes(tenant.tier)) {
        const tierName = tenant.tier as (typeof TIER_NAMES)[number];
        const isolation = isolationProblem(tierName, TIERS[tierName].databaseIsolation, settings.database_isolation);
        if (isolation) problems.push({ path: ["settings", "database_isolation"], message: isolation });
        const bound = {
            quotas: only(fieldsOf(settings.quotas), (v) => typeof v === "number"),
            features: only(fieldsOf(settings.features), (v) => typeof v === "boolean"),
            resources: only(fieldsOf(settings.resources), (v) => typeof v === "number" || typeof v === "string"),
        } as TierBoundSettings;
        for (const problem of checkAgainstTier(tenant.tier as (typeof TIER_NAMES)[number], bound)) {
            problems.push({ path: ["settings", ...problem.path], message: problem.message });
        }
    }
    return problems;
}

/** How far in the future `created_at` and `archived_at` may be: clocks differ a little between machines. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** The rules that need a clock: nothing has been created or archived in the future. */
export function clockProblems(value: unknown, now: Date): { path: (string | number)[]; message: string }[] {
    const tenant = fieldsOf(value);
    const problems: { path: (string | number)[]; message: string }[] = [];
    for (const field of ["created_at", "archived_at"] as const) {
        const at = validTimestamp(tenant[field]);
        if (at !== undefined && at > now.getTime() + CLOCK_SKEW_MS) {
            problems.push({ path: [field], message: `is in the future (now is ${now.toISOString().replace(/\.\d{3}Z$/, "Z")}); write when it happened` });
        }
    }
    return problems;
}

/** A tenant file as written (before defaults), for editors and tests. */
export type TenantFileInput = z.input<typeof TenantFileSchema>;
/** A validated tenant file with the schema's defaults filled in. */
export type TenantFile = z.output<typeof TenantFileSchema>;
export type TenantSettings = TenantFile["settings"];
