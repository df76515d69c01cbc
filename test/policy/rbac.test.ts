import { describe, expect, it } from "vitest";
import { clusterRoleBindingNoTenantSubjects, foreignSubjectProblem, roleBindingNoClusterAdmin, roleBindingTenantSubjects } from "../../policy-pack/rbac";
import { expectNoViolations, expectViolation, meta, ns, resource } from "./util";

const ROLE_BINDING = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";
const CLUSTER_ROLE_BINDING = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding";
const group = (name: string) => ({ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name });

function binding(subjects: unknown[], roleRef = { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" }, namespace = ns("acme-corp")) {
    return resource(ROLE_BINDING, { ...meta(namespace, "devops"), roleRef, subjects });
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
    it("passes edit and view", async () => {
        await expectNoViolations(roleBindingNoClusterAdmin, [binding([group("tenant:acme-corp:devops")])]);
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
    const crb = (subjects: unknown[]) => resource(CLUSTER_ROLE_BINDING, { ...meta(undefined, "x"), roleRef: { kind: "ClusterRole", name: "view" }, subjects });
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
