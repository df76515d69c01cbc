/**
 * The tenant's Grafana organization and, inside it, its folder, team, folder permissions, data source,
 * dashboard, contact point and alert rule. Nothing of a tenant is created in Grafana's main
 * organization, which keeps only the platform's own objects.
 */
import * as grafana from "@pulumiverse/grafana";
import type * as pulumi from "@pulumi/pulumi";
import type { LayerContext } from "../context";
import { folderPermissionItems } from "./access";
import { createAlertRules } from "./alerts";
import { tenantDashboard } from "./dashboard";
import { createDatasource } from "./datasource";
import { contactPointPlan, createContactPoint } from "./notifications";
import { createOrganization } from "./organization";

export interface ObservabilityLayer {
    /** Name of the tenant's Grafana organization. */
    organization: string;
    /** Id of the tenant's Grafana organization (known once it exists). */
    orgId: pulumi.Output<string>;
    folderUid: string;
    dashboardUid: string;
    datasourceUid: string;
    team: string;
    /** Contact point name, when the tenant has somewhere to send alerts. */
    contactPoint?: string;
}

export function createObservabilityLayer(ctx: LayerContext): ObservabilityLayer {
    const { tenant } = ctx;
    const names = tenant.names;
    const archived = tenant.status === "archived";

    const { orgId } = createOrganization(ctx);
    const folder = new grafana.oss.Folder(ctx.name("folder"), { orgId, uid: names.grafanaFolderUid, title: `${tenant.name} (${tenant.id})` }, ctx.opts);
    // Members are not managed here: Grafana OSS has no team sync; the team is there for Enterprise team sync and grants.
    const team = new grafana.oss.Team(ctx.name("team"), { orgId, name: names.grafanaTeam }, ctx.opts);

    new grafana.oss.FolderPermission(
        ctx.name("folder-permissions"),
        { orgId, folderUid: folder.uid, permissions: folderPermissionItems(archived, team.id) },
        ctx.opts,
    );

    const datasource = createDatasource(ctx, orgId);
    new grafana.oss.Dashboard(
        ctx.name("dashboard"),
        { orgId, folder: folder.uid, configJson: JSON.stringify(tenantDashboard(tenant, names.grafanaDatasourceUid)), overwrite: true },
        ctx.opts,
    );

    const plan = contactPointPlan(tenant);
    if (plan) {
        const contactPoint = createContactPoint(ctx, orgId, plan);
        createAlertRules(ctx, orgId, folder, datasource, contactPoint);
    }

    return {
        organization: names.grafanaOrganization,
        orgId,
        folderUid: names.grafanaFolderUid,
        dashboardUid: names.grafanaDashboardUid,
        datasourceUid: names.grafanaDatasourceUid,
        team: names.grafanaTeam,
        contactPoint: plan?.name,
    };
}
