/**
 * The whole pack over every resource the real program registers for the sample tenants, in every
 * environment; then the same resources with one cross-tenant leak added at a time.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ENVIRONMENTS } from "../../components/model/stackConfig";
import { stoaTenancy } from "../../components/program";
import { evaluatePolicies, SECRET_PLACEHOLDER, type PlanResource, type PolicyViolation } from "../../policy-pack/offline";
import { policies } from "../../policy-pack/policies";
import { runOffline, type RecordedResource } from "../../scripts/offline/runtime";
import { meta, ns, resource } from "./util";

const runs = new Map<string, RecordedResource[]>();

beforeAll(async () => {
    for (const stack of ENVIRONMENTS) {
        // Runs share Pulumi's global mock runtime: one after the other.
        const run = await runOffline({ stack, program: () => stoaTenancy() });
        runs.set(stack, run.resources);
    }
}, 300_000);

const describeViolations = (violations: PolicyViolation[]) => violations.map((v) => `${v.policy} [${v.enforcementLevel}] ${v.urn ?? "(stack)"}: ${v.message}`).join("\n");

describe.each(ENVIRONMENTS)("the real program on the %s stack", (stack) => {
    it("registers what the policies look at", () => {
        const types = new Set(runs.get(stack)!.map((r) => r.type));
        for (const type of [
            "stoa:tenancy:TenantIsolation",
            "kubernetes:core/v1:Namespace",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
            "kubernetes:core/v1:ResourceQuota",
            "kubernetes:configuration.konghq.com/v1:KongPlugin",
            "keycloak:index/realm:Realm",
            "keycloak:openid/client:Client",
            "postgresql:index/grant:Grant",
            "postgresql:index/role:Role",
            "grafana:oss/folderPermission:FolderPermission",
        ]) {
            expect(types, type).toContain(type);
        }
    });
    it("passes the whole pack with no violation and nothing left unchecked", async () => {
        const violations = await evaluatePolicies(runs.get(stack)!);
        expect(describeViolations(violations)).toBe("");
    });
});

describe("seeded leaks in the real program's resources (dev)", () => {
    const resources = () => runs.get("dev")!;
    const isolation = (id: string) => resources().find((r) => r.type === "stoa:tenancy:TenantIsolation" && r.name === id)!;
    const childOf = (id: string) => ({ parent: isolation(id) as PlanResource, name: `${id}-seeded-leak` });

    async function expectCaught(leak: PlanResource, policy: string, substring: string) {
        const violations = (await evaluatePolicies([...resources(), leak])).filter((v) => v.enforcementLevel === "mandatory");
        const caught = violations.filter((v) => v.policy === policy && v.urn === leak.urn && v.message.includes(substring));
        expect(caught, describeViolations(violations)).toHaveLength(1);
    }

    it("catches a NetworkPolicy that admits tenant globex into tenant acme-corp", async () => {
        const leak = resource(
            "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            {
                apiVersion: "networking.k8s.io/v1",
                kind: "NetworkPolicy",
                ...meta(ns("acme-corp"), "allow-partner"),
                spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns("globex") } } }] }] },
            },
            childOf("acme-corp"),
        );
        await expectCaught(leak, "network-policy-no-cross-tenant-peers", "tenant-globex");
    });

    it("catches a RoleBinding of globex's group in tenant-acme-corp", async () => {
        const leak = resource(
            "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
            {
                apiVersion: "rbac.authorization.k8s.io/v1",
                kind: "RoleBinding",
                ...meta(ns("acme-corp"), "globex-devops"),
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "devops" },
                subjects: [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "tenant:globex:devops" }],
            },
            childOf("acme-corp"),
        );
        await expectCaught(leak, "rolebinding-tenant-subjects", "tenant:globex:devops");
    });

    it("catches a grant on another tenant's schema", async () => {
        const leak = resource(
            "postgresql:index/grant:Grant",
            { database: "stoa", objectType: "table", privileges: ["SELECT"], role: "tenant_acme_corp_app", schema: "tenant_globex" },
            childOf("acme-corp"),
        );
        await expectCaught(leak, "postgresql-grant-own-schema", "not tenant_globex");
    });

    it("catches a Grafana permission for another tenant's team", async () => {
        const permissions = resources().filter((r) => r.type === "grafana:oss/folderPermission:FolderPermission");
        const acme = permissions.find((r) => r.parent === isolation("acme-corp").urn)!;
        const globexTeam = resources().find((r) => r.type === "grafana:oss/team:Team" && r.parent === isolation("globex").urn)!;
        // The id the program passes for a team is the Team's id; under the mocks a team's id is its name.
        const globexTeamId = (globexTeam.inputs as { name: string }).name;
        const inputs = acme.inputs as { folderUid: string; permissions: { teamId: string; permission: string }[] };
        const leak = resource(
            acme.type,
            { ...inputs, permissions: [...inputs.permissions, { teamId: globexTeamId, permission: "View" }] },
            childOf("acme-corp"),
        );
        await expectCaught(leak, "grafana-permissions-own-tenant", "team tenant-globex of tenant globex");
    });

    it("catches a data source of acme-corp in globex's Grafana organization", async () => {
        const globexFolder = resources().find((r) => r.type === "grafana:oss/folder:Folder" && r.parent === isolation("globex").urn)!;
        const globexOrg = (globexFolder.inputs as { orgId: string }).orgId;
        const leak = resource("grafana:oss/dataSource:DataSource", { orgId: globexOrg, uid: "tenant-acme-corp-extra", type: "prometheus" }, childOf("acme-corp"));
        await expectCaught(leak, "grafana-objects-in-tenant-org", `not organization ${globexOrg} of tenant globex`);
    });

    it("catches an org mapping that sends acme-corp's viewers to globex's Grafana organization", async () => {
        const globexFolder = resources().find((r) => r.type === "grafana:oss/folder:Folder" && r.parent === isolation("globex").urn)!;
        const globexOrg = (globexFolder.inputs as { orgId: string }).orgId;
        const login = resources().find((r) => r.type === "stoa:tenancy:GrafanaLogin")!;
        const leak = resource(login.type, { orgMapping: `${String(login.inputs.orgMapping)},/tenant-acme-corp/viewer:${globexOrg}:Viewer` }, { name: "seeded-login" });
        await expectCaught(leak, "grafana-objects-in-tenant-org", `must not map group /tenant-acme-corp/viewer of tenant acme-corp to organization ${globexOrg} of tenant globex`);
    });
});

describe("the real program's resources with every value unknown (prod)", () => {
    /** Every leaf replaced by "[secret]", which the offline runner treats as a value unknown during preview. */
    const unknownLeaves = (value: unknown): unknown =>
        Array.isArray(value)
            ? value.map(unknownLeaves)
            : value !== null && typeof value === "object"
              ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unknownLeaves(v)]))
              : SECRET_PLACEHOLDER;

    it("makes every policy say what it could not check, and none pass or fail it", async () => {
        // The program registers no volume claim and no Ingress: one of each gives those policies something to read.
        const claim = resource("kubernetes:core/v1:PersistentVolumeClaim", { ...meta(ns("acme-corp"), "data"), spec: { storageClassName: "encrypted-ssd" } });
        const ingress = resource("kubernetes:networking.k8s.io/v1:Ingress", { ...meta(ns("acme-corp"), "api"), spec: { rules: [{ host: "acme-corp.apps.example" }] } });
        const unknown = [...runs.get("prod")!, claim, ingress].map((r) =>
            r.type === "stoa:tenancy:TenantIsolation" ? r : { ...r, inputs: unknownLeaves(r.inputs) as Record<string, unknown> },
        );
        const violations = await evaluatePolicies(unknown);
        expect(describeViolations(violations.filter((v) => !v.message.startsWith("not applicable:")))).toBe("");
        const silent = policies.map((p) => p.name).filter((name) => !violations.some((v) => v.policy === name && v.enforcementLevel === "advisory"));
        expect(silent).toEqual([]);
    });
});
