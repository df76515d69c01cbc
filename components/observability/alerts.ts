/** The tenant's alert rule: its API error ratio, sent straight to its own contact point. */
import * as grafana from "@pulumiverse/grafana";
import type * as pulumi from "@pulumi/pulumi";
import type { ResolvedTenant } from "../model";
import type { LayerContext } from "../context";
import { tenantQueries } from "./queries";

/** Grafana's server-side expressions. */
const EXPRESSION_DATASOURCE = "__expr__";
export const ERROR_RATIO_THRESHOLD = 0.05;

type Tenant = Pick<ResolvedTenant, "id" | "status" | "names">;

/** The rule as data: the tests check its query, labels and routing. */
export function errorRatioRule(tenant: Tenant, datasourceUid: string, contactPoint: string): grafana.types.input.alerting.RuleGroupRule {
    const window = { from: 600, to: 0 };
    return {
        uid: tenant.names.grafanaErrorRuleUid,
        name: "API error ratio above 5%",
        condition: "B",
        for: "10m",
        // Suspended: the gateway refuses every call on purpose, so errors would only be noise.
        isPaused: tenant.status !== "active",
        noDataState: "OK",
        execErrState: "Error",
        labels: { tenant: tenant.id, severity: "warning" },
        annotations: { summary: `More than 5% of tenant ${tenant.id}'s API calls fail.`, __dashboardUid__: tenant.names.grafanaDashboardUid, __panelId__: "3" },
        // Rule-level routing: no change to the organisation's notification policy tree.
        notificationSettings: { contactPoint },
        datas: [
            {
                refId: "A",
                datasourceUid,
                relativeTimeRange: window,
                model: JSON.stringify({ refId: "A", expr: tenantQueries(tenant.id, tenant.names).errorRatio, instant: true }),
            },
            {
                refId: "B",
                datasourceUid: EXPRESSION_DATASOURCE,
                relativeTimeRange: window,
                model: JSON.stringify({
                    refId: "B",
                    type: "threshold",
                    expression: "A",
                    datasource: { type: "__expr__", uid: EXPRESSION_DATASOURCE },
                    conditions: [{ evaluator: { type: "gt", params: [ERROR_RATIO_THRESHOLD] } }],
                }),
            },
        ],
    };
}

export function createAlertRules(
    ctx: LayerContext,
    orgId: pulumi.Input<string>,
    folder: grafana.oss.Folder,
    datasource: grafana.oss.DataSource,
    contactPoint: grafana.alerting.ContactPoint,
): void {
    const names = ctx.tenant.names;
    new grafana.alerting.RuleGroup(
        ctx.name("rule-group"),
        {
            orgId,
            name: names.grafanaRuleGroup,
            folderUid: folder.uid,
            intervalSeconds: 60,
            rules: [contactPoint.name.apply((name) => errorRatioRule(ctx.tenant, names.grafanaDatasourceUid, name))],
        },
        // Grafana refuses a rule naming a contact point or datasource that does not exist yet.
        { ...ctx.opts, dependsOn: [contactPoint, datasource] },
    );
}
