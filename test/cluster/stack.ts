/**
 * The program's Kubernetes objects for a stack, as the Pulumi Kubernetes provider sends them: run the
 * real program under the mocks (scripts/offline), take every registered `kubernetes:*` resource, and
 * apply it with server-side apply (apiVersion and kind from the type token, the provider's field
 * manager, strict field validation so an unknown field fails instead of being dropped).
 */
import { SAMPLE_TENANTS_DIR, runStack } from "../kubernetes/helpers";
import { SECRET_PLACEHOLDER, type OfflineRun, type RecordedResource } from "../../scripts/offline/runtime";
import { APPLY_PATCH, expectOk, type Answer, type KubeClient } from "./client";
import { syncQuotaStatus } from "./quotaStatus";

export const STACKS = ["dev", "staging", "prod"] as const;
export type StackName = (typeof STACKS)[number];
/**
 * The provider's server-side apply field manager: `pulumi-kubernetes-<suffix>`, the suffix random
 * when the resource is created and kept in its state. One fixed suffix here, so that every file of
 * the suite is the same "deployment". Like the provider (without `pulumi.com/patchForce`), no force:
 * a field another manager owns is a conflict, not overwritten.
 */
export const FIELD_MANAGER = "pulumi-kubernetes-5f3a0c1e";

export interface Manifest {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string; [key: string]: unknown };
    [field: string]: unknown;
}

export interface StackObjects {
    stack: StackName;
    run: OfflineRun;
    manifests: Manifest[];
}

/** `kubernetes:core/v1:Namespace` → apiVersion `v1`, kind `Namespace`; `kubernetes:apps/v1:X` → `apps/v1`. */
export function typeToken(type: string): { apiVersion: string; kind: string } {
    const match = /^kubernetes:([^:]+):([A-Za-z]+)$/.exec(type);
    if (!match) throw new Error(`not a Kubernetes resource type: ${type}`);
    const groupVersion = match[1]!.startsWith("core/") ? match[1]!.slice("core/".length) : match[1]!;
    return { apiVersion: groupVersion, kind: match[2]! };
}

/**
 * The object as the provider would send it. A secret the offline run cannot know stays a visible
 * placeholder: `stringData: "[secret]"` (a whole map held in a secret Output) becomes one key.
 */
export function toManifest(resource: RecordedResource): Manifest {
    const { apiVersion, kind } = typeToken(resource.type);
    const manifest = { ...structuredClone(resource.inputs), apiVersion, kind } as Manifest;
    for (const field of ["stringData", "data"]) {
        if (manifest[field] === SECRET_PLACEHOLDER) manifest[field] = { redacted: field === "data" ? Buffer.from(SECRET_PLACEHOLDER).toString("base64") : SECRET_PLACEHOLDER };
    }
    if (!manifest.metadata?.name) throw new Error(`${resource.urn}: no metadata.name`);
    return manifest;
}

/** Every Kubernetes object the program registers on `stack` with the sample tenants, namespaces first. */
export async function stackObjects(stack: StackName, keycloakUrl: string): Promise<StackObjects> {
    const run = await runStack(stack, SAMPLE_TENANTS_DIR, { keycloakUrl });
    const kube = run.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
    const manifests = kube.map(toManifest);
    const rank = (m: Manifest) => (m.kind === "Namespace" ? 0 : 1);
    return { stack, run, manifests: manifests.map((m, i) => ({ m, i })).sort((a, b) => rank(a.m) - rank(b.m) || a.i - b.i).map(({ m }) => m) };
}

interface ApiResource {
    name: string;
    namespaced: boolean;
    kind: string;
}

const discovery = new Map<string, ApiResource[]>();

/** REST path of `manifest` (collection path when `name` is false), from the server's discovery. */
export async function objectPath(client: KubeClient, manifest: Pick<Manifest, "apiVersion" | "kind" | "metadata">, name = true): Promise<string> {
    const base = manifest.apiVersion.includes("/") ? `/apis/${manifest.apiVersion}` : `/api/${manifest.apiVersion}`;
    let resources = discovery.get(base);
    if (!resources) {
        const answer = expectOk(await client.get(base), `discovery of ${manifest.apiVersion}`);
        resources = answer.body.resources as ApiResource[];
        discovery.set(base, resources);
    }
    const resource = resources.find((r) => r.kind === manifest.kind && !r.name.includes("/"));
    if (!resource) throw new Error(`the server does not serve ${manifest.apiVersion} ${manifest.kind}`);
    const ns = resource.namespaced ? `/namespaces/${manifest.metadata.namespace ?? "default"}` : "";
    return `${base}${ns}/${resource.name}${name ? `/${manifest.metadata.name}` : ""}`;
}

/** Server-side apply of one object as the provider does it. */
export async function apply(client: KubeClient, manifest: Manifest, fieldManager = FIELD_MANAGER): Promise<Answer> {
    const path = await objectPath(client, manifest);
    return client.request("PATCH", `${path}?fieldManager=${fieldManager}&fieldValidation=Strict`, manifest, APPLY_PATCH);
}

/** Applies every manifest, failing on the first refusal with the object and the server's message. */
export async function applyAll(client: KubeClient, manifests: readonly Manifest[]): Promise<Answer[]> {
    const answers: Answer[] = [];
    for (const manifest of manifests) {
        const where = `${manifest.kind} ${manifest.metadata.namespace ? `${manifest.metadata.namespace}/` : ""}${manifest.metadata.name}`;
        answers.push(expectOk(await apply(client, manifest), `server-side apply of ${where}`));
    }
    return answers;
}

/**
 * Applies `stack` and does what the controller manager (not running here) would: gives every tenant
 * namespace its `default` ServiceAccount, so that pods can be admitted, and fills in the quotas' status.
 */
export async function ensureStack(client: KubeClient, objects: StackObjects): Promise<void> {
    await applyAll(client, objects.manifests);
    for (const ns of objects.manifests.filter((m) => m.kind === "Namespace")) {
        const answer = await client.post(`/api/v1/namespaces/${ns.metadata.name}/serviceaccounts`, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default" } });
        if (answer.status !== 201 && answer.status !== 409) expectOk(answer, `default ServiceAccount in ${ns.metadata.name}`);
        await syncQuotaStatus(client, ns.metadata.name);
    }
}
