/**
 * Reading the stack as CrossGuard hands it to stack policies: each resource with its parent as a
 * resource object. A resource belongs to a tenant when one of its ancestors is a TenantIsolation.
 */
import type { PolicyResource } from "@pulumi/policy";
import { tenantOfNamespace } from "./tenancy";

/** Type token of the TenantIsolation component (components/tenantIsolation.ts; a test keeps them equal). */
export const TENANT_ISOLATION_TYPE = "stoa:tenancy:TenantIsolation";

export interface TenantOwner {
    /** The TenantIsolation component. */
    component: PolicyResource;
    tenantId: string;
    /** Tier and environment when the component carries them (its inputs do; older outputs may not). */
    tier?: string;
    environment?: string;
}

/** The TenantIsolation a resource is (transitively) a child of, or undefined. */
export function owningTenant(resource: PolicyResource): TenantOwner | undefined {
    const seen = new Set<PolicyResource>();
    for (let current = resource.parent; current && !seen.has(current); current = current.parent) {
        seen.add(current);
        if (current.type === TENANT_ISOLATION_TYPE) {
            const props = current.props as { tenantId?: unknown; tier?: unknown; environment?: unknown };
            const tenantId = typeof props.tenantId === "string" ? props.tenantId : undefined;
            if (!tenantId) return undefined;
            return {
                component: current,
                tenantId,
                tier: typeof props.tier === "string" ? props.tier : undefined,
                environment: typeof props.environment === "string" ? props.environment : undefined,
            };
        }
    }
    return undefined;
}

/** `urn:pulumi:prod::stoa-tenancy::…` → `prod`. */
export function stackOfUrn(urn: string): string | undefined {
    return /^urn:pulumi:([^:]+)::/.exec(urn)?.[1];
}

/** Namespace objects of the stack by name (`metadata.name`). */
export function namespacesByName(resources: readonly PolicyResource[]): Map<string, PolicyResource> {
    const byName = new Map<string, PolicyResource>();
    for (const resource of resources) {
        if (resource.type !== "kubernetes:core/v1:Namespace") continue;
        const name = (resource.props as { metadata?: { name?: unknown } }).metadata?.name;
        if (typeof name === "string") byName.set(name, resource);
    }
    return byName;
}

/** Per stack (the array CrossGuard hands over) and tier label: each tenant's tier, found in one pass. */
const tiersCache = new WeakMap<readonly PolicyResource[], Map<string, ReadonlyMap<string, string>>>();

function tiersOfTenants(resources: readonly PolicyResource[], tierLabel: string): ReadonlyMap<string, string> {
    let byLabel = tiersCache.get(resources);
    if (!byLabel) tiersCache.set(resources, (byLabel = new Map()));
    const known = byLabel.get(tierLabel);
    if (known) return known;
    const fromComponents = new Map<string, string>();
    for (const resource of resources) {
        if (resource.type !== TENANT_ISOLATION_TYPE) continue;
        const props = resource.props as { tenantId?: unknown; tier?: unknown };
        if (typeof props.tenantId === "string" && typeof props.tier === "string" && !fromComponents.has(props.tenantId)) fromComponents.set(props.tenantId, props.tier);
    }
    const tiers = new Map<string, string>();
    for (const [name, namespace] of namespacesByName(resources)) {
        const tenantId = tenantOfNamespace(name);
        const tier = (namespace.props as { metadata?: { labels?: Record<string, unknown> } }).metadata?.labels?.[tierLabel];
        if (tenantId !== undefined && typeof tier === "string" && !tiers.has(tenantId)) tiers.set(tenantId, tier);
    }
    // A TenantIsolation's own tier comes before its namespace's label.
    for (const [tenantId, tier] of fromComponents) tiers.set(tenantId, tier);
    byLabel.set(tierLabel, tiers);
    return tiers;
}

/** The tier of a tenant: its TenantIsolation's `tier`, else the tier label of its namespace in the stack. */
export function tierOfTenant(tenantId: string, resources: readonly PolicyResource[], tierLabel: string): string | undefined {
    return tiersOfTenants(resources, tierLabel).get(tenantId);
}
