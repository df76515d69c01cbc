/**
 * The gateway objects of the stack, as the registered adapters describe them (components/gateway/registry.ts):
 * the pack's gateway policies read only these descriptors, so a new adapter is checked as soon as it is
 * registered, and names no gateway product here.
 */
import type { PolicyResource } from "@pulumi/policy";
import type { GatewayPackDescriptor, GatewayReference } from "../../components/gateway/adapter";
import { GATEWAY_ADAPTERS } from "../../components/gateway/registry";
import { LABEL_TENANT_ID } from "../../components/model/labels";
import { kubernetesType, labelsOf, nameOf, namespaceOf } from "./kubernetes";
import { owningTenant } from "./stack";
import { tenantOfNamespace } from "./tenancy";

function merged<K extends "rateLimits" | "quotas" | "references" | "claimedTenants">(key: K): GatewayPackDescriptor[K] {
    return Object.assign({}, ...GATEWAY_ADAPTERS.map((adapter) => adapter.pack[key])) as GatewayPackDescriptor[K];
}

/** Every registered adapter's readers, by Pulumi type. */
export const GATEWAY_RATE_LIMITS = merged("rateLimits");
export const GATEWAY_QUOTAS = merged("quotas");
export const GATEWAY_REFERENCES = merged("references");
export const GATEWAY_CLAIMS = merged("claimedTenants");
/** API groups of every registered adapter, which no tenant Role may write. */
export const GATEWAY_PROTECTED_RESOURCES: readonly string[] = GATEWAY_ADAPTERS.flatMap((adapter) => adapter.pack.protectedResources);

/** The tenant of a resource: its TenantIsolation, else its namespace, else its tenant label. */
export function tenantOfResource(resource: PolicyResource): string | undefined {
    return owningTenant(resource)?.tenantId ?? tenantOfNamespace(namespaceOf(resource.props)) ?? labelsOf(resource.props)[LABEL_TENANT_ID];
}

/** `<Kind> <name>` of a Kubernetes object, for messages. */
export function describeObject(resource: PolicyResource): string {
    return `${kubernetesType(resource.type)?.kind ?? resource.type} ${nameOf(resource.props, resource.name)}`;
}

/** Kubernetes objects by namespace, kind and name, and cert-manager Certificates by namespace and Secret name, with their place in the stack. */
interface ObjectIndex {
    byName: Map<string, number[]>;
    certificatesBySecret: Map<string, number[]>;
}

const indexes = new WeakMap<readonly PolicyResource[], ObjectIndex>();
const key = (...parts: unknown[]) => JSON.stringify(parts);

/** Built once per list of resources: looking references up one by one in the whole list grew with tenants × resources. */
function objectIndex(resources: readonly PolicyResource[]): ObjectIndex {
    let index = indexes.get(resources);
    if (index) return index;
    index = { byName: new Map(), certificatesBySecret: new Map() };
    const add = (map: Map<string, number[]>, k: string, i: number) => (map.get(k) ?? map.set(k, []).get(k)!).push(i);
    resources.forEach((candidate, i) => {
        const type = kubernetesType(candidate.type);
        if (!type) return;
        const namespace = namespaceOf(candidate.props);
        add(index!.byName, key(namespace, type.kind, nameOf(candidate.props, candidate.name)), i);
        if (type.kind !== "Certificate" || !type.apiVersion.startsWith("cert-manager.io/")) return;
        const secretName = (candidate.props as { spec?: { secretName?: unknown } }).spec?.secretName;
        if (typeof secretName === "string") add(index!.certificatesBySecret, key(namespace, secretName), i);
    });
    indexes.set(resources, index);
    return index;
}

/**
 * The stack objects a reference points at: the Kubernetes object of that kind, name and namespace; for a
 * Secret, also the cert-manager Certificate that writes it (the Secret itself is not in the stack). In
 * the order of the stack.
 */
export function referencedObjects(reference: GatewayReference, from: PolicyResource, resources: readonly PolicyResource[]): PolicyResource[] {
    const namespace = reference.namespace ?? namespaceOf(from.props);
    const index = objectIndex(resources);
    const found = [
        ...(index.byName.get(key(namespace, reference.kind, reference.name)) ?? []),
        ...(reference.kind === "Secret" ? (index.certificatesBySecret.get(key(namespace, reference.name)) ?? []) : []),
    ];
    return [...new Set(found)].sort((a, b) => a - b).map((i) => resources[i]);
}

/** The tenant of a gateway object: its own, else that of an object of the stack that references it (a consumer using a plugin). */
export function gatewayObjectTenant(resource: PolicyResource, resources: readonly PolicyResource[]): string | undefined {
    const direct = tenantOfResource(resource);
    if (direct) return direct;
    for (const referrer of resources) {
        const read = GATEWAY_REFERENCES[referrer.type];
        if (!read) continue;
        const pointsHere = read(referrer.props as Record<string, unknown>).some((reference) => referencedObjects(reference, referrer, resources).includes(resource));
        const tenant = pointsHere ? tenantOfResource(referrer) : undefined;
        if (tenant) return tenant;
    }
    return undefined;
}
