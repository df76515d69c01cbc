import * as k8s from "@pulumi/kubernetes";
import { describe, it } from "vitest";
import { tenantNamespaceGuardrails, tenantNamespaceLabels, tenantNamespacePodSecurity } from "../../policy-pack/namespaces";
import { expectNoViolations, expectNotApplicable, expectViolation, meta, mutated, ns, fixture } from "./util";


function tenantNamespace() {
    return {
        ...meta(undefined, ns("acme-corp"), {
            "stoa.io/tenant-id": "acme-corp",
            "stoa.io/tier": "enterprise",
            "pod-security.kubernetes.io/enforce": "restricted",
            "pod-security.kubernetes.io/audit": "restricted",
            "pod-security.kubernetes.io/warn": "restricted",
        }),
    };
}
const labels = (props: ReturnType<typeof tenantNamespace>) => props.metadata.labels as Record<string, string>;

describe("tenant-namespace-labels", () => {
    it("passes a labelled tenant namespace and an unlabelled platform namespace", async () => {
        await expectNoViolations(tenantNamespaceLabels, [fixture(k8s.core.v1.Namespace, tenantNamespace()), fixture(k8s.core.v1.Namespace, meta(undefined, "stoa-system"))]);
    });
    it("refuses a missing tenant label", async () => {
        const props = mutated(tenantNamespace(), (p) => delete labels(p)["stoa.io/tenant-id"]);
        await expectViolation(tenantNamespaceLabels, [fixture(k8s.core.v1.Namespace, props)], "must carry stoa.io/tenant-id=acme-corp");
    });
    it("refuses another tenant's label", async () => {
        const props = mutated(tenantNamespace(), (p) => (labels(p)["stoa.io/tenant-id"] = "globex"));
        await expectViolation(tenantNamespaceLabels, [fixture(k8s.core.v1.Namespace, props)], "must carry stoa.io/tenant-id=acme-corp");
    });
    it("refuses an unknown tier", async () => {
        const props = mutated(tenantNamespace(), (p) => (labels(p)["stoa.io/tier"] = "platinum"));
        await expectViolation(tenantNamespaceLabels, [fixture(k8s.core.v1.Namespace, props)], "must carry stoa.io/tier");
    });
    it("refuses a non-tenant namespace that claims a tenant", async () => {
        await expectViolation(tenantNamespaceLabels, [fixture(k8s.core.v1.Namespace, meta(undefined, "shared", { "stoa.io/tenant-id": "acme-corp" }))], "Namespace shared must not carry");
    });
    it("reports a secret (unknown) label as not applicable, never as compliant", async () => {
        const props = mutated(tenantNamespace(), (p) => (labels(p)["stoa.io/tenant-id"] = "[secret]"));
        await expectNotApplicable(tenantNamespaceLabels, [fixture(k8s.core.v1.Namespace, props)], "can't be known during preview");
    });
});

describe("tenant-namespace-pod-security", () => {
    it("passes restricted everywhere, and enforce alone", async () => {
        const enforceOnly = mutated(tenantNamespace(), (p) => {
            delete labels(p)["pod-security.kubernetes.io/audit"];
            delete labels(p)["pod-security.kubernetes.io/warn"];
        });
        await expectNoViolations(tenantNamespacePodSecurity, [fixture(k8s.core.v1.Namespace, tenantNamespace()), fixture(k8s.core.v1.Namespace, enforceOnly)]);
    });
    it("refuses a missing enforce label", async () => {
        const props = mutated(tenantNamespace(), (p) => delete labels(p)["pod-security.kubernetes.io/enforce"]);
        await expectViolation(tenantNamespacePodSecurity, [fixture(k8s.core.v1.Namespace, props)], "must set pod-security.kubernetes.io/enforce=restricted (got nothing)");
    });
    it("refuses enforce=baseline", async () => {
        const props = mutated(tenantNamespace(), (p) => (labels(p)["pod-security.kubernetes.io/enforce"] = "baseline"));
        await expectViolation(tenantNamespacePodSecurity, [fixture(k8s.core.v1.Namespace, props)], "enforce=restricted (got baseline)");
    });
    it("refuses a weaker warn level", async () => {
        const props = mutated(tenantNamespace(), (p) => (labels(p)["pod-security.kubernetes.io/warn"] = "privileged"));
        await expectViolation(tenantNamespacePodSecurity, [fixture(k8s.core.v1.Namespace, props)], "warn=restricted (got privileged)");
    });
    it("refuses a weaker audit level", async () => {
        const props = mutated(tenantNamespace(), (p) => (labels(p)["pod-security.kubernetes.io/audit"] = "baseline"));
        await expectViolation(tenantNamespacePodSecurity, [fixture(k8s.core.v1.Namespace, props)], "audit=restricted (got baseline)");
    });
    it("passes a pinned version at or after the minimum, and latest", async () => {
        const pinned = mutated(tenantNamespace(), (p) => (labels(p)["pod-security.kubernetes.io/enforce-version"] = "v1.30"));
        const newer = mutated(tenantNamespace(), (p) => (labels(p)["pod-security.kubernetes.io/enforce-version"] = "v1.33"));
        const latest = mutated(tenantNamespace(), (p) => (labels(p)["pod-security.kubernetes.io/warn-version"] = "latest"));
        await expectNoViolations(tenantNamespacePodSecurity, [fixture(k8s.core.v1.Namespace, pinned), fixture(k8s.core.v1.Namespace, newer), fixture(k8s.core.v1.Namespace, latest)]);
    });
    it("refuses an older pinned definition of restricted", async () => {
        const props = mutated(tenantNamespace(), (p) => (labels(p)["pod-security.kubernetes.io/enforce-version"] = "v1.22"));
        await expectViolation(tenantNamespacePodSecurity, [fixture(k8s.core.v1.Namespace, props)], "enforce-version to latest or v1.30 or later (got v1.22)");
    });
    it("refuses a version label that is not a version", async () => {
        const props = mutated(tenantNamespace(), (p) => (labels(p)["pod-security.kubernetes.io/audit-version"] = "v1.x"));
        await expectViolation(tenantNamespacePodSecurity, [fixture(k8s.core.v1.Namespace, props)], "audit-version to latest or v1.30 or later (got v1.x)");
    });
    it("takes the minimum version from its config", async () => {
        const props = mutated(tenantNamespace(), (p) => (labels(p)["pod-security.kubernetes.io/enforce-version"] = "v1.30"));
        await expectViolation(tenantNamespacePodSecurity, [fixture(k8s.core.v1.Namespace, props)], "v1.32 or later (got v1.30)", { minimumVersion: "v1.32" });
    });
});

describe("tenant-namespace-guardrails", () => {
    const id = "acme-corp";
    const denyAll = { podSelector: {}, policyTypes: ["Ingress", "Egress"] };
    const guarded = () => [
        fixture(k8s.core.v1.Namespace, tenantNamespace()),
        fixture(k8s.core.v1.ResourceQuota, { ...meta(ns(id), "quota"), spec: { hard: { pods: "10" } } }),
        fixture(k8s.core.v1.LimitRange, { ...meta(ns(id), "limits"), spec: { limits: [] } }),
        fixture(k8s.networking.v1.NetworkPolicy, { ...meta(ns(id), "deny"), spec: denyAll }),
    ];
    it("passes a namespace with a quota, a LimitRange and a default-deny policy", async () => {
        await expectNoViolations(tenantNamespaceGuardrails, guarded());
    });
    it("passes separate default-deny policies for ingress and egress", async () => {
        const split = guarded().slice(0, 3);
        split.push(fixture(k8s.networking.v1.NetworkPolicy, { ...meta(ns(id), "deny-in"), spec: { podSelector: {} } }));
        split.push(fixture(k8s.networking.v1.NetworkPolicy, { ...meta(ns(id), "deny-out"), spec: { podSelector: {}, policyTypes: ["Egress"] } }));
        await expectNoViolations(tenantNamespaceGuardrails, split);
    });
    it("refuses a namespace without a ResourceQuota", async () => {
        await expectViolation(tenantNamespaceGuardrails, guarded().filter((r) => !r.type.endsWith("ResourceQuota")), "must have a ResourceQuota");
    });
    it("refuses a namespace without a LimitRange", async () => {
        await expectViolation(tenantNamespaceGuardrails, guarded().filter((r) => !r.type.endsWith("LimitRange")), "must have a LimitRange");
    });
    it("refuses a quota that lives in another namespace", async () => {
        const resources = guarded().map((r) => (r.type.endsWith("ResourceQuota") ? { ...r, inputs: { ...meta(ns("globex"), "quota"), spec: {} } } : r));
        await expectViolation(tenantNamespaceGuardrails, resources, "must have a ResourceQuota");
    });
    it("refuses a deny policy that selects only some pods", async () => {
        const resources = guarded().map((r) =>
            r.type.endsWith("NetworkPolicy") ? { ...r, inputs: { ...meta(ns(id), "deny"), spec: { ...denyAll, podSelector: { matchLabels: { app: "x" } } } } } : r,
        );
        await expectViolation(tenantNamespaceGuardrails, resources, "a default-deny ingress NetworkPolicy, a default-deny egress NetworkPolicy");
    });
    it("refuses a policy that allows traffic instead of denying it", async () => {
        const resources = guarded().map((r) =>
            r.type.endsWith("NetworkPolicy") ? { ...r, inputs: { ...meta(ns(id), "deny"), spec: { ...denyAll, egress: [{ to: [{ podSelector: {} }] }] } } } : r,
        );
        await expectViolation(tenantNamespaceGuardrails, resources, "must have a default-deny egress NetworkPolicy");
    });
});
