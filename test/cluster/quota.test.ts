/**
 * Quota and LimitRange on the real server (dev stack): the tier's quota refuses a pod beyond it, a
 * container without resources gets the tier's defaults, a suspended tenant cannot start pods (whoever
 * asks), and a LoadBalancer Service fits the tiers that allow one once node-port allocation is off
 * (the platform's admission rule requires it). Expected values are the tier table's (docs/tenant-file.md).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pod, type Request } from "./admissionCases";
import { adminClient } from "./client";
import { recordFact } from "./facts";
import { syncQuotaStatus } from "./quotaStatus";
import { isSuccess, send } from "./requests";
import { ensureStack, stackObjects } from "./stack";

const admin = adminClient();
let cases = 0;

beforeAll(async () => {
    await ensureStack(admin, await stackObjects("dev", admin.cluster.keycloakUrl));
}, 300_000);

afterAll(() => {
    recordFact("quota", { quotaCases: cases });
    admin.close();
});

const createPod = (tenant: string, body: Record<string, unknown>, actor: Request["actor"] = "tenant-admin") =>
    send(admin, tenant, { actor, verb: "create", apiVersion: "v1", kind: "Pod", namespace: `tenant-${tenant}`, body });

const createService = (tenant: string, spec: Record<string, unknown>, actor: Request["actor"] = "devops") =>
    send(admin, tenant, {
        actor,
        verb: "create",
        apiVersion: "v1",
        kind: "Service",
        namespace: `tenant-${tenant}`,
        body: { apiVersion: "v1", kind: "Service", metadata: { name: "public" }, spec: { selector: { app: "web" }, ports: [{ port: 443, targetPort: 8443 }], ...spec } },
    });

const message = (answer: { body: Record<string, unknown> }) => String(answer.body.message);

describe("quota and LimitRange", () => {
    it("a pod beyond the community quota (requests.cpu 1) is refused; one within it is admitted", async () => {
        const big = pod("big", {
            containers: ["a", "b"].map((name) => ({
                name,
                image: "registry.example/app:1.0",
                resources: { requests: { cpu: "600m", memory: "128Mi" }, limits: { cpu: "600m", memory: "128Mi" } },
                securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
            })),
        });
        const refused = await createPod("oasis", big);
        expect(isSuccess(refused)).toBe(false);
        expect(message(refused)).toMatch(/exceeded quota: stoa-tenant-quota.*requests\.cpu=1200m.*limited: .*requests\.cpu=1/);
        expect(isSuccess(await createPod("oasis", pod("small")))).toBe(true);
        cases += 2;
    });

    it("a container that declares no resources gets the tier's defaults (community: 100m / 128Mi / 256Mi scratch, requests = limits)", async () => {
        const bare = pod("bare", {}, { resources: undefined });
        const answer = await createPod("oasis", bare);
        expect(answer.status, message(answer)).toBe(201);
        const containers = (answer.body.spec as { containers: { resources: unknown }[] }).containers;
        expect(containers[0]!.resources).toEqual({
            requests: { cpu: "100m", memory: "128Mi", "ephemeral-storage": "256Mi" },
            limits: { cpu: "100m", memory: "128Mi", "ephemeral-storage": "256Mi" },
        });
        cases++;
    });

    it("the enterprise defaults differ (acme-corp): the LimitRange is the tenant's tier's", async () => {
        const answer = await createPod("acme-corp", pod("bare", {}, { resources: undefined }));
        expect(answer.status, message(answer)).toBe(201);
        const resources = (answer.body.spec as { containers: { resources: { limits: Record<string, string> } }[] }).containers[0]!.resources;
        expect(resources.limits).toEqual({ cpu: "500m", memory: "512Mi", "ephemeral-storage": "512Mi" });
        cases++;
    });

    it("a suspended tenant cannot start pods, not even when the platform itself asks (pods: 0)", async () => {
        const answer = await createPod("globex", pod("p"), "platform");
        expect(isSuccess(answer)).toBe(false);
        expect(message(answer)).toMatch(/exceeded quota: stoa-tenant-quota.*pods=1.*limited: pods=0/);
        cases++;
    });

    it("a LoadBalancer fits a tier that allows one (enterprise) once node-port allocation is off", async () => {
        const withNodePorts = await createService("acme-corp", { type: "LoadBalancer" });
        expect(isSuccess(withNodePorts)).toBe(false);
        expect(message(withNodePorts)).toMatch(/allocateLoadBalancerNodePorts: false/);
        const ok = await createService("acme-corp", { type: "LoadBalancer", allocateLoadBalancerNodePorts: false });
        expect(ok.status, message(ok)).toBe(201);
        cases += 2;
    });

    it("the quota alone would refuse a LoadBalancer with node ports (what the admission rule spares tenants)", async () => {
        // The platform's rule answers first; a LoadBalancer outside any tenant namespace shows the
        // quota's side: give the platform namespace the same kind of quota and ask there.
        const ns = "stoa-system";
        const quota = { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "lb-probe" }, spec: { hard: { "services.nodeports": "0", "services.loadbalancers": "1" } } };
        expect((await admin.post(`/api/v1/namespaces/${ns}/resourcequotas`, quota)).status).toBe(201);
        try {
            await syncQuotaStatus(admin, ns);
            const svc = (spec: Record<string, unknown>) => ({ apiVersion: "v1", kind: "Service", metadata: { name: "lb" }, spec: { selector: { app: "x" }, ports: [{ port: 443 }], type: "LoadBalancer", ...spec } });
            const refused = await admin.post(`/api/v1/namespaces/${ns}/services`, svc({}), "?dryRun=All");
            expect(message(refused)).toMatch(/exceeded quota: lb-probe.*services\.nodeports/);
            const admitted = await admin.post(`/api/v1/namespaces/${ns}/services`, svc({ allocateLoadBalancerNodePorts: false }), "?dryRun=All");
            expect(admitted.status, message(admitted)).toBe(201);
        } finally {
            await admin.delete(`/api/v1/namespaces/${ns}/resourcequotas/lb-probe`);
        }
        cases += 2;
    });

    it("a tier without load balancers (community) refuses one even without node ports", async () => {
        const answer = await createService("oasis", { type: "LoadBalancer", allocateLoadBalancerNodePorts: false });
        expect(isSuccess(answer)).toBe(false);
        expect(message(answer)).toMatch(/exceeded quota: stoa-tenant-quota.*services\.loadbalancers/);
        cases++;
    });
});
