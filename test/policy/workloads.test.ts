import * as k8s from "@pulumi/kubernetes";
import { describe, it } from "vitest";
import { tenantVolumeStorageClass } from "../../policy-pack/storage";
import { workloadRestrictedPodSecurity } from "../../policy-pack/workloads";
import { expectNoViolations, expectViolation, meta, mutated, ns, fixture } from "./util";

function podSpec() {
    return {
        securityContext: { runAsNonRoot: true as boolean, seccompProfile: { type: "RuntimeDefault" } },
        volumes: [{ name: "cache", emptyDir: {} }, { name: "config", configMap: { name: "cfg" } }],
        containers: [
            {
                name: "api",
                image: "registry.example/api:1",
                ports: [{ containerPort: 8080 }],
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } },
            },
        ],
    } satisfies k8s.types.input.core.v1.PodSpec;
}
type Spec = ReturnType<typeof podSpec> & Record<string, unknown>;
const deployment = (spec: Spec, namespace = ns("acme-corp")) => fixture(k8s.apps.v1.Deployment, { ...meta(namespace, "api"), spec: { selector: { matchLabels: { app: "api" } }, template: { spec } } });
const container = (s: Spec) => s.containers[0] as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("workload-restricted-pod-security", () => {
    it("passes a restricted deployment, pod, job and cronjob", async () => {
        await expectNoViolations(workloadRestrictedPodSecurity, [
            deployment(podSpec()),
            fixture(k8s.core.v1.Pod, { ...meta(ns("acme-corp"), "p"), spec: podSpec() }),
            fixture(k8s.batch.v1.Job, { ...meta(ns("acme-corp"), "j"), spec: { template: { spec: podSpec() } } }),
            fixture(k8s.batch.v1.CronJob, { ...meta(ns("acme-corp"), "c"), spec: { schedule: "0 * * * *", jobTemplate: { spec: { template: { spec: podSpec() } } } } }),
        ]);
    });
    it("leaves platform namespaces to their own rules", async () => {
        await expectNoViolations(workloadRestrictedPodSecurity, [deployment(mutated(podSpec() as Spec, (s) => (s.hostNetwork = true)), "stoa-system")]);
    });
    const mutations: [string, (s: Spec) => void, string][] = [
        ["privileged", (s) => (container(s).securityContext.privileged = true), "container api must not be privileged"],
        ["hostNetwork", (s) => (s.hostNetwork = true), "must not set hostNetwork"],
        ["hostPID", (s) => (s.hostPID = true), "must not set hostPID"],
        ["hostIPC", (s) => (s.hostIPC = true), "must not set hostIPC"],
        ["hostPath", (s) => s.volumes.push({ name: "root", hostPath: { path: "/" } } as never), "must not mount a hostPath volume (root)"],
        ["added capability", (s) => (container(s).securityContext.capabilities.add = ["SYS_ADMIN"]), "must not add capabilities SYS_ADMIN"],
        ["capabilities not dropped", (s) => (container(s).securityContext.capabilities.drop = []), "must drop ALL capabilities"],
        ["privilege escalation", (s) => delete container(s).securityContext.allowPrivilegeEscalation, "must set allowPrivilegeEscalation: false"],
        ["root", (s) => (s.securityContext.runAsNonRoot = false), "must run as non-root"],
        ["uid 0", (s) => (container(s).securityContext.runAsUser = 0), "must not run as user 0"],
        ["no seccomp", (s) => delete (s.securityContext as Partial<Spec["securityContext"]>).seccompProfile, "seccomp profile RuntimeDefault or Localhost (got none)"],
        ["unconfined seccomp", (s) => (container(s).securityContext.seccompProfile = { type: "Unconfined" }), "(got Unconfined)"],
        ["host port", (s) => (container(s).ports = [{ containerPort: 80, hostPort: 80 }]), "must not use host ports"],
        ["privileged init container", (s) => ((s as Record<string, unknown>).initContainers = [{ name: "init", securityContext: { privileged: true } }]), "container init must not be privileged"],
    ];
    for (const [what, mutate, message] of mutations) {
        it(`refuses ${what}`, async () => {
            await expectViolation(workloadRestrictedPodSecurity, [deployment(mutated(podSpec() as Spec, mutate))], message);
        });
    }
});

describe("tenant-volume-storage-class", () => {
    const claim = (storageClassName?: string) =>
        fixture(k8s.core.v1.PersistentVolumeClaim, { ...meta(ns("acme-corp"), "data"), spec: { ...(storageClassName ? { storageClassName } : {}), resources: { requests: { storage: "1Gi" } } } });
    it("passes the encrypted class", async () => {
        await expectNoViolations(tenantVolumeStorageClass, [claim("encrypted-ssd")]);
    });
    it("refuses another class", async () => {
        await expectViolation(tenantVolumeStorageClass, [claim("standard")], "must use StorageClass encrypted-ssd (got standard)");
    });
    it("refuses the cluster default", async () => {
        await expectViolation(tenantVolumeStorageClass, [claim()], "(got the cluster default)");
    });
    it("checks StatefulSet claim templates", async () => {
        const sts = fixture(k8s.apps.v1.StatefulSet, {
            ...meta(ns("acme-corp"), "db"),
            spec: { selector: { matchLabels: { app: "db" } }, serviceName: "db", template: { spec: { containers: [] } }, volumeClaimTemplates: [{ metadata: { name: "pgdata" }, spec: { storageClassName: "fast" } }] },
        });
        await expectViolation(tenantVolumeStorageClass, [sts], "Volume claim tenant-acme-corp/pgdata must use StorageClass");
    });
    it("follows the configured classes", async () => {
        await expectNoViolations(tenantVolumeStorageClass, [claim("vault-csi")], { allowedStorageClasses: ["vault-csi"] });
    });
});
