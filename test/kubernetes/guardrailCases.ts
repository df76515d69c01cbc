/**
 * The runtime guardrails as a table of admission cases: what a tenant sends with kubectl in its own
 * namespace, which policy judges it, and whether it is admitted or refused (with a fragment of the
 * message the tenant sees). `guardrails.test.ts` evaluates each case with a CEL evaluator on the
 * policies the program registers for the dev stack; the objects are complete (Pod Security
 * `restricted` containers, selectors, ports) so that the same table can be replayed against a real
 * API server, where cert-manager's CRDs must be installed for the cert-manager cases, and a case with
 * an `oldObject` is an UPDATE of that stored object (a bound pod must first exist and be bound).
 * A LoadBalancer Service sets `allocateLoadBalancerNodePorts: false`, which another policy requires
 * (loadBalancers.ts), so that on the real server only the case's own policy can refuse it.
 * The CEL evaluator does not run the API server's defaulting and mutating plugins: cases that depend
 * on them spell out what they add (`DEFAULTED`).
 *
 * Expected messages are written out here from the rules, never taken from the code under test.
 */
import { LABEL_TENANT_ID, LABEL_TIER } from "../../components/model";
import { NO_CERTIFICATES_POLICY } from "../../components/platform/certificates";
import { DISRUPTION_BUDGET_POLICY, NO_TOKEN_SECRETS_POLICY } from "../../components/platform/fairUse";
import { SCHEDULING_CRONJOBS_POLICY, SCHEDULING_PODS_POLICY, SCHEDULING_WORKLOADS_POLICY } from "../../components/platform/scheduling";
import { INGRESS_GATEWAY_POLICY, SERVICE_EXPOSURE_POLICY } from "../../components/platform/traffic";
import { CLAIM_TEMPLATES_POLICY, VOLUME_BINDING_POLICY } from "../../components/platform/volumes";

/** Tenant namespaces of the sample tenants, with the labels the program gives them. */
export const CASE_NAMESPACES = {
    /** acme-corp: enterprise tier. */
    acme: { name: "tenant-acme-corp", labels: { [LABEL_TENANT_ID]: "acme-corp", [LABEL_TIER]: "enterprise" } },
    /** oasis: community tier. */
    oasis: { name: "tenant-oasis", labels: { [LABEL_TENANT_ID]: "oasis", [LABEL_TIER]: "community" } },
} as const;

export interface AdmissionCase {
    name: string;
    /** metadata.name of the ValidatingAdmissionPolicy that judges the request. */
    policy: string;
    namespace: keyof typeof CASE_NAMESPACES;
    object: Record<string, unknown>;
    /** The stored object, for an UPDATE; absent for a CREATE. */
    oldObject?: Record<string, unknown>;
    expect: "allow" | { deny: string };
}

const container = {
    name: "app",
    image: "registry.example/app:1.0",
    securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } },
};
const podSpec = (extra: Record<string, unknown> = {}) => ({ containers: [container], ...extra });
const template = (extra: Record<string, unknown> = {}) => ({ metadata: { labels: { app: "app" } }, spec: podSpec(extra) });

const pod = (extra: Record<string, unknown> = {}) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "app", labels: { app: "app" } }, spec: podSpec(extra) });
const deployment = (extra: Record<string, unknown> = {}) => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "app" },
    spec: { replicas: 1, selector: { matchLabels: { app: "app" } }, template: template(extra) },
});
const statefulSet = (extra: Record<string, unknown> = {}) => ({
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "app" },
    spec: { serviceName: "app", selector: { matchLabels: { app: "app" } }, template: template(extra) },
});
const replicaSet = (extra: Record<string, unknown> = {}) => ({
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name: "app" },
    spec: { selector: { matchLabels: { app: "app" } }, template: template(extra) },
});
const job = (extra: Record<string, unknown> = {}) => ({
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "app" },
    spec: { template: { spec: podSpec({ restartPolicy: "Never", ...extra }) } },
});
const cronJob = (extra: Record<string, unknown> = {}) => ({
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: "app" },
    spec: { schedule: "0 * * * *", jobTemplate: { spec: { template: { spec: podSpec({ restartPolicy: "Never", ...extra }) } } } },
});

const ingress = (annotations: Record<string, string> | undefined, spec: Record<string, unknown> = { ingressClassName: "kong" }) => ({
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: "api", ...(annotations ? { annotations } : {}) },
    spec: {
        ...spec,
        rules: [{ host: "api.acme-corp.apps.dev.stoa.example", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "api", port: { number: 80 } } } }] } }],
    },
});
const service = (spec: Record<string, unknown>, annotations?: Record<string, string>) => ({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "api", ...(annotations ? { annotations } : {}) },
    spec: { selector: { app: "app" }, ports: [{ port: 80, targetPort: 8080 }], ...spec },
});
const claim = (spec: Record<string, unknown> = {}) => ({
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: "data" },
    spec: { storageClassName: "encrypted-ssd", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...spec },
});
const budget = (spec: Record<string, unknown>) => ({
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name: "app" },
    spec: { selector: { matchLabels: { app: "app" } }, ...spec },
});
const secret = (type?: string, annotations?: Record<string, string>) => ({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "credentials", ...(annotations ? { annotations } : {}) },
    ...(type ? { type } : {}),
    stringData: { token: "x" },
});

/** What the API server's defaulting and the DefaultTolerationSeconds plugin add to every pod before validation. */
const DEFAULTED = {
    schedulerName: "default-scheduler",
    tolerations: [
        { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
        { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    ],
};
const CONTROL_PLANE_TOLERATION = { key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" };

const CLASS = "spec.ingressClassName of a tenant Ingress must be \"kong\"";
const GUARDED = "are refused on tenant Ingresses";
const PRIORITY = "spec.priorityClassName of a tenant pod must be one of its tier's PriorityClasses";
const TOLERATIONS = "spec.tolerations of a tenant pod may only be the platform's";
const NODE_NAME = "spec.nodeName is refused on tenant pods";

export const ADMISSION_CASES: readonly AdmissionCase[] = [
    // Ingress: the platform's class, no gateway or cert-manager annotation outside the allow-list.
    { name: "Ingress of class kong with the platform's route plugins and strip-path", policy: INGRESS_GATEWAY_POLICY, namespace: "acme", object: ingress({ "konghq.com/plugins": "stoa-key-auth, stoa-acl", "konghq.com/strip-path": "true" }), expect: "allow" },
    { name: "Ingress of class kong without annotations", policy: INGRESS_GATEWAY_POLICY, namespace: "acme", object: ingress(undefined), expect: "allow" },
    { name: "Ingress with an annotation outside the guarded prefixes", policy: INGRESS_GATEWAY_POLICY, namespace: "acme", object: ingress({ "example.com/owner": "team-a" }), expect: "allow" },
    { name: "Ingress without ingressClassName", policy: INGRESS_GATEWAY_POLICY, namespace: "acme", object: ingress(undefined, {}), expect: { deny: CLASS } },
    { name: "Ingress of another class", policy: INGRESS_GATEWAY_POLICY, namespace: "acme", object: ingress(undefined, { ingressClassName: "nginx-internal" }), expect: { deny: CLASS } },
    { name: "Ingress with the legacy class annotation of another class", policy: INGRESS_GATEWAY_POLICY, namespace: "acme", object: ingress({ "kubernetes.io/ingress.class": "nginx-internal" }), expect: { deny: "the annotation kubernetes.io/ingress.class of a tenant Ingress may only name \"kong\"" } },
    { name: "Ingress adding another tenant's host through konghq.com/host-aliases", policy: INGRESS_GATEWAY_POLICY, namespace: "acme", object: ingress({ "konghq.com/host-aliases": "globex.apps.dev.stoa.example" }), expect: { deny: GUARDED } },
    { name: "Ingress claiming SNIs through konghq.com/snis", policy: INGRESS_GATEWAY_POLICY, namespace: "acme", object: ingress({ "konghq.com/snis": "*.apps.dev.stoa.example" }), expect: { deny: GUARDED } },
    { name: "Ingress pointing at a KongIngress override (configuration.konghq.com)", policy: INGRESS_GATEWAY_POLICY, namespace: "acme", object: ingress({ "configuration.konghq.com": "override" }), expect: { deny: GUARDED } },
    { name: "Ingress asking cert-manager for a client certificate named like another tenant", policy: INGRESS_GATEWAY_POLICY, namespace: "acme", object: ingress({ "cert-manager.io/cluster-issuer": "stoa-tenant-ca", "cert-manager.io/common-name": "tenant-globex", "cert-manager.io/usages": "client auth" }), expect: { deny: GUARDED } },
    { name: "Ingress with an ACME solver annotation", policy: INGRESS_GATEWAY_POLICY, namespace: "acme", object: ingress({ "acme.cert-manager.io/http01-edit-in-place": "true" }), expect: { deny: GUARDED } },
    { name: "Ingress with kubernetes.io/tls-acme (ingress-shim with the default issuer)", policy: INGRESS_GATEWAY_POLICY, namespace: "acme", object: ingress({ "kubernetes.io/tls-acme": "true" }), expect: { deny: GUARDED } },
    { name: "Ingress naming a plugin that is not the platform's route plugin", policy: INGRESS_GATEWAY_POLICY, namespace: "acme", object: ingress({ "konghq.com/plugins": "stoa-key-auth,platform-cors" }), expect: { deny: "the annotation konghq.com/plugins of a tenant Ingress may only name the platform's route plugins: stoa-key-auth, stoa-acl" } },

    // Services: no externalIPs, load-balancer address and source ranges only as the stack lists them (none in dev).
    { name: "ClusterIP Service", policy: SERVICE_EXPOSURE_POLICY, namespace: "acme", object: service({ type: "ClusterIP" }), expect: "allow" },
    { name: "LoadBalancer Service without an address or source ranges", policy: SERVICE_EXPOSURE_POLICY, namespace: "acme", object: service({ type: "LoadBalancer", allocateLoadBalancerNodePorts: false }), expect: "allow" },
    { name: "Service with an empty externalIPs list", policy: SERVICE_EXPOSURE_POLICY, namespace: "acme", object: service({ externalIPs: [] }), expect: "allow" },
    { name: "Service intercepting an address with externalIPs (CVE-2020-8554)", policy: SERVICE_EXPOSURE_POLICY, namespace: "acme", object: service({ externalIPs: ["10.96.0.10"] }), expect: { deny: "spec.externalIPs is refused on tenant Services" } },
    { name: "LoadBalancer Service asking for an address", policy: SERVICE_EXPOSURE_POLICY, namespace: "acme", object: service({ type: "LoadBalancer", allocateLoadBalancerNodePorts: false, loadBalancerIP: "203.0.113.7" }), expect: { deny: "spec.loadBalancerIP of a tenant Service: refused" } },
    { name: "LoadBalancer Service with source ranges", policy: SERVICE_EXPOSURE_POLICY, namespace: "acme", object: service({ type: "LoadBalancer", allocateLoadBalancerNodePorts: false, loadBalancerSourceRanges: ["0.0.0.0/0"] }), expect: { deny: "spec.loadBalancerSourceRanges of a tenant Service" } },
    { name: "LoadBalancer Service with the source-ranges annotation", policy: SERVICE_EXPOSURE_POLICY, namespace: "acme", object: service({ type: "LoadBalancer", allocateLoadBalancerNodePorts: false }, { "service.beta.kubernetes.io/load-balancer-source-ranges": "0.0.0.0/0" }), expect: { deny: "use spec.loadBalancerSourceRanges" } },

    { name: "Service referencing the platform's route plugins", policy: SERVICE_EXPOSURE_POLICY, namespace: "acme", object: service({}, { "konghq.com/plugins": "stoa-acl" }), expect: "allow" },
    { name: "Service referencing a KongClusterPlugin", policy: SERVICE_EXPOSURE_POLICY, namespace: "acme", object: service({}, { "konghq.com/plugins": "platform-admin-bypass" }), expect: { deny: "the annotation konghq.com/plugins of a tenant Service may only name the platform's route plugins: stoa-key-auth, stoa-acl" } },

    // Scheduling, on Pods.
    { name: "Pod without scheduling fields", policy: SCHEDULING_PODS_POLICY, namespace: "acme", object: pod(), expect: "allow" },
    { name: "Pod as the API server defaults it (default scheduler, not-ready and unreachable tolerations)", policy: SCHEDULING_PODS_POLICY, namespace: "oasis", object: pod(DEFAULTED), expect: "allow" },
    { name: "Pod of an enterprise tenant with stoa-tenant-elevated", policy: SCHEDULING_PODS_POLICY, namespace: "acme", object: pod({ priorityClassName: "stoa-tenant-elevated" }), expect: "allow" },
    { name: "Pod of a community tenant with stoa-tenant-batch", policy: SCHEDULING_PODS_POLICY, namespace: "oasis", object: pod({ priorityClassName: "stoa-tenant-batch" }), expect: "allow" },
    { name: "Pod of a community tenant with stoa-tenant-elevated (not in its tier)", policy: SCHEDULING_PODS_POLICY, namespace: "oasis", object: pod({ priorityClassName: "stoa-tenant-elevated" }), expect: { deny: PRIORITY } },
    { name: "Pod with system-node-critical (would preempt other tenants)", policy: SCHEDULING_PODS_POLICY, namespace: "acme", object: pod({ priorityClassName: "system-node-critical" }), expect: { deny: PRIORITY } },
    { name: "Pod placed on a node by name", policy: SCHEDULING_PODS_POLICY, namespace: "acme", object: pod({ nodeName: "node-1" }), expect: { deny: NODE_NAME } },
    { name: "Pod with its own scheduler", policy: SCHEDULING_PODS_POLICY, namespace: "acme", object: pod({ schedulerName: "tenant-scheduler" }), expect: { deny: "spec.schedulerName of a tenant pod must be default-scheduler" } },
    { name: "Pod with a RuntimeClass the stack does not list", policy: SCHEDULING_PODS_POLICY, namespace: "acme", object: pod({ runtimeClassName: "privileged-runc" }), expect: { deny: "spec.runtimeClassName of a tenant pod: refused" } },
    { name: "Pod tolerating the control-plane taint", policy: SCHEDULING_PODS_POLICY, namespace: "acme", object: pod({ tolerations: [CONTROL_PLANE_TOLERATION] }), expect: { deny: TOLERATIONS } },
    { name: "Pod tolerating every taint (operator Exists, no key)", policy: SCHEDULING_PODS_POLICY, namespace: "acme", object: pod({ tolerations: [{ operator: "Exists" }] }), expect: { deny: TOLERATIONS } },
    { name: "Pod tolerating not-ready for every effect instead of NoExecute", policy: SCHEDULING_PODS_POLICY, namespace: "acme", object: pod({ tolerations: [{ key: "node.kubernetes.io/not-ready", operator: "Exists" }] }), expect: { deny: TOLERATIONS } },
    {
        name: "Pod update after the scheduler bound it (nodeName set by the binding)",
        policy: SCHEDULING_PODS_POLICY,
        namespace: "acme",
        object: { ...pod({ ...DEFAULTED, nodeName: "node-1" }), metadata: { name: "app", labels: { app: "app", tier: "web" } } },
        oldObject: pod({ ...DEFAULTED, nodeName: "node-1" }),
        expect: "allow",
    },
    {
        name: "Pod update adding a control-plane toleration",
        policy: SCHEDULING_PODS_POLICY,
        namespace: "acme",
        object: pod({ ...DEFAULTED, nodeName: "node-1", tolerations: [...DEFAULTED.tolerations, CONTROL_PLANE_TOLERATION] }),
        oldObject: pod({ ...DEFAULTED, nodeName: "node-1" }),
        expect: { deny: TOLERATIONS },
    },

    // Scheduling, on the pod templates of workloads (the refusal reaches whoever applied them).
    { name: "Deployment without scheduling fields", policy: SCHEDULING_WORKLOADS_POLICY, namespace: "acme", object: deployment(), expect: "allow" },
    { name: "Deployment with its tier's PriorityClass", policy: SCHEDULING_WORKLOADS_POLICY, namespace: "acme", object: deployment({ priorityClassName: "stoa-tenant-elevated", schedulerName: "default-scheduler" }), expect: "allow" },
    { name: "Deployment with system-cluster-critical", policy: SCHEDULING_WORKLOADS_POLICY, namespace: "acme", object: deployment({ priorityClassName: "system-cluster-critical" }), expect: { deny: PRIORITY } },
    { name: "Deployment pinning its pods to a node", policy: SCHEDULING_WORKLOADS_POLICY, namespace: "acme", object: deployment({ nodeName: "node-1" }), expect: { deny: NODE_NAME } },
    { name: "StatefulSet tolerating the control-plane taint", policy: SCHEDULING_WORKLOADS_POLICY, namespace: "acme", object: statefulSet({ tolerations: [CONTROL_PLANE_TOLERATION] }), expect: { deny: TOLERATIONS } },
    { name: "ReplicaSet with a RuntimeClass", policy: SCHEDULING_WORKLOADS_POLICY, namespace: "acme", object: replicaSet({ runtimeClassName: "privileged-runc" }), expect: { deny: "spec.runtimeClassName of a tenant pod" } },
    { name: "Job with its own scheduler", policy: SCHEDULING_WORKLOADS_POLICY, namespace: "acme", object: job({ schedulerName: "tenant-scheduler" }), expect: { deny: "spec.schedulerName of a tenant pod must be default-scheduler" } },
    { name: "Job with the batch class", policy: SCHEDULING_WORKLOADS_POLICY, namespace: "oasis", object: job({ priorityClassName: "stoa-tenant-batch" }), expect: "allow" },
    { name: "CronJob without scheduling fields", policy: SCHEDULING_CRONJOBS_POLICY, namespace: "oasis", object: cronJob(), expect: "allow" },
    { name: "CronJob pinning its pods to a node", policy: SCHEDULING_CRONJOBS_POLICY, namespace: "oasis", object: cronJob({ nodeName: "node-1" }), expect: { deny: NODE_NAME } },
    { name: "CronJob of a community tenant with stoa-tenant-elevated", policy: SCHEDULING_CRONJOBS_POLICY, namespace: "oasis", object: cronJob({ priorityClassName: "stoa-tenant-elevated" }), expect: { deny: PRIORITY } },

    // Volume claims: bound by the cluster to a new volume.
    { name: "Claim on the encrypted class", policy: VOLUME_BINDING_POLICY, namespace: "acme", object: claim(), expect: "allow" },
    { name: "Claim cloned from a snapshot of its own namespace", policy: VOLUME_BINDING_POLICY, namespace: "acme", object: claim({ dataSourceRef: { apiGroup: "snapshot.storage.k8s.io", kind: "VolumeSnapshot", name: "nightly" } }), expect: "allow" },
    { name: "Claim naming another tenant's released volume", policy: VOLUME_BINDING_POLICY, namespace: "acme", object: claim({ volumeName: "pvc-globex-data" }), expect: { deny: "spec.volumeName is refused on tenant volume claims" } },
    { name: "Claim selecting existing volumes by label", policy: VOLUME_BINDING_POLICY, namespace: "acme", object: claim({ selector: { matchLabels: { tenant: "globex" } } }), expect: { deny: "spec.selector is refused on tenant volume claims" } },
    { name: "Claim cloned from another namespace's snapshot", policy: VOLUME_BINDING_POLICY, namespace: "acme", object: claim({ dataSourceRef: { apiGroup: "snapshot.storage.k8s.io", kind: "VolumeSnapshot", name: "nightly", namespace: "tenant-globex" } }), expect: { deny: "spec.dataSourceRef of a tenant volume claim must stay in its own namespace" } },

    { name: "StatefulSet with an ordinary claim template", policy: CLAIM_TEMPLATES_POLICY, namespace: "acme", object: { ...statefulSet(), spec: { ...statefulSet().spec, volumeClaimTemplates: [claim()] } }, expect: "allow" },
    { name: "StatefulSet without claim templates", policy: CLAIM_TEMPLATES_POLICY, namespace: "acme", object: statefulSet(), expect: "allow" },
    {
        name: "StatefulSet whose claim template selects existing volumes",
        policy: CLAIM_TEMPLATES_POLICY,
        namespace: "acme",
        object: { ...statefulSet(), spec: { ...statefulSet().spec, volumeClaimTemplates: [claim(), claim({ selector: { matchLabels: { tenant: "globex" } } })] } },
        expect: { deny: "spec.volumeClaimTemplates[].spec.selector is refused on tenant StatefulSets" },
    },
    {
        name: "StatefulSet whose claim template names a volume",
        policy: CLAIM_TEMPLATES_POLICY,
        namespace: "acme",
        object: { ...statefulSet(), spec: { ...statefulSet().spec, volumeClaimTemplates: [claim({ volumeName: "pvc-globex-data" })] } },
        expect: { deny: "spec.volumeClaimTemplates[].spec.volumeName is refused on tenant StatefulSets" },
    },

    // Disruption budgets that leave room for a drain.
    { name: "PodDisruptionBudget with maxUnavailable 1", policy: DISRUPTION_BUDGET_POLICY, namespace: "acme", object: budget({ maxUnavailable: 1 }), expect: "allow" },
    { name: "PodDisruptionBudget with minAvailable 50%", policy: DISRUPTION_BUDGET_POLICY, namespace: "acme", object: budget({ minAvailable: "50%" }), expect: "allow" },
    { name: "PodDisruptionBudget with minAvailable 2", policy: DISRUPTION_BUDGET_POLICY, namespace: "acme", object: budget({ minAvailable: 2 }), expect: "allow" },
    { name: "PodDisruptionBudget with maxUnavailable 10%", policy: DISRUPTION_BUDGET_POLICY, namespace: "acme", object: budget({ maxUnavailable: "10%" }), expect: "allow" },
    { name: "PodDisruptionBudget with maxUnavailable 0", policy: DISRUPTION_BUDGET_POLICY, namespace: "acme", object: budget({ maxUnavailable: 0 }), expect: { deny: "spec.maxUnavailable 0 is refused" } },
    { name: "PodDisruptionBudget with maxUnavailable 0%", policy: DISRUPTION_BUDGET_POLICY, namespace: "acme", object: budget({ maxUnavailable: "0%" }), expect: { deny: "spec.maxUnavailable 0 is refused" } },
    { name: "PodDisruptionBudget with minAvailable 100%", policy: DISRUPTION_BUDGET_POLICY, namespace: "acme", object: budget({ minAvailable: "100%" }), expect: { deny: "spec.minAvailable 100% is refused" } },

    // Secrets: no long-lived service-account tokens.
    { name: "Opaque Secret", policy: NO_TOKEN_SECRETS_POLICY, namespace: "acme", object: secret("Opaque"), expect: "allow" },
    { name: "Secret without a type", policy: NO_TOKEN_SECRETS_POLICY, namespace: "acme", object: secret(), expect: "allow" },
    { name: "Secret of type service-account-token", policy: NO_TOKEN_SECRETS_POLICY, namespace: "acme", object: secret("kubernetes.io/service-account-token", { "kubernetes.io/service-account.name": "default" }), expect: { deny: "Secrets of type kubernetes.io/service-account-token are refused" } },

    // cert-manager objects: the tenant CA is the platform's.
    {
        name: "Certificate from the tenant CA with another tenant's identity",
        policy: NO_CERTIFICATES_POLICY,
        namespace: "acme",
        object: {
            apiVersion: "cert-manager.io/v1",
            kind: "Certificate",
            metadata: { name: "impostor" },
            spec: { secretName: "impostor", commonName: "tenant-globex", uris: ["spiffe://stoa/tenant/globex"], usages: ["client auth"], issuerRef: { name: "stoa-tenant-ca", kind: "ClusterIssuer", group: "cert-manager.io" } },
        },
        expect: { deny: "cert-manager objects are refused in tenant namespaces" },
    },
    {
        name: "Issuer of the tenant's own",
        policy: NO_CERTIFICATES_POLICY,
        namespace: "acme",
        object: { apiVersion: "cert-manager.io/v1", kind: "Issuer", metadata: { name: "own" }, spec: { selfSigned: {} } },
        expect: { deny: "cert-manager objects are refused in tenant namespaces" },
    },
];
