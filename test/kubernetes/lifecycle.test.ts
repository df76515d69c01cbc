/**
 * The real program under the mocks, for each status in each environment: the exact isolation
 * resources of every tenant and the fields that matter. Expectations are written out from the brief,
 * not computed with the code under test.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { OfflineRun, RecordedResource } from "../../scripts/offline/runtime";
import { TENANT_ISOLATION_TYPE } from "../../components/tenantIsolation";
import { PLATFORM_TYPE } from "../../components/platform";
import { ISOLATION_TYPES, LIFECYCLE_TENANTS_DIR, TYPES, ancestors, at, expectedNamespaceLabels, isolationOf, resource, runStack, tenantResources } from "./helpers";

const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
type Env = (typeof ENVIRONMENTS)[number];
type Access = "write" | "read" | "none";
type Group = "tenant-admin" | "devops" | "viewer";

interface Expected {
    status: "active" | "suspended" | "archived";
    tier: string;
    /** requests.cpu / limits.cpu / requests.memory / limits.memory / pods while workloads are allowed */
    quota: { cpu: string; limitsCpu: string; memory: string; limitsMemory: string; pods: string; storage: string; burst: string };
    backup: { schedule: string; ttl: string };
    access: (env: Env) => Record<Group, Access>;
}

const all = (a: Access): Record<Group, Access> => ({ "tenant-admin": a, devops: a, viewer: a });
const writers: Record<Group, Access> = { "tenant-admin": "write", devops: "write", viewer: "read" };

const TENANTS: Record<string, Expected> = {
    // active, business, cpu 3 / memory 6Gi / pods 40 overridden, production read-only
    alpha: {
        status: "active",
        tier: "business",
        quota: { cpu: "3", limitsCpu: "6", memory: "6Gi", limitsMemory: "12Gi", pods: "40", storage: "100Gi", burst: "2" },
        backup: { schedule: "0 */6 * * *", ttl: "720h0m0s" },
        access: (env) => (env === "prod" ? all("read") : writers),
    },
    // active, starter, production_write: true
    bravo: {
        status: "active",
        tier: "starter",
        quota: { cpu: "2", limitsCpu: "3", memory: "4Gi", limitsMemory: "6Gi", pods: "30", storage: "20Gi", burst: "1.5" },
        backup: { schedule: "0 2 * * *", ttl: "336h0m0s" },
        access: () => writers,
    },
    // suspended enterprise (production_write set, irrelevant while suspended)
    charlie: {
        status: "suspended",
        tier: "enterprise",
        quota: { cpu: "16", limitsCpu: "32", memory: "32Gi", limitsMemory: "64Gi", pods: "0", storage: "500Gi", burst: "2" },
        backup: { schedule: "0 * * * *", ttl: "2160h0m0s" },
        access: () => all("read"),
    },
    // archived community, retention 60 days from 2025-06-01T12:00:00Z
    delta: {
        status: "archived",
        tier: "community",
        quota: { cpu: "1", limitsCpu: "1", memory: "2Gi", limitsMemory: "2Gi", pods: "0", storage: "5Gi", burst: "1" },
        backup: { schedule: "0 3 * * 0", ttl: "168h0m0s" },
        access: () => all("none"),
    },
};

const runs = {} as Record<Env, OfflineRun>;
beforeAll(async () => {
    for (const env of ENVIRONMENTS) runs[env] = await runStack(env, LIFECYCLE_TENANTS_DIR);
});

function expectedIsolationNames(id: string, access: Record<Group, Access>, status: string): string[] {
    const names = [`${id}/namespace`, `${id}/quota`, `${id}/priority-quota`, `${id}/limits`, `${id}/netpol-default-deny`, `${id}/netpol-same-namespace`, `${id}/netpol-platform`, `${id}/netpol-dns`, `${id}/backup-schedule`];
    if (status === "archived") names.push(`${id}/final-backup`);
    for (const group of ["tenant-admin", "devops", "viewer"] as const) {
        if (access[group] !== "none") names.push(`${id}/role-${group}`, `${id}/rolebinding-${group}`);
    }
    return names.sort();
}

const verbsOf = (role: RecordedResource, apiGroup: string, kind: string): Set<string> =>
    new Set(
        at<{ apiGroups: string[]; resources: string[]; verbs: string[] }[]>(role, "rules")
            .filter((r) => r.apiGroups.includes(apiGroup) && r.resources.includes(kind))
            .flatMap((r) => r.verbs),
    );

/** Every value stored under `key` anywhere inside `value`. */
function valuesUnder(value: unknown, key: string): unknown[] {
    if (Array.isArray(value)) return value.flatMap((v) => valuesUnder(v, key));
    if (value === null || typeof value !== "object") return [];
    return Object.entries(value).flatMap(([k, v]) => (k === key ? [v, ...valuesUnder(v, key)] : valuesUnder(v, key)));
}

const cases = ENVIRONMENTS.flatMap((env) => Object.keys(TENANTS).map((id) => [env, id] as const));

describe.each(cases)("%s / %s", (env, id) => {
    const t = TENANTS[id];
    const access = t.access(env);
    const run = () => runs[env];

    it("registers exactly its isolation resources, each a direct child of its own TenantIsolation", () => {
        const mine = tenantResources(run(), id);
        const isolation = isolationOf(run(), id);
        const isolating = mine.filter((r) => ISOLATION_TYPES.includes(r.type));
        expect(isolating.map((r) => r.name).sort()).toEqual(expectedIsolationNames(id, access, t.status));
        for (const r of isolating) expect(r.parent).toBe(isolation.urn);
        expect(resource(run(), TYPES.configMap, `${id}/opa-context`).parent).toBe(isolation.urn);
    });

    it("namespace: name, exact labels, Pod Security restricted, protected unless archived, always retained", () => {
        const ns = resource(run(), TYPES.namespace, `${id}/namespace`);
        expect(at(ns, "metadata", "name")).toBe(`tenant-${id}`);
        expect(at(ns, "metadata", "labels")).toEqual(expectedNamespaceLabels(id, t.tier, t.status));
        expect(ns.protect).toBe(t.status !== "archived");
        expect(ns.retainOnDelete).toBe(true);
        const annotations = at<Record<string, string>>(ns, "metadata", "annotations") ?? {};
        expect(annotations).toEqual(t.status === "archived" ? { "stoa.io/retain-until": "2025-07-31T12:00:00.000Z" } : {});
    });

    it("quota: requests, limits = requests × burst, storage on the encrypted class, object counts, pods 0 unless active", () => {
        const hard = at<Record<string, string>>(resource(run(), TYPES.resourceQuota, `${id}/quota`), "spec", "hard");
        expect(at(resource(run(), TYPES.resourceQuota, `${id}/quota`), "metadata", "namespace")).toBe(`tenant-${id}`);
        expect(hard["requests.cpu"]).toBe(t.quota.cpu);
        expect(hard["limits.cpu"]).toBe(t.quota.limitsCpu);
        expect(hard["requests.memory"]).toBe(t.quota.memory);
        expect(hard["limits.memory"]).toBe(t.quota.limitsMemory);
        expect(hard.pods).toBe(t.quota.pods);
        expect(hard["requests.storage"]).toBe(t.quota.storage);
        expect(hard["encrypted-ssd.storageclass.storage.k8s.io/requests.storage"]).toBe(t.quota.storage);
        for (const key of [
            "persistentvolumeclaims",
            "services",
            "services.loadbalancers",
            "services.nodeports",
            "secrets",
            "configmaps",
            "count/deployments.apps",
            "count/replicasets.apps",
            "count/statefulsets.apps",
            "count/jobs.batch",
            "count/cronjobs.batch",
            "count/ingresses.networking.k8s.io",
            "count/serviceaccounts",
            "count/poddisruptionbudgets.policy",
            "count/horizontalpodautoscalers.autoscaling",
        ]) {
            expect(hard[key]).toMatch(/^\d+$/);
        }
    });

    it("fence: the default deny and the quota stay with the retained namespace when the tenant leaves the program", () => {
        // Removing an archived tenant's file forgets its namespace but leaves it in the cluster: it must stay
        // closed to the network and unable to start pods, so these two are retained with it.
        expect(resource(run(), TYPES.networkPolicy, `${id}/netpol-default-deny`).retainOnDelete).toBe(true);
        expect(resource(run(), TYPES.resourceQuota, `${id}/quota`).retainOnDelete).toBe(true);
        // The allow policies are not: a retained allow policy would open the forgotten namespace.
        for (const key of ["netpol-same-namespace", "netpol-platform", "netpol-dns"]) {
            expect(resource(run(), TYPES.networkPolicy, `${id}/${key}`).retainOnDelete).toBe(false);
        }
    });

    it("limit range: container defaults, max and the burst ratio; a largest volume", () => {
        const lr = resource(run(), TYPES.limitRange, `${id}/limits`);
        expect(at(lr, "metadata", "namespace")).toBe(`tenant-${id}`);
        const limits = at<Record<string, unknown>[]>(lr, "spec", "limits");
        const container = limits.find((l) => l.type === "Container") as Record<string, Record<string, string>>;
        expect(Object.keys(container.default).sort()).toEqual(["cpu", "ephemeral-storage", "memory"]);
        expect(Object.keys(container.defaultRequest).sort()).toEqual(["cpu", "ephemeral-storage", "memory"]);
        expect(Object.keys(container.max).sort()).toEqual(["cpu", "ephemeral-storage", "memory"]);
        expect(container.maxLimitRequestRatio).toEqual({ cpu: t.quota.burst, memory: t.quota.burst });
        expect(limits.find((l) => l.type === "PersistentVolumeClaim")).toHaveProperty("max.storage");
    });

    it("network policies: deny all, own namespace, platform namespace, DNS on UDP and TCP 53; never an empty namespaceSelector", () => {
        const policies = tenantResources(run(), id).filter((r) => r.type === TYPES.networkPolicy);
        expect(policies).toHaveLength(4);
        for (const p of policies) expect(at(p, "metadata", "namespace")).toBe(`tenant-${id}`);
        const deny = resource(run(), TYPES.networkPolicy, `${id}/netpol-default-deny`);
        expect(at(deny, "spec")).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
        const dns = resource(run(), TYPES.networkPolicy, `${id}/netpol-dns`);
        const dnsRule = at<{ to: unknown[]; ports: { protocol: string; port: number }[] }[]>(dns, "spec", "egress")[0];
        expect(dnsRule.ports).toEqual(expect.arrayContaining([{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }]));
        expect(dnsRule.to).toEqual([{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }]);
        const platform = JSON.stringify(at(resource(run(), TYPES.networkPolicy, `${id}/netpol-platform`), "spec"));
        expect(platform).toContain('"kubernetes.io/metadata.name":"stoa-system"');
        const text = JSON.stringify(policies.map((p) => p.inputs));
        expect(text).not.toContain('"namespaceSelector":{}');
        expect(text).not.toContain("ipBlock");
        // Every namespace is selected by the API server's own name label, never by one a tenant could set.
        const selectors = policies.flatMap((p) => valuesUnder(p.inputs, "namespaceSelector")) as { matchLabels?: Record<string, string> }[];
        expect(selectors).toHaveLength(5); // platform in, platform out to the gateway proxy, the control plane and PostgreSQL, DNS
        for (const selector of selectors) expect(Object.keys(selector)).toEqual(["matchLabels"]);
        for (const selector of selectors) expect(Object.keys(selector.matchLabels ?? {})).toEqual(["kubernetes.io/metadata.name"]);
    });

    it("RBAC: a Role and RoleBinding per group with access, for the tenant's own prefixed group, with the right verbs", () => {
        for (const group of ["tenant-admin", "devops", "viewer"] as const) {
            const permission = access[group];
            const bindings = run().resources.filter((r) => r.type === TYPES.roleBinding && r.name === `${id}/rolebinding-${group}`);
            if (permission === "none") {
                expect(bindings).toHaveLength(0);
                continue;
            }
            const binding = resource(run(), TYPES.roleBinding, `${id}/rolebinding-${group}`);
            expect(at(binding, "metadata", "namespace")).toBe(`tenant-${id}`);
            expect(at(binding, "subjects")).toEqual([{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: `tenant:${id}:${group}` }]);
            expect(at(binding, "roleRef")).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: `stoa-${group}` });
            const role = resource(run(), TYPES.role, `${id}/role-${group}`);
            const allVerbs = new Set(at<{ verbs: string[] }[]>(role, "rules").flatMap((r) => r.verbs));
            if (permission === "write") {
                expect(verbsOf(role, "apps", "deployments")).toContain("create");
                expect(verbsOf(role, "", "configmaps")).toContain("update");
            } else {
                expect([...allVerbs].sort()).toEqual(["get", "list", "watch"]);
            }
            expect(verbsOf(role, "", "secrets").size > 0).toBe(group === "tenant-admin" && permission === "write");
            expect(verbsOf(role, "", "resourcequotas")).toEqual(new Set(["get", "list", "watch"]));
        }
    });

    it("OPA context: a kube-mgmt data ConfigMap in the platform namespace with the tenant document", () => {
        const cm = resource(run(), TYPES.configMap, `${id}/opa-context`);
        expect(at(cm, "metadata", "namespace")).toBe("stoa-system");
        expect(at(cm, "metadata", "name")).toBe(`tenant-${id}-context`);
        expect(at<Record<string, string>>(cm, "metadata", "labels")["openpolicyagent.org/data"]).toBe("opa");
        const doc = JSON.parse(at<Record<string, string>>(cm, "data")["tenant.json"]);
        expect(doc).toMatchObject({ id, tier: t.tier, status: t.status, environment: env });
        expect(Object.keys(doc).sort()).toEqual(["apiQuotas", "environment", "features", "id", "status", "tier"]);
    });

    it("Velero schedule: the tenant namespace, the tier's schedule and TTL, paused when archived, retained", () => {
        const schedule = resource(run(), TYPES.veleroSchedule, `${id}/backup-schedule`);
        expect(at(schedule, "metadata", "namespace")).toBe("velero");
        expect(at(schedule, "metadata", "name")).toBe(`tenant-${id}`);
        expect(at(schedule, "spec", "schedule")).toBe(t.backup.schedule);
        expect(at(schedule, "spec", "paused")).toBe(t.status === "archived");
        expect(at(schedule, "spec", "template")).toMatchObject({ includedNamespaces: [`tenant-${id}`], ttl: t.backup.ttl, storageLocation: "default" });
        expect(schedule.retainOnDelete).toBe(true);
    });

    it("final Velero backup: only when archived, the namespace kept for the archive retention, retained", () => {
        const backup = run().resources.find((r) => r.type === TYPES.veleroBackup && r.name === `${id}/final-backup`);
        if (t.status !== "archived") {
            expect(backup).toBeUndefined();
            return;
        }
        expect(backup).toBeDefined();
        expect(at(backup!, "metadata")).toMatchObject({ name: `tenant-${id}-final`, namespace: "velero" });
        // retention_days: 60 in the fixture, not the tier's 7-day backup TTL.
        expect(at(backup!, "spec")).toEqual({ includedNamespaces: [`tenant-${id}`], storageLocation: "default", ttl: "1440h0m0s", snapshotVolumes: true });
        expect(backup!.retainOnDelete).toBe(true);
    });

    it("stack outputs: namespace, status, tier and Kubernetes access per group", () => {
        const tenants = run().outputs.tenants as Record<string, Record<string, unknown>>;
        expect(tenants[id]).toMatchObject({ namespace: `tenant-${id}`, status: t.status, tier: t.tier, kubernetesAccess: access, kubernetesGroupPrefix: `tenant:${id}:` });
    });
});

describe.each(ENVIRONMENTS)("%s: platform and whole-run properties", (env) => {
    const run = () => runs[env];

    it("every resource's parent chain ends at a TenantIsolation or the Platform, and each tenant's at its own", () => {
        const tops = new Map(run().resources.filter((r) => r.parent === null).map((r) => [r.urn, r]));
        for (const r of run().resources) {
            if (r.parent === null) {
                expect([TENANT_ISOLATION_TYPE, PLATFORM_TYPE]).toContain(r.type);
                continue;
            }
            const chain = ancestors(run(), r);
            expect([TENANT_ISOLATION_TYPE, PLATFORM_TYPE]).toContain(tops.get(chain[chain.length - 1])?.type);
            const tenantLabel = (r.inputs.metadata as { labels?: Record<string, string> } | undefined)?.labels?.["stoa.io/tenant-id"];
            if (tenantLabel) expect(chain[chain.length - 1]).toBe(isolationOf(run(), tenantLabel).urn);
        }
    });

    it("cpi-admin is bound once, cluster-wide, to the platform realm's group; no tenant group is bound cluster-wide", () => {
        const bindings = run().resources.filter((r) => r.type === TYPES.clusterRoleBinding);
        expect(bindings).toHaveLength(1);
        const [binding] = bindings;
        expect(run().resources.find((r) => r.urn === binding.parent)?.type).toBe(PLATFORM_TYPE);
        expect(at(binding, "subjects")).toEqual([{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "platform:cpi-admin" }]);
        expect(at(binding, "roleRef")).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" });
    });

    it("the authentication config lists the platform realm and every tenant but the archived one", async () => {
        const { parse } = await import("yaml");
        const config = parse(run().outputs.clusterAuthenticationConfig as string) as { jwt: { issuer: { url: string }; claimMappings: { groups: { prefix: string } } }[] };
        const host = { dev: "https://auth.dev.stoa.example", staging: "https://auth.staging.stoa.example", prod: "https://auth.stoa.example" }[env];
        expect(config.jwt.map((j) => [j.issuer.url, j.claimMappings.groups.prefix])).toEqual([
            [`${host}/realms/stoa`, "platform:"],
            [`${host}/realms/alpha`, "tenant:alpha:"],
            [`${host}/realms/bravo`, "tenant:bravo:"],
            [`${host}/realms/charlie`, "tenant:charlie:"],
        ]);
    });

    it("no RoleBinding anywhere names a group of another tenant", () => {
        for (const id of Object.keys(TENANTS)) {
            for (const r of tenantResources(run(), id).filter((x) => x.type === TYPES.roleBinding)) {
                for (const subject of at<{ name: string }[]>(r, "subjects")) expect(subject.name.startsWith(`tenant:${id}:`)).toBe(true);
            }
        }
    });
});

describe("determinism", () => {
    it("two runs of the same stack register the same resources with the same inputs", async () => {
        const again = await runStack("dev", LIFECYCLE_TENANTS_DIR);
        const shape = (run: OfflineRun) => run.resources.map((r) => ({ urn: r.urn, parent: r.parent, inputs: r.inputs, protect: r.protect, retainOnDelete: r.retainOnDelete }));
        expect(shape(again)).toEqual(shape(runs.dev));
        expect(again.outputs).toEqual(runs.dev.outputs);
    });
});
