/**
 * The platform realm brokers every tenant realm: one OpenID Connect identity provider per tenant,
 * signing in with the tenant realm's broker client (components/identity/broker.ts). At each login
 * through it (sync mode FORCE), its mappers
 * - set the user's `tenant` attribute and the session note `tenant` to the tenant's id: hardcoded per
 *   provider, never read from the user or the tenant realm's token;
 * - put the user in the platform groups `/<platformGroup>/<group>` for each tenant group the tenant
 *   realm's token names, and take the user out of those the token no longer names;
 * - name the user `<alias>.<username>`, so that two tenants' `alice` stay two platform users.
 * Grafana's `org_mapping` keys on those groups (components/observability/orgMapping.ts).
 */
import * as keycloak from "@pulumi/keycloak";
import type * as pulumi from "@pulumi/pulumi";
import { TENANT_GROUPS, type ResolvedTenant, type TenantGroup } from "../model";
import type { PlatformLayerContext } from "./context";
import { GROUPS_CLAIM, TENANT_SESSION_NOTE, realmEndpoints } from "../identity/settings";
import { platformGroupPath } from "../observability/orgMapping";

/** The user attribute the providers set (admins search by it; the claim comes from the session note). */
export const TENANT_USER_ATTRIBUTE = "tenant";
/** Keycloak's "Advanced Claim to Group" identity provider mapper. */
export const CLAIM_TO_GROUP_MAPPER = "oidc-advanced-group-idp-mapper";

export interface BrokeredTenant {
    tenant: Pick<ResolvedTenant, "id" | "name" | "status" | "names">;
    brokerClientSecret: pulumi.Input<string>;
}

/** The "Advanced Claim to Group" configuration of one tenant group: the token's `groups` names it → the platform group. */
export function claimToGroupConfig(group: TenantGroup, groupPath: string): Record<string, string> {
    return {
        syncMode: "FORCE",
        claims: JSON.stringify([{ key: GROUPS_CLAIM, value: group }]),
        "are.claim.values.regex": "false",
        group: groupPath,
    };
}

/** Logical name of a platform-side object of a tenant: `platform-broker/<id>/<suffix>`. */
function brokerName(tenantId: string, suffix: string): string {
    return `platform-broker/${tenantId}/${suffix}`;
}

export function createTenantBrokering(ctx: PlatformLayerContext, tenants: readonly BrokeredTenant[]): void {
    const realm = ctx.stack.platformRealm;
    for (const { tenant, brokerClientSecret } of tenants) {
        const names = tenant.names;
        const alias = names.platformIdentityProvider;
        const endpoints = realmEndpoints(ctx.stack.keycloakUrl, names.realm);
        const provider = new keycloak.oidc.IdentityProvider(
            brokerName(tenant.id, "identity-provider"),
            {
                realm,
                alias,
                displayName: tenant.name,
                providerId: "oidc",
                // Archived: nobody of the tenant signs in (its realm and broker client are disabled too).
                enabled: tenant.status !== "archived",
                clientId: names.brokerClientId,
                clientSecret: brokerClientSecret,
                authorizationUrl: endpoints.auth,
                tokenUrl: endpoints.token,
                userInfoUrl: endpoints.userinfo,
                jwksUrl: endpoints.jwks,
                logoutUrl: endpoints.logout,
                issuer: endpoints.issuer,
                validateSignature: true,
                backchannelSupported: true,
                defaultScopes: "openid profile email",
                // FORCE: every login re-applies the mappers below, so group changes in the tenant realm arrive.
                syncMode: "FORCE",
                trustEmail: false,
                storeToken: false,
                linkOnly: false,
                extraConfig: { pkceEnabled: "true", pkceMethod: "S256" },
            },
            ctx.opts,
        );
        const mapperBase = { realm, identityProviderAlias: provider.alias };
        new keycloak.HardcodedAttributeIdentityProviderMapper(
            brokerName(tenant.id, "tenant-attribute"),
            { ...mapperBase, name: "tenant-attribute", attributeName: TENANT_USER_ATTRIBUTE, attributeValue: tenant.id, userSession: false, extraConfig: { syncMode: "FORCE" } },
            ctx.opts,
        );
        new keycloak.HardcodedAttributeIdentityProviderMapper(
            brokerName(tenant.id, "tenant-session-note"),
            { ...mapperBase, name: "tenant-session-note", attributeName: TENANT_SESSION_NOTE, attributeValue: tenant.id, userSession: true, extraConfig: { syncMode: "FORCE" } },
            ctx.opts,
        );
        new keycloak.UserTemplateImporterIdentityProviderMapper(
            brokerName(tenant.id, "username"),
            { ...mapperBase, name: "username", template: "${ALIAS}.${CLAIM.preferred_username}", extraConfig: { syncMode: "FORCE" } },
            ctx.opts,
        );

        // The tenant's groups in the platform realm: kept when the tenant leaves (they only hold memberships).
        const parent = new keycloak.Group(brokerName(tenant.id, "group"), { realmId: realm, name: names.platformGroup }, { ...ctx.opts, retainOnDelete: true });
        for (const group of TENANT_GROUPS) {
            const child = new keycloak.Group(brokerName(tenant.id, `group-${group}`), { realmId: realm, parentId: parent.id, name: group }, { ...ctx.opts, retainOnDelete: true });
            new keycloak.CustomIdentityProviderMapping(
                brokerName(tenant.id, `group-${group}-mapper`),
                {
                    ...mapperBase,
                    name: `group-${group}`,
                    identityProviderMapper: CLAIM_TO_GROUP_MAPPER,
                    extraConfig: claimToGroupConfig(group, platformGroupPath(names, group)),
                },
                // The mapper names its group by path: Keycloak refuses a path that does not exist yet.
                { ...ctx.opts, dependsOn: [child] },
            );
        }
    }
}
