import { describe, expect, it } from "vitest";
import type { StackValidationPolicy } from "@pulumi/policy";
import { evaluatePolicies, policyVerdicts, stackResources } from "../../policy-pack/offline";
import { tenantNamespacePodSecurity } from "../../policy-pack/namespaces";
import { meta, ns, resource, tenantIsolation } from "./util";

const weakNamespace = () => resource("kubernetes:core/v1:Namespace", meta(undefined, ns("acme-corp"), { "pod-security.kubernetes.io/enforce": "baseline" }));

describe("evaluatePolicies", () => {
    it("reports a violation at the policy's level, with the resource's URN", async () => {
        const namespace = weakNamespace();
        const violations = await evaluatePolicies([namespace], { policies: [tenantNamespacePodSecurity] });
        expect(violations).toEqual([
            { policy: "tenant-namespace-pod-security", enforcementLevel: "mandatory", urn: namespace.urn, message: expect.stringContaining("enforce=restricted (got baseline)") },
        ]);
    });
    it("lets config lower a policy to advisory, or disable it", async () => {
        const advisory = await evaluatePolicies([weakNamespace()], { policies: [tenantNamespacePodSecurity], config: { "tenant-namespace-pod-security": { enforcementLevel: "advisory" } } });
        expect(advisory.map((v) => v.enforcementLevel)).toEqual(["advisory"]);
        const disabled = await evaluatePolicies([weakNamespace()], { policies: [tenantNamespacePodSecurity], config: { "tenant-namespace-pod-security": { enforcementLevel: "disabled" } } });
        expect(disabled).toEqual([]);
    });
    it("runs the whole pack by default, and only on the types a policy names", async () => {
        const violations = await evaluatePolicies([weakNamespace(), resource("random:index/randomPassword:RandomPassword", { length: 32 })]);
        expect(new Set(violations.map((v) => v.policy))).toEqual(new Set(["tenant-namespace-labels", "tenant-namespace-pod-security", "tenant-namespace-guardrails"]));
    });
    it("treats a secret as unknown: not applicable, never compliant", async () => {
        const secretLabel = resource("kubernetes:core/v1:Namespace", meta(undefined, ns("acme-corp"), { "pod-security.kubernetes.io/enforce": "[secret]" }));
        const violations = await evaluatePolicies([secretLabel], { policies: [tenantNamespacePodSecurity] });
        expect(violations).toEqual([expect.objectContaining({ enforcementLevel: "advisory", message: expect.stringMatching(/^not applicable: .*can't be known during preview/) })]);
    });
    it("merges the user's config over the schema defaults", async () => {
        let seen: Record<string, unknown> = {};
        const probe: StackValidationPolicy = {
            name: "probe",
            description: "Checks that config merges.",
            configSchema: { properties: { a: { type: "number", default: 1 }, b: { type: "number", default: 2 } } },
            validateStack: (args) => {
                seen = args.getConfig();
            },
        };
        await evaluatePolicies([weakNamespace()], { policies: [probe], config: { probe: { b: 3, enforcementLevel: "advisory" } } });
        expect(seen).toEqual({ a: 1, b: 3 });
    });
});

describe("stackResources", () => {
    it("gives each resource its parent as a resource object, and its options", () => {
        const owner = tenantIsolation("acme-corp");
        const child = resource("kubernetes:core/v1:Namespace", meta(undefined, ns("acme-corp")), { parent: owner, protect: true });
        const [ownerResource, childResource] = stackResources([owner, child]);
        expect(childResource.parent).toBe(ownerResource);
        expect(childResource.opts.protect).toBe(true);
        expect(childResource.opts.parent).toBe(owner.urn);
        expect(ownerResource.parent).toBeUndefined();
        expect((childResource.props as { metadata: { name: string } }).metadata.name).toBe("tenant-acme-corp");
    });
});

describe("policyVerdicts", () => {
    const policies = [tenantNamespacePodSecurity];
    const name = tenantNamespacePodSecurity.name;
    it("fails a policy with a mandatory violation, and counts not-applicable items apart", async () => {
        const secretLabel = resource("kubernetes:core/v1:Namespace", meta(undefined, ns("oasis"), { "pod-security.kubernetes.io/enforce": "[secret]" }));
        const violations = await evaluatePolicies([weakNamespace(), secretLabel], { policies });
        expect(policyVerdicts(violations, { policies })).toEqual([
            { policy: name, description: tenantNamespacePodSecurity.description, enforcementLevel: "mandatory", verdict: "fail", violations: 1, notApplicable: 1 },
        ]);
    });
    it("warns for an advisory violation, passes with none, and reports a disabled policy as disabled", async () => {
        const advisory = { [name]: { enforcementLevel: "advisory" } };
        const disabled = { [name]: { enforcementLevel: "disabled" } };
        expect(policyVerdicts(await evaluatePolicies([weakNamespace()], { policies, config: advisory }), { policies, config: advisory })[0].verdict).toBe("warn");
        expect(policyVerdicts(await evaluatePolicies([], { policies }), { policies })[0].verdict).toBe("pass");
        expect(policyVerdicts(await evaluatePolicies([weakNamespace()], { policies, config: disabled }), { policies, config: disabled })[0]).toMatchObject({ verdict: "disabled", violations: 0 });
    });
});
