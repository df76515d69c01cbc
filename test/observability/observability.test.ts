/** The observability layer under Pulumi's mocks, per status and with Grafana Enterprise datasource permissions. */
import { beforeAll, describe, expect, it } from "vitest";
import type { OfflineRun } from "../../scripts/offline/runtime";
import { tenantNames } from "../../components/model";
import { dashboardExpressions, type DashboardModel } from "../../components/observability/dashboard";
import { SAMPLE_TENANTS_DIR, TYPES, layerLeaks, maybeResource, resource, runProgram, tenantResources } from "../identity/offline";

let run: OfflineRun;
beforeAll(async () => {
    run = await runProgram();
});

const EXPECTED = {
    oasis: { archived: false, paused: false, webhook: false, emails: ["ops@oasis.example"] },
    "acme-corp": { archived: false, paused: false, webhook: true, emails: ["platform@acme.example"] },
    globex: { archived: false, paused: true, webhook: true, emails: undefined },
    initech: { archived: true, paused: true, webhook: false, emails: undefined },
} as const;

const WEBHOOKS = ["https://hooks.acme.example/stoa", "https://alerts.globex.example/hooks/stoa"];

describe.each(Object.entries(EXPECTED))("observability of %s", (id, expected) => {
    it("has a folder with its deterministic uid and a team of its own", () => {
        expect(resource(run, TYPES.folder, `${id}/folder`).inputs.uid).toBe(`tenant-${id}`);
        expect(resource(run, TYPES.team, `${id}/team`).inputs.name).toBe(`tenant-${id}`);
    });

    it("grants the folder to its team (unless archived) and the platform admins only, no basic roles", () => {
        const permissions = resource(run, TYPES.folderPermission, `${id}/folder-permissions`);
        expect(permissions.inputs.folderUid).toBe(`tenant-${id}`);
        const items = permissions.inputs.permissions as Record<string, unknown>[];
        // The mocks give the tenant team the id of its name and the looked-up platform team `team-<name>`.
        const expectedItems = [{ teamId: "team-stoa-platform-admins", permission: "Admin" }];
        if (!expected.archived) expectedItems.push({ teamId: `tenant-${id}`, permission: "View" });
        expect(items).toEqual(expectedItems);
        expect(JSON.stringify(items)).not.toMatch(/"role"|Viewer|Editor/);
    });

    it("has a dashboard in its folder whose every query is pinned to it, on its own datasource", () => {
        const dashboard = resource(run, TYPES.dashboard, `${id}/dashboard`);
        expect(dashboard.inputs.folder).toBe(`tenant-${id}`);
        const model = JSON.parse(dashboard.inputs.configJson as string) as DashboardModel;
        expect(model.uid).toBe(tenantNames(id).grafanaDashboardUid);
        const exprs = dashboardExpressions(model);
        expect(exprs.length).toBeGreaterThanOrEqual(6);
        for (const expr of exprs) expect(expr).toContain(`tenant="${id}"`);
        const datasource = resource(run, TYPES.datasource, `${id}/datasource`);
        expect(datasource.inputs).toMatchObject({
            uid: `tenant-${id}-ds`,
            type: "prometheus",
            url: `http://prom-label-proxy.monitoring.svc.cluster.local:8080/tenant/${id}`,
            isDefault: false,
        });
        // Grafana OSS (the dev stack): no datasource permissions to set.
        expect(maybeResource(run, TYPES.datasourcePermission, `${id}/datasource-permissions`)).toBeUndefined();
    });

    it("has a contact point from its notification settings, the webhook URL secret", () => {
        const contactPoint = maybeResource(run, TYPES.contactPoint, `${id}/contact-point`);
        if (expected.archived) {
            expect(contactPoint).toBeUndefined();
            expect(maybeResource(run, TYPES.ruleGroup, `${id}/rule-group`)).toBeUndefined();
            return;
        }
        expect(contactPoint?.inputs.name).toBe(`tenant-${id}`);
        expect(contactPoint?.inputs.webhooks).toBe(expected.webhook ? "[secret]" : undefined);
        expect(contactPoint?.inputs.emails).toEqual(expected.emails ? [{ addresses: expected.emails, singleEmail: true }] : undefined);
    });

    it("routes its alert rule to its own contact point, paused unless active", () => {
        if (expected.archived) return expect(maybeResource(run, TYPES.ruleGroup, `${id}/rule-group`)).toBeUndefined();
        const group = resource(run, TYPES.ruleGroup, `${id}/rule-group`);
        expect(group.inputs.folderUid).toBe(`tenant-${id}`);
        const [rule] = group.inputs.rules as Record<string, unknown>[];
        expect(rule).toMatchObject({ isPaused: expected.paused, labels: { tenant: id }, notificationSettings: { contactPoint: `tenant-${id}` } });
    });
});

describe("the organisation's notification policy", () => {
    it("is never managed here", () => {
        expect(run.resources.filter((r) => r.type === TYPES.notificationPolicy)).toEqual([]);
    });
});

describe("webhook URLs", () => {
    it("appear nowhere in clear", () => {
        const everything = JSON.stringify(run.resources.map((r) => r.inputs)) + JSON.stringify(run.outputs);
        for (const url of WEBHOOKS) expect(everything).not.toContain(url);
        expect(layerLeaks(run)).toEqual([]);
    });
});

describe("Grafana Enterprise datasource permissions", () => {
    let enterprise: OfflineRun;
    beforeAll(async () => {
        enterprise = await runProgram(SAMPLE_TENANTS_DIR, { grafanaDatasourcePermissions: true, metricsProxyUrl: "https://metrics.example/t/{tenant}" });
    });

    it("restrict each tenant datasource to its team and the platform admins", () => {
        for (const id of ["oasis", "acme-corp", "globex"]) {
            const permission = resource(enterprise, TYPES.datasourcePermission, `${id}/datasource-permissions`);
            expect(permission.inputs.datasourceUid).toBe(`tenant-${id}-ds`);
            expect(permission.inputs.permissions).toEqual([
                { teamId: "team-stoa-platform-admins", permission: "Query" },
                { teamId: `tenant-${id}`, permission: "Query" },
            ]);
        }
        expect(resource(enterprise, TYPES.datasourcePermission, "initech/datasource-permissions").inputs.permissions).toEqual([
            { teamId: "team-stoa-platform-admins", permission: "Query" },
        ]);
        expect(resource(enterprise, TYPES.datasource, "oasis/datasource").inputs.url).toBe("https://metrics.example/t/oasis");
    });

    it("live in the tenant's own isolation component", () => {
        expect(tenantResources(enterprise, "globex", "observability").map((r) => r.name)).toContain("globex/datasource-permissions");
    });
});
