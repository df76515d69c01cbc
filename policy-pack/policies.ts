/**
 * The pack's policies, in one list: `index.ts` serves them with CrossGuard, `offline.ts` runs them
 * without the CLI. Importing this file never starts a server.
 */
import type { EnforcementLevel, Policies } from "@pulumi/policy";
import { postgresqlGrantOwnSchema, postgresqlRoleMembershipSameTenant, postgresqlTenantRoleAttributes } from "./database";
import { gatewayObjectsOwnTenant } from "./gateway";
import { tenantIngressHosts } from "./ingress";
import { keycloakClientHardened, keycloakObjectsInTenantRealm, keycloakRealmPerTenant } from "./identity";
import { tenantNamespaceGuardrails, tenantNamespaceLabels, tenantNamespacePodSecurity } from "./namespaces";
import { networkPolicyNoCrossTenantPeers, networkPolicyNoOpenCidr, networkPolicyPlatformEgressNamed, networkPolicyTrustedNamespaceSelectors } from "./network";
import { grafanaObjectsInTenantOrg, grafanaPermissionsOwnTenant } from "./observability";
import { tenantResourcesInTenantNamespace } from "./placement";
import { tenantDataProtectedInProd } from "./protection";
import { gatewayRateLimitWithinTier, resourceQuotaWithinTier } from "./quotas";
import { clusterRoleBindingNoTenantSubjects, roleBindingClusterRoleWithinTenantBounds, roleBindingNoClusterAdmin, roleBindingTenantSubjects, roleWithinTenantBounds } from "./rbac";
import { tenantVolumeStorageClass } from "./storage";
import { workloadRestrictedPodSecurity } from "./workloads";

export const PACK_NAME = "stoa-tenancy-isolation";
/** Isolation rules block by default; a user can lower a single policy with --policy-pack-config. */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "mandatory";

export const policies: Policies = [
    // Namespaces
    tenantNamespaceLabels,
    tenantNamespacePodSecurity,
    tenantNamespaceGuardrails,
    tenantResourcesInTenantNamespace,
    // Network
    networkPolicyNoCrossTenantPeers,
    networkPolicyTrustedNamespaceSelectors,
    networkPolicyNoOpenCidr,
    networkPolicyPlatformEgressNamed,
    tenantIngressHosts,
    // RBAC
    roleBindingTenantSubjects,
    roleBindingNoClusterAdmin,
    clusterRoleBindingNoTenantSubjects,
    roleWithinTenantBounds,
    roleBindingClusterRoleWithinTenantBounds,
    // Workloads and volumes
    workloadRestrictedPodSecurity,
    tenantVolumeStorageClass,
    // Tier ceilings
    resourceQuotaWithinTier,
    gatewayRateLimitWithinTier,
    // Gateways
    gatewayObjectsOwnTenant,
    // Keycloak
    keycloakRealmPerTenant,
    keycloakObjectsInTenantRealm,
    keycloakClientHardened,
    // PostgreSQL
    postgresqlGrantOwnSchema,
    postgresqlRoleMembershipSameTenant,
    postgresqlTenantRoleAttributes,
    // Grafana
    grafanaPermissionsOwnTenant,
    grafanaObjectsInTenantOrg,
    // Production data
    tenantDataProtectedInProd,
];
