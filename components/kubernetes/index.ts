/** Kubernetes layers of one tenant (namespace, quota, network, RBAC, OPA context, backups). */
import type * as k8s from "@pulumi/kubernetes";
import type { LayerContext } from "../context";

export interface KubernetesLayer {
    namespace?: k8s.core.v1.Namespace;
}

// TODO(issue 3): namespace, ResourceQuota + LimitRange, NetworkPolicies, RBAC, OPA context, Velero Schedule.
export function createKubernetesLayer(_ctx: LayerContext): KubernetesLayer {
    return {};
}
