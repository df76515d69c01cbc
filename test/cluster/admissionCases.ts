/**
 * The admission catalogue: hostile objects a tenant's own users might send, each with the refusal the
 * API server must give and a legitimate counterpart it must accept. One row per case; add a row to
 * add a case. Rows cover the level-1 checks of the Multi-Tenancy Benchmarks that apply to a
 * namespace-per-tenant cluster, and the tenancy cases of Capsule's end-to-end tests and of Kyverno's
 * policy library (Pod Security `restricted`, host namespaces and ports, hostPath, capabilities, root,
 * privilege escalation, NodePort, quota and NetworkPolicy edits, RBAC, other tenants' Ingress hosts,
 * ExternalName, other storage classes).
 *
 * Everything is sent with `dryRun=All`: admission runs in full (RBAC, mutating and validating
 * plugins, policies, quota) and nothing is stored, so the cases do not depend on each other.
 */

export const TENANT = "acme-corp";
export const OTHER_TENANT = "oasis";
export const NS = `tenant-${TENANT}`;
export const OTHER_NS = `tenant-${OTHER_TENANT}`;
export const INGRESS_DOMAIN = "apps.dev.stoa.example";

/** Who sends the request: a group of the tenant (impersonated), or the platform's set-up identity. */
export type Actor = "tenant-admin" | "devops" | "viewer" | "platform";

export interface Request {
    actor: Actor;
    verb: "create" | "patch" | "delete" | "get" | "list";
    apiVersion: string;
    kind: string;
    namespace?: string;
    /** For patch, delete and get. */
    name?: string;
    /** For create (the object) and patch (a merge patch). */
    body?: Record<string, unknown>;
}

export interface AdmissionCase {
    name: string;
    hostile: Request;
    /** What the refusal says (matched against the server's message). */
    refusal: RegExp;
    legit: Request;
}

type Obj = Record<string, unknown>;

const RESOURCES = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "100m", memory: "128Mi" } };
const CONTAINER_SC = { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ["ALL"] } };
const POD_SC = { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };

function container(over: Obj = {}, sc: Obj = {}): Obj {
    return { name: "app", image: "registry.example/app:1.0", resources: RESOURCES, securityContext: { ...CONTAINER_SC, ...sc }, ...over };
}

/** A pod that Pod Security `restricted` admits, with `spec` fields and the first container changed. */
export function pod(name: string, spec: Obj = {}, containerOver: Obj = {}, containerSc: Obj = {}): Obj {
    return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name },
        spec: { securityContext: POD_SC, containers: [container(containerOver, containerSc)], ...spec },
    };
}

const createPod = (body: Obj, actor: Actor = "tenant-admin", namespace = NS): Request => ({ actor, verb: "create", apiVersion: "v1", kind: "Pod", namespace, body });
const good = (name = "legit") => createPod(pod(name));

function service(name: string, spec: Obj): Obj {
    return { apiVersion: "v1", kind: "Service", metadata: { name }, spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }], ...spec } };
}

const createAs = (actor: Actor, body: Obj, namespace: string | undefined = NS): Request => ({
    actor,
    verb: "create",
    apiVersion: String(body.apiVersion),
    kind: String(body.kind),
    namespace,
    body,
});

function ingress(name: string, spec: Obj): Obj {
    return { apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name }, spec: { ingressClassName: "kong", ...spec } };
}
const backend = { service: { name: "web", port: { number: 80 } } };
const rule = (host?: string): Obj => ({ ...(host === undefined ? {} : { host }), http: { paths: [{ path: "/", pathType: "Prefix", backend }] } });
const ownHost = `api.${TENANT}.${INGRESS_DOMAIN}`;

function pvc(name: string, spec: Obj): Obj {
    return { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...spec } };
}

const configMap = (name: string): Obj => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { key: "value" } });
const networkPolicyAllowAll = { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "allow-all" }, spec: { podSelector: {}, ingress: [{}], egress: [{}], policyTypes: ["Ingress", "Egress"] } };

const POD_SECURITY = /violates PodSecurity "restricted/;
const FORBIDDEN = /forbidden: User "tenant:acme-corp:/;

const CATALOGUE: readonly AdmissionCase[] = [
    // Pod Security `restricted`, enforced on the tenant namespace.
    { name: "privileged container", hostile: createPod(pod("p", {}, {}, { privileged: true, allowPrivilegeEscalation: true })), refusal: POD_SECURITY, legit: good() },
    { name: "hostNetwork", hostile: createPod(pod("p", { hostNetwork: true })), refusal: POD_SECURITY, legit: good() },
    { name: "hostPID", hostile: createPod(pod("p", { hostPID: true })), refusal: POD_SECURITY, legit: good() },
    { name: "hostIPC", hostile: createPod(pod("p", { hostIPC: true })), refusal: POD_SECURITY, legit: good() },
    {
        name: "hostPort",
        hostile: createPod(pod("p", {}, { ports: [{ containerPort: 8080, hostPort: 80 }] })),
        refusal: POD_SECURITY,
        legit: createPod(pod("legit", {}, { ports: [{ containerPort: 8080 }] })),
    },
    {
        name: "hostPath volume",
        hostile: createPod(pod("p", { volumes: [{ name: "host", hostPath: { path: "/var/run/docker.sock" } }] }, { volumeMounts: [{ name: "host", mountPath: "/host" }] })),
        refusal: POD_SECURITY,
        legit: createPod(pod("legit", { volumes: [{ name: "scratch", emptyDir: {} }] }, { volumeMounts: [{ name: "scratch", mountPath: "/scratch" }] })),
    },
    {
        name: "nfs volume (not a restricted volume type)",
        hostile: createPod(pod("p", { volumes: [{ name: "share", nfs: { server: "nfs.example", path: "/" } }] })),
        refusal: POD_SECURITY,
        legit: createPod(pod("legit", { volumes: [{ name: "cfg", configMap: { name: "cfg" } }] })),
    },
    {
        name: "added capability NET_ADMIN",
        hostile: createPod(pod("p", {}, {}, { capabilities: { drop: ["ALL"], add: ["NET_ADMIN"] } })),
        refusal: POD_SECURITY,
        legit: createPod(pod("legit", {}, {}, { capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } })),
    },
    { name: "added capability SYS_ADMIN", hostile: createPod(pod("p", {}, {}, { capabilities: { drop: ["ALL"], add: ["SYS_ADMIN"] } })), refusal: POD_SECURITY, legit: good() },
    { name: "capabilities not dropped", hostile: createPod(pod("p", {}, {}, { capabilities: {} })), refusal: POD_SECURITY, legit: good() },
    {
        name: "runAsUser 0 (root)",
        hostile: createPod(pod("p", {}, {}, { runAsUser: 0 })),
        refusal: POD_SECURITY,
        legit: createPod(pod("legit", {}, {}, { runAsUser: 10001 })),
    },
    { name: "runAsNonRoot false", hostile: createPod(pod("p", { securityContext: { runAsNonRoot: false, seccompProfile: { type: "RuntimeDefault" } } }, {}, { runAsNonRoot: false })), refusal: POD_SECURITY, legit: good() },
    { name: "allowPrivilegeEscalation true", hostile: createPod(pod("p", {}, {}, { allowPrivilegeEscalation: true })), refusal: POD_SECURITY, legit: good() },
    {
        name: "seccomp Unconfined",
        hostile: createPod(pod("p", { securityContext: { runAsNonRoot: true, seccompProfile: { type: "Unconfined" } } })),
        refusal: POD_SECURITY,
        legit: createPod(pod("legit", {}, {}, { seccompProfile: { type: "RuntimeDefault" } })),
    },
    { name: "no seccomp profile", hostile: createPod(pod("p", { securityContext: { runAsNonRoot: true } })), refusal: POD_SECURITY, legit: good() },
    { name: "AppArmor unconfined", hostile: createPod(pod("p", {}, {}, { appArmorProfile: { type: "Unconfined" } })), refusal: POD_SECURITY, legit: createPod(pod("legit", {}, {}, { appArmorProfile: { type: "RuntimeDefault" } })) },
    { name: "SELinux type spc_t", hostile: createPod(pod("p", {}, {}, { seLinuxOptions: { type: "spc_t" } })), refusal: POD_SECURITY, legit: createPod(pod("legit", {}, {}, { seLinuxOptions: { type: "container_t" } })) },
    {
        name: "unsafe sysctl",
        hostile: createPod(pod("p", { securityContext: { ...POD_SC, sysctls: [{ name: "kernel.shm_rmid_forced", value: "0" }, { name: "net.core.somaxconn", value: "1024" }] } })),
        refusal: POD_SECURITY,
        legit: createPod(pod("legit", { securityContext: { ...POD_SC, sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }] } })),
    },
    {
        name: "privileged init container",
        hostile: createPod(pod("p", { initContainers: [container({ name: "init" }, { privileged: true, allowPrivilegeEscalation: true })] })),
        refusal: POD_SECURITY,
        legit: createPod(pod("legit", { initContainers: [container({ name: "init" })] })),
    },
    {
        name: "procMount Unmasked",
        hostile: createPod(pod("p", {}, {}, { procMount: "Unmasked" })),
        refusal: /violates PodSecurity "restricted|procMount|Unmasked/,
        legit: good(),
    },
    // Resources the platform owns.
    {
        name: "container above the LimitRange maximum",
        hostile: createPod(pod("p", {}, { resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "64", memory: "128Mi" } } })),
        refusal: /maximum cpu usage per Container|limit to request ratio/,
        legit: good(),
    },
    {
        name: "limit/request ratio above the burst ratio",
        hostile: createPod(pod("p", {}, { resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "128Mi" } } })),
        refusal: /limit to request ratio/,
        legit: createPod(pod("legit", {}, { resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "200m", memory: "128Mi" } } })),
    },
    // Services.
    { name: "NodePort Service", hostile: createAs("devops", service("s", { type: "NodePort" })), refusal: /exceeded quota.*services\.nodeports/, legit: createAs("devops", service("legit", { type: "ClusterIP" })) },
    {
        name: "NodePort Service with an explicit node port",
        hostile: createAs("devops", service("s", { type: "NodePort", ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }] })),
        refusal: /exceeded quota.*services\.nodeports/,
        legit: createAs("devops", service("legit", {})),
    },
    {
        name: "ExternalName Service",
        hostile: createAs("devops", service("s", { type: "ExternalName", externalName: "web.tenant-oasis.svc.cluster.local", selector: undefined, ports: undefined })),
        refusal: /ExternalName/,
        legit: createAs("devops", service("legit", { type: "ClusterIP" })),
    },
    // Ingress hosts.
    {
        name: "Ingress for another tenant's host",
        hostile: createAs("devops", ingress("i", { rules: [rule(`api.${OTHER_TENANT}.${INGRESS_DOMAIN}`)] })),
        refusal: /every rule of a tenant Ingress needs a host/,
        legit: createAs("devops", ingress("legit", { rules: [rule(ownHost)] })),
    },
    { name: "Ingress rule without host", hostile: createAs("devops", ingress("i", { rules: [rule()] })), refusal: /every rule of a tenant Ingress needs a host/, legit: createAs("devops", ingress("legit", { rules: [rule(ownHost)] })) },
    {
        name: "Ingress defaultBackend",
        hostile: createAs("devops", ingress("i", { defaultBackend: backend, rules: [rule(ownHost)] })),
        refusal: /defaultBackend/,
        legit: createAs("devops", ingress("legit", { rules: [rule(ownHost)] })),
    },
    {
        name: "Ingress catch-all wildcard over the tenant domain",
        hostile: createAs("devops", ingress("i", { rules: [rule(`*.${INGRESS_DOMAIN}`)] })),
        refusal: /every rule of a tenant Ingress needs a host/,
        legit: createAs("devops", ingress("legit", { rules: [rule(`*.${TENANT}.${INGRESS_DOMAIN}`)] })),
    },
    {
        name: "Ingress host that only ends like the tenant's",
        hostile: createAs("devops", ingress("i", { rules: [rule(`evil${TENANT}.${INGRESS_DOMAIN}`)] })),
        refusal: /every rule of a tenant Ingress needs a host/,
        legit: createAs("devops", ingress("legit", { rules: [rule(`${TENANT}.${INGRESS_DOMAIN}`)] })),
    },
    {
        name: "Ingress TLS host of another tenant",
        hostile: createAs("devops", ingress("i", { rules: [rule(ownHost)], tls: [{ hosts: [`api.${OTHER_TENANT}.${INGRESS_DOMAIN}`], secretName: "tls" }] })),
        refusal: /TLS hosts of a tenant Ingress/,
        legit: createAs("devops", ingress("legit", { rules: [rule(ownHost)], tls: [{ hosts: [ownHost], secretName: "tls" }] })),
    },
    // Storage.
    { name: "volume on another storage class", hostile: createAs("tenant-admin", pvc("v", { storageClassName: "standard" })), refusal: /encrypted storage class/, legit: createAs("tenant-admin", pvc("legit", { storageClassName: "encrypted-ssd" })) },
    { name: "volume with an empty storage class (pre-provisioned volumes)", hostile: createAs("tenant-admin", pvc("v", { storageClassName: "" })), refusal: /encrypted storage class/, legit: createAs("tenant-admin", pvc("legit", {})) },
    {
        name: "volume above the LimitRange maximum",
        hostile: createAs("tenant-admin", pvc("v", { storageClassName: "encrypted-ssd", resources: { requests: { storage: "100Ti" } } })),
        refusal: /maximum storage usage per PersistentVolumeClaim|exceeded quota/,
        legit: createAs("tenant-admin", pvc("legit", { storageClassName: "encrypted-ssd" })),
    },
    // The tenant's guard rails and RBAC (refused by RBAC; the counterpart reads, or the platform writes).
    {
        name: "edit the ResourceQuota",
        hostile: { actor: "tenant-admin", verb: "patch", apiVersion: "v1", kind: "ResourceQuota", namespace: NS, name: "stoa-tenant-quota", body: { spec: { hard: { pods: "1000" } } } },
        refusal: FORBIDDEN,
        legit: { actor: "tenant-admin", verb: "get", apiVersion: "v1", kind: "ResourceQuota", namespace: NS, name: "stoa-tenant-quota" },
    },
    {
        name: "delete the LimitRange",
        hostile: { actor: "tenant-admin", verb: "delete", apiVersion: "v1", kind: "LimitRange", namespace: NS, name: "stoa-tenant-limits" },
        refusal: FORBIDDEN,
        legit: { actor: "tenant-admin", verb: "get", apiVersion: "v1", kind: "LimitRange", namespace: NS, name: "stoa-tenant-limits" },
    },
    {
        name: "delete the default-deny NetworkPolicy",
        hostile: { actor: "tenant-admin", verb: "delete", apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", namespace: NS, name: "stoa-default-deny" },
        refusal: FORBIDDEN,
        legit: { actor: "tenant-admin", verb: "get", apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", namespace: NS, name: "stoa-default-deny" },
    },
    { name: "create an allow-all NetworkPolicy", hostile: createAs("tenant-admin", networkPolicyAllowAll), refusal: FORBIDDEN, legit: createAs("platform", networkPolicyAllowAll) },
    {
        name: "create a RoleBinding to cluster-admin",
        hostile: createAs("tenant-admin", {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "RoleBinding",
            metadata: { name: "rb" },
            subjects: [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: `tenant:${TENANT}:viewer` }],
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
        }),
        refusal: FORBIDDEN,
        legit: createAs("platform", {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "RoleBinding",
            metadata: { name: "legit" },
            subjects: [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: `tenant:${TENANT}:viewer` }],
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "stoa-viewer" },
        }),
    },
    {
        name: "create a Role",
        hostile: createAs("tenant-admin", { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "r" }, rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }] }),
        refusal: FORBIDDEN,
        legit: createAs("platform", { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "legit" }, rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }] }),
    },
    {
        name: "relabel the own namespace (leave the tenant's policies)",
        hostile: { actor: "tenant-admin", verb: "patch", apiVersion: "v1", kind: "Namespace", name: NS, body: { metadata: { labels: { "stoa.io/tenant-id": null, "pod-security.kubernetes.io/enforce": "privileged" } } } },
        refusal: FORBIDDEN,
        legit: { actor: "platform", verb: "get", apiVersion: "v1", kind: "Namespace", name: NS },
    },
    { name: "create a namespace", hostile: createAs("tenant-admin", { apiVersion: "v1", kind: "Namespace", metadata: { name: "tenant-acme-corp-2" } }, undefined), refusal: FORBIDDEN, legit: createAs("platform", { apiVersion: "v1", kind: "Namespace", metadata: { name: "tenant-acme-corp-2" } }, undefined) },
    {
        name: "create a DaemonSet",
        hostile: createAs("tenant-admin", { apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "d" }, spec: { selector: { matchLabels: { app: "d" } }, template: { metadata: { labels: { app: "d" } }, spec: (pod("x").spec as Obj) } } }),
        refusal: FORBIDDEN,
        legit: createAs("devops", { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "legit" }, spec: { selector: { matchLabels: { app: "d" } }, template: { metadata: { labels: { app: "d" } }, spec: (pod("x").spec as Obj) } } }),
    },
    { name: "a pod in another tenant's namespace", hostile: createPod(pod("p"), "tenant-admin", OTHER_NS), refusal: FORBIDDEN, legit: good() },
    { name: "a config map in the platform namespace", hostile: createAs("devops", configMap("c"), "stoa-system"), refusal: FORBIDDEN, legit: createAs("devops", configMap("legit")) },
    { name: "devops reads Secrets", hostile: { actor: "devops", verb: "list", apiVersion: "v1", kind: "Secret", namespace: NS }, refusal: FORBIDDEN, legit: { actor: "tenant-admin", verb: "list", apiVersion: "v1", kind: "Secret", namespace: NS } },
    { name: "devops creates a pod directly", hostile: createPod(pod("p"), "devops"), refusal: FORBIDDEN, legit: createPod(pod("legit"), "tenant-admin") },
    { name: "viewer creates a config map", hostile: createAs("viewer", configMap("c")), refusal: FORBIDDEN, legit: createAs("devops", configMap("legit")) },
    {
        name: "a service-account token for the tenant's account",
        hostile: { actor: "tenant-admin", verb: "create", apiVersion: "v1", kind: "ServiceAccount", namespace: NS, name: "default/token", body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: { audiences: ["kubernetes"] } } },
        refusal: FORBIDDEN,
        legit: { actor: "tenant-admin", verb: "get", apiVersion: "v1", kind: "ServiceAccount", namespace: NS, name: "default" },
    },
    {
        name: "a cluster-wide ValidatingAdmissionPolicy binding",
        hostile: createAs("tenant-admin", { apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingAdmissionPolicyBinding", metadata: { name: "b" }, spec: { policyName: "stoa-tenant-no-externalname", validationActions: ["Audit"] } }, undefined),
        refusal: FORBIDDEN,
        legit: { actor: "platform", verb: "get", apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingAdmissionPolicyBinding", name: "stoa-tenant-no-externalname" },
    },
];

/**
 * Hostile requests the server admitted before the runtime guardrails (components/platform/scheduling.ts,
 * traffic.ts, fairUse.ts), each now refused by the guardrail policy named in the refusal.
 */
const guardrail = (policy: string, message: string) => new RegExp(`ValidatingAdmissionPolicy '${policy}' .*denied request: ${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);

export const GUARDRAIL_CASES: readonly AdmissionCase[] = [
    {
        name: "a pod with the system-cluster-critical priority (preempts other tenants' pods)",
        hostile: createPod(pod("p", { priorityClassName: "system-cluster-critical" })),
        refusal: guardrail("stoa-tenant-scheduling-pods", "spec.priorityClassName of a tenant pod must be one of its tier's PriorityClasses"),
        legit: createPod(pod("legit", { priorityClassName: "stoa-tenant-elevated" })),
    },
    {
        name: "a Service with externalIPs (CVE-2020-8554: intercepts traffic to any address)",
        hostile: createAs("devops", service("s", { externalIPs: ["203.0.113.10"] })),
        refusal: guardrail("stoa-tenant-service-exposure", "spec.externalIPs is refused on tenant Services"),
        legit: createAs("devops", service("legit", { externalIPs: [] })),
    },
    {
        name: "an Ingress with a configuration-snippet annotation for another controller",
        hostile: createAs("devops", {
            ...ingress("i", { ingressClassName: undefined, rules: [rule(ownHost)] }),
            metadata: { name: "i", annotations: { "nginx.ingress.kubernetes.io/configuration-snippet": "proxy_set_header X-Tenant oasis;" } },
        }),
        refusal: guardrail("stoa-tenant-ingress-gateway", 'spec.ingressClassName of a tenant Ingress must be "kong"'),
        legit: createAs("devops", ingress("legit", { rules: [rule(ownHost)] })),
    },
    {
        name: "a long-lived service-account token Secret",
        hostile: createAs("tenant-admin", { apiVersion: "v1", kind: "Secret", metadata: { name: "t", annotations: { "kubernetes.io/service-account.name": "default" } }, type: "kubernetes.io/service-account-token" }),
        refusal: guardrail("stoa-tenant-no-token-secrets", "Secrets of type kubernetes.io/service-account-token are refused"),
        legit: createAs("tenant-admin", { apiVersion: "v1", kind: "Secret", metadata: { name: "legit" }, type: "Opaque", stringData: { token: "x" } }),
    },
    {
        name: "a PodDisruptionBudget that blocks every eviction (node drains)",
        hostile: createAs("tenant-admin", { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "pdb" }, spec: { maxUnavailable: 0, selector: { matchLabels: { app: "web" } } } }),
        refusal: guardrail("stoa-tenant-disruption-budgets", "spec.maxUnavailable 0 is refused"),
        legit: createAs("tenant-admin", { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "legit" }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: "web" } } } }),
    },
    {
        name: "a pod tolerating every taint and pinned to a control-plane node",
        hostile: createPod(pod("p", { tolerations: [{ operator: "Exists" }], nodeSelector: { "node-role.kubernetes.io/control-plane": "" } })),
        refusal: guardrail("stoa-tenant-scheduling-pods", "spec.tolerations of a tenant pod may only be the platform's"),
        legit: good(),
    },
];

/** The whole catalogue. */
export const ADMISSION_CASES: readonly AdmissionCase[] = [...CATALOGUE, ...GUARDRAIL_CASES];
