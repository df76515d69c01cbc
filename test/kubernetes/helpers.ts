/** Helpers for the Kubernetes layer tests: run the real program offline and pick out this layer's resources. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readStackFile, runOffline, type OfflineRun, type RecordedResource } from "../../scripts/offline/runtime";
import { stoaTenancy } from "../../components/program";
import { TENANT_ISOLATION_TYPE } from "../../components/tenantIsolation";

export const LIFECYCLE_TENANTS_DIR = path.join(process.cwd(), "test/fixtures/kubernetes/lifecycle");
export const SAMPLE_TENANTS_DIR = path.join(process.cwd(), "tenants");

export const TYPES = {
    namespace: "kubernetes:core/v1:Namespace",
    resourceQuota: "kubernetes:core/v1:ResourceQuota",
    limitRange: "kubernetes:core/v1:LimitRange",
    networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    role: "kubernetes:rbac.authorization.k8s.io/v1:Role",
    roleBinding: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    clusterRole: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
    clusterRoleBinding: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    configMap: "kubernetes:core/v1:ConfigMap",
    veleroSchedule: "kubernetes:velero.io/v1:Schedule",
    veleroBackup: "kubernetes:velero.io/v1:Backup",
    stackReference: "pulumi:pulumi:StackReference",
} as const;

/** Types that decide isolation: only this layer (and the platform) may create them. */
export const ISOLATION_TYPES: readonly string[] = [
    TYPES.namespace,
    TYPES.resourceQuota,
    TYPES.limitRange,
    TYPES.networkPolicy,
    TYPES.role,
    TYPES.roleBinding,
    TYPES.clusterRole,
    TYPES.clusterRoleBinding,
    TYPES.veleroSchedule,
    TYPES.veleroBackup,
];

/** Runs the program on `stack` with its Pulumi.<stack>.yaml plus `config` (removal guard off unless given). */
export async function runStack(stack: string, tenantsDir: string, config: Record<string, unknown> = {}): Promise<OfflineRun> {
    return runOffline({
        stack,
        config: { ...readStackFile(process.cwd(), stack), removalGuard: false, ...config },
        program: () => stoaTenancy({ tenantsDir }),
    });
}

export function isolationOf(run: OfflineRun, tenantId: string): RecordedResource {
    const isolation = run.resources.find((r) => r.type === TENANT_ISOLATION_TYPE && r.name === tenantId);
    if (!isolation) throw new Error(`no TenantIsolation for ${tenantId}`);
    return isolation;
}

/** Resources whose parent chain reaches the tenant's TenantIsolation. */
export function tenantResources(run: OfflineRun, tenantId: string): RecordedResource[] {
    const root = isolationOf(run, tenantId).urn;
    return run.resources.filter((r) => r.urn !== root && ancestors(run, r).includes(root));
}

/** URNs of a resource's parents, nearest first. */
export function ancestors(run: OfflineRun, resource: RecordedResource): string[] {
    const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
    const chain: string[] = [];
    let parent = resource.parent;
    while (parent) {
        chain.push(parent);
        parent = byUrn.get(parent)?.parent ?? null;
    }
    return chain;
}

/** The one resource with this type and logical name; throws when missing. */
export function resource(run: OfflineRun, type: string, name: string): RecordedResource {
    const found = run.resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
    return found[0];
}

/** Typed access to a nested input (`at(r, "spec", "hard")`). */
export function at<T = unknown>(r: RecordedResource, ...keys: string[]): T {
    let value: unknown = r.inputs;
    for (const key of keys) value = (value as Record<string, unknown> | undefined)?.[key];
    return value as T;
}

/** A temporary tenant folder holding copies of `files` (absolute paths) plus extra files by name. */
export function tenantFolder(files: string[], extra: Record<string, string> = {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stoa-k8s-"));
    for (const file of files) fs.copyFileSync(file, path.join(dir, path.basename(file)));
    for (const [name, text] of Object.entries(extra)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
}

export function yamlFiles(dir: string): string[] {
    return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".yaml"))
        .map((f) => path.join(dir, f));
}

/** The namespace labels a tenant must carry, written out literally (not derived from the code under test). */
export function expectedNamespaceLabels(id: string, tier: string, status: string): Record<string, string> {
    return {
        "stoa.io/tenant-id": id,
        "stoa.io/tier": tier,
        "stoa.io/status": status,
        "app.kubernetes.io/managed-by": "stoa-tenancy",
        "pod-security.kubernetes.io/enforce": "restricted",
        "pod-security.kubernetes.io/enforce-version": "v1.30",
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/audit-version": "v1.30",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/warn-version": "v1.30",
    };
}
