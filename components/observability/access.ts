/**
 * Who sees the tenant's folder and datasource: its own team and the platform admins, nobody else. The
 * folder permission resource is exhaustive, so Grafana's default grants to the org-wide Viewer and
 * Editor roles are removed.
 */
import * as grafana from "@pulumiverse/grafana";
import type * as pulumi from "@pulumi/pulumi";
import type { LayerContext } from "../context";

export interface PermissionItem {
    teamId: pulumi.Input<string>;
    permission: string;
}

/** Folder permissions: platform admins Admin; the tenant team View while the tenant is not archived. */
export function folderPermissionItems(
    archived: boolean,
    tenantTeamId: pulumi.Input<string>,
    platformTeamId: pulumi.Input<string>,
): PermissionItem[] {
    const items: PermissionItem[] = [{ teamId: platformTeamId, permission: "Admin" }];
    // View only: dashboards are managed as code, and an Editor could write queries against any datasource.
    if (!archived) items.push({ teamId: tenantTeamId, permission: "View" });
    return items;
}

/** Datasource permissions (Grafana Enterprise/Cloud): query only, for the same two teams. */
export function datasourcePermissionItems(
    archived: boolean,
    tenantTeamId: pulumi.Input<string>,
    platformTeamId: pulumi.Input<string>,
): PermissionItem[] {
    const items: PermissionItem[] = [{ teamId: platformTeamId, permission: "Query" }];
    if (!archived) items.push({ teamId: tenantTeamId, permission: "Query" });
    return items;
}

/** The platform admins' team exists before this program runs (the platform team manages its members): looked up by name. */
export function platformAdminTeamId(ctx: LayerContext): pulumi.Output<string> {
    return grafana.oss.getTeamOutput({ name: ctx.stack.grafanaPlatformAdminTeam }, { parent: ctx.opts.parent }).id;
}
