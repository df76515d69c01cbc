/**
 * The tenant's OIDC clients: the developer portal (public, PKCE), kubectl (public, PKCE, loopback) and the
 * API client (confidential, service account), each with the claims the cluster and the gateway read.
 */
import * as keycloak from "@pulumi/keycloak";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { LayerContext } from "../context";
import { GROUPS_CLAIM, KUBERNETES_AUDIENCE, NO_GRANTS, TENANT_CLAIM, portalRedirectUris, portalWebOrigins } from "./settings";

export interface TenantClients {
    /** Client id of the portal client, when the tenant has the portal feature. */
    portalClientId?: string;
    kubectlClientId: string;
    apiClientId: string;
    /** Secret of the API client: a Pulumi secret. */
    apiClientSecret: pulumi.Output<string>;
}

export function createClients(ctx: LayerContext, realmId: pulumi.Output<string>): TenantClients {
    const { tenant, stack, access } = ctx;
    const names = tenant.names;

    let portalClientId: string | undefined;
    if (tenant.features.portal) {
        const redirectUris = portalRedirectUris(stack.portalRedirectUris, tenant.id);
        publicPkceClient(ctx, realmId, "portal", names.portalClientId, {
            validRedirectUris: redirectUris,
            validPostLogoutRedirectUris: redirectUris,
            webOrigins: portalWebOrigins(stack.portalWebOrigins),
        });
        portalClientId = names.portalClientId;
    }

    // kubectl (kubelogin's default flow): a loopback redirect on the user's machine. No device flow:
    // a device code can be phished (the victim approves the attacker's code).
    publicPkceClient(ctx, realmId, "kubectl", names.kubectlClientId, { validRedirectUris: [...stack.kubectlRedirectUris] });

    const secret = new random.RandomPassword(ctx.name("api-client-secret"), { length: 48, special: false }, ctx.opts);
    const api = new keycloak.openid.Client(
        ctx.name("api-client"),
        {
            realmId,
            clientId: names.apiClientId,
            name: `${tenant.name} API access`,
            accessType: "CONFIDENTIAL",
            ...NO_GRANTS,
            // Client credentials only; the service account has no tenant role until a tenant-admin grants one.
            serviceAccountsEnabled: true,
            clientSecret: pulumi.secret(secret.result),
            enabled: access.identity.apiClientEnabled,
        },
        ctx.opts,
    );
    tenantClaim(ctx, "api", realmId, api.id);

    return {
        portalClientId,
        kubectlClientId: names.kubectlClientId,
        apiClientId: names.apiClientId,
        apiClientSecret: pulumi.secret(api.clientSecret.apply((s) => s ?? "")),
    };
}

/**
 * A client people log in with: public, authorization code with PKCE S256 only (no implicit flow, no
 * password or device grant), exact redirect URIs, with the claims of `addUserClaims`.
 */
function publicPkceClient(
    ctx: LayerContext,
    realmId: pulumi.Output<string>,
    kind: "portal" | "kubectl",
    clientId: string,
    uris: Pick<keycloak.openid.ClientArgs, "validRedirectUris" | "validPostLogoutRedirectUris" | "webOrigins">,
): void {
    const client = new keycloak.openid.Client(
        ctx.name(`${kind}-client`),
        {
            realmId,
            clientId,
            name: `${ctx.tenant.name} ${kind}`,
            accessType: "PUBLIC",
            ...NO_GRANTS,
            standardFlowEnabled: true,
            pkceCodeChallengeMethod: "S256",
            ...uris,
            enabled: ctx.access.identity.realmEnabled,
        },
        ctx.opts,
    );
    addUserClaims(ctx, kind, realmId, client.id);
}

/**
 * Claims of clients people log in with: plain group names and the tenant id; the kubectl client's
 * tokens also carry the audience `kubernetes`. The portal's do not: a token a browser obtained is no
 * cluster credential (the API server also accepts only tokens whose `azp` is the kubectl client).
 */
function addUserClaims(ctx: LayerContext, client: "portal" | "kubectl", realmId: pulumi.Input<string>, clientId: pulumi.Input<string>): void {
    // fullPath false: `devops`, not `/devops`; the cluster's authenticator adds the `tenant:<id>:` prefix.
    new keycloak.openid.GroupMembershipProtocolMapper(
        ctx.name(`${client}-groups-claim`),
        { realmId, clientId, name: "groups", claimName: GROUPS_CLAIM, fullPath: false, addToIdToken: true, addToAccessToken: true, addToUserinfo: true },
        ctx.opts,
    );
    if (client === "kubectl") {
        new keycloak.openid.AudienceProtocolMapper(
            ctx.name(`${client}-kubernetes-audience`),
            { realmId, clientId, name: "kubernetes-audience", includedCustomAudience: KUBERNETES_AUDIENCE, addToIdToken: true, addToAccessToken: true },
            ctx.opts,
        );
    }
    tenantClaim(ctx, client, realmId, clientId);
}

function tenantClaim(ctx: LayerContext, client: string, realmId: pulumi.Input<string>, clientId: pulumi.Input<string>): void {
    new keycloak.openid.HardcodedClaimProtocolMapper(
        ctx.name(`${client}-tenant-claim`),
        { realmId, clientId, name: "tenant", claimName: TENANT_CLAIM, claimValue: ctx.tenant.id, addToIdToken: true, addToAccessToken: true, addToUserinfo: true },
        ctx.opts,
    );
}
