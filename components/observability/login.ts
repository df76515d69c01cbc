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
import type { ResolvedTenant, StackConfig } from "../model";
import type { PlatformLayerContext } from "../platform/context";
import { CPI_ADMIN_ROLE } from "../platform/identity";
import { CONFIDENTIAL_CODE_FLOW, TENANT_SESSION_NOTE, realmEndpoints } from "../identity/settings";
import { ORG_ATTRIBUTE_PATH, allowedGroups, formatOrgMapping, orgMapping } from "./orgMapping";

/** Claims of Grafana's client: group full paths, realm roles, and the tenant of the identity provider used. */
export const GRAFANA_CLAIMS = { groups: "groups", roles: "roles", tenant: "tenant" } as const;

export interface GrafanaLoginTenant {
    tenant: Pick<ResolvedTenant, "id" | "status" | "names">;
    orgId: pulumi.Input<string>;
}

/** Grafana's OAuth callback: the only redirect its client accepts. */
export function grafanaRedirectUri(grafanaUrl: string): string {
    return `${grafanaUrl.replace(/\/+$/, "")}/login/generic_oauth`;
}

/**
 * Grafana's `generic_oauth` settings: the platform realm's endpoints, the org mapping, and only people
 * with a mapped group or role let in.
 */
export function grafanaOAuthSettings(
    stack: Pick<StackConfig, "keycloakUrl" | "platformRealm" | "grafanaClientId">,
    mapping: string,
    allowed: string,
    clientSecret: string,
): grafana.types.input.oss.SsoSettingsOauth2Settings {
    const endpoints = realmEndpoints(stack.keycloakUrl, stack.platformRealm);
    return {
        name: "STOA",
        enabled: true,
        clientId: stack.grafanaClientId,
        clientSecret,
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
        // Only people with a mapped group or role sign in at all: an archived tenant's, or a platform
        // user without cpi-admin, is refused instead of landing in the main organization.
        groupsAttributePath: ORG_ATTRIBUTE_PATH,
        allowedGroups: allowed,
        orgAttributePath: ORG_ATTRIBUTE_PATH,
        orgMapping: mapping,
        // No role_attribute_path: a directly mapped role would be raised into every mapped organization.
        roleAttributeStrict: false,
        skipOrgRoleSync: false,
        allowAssignGrafanaAdmin: false,
    };
}

export const GRAFANA_LOGIN_TYPE = "stoa:tenancy:GrafanaLogin";

/**
 * Groups Grafana's login objects and declares, in the clear, the org mapping they give Grafana: the
 * SSO settings hold the client secret, so Pulumi stores them (mapping included) as one secret, which
 * an offline policy run cannot read. The policy pack checks both (policy-pack/observability.ts).
 */
export class GrafanaLogin extends pulumi.ComponentResource {
    public readonly orgMapping: pulumi.Output<string>;
    constructor(name: string, args: { orgMapping: pulumi.Output<string> }, opts?: pulumi.ComponentResourceOptions) {
        super(GRAFANA_LOGIN_TYPE, name, { orgMapping: args.orgMapping }, opts);
        this.orgMapping = args.orgMapping;
        this.registerOutputs({ orgMapping: args.orgMapping });
    }
}

export function createGrafanaLogin(platformCtx: PlatformLayerContext, tenants: readonly GrafanaLoginTenant[]): GrafanaLogin {
    const { stack } = platformCtx;
    const realmId = stack.platformRealm;
    const entries = pulumi
        .all(tenants.map(({ tenant, orgId }) => pulumi.output(orgId).apply((id) => ({ tenant, orgId: id }))))
        .apply((resolved) => orgMapping(CPI_ADMIN_ROLE, resolved));
    const login = new GrafanaLogin("platform-grafana", { orgMapping: entries.apply(formatOrgMapping) }, platformCtx.opts);
    const ctx = { opts: { parent: login } };
    const secret = new random.RandomPassword("platform-grafana-client-secret", { length: 48, special: false }, ctx.opts);
    const client = new keycloak.openid.Client(
        "platform-grafana-client",
        {
            realmId,
            clientId: stack.grafanaClientId,
            name: "Grafana",
            ...CONFIDENTIAL_CODE_FLOW,
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

    new grafana.oss.SsoSettings(
        "platform-grafana-login",
        {
            providerName: "generic_oauth",
            // Secret as a whole: it holds the client secret.
            oauth2Settings: pulumi.secret(
                pulumi.all([login.orgMapping, entries.apply(allowedGroups), secret.result]).apply(([mapping, allowed, clientSecret]) => grafanaOAuthSettings(stack, mapping, allowed, clientSecret)),
            ),
        },
        { ...ctx.opts, dependsOn: [client] },
    );
    return login;
}
