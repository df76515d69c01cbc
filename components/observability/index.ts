/** Grafana folder, team, permissions, datasource, dashboard, contact point and alert rule of one tenant. */
import * as grafana from "@pulumiverse/grafana";
import type { LayerContext } from "../context";
import { folderPermissionItems, platformAdminTeamId } from "./access";
import { createAlertRules } from "./alerts";
import { tenantDashboard } from "./dashboard";
import { createDatasource } from "./datasource";
import { contactPointPlan, createContactPoint } from "./notifications";

export interface ObservabilityLayer {
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

    const folder = new grafana.oss.Folder(ctx.name("folder"), { uid: names.grafanaFolderUid, title: `${tenant.name} (${tenant.id})` }, ctx.opts);
    // Members are managed by the identity integration (team sync or the platform's login mapping), not here.
    const team = new grafana.oss.Team(ctx.name("team"), { name: names.grafanaTeam }, ctx.opts);
    const platformTeamId = platformAdminTeamId(ctx);

    new grafana.oss.FolderPermission(
        ctx.name("folder-permissions"),
        { folderUid: folder.uid, permissions: folderPermissionItems(archived, team.id, platformTeamId) },
        ctx.opts,
    );

    const datasource = createDatasource(ctx, team.id, platformTeamId);
    new grafana.oss.Dashboard(
        ctx.name("dashboard"),
        { folder: folder.uid, configJson: JSON.stringify(tenantDashboard(tenant, names.grafanaDatasourceUid)), overwrite: true },
        ctx.opts,
    );

    const plan = contactPointPlan(tenant);
    if (plan) {
        const contactPoint = createContactPoint(ctx, plan);
        createAlertRules(ctx, folder, datasource, contactPoint);
    }

    return {
        folderUid: names.grafanaFolderUid,
        dashboardUid: names.grafanaDashboardUid,
        datasourceUid: names.grafanaDatasourceUid,
        team: names.grafanaTeam,
        contactPoint: plan?.name,
    };
}
