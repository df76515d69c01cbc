import { describe, it } from "vitest";
import { grafanaPermissionsOwnTenant } from "../../policy-pack/observability";
import { expectNoViolations, expectViolation, resource, tenantIsolation } from "./util";

const TEAM = "grafana:oss/team:Team";
const FOLDER_PERMISSION = "grafana:oss/folderPermission:FolderPermission";

describe("grafana-permissions-own-tenant", () => {
    const acme = tenantIsolation("acme-corp");
    const globex = tenantIsolation("globex");
    // Real Grafana ids are numbers; a Team's outputs carry teamId and orgId.
    const teams = [
        resource(TEAM, { name: "tenant-acme-corp", teamId: 11, orgId: "1" }, { parent: acme }),
        resource(TEAM, { name: "tenant-globex", teamId: 12, orgId: "1" }, { parent: globex }),
    ];
    const permission = (permissions: Record<string, string>[]) =>
        resource(FOLDER_PERMISSION, { folderUid: "tenant-acme-corp", permissions }, { parent: acme, name: "acme-corp-folder-permissions" });
    const compliant = [{ teamId: "1:11", permission: "View" }, { teamId: "team-stoa-platform-admins", permission: "Admin" }];
    it("passes the tenant's team and a platform team from outside the stack", async () => {
        await expectNoViolations(grafanaPermissionsOwnTenant, [acme, globex, ...teams, permission(compliant)]);
    });
    it("refuses another tenant's team", async () => {
        await expectViolation(grafanaPermissionsOwnTenant, [acme, globex, ...teams, permission([...compliant, { teamId: "12", permission: "View" }])], "must not grant View to team tenant-globex of tenant globex");
    });
    it("refuses the org-wide Viewer role", async () => {
        await expectViolation(grafanaPermissionsOwnTenant, [acme, ...teams, permission([...compliant, { role: "Viewer", permission: "View" }])], "must not grant View to every Viewer");
    });
    it("refuses a user grant", async () => {
        await expectViolation(grafanaPermissionsOwnTenant, [acme, ...teams, permission([...compliant, { userId: "42", permission: "Edit" }])], "must grant teams, not user 42");
    });
    it("refuses a hand-written permission item on a tenant folder", async () => {
        const item = resource("grafana:oss/folderPermissionItem:FolderPermissionItem", { folderUid: "tenant-acme-corp", team: "12", permission: "Edit" });
        await expectViolation(grafanaPermissionsOwnTenant, [acme, globex, ...teams, item], "FolderPermissionItem");
    });
});
