/**
 * Kubernetes objects as @pulumi/kubernetes registers them: type `kubernetes:<group>/<version>:<Kind>`
 * (`core/v1` for the core group; CustomResource uses its apiVersion, e.g. `cert-manager.io/v1`),
 * inputs `{ apiVersion, kind, metadata, spec, … }`. Pure helpers, no Pulumi resources (the gateway adapters' kinds come from their registry).
 */
import { GATEWAY_ADAPTERS } from "../../components/gateway/registry";

export interface KubernetesObject {
    metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
    [key: string]: unknown;
}

export interface KubernetesType {
    /** `v1`, `apps/v1`, `networking.k8s.io/v1`, `cert-manager.io/v1`. */
    apiVersion: string;
    kind: string;
}

/** The apiVersion and kind of a `kubernetes:` type token; undefined for other tokens and for providers. */
export function kubernetesType(type: string): KubernetesType | undefined {
    const match = /^kubernetes:([^:]+):([A-Za-z0-9]+)$/.exec(type);
    if (!match) return undefined;
    const [, groupVersion, kind] = match;
    if (groupVersion === "helm.sh/v3" || groupVersion === "helm.sh/v4" || groupVersion.startsWith("yaml") || groupVersion.startsWith("kustomize")) return undefined;
    return { apiVersion: groupVersion.startsWith("core/") ? groupVersion.slice("core/".length) : groupVersion, kind };
}

/**
 * Kinds that are not namespaced (built-in, plus the cluster-scoped custom resources this platform
 * uses). Anything else is treated as namespaced: a namespaced object without `metadata.namespace`
 * lands in the provider's default namespace, which is never a tenant's.
 */
export const CLUSTER_SCOPED_KINDS: readonly string[] = [
    "Namespace",
    "Node",
    "PersistentVolume",
    "StorageClass",
    "CSIDriver",
    "CSINode",
    "VolumeAttachment",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "APIService",
    "PriorityClass",
    "RuntimeClass",
    "IngressClass",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "MutatingAdmissionPolicy",
    "MutatingAdmissionPolicyBinding",
    "FlowSchema",
    "PriorityLevelConfiguration",
    "CertificateSigningRequest",
    "ClusterIssuer",
    "ClusterPolicy",
    // The registered gateway adapters' own cluster-scoped kinds.
    ...GATEWAY_ADAPTERS.flatMap((adapter) => adapter.pack.clusterScopedKinds),
];

/** True for namespaced kinds, including the `…Patch` and `…List` variants of the provider. */
export function isNamespacedKind(kind: string): boolean {
    const base = kind.replace(/(Patch|List)$/, "");
    return !CLUSTER_SCOPED_KINDS.includes(base);
}

/** `metadata.namespace`, or undefined. */
export function namespaceOf(props: unknown): string | undefined {
    const namespace = (props as KubernetesObject | undefined)?.metadata?.namespace;
    return typeof namespace === "string" ? namespace : undefined;
}

/** `metadata.name`, or the fallback (Pulumi auto-names objects without one). */
export function nameOf(props: unknown, fallback: string): string {
    const name = (props as KubernetesObject | undefined)?.metadata?.name;
    return typeof name === "string" ? name : fallback;
}

/** `metadata.labels`, never undefined. */
export function labelsOf(props: unknown): Record<string, string> {
    return (props as KubernetesObject | undefined)?.metadata?.labels ?? {};
}
