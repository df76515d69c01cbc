/**
 * Kubernetes layers of one tenant: namespace, ResourceQuota + LimitRange, NetworkPolicies, RBAC, the
 * OPA tenant context and the Velero backup schedule. One file per concern; docs/kubernetes.md.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { LayerContext } from "../context";
import type { TenantGroup } from "../model";
import { createBackupSchedule, createFinalBackup } from "./backupSchedule";
import { createNamespace } from "./namespace";
import { createNetworkPolicies } from "./networkPolicies";
import { createOpaContext } from "./opaContext";
import { createQuota } from "./quota";
import { createRbac } from "./rbac";

export interface KubernetesLayer {
    namespace: k8s.core.v1.Namespace;
    /** The namespace's name, known once the namespace exists: use it for every object inside. */
    namespaceName: pulumi.Output<string>;
    resourceQuota: k8s.core.v1.ResourceQuota;
    limitRange: k8s.core.v1.LimitRange;
    /** Refuses pods naming a PriorityClass outside the tier's list. */
    priorityQuota: k8s.core.v1.ResourceQuota;
    networkPolicies: k8s.networking.v1.NetworkPolicy[];
    /** Only the groups that have any access (none when archived). */
    roleBindings: Partial<Record<TenantGroup, k8s.rbac.v1.RoleBinding>>;
    opaContext: k8s.core.v1.ConfigMap;
    backupSchedule: k8s.apiextensions.CustomResource;
    /** Archived tenants only: the one backup kept for the archive retention. */
    finalBackup?: k8s.apiextensions.CustomResource;
}

export function createKubernetesLayer(ctx: LayerContext): KubernetesLayer {
    const namespace = createNamespace(ctx);
    // Every namespaced object takes the name from the resource, so it is created after the namespace.
    const namespaceName = namespace.metadata.name;
    const { resourceQuota, limitRange, priorityQuota } = createQuota(ctx, namespaceName);
    const networkPolicies = createNetworkPolicies(ctx, namespaceName);
    const roleBindings: KubernetesLayer["roleBindings"] = {};
    for (const { group, roleBinding } of createRbac(ctx, namespaceName)) roleBindings[group] = roleBinding;
    return {
        namespace,
        namespaceName,
        resourceQuota,
        limitRange,
        priorityQuota,
        networkPolicies,
        roleBindings,
        opaContext: createOpaContext(ctx),
        backupSchedule: createBackupSchedule(ctx),
        finalBackup: createFinalBackup(ctx),
    };
}
