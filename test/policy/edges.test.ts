/**
 * Edges of the pack that mutation testing (docs/testing.md) found unguarded: values just past a
 * ceiling, missing or malformed fields, the workload kinds the first fixtures did not name, and
 * compliant neighbours of violating fixtures.
 */
import * as k8s from "@pulumi/kubernetes";
import * as keycloak from "@pulumi/keycloak";
import * as postgresql from "@pulumi/postgresql";
import { describe, expect, it } from "vitest";
import { grantProblems, postgresqlGrantOwnSchema, postgresqlRoleMembershipSameTenant } from "../../policy-pack/database";
import { keycloakObjectsInTenantRealm, keycloakRealmPerTenant } from "../../policy-pack/identity";
import { tenantVolumeStorageClass } from "../../policy-pack/storage";
import { ceilingKeyOf, gatewayRateLimitWithinTier, quotaProblems, resourceQuotaWithinTier, scaleQuantityText } from "../../policy-pack/quotas";
import { kongRequestsPerMinute as requestsPerMinute } from "../../components/gateway/kong/pack";
import { podSecurityProblems, workloadRestrictedPodSecurity } from "../../policy-pack/workloads";
import { expectNoViolations, expectViolation, fixture, meta, ns, resource, tenantIsolation } from "./util";

const PLUGIN = "kubernetes:configuration.konghq.com/v1:KongPlugin";

describe("quota arithmetic", () => {
    it("scales a quantity and keeps its unit, and names what is not a quantity", () => {
        expect(scaleQuantityText("4Gi", 1.5)).toBe("6Gi");
        expect(scaleQuantityText("500m", 2)).toBe("1000m");
        expect(() => scaleQuantityText("lots", 2)).toThrow('"lots" is not a quantity');
    });
    it("bounds cpu and memory by their requests, counts and per-StorageClass keys by the total", () => {
        expect(ceilingKeyOf("cpu")).toBe("requests.cpu");
        expect(ceilingKeyOf("memory")).toBe("requests.memory");
        expect(ceilingKeyOf("limits.cpu")).toBe("limits.cpu");
        expect(ceilingKeyOf("count/pods")).toBe("pods");
        expect(ceilingKeyOf("encrypted-ssd.storageclass.storage.k8s.io/requests.storage")).toBe("requests.storage");
        expect(ceilingKeyOf("encrypted-ssd.storageclass.storage.k8s.io/persistentvolumeclaims")).toBe("persistentvolumeclaims");
    });
    it("reports a value that is not a quantity, ignores keys without a ceiling, and names unbounded keys", () => {
        expect(quotaProblems({ pods: "lots", "count/jobs.batch": "500" }, { pods: "20" })).toEqual(["pods=lots is not a quantity"]);
        expect(quotaProblems({ pods: "21" }, { pods: "20", services: "10" })).toEqual(["pods=21 is above the ceiling 20", "services is not bounded"]);
        expect(quotaProblems({ cpu: "2", "requests.cpu": "2" }, { "requests.cpu": "2" })).toEqual([]);
        expect(quotaProblems({ "gold.storageclass.storage.k8s.io/requests.storage": "1Gi" }, { "requests.storage": "10Gi" })).toEqual(["requests.storage is not bounded"]);
    });
});

describe("gateway-rate-limit-within-tier edges", () => {
    const owner = tenantIsolation("oasis", { tier: "community" });
    const plugin = (props: Record<string, unknown>, parent: typeof owner | undefined = owner, labels?: Record<string, string>) =>
        resource(PLUGIN, { ...meta("stoa-system", "tenant-oasis-limit", labels), ...props }, { parent });
    it("checks rate-limiting-advanced as well", async () => {
        await expectViolation(gatewayRateLimitWithinTier, [owner, plugin({ plugin: "rate-limiting-advanced", config: { minute: 1001 } })], "not 1001");
    });
    it("leaves other plugins alone", async () => {
        await expectNoViolations(gatewayRateLimitWithinTier, [owner, plugin({ plugin: "cors", config: { minute: 1000000 } })]);
    });
    it("refuses a tenant's plugin whose tier cannot be found", async () => {
        await expectViolation(
            gatewayRateLimitWithinTier,
            [plugin({ plugin: "rate-limiting", config: { minute: 10 } }, undefined, { "stoa.io/tenant-id": "oasis" })],
            "KongPlugin tenant-oasis-limit of tenant oasis must belong to a tenant of a known tier (got none)",
        );
    });
    it("refuses a tier the configured ceilings do not know", async () => {
        await expectViolation(gatewayRateLimitWithinTier, [owner, plugin({ plugin: "rate-limiting", config: { minute: 10 } })], "must belong to a tenant of a known tier (got community)", {
            ceilings: { starter: 5000 },
        });
    });
    it("leaves a plugin of no tenant alone", async () => {
        await expectNoViolations(gatewayRateLimitWithinTier, [plugin({ plugin: "rate-limiting", config: { minute: 1000000 } }, undefined)]);
    });
});

describe("workload-restricted-pod-security across workload kinds", () => {
    const privileged = { containers: [{ name: "x", securityContext: { privileged: true } }] };
    const template = { metadata: { labels: { app: "x" } }, spec: privileged };
    const selector = { matchLabels: { app: "x" } };
    const namespace = ns("acme-corp");
    it.each([
        ["StatefulSet", fixture(k8s.apps.v1.StatefulSet, { ...meta(namespace, "x"), spec: { selector, serviceName: "x", template } })],
        ["DaemonSet", fixture(k8s.apps.v1.DaemonSet, { ...meta(namespace, "x"), spec: { selector, template } })],
        ["ReplicaSet", fixture(k8s.apps.v1.ReplicaSet, { ...meta(namespace, "x"), spec: { selector, template } })],
        ["Job", fixture(k8s.batch.v1.Job, { ...meta(namespace, "x"), spec: { template } })],
    ])("refuses a privileged %s", async (kind, workload) => {
        await expectViolation(workloadRestrictedPodSecurity, [workload], `${kind} tenant-acme-corp/x: container x must not be privileged`);
    });
    it("refuses a workload without a pod spec", async () => {
        await expectViolation(workloadRestrictedPodSecurity, [resource("kubernetes:apps/v1:Deployment", { ...meta(namespace, "empty"), spec: {} })], "Deployment tenant-acme-corp/empty must have a pod spec");
    });
    it("names an unnamed container, lists every added capability, and takes run-as settings from the pod", () => {
        const problems = podSecurityProblems({
            securityContext: { runAsNonRoot: true, runAsUser: 0, seccompProfile: { type: "Localhost" } },
            containers: [{ securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"], add: ["SYS_ADMIN", "NET_BIND_SERVICE", "NET_RAW"] } } }],
        });
        expect(problems).toEqual(["container (unnamed) must not add capabilities SYS_ADMIN, NET_RAW", "container (unnamed) must not run as user 0"]);
    });
    it("checks ephemeral containers and refuses every volume type outside the restricted list", () => {
        const problems = podSecurityProblems({
            securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
            volumes: [{ name: "n", nfs: { server: "x", path: "/" } }, { name: "ok", projected: {} }],
            ephemeralContainers: [{ name: "debug", securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } }, ports: [{ hostPort: 0 }] }],
        });
        expect(problems).toEqual(["must not mount a nfs volume (n)"]);
    });
});

describe("tenant-volume-storage-class edges", () => {
    const namespace = ns("acme-corp");
    it("passes a StatefulSet without claim templates", async () => {
        await expectNoViolations(tenantVolumeStorageClass, [
            fixture(k8s.apps.v1.StatefulSet, { ...meta(namespace, "web"), spec: { selector: { matchLabels: { app: "web" } }, serviceName: "web", template: { spec: { containers: [] } } } }),
        ]);
    });
    it("names an unnamed claim template", async () => {
        await expectViolation(
            tenantVolumeStorageClass,
            [fixture(k8s.apps.v1.StatefulSet, { ...meta(namespace, "db"), spec: { selector: { matchLabels: { app: "db" } }, serviceName: "db", template: { spec: { containers: [] } }, volumeClaimTemplates: [{}] } })],
            "Volume claim tenant-acme-corp/template must use StorageClass encrypted-ssd (got the cluster default)",
        );
    });
});

describe("postgresql-grant-own-schema edges", () => {
    it("names every privilege allowed and every one refused", async () => {
        await expectViolation(
            postgresqlGrantOwnSchema,
            [fixture(postgresql.Grant, { database: "stoa", objectType: "database", privileges: ["CONNECT", "CREATE", "TEMPORARY", "TRUNCATE"], role: "tenant_oasis_app" })],
            "role tenant_oasis_app may hold only CONNECT, TEMPORARY on the database, not CREATE, TRUNCATE",
            { databasePrivileges: ["CONNECT", "TEMPORARY"] },
        );
    });
    it("passes a database-level grant to a platform role whatever schema it names", async () => {
        await expectNoViolations(postgresqlGrantOwnSchema, [fixture(postgresql.Grant, { database: "stoa", objectType: "database", privileges: ["CONNECT"], role: "reporting", schema: "tenant_globex" })]);
    });
    it("judges default privileges on the role's own objects by the role's schema, not the one named", () => {
        const grant = { role: "tenant_acme_corp_app", owner: "tenant_acme_corp_owner", schema: "tenant_globex", objectType: "table" };
        expect(grantProblems(grant, { platformRoles: [], databasePrivileges: ["CONNECT"] })).toEqual([
            "role tenant_acme_corp_app may be granted only on schema tenant_acme_corp, not tenant_globex",
        ]);
    });
    it("leaves a schema of no tenant alone", async () => {
        await expectNoViolations(postgresqlGrantOwnSchema, [fixture(postgresql.Schema, { name: "public", owner: "postgres" })]);
    });
    it("refuses a tenant schema without an owner (the provider's user would own it)", async () => {
        await expectViolation(postgresqlGrantOwnSchema, [fixture(postgresql.Schema, { name: "tenant_oasis" })], "Schema tenant_oasis must be owned by a role of tenant oasis, not the provider's user");
    });
});

describe("postgresql-role-membership-same-tenant edges", () => {
    it("passes a tenant role that is a member of its own tenant's role", async () => {
        await expectNoViolations(postgresqlRoleMembershipSameTenant, [fixture(postgresql.Role, { name: "tenant_acme_corp_app", roles: ["tenant_acme_corp_owner"] })]);
    });
});

describe("keycloak-realm-per-tenant edges", () => {
    it("counts realms only, not the tenant's other Keycloak objects", async () => {
        const owner = tenantIsolation("acme-corp");
        await expectNoViolations(keycloakRealmPerTenant, [
            owner,
            fixture(keycloak.Realm, { realm: "acme-corp" }, { parent: owner }),
            fixture(keycloak.Group, { realmId: "acme-corp", name: "devops" }, { parent: owner }),
        ]);
    });
});

describe("tenant schema usage grants", () => {
    const schema = (policies: { role?: string; usage?: boolean; create?: boolean }[]) =>
        fixture(postgresql.Schema, { name: "tenant_acme_corp", owner: "tenant_acme_corp_owner", policies });
    it("passes usage for the tenant's own role, and for a configured platform role", async () => {
        await expectNoViolations(postgresqlGrantOwnSchema, [schema([{ role: "tenant_acme_corp_app", usage: true }])]);
        await expectNoViolations(postgresqlGrantOwnSchema, [schema([{ role: "migrator", usage: true, create: true }])], { platformRoles: ["migrator"] });
    });
    it("refuses usage for another tenant's role, and for everyone (no role is PUBLIC)", async () => {
        await expectViolation(postgresqlGrantOwnSchema, [schema([{ role: "tenant_globex_app", usage: true }])], "Schema tenant_acme_corp must not grant usage or create to tenant_globex_app");
        await expectViolation(postgresqlGrantOwnSchema, [schema([{ usage: true }])], "Schema tenant_acme_corp must not grant usage or create to public");
    });
    it("passes a database grant without privileges, and a tenant role without memberships", async () => {
        // Deliberately without the SDK's required `privileges`: the policy must not invent any.
        await expectNoViolations(postgresqlGrantOwnSchema, [resource("postgresql:index/grant:Grant", { database: "stoa", objectType: "database", role: "tenant_oasis_app" })]);
        await expectNoViolations(postgresqlRoleMembershipSameTenant, [fixture(postgresql.Role, { name: "tenant_oasis_app" })]);
    });
});

describe("Keycloak policies, edges", () => {
    const owner = tenantIsolation("acme-corp");
    it("lists every realm of a tenant that has more than one", async () => {
        await expectViolation(
            keycloakRealmPerTenant,
            [owner, fixture(keycloak.Realm, { realm: "acme-corp" }, { parent: owner }), fixture(keycloak.Realm, { realm: "acme-corp-2" }, { parent: owner })],
            "Tenant acme-corp must have one realm, not 2 (acme-corp, acme-corp-2)",
        );
    });
    it("judges Keycloak objects only, never the realm itself or another provider's resources", async () => {
        await expectNoViolations(keycloakObjectsInTenantRealm, [
            owner,
            fixture(keycloak.Realm, { realm: "acme-corp" }, { parent: owner }),
            resource("example:index/thing:Thing", { realmId: "elsewhere" }, { parent: owner }),
        ]);
        await expectViolation(keycloakObjectsInTenantRealm, [owner, fixture(keycloak.Group, { realmId: "globex", name: "devops" }, { parent: owner })], "must be in realm acme-corp, not globex");
    });
});

describe("resource-quota-within-tier edges", () => {
    const owner = tenantIsolation("oasis", { tier: "community" });
    const quota = (namespace: string, hard: Record<string, string>, parent?: typeof owner) =>
        fixture(k8s.core.v1.ResourceQuota, { ...meta(namespace, "quota"), spec: { hard } }, parent ? { parent } : {});
    it("names the quota, its namespace and the tier in the message", async () => {
        await expectViolation(resourceQuotaWithinTier, [owner, quota(ns("oasis"), { pods: "21" }, owner)], "ResourceQuota tenant-oasis/quota must stay within the community tier: pods=21 is above the ceiling 20.");
    });
    it("says which tier it found when it knows none", async () => {
        await expectViolation(resourceQuotaWithinTier, [quota(ns("oasis"), { pods: "1" })], "ResourceQuota tenant-oasis/quota must belong to a tenant of a known tier (tier of oasis: none).");
    });
    it("leaves quotas outside tenant namespaces, and other kinds in them, alone", async () => {
        await expectNoViolations(resourceQuotaWithinTier, [owner, quota("stoa-system", { pods: "100000" }), fixture(k8s.core.v1.ConfigMap, { ...meta(ns("oasis"), "settings"), data: { a: "b" } }, { parent: owner })]);
    });
    it("needs no config to compute a limit, and refuses a rate-limiting plugin without one", async () => {
        expect(requestsPerMinute(undefined)).toBeUndefined();
        await expectViolation(gatewayRateLimitWithinTier, [owner, resource("kubernetes:configuration.konghq.com/v1:KongPlugin", { ...meta("stoa-system", "bare"), plugin: "rate-limiting" }, { parent: owner })], "KongPlugin bare of tenant oasis must set a limit (a readable number of requests per minute).");
    });
});

describe("rate limits: windows and consumers", () => {
    const owner = tenantIsolation("oasis", { tier: "community" });
    const CONSUMER = "kubernetes:configuration.konghq.com/v1:KongConsumer";
    const consumer = (name: string, namespace: string, plugins: string | undefined, labels?: Record<string, string>) =>
        resource(CONSUMER, { metadata: { name, namespace, ...(labels ? { labels } : {}), ...(plugins !== undefined ? { annotations: { "konghq.com/plugins": plugins } } : {}) }, username: name });
    const sneaky = resource("kubernetes:configuration.konghq.com/v1:KongPlugin", { ...meta("stoa-system", "sneaky"), plugin: "rate-limiting", config: { minute: 100000 } });
    const oasis = { "stoa.io/tenant-id": "oasis" };
    it("reads every window, ignoring values that are not numbers", () => {
        expect(requestsPerMinute({ day: 50, minute: 70 })).toBe(50);
        expect(requestsPerMinute({ month: 40 })).toBe(40);
        expect(requestsPerMinute({ year: 30 })).toBe(30);
        expect(requestsPerMinute({ second: "x", minute: 100 })).toBe(100);
        expect(requestsPerMinute({ hour: "x", minute: 100 })).toBe(100);
    });
    it("scales only a whole quantity", () => {
        expect(() => scaleQuantityText("x4Gi", 1.5)).toThrow('"x4Gi" is not a quantity');
        expect(() => scaleQuantityText("4Gi\nx", 1.5)).toThrow("is not a quantity");
    });
    it("ties a plugin to a tenant only through a consumer of the same namespace that names it", async () => {
        await expectNoViolations(gatewayRateLimitWithinTier, [owner, consumer("other-ns", "elsewhere", "sneaky", oasis), consumer("other-plugin", "stoa-system", "cors", oasis), consumer("bare", "stoa-system", undefined, oasis), resource(CONSUMER, { username: "auto-named" }), sneaky]);
        const service = resource("kubernetes:core/v1:Service", { metadata: { name: "api", namespace: "stoa-system", labels: oasis, annotations: { "konghq.com/plugins": "sneaky" } } });
        await expectNoViolations(gatewayRateLimitWithinTier, [owner, service, sneaky]);
    });
    it("keeps looking past a consumer of no tenant", async () => {
        await expectViolation(
            gatewayRateLimitWithinTier,
            [owner, consumer("platform", "stoa-system", "sneaky"), consumer("tenant-oasis", "stoa-system", "sneaky", oasis), sneaky],
            "KongPlugin sneaky of tenant oasis must allow at most 1000 requests per minute",
        );
    });
});
