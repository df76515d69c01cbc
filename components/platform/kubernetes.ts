/** Cluster-wide Kubernetes resources of the platform (cpi-admin binding, OIDC authentication config). */
import type { PlatformLayerContext } from "./context";

// TODO(issue 3)
export function createPlatformKubernetes(_ctx: PlatformLayerContext): Record<string, unknown> {
    return {};
}
