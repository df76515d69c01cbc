/**
 * Roles and RoleBindings of the tenant namespace. The permission of each tenant group comes from the
 * access plan (status × environment); the rules are the project's own namespaced Roles, never the
 * cluster's `admin`/`edit` ClusterRoles (those can edit RoleBindings and more). No rule names RBAC
 * objects, namespaces, quotas or NetworkPolicies for writing, uses `*`, or grants bind, escalate
 * or impersonate.
 */
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { LayerContext } from "../context";
import { TENANT_GROUPS, type AccessPlan, type Permission, type TenantGroup } from "../model";
import { tenantLabels } from "./namespace";

export interface PolicyRule {
    apiGroups: string[];
    resources: string[];
    verbs: string[];
}

/** On each Role and RoleBinding: the permission it grants (write or read), for operators. */
export const LABEL_PERMISSION = "stoa.io/permission";

export const READ_VERBS = ["get", "list", "watch"];
export const WRITE_VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];

/** What every tenant role may read: the namespace's objects except Secrets, plus its own guard rails. */
const READABLE: readonly PolicyRule[] = [
    {
        apiGroups: [""],
        resources: ["pods", "pods/log", "services", "endpoints", "configmaps", "persistentvolumeclaims", "serviceaccounts", "events", "resourcequotas", "limitranges"],
        verbs: READ_VERBS,
    },
    { apiGroups: ["apps"], resources: ["deployments", "replicasets", "statefulsets", "daemonsets"], verbs: READ_VERBS },
    { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: READ_VERBS },
    { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: READ_VERBS },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: READ_VERBS },
    { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "networkpolicies"], verbs: READ_VERBS },
    { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: READ_VERBS },
    { apiGroups: ["events.k8s.io"], resources: ["events"], verbs: READ_VERBS },
];

/** devops deploys and promotes: workloads, services, config maps, ingresses, jobs. No Secrets. */
const DEVOPS_WRITABLE: readonly PolicyRule[] = [
    { apiGroups: [""], resources: ["services", "configmaps"], verbs: WRITE_VERBS },
    { apiGroups: ["apps"], resources: ["deployments", "deployments/scale", "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale"], verbs: WRITE_VERBS },
    { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: WRITE_VERBS },
    { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: WRITE_VERBS },
    { apiGroups: ["networking.k8s.io"], resources: ["ingresses"], verbs: WRITE_VERBS },
];

/** tenant-admin: everything devops has, plus pods, Secrets, volumes, service accounts and debugging. */
const ADMIN_WRITABLE: readonly PolicyRule[] = [
    ...DEVOPS_WRITABLE,
    { apiGroups: [""], resources: ["pods", "secrets", "persistentvolumeclaims", "serviceaccounts"], verbs: WRITE_VERBS },
    { apiGroups: [""], resources: ["pods/exec", "pods/attach", "pods/portforward"], verbs: ["get", "create"] },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: WRITE_VERBS },
];

/** The rules of `group` at `permission`; empty for "none". viewer is read-only whatever the plan says. */
export function roleRules(group: TenantGroup, permission: Permission): PolicyRule[] {
    if (permission === "none") return [];
    const copy = (rules: readonly PolicyRule[]) => rules.map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs] }));
    if (permission === "read" || group === "viewer") return copy(READABLE);
    return copy([...READABLE, ...(group === "tenant-admin" ? ADMIN_WRITABLE : DEVOPS_WRITABLE)]);
}

export interface GroupBinding {
    group: TenantGroup;
    permission: Exclude<Permission, "none">;
    /** Name of the Role and of its RoleBinding in the tenant namespace. */
    name: string;
    /** The group as the cluster's authenticator reports it: `tenant:<id>:<group>`. */
    subject: string;
    rules: PolicyRule[];
}

/** Name of the Role and RoleBinding of a group. */
export function roleName(group: TenantGroup): string {
    return `stoa-${group}`;
}

/** One Role + RoleBinding per group that has any access; groups at "none" get nothing at all. */
export function groupBindings(groupPrefix: string, access: Pick<AccessPlan, "kubernetes">): GroupBinding[] {
    return TENANT_GROUPS.flatMap((group) => {
        const permission = access.kubernetes[group];
        if (permission === "none") return [];
        return [{ group, permission, name: roleName(group), subject: `${groupPrefix}${group}`, rules: roleRules(group, permission) }];
    });
}

export function createRbac(ctx: LayerContext, namespace: pulumi.Input<string>) {
    const bindings = groupBindings(ctx.tenant.names.kubernetesGroupPrefix, ctx.access);
    return bindings.map((binding) => {
        const labels = { ...tenantLabels(ctx.tenant), [LABEL_PERMISSION]: binding.permission };
        const role = new k8s.rbac.v1.Role(
            ctx.name(`role-${binding.group}`),
            { metadata: { name: binding.name, namespace, labels }, rules: binding.rules },
            ctx.opts,
        );
        const roleBinding = new k8s.rbac.v1.RoleBinding(
            ctx.name(`rolebinding-${binding.group}`),
            {
                metadata: { name: binding.name, namespace, labels },
                subjects: [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: binding.subject }],
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
            },
            ctx.opts,
        );
        return { group: binding.group, role, roleBinding };
    });
}
