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

/**
 * The stack objects a reference points at: the Kubernetes object of that kind, name and namespace; for a
 * Secret, also the cert-manager Certificate that writes it (the Secret itself is not in the stack).
 */
export function referencedObjects(reference: GatewayReference, from: PolicyResource, resources: readonly PolicyResource[]): PolicyResource[] {
    const namespace = reference.namespace ?? namespaceOf(from.props);
    return resources.filter((candidate) => {
        const type = kubernetesType(candidate.type);
        if (!type || namespaceOf(candidate.props) !== namespace) return false;
        if (type.kind === reference.kind && nameOf(candidate.props, candidate.name) === reference.name) return true;
        const secretName = (candidate.props as { spec?: { secretName?: unknown } }).spec?.secretName;
        return reference.kind === "Secret" && type.kind === "Certificate" && type.apiVersion.startsWith("cert-manager.io/") && secretName === reference.name;
    });
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
