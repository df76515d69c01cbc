/**
 * Lifecycle on the real server, acting as the tenants' users: suspended reads but cannot write,
 * archived has no access while the objects that hold its data remain, and prod is read-only for
 * people unless the tenant file grants write. The prod case applies the prod stack and puts dev back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TENANT_GROUPS } from "../../components/model";
import type { Request } from "./admissionCases";
import { adminClient } from "./client";
import { recordFact } from "./facts";
import { send } from "./requests";
import { ensureStack, stackObjects, type StackObjects } from "./stack";

const admin = adminClient();
let checks = 0;
let dev: StackObjects;

beforeAll(async () => {
    dev = await stackObjects("dev", admin.cluster.keycloakUrl);
    await ensureStack(admin, dev);
}, 300_000);

afterAll(async () => {
    recordFact("lifecycle", { lifecycleChecks: checks });
    admin.close();
});

const list = (tenant: string, actor: Request["actor"], kind = "Deployment", apiVersion = "apps/v1") =>
    send(admin, tenant, { actor, verb: "list", apiVersion, kind, namespace: `tenant-${tenant}` });

const createConfigMap = (tenant: string, actor: Request["actor"]) =>
    send(admin, tenant, {
        actor,
        verb: "create",
        apiVersion: "v1",
        kind: "ConfigMap",
        namespace: `tenant-${tenant}`,
        body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { k: "v" } },
    });

const createDeployment = (tenant: string, actor: Request["actor"]) =>
    send(admin, tenant, {
        actor,
        verb: "create",
        apiVersion: "apps/v1",
        kind: "Deployment",
        namespace: `tenant-${tenant}`,
        body: {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "web" },
            spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "registry.example/web:1" }] } } },
        },
    });

describe("lifecycle (dev)", () => {
    it("suspended (globex): every group reads, none writes", async () => {
        for (const group of TENANT_GROUPS) {
            expect((await list("globex", group)).status, group).toBe(200);
            expect((await createConfigMap("globex", group)).status, group).toBe(403);
            checks += 2;
        }
    });

    it("archived (initech): no group can even read", async () => {
        for (const group of TENANT_GROUPS) {
            expect((await list("initech", group)).status, group).toBe(403);
            expect((await list("initech", group, "ConfigMap", "v1")).status, group).toBe(403);
            checks += 2;
        }
    });

    it("archived (initech): the namespace, its quota fence and default-deny policy, and the final backup remain", async () => {
        const ns = await admin.get("/api/v1/namespaces/tenant-initech");
        expect(ns.status).toBe(200);
        expect((ns.body.metadata as { annotations: Record<string, string> }).annotations["stoa.io/retain-until"]).toMatch(/^\d{4}-\d{2}-\d{2}/);
        const quota = await admin.get("/api/v1/namespaces/tenant-initech/resourcequotas/stoa-tenant-quota");
        expect((quota.body.spec as { hard: Record<string, string> }).hard.pods).toBe("0");
        expect((await admin.get("/apis/networking.k8s.io/v1/namespaces/tenant-initech/networkpolicies/stoa-default-deny")).status).toBe(200);
        const backup = await admin.get("/apis/velero.io/v1/namespaces/velero/backups/tenant-initech-final");
        expect(backup.status).toBe(200);
        expect((backup.body.spec as { includedNamespaces: string[] }).includedNamespaces).toEqual(["tenant-initech"]);
        const schedule = await admin.get("/apis/velero.io/v1/namespaces/velero/schedules/tenant-initech");
        expect((schedule.body.spec as { paused: boolean }).paused).toBe(true);
        checks += 5;
    });

    it("active in dev (oasis): devops deploys", async () => {
        expect((await createDeployment("oasis", "devops")).status).toBe(201);
        checks++;
    });
});

describe("lifecycle (prod)", () => {
    beforeAll(async () => {
        await ensureStack(admin, await stackObjects("prod", admin.cluster.keycloakUrl));
    }, 300_000);
    afterAll(async () => {
        await ensureStack(admin, dev);
    }, 300_000);

    it("prod is read-only for people: oasis's devops and tenant-admin read but cannot deploy", async () => {
        for (const group of ["devops", "tenant-admin"] as const) {
            expect((await list("oasis", group)).status).toBe(200);
            expect((await createDeployment("oasis", group)).status).toBe(403);
            checks += 2;
        }
    });

    it("unless the tenant file grants write (acme-corp: access.production_write): devops deploys, viewer still only reads", async () => {
        expect((await createDeployment("acme-corp", "devops")).status).toBe(201);
        expect((await createDeployment("acme-corp", "viewer")).status).toBe(403);
        checks += 2;
    });
});
