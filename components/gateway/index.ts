/** The gateway consumer of one tenant, behind an adapter so that Kong is one implementation of several. */
import type { LayerContext } from "../context";

export type GatewayLayer = Record<string, never>;

// TODO(issue 4): GatewayAdapter interface and the Kong implementation.
export function createGatewayLayer(_ctx: LayerContext): GatewayLayer {
    return {};
}
