/**
 * The tenant's own Prometheus data source, in the tenant's organization, pointing at a label-enforcing
 * proxy that pins every query to `tenant="<id>"` whatever the query says. The organization is the
 * boundary between Grafana users (no other organization can query it); the proxy is the boundary for
 * data: it serves `/tenant/<id>` only to a caller presenting that tenant's token, which the data source
 * sends and nobody can read back from Grafana (secure JSON data is write-only). So a tenant's
 * organization Admin who adds a data source of their own cannot point it at another tenant's path.
 */
import * as grafana from "@pulumiverse/grafana";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { LABEL_MANAGED_BY, LABEL_TENANT_ID, MANAGED_BY } from "../model";
import type { LayerContext } from "../context";

/** The header the data source sends and the proxy checks. */
export const METRICS_TOKEN_HEADER = "Authorization";
/** Key of the token in its Secret (the proxy reads it from there). */
export const METRICS_TOKEN_KEY = "token";

export function metricsProxyUrl(template: string, tenantId: string): string {
    if (!template.includes("{tenant}")) throw new Error(`metricsProxyUrl ${template} must contain {tenant}`);
    return template.replaceAll("{tenant}", tenantId);
}

export function createDatasource(ctx: LayerContext, orgId: pulumi.Input<string>): grafana.oss.DataSource {
    const names = ctx.tenant.names;
    const token = new random.RandomPassword(ctx.name("metrics-token"), { length: 48, special: false }, ctx.opts);
    // For the proxy: one Secret per tenant in the platform namespace, labelled with the tenant.
    new k8s.core.v1.Secret(
        ctx.name("metrics-token-secret"),
        {
            metadata: {
                name: names.metricsTokenSecret,
                namespace: ctx.stack.platformNamespace,
                labels: { [LABEL_TENANT_ID]: ctx.tenant.id, [LABEL_MANAGED_BY]: MANAGED_BY },
            },
            type: "Opaque",
            stringData: { [METRICS_TOKEN_KEY]: pulumi.secret(token.result) },
        },
        ctx.opts,
    );
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
            jsonDataEncoded: JSON.stringify({ httpMethod: "POST", timeInterval: "30s", httpHeaderName1: METRICS_TOKEN_HEADER }),
            secureJsonDataEncoded: pulumi.secret(token.result.apply((value) => JSON.stringify({ httpHeaderValue1: `Bearer ${value}` }))),
        },
        ctx.opts,
    );
}
