import * as k8s from "@pulumi/kubernetes";
import { describe, expect, it } from "vitest";
import { clusterRoleBindingNoTenantSubjects, foreignSubjectProblem, roleBindingClusterRoleWithinTenantBounds, roleBindingNoClusterAdmin, roleBindingTenantSubjects, roleRuleProblems, roleWithinTenantBounds } from "../../policy-pack/rbac";
import { roleRules } from "../../components/kubernetes/rbac";
import { expectNoViolations, expectViolation, meta, ns, resource, run, fixture } from "./util";

const group = (name: string) => ({ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name });

function binding(subjects: k8s.types.input.rbac.v1.Subject[], roleRef = { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" }, namespace = ns("acme-corp")) {
    return fixture(k8s.rbac.v1.RoleBinding, { ...meta(namespace, "devops"), roleRef, subjects });
}

describe("rolebinding-tenant-subjects", () => {
    it("passes the tenant's groups, its namespace's service accounts and platform groups", async () => {
        await expectNoViolations(roleBindingTenantSubjects, [
            binding([group("tenant:acme-corp:devops"), { kind: "ServiceAccount", name: "app", namespace: ns("acme-corp") }, group("platform:cpi-admin")]),
        ]);
    });
    it("refuses globex's group in tenant-acme-corp", async () => {
        await expectViolation(roleBindingTenantSubjects, [binding([group("tenant:globex:devops")])], "group tenant:globex:devops is not a group of tenant acme-corp");
    });
    it("passes the service accounts of its own namespace as a group", async () => {
        await expectNoViolations(roleBindingTenantSubjects, [binding([group("system:serviceaccounts:tenant-acme-corp")])]);
    });
    it("refuses globex's service accounts, as a group, bound in tenant-acme-corp", async () => {
        await expectViolation(
            roleBindingTenantSubjects,
            [binding([group("system:serviceaccounts:tenant-globex")])],
            "group system:serviceaccounts:tenant-globex is not a group of tenant acme-corp nor a platform group",
        );
    });
    it("refuses every service account of the cluster as a group", async () => {
        await expectViolation(roleBindingTenantSubjects, [binding([group("system:serviceaccounts")])], "group system:serviceaccounts is not a group of tenant acme-corp");
    });
    it("refuses a service account of another namespace", async () => {
        await expectViolation(roleBindingTenantSubjects, [binding([{ kind: "ServiceAccount", name: "app", namespace: ns("globex") }])], "service account tenant-globex/app is not of namespace tenant-acme-corp");
    });
    it("refuses a User subject", async () => {
        await expectViolation(roleBindingTenantSubjects, [binding([{ kind: "User", name: "alice@example.com" }])], "User alice@example.com is not allowed");
    });
    it("refuses a group that only looks like the tenant's", async () => {
        await expectViolation(roleBindingTenantSubjects, [binding([group("tenant:acme-corp-evil:devops")])], "is not a group of tenant acme-corp");
    });
    it("refuses system:authenticated", async () => {
        await expectViolation(roleBindingTenantSubjects, [binding([group("system:authenticated")])], "group system:authenticated");
    });
    it("accepts extra platform prefixes from config", async () => {
        await expectNoViolations(roleBindingTenantSubjects, [binding([group("sre:oncall")])], { platformGroupPrefixes: ["platform:", "sre:"] });
    });
    it("never lets a tenant: group pass as a platform group", () => {
        expect(foreignSubjectProblem(group("tenant:globex:x") as never, ns("acme-corp"), "acme-corp", { platformGroupPrefixes: ["tenant:"] })).toContain("not a group");
    });
});

describe("rolebinding-no-cluster-admin", () => {
    it("passes view and the tenant's own Roles", async () => {
        await expectNoViolations(roleBindingNoClusterAdmin, [
            binding([group("tenant:acme-corp:viewer")], { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" }),
            binding([group("tenant:acme-corp:devops")], { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "edit" }),
        ]);
    });
    it("refuses the built-in edit, which rewrites the namespace's NetworkPolicies", async () => {
        await expectViolation(roleBindingNoClusterAdmin, [binding([group("tenant:acme-corp:devops")])], "must not grant ClusterRole edit");
    });
    it("refuses cluster-admin in a tenant namespace", async () => {
        await expectViolation(
            roleBindingNoClusterAdmin,
            [binding([group("tenant:acme-corp:tenant-admin")], { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" })],
            "must not grant ClusterRole cluster-admin",
        );
    });
});

describe("clusterrolebinding-no-tenant-subjects", () => {
    const crb = (subjects: k8s.types.input.rbac.v1.Subject[]) => fixture(k8s.rbac.v1.ClusterRoleBinding, { ...meta(undefined, "x"), roleRef: { kind: "ClusterRole", name: "view" }, subjects });
    it("passes platform groups", async () => {
        await expectNoViolations(clusterRoleBindingNoTenantSubjects, [crb([group("platform:cpi-admin")])]);
    });
    it("refuses a tenant group", async () => {
        await expectViolation(clusterRoleBindingNoTenantSubjects, [crb([group("tenant:acme-corp:viewer")])], "must not bind tenant group tenant:acme-corp:viewer");
    });
    it("refuses all service accounts of a tenant namespace", async () => {
        await expectViolation(clusterRoleBindingNoTenantSubjects, [crb([group("system:serviceaccounts:tenant-acme-corp")])], "tenant group system:serviceaccounts:tenant-acme-corp");
    });
    it("refuses a tenant namespace's service account", async () => {
        await expectViolation(clusterRoleBindingNoTenantSubjects, [crb([{ kind: "ServiceAccount", name: "app", namespace: ns("oasis") }])], "service account tenant-oasis/app");
    });
});

describe("role-within-tenant-bounds", () => {
    const role = (rules: k8s.types.input.rbac.v1.PolicyRule[], namespace = ns("acme-corp")) => fixture(k8s.rbac.v1.Role, { ...meta(namespace, "devops"), rules });
    it("passes the rules the program gives each group at write permission", async () => {
        const groups = ["tenant-admin", "devops", "viewer"] as const;
        await expectNoViolations(roleWithinTenantBounds, groups.map((g) => role(roleRules(g, "write"))));
    });
    it("refuses a Role that writes its own ResourceQuota", async () => {
        await expectViolation(roleWithinTenantBounds, [role([{ apiGroups: [""], resources: ["resourcequotas"], verbs: ["patch"] }])], "rules[0] writes core/resourcequotas");
    });
    it("refuses writes on the namespace's NetworkPolicies and LimitRange, subresources included", async () => {
        const rules = [{ apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"], verbs: ["update"] }, { apiGroups: [""], resources: ["limitranges/status"], verbs: ["*"] }];
        await expectViolation(roleWithinTenantBounds, [role(rules)], "rules[0] writes networking.k8s.io/networkpolicies");
        await expectViolation(roleWithinTenantBounds, [role(rules)], "rules[1] writes core/limitranges/status");
    });
    it("refuses RoleBinding writes, escalate and bind (a tenant granting itself or another tenant more)", async () => {
        await expectViolation(roleWithinTenantBounds, [role([{ apiGroups: ["rbac.authorization.k8s.io"], resources: ["rolebindings"], verbs: ["create"] }])], "writes rbac.authorization.k8s.io/rolebindings");
        await expectViolation(roleWithinTenantBounds, [role([{ apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles"], verbs: ["get", "escalate", "bind"] }])], "rules[0] grants escalate, bind");
    });
    it("refuses impersonation, also through the * verb", async () => {
        await expectViolation(roleWithinTenantBounds, [role([{ apiGroups: [""], resources: ["serviceaccounts"], verbs: ["impersonate"] }])], "grants impersonate");
        await expectViolation(roleWithinTenantBounds, [role([{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["*"] }])], "grants escalate, bind, impersonate");
    });
    it("refuses wildcard writes, which cover the guardrails", async () => {
        await expectViolation(roleWithinTenantBounds, [role([{ apiGroups: ["*"], resources: ["deployments"], verbs: ["create"] }])], "writes */deployments, a wildcard");
        await expectViolation(roleWithinTenantBounds, [role([{ apiGroups: [""], resources: ["*"], verbs: ["delete"] }])], "writes core/*, a wildcard");
    });
    it("refuses writes on Kong consumers and plugins (an ACL group is another tenant's way in) and on certificates", async () => {
        await expectViolation(roleWithinTenantBounds, [role([{ apiGroups: ["configuration.konghq.com"], resources: ["kongconsumers"], verbs: ["create"] }])], "writes configuration.konghq.com/kongconsumers");
        await expectViolation(roleWithinTenantBounds, [role([{ apiGroups: ["cert-manager.io"], resources: ["certificates"], verbs: ["create"] }])], "writes cert-manager.io/certificates");
    });
    it("refuses writes on ACME orders (the tenant CA is the platform's) and on PriorityClasses", async () => {
        await expectViolation(roleWithinTenantBounds, [role([{ apiGroups: ["acme.cert-manager.io"], resources: ["orders"], verbs: ["create"] }])], "writes acme.cert-manager.io/orders");
        await expectViolation(roleWithinTenantBounds, [role([{ apiGroups: ["scheduling.k8s.io"], resources: ["priorityclasses"], verbs: ["create"] }])], "writes scheduling.k8s.io/priorityclasses");
    });
    it("passes reads of protected kinds and wildcard reads", async () => {
        await expectNoViolations(roleWithinTenantBounds, [role([{ apiGroups: ["*"], resources: ["*"], verbs: ["get", "list", "watch"] }])]);
    });
    it("leaves platform namespaces alone", async () => {
        await expectNoViolations(roleWithinTenantBounds, [role([{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }], "stoa-system")]);
    });
    it("takes protected resources and forbidden verbs from config", () => {
        const rules = [{ apiGroups: [""], resources: ["configmaps"], verbs: ["create", "bind"] }];
        expect(roleRuleProblems(rules, ["/configmaps"], [])).toEqual(["rules[0] writes core/configmaps"]);
        expect(roleRuleProblems(rules, [], ["bind"])).toEqual(["rules[0] grants bind"]);
        expect(roleRuleProblems(rules, [], [])).toEqual([]);
    });
});

describe("rolebinding-clusterrole-within-tenant-bounds", () => {
    const CLUSTER_ROLE = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole";
    const clusterRole = (name: string, spec: Record<string, unknown>) => resource(CLUSTER_ROLE, { ...meta(undefined, name), ...spec });
    const bindingTo = (name: string, namespace = ns("acme-corp")) =>
        binding([group("tenant:acme-corp:devops")], { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name }, namespace);
    const readOnly = [{ apiGroups: [""], resources: ["pods", "services"], verbs: ["get", "list", "watch"] }];
    const writesNetworkPolicies = [{ apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"], verbs: ["create", "patch"] }];

    it("passes a read-only ClusterRole of the stack, and built-in ones it cannot see (view)", async () => {
        await expectNoViolations(roleBindingClusterRoleWithinTenantBounds, [clusterRole("tenant-reader", { rules: readOnly }), bindingTo("tenant-reader"), bindingTo("view")]);
    });
    it("refuses a ClusterRole of the stack that writes NetworkPolicies, bound in a tenant namespace", async () => {
        await expectViolation(
            roleBindingClusterRoleWithinTenantBounds,
            [clusterRole("netpol-editor", { rules: writesNetworkPolicies }), bindingTo("netpol-editor")],
            "RoleBinding tenant-acme-corp/devops binds ClusterRole netpol-editor, which a tenant Role could not hold: rules[0] writes networking.k8s.io/networkpolicies",
        );
    });
    it("refuses an aggregated ClusterRole: its rules are not in the stack", async () => {
        const aggregated = clusterRole("tenant-aggregate", { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { "stoa.io/aggregate": "true" } }] } });
        await expectViolation(roleBindingClusterRoleWithinTenantBounds, [aggregated, bindingTo("tenant-aggregate")], "an aggregated ClusterRole");
    });
    it("leaves bindings in platform namespaces alone", async () => {
        await expectNoViolations(roleBindingClusterRoleWithinTenantBounds, [clusterRole("netpol-editor", { rules: writesNetworkPolicies }), bindingTo("netpol-editor", "stoa-system")]);
    });
    it("says it could not check a ClusterRole whose name is not known yet, never passes it silently", async () => {
        const unnamed = resource(CLUSTER_ROLE, { metadata: { name: "[secret]" }, rules: writesNetworkPolicies });
        const violations = await run(roleBindingClusterRoleWithinTenantBounds, [unnamed, bindingTo("netpol-editor")]);
        expect(violations).toEqual([expect.objectContaining({ enforcementLevel: "advisory", message: expect.stringContaining(`not applicable: ${unnamed.urn}`) })]);
    });
});
