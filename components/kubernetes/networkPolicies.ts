/**
 * NetworkPolicies of the tenant namespace: deny everything, then allow the namespace itself, the
 * platform's pods tenants need (by label and port, `stoa-tenancy:platformEgress`) and DNS. Namespaces are selected only by `kubernetes.io/metadata.name`, which
 * the API server sets and no one can forge; never by a label a tenant could set, never with an empty
 * `namespaceSelector` (which would match every namespace), never with an ipBlock.
 */
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { LayerContext } from "../context";
import { DEFAULT_PLATFORM_EGRESS, LABEL_NAMESPACE_NAME, type StackConfig } from "../model";
import { tenantLabels } from "./namespace";

/** Where cluster DNS runs and how its pods are labelled (kubeadm, EKS, GKE and AKS all use these). */
export const DNS_NAMESPACE = "kube-system";
export const DNS_POD_LABELS: Readonly<Record<string, string>> = { "k8s-app": "kube-dns" };

type Peer = { namespaceSelector?: { matchLabels: Record<string, string> }; podSelector?: { matchLabels?: Record<string, string> } };
type Port = { protocol: "UDP" | "TCP"; port: number };

export interface NetworkPolicySpec {
    podSelector: Record<string, never>;
    policyTypes: ("Ingress" | "Egress")[];
    ingress?: { from: Peer[]; ports?: Port[] }[];
    egress?: { to: Peer[]; ports?: Port[] }[];
}

export interface NamedNetworkPolicy {
    /** Suffix of the Pulumi name; stable. */
    key: string;
    /** metadata.name in the tenant namespace. */
    name: string;
    spec: NetworkPolicySpec;
    /**
     * Left in the cluster when the tenant leaves the program (only the default deny): the namespace is
     * retained, and must stay fenced off once an archived tenant's file is removed.
     */
    retainOnDelete?: true;
}

const namespaceNamed = (name: string): Peer => ({ namespaceSelector: { matchLabels: { [LABEL_NAMESPACE_NAME]: name } } });

/**
 * The tenant namespace's policies; pure, so each can be checked field by field. Egress into the
 * platform namespace names the pods (labels) and ports of each `platformEgress` entry: the rest of
 * that namespace (the rate limiter's Redis, OPA, operators) stays closed to tenant pods.
 */
export function networkPolicySpecs(platformNamespace: string, platformEgress: StackConfig["platformEgress"] = DEFAULT_PLATFORM_EGRESS): NamedNetworkPolicy[] {
    const allPods = {} as Record<string, never>;
    return [
        {
            key: "netpol-default-deny",
            name: "stoa-default-deny",
            // Selects every pod for both directions and allows nothing: the baseline the others open.
            spec: { podSelector: allPods, policyTypes: ["Ingress", "Egress"] },
            retainOnDelete: true,
        },
        {
            key: "netpol-same-namespace",
            name: "stoa-allow-same-namespace",
            // A podSelector peer without namespaceSelector means "pods of this namespace".
            spec: {
                podSelector: allPods,
                policyTypes: ["Ingress", "Egress"],
                ingress: [{ from: [{ podSelector: {} }] }],
                egress: [{ to: [{ podSelector: {} }] }],
            },
        },
        {
            key: "netpol-platform",
            name: "stoa-allow-platform",
            // The gateway and control plane reach tenant services; tenant pods reach only the platform pods and ports they need.
            spec: {
                podSelector: allPods,
                policyTypes: ["Ingress", "Egress"],
                ingress: [{ from: [namespaceNamed(platformNamespace)] }],
                egress: platformEgress.map((entry) => ({
                    to: [{ ...namespaceNamed(platformNamespace), podSelector: { matchLabels: { ...entry.podLabels } } }],
                    ports: entry.ports.map((p) => ({ protocol: p.protocol, port: p.port })),
                })),
            },
        },
        {
            key: "netpol-dns",
            name: "stoa-allow-dns",
            // Both protocols: large answers and DNSSEC fall back to TCP.
            spec: {
                podSelector: allPods,
                policyTypes: ["Egress"],
                egress: [
                    {
                        to: [{ ...namespaceNamed(DNS_NAMESPACE), podSelector: { matchLabels: { ...DNS_POD_LABELS } } }],
                        ports: [
                            { protocol: "UDP", port: 53 },
                            { protocol: "TCP", port: 53 },
                        ],
                    },
                ],
            },
        },
    ];
}

export function createNetworkPolicies(ctx: LayerContext, namespace: pulumi.Input<string>): k8s.networking.v1.NetworkPolicy[] {
    const labels = tenantLabels(ctx.tenant);
    return networkPolicySpecs(ctx.stack.platformNamespace, ctx.stack.platformEgress).map(
        (policy) =>
            new k8s.networking.v1.NetworkPolicy(
                ctx.name(policy.key),
                { metadata: { name: policy.name, namespace, labels }, spec: policy.spec },
                policy.retainOnDelete ? { ...ctx.opts, retainOnDelete: true } : ctx.opts,
            ),
    );
}
