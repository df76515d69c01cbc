/**
 * Branches of the pack that mutation testing (docs/testing.md) found unreached or unguarded: fallbacks for
 * missing fields, unknown values in guardrails and SSO settings, the dependencies the real engine gives a
 * permission, and certificates that write a referenced Secret. Each expectation is written out.
 */
import * as k8s from "@pulumi/kubernetes";
import type { Policy, PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { gatewayObjectsOwnTenant } from "../../policy-pack/gateway";
import { clientProblems, keycloakClientHardened, keycloakObjectsInTenantRealm, keycloakRealmPerTenant } from "../../policy-pack/identity";
import { ingressHostProblems } from "../../policy-pack/ingress";
import { parseCidr } from "../../policy-pack/lib/cidr";
import { defaultDenies, tenantNamespaceGuardrails } from "../../policy-pack/namespaces";
import { clusterRangeProblem, namedNamespaces, networkPolicyPlatformEgressNamed, networkPolicyTrustedNamespaceSelectors, peersOf } from "../../policy-pack/network";
import { GRAFANA_LOGIN_TYPE, grafanaObjectsInTenantOrg, grafanaPermissionsOwnTenant, grantProblem, mappingProblem } from "../../policy-pack/observability";
import { evaluatePolicies, policyVerdicts, stackResources } from "../../policy-pack/offline";
import { tenantResourcesInTenantNamespace } from "../../policy-pack/placement";
import { gatewayRateLimitWithinTier, resourceQuotaWithinTier, scaleQuantityText } from "../../policy-pack/quotas";
import { clusterRoleBindingNoTenantSubjects, roleBindingClusterRoleWithinTenantBounds, roleBindingNoClusterAdmin, roleBindingTenantSubjects, roleRuleProblems } from "../../policy-pack/rbac";
import { tenantVolumeStorageClass } from "../../policy-pack/storage";
import { podSecurityProblems, workloadRestrictedPodSecurity } from "../../policy-pack/workloads";
import { expectNoViolations, expectNotApplicable, expectViolation, fixture, mandatory, meta, ns, resource, run, tenantIsolation } from "./util";

describe("fallbacks for missing fields, in messages", () => {
    const owner = tenantIsolation("acme-corp");
    it("names a tenant realm without a realm name by an empty name", async () => {
        await expectViolation(keycloakRealmPerTenant, [owner, resource("keycloak:index/realm:Realm", {}, { parent: owner, name: "nameless" })], "Realm  of tenant acme-corp must be named acme-corp.");
    });
    it("calls a tenant namespace without a name auto-named", async () => {
        await expectViolation(
            tenantResourcesInTenantNamespace,
            [owner, resource("kubernetes:core/v1:Namespace", {}, { parent: owner, name: "extra" })],
            "Namespace extra of tenant acme-corp is namespace (auto-named), not tenant-acme-corp.",
        );
    });
    it("names a service account subject without a namespace", async () => {
        await expectViolation(
            roleBindingTenantSubjects,
            [fixture(k8s.rbac.v1.RoleBinding, { ...meta(ns("acme-corp"), "robot"), roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "reader" }, subjects: [{ kind: "ServiceAccount", name: "robot" }] })],
            "RoleBinding tenant-acme-corp/robot must bind only tenant acme-corp's subjects: service account (no namespace)/robot is not of namespace tenant-acme-corp.",
        );
    });
    it("gives a policy without a description an empty one in its verdict", () => {
        const bare = { name: "bare", validateStack: () => undefined } as unknown as Policy;
        expect(policyVerdicts([], { policies: [bare] })).toEqual([{ policy: "bare", description: "", enforcementLevel: "mandatory", verdict: "pass", violations: 0, notApplicable: 0 }]);
    });
});

describe("keycloak-client-hardened: token exchange", () => {
    it("refuses token exchange and JWT grants on a public client, each on its own", () => {
        const rules = { allowDeviceAuthorizationGrant: false };
        const message = "must not enable token exchange or JWT grants on a public client";
        expect(clientProblems({ accessType: "PUBLIC", standardTokenExchangeEnabled: true }, rules)).toEqual([message]);
        expect(clientProblems({ accessType: "PUBLIC", oauth2JwtAuthorizationGrantEnabled: true }, rules)).toEqual([message]);
        expect(clientProblems({ accessType: "CONFIDENTIAL", standardTokenExchangeEnabled: true }, rules)).toEqual([]);
    });
});

describe("tenant-ingress-hosts: hosts left out", () => {
    it("counts neither a rule without a host nor a TLS entry without hosts as a published host", () => {
        expect(ingressHostProblems({ rules: [{ host: "acme-corp.apps.example.com" }, {}], tls: [{}, { hosts: ["acme-corp.apps.example.com"] }] }, "acme-corp", "apps.example.com")).toEqual([
            "rules[1] has no host, so it catches every host of its ingress class",
        ]);
    });
});

describe("parseCidr: a dotted IPv4 tail without ::", () => {
    it("reads the last two groups from the IPv4 address", () => {
        expect(parseCidr("0:0:0:0:0:ffff:10.0.0.1/128")).toEqual({ family: 6, network: (0xffffn << 32n) | 0x0a000001n, prefix: 128 });
        expect(parseCidr("0:0:0:0:0:ffff:10.0.0.256/128")).toBeUndefined();
    });
});

describe("NetworkPolicy peers and selectors with fields left out", () => {
    it("lists the peers of rules that name some, and none for rules without peers", () => {
        const a = { podSelector: { matchLabels: { app: "a" } } };
        const b = { ipBlock: { cidr: "203.0.113.0/24" } };
        expect(peersOf({ ingress: [{}, { from: [a] }] })).toEqual([{ where: "ingress[1].from[0]", peer: a }]);
        expect(peersOf({ egress: [{}, { to: [b] }] })).toEqual([{ where: "egress[1].to[0]", peer: b }]);
        expect(peersOf(undefined)).toEqual([]);
    });
    it("reads no namespace from an In expression without values", () => {
        expect(namedNamespaces({ matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In" }] })).toEqual({ namespaces: [], tenants: [] });
    });
});

describe("role rules without groups or resources", () => {
    it("find no write on a rule that names no API group or no resource", () => {
        expect(roleRuleProblems([{ verbs: ["create"], resources: ["*"] }, { apiGroups: ["*"], verbs: ["create"] }], ["/resourcequotas"], ["escalate"])).toEqual([]);
    });
});

describe("tenant-namespace-guardrails: defaults and unknown values", () => {
    const namespace = fixture(k8s.core.v1.Namespace, meta(undefined, ns("acme-corp")), { name: "acme-corp-namespace" });
    const quota = fixture(k8s.core.v1.ResourceQuota, { ...meta(ns("acme-corp"), "quota"), spec: { hard: { pods: "10" } } });
    const limits = fixture(k8s.core.v1.LimitRange, { ...meta(ns("acme-corp"), "limits"), spec: { limits: [{ type: "Container" }] } });
    const denyAll = (namespaceName: string, name = "deny-all") =>
        resource("kubernetes:networking.k8s.io/v1:NetworkPolicy", { ...meta(namespaceName, name), spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } });
    it("reads a policy without policyTypes as denying egress too when it has an egress list", () => {
        expect(defaultDenies({ podSelector: {}, egress: [] })).toEqual({ ingress: true, egress: true });
        expect(defaultDenies({ podSelector: {}, egress: [{}] })).toEqual({ ingress: true, egress: false });
        expect(defaultDenies({ podSelector: {} })).toEqual({ ingress: true, egress: false });
    });
    it("takes such a policy as the namespace's default deny both ways", async () => {
        const both = resource("kubernetes:networking.k8s.io/v1:NetworkPolicy", { ...meta(ns("acme-corp"), "deny-all"), spec: { podSelector: {}, egress: [] } });
        await expectNoViolations(tenantNamespaceGuardrails, [namespace, quota, limits, both]);
    });
    it("is not applicable when a guardrail it lacks may be the one whose namespace is not known yet", async () => {
        await expectNotApplicable(tenantNamespaceGuardrails, [namespace, quota, limits, denyAll("[secret]")], "acme-corp-namespace: string value at .metadata.namespace can't be known during preview");
    });
    it("passes a namespace with every guardrail, whatever other guardrail is not known yet", async () => {
        await expectNoViolations(tenantNamespaceGuardrails, [namespace, quota, limits, denyAll(ns("acme-corp")), denyAll("[secret]", "other")]);
    });
    it("lets an error that is no unknown value through, even when every guardrail is there", async () => {
        const broken = resource("kubernetes:networking.k8s.io/v1:NetworkPolicy", { ...meta(ns("acme-corp"), "broken"), spec: { podSelector: {}, policyTypes: 5 } });
        await expect(run(tenantNamespaceGuardrails, [namespace, quota, limits, denyAll(ns("acme-corp")), broken])).rejects.toThrow("types.includes is not a function");
    });
});

describe("Grafana grants and mappings: the rest of the rules", () => {
    const rules = { platformAdminTeams: ["stoa-platform-admins"], forbiddenOrgRoles: ["Viewer", "Editor"] };
    it("refuses an organization role when nothing says the permission is in a tenant organization, and says access for a grant without a permission", () => {
        expect(grantProblem({ role: "Viewer" }, "acme-corp", undefined, rules)).toBe("must not grant access to every Viewer of the main organization");
        expect(grantProblem({ role: "Viewer" }, "acme-corp", undefined, rules, true)).toBeUndefined();
    });
    it("names a team of no tenant without a tenant", () => {
        expect(grantProblem({ team: "5" }, "acme-corp", "marketing", rules)).toBe("must not grant access to team marketing");
        expect(grantProblem({ team: "5", permission: "Edit" }, "acme-corp", "tenant-globex", rules)).toBe("must not grant Edit to team tenant-globex of tenant globex");
    });
    it("sends a tenant's group to its own organization only, and says which groups it could not judge", () => {
        const orgs = { orgOfTenant: new Map([["acme-corp", "7"]]), tenantOfOrg: new Map([["7", "acme-corp"], ["9", "globex"]]) };
        const unchecked: string[] = [];
        expect(mappingProblem({ external: "/tenant-acme-corp/devops", orgId: "12" }, orgs, unchecked)).toBe("must map group /tenant-acme-corp/devops of tenant acme-corp to its own organization 7, not 12");
        expect(mappingProblem({ external: "/tenant-oasis/devops", orgId: "12" }, orgs, unchecked)).toBeUndefined();
        expect(unchecked).toEqual(["group /tenant-oasis/devops of tenant oasis: the tenant has no organization in this stack to compare organization 12 with"]);
        // An organization known to be the tenant's own is judged, even without the tenant's own entry.
        const claimed: string[] = [];
        expect(mappingProblem({ external: "/tenant-oasis/devops", orgId: "12" }, { orgOfTenant: new Map(), tenantOfOrg: new Map([["12", "oasis"]]) }, claimed)).toBeUndefined();
        expect(claimed).toEqual([]);
    });
});

describe("grafana-permissions-own-tenant under the real engine: the teams a permission depends on", () => {
    const acme = tenantIsolation("acme-corp");
    const globex = tenantIsolation("globex");
    const acmeTeam = resource("grafana:oss/team:Team", { name: "tenant-acme-corp" }, { parent: acme, name: "acme-corp/team" });
    const globexTeam = resource("grafana:oss/team:Team", { name: "tenant-globex" }, { parent: globex, name: "globex/team" });
    const folder = resource("grafana:oss/folder:Folder", { uid: "tenant-globex", title: "globex" }, { parent: globex, name: "globex/folder" });
    const permission = resource("grafana:oss/folderPermission:FolderPermission", { folderUid: "tenant-acme-corp", permissions: [] }, { parent: acme, name: "acme-corp/folder-permissions" });
    it("refuses another tenant's team among the dependencies, and only teams count", () => {
        const resources = stackResources([acme, globex, acmeTeam, globexTeam, folder, permission]);
        const byName = (name: string) => resources.find((r) => r.name === name)!;
        byName("acme-corp/folder-permissions").propertyDependencies = { permissions: [byName("acme-corp/team"), byName("globex/team"), byName("globex/folder")] };
        const reported: string[] = [];
        const args = { resources, stackTags: new Map<string, string>(), getConfig: <T>() => ({}) as T, notApplicable: () => undefined } as unknown as StackValidationArgs;
        void grafanaPermissionsOwnTenant.validateStack(args, (message: string) => reported.push(message));
        expect(reported).toEqual(["FolderPermission acme-corp/folder-permissions on tenant-acme-corp of tenant acme-corp must not grant access to team tenant-globex of tenant globex."]);
    });
    it("reads a dependency team by its name, else its logical name, also for an item's team", () => {
        const unnamed = resource("grafana:oss/team:Team", {}, { parent: globex, name: "tenant-globex" });
        const item = resource("grafana:oss/folderPermissionItem:FolderPermissionItem", { folderUid: "tenant-acme-corp", permission: "View" }, { parent: acme, name: "acme-corp/item" });
        const resources = stackResources([acme, globex, unnamed, item]);
        resources[3].propertyDependencies = { team: [resources[2]] } as unknown as PolicyResource["propertyDependencies"];
        const reported: string[] = [];
        const args = { resources, stackTags: new Map<string, string>(), getConfig: <T>() => ({}) as T, notApplicable: () => undefined } as unknown as StackValidationArgs;
        void grafanaPermissionsOwnTenant.validateStack(args, (message: string) => reported.push(message));
        expect(reported).toEqual(["FolderPermissionItem acme-corp/item on tenant-acme-corp of tenant acme-corp must not grant access to team tenant-globex of tenant globex."]);
    });
});

describe("grafana-objects-in-tenant-org: SSO settings whose values are not known", () => {
    const SSO = "grafana:oss/ssoSettings:SsoSettings";
    it("leaves SSO settings of the login component to the component, whose mapping is in the clear", async () => {
        const login = resource(GRAFANA_LOGIN_TYPE, { orgMapping: "/tenant-acme-corp/devops:7:Editor" }, { name: "platform-grafana" });
        const settings = resource(SSO, { providerName: "generic_oauth", oauth2Settings: "[secret]" }, { parent: login, name: "platform-grafana-sso" });
        expect(await run(grafanaObjectsInTenantOrg, [login, settings])).toEqual([
            expect.objectContaining({ enforcementLevel: "advisory", message: expect.stringContaining("group /tenant-acme-corp/devops of tenant acme-corp: the tenant has no organization") }),
        ]);
    });
    it("is not applicable to other SSO settings it cannot read", async () => {
        await expectNotApplicable(grafanaObjectsInTenantOrg, [resource(SSO, { providerName: "generic_oauth", oauth2Settings: "[secret]" }, { name: "hand-written-sso" })], "hand-written-sso: string value at .oauth2Settings can't be known during preview");
        const other = resource("example:index:Parent", {}, { name: "other-parent" });
        await expectNotApplicable(grafanaObjectsInTenantOrg, [other, resource(SSO, { providerName: "generic_oauth", oauth2Settings: "[secret]" }, { parent: other, name: "child-sso" })], "child-sso");
    });
});

describe("gateway references to a Secret that a certificate writes", () => {
    const oasis = tenantIsolation("oasis", { tier: "community" });
    const globex = tenantIsolation("globex", { tier: "business" });
    const consumer = resource("kubernetes:configuration.konghq.com/v1:KongConsumer", { ...meta("stoa-system", "tenant-oasis"), username: "oasis", custom_id: "oasis", credentials: ["tenant-globex-tls"] }, { parent: oasis });
    const certificate = (type: string, name: string, spec?: Record<string, unknown>) => resource(type, { ...meta("stoa-system", name), ...(spec ? { spec } : {}) }, { parent: globex });
    it("finds the cert-manager Certificate that writes the Secret, and no other kind of Certificate, in the order of the stack", async () => {
        const violations = await run(gatewayObjectsOwnTenant, [
            oasis,
            globex,
            certificate("kubernetes:cert-manager.io/v1:Certificate", "globex-tls", { secretName: "tenant-globex-tls", issuerRef: { name: "ca" } }),
            certificate("kubernetes:cert-manager.io/v1:Certificate", "globex-pending"),
            certificate("kubernetes:cert-manager.io/v1:Certificate", "globex-nameless", { issuerRef: { name: "ca" } }),
            certificate("kubernetes:example.io/v1:Certificate", "globex-other", { secretName: "tenant-globex-tls" }),
            resource("kubernetes:core/v1:Secret", meta("stoa-system", "tenant-globex-tls"), { parent: globex }),
            consumer,
        ]);
        expect(mandatory(violations).map((v) => v.message)).toEqual([
            "KongConsumer tenant-oasis of tenant oasis must reference only its own tenant's objects: credentials names Certificate globex-tls of tenant globex.",
            "KongConsumer tenant-oasis of tenant oasis must reference only its own tenant's objects: credentials names Secret tenant-globex-tls of tenant globex.",
        ]);
    });
    it("passes a reference to a Secret that the tenant's own certificate writes", async () => {
        const own = resource("kubernetes:cert-manager.io/v1:Certificate", { ...meta("stoa-system", "oasis-tls"), spec: { secretName: "tenant-globex-tls", issuerRef: { name: "ca" } } }, { parent: oasis });
        await expectNoViolations(gatewayObjectsOwnTenant, [oasis, own, consumer]);
        expect((await evaluatePolicies([oasis, own, consumer], { policies: [gatewayObjectsOwnTenant] })).length).toBe(0);
    });
});

describe("Keycloak: objects without a realm, and clients' other fields", () => {
    const owner = tenantIsolation("acme-corp");
    it("passes a tenant's Keycloak object that names no realm", async () => {
        await expectNoViolations(keycloakObjectsInTenantRealm, [owner, resource("keycloak:index/user:User", { username: "robot" }, { parent: owner })]);
    });
    it("checks post-logout redirect URIs like redirect URIs", () => {
        const rules = { allowDeviceAuthorizationGrant: false };
        expect(clientProblems({ accessType: "CONFIDENTIAL", validPostLogoutRedirectUris: ["https://portal.example/*", "http://portal.example/bye"] }, rules)).toEqual([
            "must not use wildcard validPostLogoutRedirectUris https://portal.example/*",
            "must redirect over https or to a loopback address, not http://portal.example/bye",
        ]);
    });
    it("asks a bearer-only client only about its URIs", () => {
        expect(clientProblems({ accessType: "BEARER-ONLY", implicitFlowEnabled: true, directAccessGrantsEnabled: true }, { allowDeviceAuthorizationGrant: false })).toEqual([]);
        expect(clientProblems({ accessType: "CONFIDENTIAL", implicitFlowEnabled: true, directAccessGrantsEnabled: true }, { allowDeviceAuthorizationGrant: false })).toEqual(["must not enable the implicit flow"]);
    });
    it("names a client without a clientId by its logical name", async () => {
        await expectViolation(
            keycloakClientHardened,
            [resource("keycloak:openid/client:Client", { accessType: "PUBLIC", realmId: "acme-corp", implicitFlowEnabled: true }, { name: "unnamed-client" })],
            "Client unnamed-client (PUBLIC) must not enable the implicit flow.",
        );
    });
});

describe("gateway-objects-own-tenant: objects of no tenant", () => {
    const globex = tenantIsolation("globex", { tier: "business" });
    const oasis = tenantIsolation("oasis", { tier: "community" });
    const globexKey = resource("kubernetes:core/v1:Secret", meta("stoa-system", "tenant-globex-key-auth"), { parent: globex });
    const platformKey = resource("kubernetes:core/v1:Secret", meta("stoa-system", "platform-key-auth"));
    const consumer = (owner: typeof oasis | undefined, username: string, credentials: string[]) =>
        resource("kubernetes:configuration.konghq.com/v1:KongConsumer", { ...meta("stoa-system", `consumer-${username}`), username, credentials }, owner ? { parent: owner } : {});
    it("leaves a consumer of no tenant alone, whatever it names", async () => {
        await expectNoViolations(gatewayObjectsOwnTenant, [globex, globexKey, consumer(undefined, "platform", ["tenant-globex-key-auth"])]);
    });
    it("lets a tenant's consumer reference an object of no tenant", async () => {
        await expectNoViolations(gatewayObjectsOwnTenant, [oasis, platformKey, consumer(oasis, "oasis", ["platform-key-auth"])]);
    });
});

describe("tenant-namespace-guardrails: which guardrails each namespace lacks", () => {
    const namespace = fixture(k8s.core.v1.Namespace, meta(undefined, ns("acme-corp")));
    const quota = fixture(k8s.core.v1.ResourceQuota, { ...meta(ns("acme-corp"), "quota"), spec: { hard: { pods: "10" } } });
    const limits = fixture(k8s.core.v1.LimitRange, { ...meta(ns("acme-corp"), "limits"), spec: { limits: [{ type: "Container" }] } });
    const messages = async (resources: ReturnType<typeof fixture>[]) => mandatory(await run(tenantNamespaceGuardrails, resources)).map((v) => v.message);
    it("names all four for a namespace alone", async () => {
        expect(await messages([namespace])).toEqual([
            "Namespace tenant-acme-corp must have a ResourceQuota, a LimitRange, a default-deny ingress NetworkPolicy, a default-deny egress NetworkPolicy.",
        ]);
    });
    it("names only the missing ones beside a quota, beside a LimitRange, and beside a NetworkPolicy without a spec", async () => {
        expect(await messages([namespace, quota])).toEqual(["Namespace tenant-acme-corp must have a LimitRange, a default-deny ingress NetworkPolicy, a default-deny egress NetworkPolicy."]);
        expect(await messages([namespace, limits])).toEqual(["Namespace tenant-acme-corp must have a ResourceQuota, a default-deny ingress NetworkPolicy, a default-deny egress NetworkPolicy."]);
        const specless = resource("kubernetes:networking.k8s.io/v1:NetworkPolicy", meta(ns("acme-corp"), "specless"));
        expect(await messages([namespace, quota, limits, specless])).toEqual(["Namespace tenant-acme-corp must have a default-deny ingress NetworkPolicy, a default-deny egress NetworkPolicy."]);
    });
    it("does not take a policy that selects pods by expression for a default deny", () => {
        expect(defaultDenies({ podSelector: { matchExpressions: [{ key: "app", operator: "Exists" }] }, policyTypes: ["Ingress", "Egress"] })).toEqual({ ingress: false, egress: false });
        expect(defaultDenies({ podSelector: { matchLabels: { app: "web" } }, policyTypes: ["Ingress", "Egress"] })).toEqual({ ingress: false, egress: false });
        expect(defaultDenies(undefined)).toEqual({ ingress: false, egress: false });
    });
});

describe("network policies: the remaining shapes of selectors and ranges", () => {
    const policy = (spec: Record<string, unknown>) => resource("kubernetes:networking.k8s.io/v1:NetworkPolicy", { ...meta(ns("acme-corp"), "allow"), spec: { podSelector: {}, ...spec } });
    const byName = { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["stoa-system"] }] };
    it("passes a namespaceSelector that names namespaces by expression only", async () => {
        await expectNoViolations(networkPolicyTrustedNamespaceSelectors, [policy({ egress: [{ to: [{ namespaceSelector: byName }] }] })]);
    });
    it("takes pods named by expression only as named pods", async () => {
        await expectNoViolations(networkPolicyPlatformEgressNamed, [policy({ egress: [{ to: [{ namespaceSelector: byName, podSelector: { matchExpressions: [{ key: "app", operator: "In", values: ["api"] }] } }], ports: [{ port: 443 }] }] })]);
    });
    it("skips a cluster range it cannot read and an except entry it cannot read", () => {
        expect(clusterRangeProblem({ cidr: "10.1.0.0/16" }, ["not-a-range", "10.0.0.0/8"])).toBe("10.1.0.0/16 overlaps the cluster's range 10.0.0.0/8; name pods with a namespaceSelector, or except that range");
        expect(clusterRangeProblem({ cidr: "10.1.0.0/16", except: ["junk", "10.1.0.0/16"] }, ["10.0.0.0/8"])).toBeUndefined();
    });
    it("needs one except entry, not every one, to cover the overlap", () => {
        expect(clusterRangeProblem({ cidr: "10.0.0.0/8", except: ["10.1.0.0/16", "10.0.0.0/8"] }, ["10.0.0.0/8"])).toBeUndefined();
    });
});

describe("tenant-ingress-hosts: one problem per outside host", () => {
    it("names a host published twice, by a rule and by TLS, once", () => {
        expect(ingressHostProblems({ rules: [{ host: "globex.apps.example.com" }], tls: [{ hosts: ["globex.apps.example.com"] }] }, "acme-corp", "apps.example.com")).toEqual([
            "publishes globex.apps.example.com, outside acme-corp.apps.example.com",
        ]);
    });
});

describe("tenant-volume-storage-class: a claim without a name or a spec", () => {
    it("names an unnamed claim by 'claim' and reads a claim without a spec as the cluster default", async () => {
        await expectViolation(
            tenantVolumeStorageClass,
            [resource("kubernetes:core/v1:PersistentVolumeClaim", { metadata: { namespace: ns("acme-corp") } }, { name: "data" })],
            "Volume claim tenant-acme-corp/claim must use StorageClass encrypted-ssd (got the cluster default).",
        );
    });
    it("leaves a claim outside tenant namespaces alone", async () => {
        await expectNoViolations(tenantVolumeStorageClass, [fixture(k8s.core.v1.PersistentVolumeClaim, { ...meta("stoa-system", "data"), spec: { storageClassName: "standard" } })]);
    });
});

describe("rolebinding-clusterrole-within-tenant-bounds: which bindings name a ClusterRole", () => {
    const writer = (metadata: boolean) =>
        resource("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", { ...(metadata ? meta(undefined, "writer") : {}), rules: [{ apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"], verbs: ["create"] }] }, { name: "writer" });
    const binding = (kind: string) =>
        fixture(k8s.rbac.v1.RoleBinding, { ...meta(ns("acme-corp"), "bind-writer"), roleRef: { apiGroup: "rbac.authorization.k8s.io", kind, name: "writer" }, subjects: [{ kind: "Group", name: "tenant:acme-corp:devops" }] });
    it("leaves a binding of a Role alone, even when a ClusterRole has the same name", async () => {
        await expectNoViolations(roleBindingClusterRoleWithinTenantBounds, [writer(true), binding("Role")]);
    });
    it("knows a ClusterRole without metadata.name by its logical name", async () => {
        await expectViolation(
            roleBindingClusterRoleWithinTenantBounds,
            [writer(false), binding("ClusterRole")],
            "RoleBinding tenant-acme-corp/bind-writer binds ClusterRole writer, which a tenant Role could not hold: rules[0] writes networking.k8s.io/networkpolicies.",
        );
    });
});

describe("resource-quota-within-tier: scopes", () => {
    const owner = tenantIsolation("oasis", { tier: "community" });
    it("lets a quota with scopes bound only what it counts", async () => {
        await expectNoViolations(resourceQuotaWithinTier, [owner, fixture(k8s.core.v1.ResourceQuota, { ...meta(ns("oasis"), "best-effort"), spec: { hard: { pods: "5" }, scopes: ["BestEffort"] } }, { parent: owner })]);
    });
    it("asks a quota with an empty scope list to bound every key", async () => {
        const violations = mandatory(await run(resourceQuotaWithinTier, [owner, fixture(k8s.core.v1.ResourceQuota, { ...meta(ns("oasis"), "quota"), spec: { hard: { pods: "5" }, scopes: [] } }, { parent: owner })]));
        expect(violations.map((v) => v.message)).toContain("ResourceQuota tenant-oasis/quota must stay within the community tier: services is not bounded.");
    });
});

describe("gateway-rate-limit-within-tier: one object, and a total at the ceiling", () => {
    const owner = tenantIsolation("oasis", { tier: "community" });
    const plugin = (name: string, minute: number) =>
        resource("kubernetes:configuration.konghq.com/v1:KongPlugin", { ...meta("stoa-system", name), plugin: "rate-limiting", config: { minute, month: 432000 } }, { parent: owner });
    it("reports a single object above the ceiling once, with no total", async () => {
        expect(mandatory(await run(gatewayRateLimitWithinTier, [owner, plugin("alone", 1001)])).map((v) => v.message)).toEqual([
            "KongPlugin alone of tenant oasis must allow at most 1000 requests per minute (community tier), not 1001.",
        ]);
    });
    it("passes objects whose total is exactly the ceiling", async () => {
        await expectNoViolations(gatewayRateLimitWithinTier, [owner, plugin("first", 500), plugin("second", 500)]);
    });
});

describe("Grafana: teams by name, permissions of no tenant, and which organization is whose", () => {
    const acme = tenantIsolation("acme-corp");
    const globex = tenantIsolation("globex");
    const globexTeam = resource("grafana:oss/team:Team", { name: "tenant-globex", teamId: 12, orgId: "1" }, { parent: globex, name: "globex/team" });
    const FOLDER = "grafana:oss/folder:Folder";
    const folder = (owner: typeof acme, orgId: string, name: string) => resource(FOLDER, { orgId, uid: name }, { parent: owner, name });
    const messages = async (resources: ReturnType<typeof resource>[]) => mandatory(await run(grafanaObjectsInTenantOrg, resources)).map((v) => v.message);
    it("knows a team of the stack by its name, as the mocks give it", async () => {
        await expectViolation(
            grafanaPermissionsOwnTenant,
            [acme, globex, globexTeam, resource("grafana:oss/folderPermission:FolderPermission", { folderUid: "tenant-acme-corp", permissions: [{ teamId: "tenant-globex", permission: "View" }] }, { parent: acme, name: "perm" })],
            "FolderPermission perm on tenant-acme-corp of tenant acme-corp must not grant View to team tenant-globex of tenant globex.",
        );
    });
    it("leaves a permission on a folder of no tenant alone", async () => {
        await expectNoViolations(grafanaPermissionsOwnTenant, [
            globex,
            globexTeam,
            resource("grafana:oss/folderPermission:FolderPermission", { folderUid: "platform-dashboards", permissions: [{ teamId: "12", permission: "View" }] }, { name: "platform-perm" }),
        ]);
    });
    it("takes the organization most of a tenant's objects name, the smaller id on a tie", async () => {
        expect(await messages([acme, folder(acme, "9", "a"), folder(acme, "9", "b"), folder(acme, "8", "c")])).toEqual(["Folder c of tenant acme-corp must be in organization 9 of tenant acme-corp, not organization 8."]);
        expect(await messages([acme, folder(acme, "9", "a"), folder(acme, "8", "b")])).toEqual(["Folder a of tenant acme-corp must be in organization 8 of tenant acme-corp, not organization 9."]);
    });
    it("never takes the main organization for a tenant's own", async () => {
        expect(await messages([acme, folder(acme, "1", "a"), folder(acme, "1", "b"), folder(acme, "7", "c")])).toEqual([
            "Folder a of tenant acme-corp must not be in Grafana's main organization.",
            "Folder b of tenant acme-corp must not be in Grafana's main organization.",
        ]);
    });
    it("gives an organization to the tenant whose Organization declares it, before one whose objects only name it", async () => {
        const organization = resource("grafana:oss/organization:Organization", { name: "tenant-acme-corp", orgId: 7 }, { parent: acme, name: "acme-corp/organization" });
        expect(await messages([acme, globex, organization, folder(acme, "7", "acme-folder"), folder(globex, "7", "globex-folder")])).toEqual([
            "Folder globex-folder of tenant globex must be in the organization of tenant globex, not organization 7 of tenant acme-corp.",
        ]);
    });
});

describe("workloads and placement: what the policies leave alone", () => {
    const owner = tenantIsolation("acme-corp");
    it("leaves a tenant's objects that are no workload to the other policies", async () => {
        await expectNoViolations(workloadRestrictedPodSecurity, [fixture(k8s.core.v1.ConfigMap, { ...meta(ns("acme-corp"), "settings"), data: { a: "b" } })]);
    });
    it("judges only Kubernetes objects of a tenant", async () => {
        await expectNoViolations(tenantResourcesInTenantNamespace, [
            owner,
            resource("keycloak:index/realm:Realm", { realm: "acme-corp" }, { parent: owner }),
            fixture(k8s.core.v1.ConfigMap, { ...meta("default", "platform-settings"), data: { a: "b" } }),
        ]);
    });
});

describe("gateway references that name their own namespace", () => {
    const oasis = tenantIsolation("oasis", { tier: "community" });
    const globex = tenantIsolation("globex", { tier: "business" });
    const GRAVITEE = "kubernetes:gravitee.io/v1alpha1";
    it("look the object up in the namespace the reference names, not the referrer's", async () => {
        const application = resource(`${GRAVITEE}:Application`, { ...meta("stoa-system", "tenant-globex"), spec: { name: "tenant-globex", settings: { app: { type: "stoa-tenant", clientId: "globex" } } } }, { parent: globex });
        const subscription = resource(
            `${GRAVITEE}:Subscription`,
            { ...meta("gravitee-subscriptions", "tenant-oasis-mtls"), spec: { api: { name: "tenant-oasis", namespace: "stoa-system" }, application: { name: "tenant-globex", namespace: "stoa-system" }, plan: "MTLS" } },
            { parent: oasis },
        );
        await expectViolation(
            gatewayObjectsOwnTenant,
            [oasis, globex, application, subscription],
            "Subscription tenant-oasis-mtls of tenant oasis must reference only its own tenant's objects: spec.application names Application tenant-globex of tenant globex.",
        );
    });
});

describe("quota arithmetic and ceilings, more edges", () => {
    it("scales every digit of a quantity", () => {
        expect(scaleQuantityText("12Gi", 1.5)).toBe("18Gi");
        expect(scaleQuantityText("2.5", 2)).toBe("5");
    });
    it("refuses a tier whose quota ceiling is not configured, even with a rate-limit ceiling", async () => {
        const owner = tenantIsolation("oasis", { tier: "community" });
        await expectViolation(
            gatewayRateLimitWithinTier,
            [owner, resource("kubernetes:configuration.konghq.com/v1:KongPlugin", { ...meta("stoa-system", "limit"), plugin: "rate-limiting", config: { minute: 10, month: 1000 } }, { parent: owner })],
            "KongPlugin limit of tenant oasis must belong to a tenant of a known tier (got community).",
            { quotaCeilings: { starter: 1 } },
        );
    });
});

describe("pod security and RBAC, more edges", () => {
    const restricted = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } };
    it("finds a host port among several ports, and lets a container's user override the pod's", () => {
        expect(
            podSecurityProblems({
                securityContext: { runAsNonRoot: true, runAsUser: 0, seccompProfile: { type: "RuntimeDefault" } },
                containers: [
                    { name: "web", securityContext: { ...restricted, runAsUser: 1000 }, ports: [{}, { hostPort: 8080 }] },
                    { name: "root", securityContext: restricted },
                ],
            }),
        ).toEqual(["container web must not use host ports", "container root must not run as user 0"]);
    });
    it("passes a ClusterRoleBinding of a platform namespace's service account", async () => {
        await expectNoViolations(clusterRoleBindingNoTenantSubjects, [
            fixture(k8s.rbac.v1.ClusterRoleBinding, {
                metadata: { name: "platform-operator" },
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
                subjects: [{ kind: "ServiceAccount", name: "operator", namespace: "stoa-system" }],
            }),
        ]);
    });
    it("leaves a tenant's own Role named like a forbidden ClusterRole alone", async () => {
        await expectNoViolations(roleBindingNoClusterAdmin, [
            fixture(k8s.rbac.v1.RoleBinding, { ...meta(ns("acme-corp"), "edit"), roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "edit" }, subjects: [{ kind: "Group", name: "tenant:acme-corp:devops" }] }),
        ]);
    });
});

describe("Grafana organizations and cluster-scoped kinds of a tenant", () => {
    const acme = tenantIsolation("acme-corp");
    it("does not ask a tenant's Organization for an organization id it does not show yet", async () => {
        await expectNoViolations(grafanaObjectsInTenantOrg, [
            acme,
            resource("grafana:oss/organization:Organization", { name: "tenant-acme-corp" }, { parent: acme, name: "acme-corp/organization" }),
            resource("grafana:oss/folder:Folder", { orgId: "7", uid: "tenant-acme-corp" }, { parent: acme, name: "acme-corp/folder" }),
        ]);
    });
    it("leaves a tenant's cluster-scoped objects to the other policies", async () => {
        await expectNoViolations(tenantResourcesInTenantNamespace, [acme, fixture(k8s.rbac.v1.ClusterRole, { metadata: { name: "tenant-acme-corp-reader" }, rules: [] }, { parent: acme })]);
    });
});
