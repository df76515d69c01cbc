/**
 * The tenant realm's side of the platform login: a confidential client that the platform realm's
 * identity provider for this tenant signs in with (components/platform/brokering.ts). Its only
 * redirect URI is that identity provider's endpoint; its tokens carry the user's group names, which
 * the platform realm turns into its own per-tenant groups.
 */
import * as keycloak from "@pulumi/keycloak";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { LayerContext } from "../context";
import { CONFIDENTIAL_CODE_FLOW, GROUPS_CLAIM, issuerUrl } from "./settings";

export interface BrokerClient {
    /** Client id in the tenant realm. */
    brokerClientId: string;
    /** Its secret, which the platform realm's identity provider presents: a Pulumi secret. */
    brokerClientSecret: pulumi.Output<string>;
}

/** Where the platform realm receives this tenant's logins: `<platform issuer>/broker/<alias>/endpoint`. */
export function brokerRedirectUri(keycloakUrl: string, platformRealm: string, alias: string): string {
    return `${issuerUrl(keycloakUrl, platformRealm)}/broker/${alias}/endpoint`;
}

export function createBrokerClient(ctx: LayerContext, realmId: pulumi.Output<string>): BrokerClient {
    const { tenant, stack } = ctx;
    const names = tenant.names;
    const secret = new random.RandomPassword(ctx.name("broker-client-secret"), { length: 48, special: false }, ctx.opts);
    const client = new keycloak.openid.Client(
        ctx.name("broker-client"),
        {
            realmId,
            clientId: names.brokerClientId,
            name: "STOA platform login",
            ...CONFIDENTIAL_CODE_FLOW,
            validRedirectUris: [brokerRedirectUri(stack.keycloakUrl, stack.platformRealm, names.platformIdentityProvider)],
            clientSecret: pulumi.secret(secret.result),
            // Archived: nobody of this tenant signs in anywhere, the platform included.
            enabled: ctx.access.identity.realmEnabled,
        },
        ctx.opts,
    );
    // Plain names (`devops`): the platform realm's mappers of this tenant's provider read them.
    new keycloak.openid.GroupMembershipProtocolMapper(
        ctx.name("broker-groups-claim"),
        { realmId, clientId: client.id, name: "groups", claimName: GROUPS_CLAIM, fullPath: false, addToIdToken: true, addToAccessToken: true, addToUserinfo: true },
        ctx.opts,
    );
    return { brokerClientId: names.brokerClientId, brokerClientSecret: pulumi.secret(secret.result) };
}
