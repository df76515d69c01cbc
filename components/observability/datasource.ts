/**
 * The tenant's own Prometheus datasource, pointing at a label-enforcing proxy that pins every query to
 * `tenant="<id>"` whatever the query says. Grafana OSS lets every org member query every datasource,
 * so this is defence in depth there; with `grafanaDatasourcePermissions` (Enterprise/Cloud) it is the
 * tenant team's only datasource.
 */
import * as grafana from "@pulumiverse/grafana";
import type * as pulumi from "@pulumi/pulumi";
import type { LayerContext } from "../context";
import { datasourcePermissionItems } from "./access";

export function metricsProxyUrl(template: string, tenantId: string): string {
    if (!template.includes("{tenant}")) throw new Error(`metricsProxyUrl ${template} must contain {tenant}`);
    return template.replaceAll("{tenant}", tenantId);
}

export function createDatasource(ctx: LayerContext, tenantTeamId: pulumi.Input<string>, platformTeamId: pulumi.Input<string>): grafana.oss.DataSource {
    const names = ctx.tenant.names;
    const datasource = new grafana.oss.DataSource(
        ctx.name("datasource"),
        {
            uid: names.grafanaDatasourceUid,
            name: names.grafanaDatasourceName,
            type: "prometheus",
            url: metricsProxyUrl(ctx.stack.metricsProxyUrl, ctx.tenant.id),
            accessMode: "proxy",
            isDefault: false,
            jsonDataEncoded: JSON.stringify({ httpMethod: "POST", timeInterval: "30s" }),
        },
        ctx.opts,
    );
    if (ctx.stack.grafanaDatasourcePermissions) {
        new grafana.enterprise.DataSourcePermission(
            ctx.name("datasource-permissions"),
            {
                datasourceUid: datasource.uid,
                datasourceType: "prometheus",
                permissions: datasourcePermissionItems(ctx.tenant.status === "archived", tenantTeamId, platformTeamId),
            },
            ctx.opts,
        );
    }
    return datasource;
}
