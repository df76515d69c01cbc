/**
 * A validated tenant file plus its tier, resolved into the effective values every layer uses: defaults
 * resolved here, in one place, so no layer reads the tier table or the raw file for a number.
 */
import type { IsolationChange, IsolationModel } from "./isolation";
import { tenantNames, type TenantNames } from "./names";
import { QUANTITY_QUOTA_KEYS, QUOTA_KEYS, TIERS, FEATURE_NAMES, type ApiQuotas, type FeatureName, type NamespaceQuota, type Tier, type TierName } from "./tiers";
import type { TenantFile, TenantStatus } from "./schema";

export interface ResolvedTenant {
    id: string;
    name: string;
    description?: string;
    status: TenantStatus;
    tierName: TierName;
    tier: Tier;
    createdAt: string;
    archivedAt?: string;
    names: TenantNames;
    /** Effective namespace quota; quantities as strings. */
    quota: NamespaceQuota;
    apiQuotas: ApiQuotas;
    features: Record<FeatureName, boolean>;
    notifications: TenantFile["settings"]["notifications"];
    /** Tenant roles may write in production (the default there is read-only). */
    productionWrite: boolean;
    /** PostgreSQL isolation model: the file's `database_isolation`, else the tier's. */
    databaseIsolation: IsolationModel;
    /** The model change the file acknowledges, if any. */
    databaseIsolationChange?: IsolationChange;
    /** Days an archived tenant's data is kept after `archivedAt`. */
    retentionDays: number;
    /** When an archived tenant's retention ends (ISO-8601), undefined unless archived. */
    retainUntil?: string;
    /** The tenant file this came from, relative to the working directory. */
    sourceFile: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function effectiveQuota(tier: Tier, overrides: TenantFile["settings"]["resources"]): NamespaceQuota {
    const quota = { ...tier.quota.default };
    for (const key of QUOTA_KEYS) {
        const value = overrides[key];
        if (value === undefined) continue;
        if ((QUANTITY_QUOTA_KEYS as readonly string[]).includes(key)) {
            (quota as Record<string, string | number>)[key] = String(value);
        } else {
            (quota as Record<string, string | number>)[key] = Number(value);
        }
    }
    return quota;
}

export function resolveTenant(file: TenantFile, sourceFile: string): ResolvedTenant {
    const tier = TIERS[file.tier];
    const settings = file.settings;
    const features = Object.fromEntries(
        FEATURE_NAMES.map((name) => [name, settings.features[name] ?? tier.features.defaults[name]]),
    ) as Record<FeatureName, boolean>;
    const retentionDays = settings.retention_days ?? tier.archiveRetentionDays;
    return {
        id: file.id,
        name: file.name,
        description: file.description,
        status: file.status,
        tierName: file.tier,
        tier,
        createdAt: file.created_at,
        archivedAt: file.archived_at,
        names: tenantNames(file.id),
        quota: effectiveQuota(tier, settings.resources),
        apiQuotas: { ...tier.apiQuotas.default, ...definedOnly(settings.quotas) },
        features,
        notifications: settings.notifications,
        productionWrite: settings.access.production_write,
        databaseIsolation: settings.database_isolation ?? tier.databaseIsolation,
        databaseIsolationChange: settings.database_isolation_change,
        retentionDays,
        retainUntil: file.archived_at ? new Date(Date.parse(file.archived_at) + retentionDays * DAY_MS).toISOString() : undefined,
        sourceFile,
    };
}

function definedOnly<T extends object>(value: T): Partial<T> {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * True when an archived tenant's retention period is over: its data may now be deleted (by hand,
 * docs/tenant-file.md) and its file removed. Nothing in this program deletes it.
 */
export function retentionEnded(tenant: Pick<ResolvedTenant, "status" | "retainUntil">, now: Date): boolean {
    return tenant.status === "archived" && tenant.retainUntil !== undefined && Date.parse(tenant.retainUntil) <= now.getTime();
}
