/**
 * Cluster-wide Kubernetes parts of the platform: the one binding of the platform realm's `cpi-admin`
 * group, and the API server's structured authentication configuration (one JWT issuer per tenant
 * realm, each with its own claim prefix, accepting only tokens issued to the realm's kubectl client)
 * that cluster admins install. See docs/kubernetes.md.
 */
import * as k8s from "@pulumi/kubernetes";
import { stringify } from "yaml";
import { PLATFORM_KUBERNETES_GROUP_PREFIX, type ResolvedTenant, type StackConfig } from "../model";
import { GROUPS_CLAIM, KUBERNETES_AUDIENCE } from "../identity/settings";
import type { PlatformLayerContext } from "./context";

export const CPI_ADMIN_GROUP = "cpi-admin";
export const CPI_ADMIN_BINDING_NAME = "stoa-cpi-admin";
/** The brief: cpi-admin has "full access to all tenants, all operations". */
export const CPI_ADMIN_CLUSTER_ROLE = "cluster-admin";
export const USERNAME_CLAIM = "preferred_username";
/** Claim naming the client a token was issued to; the API server accepts only the kubectl client's. */
export const AUTHORIZED_PARTY_CLAIM = "azp";
/**
 * Client id of kubectl in the platform realm (the platform team's realm: the client is theirs, its id
 * is this convention). Tenant realms' kubectl clients are `tenantNames(id).kubectlClientId`.
 */
export const PLATFORM_KUBECTL_CLIENT_ID = "kubectl";
/** GA since Kubernetes 1.34; clusters from 1.30 to 1.33 take the same document as `v1beta1`. */
export const AUTHENTICATION_CONFIGURATION_API_VERSION = "apiserver.config.k8s.io/v1";

export interface JwtAuthenticator {
    issuer: { url: string; audiences: string[] };
    claimMappings: {
        username: { claim: string; prefix: string };
        groups: { claim: string; prefix: string };
    };
    claimValidationRules: { claim: string; requiredValue: string }[];
}

export interface AuthenticationConfiguration {
    apiVersion: typeof AUTHENTICATION_CONFIGURATION_API_VERSION;
    kind: "AuthenticationConfiguration";
    jwt: JwtAuthenticator[];
}

/** Issuer URL of a Keycloak realm. */
export function realmIssuer(keycloakUrl: string, realm: string): string {
    return `${keycloakUrl.replace(/\/+$/, "")}/realms/${realm}`;
}

function authenticator(issuer: string, prefix: string, kubectlClientId: string): JwtAuthenticator {
    return {
        issuer: { url: issuer, audiences: [KUBERNETES_AUDIENCE] },
        // Users and groups both carry the realm's prefix: `devops` from realm globex becomes
        // `tenant:globex:devops` and can never match a binding written for another tenant.
        claimMappings: { username: { claim: USERNAME_CLAIM, prefix }, groups: { claim: GROUPS_CLAIM, prefix } },
        // Only tokens issued to the kubectl client: a token the portal (or any other client of the
        // realm) obtained in a browser is no cluster credential, even if it carried the audience.
        claimValidationRules: [{ claim: AUTHORIZED_PARTY_CLAIM, requiredValue: kubectlClientId }],
    };
}

/**
 * The API server's `--authentication-config` file: the platform realm, then every tenant that is not
 * archived (archived tenants have no access at all, so their issuer is not trusted), sorted by id.
 */
export function authenticationConfiguration(
    stack: Pick<StackConfig, "keycloakUrl" | "platformRealm">,
    tenants: readonly Pick<ResolvedTenant, "id" | "status" | "names">[],
): AuthenticationConfiguration {
    const live = tenants.filter((t) => t.status !== "archived").sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return {
        apiVersion: AUTHENTICATION_CONFIGURATION_API_VERSION,
        kind: "AuthenticationConfiguration",
        jwt: [
            authenticator(realmIssuer(stack.keycloakUrl, stack.platformRealm), PLATFORM_KUBERNETES_GROUP_PREFIX, PLATFORM_KUBECTL_CLIENT_ID),
            ...live.map((t) => authenticator(realmIssuer(stack.keycloakUrl, t.names.realm), t.names.kubernetesGroupPrefix, t.names.kubectlClientId)),
        ],
    };
}

/** The same, as the YAML file cluster admins install. */
export function authenticationConfigurationYaml(
    stack: Pick<StackConfig, "keycloakUrl" | "platformRealm">,
    tenants: readonly Pick<ResolvedTenant, "id" | "status" | "names">[],
): string {
    return stringify(authenticationConfiguration(stack, tenants));
}

export function createPlatformKubernetes(ctx: PlatformLayerContext): Record<string, unknown> {
    const binding = new k8s.rbac.v1.ClusterRoleBinding(
        "platform-cpi-admin",
        {
            metadata: { name: CPI_ADMIN_BINDING_NAME },
            subjects: [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: `${PLATFORM_KUBERNETES_GROUP_PREFIX}${CPI_ADMIN_GROUP}` }],
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: CPI_ADMIN_CLUSTER_ROLE },
        },
        ctx.opts,
    );
    return {
        cpiAdminBinding: binding.metadata.name,
        clusterAuthenticationConfig: authenticationConfigurationYaml(ctx.stack, ctx.tenants),
    };
}
