/** The tenant namespace: platform-owned labels (tenant, tier, status, Pod Security) and data protection. */
import * as k8s from "@pulumi/kubernetes";
import type { LayerContext } from "../context";
import {
    ANNOTATION_RETAIN_UNTIL,
    LABEL_MANAGED_BY,
    LABEL_STATUS,
    LABEL_TENANT_ID,
    LABEL_TIER,
    MANAGED_BY,
    POD_SECURITY_LEVEL,
    POD_SECURITY_VERSION,
    type ResolvedTenant,
} from "../model";

const POD_SECURITY_MODES = ["enforce", "audit", "warn"] as const;

/** Pod Security Admission labels: `restricted` in every mode, each pinned to POD_SECURITY_VERSION. */
export function podSecurityLabels(): Record<string, string> {
    const labels: Record<string, string> = {};
    for (const mode of POD_SECURITY_MODES) {
        labels[`pod-security.kubernetes.io/${mode}`] = POD_SECURITY_LEVEL;
        labels[`pod-security.kubernetes.io/${mode}-version`] = POD_SECURITY_VERSION;
    }
    return labels;
}

/** Labels every per-tenant object carries, so that policies and dashboards can find the tenant. */
export function tenantLabels(tenant: Pick<ResolvedTenant, "id" | "tierName" | "status">): Record<string, string> {
    return {
        [LABEL_TENANT_ID]: tenant.id,
        [LABEL_TIER]: tenant.tierName,
        [LABEL_STATUS]: tenant.status,
        [LABEL_MANAGED_BY]: MANAGED_BY,
    };
}

/**
 * The namespace's labels. Built only from the platform's own keys and the validated tenant (a tenant
 * file has no labels field), so nothing a tenant writes can weaken Pod Security or forge an identity.
 */
export function namespaceLabels(tenant: Pick<ResolvedTenant, "id" | "tierName" | "status">): Record<string, string> {
    return { ...tenantLabels(tenant), ...podSecurityLabels() };
}

/** Annotations: an archived tenant's namespace says until when it must be kept. */
export function namespaceAnnotations(tenant: Pick<ResolvedTenant, "status" | "retainUntil">): Record<string, string> {
    if (tenant.status !== "archived" || !tenant.retainUntil) return {};
    return { [ANNOTATION_RETAIN_UNTIL]: tenant.retainUntil };
}

export function createNamespace(ctx: LayerContext): k8s.core.v1.Namespace {
    return new k8s.core.v1.Namespace(
        ctx.name("namespace"),
        {
            metadata: {
                name: ctx.tenant.names.namespace,
                labels: namespaceLabels(ctx.tenant),
                annotations: namespaceAnnotations(ctx.tenant),
            },
        },
        // Holds the tenant's data: protected while live, never deleted by Pulumi.
        ctx.dataOpts,
    );
}
