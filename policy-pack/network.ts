/**
 * NetworkPolicies in tenant namespaces: a peer may name the tenant's own namespace and the platform's,
 * by the one label no one can forge (`kubernetes.io/metadata.name`), and never the whole internet
 * nor, by address, the cluster's own pods.
 */
import * as k8s from "@pulumi/kubernetes";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { LABEL_NAMESPACE_NAME, LABEL_TENANT_ID } from "../components/model/labels";
import { cidrContains, cidrIntersection, parseCidr } from "./lib/cidr";
import { tenantOfNamespace } from "./lib/tenancy";
import { inTenantNamespace } from "./lib/tenantNamespace";

interface LabelSelector {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

interface Peer {
    namespaceSelector?: LabelSelector;
    podSelector?: LabelSelector;
    ipBlock?: { cidr: string; except?: string[] };
}

interface NetworkPolicySpec {
    ingress?: { from?: Peer[] }[];
    egress?: { to?: Peer[]; ports?: unknown[] }[];
}

/** Every peer of a NetworkPolicy, with where it appears (`ingress[0].from[1]`), for messages. */
export function peersOf(spec: NetworkPolicySpec | undefined): { where: string; peer: Peer }[] {
    const peers: { where: string; peer: Peer }[] = [];
    (spec?.ingress ?? []).forEach((rule, i) => (rule.from ?? []).forEach((peer, j) => peers.push({ where: `ingress[${i}].from[${j}]`, peer })));
    (spec?.egress ?? []).forEach((rule, i) => (rule.to ?? []).forEach((peer, j) => peers.push({ where: `egress[${i}].to[${j}]`, peer })));
    return peers;
}

/** The namespaces a selector names by `kubernetes.io/metadata.name` or the tenant label (values, not sets). */
export function namedNamespaces(selector: LabelSelector): { namespaces: string[]; tenants: string[] } {
    const namespaces: string[] = [];
    const tenants: string[] = [];
    const byKey = (key: string) => [
        ...(selector.matchLabels?.[key] !== undefined ? [selector.matchLabels[key]] : []),
        ...(selector.matchExpressions ?? []).filter((e) => e.key === key && e.operator === "In").flatMap((e) => e.values ?? []),
    ];
    namespaces.push(...byKey(LABEL_NAMESPACE_NAME));
    tenants.push(...byKey(LABEL_TENANT_ID));
    return { namespaces, tenants };
}

/** True when a CIDR covers every address (`0.0.0.0/0`, `::/0`, or any other /0). */
export function isOpenCidr(cidr: string): boolean {
    return /\/0+$/.test(cidr.trim());
}

/** Runs `check` for every NetworkPolicy in a tenant namespace, with its spec and the tenant id. */
function forNetworkPolicies<TConfig extends object = Record<string, never>>(
    check: (ctx: { tenantId: string; name: string; spec: NetworkPolicySpec; report: (message: string) => void; config: TConfig }) => void,
    configSchema?: ResourceValidationPolicy["configSchema"],
): ResourceValidationPolicy["validateResource"] {
    return inTenantNamespace<k8s.networking.v1.NetworkPolicy, k8s.networking.v1.NetworkPolicyArgs | undefined, TConfig>(
        k8s.networking.v1.NetworkPolicy,
        "NetworkPolicy",
        ({ object, tenantId, label, config, report }) => check({ tenantId, name: label, spec: (object.spec ?? {}) as NetworkPolicySpec, report, config }),
        configSchema,
    );
}

export const networkPolicyNoCrossTenantPeers: ResourceValidationPolicy = {
    name: "network-policy-no-cross-tenant-peers",
    description: "Checks that no NetworkPolicy in a tenant namespace admits or reaches another tenant's namespace.",
    enforcementLevel: "mandatory",
    validateResource: forNetworkPolicies(({ tenantId, name, spec, report }) => {
        for (const { where, peer } of peersOf(spec)) {
            if (!peer.namespaceSelector) continue;
            const { namespaces, tenants } = namedNamespaces(peer.namespaceSelector);
            const others = [
                ...namespaces.filter((ns) => tenantOfNamespace(ns) !== undefined && tenantOfNamespace(ns) !== tenantId),
                ...tenants.filter((id) => id !== tenantId).map((id) => `${LABEL_TENANT_ID}=${id}`),
            ];
            for (const other of others) report(`${name} must not select another tenant's namespace (${other} at ${where}).`);
        }
    }),
};

const trustedSelectorSchema: NonNullable<ResourceValidationPolicy["configSchema"]> = {
    properties: {
        trustedNamespaceLabels: {
            type: "array",
            items: { type: "string" },
            default: [LABEL_NAMESPACE_NAME],
            description: "Namespace labels a namespaceSelector may use: labels no tenant can set on a namespace.",
        },
    },
};

export const networkPolicyTrustedNamespaceSelectors: ResourceValidationPolicy = {
    name: "network-policy-trusted-namespace-selectors",
    description: "Checks that every namespaceSelector in a tenant namespace names namespaces by a label no tenant can set, never by an empty or open selector.",
    enforcementLevel: "mandatory",
    configSchema: trustedSelectorSchema,
    validateResource: forNetworkPolicies<{ trustedNamespaceLabels: string[] }>(({ name, spec, report, config }) => {
        const trusted = config.trustedNamespaceLabels;
        for (const { where, peer } of peersOf(spec)) {
            const selector = peer.namespaceSelector;
            if (!selector) continue;
            const labels = Object.keys(selector.matchLabels ?? {});
            const expressions = selector.matchExpressions ?? [];
            if (labels.length === 0 && expressions.length === 0) {
                report(`${name} must not use an empty namespaceSelector (${where} selects every namespace).`);
                continue;
            }
            for (const key of [...labels, ...expressions.map((e) => e.key)]) {
                if (!trusted.includes(key)) report(`${name} must select namespaces by ${trusted.join(" or ")}, not by ${key} (${where}).`);
            }
            for (const expression of expressions) {
                if (expression.operator !== "In") {
                    report(`${name} must name namespaces with operator In, not ${expression.operator} (${where}).`);
                }
            }
        }
    }, trustedSelectorSchema),
};

/**
 * Why an ipBlock reaches the cluster's own pods or services, or undefined when it does not: a range
 * that overlaps a cluster range must list that overlap (or more) in `except`. Pod addresses are
 * reachable by ipBlock under common CNIs (Calico among them), so such a block would bypass the
 * namespace rules and reach other tenants' pods.
 */
export function clusterRangeProblem(block: { cidr: string; except?: string[] }, clusterCidrs: readonly string[]): string | undefined {
    const range = parseCidr(block.cidr);
    if (!range) return `${block.cidr} is not a CIDR range`;
    const excepted = (block.except ?? []).map(parseCidr).filter((c) => c !== undefined);
    for (const text of clusterCidrs) {
        const cluster = parseCidr(text);
        const shared = cluster && cidrIntersection(range, cluster);
        if (shared && !excepted.some((e) => cidrContains(e, shared))) {
            return `${block.cidr} overlaps the cluster's range ${text}; name pods with a namespaceSelector, or except that range`;
        }
    }
    return undefined;
}

const openCidrSchema: NonNullable<ResourceValidationPolicy["configSchema"]> = {
    properties: {
        clusterCidrs: {
            type: "array",
            items: { type: "string" },
            // Every private range: pod and service CIDRs are drawn from these. Narrow it to the cluster's own.
            default: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"],
            description: "The cluster's pod and service address ranges (default: every private range); an ipBlock may not overlap them unless it excepts the overlap.",
        },
    },
};

export const networkPolicyNoOpenCidr: ResourceValidationPolicy = {
    name: "network-policy-no-open-cidr",
    description: "Checks that no NetworkPolicy in a tenant namespace opens ingress or egress to every address (0.0.0.0/0 or ::/0) or to the cluster's own pod and service ranges.",
    enforcementLevel: "mandatory",
    configSchema: openCidrSchema,
    validateResource: forNetworkPolicies<{ clusterCidrs: string[] }>(({ name, spec, report, config }) => {
        for (const { where, peer } of peersOf(spec)) {
            if (!peer.ipBlock) continue;
            if (isOpenCidr(peer.ipBlock.cidr)) {
                report(`${name} must not open ${where} to ${peer.ipBlock.cidr}.`);
                continue;
            }
            const problem = clusterRangeProblem(peer.ipBlock, config.clusterCidrs);
            if (problem) report(`${name} must not open ${where} to ${problem}.`);
        }
    }, openCidrSchema),
};

const platformEgressSchema: NonNullable<ResourceValidationPolicy["configSchema"]> = {
    properties: {
        platformNamespaces: {
            type: "array",
            items: { type: "string" },
            default: ["stoa-system"],
            description: "Namespaces of shared platform services: tenant egress into them must name pods and ports.",
        },
    },
};

/** Whether a selector names pods at all (an empty podSelector, or none, selects every pod). */
const namesPods = (selector: LabelSelector | undefined) => Object.keys(selector?.matchLabels ?? {}).length + (selector?.matchExpressions?.length ?? 0) > 0;

export const networkPolicyPlatformEgressNamed: ResourceValidationPolicy = {
    name: "network-policy-platform-egress-named",
    description:
        "Checks that egress from a tenant namespace into a platform namespace names the pods (a podSelector with labels) and the ports it reaches, never the whole namespace with its shared Redis.",
    enforcementLevel: "mandatory",
    configSchema: platformEgressSchema,
    validateResource: forNetworkPolicies<{ platformNamespaces: string[] }>(({ name, spec, report, config }) => {
        (spec.egress ?? []).forEach((rule, i) => {
            (rule.to ?? []).forEach((peer, j) => {
                if (!peer.namespaceSelector) return;
                const platform = namedNamespaces(peer.namespaceSelector).namespaces.filter((ns) => config.platformNamespaces.includes(ns));
                if (platform.length === 0) return;
                if (!namesPods(peer.podSelector)) report(`${name} must name the pods it reaches in ${platform.join(", ")} with a podSelector (egress[${i}].to[${j}] opens every pod there).`);
                if ((rule.ports ?? []).length === 0) report(`${name} must name the ports it reaches in ${platform.join(", ")} (egress[${i}] opens every port).`);
            });
        });
    }, platformEgressSchema),
};
