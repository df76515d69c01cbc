/**
 * The rule "below the tier's ceiling, never above", as a pure check that returns every problem with
 * the settings path it belongs to. The schema turns these into validation issues.
 */
import { parseQuantity } from "./quantity";
import {
    API_QUOTA_KEYS,
    FEATURE_NAMES,
    QUANTITY_QUOTA_KEYS,
    QUOTA_KEYS,
    TIERS,
    lowestTierAllowing,
    type ApiQuotas,
    type FeatureName,
    type NamespaceQuota,
    type TierName,
} from "./tiers";

export interface TierProblem {
    /** Path below `settings`. */
    path: (string | number)[];
    message: string;
}

/** The parts of `settings` that a tier bounds. */
export interface TierBoundSettings {
    quotas: Partial<ApiQuotas>;
    features: Partial<Record<FeatureName, boolean | undefined>>;
    resources: Partial<Record<keyof NamespaceQuota, string | number | undefined>>;
}

const isQuantityKey = (key: keyof NamespaceQuota) => (QUANTITY_QUOTA_KEYS as readonly string[]).includes(key);

/** Value of a quota field in comparable units. */
export function quotaMagnitude(key: keyof NamespaceQuota, value: string | number): number {
    return isQuantityKey(key) ? parseQuantity(String(value)) : Number(value);
}

export function checkAgainstTier(tierName: TierName, settings: TierBoundSettings): TierProblem[] {
    const tier = TIERS[tierName];
    const problems: TierProblem[] = [];
    for (const key of QUOTA_KEYS) {
        const value = settings.resources[key];
        if (value === undefined) continue;
        const ceiling = tier.quota.ceiling[key];
        let magnitude: number;
        try {
            magnitude = quotaMagnitude(key, value);
        } catch {
            continue; // the schema reports the malformed quantity itself
        }
        if (magnitude > quotaMagnitude(key, ceiling)) {
            problems.push({
                path: ["resources", key],
                message: `${value} is above the ${tierName} tier's ceiling of ${ceiling}`,
            });
        }
    }
    for (const key of API_QUOTA_KEYS) {
        const value = settings.quotas[key];
        const ceiling = tier.apiQuotas.ceiling[key];
        if (value !== undefined && value > ceiling) {
            problems.push({ path: ["quotas", key], message: `${value} is above the ${tierName} tier's ceiling of ${ceiling}` });
        }
    }
    // A month's budget below one minute's limit makes no sense, and a gateway may refuse it (docs/gateway.md).
    // Only a lowered quota can be below: every tier's default quota is above its rate-limit ceiling.
    const month = settings.quotas.max_calls_per_month;
    const rate = settings.quotas.max_rate_limit ?? tier.apiQuotas.default.max_rate_limit;
    if (month !== undefined && month < rate) {
        problems.push({ path: ["quotas", "max_calls_per_month"], message: `max_calls_per_month ${month} is below max_rate_limit ${rate}: a month must allow at least one minute's calls` });
    }
    for (const feature of FEATURE_NAMES) {
        if (settings.features[feature] === true && !tier.features.allowed.includes(feature)) {
            problems.push({
                path: ["features", feature],
                message: `is not available on the ${tierName} tier (available from the ${lowestTierAllowing(feature)} tier)`,
            });
        }
    }
    return problems;
}
