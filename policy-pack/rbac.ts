/**
 * RBAC: who is bound to what in a tenant namespace, and that no tenant identity reaches cluster scope.
 * Subjects come from the cluster's OIDC authenticator (`tenant:<id>:<group>`, `platform:<group>`) and
 * from service accounts.
 */
import * as k8s from "@pulumi/kubernetes";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import { policyConfig } from "./lib/config";
import { knownOnly } from "./lib/known";
import { nameOf, namespaceOf } from "./lib/kubernetes";
import { isTenantGroupSpace, tenantOfGroup, tenantOfNamespace } from "./lib/tenancy";

export interface Subject {
    kind: string;
    name: string;
    namespace?: string;
}

export interface SubjectRules {
    /** Group prefixes of the platform team, allowed in every tenant namespace. */
    platformGroupPrefixes: string[];
}

/** Why `subject` may not be bound in the namespace of `tenantId`, or undefined when it may. */
export function foreignSubjectProblem(subject: Subject, namespace: string, tenantId: string, rules: SubjectRules): string | undefined {
    switch (subject.kind) {
        case "Group": {
            if (tenantOfGroup(subject.name) === tenantId) return undefined;
            if (!isTenantGroupSpace(subject.name) && rules.platformGroupPrefixes.some((p) => subject.name.startsWith(p))) return undefined;
            // The service accounts of this namespace, as a group, are the tenant's own.
            if (subject.name === `system:serviceaccounts:${namespace}`) return undefined;
            return `group ${subject.name} is not a group of tenant ${tenantId} nor a platform group`;
        }
        case "ServiceAccount":
            if (subject.namespace === namespace) return undefined;
            return `service account ${subject.namespace ?? "(no namespace)"}/${subject.name} is not of namespace ${namespace}`;
        default:
            return `${subject.kind} ${subject.name} is not allowed: bind groups or service accounts`;
    }
}

/** `system:serviceaccounts:tenant-acme`: every service account of a tenant namespace, as a group. */
export function isTenantServiceAccountGroup(group: string): boolean {
    const prefix = "system:serviceaccounts:";
    return group.startsWith(prefix) && tenantOfNamespace(group.slice(prefix.length)) !== undefined;
}

const subjectSchema: NonNullable<ResourceValidationPolicy["configSchema"]> = {
    properties: {
        platformGroupPrefixes: {
            type: "array",
            items: { type: "string" },
            default: ["platform:"],
            description: "Group name prefixes of the platform team, allowed in every tenant namespace.",
        },
    },
};

export const roleBindingTenantSubjects: ResourceValidationPolicy = {
    name: "rolebinding-tenant-subjects",
    description: "Checks that every RoleBinding in a tenant namespace binds only that tenant's groups, that namespace's service accounts, or platform groups.",
    enforcementLevel: "mandatory",
    configSchema: subjectSchema,
    validateResource: knownOnly(
        validateResourceOfType(k8s.rbac.v1.RoleBinding, (binding, args, reportViolation) => {
            const namespace = namespaceOf(binding);
            const tenantId = tenantOfNamespace(namespace);
            if (!namespace || !tenantId) return;
            const rules = policyConfig<SubjectRules>(subjectSchema, args);
            for (const subject of (binding.subjects ?? []) as Subject[]) {
                const problem = foreignSubjectProblem(subject, namespace, tenantId, rules);
                if (problem) reportViolation(`RoleBinding ${namespace}/${nameOf(binding, args.name)} must bind only tenant ${tenantId}'s subjects: ${problem}.`);
            }
        }),
    ),
};

const forbiddenRolesSchema: NonNullable<ResourceValidationPolicy["configSchema"]> = {
    properties: {
        forbiddenClusterRoles: {
            type: "array",
            items: { type: "string" },
            default: ["cluster-admin"],
            description: "ClusterRoles that must never be bound in a tenant namespace.",
        },
    },
};

export const roleBindingNoClusterAdmin: ResourceValidationPolicy = {
    name: "rolebinding-no-cluster-admin",
    description: "Checks that no RoleBinding in a tenant namespace grants cluster-admin (or another forbidden ClusterRole).",
    enforcementLevel: "mandatory",
    configSchema: forbiddenRolesSchema,
    validateResource: knownOnly(
        validateResourceOfType(k8s.rbac.v1.RoleBinding, (binding, args, reportViolation) => {
            const namespace = namespaceOf(binding);
            if (!tenantOfNamespace(namespace)) return;
            const { forbiddenClusterRoles } = policyConfig<{ forbiddenClusterRoles: string[] }>(forbiddenRolesSchema, args);
            if (binding.roleRef?.kind === "ClusterRole" && forbiddenClusterRoles.includes(binding.roleRef.name)) {
                reportViolation(`RoleBinding ${namespace}/${nameOf(binding, args.name)} must not grant ClusterRole ${binding.roleRef.name}.`);
            }
        }),
    ),
};

export const clusterRoleBindingNoTenantSubjects: ResourceValidationPolicy = {
    name: "clusterrolebinding-no-tenant-subjects",
    description: "Checks that no ClusterRoleBinding binds a tenant group or a service account of a tenant namespace.",
    enforcementLevel: "mandatory",
    validateResource: knownOnly(
        validateResourceOfType(k8s.rbac.v1.ClusterRoleBinding, (binding, args, reportViolation) => {
            const name = `ClusterRoleBinding ${nameOf(binding, args.name)}`;
            for (const subject of (binding.subjects ?? []) as Subject[]) {
                if (subject.kind === "Group" && (isTenantGroupSpace(subject.name) || isTenantServiceAccountGroup(subject.name))) {
                    reportViolation(`${name} must not bind tenant group ${subject.name}.`);
                }
                if (subject.kind === "ServiceAccount" && tenantOfNamespace(subject.namespace)) {
                    reportViolation(`${name} must not bind service account ${subject.namespace}/${subject.name} of a tenant namespace.`);
                }
            }
        }),
    ),
};
