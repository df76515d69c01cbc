/**
 * Stands in for the quota controller of kube-controller-manager, which the suite does not run. The
 * quota admission plugin judges a request against `status.hard` and `status.used` and ignores a quota
 * whose status was never filled in; the controller fills it in after the quota is created and after
 * objects are deleted (admission itself adds the usage of what it admits). This computes `used` from
 * the objects in the namespace for the keys the program's quotas use, and writes the status.
 */
import { expectOk, type KubeClient } from "./client";

interface Item {
    metadata: { name: string };
    spec: Record<string, unknown>;
    status?: { phase?: string };
}

async function items(admin: KubeClient, path: string): Promise<Item[]> {
    return (expectOk(await admin.get(path), `list ${path}`).body.items as Item[]) ?? [];
}

/** Quantity in milli-units (cpu) or bytes (memory, storage); enough for the suffixes Kubernetes writes. */
export function quantityValue(q: string): number {
    const match = /^([0-9.]+)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(q);
    if (!match) throw new Error(`unsupported quantity ${q}`);
    const factor: Record<string, number> = { "": 1, m: 0.001, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
    return Number(match[1]) * factor[match[2] ?? ""]!;
}

type Containers = { resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }[];

function sumPods(pods: Item[], kind: "requests" | "limits", resource: "cpu" | "memory" | "ephemeral-storage"): string {
    let total = 0;
    for (const pod of pods) for (const c of (pod.spec.containers as Containers) ?? []) total += quantityValue(c.resources?.[kind]?.[resource] ?? "0");
    return resource === "cpu" ? `${Math.round(total * 1000)}m` : String(Math.round(total));
}

function nodePorts(svc: Item): number {
    const ports = (svc.spec.ports as { nodePort?: number }[] | undefined) ?? [];
    if (svc.spec.type === "NodePort") return ports.length;
    if (svc.spec.type !== "LoadBalancer") return 0;
    return svc.spec.allocateLoadBalancerNodePorts === false ? ports.filter((p) => p.nodePort).length : ports.length;
}

/** The served version of each API group whose objects a tier counts (`count/<resource>.<group>`). */
const COUNT_GROUP_VERSIONS: Record<string, string> = { apps: "v1", batch: "v1", "networking.k8s.io": "v1", policy: "v1", autoscaling: "v2" };

/** Computes and writes `status` of every ResourceQuota in `namespace`. */
export async function syncQuotaStatus(admin: KubeClient, namespace: string): Promise<void> {
    const base = `/api/v1/namespaces/${namespace}`;
    const quotas = await items(admin, `${base}/resourcequotas`);
    if (quotas.length === 0) return;
    const allPods = (await items(admin, `${base}/pods`)).filter((p) => p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed");
    let pods = allPods;
    const services = await items(admin, `${base}/services`);
    const claims = await items(admin, `${base}/persistentvolumeclaims`);
    const storage = (list: Item[]) => String(list.reduce((sum, c) => sum + quantityValue(((c.spec.resources as { requests?: { storage?: string } }) ?? {}).requests?.storage ?? "0"), 0));
    const usage = async (key: string): Promise<string> => {
        const classKey = /^(.+)\.storageclass\.storage\.k8s\.io\/(requests\.storage|persistentvolumeclaims)$/.exec(key);
        if (classKey) {
            const ofClass = claims.filter((c) => c.spec.storageClassName === classKey[1]);
            return classKey[2] === "persistentvolumeclaims" ? String(ofClass.length) : storage(ofClass);
        }
        const counted = /^count\/([a-z]+)(?:\.(.+))?$/.exec(key);
        if (counted) {
            const group = counted[2];
            const version = group === undefined ? "" : COUNT_GROUP_VERSIONS[group];
            if (version === undefined) throw new Error(`the quota stand-in does not count ${key}: add its group to COUNT_GROUP_VERSIONS in test/cluster/quotaStatus.ts`);
            const prefix = group === undefined ? "/api/v1" : `/apis/${group}/${version}`;
            return String((await items(admin, `${prefix}/namespaces/${namespace}/${counted[1]}`)).length);
        }
        switch (key) {
            case "pods":
                return String(pods.length);
            case "requests.cpu":
                return sumPods(pods, "requests", "cpu");
            case "limits.cpu":
                return sumPods(pods, "limits", "cpu");
            case "requests.memory":
                return sumPods(pods, "requests", "memory");
            case "limits.memory":
                return sumPods(pods, "limits", "memory");
            case "requests.ephemeral-storage":
                return sumPods(pods, "requests", "ephemeral-storage");
            case "limits.ephemeral-storage":
                return sumPods(pods, "limits", "ephemeral-storage");
            case "requests.storage":
                return storage(claims);
            case "persistentvolumeclaims":
                return String(claims.length);
            case "services":
                return String(services.length);
            case "services.loadbalancers":
                return String(services.filter((s) => s.spec.type === "LoadBalancer").length);
            case "services.nodeports":
                return String(services.reduce((sum, s) => sum + nodePorts(s), 0));
            case "secrets":
                return String((await items(admin, `${base}/secrets`)).length);
            case "configmaps":
                return String((await items(admin, `${base}/configmaps`)).length);
            default:
                throw new Error(`the quota stand-in does not count ${key}: add it to test/cluster/quotaStatus.ts`);
        }
    };
    for (const quota of quotas) {
        pods = allPods.filter((p) => inScope(quota, p));
        const hard = quota.spec.hard as Record<string, string>;
        const used: Record<string, string> = {};
        for (const key of Object.keys(hard)) used[key] = await usage(key);
        expectOk(
            await admin.request("PATCH", `${base}/resourcequotas/${quota.metadata.name}/status`, { status: { hard, used } }, "application/merge-patch+json"),
            `status of ResourceQuota ${namespace}/${quota.metadata.name}`,
        );
    }
}

/** Whether `pod` is in the quota's scope; only the PriorityClass scope the program uses is known. */
function inScope(quota: Item, pod: Item): boolean {
    const expressions = (quota.spec.scopeSelector as { matchExpressions?: { scopeName: string; operator: string; values?: string[] }[] } | undefined)?.matchExpressions ?? [];
    const className = pod.spec.priorityClassName as string | undefined;
    return expressions.every((e) => {
        if (e.scopeName !== "PriorityClass") throw new Error(`the quota stand-in does not know the scope ${e.scopeName}: add it to test/cluster/quotaStatus.ts`);
        if (e.operator === "Exists") return className !== undefined;
        if (e.operator === "DoesNotExist") return className === undefined;
        const listed = className !== undefined && (e.values ?? []).includes(className);
        return e.operator === "In" ? listed : !listed;
    });
}
