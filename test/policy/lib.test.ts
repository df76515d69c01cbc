/**
 * The pack's pure helpers (policy-pack/lib), each against a table written out here: how a type token,
 * a name or a URN is read, which tenant a name belongs to, and how unknown values become a policy's
 * not-applicable reason.
 */
import { UnknownValueError, type PolicyResource, type ResourceValidation } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { parseCidr } from "../../policy-pack/lib/cidr";
import { policyConfig, schemaDefaults } from "../../policy-pack/lib/config";
import { knownOnly, perResource, unknownReason } from "../../policy-pack/lib/known";
import { isNamespacedKind, kubernetesType, labelsOf, nameOf, namespaceOf } from "../../policy-pack/lib/kubernetes";
import { namespacesByName, owningTenant, stackOfUrn, tierOfTenant } from "../../policy-pack/lib/stack";
import {
    isTenantGroupSpace,
    isTenantRoleSpace,
    schemaOfTenantRole,
    tenantOfGrafanaName,
    tenantOfGroup,
    tenantOfNamespace,
    tenantOfPlatformGroupPath,
    tenantOfSchema,
} from "../../policy-pack/lib/tenancy";
import { stackResources } from "../../policy-pack/offline";
import { meta, resource, tenantIsolation } from "./util";

describe("kubernetesType", () => {
    it("reads the apiVersion and kind of a Kubernetes type token, the core group without its name", () => {
        expect(kubernetesType("kubernetes:core/v1:Namespace")).toEqual({ apiVersion: "v1", kind: "Namespace" });
        expect(kubernetesType("kubernetes:apps/v1:Deployment")).toEqual({ apiVersion: "apps/v1", kind: "Deployment" });
        expect(kubernetesType("kubernetes:cert-manager.io/v1:Certificate")).toEqual({ apiVersion: "cert-manager.io/v1", kind: "Certificate" });
        expect(kubernetesType("kubernetes:networking.k8s.io/v1:NetworkPolicy")).toEqual({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy" });
    });
    it("knows no kind for Helm, YAML and Kustomize components, providers and other packages", () => {
        for (const type of [
            "kubernetes:helm.sh/v3:Release",
            "kubernetes:helm.sh/v4:Chart",
            "kubernetes:yaml/v2:ConfigGroup",
            "kubernetes:yaml:ConfigFile",
            "kubernetes:kustomize/v2:Directory",
            "pulumi:providers:kubernetes",
            "postgresql:index/schema:Schema",
            "xkubernetes:core/v1:Namespace",
            "kubernetes:core/v1:Namespace$kubernetes:core/v1:ConfigMap",
            "kubernetes:core/v1:Config-Map",
            "kubernetes::Namespace",
        ]) {
            expect(kubernetesType(type), type).toBeUndefined();
        }
    });
});

describe("isNamespacedKind", () => {
    it("knows the cluster-scoped kinds, their Patch and List variants, and the gateway adapters' own", () => {
        expect(["Namespace", "NamespacePatch", "ClusterRoleList", "ClusterRoleBinding", "StorageClass", "ClusterIssuer", "KongClusterPlugin"].map(isNamespacedKind)).toEqual([
            false, false, false, false, false, false, false,
        ]);
    });
    it("treats every other kind as namespaced, dropping only a Patch or List suffix", () => {
        expect(["ConfigMap", "ConfigMapPatch", "RoleBindingList", "Certificate", "KongPlugin", "ListNamespace", "NamespacePatches"].map(isNamespacedKind)).toEqual([
            true, true, true, true, true, true, true,
        ]);
    });
});

describe("metadata readers", () => {
    it("read only text names and namespaces, and never give undefined labels", () => {
        expect(namespaceOf({ metadata: { namespace: "tenant-acme-corp" } })).toBe("tenant-acme-corp");
        expect(namespaceOf({ metadata: { namespace: 7 } })).toBeUndefined();
        expect(namespaceOf(undefined)).toBeUndefined();
        expect(nameOf({ metadata: { name: "web" } }, "logical")).toBe("web");
        expect(nameOf({ metadata: { name: 7 } }, "logical")).toBe("logical");
        expect(nameOf(undefined, "logical")).toBe("logical");
        expect(labelsOf({ metadata: { labels: { a: "b" } } })).toEqual({ a: "b" });
        expect(labelsOf({ metadata: {} })).toEqual({});
        expect(labelsOf(undefined)).toEqual({});
    });
});

describe("tenant names", () => {
    it("read a tenant namespace, and nothing else, as its tenant", () => {
        expect(tenantOfNamespace("tenant-acme-corp")).toBe("acme-corp");
        for (const name of ["tenant-", "tenant-Acme", "tenant-acme-", "stoa-system", "xtenant-acme", "Tenant-acme", undefined]) expect(tenantOfNamespace(name), String(name)).toBeUndefined();
    });
    it("read a tenant group of the OIDC authenticator, and nothing else", () => {
        expect(tenantOfGroup("tenant:acme-corp:devops")).toBe("acme-corp");
        for (const group of ["tenant:acme-corp", "tenant:acme-corp:devops:x", "tenant:Acme:devops", "tenant::devops", "tenant:acme-corp:", "xtenant:acme:devops", "platform:tenant:acme:devops"]) {
            expect(tenantOfGroup(group), group).toBeUndefined();
        }
        expect(isTenantGroupSpace("tenant:")).toBe(true);
        expect(isTenantGroupSpace("tenant:Not A Group")).toBe(true);
        expect(isTenantGroupSpace("platform:tenant:acme:devops")).toBe(false);
    });
    it("read a tenant schema and a tenant role's schema, and nothing else", () => {
        expect(tenantOfSchema("tenant_acme_corp")).toBe("acme-corp");
        for (const schema of ["tenant_acme_corp_", "tenant_1abc", "tenant_Acme", "xtenant_acme", "tenant_acme x", "tenant_", "public", undefined]) expect(tenantOfSchema(schema), String(schema)).toBeUndefined();
        expect(schemaOfTenantRole("tenant_acme_corp_app")).toBe("tenant_acme_corp");
        expect(schemaOfTenantRole("tenant_oasis_backup")).toBe("tenant_oasis");
        for (const role of ["tenant_acme", "tenant_1_app", "tenant_acme_App", "tenant_acme_", "xtenant_acme_app", "tenant_acme_app x", "postgres", undefined]) {
            expect(schemaOfTenantRole(role), String(role)).toBeUndefined();
        }
        expect(isTenantRoleSpace("tenant_")).toBe(true);
        expect(isTenantRoleSpace("tenant_Not_Parsed")).toBe(true);
        expect(isTenantRoleSpace("xtenant_acme_app")).toBe(false);
        expect(isTenantRoleSpace(undefined)).toBe(false);
    });
    it("read a tenant's Grafana team or folder and its platform group path, and nothing else", () => {
        expect(tenantOfGrafanaName("tenant-acme-corp")).toBe("acme-corp");
        for (const name of ["tenant-Acme", "tenant-", "stoa-platform-admins", "xtenant-acme", undefined]) expect(tenantOfGrafanaName(name), String(name)).toBeUndefined();
        expect(tenantOfPlatformGroupPath("/tenant-acme-corp/devops")).toBe("acme-corp");
        for (const path of ["/tenant-acme-corp", "/tenant-acme-corp/devops/x", "/tenant-acme-corp/", "/platform/devops", "/tenant-Acme/devops", "x/tenant-acme/devops", "/tenant-/devops", "/xtenant-acme/devops"]) {
            expect(tenantOfPlatformGroupPath(path), path).toBeUndefined();
        }
    });
});

describe("reading the stack", () => {
    it("finds the TenantIsolation a resource descends from, with its tier and environment when they are texts", () => {
        const owner = tenantIsolation("acme-corp", { tier: "enterprise", environment: "staging" });
        const namespace = resource("kubernetes:core/v1:Namespace", meta(undefined, "tenant-acme-corp"), { parent: owner });
        const quota = resource("kubernetes:core/v1:ResourceQuota", meta("tenant-acme-corp", "quota"), { parent: namespace });
        const [ownerResource, , quotaResource] = stackResources([owner, namespace, quota]);
        expect(owningTenant(quotaResource)).toEqual({ component: ownerResource, tenantId: "acme-corp", tier: "enterprise", environment: "staging" });
        // The component itself belongs to no tenant: only its descendants do.
        expect(owningTenant(ownerResource)).toBeUndefined();
        const odd = resource("stoa:tenancy:TenantIsolation", { tenantId: "oasis", tier: 3, environment: null }, { name: "oasis" });
        const child = resource("kubernetes:core/v1:Namespace", meta(undefined, "tenant-oasis"), { parent: odd });
        expect(owningTenant(stackResources([odd, child])[1])).toMatchObject({ tenantId: "oasis", tier: undefined, environment: undefined });
    });
    it("gives no tenant for a TenantIsolation without a text id, or a parent chain that loops", () => {
        const nameless = resource("stoa:tenancy:TenantIsolation", { tenantId: 42 }, { name: "nameless" });
        const other = tenantIsolation("globex");
        const inner = resource("example:index:Group", {}, { parent: nameless });
        expect(owningTenant(stackResources([other, nameless, inner])[2])).toBeUndefined();
        const a = { type: "example:index:A" } as PolicyResource;
        const b = { type: "example:index:B", parent: a } as PolicyResource;
        a.parent = b;
        expect(owningTenant({ type: "example:index:C", parent: a } as PolicyResource)).toBeUndefined();
    });
    it("reads the stack of a URN", () => {
        expect(stackOfUrn("urn:pulumi:prod::stoa-tenancy::kubernetes:core/v1:Namespace::x")).toBe("prod");
        expect(stackOfUrn("urn:pulumi:::stoa-tenancy::x")).toBeUndefined();
        expect(stackOfUrn("xurn:pulumi:prod::stoa-tenancy::x")).toBeUndefined();
        expect(stackOfUrn("urn:pulumi:prod:x::stoa-tenancy::y")).toBeUndefined();
    });
    it("lists the stack's Namespace objects by their text names", () => {
        const resources = stackResources([
            resource("kubernetes:core/v1:Namespace", meta(undefined, "tenant-acme-corp")),
            resource("kubernetes:core/v1:Namespace", { metadata: { name: 7 } }),
            resource("kubernetes:core/v1:ConfigMap", meta("tenant-acme-corp", "settings")),
        ]);
        expect([...namespacesByName(resources).entries()].map(([name, r]) => [name, r.type])).toEqual([["tenant-acme-corp", "kubernetes:core/v1:Namespace"]]);
    });
    it("finds a tenant's tier on its TenantIsolation first, else on the tier label of its namespace", () => {
        const label = "stoa.io/tier";
        const namespace = (name: string, tier: unknown) => resource("kubernetes:core/v1:Namespace", { metadata: { name, labels: { [label]: tier } } });
        const resources = stackResources([
            resource("stoa:tenancy:TenantIsolation", { tenantId: "oasis", tier: 5 }, { name: "oasis-odd" }),
            tenantIsolation("acme-corp", { tier: "enterprise" }),
            namespace("tenant-acme-corp", "community"),
            namespace("tenant-oasis", "business"),
            namespace("tenant-globex", 5),
            namespace("tenant-initech", "community"),
        ]);
        expect(tierOfTenant("acme-corp", resources, label)).toBe("enterprise");
        expect(tierOfTenant("oasis", resources, label)).toBe("business");
        expect(tierOfTenant("globex", resources, label)).toBeUndefined();
        expect(tierOfTenant("initech", resources, label)).toBe("community");
        expect(tierOfTenant("umbrella", resources, label)).toBeUndefined();
    });
    it("reads tiers once per stack and label: a namespace listed before its TenantIsolation, another label, another stack", () => {
        const namespace = (name: string, labels: Record<string, string>) => resource("kubernetes:core/v1:Namespace", { metadata: { name, labels } });
        const first = stackResources([namespace("tenant-acme-corp", { "stoa.io/tier": "community", "other/tier": "business" }), tenantIsolation("acme-corp", { tier: "enterprise" })]);
        expect(tierOfTenant("acme-corp", first, "stoa.io/tier")).toBe("enterprise");
        expect(tierOfTenant("acme-corp", first, "other/tier")).toBe("enterprise");
        const second = stackResources([namespace("tenant-acme-corp", { "stoa.io/tier": "community", "other/tier": "business" })]);
        expect(tierOfTenant("acme-corp", second, "stoa.io/tier")).toBe("community");
        expect(tierOfTenant("acme-corp", second, "other/tier")).toBe("business");
        expect(tierOfTenant("acme-corp", first, "stoa.io/tier")).toBe("enterprise");
    });
});

describe("unknown values", () => {
    const unknown = () => new UnknownValueError("04da6b54-80e4-46f7-96ec-b56ff0331ba9", ["spec", "hard"]);
    it("name the item and the value in the not-applicable reason", () => {
        expect(unknownReason(unknown(), "quota")).toBe("quota: string value at .spec.hard can't be known during preview; checked again once the value is known (pulumi up)");
    });
    it("keep a typed validation's type token, and add none to an untyped one", () => {
        const typed = Object.assign((() => undefined) as ResourceValidation, { __pulumiType: "kubernetes:core/v1:Namespace" });
        expect((knownOnly(typed) as { __pulumiType?: string }).__pulumiType).toBe("kubernetes:core/v1:Namespace");
        expect("__pulumiType" in knownOnly(() => undefined)).toBe(false);
    });
    it("skip a resource with an unknown value, check the others, and say both in one reason with the finish's own", () => {
        const resources = [{ urn: "urn:a", type: "t" }, { urn: "urn:b", type: "t" }, { urn: "urn:c", type: "other" }] as PolicyResource[];
        const reported: string[] = [];
        const reasons: string[] = [];
        perResource(
            (r) => r.type === "t",
            (r, _args, report) => {
                if (r.urn === "urn:a") throw unknown();
                report(`checked ${r.urn}`);
            },
            () => ["the finish could not judge x"],
        )({ resources, notApplicable: (reason?: string) => reasons.push(reason ?? "") } as never, (message) => reported.push(message));
        expect(reported).toEqual(["checked urn:b"]);
        expect(reasons).toEqual(["urn:a: string value at .spec.hard can't be known during preview; checked again once the value is known (pulumi up)\nthe finish could not judge x"]);
    });
    it("say nothing when every resource could be checked, and let other errors through", () => {
        const reasons: string[] = [];
        const args = { resources: [{ urn: "urn:a", type: "t" }], notApplicable: (reason?: string) => reasons.push(reason ?? "") } as never;
        perResource(() => true, () => undefined, () => [])(args, () => undefined);
        perResource(() => true, () => undefined)(args, () => undefined);
        expect(reasons).toEqual([]);
        expect(() =>
            perResource(
                () => true,
                () => {
                    throw new Error("broken");
                },
            )(args, () => undefined),
        ).toThrow("broken");
    });
});

describe("policy configuration", () => {
    it("takes each default the schema states, and only those", () => {
        expect(schemaDefaults(undefined)).toStrictEqual({});
        expect(schemaDefaults({ properties: { a: { type: "string" }, b: { type: "number", default: 0 }, c: { type: "boolean", default: false } } })).toStrictEqual({ b: 0, c: false });
    });
    it("puts the user's values over the defaults", () => {
        const schema = { properties: { a: { type: "number" as const, default: 1 }, b: { type: "number" as const, default: 2 } } };
        expect(policyConfig(schema, { getConfig: <C extends object>() => ({ b: 3 }) as C })).toStrictEqual({ a: 1, b: 3 });
    });
});

describe("knownOnly", () => {
    const unknownError = () => new UnknownValueError("04da6b54-80e4-46f7-96ec-b56ff0331ba9", ["metadata", "name"]);
    const call = async (validate: ResourceValidation) => {
        const reasons: string[] = [];
        const args = { name: "web", notApplicable: (reason?: string) => reasons.push(reason ?? "") } as never;
        const outcome = await knownOnly(validate)(args, () => undefined)?.then(
            () => "returned",
            (error: Error) => error.message,
        );
        return { outcome, reasons };
    };
    it("turns an unknown value into a not-applicable reason naming the item, and lets the error go on", async () => {
        expect(
            await call(() => {
                throw unknownError();
            }),
        ).toEqual({ outcome: "string value at .metadata.name can't be known during preview", reasons: ["web: string value at .metadata.name can't be known during preview; checked again once the value is known (pulumi up)"] });
    });
    it("lets any other error through without a reason, and says nothing when the validation returns", async () => {
        expect(
            await call(() => {
                throw new Error("broken");
            }),
        ).toEqual({ outcome: "broken", reasons: [] });
        expect(await call(() => undefined)).toEqual({ outcome: "returned", reasons: [] });
    });
});

describe("parseCidr, more shapes", () => {
    it("reads IPv6 with :: at either end, and nothing with too many or too few groups", () => {
        expect(parseCidr("::/0")).toEqual({ family: 6, network: 0n, prefix: 0 });
        expect(parseCidr("1:2:3:4:5:6:7::/128")?.network).toBe(0x0001000200030004000500060007_0000n);
        expect(parseCidr("::2:3:4:5:6:7:8/128")?.network).toBe(0x0000000200030004000500060007_0008n);
        for (const text of ["1:2:3:4:5:6:7:8::/64", "1:2:3:4:5:6:7/64", "::ffff:300.0.0.1/128", "12345::/16"]) expect(parseCidr(text), text).toBeUndefined();
    });
    it("reads IPv4 up to 255 per part, four parts only, and trims the text", () => {
        expect(parseCidr("255.255.255.255/32")).toEqual({ family: 4, network: 0xffffffffn, prefix: 32 });
        expect(parseCidr(" 10.0.0.0/8 ")).toEqual({ family: 4, network: 0x0a000000n, prefix: 8 });
        for (const text of ["1.2.3.4.5/8", "1234.0.0.0/8", "1.2.3/8", "10.0.0.0/0008"]) expect(parseCidr(text), text).toBeUndefined();
    });
});
