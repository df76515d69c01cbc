/** Keycloak realm, roles, groups and OIDC clients of one tenant. */
import * as pulumi from "@pulumi/pulumi";
import type { LayerContext } from "../context";
import { createRealm } from "./realm";
import { createRolesAndGroups } from "./roles";
import { createClients } from "./clients";
import { createBrokerClient } from "./broker";
import { issuerUrl } from "./settings";

export interface IdentityLayer {
    /** The tenant's realm. */
    realm: pulumi.Output<string>;
    /** Issuer of the realm's tokens (`<keycloakUrl>/realms/<realm>`). */
    issuerUrl: string;
    /** Portal client id, when the tenant has the portal feature. */
    portalClientId?: string;
    /** kubectl client id (authorization code with PKCE to a loopback redirect, kubelogin's default). */
    kubectlClientId: string;
    /** API client id (client credentials). */
    apiClientId: string;
    /** API client secret: a Pulumi secret. */
    apiClientSecret: pulumi.Output<string>;
    /** Client the platform realm signs this tenant's people in with (Grafana's login path). */
    brokerClientId: string;
    /** Its secret: a Pulumi secret. */
    brokerClientSecret: pulumi.Output<string>;
}

export function createIdentityLayer(ctx: LayerContext): IdentityLayer {
    const realm = createRealm(ctx);
    createRolesAndGroups(ctx, realm.id);
    const clients = createClients(ctx, realm.id);
    const broker = createBrokerClient(ctx, realm.id);
    return {
        realm: realm.realm.apply((r) => r ?? ctx.tenant.names.realm),
        issuerUrl: issuerUrl(ctx.stack.keycloakUrl, ctx.tenant.names.realm),
        ...clients,
        ...broker,
    };
}
