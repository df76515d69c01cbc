/**
 * Workloads in tenant namespaces meet the `restricted` Pod Security Standard before they reach the
 * cluster (the namespace label enforces it at admission too; this refuses the change at preview).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { knownOnly } from "./lib/known";
import { nameOf, namespaceOf } from "./lib/kubernetes";
import { tenantOfNamespace } from "./lib/tenancy";

interface SecurityContext {
    privileged?: boolean;
    allowPrivilegeEscalation?: boolean;
    runAsNonRoot?: boolean;
    runAsUser?: number;
    capabilities?: { add?: string[]; drop?: string[] };
    seccompProfile?: { type?: string };
}

interface Container {
    name?: string;
    securityContext?: SecurityContext;
    ports?: { hostPort?: number }[];
}

export interface PodSpec {
    hostNetwork?: boolean;
    hostPID?: boolean;
    hostIPC?: boolean;
    securityContext?: SecurityContext;
    volumes?: Record<string, unknown>[];
    containers?: Container[];
    initContainers?: Container[];
    ephemeralContainers?: Container[];
}

interface WorkloadProps {
    spec?: PodSpec & { template?: { spec?: PodSpec }; jobTemplate?: { spec?: { template?: { spec?: PodSpec } } } };
}

/** Where each workload kind keeps its pod template, by type token. */
export const WORKLOAD_POD_SPECS: Record<string, (props: WorkloadProps) => PodSpec | undefined> = {
    "kubernetes:core/v1:Pod": (p) => p.spec,
    "kubernetes:apps/v1:Deployment": (p) => p.spec?.template?.spec,
    "kubernetes:apps/v1:StatefulSet": (p) => p.spec?.template?.spec,
    "kubernetes:apps/v1:DaemonSet": (p) => p.spec?.template?.spec,
    "kubernetes:apps/v1:ReplicaSet": (p) => p.spec?.template?.spec,
    "kubernetes:batch/v1:Job": (p) => p.spec?.template?.spec,
    "kubernetes:batch/v1:CronJob": (p) => p.spec?.jobTemplate?.spec?.template?.spec,
};

/** Volume types the restricted profile allows. */
export const RESTRICTED_VOLUME_TYPES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];
const SECCOMP_TYPES = ["RuntimeDefault", "Localhost"];

/** Every way a pod spec falls short of the restricted Pod Security Standard. Pure. */
export function podSecurityProblems(spec: PodSpec): string[] {
    const problems: string[] = [];
    for (const field of ["hostNetwork", "hostPID", "hostIPC"] as const) {
        if (spec[field]) problems.push(`must not set ${field}`);
    }
    for (const volume of spec.volumes ?? []) {
        const types = Object.keys(volume).filter((key) => key !== "name");
        for (const type of types.filter((t) => !RESTRICTED_VOLUME_TYPES.includes(t))) {
            problems.push(`must not mount a ${type} volume (${String(volume.name)})`);
        }
    }
    const pod = spec.securityContext ?? {};
    const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
    for (const container of containers) {
        const sc = container.securityContext ?? {};
        const name = `container ${container.name ?? "(unnamed)"}`;
        if (sc.privileged) problems.push(`${name} must not be privileged`);
        if (sc.allowPrivilegeEscalation !== false) problems.push(`${name} must set allowPrivilegeEscalation: false`);
        const added = (sc.capabilities?.add ?? []).filter((c) => c !== "NET_BIND_SERVICE");
        if (added.length > 0) problems.push(`${name} must not add capabilities ${added.join(", ")}`);
        if (!(sc.capabilities?.drop ?? []).includes("ALL")) problems.push(`${name} must drop ALL capabilities`);
        if ((sc.runAsNonRoot ?? pod.runAsNonRoot) !== true) problems.push(`${name} must run as non-root (runAsNonRoot: true)`);
        if ((sc.runAsUser ?? pod.runAsUser) === 0) problems.push(`${name} must not run as user 0`);
        const seccomp = sc.seccompProfile?.type ?? pod.seccompProfile?.type;
        if (!SECCOMP_TYPES.includes(seccomp ?? "")) problems.push(`${name} must use seccomp profile RuntimeDefault or Localhost (got ${seccomp ?? "none"})`);
        if ((container.ports ?? []).some((p) => p.hostPort)) problems.push(`${name} must not use host ports`);
    }
    return problems;
}

export const workloadRestrictedPodSecurity: ResourceValidationPolicy = {
    name: "workload-restricted-pod-security",
    description: "Checks that every workload in a tenant namespace meets the restricted Pod Security Standard (no privilege, host access or root).",
    enforcementLevel: "mandatory",
    validateResource: knownOnly((args, reportViolation) => {
        const podSpecOf = WORKLOAD_POD_SPECS[args.type];
        if (!podSpecOf) return;
        const namespace = namespaceOf(args.props);
        if (!tenantOfNamespace(namespace)) return;
        const kind = args.type.split(":").pop();
        const spec = podSpecOf(args.props);
        if (!spec) {
            reportViolation(`${kind} ${namespace}/${nameOf(args.props, args.name)} must have a pod spec.`);
            return;
        }
        for (const problem of podSecurityProblems(spec)) reportViolation(`${kind} ${namespace}/${nameOf(args.props, args.name)}: ${problem}.`);
    }),
};
