/** What every real-Keycloak test file needs: the deployment from the global setup and small shortcuts. */
import { inject } from "vitest";
import { adminTokens } from "../../scripts/servers/keycloak";
import { AdminApi } from "./admin";
import type { Deployment } from "./deploy";
import { login, type TokenResponse } from "./oidc";

export { TENANTS, PLATFORM_REALM } from "./deploy";

export function deployment(): Deployment {
    return inject("keycloak");
}

/** The master realm's bootstrap admin: the platform's own view, used to set up and to check. */
export async function masterAdmin(): Promise<AdminApi> {
    const kc = deployment();
    return new AdminApi(kc, adminTokens(kc));
}

export type ClientKind = "portal" | "kubectl";

/** Logs a test user in through one of the realm's people clients (authorization code + PKCE). */
export function loginAs(realm: string, who: string, kind: ClientKind): Promise<TokenResponse> {
    const kc = deployment();
    const user = kc.users[realm]?.[who];
    if (!user) throw new Error(`no test user ${who} in ${realm}`);
    return login(kc, { realm, clientId: clientId(realm, kind), redirectUri: redirectUri(realm, kind), username: user.username, password: user.password });
}

export function clientId(realm: string, kind: ClientKind | "api"): string {
    const id = deployment().clients[realm]?.[kind];
    if (!id) throw new Error(`realm ${realm} has no ${kind} client`);
    return id;
}

export function redirectUri(realm: string, kind: ClientKind): string {
    const kc = deployment();
    return kind === "kubectl" ? kc.kubectlRedirectUri : kc.portalRedirectUri[realm]!;
}

/** The server id of a realm's client (for paths of the admin API). */
export async function clientUuid(api: AdminApi, realm: string, id: string): Promise<string> {
    const [client] = await api.get<{ id: string }[]>(`/${realm}/clients?clientId=${encodeURIComponent(id)}`);
    if (!client) throw new Error(`realm ${realm} has no client ${id}`);
    return client.id;
}

/** The server id of a realm's user. */
export async function userId(api: AdminApi, realm: string, username: string): Promise<string> {
    const [user] = await api.get<{ id: string }[]>(`/${realm}/users?exact=true&username=${encodeURIComponent(username)}`);
    if (!user) throw new Error(`realm ${realm} has no user ${username}`);
    return user.id;
}
