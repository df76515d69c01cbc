/** Table tests of the pure builders: labels, NetworkPolicies, RBAC rules, OPA document, Velero, auth config. */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { accessFor, ENVIRONMENTS, TENANT_GROUPS, TENANT_STATUSES, TIERS, tenantNames, type Permission, type TenantGroup } from "../../components/model";
import { namespaceAnnotations, namespaceLabels } from "../../components/kubernetes/namespace";
import { networkPolicySpecs } from "../../components/kubernetes/networkPolicies";
import { groupBindings, roleRules, type PolicyRule } from "../../components/kubernetes/rbac";
import { opaTenantDocument } from "../../components/kubernetes/opaContext";
import { veleroScheduleSpec, veleroTtl } from "../../components/kubernetes/backupSchedule";
import { authenticationConfiguration, authenticationConfigurationYaml, realmIssuer } from "../../components/platform/kubernetes";
import { expectedNamespaceLabels } from "./helpers";

describe("namespace labels", () => {
    it("are exactly the tenant, tier, status, managed-by and Pod Security restricted with pinned versions", () => {
        expect(namespaceLabels({ id: "acme", tierName: "enterprise", status: "suspended" })).toEqual(expectedNamespaceLabels("acme", "enterprise", "suspended"));
    });

    it.each([
        ["active", undefined, {}],
        ["suspended", undefined, {}],
        ["archived", "2027-01-01T00:00:00.000Z", { "stoa.io/retain-until": "2027-01-01T00:00:00.000Z" }],
    ] as const)("annotations of a %s tenant", (status, retainUntil, expected) => {
        expect(namespaceAnnotations({ status, retainUntil })).toEqual(expected);
    });
});

describe("networkPolicySpecs", () => {
    const policies = networkPolicySpecs("stoa-system");
    const byName = Object.fromEntries(policies.map((p) => [p.name, p.spec]));

    it("deny all by default: every pod, both directions, no rules", () => {
        expect(byName["stoa-default-deny"]).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    });

    it("allow the namespace itself with a bare podSelector peer (no namespaceSelector)", () => {
        expect(byName["stoa-allow-same-namespace"]).toEqual({
            podSelector: {},
            policyTypes: ["Ingress", "Egress"],
            ingress: [{ from: [{ podSelector: {} }] }],
            egress: [{ to: [{ podSelector: {} }] }],
        });
    });

    it("allow ingress from the platform namespace, selected by its unforgeable name label, and egress only to the platform pods and ports tenants need", () => {
        const ns = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "stoa-system" } } };
        expect(byName["stoa-allow-platform"]).toEqual({
            podSelector: {},
            policyTypes: ["Ingress", "Egress"],
            ingress: [{ from: [ns] }],
            egress: [
                {
                    to: [{ ...ns, podSelector: { matchLabels: { "app.kubernetes.io/name": "kong" } } }],
                    ports: [
                        { protocol: "TCP", port: 8000 },
                        { protocol: "TCP", port: 8443 },
                    ],
                },
                { to: [{ ...ns, podSelector: { matchLabels: { "app.kubernetes.io/name": "stoa-control-plane" } } }], ports: [{ protocol: "TCP", port: 8080 }] },
                { to: [{ ...ns, podSelector: { matchLabels: { "app.kubernetes.io/name": "postgresql" } } }], ports: [{ protocol: "TCP", port: 5432 }] },
            ],
        });
        expect(JSON.stringify(networkPolicySpecs("platform-x"))).toContain('"kubernetes.io/metadata.name":"platform-x"');
    });

    it("never open the whole platform namespace: every egress rule into it names pods and ports (Redis stays closed)", () => {
        const custom = networkPolicySpecs("stoa-system", [{ name: "api", podLabels: { app: "api" }, ports: [{ protocol: "UDP", port: 9000 }] }]);
        const platform = custom.find((p) => p.name === "stoa-allow-platform")!.spec;
        expect(platform.egress).toEqual([
            { to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "stoa-system" } }, podSelector: { matchLabels: { app: "api" } } }], ports: [{ protocol: "UDP", port: 9000 }] },
        ]);
        for (const rule of byName["stoa-allow-platform"].egress ?? []) {
            expect(rule.ports?.length).toBeGreaterThan(0);
            for (const peer of rule.to) expect(Object.keys(peer.podSelector?.matchLabels ?? {})).not.toHaveLength(0);
        }
        expect(JSON.stringify(byName["stoa-allow-platform"])).not.toContain("redis");
    });

    it("allow DNS to kube-dns in kube-system on UDP and TCP 53 only", () => {
        expect(byName["stoa-allow-dns"]).toEqual({
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [
                {
                    to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
                    ports: [
                        { protocol: "UDP", port: 53 },
                        { protocol: "TCP", port: 53 },
                    ],
                },
            ],
        });
    });

    it("never an empty namespaceSelector, a tenant-settable label, or an ipBlock", () => {
        for (const { spec } of policies) {
            const peers = [...(spec.ingress ?? []).flatMap((r) => r.from), ...(spec.egress ?? []).flatMap((r) => r.to)];
            for (const peer of peers) {
                expect(peer).not.toHaveProperty("ipBlock");
                if (peer.namespaceSelector) expect(Object.keys(peer.namespaceSelector.matchLabels)).toEqual(["kubernetes.io/metadata.name"]);
            }
        }
        expect(JSON.stringify(policies)).not.toContain("stoa.io/tenant-id");
    });

    it("names are stable and unique", () => {
        expect(policies.map((p) => p.key)).toEqual(["netpol-default-deny", "netpol-same-namespace", "netpol-platform", "netpol-dns"]);
        expect(new Set(policies.map((p) => p.name)).size).toBe(policies.length);
    });
});

const READ = ["get", "list", "watch"];
const FORBIDDEN_RESOURCES = ["roles", "rolebindings", "clusterroles", "clusterrolebindings", "namespaces", "nodes", "persistentvolumes", "storageclasses", "customresourcedefinitions"];
const GUARD_RAILS = ["resourcequotas", "limitranges", "networkpolicies"];

function verbsOn(rules: PolicyRule[], apiGroup: string, resource: string): Set<string> {
    return new Set(rules.filter((r) => r.apiGroups.includes(apiGroup) && r.resources.includes(resource)).flatMap((r) => r.verbs));
}

describe("roleRules", () => {
    const cases: [TenantGroup, Permission][] = TENANT_GROUPS.flatMap((g) => (["write", "read", "none"] as const).map((p) => [g, p] as [TenantGroup, Permission]));

    it.each(cases)("%s at %s: nothing forbidden, guard rails read-only, no wildcard, no bind/escalate/impersonate", (group, permission) => {
        const rules = roleRules(group, permission);
        for (const rule of rules) {
            expect(rule.apiGroups).not.toContain("*");
            expect(rule.resources).not.toContain("*");
            expect(rule.verbs).not.toContain("*");
            expect(rule.apiGroups).not.toContain("rbac.authorization.k8s.io");
            for (const verb of ["bind", "escalate", "impersonate"]) expect(rule.verbs).not.toContain(verb);
            for (const resource of FORBIDDEN_RESOURCES) expect(rule.resources).not.toContain(resource);
            // The tenant CA issues only the platform's certificates; scheduling classes are the platform's.
            for (const group of ["cert-manager.io", "acme.cert-manager.io", "configuration.konghq.com", "scheduling.k8s.io", "node.k8s.io"]) expect(rule.apiGroups).not.toContain(group);
            expect(rule.resources).not.toContain("serviceaccounts/token");
        }
        for (const resource of GUARD_RAILS) {
            const verbs = [...verbsOn(rules, "", resource), ...verbsOn(rules, "networking.k8s.io", resource)];
            expect(verbs.every((v) => READ.includes(v))).toBe(true);
        }
    });

    it("none is no rules at all", () => {
        for (const group of TENANT_GROUPS) expect(roleRules(group, "none")).toEqual([]);
    });

    it.each(TENANT_GROUPS)("%s at read: only get/list/watch, and no Secrets", (group) => {
        const rules = roleRules(group, "read");
        expect(rules.length).toBeGreaterThan(0);
        expect(new Set(rules.flatMap((r) => r.verbs))).toEqual(new Set(READ));
        expect(verbsOn(rules, "", "secrets").size).toBe(0);
        expect(verbsOn(rules, "apps", "deployments")).toEqual(new Set(READ));
    });

    it("viewer stays read-only even if a plan said write", () => {
        expect(roleRules("viewer", "write")).toEqual(roleRules("viewer", "read"));
    });

    it("devops at write deploys and promotes: workloads, services, config maps, ingresses, jobs; no Secrets, no pods exec", () => {
        const rules = roleRules("devops", "write");
        for (const [group, resource] of [
            ["apps", "deployments"],
            ["apps", "statefulsets"],
            ["", "services"],
            ["", "configmaps"],
            ["networking.k8s.io", "ingresses"],
            ["batch", "jobs"],
            ["batch", "cronjobs"],
        ]) {
            expect(verbsOn(rules, group, resource)).toContain("create");
            expect(verbsOn(rules, group, resource)).toContain("patch");
        }
        expect(verbsOn(rules, "", "secrets").size).toBe(0);
        expect(verbsOn(rules, "", "pods/exec").size).toBe(0);
        expect(verbsOn(rules, "", "pods")).toEqual(new Set(READ));
    });

    it("tenant-admin at write also manages Secrets, pods, volumes and service accounts", () => {
        const rules = roleRules("tenant-admin", "write");
        for (const resource of ["secrets", "pods", "persistentvolumeclaims", "serviceaccounts", "configmaps", "services"]) {
            expect(verbsOn(rules, "", resource)).toContain("delete");
        }
        expect(verbsOn(rules, "", "pods/exec")).toContain("create");
        expect(verbsOn(rules, "apps", "daemonsets")).toEqual(new Set(READ));
    });
});

/** The brief's lifecycle: archived has no access; suspended and prod (without production_write) are read-only; viewer reads. */
const WRITERS = { "tenant-admin": "write", devops: "write", viewer: "read" };
const READERS = { "tenant-admin": "read", devops: "read", viewer: "read" };
const EXPECTED_BINDINGS: Record<string, Record<string, string>> = {
    "active dev false": WRITERS,
    "active dev true": WRITERS,
    "active staging false": WRITERS,
    "active staging true": WRITERS,
    "active prod false": READERS,
    "active prod true": WRITERS,
    "suspended dev false": READERS,
    "suspended dev true": READERS,
    "suspended staging false": READERS,
    "suspended staging true": READERS,
    "suspended prod false": READERS,
    "suspended prod true": READERS,
    "archived dev false": {},
    "archived dev true": {},
    "archived staging false": {},
    "archived staging true": {},
    "archived prod false": {},
    "archived prod true": {},
};

describe("groupBindings", () => {
    it.each(TENANT_STATUSES.flatMap((s) => ENVIRONMENTS.flatMap((e) => [false, true].map((w) => [s, e, w] as const))))(
        "%s in %s (production_write %s): one binding per group with access, subjects prefixed",
        (status, environment, productionWrite) => {
            const bindings = groupBindings(tenantNames("acme").kubernetesGroupPrefix, accessFor(status, environment, productionWrite));
            const expected = EXPECTED_BINDINGS[`${status} ${environment} ${productionWrite}`];
            expect(Object.fromEntries(bindings.map((b) => [b.group, b.permission]))).toEqual(expected);
            expect(bindings.map((b) => b.group)).toEqual(Object.keys(expected));
            for (const b of bindings) {
                expect(b.subject).toBe(`tenant:acme:${b.group}`);
                expect(b.name).toBe(`stoa-${b.group}`);
            }
        },
    );

    it("the brief's lifecycle: archived has no binding; suspended and prod (without production_write) are read-only", () => {
        const prefix = "tenant:x:";
        expect(groupBindings(prefix, accessFor("archived", "dev", true))).toEqual([]);
        const writers = (status: "active" | "suspended", env: "dev" | "staging" | "prod", pw: boolean) =>
            groupBindings(prefix, accessFor(status, env, pw))
                .filter((b) => b.rules.some((r) => r.verbs.includes("create")))
                .map((b) => b.group);
        expect(writers("active", "dev", false)).toEqual(["tenant-admin", "devops"]);
        expect(writers("active", "staging", false)).toEqual(["tenant-admin", "devops"]);
        expect(writers("active", "prod", false)).toEqual([]);
        expect(writers("active", "prod", true)).toEqual(["tenant-admin", "devops"]);
        expect(writers("suspended", "dev", true)).toEqual([]);
    });
});

describe("opaTenantDocument", () => {
    it("carries id, tier, status, environment, features and API quotas, nothing else", () => {
        const features = { mcp_enabled: true, portal: false, shadow_mode: false, advanced_analytics: true, multi_gateway: false, white_label: false };
        const apiQuotas = { max_apis: 50, max_subscriptions: 200, max_rate_limit: 10000, max_calls_per_month: 43200000 };
        const doc = opaTenantDocument({ id: "acme", tierName: "business", status: "active", features, apiQuotas }, "prod");
        expect(doc).toEqual({ id: "acme", tier: "business", status: "active", environment: "prod", features, apiQuotas });
        features.portal = true;
        expect(doc.features.portal).toBe(false);
    });
});

describe("veleroScheduleSpec", () => {
    it.each([
        ["active", false],
        ["suspended", false],
        ["archived", true],
    ] as const)("%s tenant: schedule and TTL from the tier, paused=%s", (status, paused) => {
        const tier = TIERS.business;
        // Business tier: every six hours, kept 30 days.
        expect(veleroScheduleSpec({ status, tier, names: tenantNames("acme") }, { backupStorageLocation: "bsl-eu" })).toEqual({
            schedule: "0 */6 * * *",
            paused,
            useOwnerReferencesInBackup: false,
            template: { includedNamespaces: ["tenant-acme"], storageLocation: "bsl-eu", ttl: "720h0m0s", snapshotVolumes: true },
        });
    });

    it.each([
        [7, "168h0m0s"],
        [30, "720h0m0s"],
        [90, "2160h0m0s"],
    ])("ttl of %d days is %s", (days, ttl) => {
        expect(veleroTtl(days)).toBe(ttl);
    });
});

describe("authenticationConfiguration", () => {
    const stack = { keycloakUrl: "https://auth.example/", platformRealm: "stoa" };
    const tenant = (id: string, status: "active" | "suspended" | "archived") => ({ id, status, names: tenantNames(id) });

    it("one issuer for the platform realm, then one per tenant not archived, sorted, each with its own prefix and kubectl client", () => {
        const config = authenticationConfiguration(stack, [tenant("zeta", "suspended"), tenant("acme", "active"), tenant("old", "archived")]);
        expect(config.apiVersion).toBe("apiserver.config.k8s.io/v1");
        expect(config.kind).toBe("AuthenticationConfiguration");
        expect(config.jwt).toEqual([
            {
                issuer: { url: "https://auth.example/realms/stoa", audiences: ["kubernetes"] },
                claimMappings: { username: { claim: "preferred_username", prefix: "platform:" }, groups: { claim: "groups", prefix: "platform:" } },
                claimValidationRules: [{ claim: "azp", requiredValue: "kubectl" }],
            },
            {
                issuer: { url: "https://auth.example/realms/acme", audiences: ["kubernetes"] },
                claimMappings: { username: { claim: "preferred_username", prefix: "tenant:acme:" }, groups: { claim: "groups", prefix: "tenant:acme:" } },
                claimValidationRules: [{ claim: "azp", requiredValue: "acme-kubectl" }],
            },
            {
                issuer: { url: "https://auth.example/realms/zeta", audiences: ["kubernetes"] },
                claimMappings: { username: { claim: "preferred_username", prefix: "tenant:zeta:" }, groups: { claim: "groups", prefix: "tenant:zeta:" } },
                claimValidationRules: [{ claim: "azp", requiredValue: "zeta-kubectl" }],
            },
        ]);
    });

    it("issuer URLs are unique and the YAML round-trips", () => {
        const tenants = ["a1", "b2", "c3"].map((id) => tenant(id, "active"));
        const yaml = authenticationConfigurationYaml(stack, tenants);
        expect(parse(yaml)).toEqual(authenticationConfiguration(stack, tenants));
        const urls = authenticationConfiguration(stack, tenants).jwt.map((j) => j.issuer.url);
        expect(new Set(urls).size).toBe(urls.length);
        expect(realmIssuer("https://kc.example//", "r")).toBe("https://kc.example/realms/r");
    });
});
