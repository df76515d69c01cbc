/**
 * Grafana's login in a sharded environment: each shard makes its tenants' identity providers in the
 * platform realm and exports their organization ids; the platform's stack reads them through
 * StackReferences and makes Grafana's login, mapping every tenant of every shard to its own
 * organization only.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { mockGrafanaOrgId, previousStackOutputs } from "../../scripts/offline/mocks";
import { runOffline, type OfflineRun } from "../../scripts/offline/runtime";
import { stoaTenancy } from "../../components/program";
import { shardLoginTenants } from "../../components/platform/shardLogin";
import type { ResolvedTenant } from "../../components/model";
import { SAMPLE_TENANTS_DIR } from "../identity/offline";

const PROJECT_DIR = path.resolve(__dirname, "../..");
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
afterEach(() => previousStackOutputs.clear());

const devStack = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8").trimEnd();
const SHARD = (name: string) => `${devStack}\n  stoa-tenancy:shard: ${name}\n  stoa-tenancy:platformStack: organization/stoa-tenancy/dev-platform\n`;

/** The sample tenants in two shards: acme-corp and globex in dev-a, initech and oasis in dev-b. */
function shardedSamples(shards = "dev:\n  acme-corp: dev-a\n  globex: dev-a\n  initech: dev-b\n  oasis: dev-b\n"): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stoa-sharded-login-"));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml")));
    fs.writeFileSync(path.join(dir, "Pulumi.dev-platform.yaml"), `${devStack}\n  stoa-tenancy:platformOnly: true\n`);
    fs.writeFileSync(path.join(dir, "Pulumi.dev-a.yaml"), SHARD("dev-a"));
    fs.writeFileSync(path.join(dir, "Pulumi.dev-b.yaml"), SHARD("dev-b"));
    fs.cpSync(SAMPLE_TENANTS_DIR, path.join(dir, "tenants"), { recursive: true });
    fs.writeFileSync(path.join(dir, "tenants", "shards.yaml"), shards);
    return dir;
}

const run = (dir: string, stack: string) => runOffline({ stack, projectDir: dir, program: () => stoaTenancy({ projectDir: dir }) });
const ofType = (r: OfflineRun, type: string) => r.resources.filter((x) => x.type === type);
const LOGIN_TYPES = ["stoa:tenancy:GrafanaLogin", "grafana:oss/ssoSettings:SsoSettings", "keycloak:openid/client:Client"];
const IDP = "keycloak:oidc/identityProvider:IdentityProvider";

/** What each shard's last deployment exported: tenant id → organization id. */
function deployed(shards: Record<string, Record<string, string>>) {
    for (const [shard, orgIds] of Object.entries(shards)) previousStackOutputs.set(`organization/stoa-tenancy/${shard}`, { grafanaOrganizations: orgIds });
}

const ACME = ["/tenant-acme-corp/tenant-admin:7:Admin", "/tenant-acme-corp/devops:7:Editor", "/tenant-acme-corp/viewer:7:Viewer"];
const GLOBEX = ["/tenant-globex/tenant-admin:9:Viewer", "/tenant-globex/devops:9:Viewer", "/tenant-globex/viewer:9:Viewer"];
const OASIS = ["/tenant-oasis/tenant-admin:13:Admin", "/tenant-oasis/devops:13:Editor", "/tenant-oasis/viewer:13:Viewer"];

describe("Grafana's login in a sharded environment", () => {
    it("is not made by a shard: the shard makes its tenants' identity providers in the platform realm and exports their organization ids", async () => {
        const dir = shardedSamples();
        const a = await run(dir, "dev-a");
        expect(ofType(a, "stoa:tenancy:GrafanaLogin")).toEqual([]);
        expect(ofType(a, "grafana:oss/ssoSettings:SsoSettings")).toEqual([]);
        expect(a.resources.some((r) => r.name === "platform-grafana-client")).toBe(false);
        expect(ofType(a, IDP).map((r) => [r.name, r.parent, r.inputs.realm, r.inputs.alias, r.inputs.clientId, r.inputs.clientSecret])).toEqual([
            ["platform-broker/acme-corp/identity-provider", null, "stoa", "tenant-acme-corp", "acme-corp-platform-broker", "[secret]"],
            ["platform-broker/globex/identity-provider", null, "stoa", "tenant-globex", "globex-platform-broker", "[secret]"],
        ]);
        expect(a.secretLeaks).toEqual([]);
        expect(a.outputs.grafanaOrganizations).toEqual({ "acme-corp": String(mockGrafanaOrgId("tenant-acme-corp")), globex: String(mockGrafanaOrgId("tenant-globex")) });
        const b = await run(dir, "dev-b");
        expect(ofType(b, "stoa:tenancy:GrafanaLogin")).toEqual([]);
        expect(ofType(b, IDP).map((r) => [r.name, r.inputs.enabled])).toEqual([
            ["platform-broker/initech/identity-provider", false],
            ["platform-broker/oasis/identity-provider", true],
        ]);
        expect(Object.keys(b.outputs.grafanaOrganizations as object)).toEqual(["initech", "oasis"]);
    });

    it("is made by the platform's stack over every shard's tenants, each mapped to its own organization only", async () => {
        const dir = shardedSamples();
        deployed({ "dev-a": { "acme-corp": "7", globex: "9" }, "dev-b": { initech: "11", oasis: "13" } });
        const platform = await run(dir, "dev-platform");
        expect(ofType(platform, "stoa:tenancy:GrafanaLogin").map((r) => r.inputs.orgMapping)).toEqual([["cpi-admin:1:Admin", ...ACME, ...GLOBEX, ...OASIS].join(",")]);
        for (const type of LOGIN_TYPES) expect(ofType(platform, type)).toHaveLength(1);
        // The identity providers are the shards': the platform's stack does not grow with the tenants.
        expect(ofType(platform, IDP)).toEqual([]);
        // One StackReference per shard, named after the shard.
        expect(ofType(platform, "pulumi:pulumi:StackReference").map((r) => [r.name, r.inputs.name])).toEqual([
            ["shard-dev-a", "organization/stoa-tenancy/dev-a"],
            ["shard-dev-b", "organization/stoa-tenancy/dev-b"],
        ]);
        expect(platform.outputs.tenants).toEqual({});
    });

    it("leaves out the tenants of a shard not deployed yet: no mapping and not allowed, so they are refused at login", async () => {
        const dir = shardedSamples();
        deployed({ "dev-a": { "acme-corp": "7", globex: "9" } });
        const platform = await run(dir, "dev-platform");
        expect(ofType(platform, "stoa:tenancy:GrafanaLogin").map((r) => r.inputs.orgMapping)).toEqual([["cpi-admin:1:Admin", ...ACME, ...GLOBEX].join(",")]);
    });

    it("keeps a tenant that moves between shards on the organization the shard it leaves still exports", async () => {
        const dir = shardedSamples("dev:\n  acme-corp: dev-a\n  globex: dev-a\n  initech: dev-b\n  oasis: { shard: dev-a, moved_from: dev-b }\n");
        deployed({ "dev-a": { "acme-corp": "7", globex: "9" }, "dev-b": { initech: "11", oasis: "13" } });
        const platform = await run(dir, "dev-platform");
        expect(ofType(platform, "stoa:tenancy:GrafanaLogin").map((r) => r.inputs.orgMapping)).toEqual([["cpi-admin:1:Admin", ...ACME, ...GLOBEX, ...OASIS].join(",")]);
    });
});

describe("shardLoginTenants", () => {
    const tenant = (id: string) => ({ id }) as ResolvedTenant;
    const shardOf = new Map([
        ["a", "s1"],
        ["b", "s2"],
    ]);

    it("takes each tenant's own shard first, another shard's export while it moves, and lists the rest as missing", () => {
        const exports = new Map([
            ["s1", { a: 3, b: "4" }],
            ["s2", { b: "4" }],
        ]);
        const { ready, missing } = shardLoginTenants([tenant("a"), tenant("b"), tenant("c")], shardOf, exports);
        expect(ready.map((r) => [r.tenant.id, r.orgId])).toEqual([
            ["a", "3"],
            ["b", "4"],
        ]);
        expect(missing).toEqual([{ tenant: "c", shard: undefined }]);
    });

    it("refuses two shards exporting different organizations for one tenant", () => {
        const exports = new Map([
            ["s1", { b: "4" }],
            ["s2", { b: "5" }],
        ]);
        expect(() => shardLoginTenants([tenant("b")], shardOf, exports)).toThrow("tenant b: shards s1 (organization 4) and s2 (organization 5) export different Grafana organizations");
    });

    it("reads a shard never deployed as exporting nothing", () => {
        expect(shardLoginTenants([tenant("a")], shardOf, new Map([["s1", undefined]])).missing).toEqual([{ tenant: "a", shard: "s1" }]);
    });
});
