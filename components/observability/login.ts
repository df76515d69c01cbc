/**
 * Grafana's one login for everybody: generic OAuth against the platform realm, which brokers every
 * tenant realm (components/platform/brokering.ts). This file creates Grafana's client in the platform
 * realm and Grafana's `generic_oauth` settings (`grafana.oss.SsoSettings`, stored in Grafana's database,
 * no restart), whose `org_mapping` comes from `orgMapping()`.
 */
import * as grafana from "@pulumiverse/grafana";
import * as keycloak from "@pulumi/keycloak";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { ResolvedTenant } from "../model";
import type { PlatformLayerContext } from "../platform/context";
import { CPI_ADMIN_ROLE } from "../platform/identity";
import { issuerUrl } from "../identity/settings";
import { ORG_ATTRIBUTE_PATH, allowedGroups, formatOrgMapping, orgMapping } from "./orgMapping";

/** Claims of Grafana's client: group full paths, realm roles, and the tenant of the identity provider used. */
export const GRAFANA_CLAIMS = { groups: "groups", roles: "roles", tenant: "tenant" } as const;
/** The session note each tenant's identity provider sets (hardcoded per provider, never user data). */
export const TENANT_SESSION_NOTE = "tenant";

export interface GrafanaLoginTenant {
    tenant: Pick<ResolvedTenant, "id" | "status" | "names">;
    orgId: pulumi.Input<string>;
}

/** OpenID Connect endpoints of a realm. */
export function realmEndpoints(keycloakUrl: string, realm: string) {
    const base = `${issuerUrl(keycloakUrl, realm)}/protocol/openid-connect`;
    return { issuer: issuerUrl(keycloakUrl, realm), auth: `${base}/auth`, token: `${base}/token`, userinfo: `${base}/userinfo`, jwks: `${base}/certs`, logout: `${base}/logout` };
}

/** Grafana's OAuth callback: the only redirect its client accepts. */
export function grafanaRedirectUri(grafanaUrl: string): string {
    return `${grafanaUrl.replace(/\/+$/, "")}/login/generic_oauth`;
}

export function createGrafanaLogin(ctx: PlatformLayerContext, tenants: readonly GrafanaLoginTenant[]): { orgMapping: pulumi.Output<string> } {
    const { stack } = ctx;
    const realmId = stack.platformRealm;
    const secret = new random.RandomPassword("platform-grafana-client-secret", { length: 48, special: false }, ctx.opts);
    const client = new keycloak.openid.Client(
        "platform-grafana-client",
        {
            realmId,
            clientId: stack.grafanaClientId,
            name: "Grafana",
            accessType: "CONFIDENTIAL",
            standardFlowEnabled: true,
            implicitFlowEnabled: false,
            directAccessGrantsEnabled: false,
            serviceAccountsEnabled: false,
            oauth2DeviceAuthorizationGrantEnabled: false,
            pkceCodeChallengeMethod: "S256",
            validRedirectUris: [grafanaRedirectUri(stack.grafanaUrl)],
            validPostLogoutRedirectUris: [`${stack.grafanaUrl.replace(/\/+$/, "")}/login`],
            clientSecret: pulumi.secret(secret.result),
        },
        ctx.opts,
    );
    const claim = { realmId, clientId: client.id, addToIdToken: true, addToAccessToken: true, addToUserinfo: true };
    // Full paths: `/tenant-acme-corp/devops`, never a bare `devops` that every tenant has.
    new keycloak.openid.GroupMembershipProtocolMapper("platform-grafana-groups", { ...claim, name: "groups", claimName: GRAFANA_CLAIMS.groups, fullPath: true }, ctx.opts);
    new keycloak.openid.UserRealmRoleProtocolMapper("platform-grafana-roles", { ...claim, name: "roles", claimName: GRAFANA_CLAIMS.roles, multivalued: true }, ctx.opts);
    new keycloak.openid.UserSessionNoteProtocolMapper(
        "platform-grafana-tenant",
        { ...claim, name: "tenant", claimName: GRAFANA_CLAIMS.tenant, sessionNote: TENANT_SESSION_NOTE, claimValueType: "String" },
        ctx.opts,
    );

    const entries = pulumi
        .all(tenants.map(({ tenant, orgId }) => pulumi.output(orgId).apply((id) => ({ tenant, orgId: id }))))
        .apply((resolved) => orgMapping(CPI_ADMIN_ROLE, resolved));
    const endpoints = realmEndpoints(stack.keycloakUrl, realmId);
    new grafana.oss.SsoSettings(
        "platform-grafana-login",
        {
            providerName: "generic_oauth",
            oauth2Settings: {
                name: "STOA",
                enabled: true,
                clientId: stack.grafanaClientId,
                clientSecret: pulumi.secret(secret.result),
                authUrl: endpoints.auth,
                tokenUrl: endpoints.token,
                apiUrl: endpoints.userinfo,
                signoutRedirectUrl: endpoints.logout,
                scopes: "openid profile email",
                usePkce: true,
                allowSignUp: true,
                loginAttributePath: "preferred_username",
                emailAttributePath: "email",
                nameAttributePath: "name",
                // Only people with a mapped group or role sign in at all: an archived tenant's, or a
                // platform user without cpi-admin, is refused instead of landing in the main organization.
                groupsAttributePath: ORG_ATTRIBUTE_PATH,
                allowedGroups: entries.apply(allowedGroups),
                orgAttributePath: ORG_ATTRIBUTE_PATH,
                orgMapping: entries.apply(formatOrgMapping),
                // No role_attribute_path: a directly mapped role would be raised into every mapped organization.
                roleAttributeStrict: false,
                skipOrgRoleSync: false,
                allowAssignGrafanaAdmin: false,
            },
        },
        { ...ctx.opts, dependsOn: [client] },
    );
    return { orgMapping: entries.apply(formatOrgMapping) };
}
