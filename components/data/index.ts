/** PostgreSQL schema, roles, grants and backups of one tenant. */
import type { LayerContext } from "../context";
import type { KubernetesLayer } from "../kubernetes";

export type DataLayer = Record<string, never>;

// TODO(issue 4): schema, owner role, application role, grants, default privileges, backups.
export function createDataLayer(_ctx: LayerContext, _kubernetes: KubernetesLayer): DataLayer {
    return {};
}
