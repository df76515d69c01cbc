/** The observability layer under Pulumi's mocks: one Grafana organization per tenant, holding every object of it. */
import { beforeAll, describe, expect, it } from "vitest";
import type { OfflineRun } from "../../scripts/offline/runtime";
import { mockGrafanaOrgId } from "../../scripts/offline/mocks";
import { tenantNames } from "../../components/model";
import { dashboardExpressions, type DashboardModel } from "../../components/observability/dashboard";
import { TYPES, layerLeaks, maybeResource, resource, runProgram, tenantResources } from "../identity/offline";

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
const MEMBER_LISTS = ["admins", "editors", "viewers", "usersWithoutAccesses"];

describe.each(Object.entries(EXPECTED))("observability of %s", (id, expected) => {
    // The id the mocks give the organization named tenant-<id> (Grafana assigns it for real).
    const orgId = () => String(mockGrafanaOrgId(`tenant-${id}`));

    it("has an organization of its own, protected while live and never deleted by Pulumi", () => {
        const organization = resource(run, TYPES.organization, `${id}/organization`);
        expect(organization.inputs.name).toBe(`tenant-${id}`);
        expect(organization.inputs.createUsers).toBe(false);
        expect(organization.protect).toBe(!expected.archived);
        expect(organization.retainOnDelete).toBe(true);
        expect(orgId()).not.toBe("1");
    });

    it("keeps no members once archived; members of a live tenant come from the login", () => {
        const inputs = resource(run, TYPES.organization, `${id}/organization`).inputs;
        for (const list of MEMBER_LISTS) expect(inputs[list]).toEqual(expected.archived ? [] : undefined);
    });

    it("puts every Grafana object of the tenant in its organization", () => {
        const objects = tenantResources(run, id, "observability").filter((r) => r.type !== TYPES.organization && r.type.startsWith("grafana:"));
        expect(objects.map((r) => r.name).sort()).toEqual(
            [`${id}/folder`, `${id}/team`, `${id}/folder-permissions`, `${id}/datasource`, `${id}/dashboard`, ...(expected.archived ? [] : [`${id}/contact-point`, `${id}/rule-group`])].sort(),
        );
        for (const object of objects) expect({ name: object.name, orgId: object.inputs.orgId }).toEqual({ name: object.name, orgId: orgId() });
    });

    it("has a folder with its deterministic uid and a team of its own", () => {
        expect(resource(run, TYPES.folder, `${id}/folder`).inputs.uid).toBe(`tenant-${id}`);
        expect(resource(run, TYPES.team, `${id}/team`).inputs.name).toBe(`tenant-${id}`);
    });

    it("lets its organization's Viewers, Editors and team view the folder (nobody once archived)", () => {
        const permissions = resource(run, TYPES.folderPermission, `${id}/folder-permissions`);
        expect(permissions.inputs.folderUid).toBe(`tenant-${id}`);
        expect(permissions.inputs.permissions).toEqual(
            expected.archived
                ? []
                : [
                      { role: "Viewer", permission: "View" },
                      { role: "Editor", permission: "View" },
                      // The mocks give the tenant team the id of its name.
                      { teamId: `tenant-${id}`, permission: "View" },
                  ],
        );
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
            isDefault: true,
            secureJsonDataEncoded: "[secret]",
        });
        expect(JSON.parse(datasource.inputs.jsonDataEncoded as string)).toEqual({ httpMethod: "POST", timeInterval: "30s", httpHeaderName1: "Authorization" });
    });

    it("gives the metrics proxy its token in a Secret of the platform namespace, never in clear", () => {
        const secret = resource(run, TYPES.secret, `${id}/metrics-token-secret`);
        expect(secret.inputs).toMatchObject({
            metadata: { name: `tenant-${id}-metrics-token`, namespace: "stoa-system", labels: { "stoa.io/tenant-id": id } },
            type: "Opaque",
            stringData: "[secret]",
        });
        // The mocks' generated password for this tenant's token.
        const everything = JSON.stringify(run.resources.map((r) => r.inputs)) + JSON.stringify(run.outputs);
        expect(everything).not.toContain(`mock-password-${id}/metrics-token`);
        expect(run.secretLeaks).toEqual([]);
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

describe("Grafana's main organization", () => {
    it("holds no tenant object: every tenant Grafana object names a tenant organization", () => {
        const tenantObjects = run.resources.filter((r) => r.type.startsWith("grafana:") && /^[a-z0-9-]+\//.test(r.name) && r.type !== TYPES.organization);
        expect(tenantObjects.length).toBe(26);
        expect(tenantObjects.filter((r) => r.inputs.orgId === undefined || r.inputs.orgId === "1").map((r) => r.name)).toEqual([]);
    });

    it("never has its notification policy managed here", () => {
        expect(run.resources.filter((r) => r.type === TYPES.notificationPolicy)).toEqual([]);
    });

    it("has no enterprise data source permissions: the organization is the boundary", () => {
        expect(run.resources.filter((r) => r.type === TYPES.datasourcePermission)).toEqual([]);
    });
});

describe("webhook URLs", () => {
    it("appear nowhere in clear", () => {
        const everything = JSON.stringify(run.resources.map((r) => r.inputs)) + JSON.stringify(run.outputs);
        for (const url of WEBHOOKS) expect(everything).not.toContain(url);
        expect(layerLeaks(run)).toEqual([]);
    });
});
