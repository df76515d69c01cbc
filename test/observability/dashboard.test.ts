/** Pure observability pieces: pinned queries, the dashboard, the alert rule, the contact point plan, permissions. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TENANT_ID_PATTERN, tenantNames } from "../../components/model";
import { tenantQueries, tenantSelector } from "../../components/observability/queries";
import { dashboardExpressions, tenantDashboard } from "../../components/observability/dashboard";
import { errorRatioRule } from "../../components/observability/alerts";
import { contactPointPlan } from "../../components/observability/notifications";
import { folderPermissionItems } from "../../components/observability/access";
import { metricsProxyUrl } from "../../components/observability/datasource";

const tenantId = fc.stringMatching(TENANT_ID_PATTERN).filter((s) => s.length >= 2 && s.length <= 30);
const tenant = (id: string) => ({ id, name: `Tenant ${id}`, names: tenantNames(id) });

describe("tenantSelector", () => {
    it.each([
        ["acme-corp", {}, '{tenant="acme-corp"}'],
        ["oasis", { namespace: true }, '{tenant="oasis", namespace="tenant-oasis"}'],
        ["oasis", { namespace: true, containers: true }, '{tenant="oasis", namespace="tenant-oasis", container!=""}'],
    ])("%s %j", (id, options, expected) => expect(tenantSelector(id, tenantNames(id), options)).toBe(expected));

    it.each(['acme"}', "Acme", "a b", 'x",tenant=~".+'])("refuses %j", (id) => expect(() => tenantSelector(id, { namespace: "n" })).toThrow(/not a tenant id/));
});

describe("tenantDashboard", () => {
    it("has the brief's panels: requests, errors, latency percentiles, namespace CPU, memory and storage", () => {
        const exprs = dashboardExpressions(tenantDashboard(tenant("acme-corp"), "tenant-acme-corp-ds"));
        const q = tenantQueries("acme-corp", tenantNames("acme-corp"));
        expect(exprs).toEqual([q.requestRate, q.errorRate, q.errorRatio, q.latency.p50, q.latency.p95, q.latency.p99, q.cpu, q.memory, q.storage.used, q.storage.requested]);
        expect(q.requestRate).toBe('sum(rate(stoa_api_requests_total{tenant="acme-corp"}[5m]))');
        expect(q.errorRate).toBe('sum(rate(stoa_api_errors_total{tenant="acme-corp"}[5m]))');
        expect(q.latency.p99).toBe('histogram_quantile(0.99, sum by (le) (rate(stoa_api_duration_seconds_bucket{tenant="acme-corp"}[5m])))');
        expect(q.cpu).toContain('namespace="tenant-acme-corp"');
        expect(q.memory).toContain('namespace="tenant-acme-corp"');
        expect(q.storage.used).toBe('sum(kubelet_volume_stats_used_bytes{tenant="acme-corp", namespace="tenant-acme-corp"})');
        expect(q.storage.requested).toBe('sum(kube_persistentvolumeclaim_resource_requests_storage_bytes{tenant="acme-corp", namespace="tenant-acme-corp"})');
    });

    it("pins every query to its tenant and names no other tenant, for any pair of ids", () => {
        fc.assert(
            fc.property(tenantId, tenantId, (a, b) => {
                fc.pre(!a.includes(b) && !b.includes(a));
                const ds = tenantNames(a).grafanaDatasourceUid;
                const dashboard = tenantDashboard(tenant(a), ds);
                const selectors = dashboardExpressions(dashboard).flatMap((expr) => [...expr.matchAll(/\{[^}]*\}/g)].map((m) => m[0]));
                return (
                    selectors.length > 0 &&
                    selectors.every((s) => s.includes(`tenant="${a}"`)) &&
                    // b's label value and b's derived names (`tenant-<b>…`) never appear; a's never contain them.
                    !JSON.stringify(dashboard).includes(`tenant-${b}`) &&
                    !JSON.stringify(dashboard).includes(`tenant=\\"${b}\\"`) &&
                    dashboard.panels.every((p) => p.datasource.uid === ds && p.targets.every((t) => t.datasource.uid === ds))
                );
            }),
        );
    });

    it("has no template variable a viewer could point at another tenant", () => {
        const dashboard = tenantDashboard(tenant("oasis"), "ds");
        expect(dashboard.templating.list).toEqual([]);
        expect(JSON.stringify(dashboard)).not.toContain("$");
        expect(dashboard.uid).toBe(tenantNames("oasis").grafanaDashboardUid);
    });
});

describe("errorRatioRule", () => {
    it.each([
        ["active", false],
        ["suspended", true],
        ["archived", true],
    ] as const)("%s: paused %s, routed to the tenant's contact point, labelled with the tenant", (status, paused) => {
        const rule = errorRatioRule({ id: "globex", status, names: tenantNames("globex") }, "tenant-globex-ds", "tenant-globex");
        expect(rule.isPaused).toBe(paused);
        expect(rule.notificationSettings).toEqual({ contactPoint: "tenant-globex" });
        expect(rule.labels).toMatchObject({ tenant: "globex" });
        const datas = rule.datas as { datasourceUid: string; model: string }[];
        expect(datas[0]!.datasourceUid).toBe("tenant-globex-ds");
        expect(JSON.parse(datas[0]!.model).expr).toContain('tenant="globex"');
    });
});

describe("contactPointPlan", () => {
    const base = { id: "acme-corp", status: "active" as const, names: tenantNames("acme-corp") };
    it.each([
        ["webhook and e-mail", { webhook_url: "https://h.example/x", email_alerts: true, email_addresses: ["a@x.example"] }, { webhookUrl: "https://h.example/x", emailAddresses: ["a@x.example"] }],
        ["webhook only", { webhook_url: "https://h.example/x", email_alerts: false }, { webhookUrl: "https://h.example/x", emailAddresses: undefined }],
        ["e-mail flag off", { webhook_url: undefined, email_alerts: false, email_addresses: ["a@x.example"] }, undefined],
        ["e-mail only", { email_alerts: true, email_addresses: ["a@x.example"] }, { webhookUrl: undefined, emailAddresses: ["a@x.example"] }],
        ["nothing", { email_alerts: false }, undefined],
    ])("%s", (_, notifications, expected) => {
        const plan = contactPointPlan({ ...base, notifications });
        expect(plan).toEqual(expected === undefined ? undefined : { name: "tenant-acme-corp", ...expected });
    });

    it("has none once archived", () => {
        expect(contactPointPlan({ ...base, status: "archived", notifications: { webhook_url: "https://h.example/x", email_alerts: false } })).toBeUndefined();
    });

    it("refuses a webhook that is not https", () => {
        expect(() => contactPointPlan({ ...base, notifications: { webhook_url: "http://h.example/x", email_alerts: false } })).toThrow(/https/);
    });
});

describe("folder permissions in the tenant's own organization", () => {
    it("let the organization's Viewers and Editors and the tenant team view, and nobody edit", () => {
        expect(folderPermissionItems(false, "tenant")).toEqual([
            { role: "Viewer", permission: "View" },
            { role: "Editor", permission: "View" },
            { teamId: "tenant", permission: "View" },
        ]);
    });
    it("are empty once archived (organization Admins only)", () => {
        expect(folderPermissionItems(true, "tenant")).toEqual([]);
    });
});

describe("metricsProxyUrl", () => {
    it.each([
        ["http://proxy:8080/tenant/{tenant}", "oasis", "http://proxy:8080/tenant/oasis"],
        ["https://{tenant}.metrics.example", "acme-corp", "https://acme-corp.metrics.example"],
    ])("%s for %s", (template, id, expected) => expect(metricsProxyUrl(template, id)).toBe(expected));
    it("refuses a template without {tenant}", () => expect(() => metricsProxyUrl("http://proxy", "oasis")).toThrow(/\{tenant\}/));
});
