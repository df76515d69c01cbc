import { describe, expect, it } from "vitest";
import { GRAFANA_LOGIN_TYPE as PROGRAM_GRAFANA_LOGIN_TYPE } from "../../components/observability/login";
import { GRAFANA_LOGIN_TYPE, grafanaObjectsInTenantOrg, grafanaPermissionsOwnTenant } from "../../policy-pack/observability";
import { expectNoViolations, expectNotApplicable, expectViolation, resource, tenantIsolation } from "./util";

/** @pulumi/policy's sentinel for a string unknown during preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

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
        await expectViolation(grafanaPermissionsOwnTenant, [acme, ...teams, permission([...compliant, { role: "Viewer", permission: "View" }])], "must not grant View to every Viewer of the main organization");
    });
    it("refuses a user grant", async () => {
        await expectViolation(grafanaPermissionsOwnTenant, [acme, ...teams, permission([...compliant, { userId: "42", permission: "Edit" }])], "must grant teams, not user 42");
    });
    it("refuses a hand-written permission item on a tenant folder", async () => {
        const item = resource("grafana:oss/folderPermissionItem:FolderPermissionItem", { folderUid: "tenant-acme-corp", team: "12", permission: "Edit" });
        await expectViolation(grafanaPermissionsOwnTenant, [acme, globex, ...teams, item], "FolderPermissionItem");
    });
});

describe("grafana-permissions-own-tenant in a tenant organization", () => {
    const acme = tenantIsolation("acme-corp");
    const inOrg = (orgId: string | undefined) =>
        resource(
            FOLDER_PERMISSION,
            { orgId, folderUid: "tenant-acme-corp", permissions: [{ role: "Viewer", permission: "View" }, { role: "Editor", permission: "View" }] },
            { parent: acme, name: "acme-corp/folder-permissions" },
        );
    it("passes the organization's Viewer and Editor roles in the tenant's own organization", async () => {
        await expectNoViolations(grafanaPermissionsOwnTenant, [acme, inOrg("7")]);
    });
    it("refuses them in the main organization", async () => {
        await expectViolation(grafanaPermissionsOwnTenant, [acme, inOrg("1")], "must not grant View to every Editor of the main organization");
    });
});

const ORGANIZATION = "grafana:oss/organization:Organization";
const DATASOURCE = "grafana:oss/dataSource:DataSource";
const FOLDER = "grafana:oss/folder:Folder";
const SSO_SETTINGS = "grafana:oss/ssoSettings:SsoSettings";

describe("grafana-objects-in-tenant-org", () => {
    it("knows the program's login component by its type", () => {
        expect(GRAFANA_LOGIN_TYPE).toBe(PROGRAM_GRAFANA_LOGIN_TYPE);
    });
    const acme = tenantIsolation("acme-corp");
    const globex = tenantIsolation("globex");
    // Organizations as the engine shows them to stack policies: with their orgId output.
    const orgs = [
        resource(ORGANIZATION, { name: "tenant-acme-corp", orgId: 7 }, { parent: acme, name: "acme-corp/organization" }),
        resource(ORGANIZATION, { name: "tenant-globex", orgId: 9 }, { parent: globex, name: "globex/organization" }),
    ];
    const objects = (acmeDatasourceOrg: string | undefined) => [
        resource(FOLDER, { orgId: "7", uid: "tenant-acme-corp" }, { parent: acme, name: "acme-corp/folder" }),
        resource(DATASOURCE, { orgId: acmeDatasourceOrg, uid: "tenant-acme-corp-ds" }, { parent: acme, name: "acme-corp/datasource" }),
        resource(FOLDER, { orgId: "9", uid: "tenant-globex" }, { parent: globex, name: "globex/folder" }),
        resource(DATASOURCE, { orgId: "9", uid: "tenant-globex-ds" }, { parent: globex, name: "globex/datasource" }),
    ];
    const mapping = (text: string) => resource(GRAFANA_LOGIN_TYPE, { orgMapping: text }, { name: "platform-grafana" });
    const compliantMapping = "cpi-admin:1:Admin,/tenant-acme-corp/tenant-admin:7:Admin,/tenant-acme-corp/devops:7:Editor,/tenant-globex/viewer:9:Viewer";

    it("passes every tenant object in its own organization and a mapping to the tenants' own organizations", async () => {
        await expectNoViolations(grafanaObjectsInTenantOrg, [acme, globex, ...orgs, ...objects("7"), mapping(compliantMapping)]);
    });
    it("refuses a tenant data source in another tenant's organization", async () => {
        await expectViolation(
            grafanaObjectsInTenantOrg,
            [acme, globex, ...orgs, ...objects("9")],
            "DataSource acme-corp/datasource of tenant acme-corp must be in the organization of tenant acme-corp, not organization 9 of tenant globex",
        );
    });
    it("refuses a tenant data source without an organization (the main one)", async () => {
        await expectViolation(grafanaObjectsInTenantOrg, [acme, globex, ...orgs, ...objects(undefined)], "acme-corp/datasource of tenant acme-corp must name its tenant's organization");
    });
    it("refuses a tenant data source in the main organization", async () => {
        await expectViolation(grafanaObjectsInTenantOrg, [acme, globex, ...orgs, ...objects("1")], "must not be in Grafana's main organization");
    });
    it("refuses a tenant object in an organization that is not its own, even one nobody claims", async () => {
        await expectViolation(grafanaObjectsInTenantOrg, [acme, globex, ...orgs, ...objects("12")], "must be in organization 7 of tenant acme-corp, not organization 12");
    });
    it("refuses an org mapping that sends a tenant's group to another tenant's organization", async () => {
        await expectViolation(
            grafanaObjectsInTenantOrg,
            [acme, globex, ...orgs, ...objects("7"), mapping(`${compliantMapping},/tenant-acme-corp/viewer:9:Viewer`)],
            "GrafanaLogin platform-grafana: org_mapping must not map group /tenant-acme-corp/viewer of tenant acme-corp to organization 9 of tenant globex",
        );
    });
    it("refuses an org mapping that sends a tenant's group to the main organization or every organization", async () => {
        const resources = [acme, globex, ...orgs, ...objects("7")];
        await expectViolation(grafanaObjectsInTenantOrg, [...resources, mapping("/tenant-globex/devops:1:Editor")], "must not map group /tenant-globex/devops of tenant globex to the main organization");
        await expectViolation(grafanaObjectsInTenantOrg, [...resources, mapping("/tenant-globex/devops:*:Viewer")], "must not map group /tenant-globex/devops of tenant globex to every organization");
        await expectViolation(grafanaObjectsInTenantOrg, [...resources, mapping("*:7:Viewer")], "must not map every user (*) to organization 7");
    });
    it("reads the mapping of SSO settings the engine shows in the clear", async () => {
        const settings = resource(SSO_SETTINGS, { providerName: "generic_oauth", oauth2Settings: { orgMapping: "/tenant-globex/devops:7:Editor" } });
        await expectViolation(grafanaObjectsInTenantOrg, [acme, globex, ...orgs, ...objects("7"), settings], "SsoSettings");
    });
    it("falls back on the organization most of a tenant's objects name when the Organization's id is not shown", async () => {
        await expectViolation(grafanaObjectsInTenantOrg, [acme, globex, ...objects("9")], "not organization 9 of tenant globex");
    });
    it("is not applicable to an org mapping not known yet (a new tenant's organization during preview)", async () => {
        await expectNotApplicable(grafanaObjectsInTenantOrg, [acme, globex, ...orgs, ...objects("7"), mapping(UNKNOWN)], "platform-grafana");
    });
    it("passes over a mapping Grafana cannot parse and skips (it sends nobody anywhere)", async () => {
        await expectNoViolations(grafanaObjectsInTenantOrg, [acme, globex, ...orgs, ...objects("7"), mapping("/tenant-acme-corp/devops:9:Editor:extra")]);
    });
    it("is not applicable to an object whose organization is not known yet", async () => {
        const pending = resource(DATASOURCE, { orgId: UNKNOWN, uid: "tenant-acme-corp-ds" }, { parent: acme, name: "acme-corp/datasource" });
        await expectNotApplicable(grafanaObjectsInTenantOrg, [acme, ...orgs.slice(0, 1), pending], "acme-corp/datasource");
    });
});
