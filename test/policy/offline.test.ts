import * as k8s from "@pulumi/kubernetes";
import { describe, expect, it } from "vitest";
import {
    validateStackResourcesOfType,
    type EnforcementLevel,
    type PolicyResource,
    type ResourceValidationArgs,
    type ResourceValidationPolicy,
    type StackValidationPolicy,
} from "@pulumi/policy";
import { effectiveLevel, evaluatePolicies, policyProps, policyVerdicts, stackResources } from "../../policy-pack/offline";
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

describe("evaluatePolicies: what a policy is given, and what it may answer", () => {
    const namespace = (options: Parameters<typeof resource>[2] = {}) => resource("kubernetes:core/v1:Namespace", meta(undefined, ns("acme-corp")), options);
    /** A resource policy that records the arguments of each call and reports what `answer` says. */
    const probe = (answer: (args: ResourceValidationArgs, report: (message: string) => void) => void = () => undefined) => {
        const seen: ResourceValidationArgs[] = [];
        const policy: ResourceValidationPolicy = {
            name: "probe",
            description: "Checks nothing.",
            validateResource: (args, report) => {
                seen.push(args);
                answer(args, report);
            },
        };
        return { policy, seen };
    };

    it("gives a resource policy the resource's identity, its options and the stack tags of its URN", async () => {
        const owner = tenantIsolation("acme-corp");
        const child = namespace({ parent: owner, protect: true, name: "acme-corp/namespace" });
        const { policy, seen } = probe();
        await evaluatePolicies([owner, child], { policies: [policy] });
        expect(seen.map((args) => args.urn)).toEqual([
            "urn:pulumi:dev::stoa-tenancy::stoa:tenancy:TenantIsolation::acme-corp",
            "urn:pulumi:dev::stoa-tenancy::stoa:tenancy:TenantIsolation$kubernetes:core/v1:Namespace::acme-corp/namespace",
        ]);
        const [ownerArgs, childArgs] = seen;
        expect(childArgs.type).toBe("kubernetes:core/v1:Namespace");
        expect(childArgs.name).toBe("acme-corp/namespace");
        expect(childArgs.opts).toEqual({
            protect: true,
            retainOnDelete: false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
            parent: "urn:pulumi:dev::stoa-tenancy::stoa:tenancy:TenantIsolation::acme-corp",
        });
        expect("parent" in ownerArgs.opts).toBe(false);
        expect([...childArgs.stackTags]).toEqual([
            ["pulumi:project", "stoa-tenancy"],
            ["pulumi:stack", "dev"],
        ]);
    });
    it("takes the stack and project tags from the options over the URN", async () => {
        const { policy, seen } = probe();
        await evaluatePolicies([namespace()], { policies: [policy], stack: "prod", project: "other" });
        expect([...seen[0].stackTags]).toEqual([
            ["pulumi:project", "other"],
            ["pulumi:stack", "prod"],
        ]);
    });
    it("reads stack tags only from a URN that starts like one, and sets only the tags it knows", async () => {
        let tags: ReadonlyMap<string, string> = new Map();
        const stackProbe: StackValidationPolicy = {
            name: "stack-probe",
            description: "Checks nothing.",
            validateStack: (args) => {
                tags = args.stackTags;
            },
        };
        const odd = { ...namespace(), urn: "x-urn:pulumi:prod::stoa-tenancy::kubernetes:core/v1:Namespace::odd" };
        await evaluatePolicies([odd], { policies: [stackProbe] });
        expect([...tags]).toEqual([]);
        await evaluatePolicies([], { policies: [stackProbe], stack: "prod" });
        expect([...tags]).toEqual([["pulumi:stack", "prod"]]);
        await evaluatePolicies([], { policies: [stackProbe], project: "stoa-tenancy" });
        expect([...tags]).toEqual([["pulumi:project", "stoa-tenancy"]]);
    });
    it("answers isType and asType by the resource's type token, or by a class's isInstance when it has none", async () => {
        const { policy, seen } = probe();
        await evaluatePolicies([namespace()], { policies: [policy] });
        const args = seen[0];
        expect(args.isType(k8s.core.v1.Namespace)).toBe(true);
        expect(args.isType(k8s.core.v1.ConfigMap)).toBe(false);
        expect((args.asType(k8s.core.v1.Namespace) as { metadata: { name: string } } | undefined)?.metadata.name).toBe("tenant-acme-corp");
        expect(args.asType(k8s.core.v1.ConfigMap)).toBeUndefined();
        type AnyClass = Parameters<typeof args.isType>[0];
        const byInstance = (instance: (o: unknown) => boolean, pulumiType?: unknown) => ({ isInstance: instance, ...(pulumiType !== undefined ? { __pulumiType: pulumiType } : {}) }) as unknown as AnyClass;
        const isNamespace = (o: unknown) => (o as { __pulumiType?: string }).__pulumiType === "kubernetes:core/v1:Namespace";
        expect(args.isType(byInstance(isNamespace))).toBe(true);
        expect(args.isType(byInstance(() => false))).toBe(false);
        // Only a non-empty text is a type token; anything else leaves the answer to isInstance.
        expect(args.isType(byInstance(() => true, ["kubernetes:core/v1:ConfigMap"]))).toBe(true);
        expect(args.isType(byInstance(() => true, ""))).toBe(true);
        expect(args.isType({} as unknown as AnyClass)).toBe(false);
    });
    it("reports at the level the user sets, remediate as mandatory, else at the policy's own level, else the pack's", async () => {
        const { policy } = probe((_args, report) => report("seen"));
        const levels = async (config?: Record<string, Record<string, unknown>>, level?: EnforcementLevel) =>
            (await evaluatePolicies([namespace()], { policies: [{ ...policy, enforcementLevel: level }], config })).map((v) => v.enforcementLevel);
        expect(await levels({ probe: { enforcementLevel: "remediate" } })).toEqual(["mandatory"]);
        expect(await levels(undefined, "advisory")).toEqual(["advisory"]);
        expect(await levels()).toEqual(["mandatory"]);
        expect(effectiveLevel({ ...policy, enforcementLevel: undefined }, undefined)).toBe("mandatory");
        expect(effectiveLevel({ ...policy, enforcementLevel: "advisory" }, { probe: { enforcementLevel: "remediate" } })).toBe("remediate");
    });
    it("drops a not-applicable answer without a reason or about the type, and keeps any other reason as an advisory note", async () => {
        const answers = async (reason: string | undefined) => evaluatePolicies([namespace()], { policies: [probe((args) => args.notApplicable(reason)).policy] });
        expect(await answers(undefined)).toEqual([]);
        expect(await answers("Policy only applies to resources of type 'kubernetes:core/v1:ConfigMap'")).toEqual([]);
        const target = namespace();
        expect(await evaluatePolicies([target], { policies: [probe((args) => args.notApplicable("the label is not known yet")).policy] })).toEqual([
            { policy: "probe", enforcementLevel: "advisory", urn: target.urn, message: "not applicable: the label is not known yet" },
        ]);
    });
    it("lets any other error of a policy through", async () => {
        await expect(
            evaluatePolicies([namespace()], {
                policies: [
                    probe(() => {
                        throw new Error("broken policy");
                    }).policy,
                ],
            }),
        ).rejects.toThrow("broken policy");
    });
    it("reports a stack policy's violation at the URN it names, else at none", async () => {
        const target = namespace();
        const stackProbe: StackValidationPolicy = {
            name: "stack-probe",
            description: "Checks nothing.",
            enforcementLevel: "advisory",
            validateStack: (args, report) => {
                report("anywhere");
                report("here", target.urn);
                args.notApplicable("some item is not known yet");
            },
        };
        expect(await evaluatePolicies([target], { policies: [stackProbe] })).toEqual([
            { policy: "stack-probe", enforcementLevel: "advisory", urn: null, message: "anywhere" },
            { policy: "stack-probe", enforcementLevel: "advisory", urn: target.urn, message: "here" },
            { policy: "stack-probe", enforcementLevel: "advisory", urn: null, message: "not applicable: some item is not known yet" },
        ]);
    });
    it("runs a stack policy typed for one resource type when the stack holds one, with every resource of that type", async () => {
        const names: string[] = [];
        const typed: StackValidationPolicy = {
            name: "typed-probe",
            description: "Checks nothing.",
            enforcementLevel: "mandatory",
            validateStack: validateStackResourcesOfType(k8s.core.v1.Namespace, (namespaces, _args, report) => {
                names.push(...namespaces.map((n) => String(n.metadata?.name)));
                report("namespaces seen");
            }),
        };
        expect((await evaluatePolicies([namespace(), resource("kubernetes:core/v1:ConfigMap", meta(ns("acme-corp"), "settings"))], { policies: [typed] })).map((v) => v.message)).toEqual([
            "namespaces seen",
        ]);
        expect(names).toEqual(["tenant-acme-corp"]);
        expect(await evaluatePolicies([resource("kubernetes:core/v1:ConfigMap", meta(ns("acme-corp"), "settings"))], { policies: [typed] })).toEqual([]);
    });
    it("gives every resource of a stack policy no dependencies", async () => {
        let resources: PolicyResource[] = [];
        const stackProbe: StackValidationPolicy = {
            name: "stack-probe",
            description: "Checks nothing.",
            validateStack: (args) => {
                resources = args.resources;
            },
        };
        await evaluatePolicies([namespace()], { policies: [stackProbe] });
        expect(resources.map((r) => [r.dependencies, r.propertyDependencies])).toEqual([[[], {}]]);
    });
    it("runs a policy that names validateResource without one as a stack policy only", async () => {
        const both = { name: "both", description: "Checks nothing.", validateResource: undefined, validateStack: (_args: unknown, report: (m: string) => void) => report("stack ran") } as unknown as StackValidationPolicy;
        expect((await evaluatePolicies([namespace()], { policies: [both] })).map((v) => v.message)).toEqual(["stack ran"]);
    });
});

describe("policyProps", () => {
    it("keeps null values and lists as they are, and hides a secret inside a list", () => {
        const props = policyProps({ a: null, list: ["x", 2], nested: { b: null }, secrets: ["[secret]"] }) as { a: unknown; list: unknown; nested: unknown; secrets: string[] };
        expect(props.a).toBeNull();
        expect(Array.isArray(props.list)).toBe(true);
        expect(props.list).toEqual(["x", 2]);
        expect(props.nested).toEqual({ b: null });
        expect(() => props.secrets[0]).toThrow("can't be known during preview");
    });
});
