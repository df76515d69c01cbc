/**
 * The runtime guardrails on the shared parts of the cluster: every case of the admission table,
 * evaluated with a real CEL evaluator on the policies the program registers; the policies' bindings;
 * the stack knobs that widen them; the PriorityClasses, the priority quota and the Redis NetworkPolicy.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { limitRangeItems, resourceQuotaHard } from "../../components/kubernetes/quota";
import { LABEL_TENANT_ID, resolveTenant, StackConfigSchema, TenantFileSchema } from "../../components/model";
import { NO_CERTIFICATES_POLICY } from "../../components/platform/certificates";
import { DISRUPTION_BUDGET_POLICY, NO_TOKEN_SECRETS_POLICY } from "../../components/platform/fairUse";
import { SCHEDULING_CRONJOBS_POLICY, SCHEDULING_PODS_POLICY, SCHEDULING_WORKLOADS_POLICY } from "../../components/platform/scheduling";
import { INGRESS_GATEWAY_POLICY, SERVICE_EXPOSURE_POLICY } from "../../components/platform/traffic";
import { CLAIM_TEMPLATES_POLICY, VOLUME_BINDING_POLICY } from "../../components/platform/volumes";
import type { OfflineRun, RecordedResource } from "../../scripts/offline/runtime";
import { admissionObject, refusals, VAP, VAP_BINDING } from "../support/admission";
import { ADMISSION_CASES, CASE_NAMESPACES } from "./guardrailCases";
import { at, resource, runStack, SAMPLE_TENANTS_DIR, TYPES } from "./helpers";

const POLICIES = [
    INGRESS_GATEWAY_POLICY,
    SERVICE_EXPOSURE_POLICY,
    SCHEDULING_PODS_POLICY,
    SCHEDULING_WORKLOADS_POLICY,
    SCHEDULING_CRONJOBS_POLICY,
    VOLUME_BINDING_POLICY,
    CLAIM_TEMPLATES_POLICY,
    DISRUPTION_BUDGET_POLICY,
    NO_TOKEN_SECRETS_POLICY,
    NO_CERTIFICATES_POLICY,
];

let run: OfflineRun;
beforeAll(async () => {
    run = await runStack("dev", SAMPLE_TENANTS_DIR);
});

describe("the admission table, evaluated on the dev stack's policies", () => {
    it("has an allowed and a refused case for every guardrail policy", () => {
        for (const policy of POLICIES) {
            const cases = ADMISSION_CASES.filter((c) => c.policy === policy);
            expect(cases.some((c) => c.expect !== "allow"), `${policy} refuses something`).toBe(true);
            if (policy !== NO_CERTIFICATES_POLICY) expect(cases.some((c) => c.expect === "allow"), `${policy} admits something`).toBe(true);
        }
        expect(new Set(ADMISSION_CASES.map((c) => c.name)).size).toBe(ADMISSION_CASES.length);
    });

    it.each(ADMISSION_CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
        const policy = admissionObject(run.resources, VAP, c.policy);
        const messages = refusals(policy, c.object, CASE_NAMESPACES[c.namespace], c.oldObject ?? null);
        if (c.expect === "allow") {
            expect(messages).toEqual([]);
        } else {
            expect(messages).toHaveLength(1);
            expect(messages[0]).toContain(c.expect.deny);
        }
    });
});

describe("the guardrail policies", () => {
    it.each(POLICIES)("%s fails closed and is bound to every tenant-labelled namespace with Deny", (name) => {
        expect(admissionObject(run.resources, VAP, name).inputs.spec).toMatchObject({ failurePolicy: "Fail" });
        expect(admissionObject(run.resources, VAP_BINDING, name).inputs.spec).toEqual({
            policyName: name,
            validationActions: ["Deny"],
            matchResources: { namespaceSelector: { matchExpressions: [{ key: LABEL_TENANT_ID, operator: "Exists" }] } },
        });
    });

    const rulesOf = (name: string) => (admissionObject(run.resources, VAP, name).inputs.spec as { matchConstraints: { resourceRules: { apiGroups: string[]; resources: string[]; operations: string[] }[] } }).matchConstraints.resourceRules;

    it("judge pods and every kind of pod template, on create and update", () => {
        expect(rulesOf(SCHEDULING_PODS_POLICY)).toEqual([{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["pods"] }]);
        const workloads = rulesOf(SCHEDULING_WORKLOADS_POLICY);
        expect(workloads.flatMap((r) => r.resources).sort()).toEqual(["daemonsets", "deployments", "jobs", "replicasets", "replicationcontrollers", "statefulsets"]);
        for (const rule of workloads) expect(rule.operations).toEqual(["CREATE", "UPDATE"]);
        expect(rulesOf(SCHEDULING_CRONJOBS_POLICY)).toEqual([{ apiGroups: ["batch"], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["cronjobs"] }]);
    });

    it("judge volume claims on create only (the binder sets volumeName afterwards), Secrets on create (their type cannot change)", () => {
        expect(rulesOf(VOLUME_BINDING_POLICY)).toEqual([{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["persistentvolumeclaims"] }]);
        expect(rulesOf(NO_TOKEN_SECRETS_POLICY)).toEqual([{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["secrets"] }]);
        expect(rulesOf(DISRUPTION_BUDGET_POLICY)).toEqual([{ apiGroups: ["policy"], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["poddisruptionbudgets"] }]);
    });

    it("refuse every cert-manager and ACME object kind", () => {
        expect(rulesOf(NO_CERTIFICATES_POLICY).flatMap((r) => r.apiGroups.flatMap((g) => r.resources.map((res) => `${res}.${g}`))).sort()).toEqual([
            "certificaterequests.cert-manager.io",
            "certificates.cert-manager.io",
            "challenges.acme.cert-manager.io",
            "issuers.cert-manager.io",
            "orders.acme.cert-manager.io",
        ]);
    });
});

describe("stack knobs widen the guardrails only as far as they say", () => {
    let widened: OfflineRun;
    beforeAll(async () => {
        widened = await runStack("dev", SAMPLE_TENANTS_DIR, {
            kongIngressClass: "kong-public",
            tenantIngressAnnotations: ["konghq.com/plugins", "konghq.com/preserve-host"],
            tenantLoadBalancerIPs: ["203.0.113.7"],
            tenantLoadBalancerSourceRanges: ["192.0.2.0/24"],
            tenantRuntimeClasses: ["gvisor"],
            tenantTolerations: [{ key: "stoa.io/tenant-pool", operator: "Equal", value: "shared", effect: "NoSchedule" }],
        });
    });
    const acme = CASE_NAMESPACES.acme;
    const policy = (name: string) => admissionObject(widened.resources, VAP, name);
    const ingress = (className: string, annotations: Record<string, string>) => ({ kind: "Ingress", metadata: { name: "api", annotations }, spec: { ingressClassName: className } });
    const svc = (spec: Record<string, unknown>) => ({ kind: "Service", metadata: { name: "api" }, spec: { type: "LoadBalancer", ...spec } });
    const pod = (spec: Record<string, unknown>) => ({ kind: "Pod", metadata: { name: "app" }, spec: { containers: [{ name: "app", image: "app" }], ...spec } });

    it("the ingress class and the annotation allow-list", () => {
        expect(refusals(policy(INGRESS_GATEWAY_POLICY), ingress("kong-public", { "konghq.com/preserve-host": "true" }), acme)).toEqual([]);
        expect(refusals(policy(INGRESS_GATEWAY_POLICY), ingress("kong", {}), acme)).toEqual(['spec.ingressClassName of a tenant Ingress must be "kong-public", the platform gateway\'s class']);
        // strip-path is allowed by default, not in this stack's list.
        expect(refusals(policy(INGRESS_GATEWAY_POLICY), ingress("kong-public", { "konghq.com/strip-path": "true" }), acme)).toEqual([
            "annotations under konghq.com/, configuration.konghq.com, cert-manager.io/, acme.cert-manager.io/ and kubernetes.io/tls-acme are refused on tenant Ingresses; allowed: konghq.com/plugins, konghq.com/preserve-host",
        ]);
    });

    it("the load-balancer address and source ranges", () => {
        expect(refusals(policy(SERVICE_EXPOSURE_POLICY), svc({ loadBalancerIP: "203.0.113.7", loadBalancerSourceRanges: ["192.0.2.0/24"] }), acme)).toEqual([]);
        expect(refusals(policy(SERVICE_EXPOSURE_POLICY), svc({ loadBalancerIP: "203.0.113.8" }), acme)).toEqual(["spec.loadBalancerIP of a tenant Service: one of 203.0.113.7"]);
        expect(refusals(policy(SERVICE_EXPOSURE_POLICY), svc({ loadBalancerSourceRanges: ["192.0.2.0/24", "0.0.0.0/0"] }), acme)).toEqual([
            "spec.loadBalancerSourceRanges of a tenant Service: each must be one of 192.0.2.0/24",
        ]);
        expect(refusals(policy(SERVICE_EXPOSURE_POLICY), svc({ externalIPs: ["203.0.113.7"] }), acme)).toHaveLength(1);
    });

    it("the runtime classes and the toleration list (which replaces the default one)", () => {
        const scheduling = policy(SCHEDULING_PODS_POLICY);
        expect(refusals(scheduling, pod({ runtimeClassName: "gvisor", tolerations: [{ key: "stoa.io/tenant-pool", operator: "Equal", value: "shared", effect: "NoSchedule", tolerationSeconds: 60 }] }), acme)).toEqual([]);
        expect(refusals(scheduling, pod({ runtimeClassName: "kata" }), acme)).toEqual(["spec.runtimeClassName of a tenant pod: one of gvisor"]);
        expect(refusals(scheduling, pod({ tolerations: [{ key: "stoa.io/tenant-pool", operator: "Equal", value: "platform", effect: "NoSchedule" }] }), acme)).toEqual([
            "spec.tolerations of a tenant pod may only be the platform's (key operator [value] [effect]): stoa.io/tenant-pool Equal shared NoSchedule",
        ]);
    });
});

describe("PriorityClasses and the priority quota", () => {
    const priorityClasses = () => run.resources.filter((r) => r.type === "kubernetes:scheduling.k8s.io/v1:PriorityClass");

    it("the platform manages the tenant PriorityClasses, none a global default, none preempting", () => {
        expect(priorityClasses().map((r) => [at(r, "metadata", "name"), r.inputs.value, r.inputs.preemptionPolicy, r.inputs.globalDefault]).sort()).toEqual([
            ["stoa-tenant-batch", -100, "Never", false],
            ["stoa-tenant-elevated", 1000, "Never", false],
        ]);
    });

    it.each([
        ["oasis", ["stoa-tenant-batch"]],
        ["acme-corp", ["stoa-tenant-batch", "stoa-tenant-elevated"]],
        ["globex", ["stoa-tenant-batch", "stoa-tenant-elevated"]],
    ])("%s: a quota of 0 pods for every class outside its tier's list", (id, allowed) => {
        const quota = resource(run, TYPES.resourceQuota, `${id}/priority-quota`);
        expect(at(quota, "metadata", "namespace")).toBe(`tenant-${id}`);
        expect(at(quota, "spec")).toEqual({
            hard: { pods: "0" },
            scopeSelector: {
                matchExpressions: [
                    { scopeName: "PriorityClass", operator: "Exists" },
                    { scopeName: "PriorityClass", operator: "NotIn", values: allowed },
                ],
            },
        });
    });
});

describe("the rate limiter's Redis", () => {
    const redisPolicy = (r: OfflineRun): RecordedResource | undefined =>
        r.resources.find((x) => x.type === TYPES.networkPolicy && (x.inputs.metadata as { name?: string }).name === "stoa-redis-from-gateway");

    it("admits only the gateway's pods, on the Redis port, in the platform namespace", () => {
        const policy = redisPolicy(run)!;
        expect(at(policy, "metadata", "namespace")).toBe("stoa-system");
        expect(at(policy, "spec")).toEqual({
            podSelector: { matchLabels: { "app.kubernetes.io/name": "redis" } },
            policyTypes: ["Ingress"],
            ingress: [{ from: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "kong" } } }], ports: [{ protocol: "TCP", port: 6379 }] }],
        });
    });

    it("is not managed when the counters live in Kong's database", async () => {
        expect(redisPolicy(await runStack("dev", SAMPLE_TENANTS_DIR, { kongRateLimitPolicy: "cluster" }))).toBeUndefined();
    });

    const base = {
        keycloakUrl: "https://auth.example",
        portalRedirectUris: ["https://portal.example/{tenant}/callback"],
        tenantIngressDomain: "apps.example",
        encryptedStorageClass: "encrypted-ssd",
        backupBucket: "s3://backups",
        grafanaUrl: "https://grafana.example",
    };
    const problems = (config: Record<string, unknown>) => {
        const result = StackConfigSchema.safeParse({ ...base, ...config });
        return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };

    it.each(["staging", "prod"])("%s must name the Redis password Secret and use TLS; the error names the key", (environment) => {
        expect(problems({ environment })).toEqual([
            `kongRedis.passwordSecret: is required in ${environment}: the rate limiter's Redis holds every tenant's counters`,
            `kongRedis.ssl: must be true in ${environment}: the Redis password and counters must not cross the network in the clear`,
        ]);
        expect(problems({ environment, kongRedis: { host: "redis", ssl: true, passwordSecret: "kong-redis" } })).toEqual([]);
        expect(problems({ environment, kongRedis: { host: "redis", ssl: true } })).toEqual([`kongRedis.passwordSecret: is required in ${environment}: the rate limiter's Redis holds every tenant's counters`]);
        // Counters in Kong's database: no Redis to protect.
        expect(problems({ environment, kongRateLimitPolicy: "cluster" })).toEqual([]);
    });

    it("dev may run Redis without them", () => {
        expect(problems({ environment: "dev" })).toEqual([]);
    });

    it("values the admission rules embed are validated, the error naming the key", () => {
        expect(problems({ environment: "dev", kongIngressClass: "kong' || true || '" })).toEqual(["kongIngressClass: must be a DNS subdomain (an IngressClass name)"]);
        expect(problems({ environment: "dev", tenantIngressAnnotations: ["strip-path"] })).toEqual(["tenantIngressAnnotations.0: must be a prefixed annotation key"]);
        expect(problems({ environment: "dev", tenantLoadBalancerSourceRanges: ["0.0.0.0"] })).toHaveLength(1);
        expect(problems({ environment: "dev", tenantTolerations: [{ key: "a'b", operator: "Exists" }] })).toEqual(["tenantTolerations.0.key: must be a Kubernetes label or annotation key"]);
    });
});

describe("the new tier fields in a tenant file", () => {
    const file = (resources: Record<string, unknown>) => ({ id: "oasis", name: "OASIS", status: "active", tier: "community", created_at: "2025-01-15T09:00:00Z", settings: { resources } });

    it("default to the tier's values and may be lowered", () => {
        const byDefault = resolveTenant(TenantFileSchema.parse(file({})), "tenants/oasis.yaml").quota;
        expect([byDefault.ephemeral_storage, byDefault.deployments, byDefault.replica_sets, byDefault.service_accounts]).toEqual(["5Gi", 10, 110, 5]);
        const lowered = resolveTenant(TenantFileSchema.parse(file({ ephemeral_storage: "2Gi", deployments: 3, pod_disruption_budgets: 1 })), "tenants/oasis.yaml");
        const hard = resourceQuotaHard({ quota: lowered.quota, burstRatio: 1, workloadsAllowed: true, encryptedStorageClass: "encrypted-ssd" });
        expect([hard["requests.ephemeral-storage"], hard["limits.ephemeral-storage"], hard["count/deployments.apps"], hard["count/poddisruptionbudgets.policy"]]).toEqual(["2Gi", "2Gi", "3", "1"]);
        // The LimitRange caps a container's ephemeral storage at the lowered namespace budget.
        const [container] = limitRangeItems(lowered.tier, { storage: "5Gi", ephemeral_storage: "128Mi" });
        expect([container.default!["ephemeral-storage"], container.max!["ephemeral-storage"]]).toEqual(["128Mi", "128Mi"]);
    });

    it("may never be raised above the tier's ceiling", () => {
        const result = TenantFileSchema.safeParse(file({ ephemeral_storage: "11Gi", jobs: 51 }));
        expect(result.success).toBe(false);
        expect(result.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([
            "settings.resources.ephemeral_storage: 11Gi is above the community tier's ceiling of 10Gi",
            "settings.resources.jobs: 51 is above the community tier's ceiling of 50",
        ]);
    });
});
