import * as k8s from "@pulumi/kubernetes";
import { describe, it } from "vitest";
import { tenantResourcesInTenantNamespace } from "../../policy-pack/placement";
import { expectNoViolations, expectViolation, meta, ns, resource, tenantIsolation, fixture } from "./util";

describe("tenant-resources-in-tenant-namespace", () => {
    const owner = tenantIsolation("acme-corp");
    const child = (type: string, inputs: Record<string, unknown>) => resource(type, inputs, { parent: owner });
    const compliant = () => [
        owner,
        child("kubernetes:core/v1:Namespace", meta(undefined, ns("acme-corp"))),
        child("kubernetes:core/v1:ResourceQuota", meta(ns("acme-corp"), "quota")),
        child("kubernetes:configuration.konghq.com/v1:KongConsumer", meta("stoa-system", "tenant-acme-corp")),
        child("kubernetes:velero.io/v1:Schedule", meta("velero", "tenant-acme-corp")),
        child("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", meta(undefined, "tenant-acme-corp-reader")),
        // Not under a TenantIsolation: not this policy's concern.
        fixture(k8s.core.v1.ConfigMap, meta("default", "x")),
    ];
    it("passes objects in the tenant namespace and the shared platform namespaces", async () => {
        await expectNoViolations(tenantResourcesInTenantNamespace, compliant());
    });
    it("refuses an object in another tenant's namespace", async () => {
        await expectViolation(tenantResourcesInTenantNamespace, [...compliant(), child("kubernetes:core/v1:Secret", meta(ns("globex"), "creds"))], "Secret creds of tenant acme-corp lives in namespace tenant-globex, not tenant-acme-corp");
    });
    it("refuses an object without a namespace", async () => {
        await expectViolation(tenantResourcesInTenantNamespace, [...compliant(), child("kubernetes:core/v1:ConfigMap", meta(undefined, "cfg"))], "has no metadata.namespace");
    });
    it("refuses a second namespace", async () => {
        await expectViolation(tenantResourcesInTenantNamespace, [...compliant(), child("kubernetes:core/v1:Namespace", meta(undefined, "scratch"))], "is namespace scratch, not tenant-acme-corp");
    });
    it("walks nested components up to the TenantIsolation", async () => {
        const layer = resource("stoa:tenancy:KubernetesLayer", {}, { parent: owner, name: "acme-corp-k8s" });
        const deep = fixture(k8s.core.v1.ConfigMap, meta("kube-system", "cfg"), { parent: layer });
        await expectViolation(tenantResourcesInTenantNamespace, [...compliant(), layer, deep], "lives in namespace kube-system");
    });
    it("allows a configured shared namespace", async () => {
        await expectNoViolations(tenantResourcesInTenantNamespace, [...compliant(), child("kubernetes:core/v1:ConfigMap", meta("monitoring", "cfg"))], {
            sharedNamespaces: ["stoa-system", "velero", "monitoring"],
        });
    });
});
