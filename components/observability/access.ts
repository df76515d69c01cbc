/**
 * Who sees the tenant's folder inside the tenant's own organization. Everyone in that organization
 * is a member of this tenant (the login maps nobody else there), so the organization's Viewer and
 * Editor roles and the tenant's team get `View`; organization Admins (the tenant's tenant-admins) see
 * everything of their organization anyway. The folder permission resource is exhaustive, so a grant
 * added by hand is removed on the next run.
 */
import type * as pulumi from "@pulumi/pulumi";

export interface PermissionItem {
    teamId?: pulumi.Input<string>;
    role?: "Viewer" | "Editor";
    permission: "View";
}

/** Folder permissions: View for the organization's Viewers and Editors and the tenant team; none once archived. */
export function folderPermissionItems(archived: boolean, tenantTeamId: pulumi.Input<string>): PermissionItem[] {
    // View only, also for Editors: dashboards are managed as code and overwritten on every run.
    if (archived) return [];
    return [
        { role: "Viewer", permission: "View" },
        { role: "Editor", permission: "View" },
        { teamId: tenantTeamId, permission: "View" },
    ];
}
