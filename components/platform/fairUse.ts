/**
 * Objects a tenant may create but not in every form, because the form harms the other tenants or
 * outlives the tenant's access:
 * - a PodDisruptionBudget that allows no eviction at all (`maxUnavailable: 0`, `minAvailable: 100%`)
 *   blocks every node drain, so the platform cannot upgrade or repair nodes other tenants run on;
 * - a Secret of type `kubernetes.io/service-account-token` holds a token that never expires and keeps
 *   working while the tenant is suspended (the API server issues bound, expiring tokens instead).
 */
import { createTenantAdmissionPolicy } from "./admission";
import type { PlatformLayerContext } from "./context";

export const DISRUPTION_BUDGET_POLICY = "stoa-tenant-disruption-budgets";
export const NO_TOKEN_SECRETS_POLICY = "stoa-tenant-no-token-secrets";
export const SERVICE_ACCOUNT_TOKEN_TYPE = "kubernetes.io/service-account-token";

/** maxUnavailable and minAvailable are int-or-string: `string()` reads both forms (0, "0", "0%"; "100%"). */
export const DISRUPTION_BUDGET_VALIDATIONS: readonly { expression: string; message: string }[] = [
    {
        expression: "!has(object.spec.maxUnavailable) || !string(object.spec.maxUnavailable).matches('^0+%?$')",
        message: "spec.maxUnavailable 0 is refused on tenant PodDisruptionBudgets: it blocks every node drain; allow at least one pod",
    },
    {
        expression: "!has(object.spec.minAvailable) || !string(object.spec.minAvailable).matches('^0*100%$')",
        message: "spec.minAvailable 100% is refused on tenant PodDisruptionBudgets: it blocks every node drain; leave room for one pod",
    },
];

export const NO_TOKEN_SECRET_EXPRESSION = `!has(object.type) || object.type != '${SERVICE_ACCOUNT_TOKEN_TYPE}'`;

export function createPlatformFairUse(ctx: PlatformLayerContext): { disruptionBudgetPolicy: string; noTokenSecretsPolicy: string } {
    createTenantAdmissionPolicy(ctx, "platform-disruption-budgets", {
        name: DISRUPTION_BUDGET_POLICY,
        resourceRules: [{ apiGroups: ["policy"], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["poddisruptionbudgets"] }],
        validations: [...DISRUPTION_BUDGET_VALIDATIONS],
    });
    createTenantAdmissionPolicy(ctx, "platform-no-token-secrets", {
        name: NO_TOKEN_SECRETS_POLICY,
        // A Secret's type cannot change, so CREATE suffices (and the token cleaner may still label old ones).
        resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["secrets"] }],
        validations: [
            {
                expression: NO_TOKEN_SECRET_EXPRESSION,
                message: `Secrets of type ${SERVICE_ACCOUNT_TOKEN_TYPE} are refused in tenant namespaces: their token never expires and survives suspension; use a projected token`,
            },
        ],
    });
    return { disruptionBudgetPolicy: DISRUPTION_BUDGET_POLICY, noTokenSecretsPolicy: NO_TOKEN_SECRETS_POLICY };
}
