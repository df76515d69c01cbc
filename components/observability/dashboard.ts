/** The tenant's overview dashboard as plain JSON, built by a pure function so the tests can read every query. */
import type { ResolvedTenant } from "../model";
import { tenantQueries } from "./queries";

export interface DashboardTarget {
    refId: string;
    expr: string;
    legendFormat: string;
    datasource: { type: "prometheus"; uid: string };
}

export interface DashboardPanel {
    id: number;
    type: "timeseries";
    title: string;
    gridPos: { x: number; y: number; w: number; h: number };
    datasource: { type: "prometheus"; uid: string };
    fieldConfig: { defaults: { unit: string }; overrides: [] };
    targets: DashboardTarget[];
}

export interface DashboardModel {
    uid: string;
    title: string;
    tags: string[];
    editable: boolean;
    timezone: string;
    schemaVersion: number;
    refresh: string;
    time: { from: string; to: string };
    templating: { list: [] };
    panels: DashboardPanel[];
}

type Tenant = Pick<ResolvedTenant, "id" | "name" | "names">;

/** No template variables: a variable would let a viewer type another tenant's id into the queries. */
export function tenantDashboard(tenant: Tenant, datasourceUid: string): DashboardModel {
    const q = tenantQueries(tenant.id, tenant.names);
    const datasource = { type: "prometheus" as const, uid: datasourceUid };
    const panels: [string, string, [string, string][]][] = [
        ["API requests per second", "reqps", [["requests", q.requestRate]]],
        ["API errors per second", "reqps", [["errors", q.errorRate]]],
        ["API error ratio", "percentunit", [["error ratio", q.errorRatio]]],
        ["API latency", "s", [["p50", q.latency.p50], ["p95", q.latency.p95], ["p99", q.latency.p99]]],
        ["Namespace CPU", "cores", [["cpu", q.cpu]]],
        ["Namespace memory", "bytes", [["memory", q.memory]]],
        ["Namespace storage", "bytes", [["used", q.storage.used], ["requested", q.storage.requested]]],
    ];
    return {
        uid: tenant.names.grafanaDashboardUid,
        title: `${tenant.name}: API overview`,
        tags: ["stoa", "tenant"],
        // Managed by Pulumi: edits in the UI would be overwritten on the next run.
        editable: false,
        timezone: "utc",
        schemaVersion: 39,
        refresh: "1m",
        time: { from: "now-6h", to: "now" },
        templating: { list: [] },
        panels: panels.map(([title, unit, series], index) => ({
            id: index + 1,
            type: "timeseries",
            title,
            gridPos: { x: (index % 2) * 12, y: Math.floor(index / 2) * 8, w: 12, h: 8 },
            datasource,
            fieldConfig: { defaults: { unit }, overrides: [] },
            targets: series.map(([legend, expr], i) => ({ refId: String.fromCharCode(65 + i), expr, legendFormat: legend, datasource })),
        })),
    };
}

/** Every PromQL expression of a dashboard, for checks. */
export function dashboardExpressions(dashboard: DashboardModel): string[] {
    return dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr));
}
