/**
 * The tenant's own Prometheus data source, in the tenant's organization, pointing at a label-enforcing
 * proxy that pins every query to `tenant="<id>"` whatever the query says. The organization is the
 * boundary (no other organization can query it); the proxy is defence in depth.
 */
import * as grafana from "@pulumiverse/grafana";
import type * as pulumi from "@pulumi/pulumi";
import type { LayerContext } from "../context";

export function metricsProxyUrl(template: string, tenantId: string): string {
    if (!template.includes("{tenant}")) throw new Error(`metricsProxyUrl ${template} must contain {tenant}`);
    return template.replaceAll("{tenant}", tenantId);
}

export function createDatasource(ctx: LayerContext, orgId: pulumi.Input<string>): grafana.oss.DataSource {
    const names = ctx.tenant.names;
    return new grafana.oss.DataSource(
        ctx.name("datasource"),
        {
            orgId,
            uid: names.grafanaDatasourceUid,
            name: names.grafanaDatasourceName,
            type: "prometheus",
            url: metricsProxyUrl(ctx.stack.metricsProxyUrl, ctx.tenant.id),
            accessMode: "proxy",
            isDefault: true,
            jsonDataEncoded: JSON.stringify({ httpMethod: "POST", timeInterval: "30s" }),
        },
        ctx.opts,
    );
}
