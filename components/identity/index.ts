/** Keycloak realm, roles, groups and OIDC clients of one tenant. */
import type { LayerContext } from "../context";

export type IdentityLayer = Record<string, never>;

// TODO(issue 4): realm, roles, groups, groups claim, portal and API clients.
export function createIdentityLayer(_ctx: LayerContext): IdentityLayer {
    return {};
}
