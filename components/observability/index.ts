/** Grafana folder, team, permissions, dashboard and contact point of one tenant. */
import type { LayerContext } from "../context";

export type ObservabilityLayer = Record<string, never>;

// TODO(issue 4): folder, team, permissions, dashboard, contact point.
export function createObservabilityLayer(_ctx: LayerContext): ObservabilityLayer {
    return {};
}
