/**
 * RBAC: who is bound to what in a tenant namespace, and that no tenant identity reaches cluster scope.
 * Subjects come from the cluster's OIDC authenticator (`tenant:<id>:<group>`, `platform:<group>`) and
 * from service accounts.
 */
import * as k8s from "@pulumi/kubernetes";
import { validateResourceOfType, type ResourceValidationPolicy, type StackValidationPolicy } from "@pulumi/policy";
import { policyConfig } from "./lib/config";
import { isUnknownValueError, knownOnly, perResource, unknownReason } from "./lib/known";
import { nameOf, namespaceOf } from "./lib/kubernetes";
import { isTenantGroupSpace, tenantOfGroup, tenantOfNamespace } from "./lib/tenancy";
import { inTenantNamespace } from "./lib/tenantNamespace";
import { GATEWAY_PROTECTED_RESOURCES } from "./lib/gateway";

const ROLE_BINDING_TYPE = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";
const CLUSTER_ROLE_TYPE = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole";

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
    validateResource: inTenantNamespace<k8s.rbac.v1.RoleBinding, k8s.rbac.v1.RoleBindingArgs | undefined, SubjectRules>(
        k8s.rbac.v1.RoleBinding,
        "RoleBinding",
        ({ object, tenantId, namespace, label, config, report }) => {
            for (const subject of (object.subjects ?? []) as Subject[]) {
                const problem = foreignSubjectProblem(subject, namespace, tenantId, config);
                if (problem) report(`${label} must bind only tenant ${tenantId}'s subjects: ${problem}.`);
            }
        },
        subjectSchema,
    ),
};

const forbiddenRolesSchema: NonNullable<ResourceValidationPolicy["configSchema"]> = {
    properties: {
        forbiddenClusterRoles: {
            type: "array",
            items: { type: "string" },
            // admin writes RoleBindings, edit writes NetworkPolicies and impersonates service accounts.
            default: ["cluster-admin", "admin", "edit"],
            description: "ClusterRoles that must never be bound in a tenant namespace (the built-in admin and edit can rewrite its guardrails).",
        },
    },
};

export const roleBindingNoClusterAdmin: ResourceValidationPolicy = {
    name: "rolebinding-no-cluster-admin",
    description: "Checks that no RoleBinding in a tenant namespace grants cluster-admin, admin or edit (or another forbidden ClusterRole).",
    enforcementLevel: "mandatory",
    configSchema: forbiddenRolesSchema,
    validateResource: inTenantNamespace<k8s.rbac.v1.RoleBinding, k8s.rbac.v1.RoleBindingArgs | undefined, { forbiddenClusterRoles: string[] }>(
        k8s.rbac.v1.RoleBinding,
        "RoleBinding",
        ({ object, label, config, report }) => {
            if (object.roleRef?.kind === "ClusterRole" && config.forbiddenClusterRoles.includes(object.roleRef.name)) {
                report(`${label} must not grant ClusterRole ${object.roleRef.name}.`);
            }
        },
        forbiddenRolesSchema,
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

export interface PolicyRule {
    apiGroups?: string[];
    resources?: string[];
    verbs?: string[];
}

const MUTATING_VERBS = ["create", "update", "patch", "delete", "deletecollection", "*"];

/**
 * What a Role's rules allow that no tenant role may hold: verbs that escalate, wildcards with write
 * verbs (they cover the guardrails and kinds that do not exist yet), and writes on protected
 * resources. `protectedResources` entries are `<group>/<resource>` (`""` is the core group) or
 * `<group>/*`; a subresource (`resourcequotas/status`) counts as its resource.
 */
export function roleRuleProblems(rules: readonly PolicyRule[], protectedResources: readonly string[], forbiddenVerbs: readonly string[]): string[] {
    const problems: string[] = [];
    rules.forEach((rule, i) => {
        const verbs = rule.verbs ?? [];
        const forbidden = verbs.includes("*") ? forbiddenVerbs : verbs.filter((v) => forbiddenVerbs.includes(v));
        if (forbidden.length > 0) problems.push(`rules[${i}] grants ${forbidden.join(", ")}`);
        if (!verbs.some((v) => MUTATING_VERBS.includes(v))) return;
        for (const group of rule.apiGroups ?? []) {
            for (const resource of rule.resources ?? []) {
                const base = resource.split("/")[0];
                const shown = `${group === "" ? "core" : group}/${resource}`;
                if (group === "*" || base === "*") problems.push(`rules[${i}] writes ${shown}, a wildcard`);
                else if (protectedResources.includes(`${group}/${base}`) || protectedResources.includes(`${group}/*`)) problems.push(`rules[${i}] writes ${shown}`);
            }
        }
    });
    return problems;
}

const roleBoundsSchema: NonNullable<ResourceValidationPolicy["configSchema"]> = {
    properties: {
        protectedResources: {
            type: "array",
            items: { type: "string" },
            default: [
                "/resourcequotas",
                "/limitranges",
                "networking.k8s.io/networkpolicies",
                "rbac.authorization.k8s.io/*",
                ...GATEWAY_PROTECTED_RESOURCES,
                "cert-manager.io/*",
                "acme.cert-manager.io/*",
                "scheduling.k8s.io/*",
                "velero.io/*",
            ],
            description: "Resources (`<group>/<resource>`, `\"\"` = core, `<group>/*` = the whole group) that no Role in a tenant namespace may write: the guardrails and platform-owned kinds (every registered gateway adapter's API groups among them).",
        },
        forbiddenVerbs: {
            type: "array",
            items: { type: "string" },
            default: ["escalate", "bind", "impersonate"],
            description: "Verbs no Role in a tenant namespace may grant on anything.",
        },
    },
};

export const roleWithinTenantBounds: ResourceValidationPolicy = {
    name: "role-within-tenant-bounds",
    description: "Checks that no Role in a tenant namespace escalates, impersonates, writes with wildcards, or writes the namespace's guardrails or platform-owned kinds.",
    enforcementLevel: "mandatory",
    configSchema: roleBoundsSchema,
    validateResource: inTenantNamespace<k8s.rbac.v1.Role, k8s.rbac.v1.RoleArgs | undefined, { protectedResources: string[]; forbiddenVerbs: string[] }>(
        k8s.rbac.v1.Role,
        "Role",
        ({ object, label, config, report }) => {
            for (const problem of roleRuleProblems((object.rules ?? []) as PolicyRule[], config.protectedResources, config.forbiddenVerbs)) {
                report(`${label} must stay within the tenant's bounds: ${problem}.`);
            }
        },
        roleBoundsSchema,
    ),
};

interface ClusterRoleProps {
    metadata?: { name?: string };
    rules?: PolicyRule[];
    aggregationRule?: unknown;
}

export const roleBindingClusterRoleWithinTenantBounds: StackValidationPolicy = {
    name: "rolebinding-clusterrole-within-tenant-bounds",
    description: "Checks that a ClusterRole the stack defines, when a RoleBinding in a tenant namespace binds it, holds only what a tenant Role may hold.",
    enforcementLevel: "mandatory",
    // The same bounds as role-within-tenant-bounds: binding a ClusterRole must not be a way around them.
    configSchema: roleBoundsSchema,
    validateStack: (args, reportViolation) => {
        const { protectedResources, forbiddenVerbs } = policyConfig<{ protectedResources: string[]; forbiddenVerbs: string[] }>(roleBoundsSchema, args);
        const clusterRoles = new Map<string, ClusterRoleProps>();
        // A ClusterRole whose name is unknown yet cannot be matched: said in the not-applicable reason.
        const unnamed: string[] = [];
        for (const resource of args.resources) {
            if (resource.type !== CLUSTER_ROLE_TYPE) continue;
            try {
                clusterRoles.set(nameOf(resource.props, resource.name), resource.props as ClusterRoleProps);
            } catch (error) {
                if (!isUnknownValueError(error)) throw error;
                unnamed.push(unknownReason(error, resource.urn));
            }
        }
        perResource(
            (resource) => resource.type === ROLE_BINDING_TYPE && tenantOfNamespace(namespaceOf(resource.props)) !== undefined,
            (resource) => {
                const binding = resource.props as { roleRef?: { kind?: string; name?: string } };
                const clusterRole = binding.roleRef?.kind === "ClusterRole" && binding.roleRef.name ? clusterRoles.get(binding.roleRef.name) : undefined;
                if (!clusterRole) return;
                const label = `RoleBinding ${namespaceOf(resource.props)}/${nameOf(resource.props, resource.name)} binds ClusterRole ${binding.roleRef!.name}`;
                if (clusterRole.aggregationRule) {
                    reportViolation(`${label}, an aggregated ClusterRole: its rules are whatever the cluster aggregates into it.`, resource.urn);
                    return;
                }
                for (const problem of roleRuleProblems(clusterRole.rules ?? [], protectedResources, forbiddenVerbs)) {
                    reportViolation(`${label}, which a tenant Role could not hold: ${problem}.`, resource.urn);
                }
            },
            () => unnamed,
        )(args, reportViolation);
    },
};
