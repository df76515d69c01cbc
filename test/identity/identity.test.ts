/** The identity layer under Pulumi's mocks, for every sample tenant (active, suspended, archived). */
import { beforeAll, describe, expect, it } from "vitest";
import type { OfflineRun } from "../../scripts/offline/runtime";
import { TENANT_GROUPS, TIERS, loadTenants, type ResolvedTenant } from "../../components/model";
import { SAMPLE_TENANTS_DIR, TYPES, layerLeaks, maybeResource, resource, runLayerOutputs, runProgram, tenantResources } from "./offline";

let run: OfflineRun;
let tenants: ResolvedTenant[];

beforeAll(async () => {
    run = await runProgram();
    const loaded = loadTenants("tenants");
    if (!loaded.ok) throw new Error("sample tenants do not load");
    tenants = loaded.tenants;
});

const VIEW_USERS = ["view-users", "query-users", "query-groups", "view-events"];
const EXPECTED = {
    oasis: { realmEnabled: true, apiEnabled: true, portal: false, userAdministration: ["manage-users", ...VIEW_USERS] },
    "acme-corp": { realmEnabled: true, apiEnabled: true, portal: true, userAdministration: ["manage-users", ...VIEW_USERS] },
    globex: { realmEnabled: true, apiEnabled: false, portal: true, userAdministration: VIEW_USERS },
    initech: { realmEnabled: false, apiEnabled: false, portal: true, userAdministration: [] },
} as const;

describe.each(Object.entries(EXPECTED))("identity of %s", (id, expected) => {
    const tenant = () => tenants.find((t) => t.id === id)!;

    it("has its own realm, disabled only when archived, with TLS, brute-force protection and a password policy", () => {
        const realm = resource(run, TYPES.realm, `${id}/realm`);
        expect(realm.inputs.realm).toBe(id);
        expect(realm.inputs.enabled).toBe(expected.realmEnabled);
        expect(realm.inputs.sslRequired).toBe("all");
        // As docs/identity.md states it: length over composition (NIST SP 800-63B).
        expect(realm.inputs.passwordPolicy).toBe("length(12) and maxLength(128) and notUsername and notEmail and passwordHistory(5)");
        expect(realm.inputs.registrationAllowed).toBe(false);
        const defenses = realm.inputs.securityDefenses as { bruteForceDetection: Record<string, unknown> };
        // 5 failures, then lockouts growing by 60 s up to 15 minutes (docs/identity.md).
        expect(defenses.bruteForceDetection).toMatchObject({ maxLoginFailures: 5, waitIncrementSeconds: 60, maxFailureWaitSeconds: 900 });
        expect(defenses.bruteForceDetection.permanentLockout).toBe(false);
    });

    it("takes token lifespans from its tier", () => {
        const realm = resource(run, TYPES.realm, `${id}/realm`);
        const lifespans = TIERS[tenant().tierName].tokenLifespans;
        expect(realm.inputs.accessTokenLifespan).toBe(`${lifespans.accessToken}s`);
        expect(realm.inputs.ssoSessionIdleTimeout).toBe(`${lifespans.ssoSessionIdle}s`);
        expect(realm.inputs.ssoSessionMaxLifespan).toBe(`${lifespans.ssoSessionMax}s`);
    });

    it("keeps the realm (its user store) when the tenant leaves the program, and protects it while not archived", () => {
        const realm = resource(run, TYPES.realm, `${id}/realm`);
        expect(realm.retainOnDelete).toBe(true);
        expect(realm.protect).toBe(tenant().status !== "archived");
    });

    it("records login and admin events", () => {
        const events = resource(run, TYPES.realmEvents, `${id}/realm-events`);
        expect(events.inputs).toMatchObject({ realmId: id, eventsEnabled: true, adminEventsEnabled: true, adminEventsDetailsEnabled: true });
        expect(events.inputs.eventsListeners).toContain("jboss-logging");
        expect(events.inputs.eventsExpiration).toBeGreaterThan(0);
    });

    it("has the roles and groups tenant-admin, devops and viewer, each group mapped to its role (tenant-admin: and its realm's user administration)", () => {
        for (const name of TENANT_GROUPS) {
            const role = resource(run, TYPES.role, `${id}/role-${name}`);
            const group = resource(run, TYPES.group, `${id}/group-${name}`);
            const mapping = resource(run, TYPES.groupRoles, `${id}/group-${name}-roles`);
            expect(role.inputs).toMatchObject({ realmId: id, name });
            expect(group.inputs).toMatchObject({ realmId: id, name });
            expect([group.retainOnDelete, group.protect]).toEqual([true, tenant().status !== "archived"]);
            // The mocks give a role the id of its name, and a looked-up client role `<realm>/client/<client>/role/<name>`:
            // tenant-admin administers the users of its own realm only, never the realm itself.
            const admin = name === "tenant-admin" ? expected.userAdministration.map((r) => `${id}/client/realm-management/role/${r}`) : [];
            expect(mapping.inputs).toEqual({ realmId: id, groupId: name, roleIds: [name, ...admin], exhaustive: true });
        }
        expect(tenantResources(run, id, "identity").filter((r) => r.type === TYPES.role)).toHaveLength(TENANT_GROUPS.length);
    });

    it("has a confidential API client with a service account and a secret secret, disabled unless active", () => {
        const api = resource(run, TYPES.client, `${id}/api-client`);
        expect(api.inputs).toMatchObject({
            realmId: id,
            clientId: `${id}-api`,
            accessType: "CONFIDENTIAL",
            serviceAccountsEnabled: true,
            standardFlowEnabled: false,
            implicitFlowEnabled: false,
            directAccessGrantsEnabled: false,
            enabled: expected.apiEnabled,
        });
        expect(api.inputs.clientSecret).toBe("[secret]");
        expect(resource(run, TYPES.claimMapper, `${id}/api-tenant-claim`).inputs).toMatchObject({ claimName: "tenant", claimValue: id });
    });

    it(expected.portal ? "has a public portal client: code flow with PKCE S256 only, exact redirect URIs" : "has no portal client (no portal feature)", () => {
        const portal = maybeResource(run, TYPES.client, `${id}/portal-client`);
        if (!expected.portal) {
            expect(portal).toBeUndefined();
            return;
        }
        expect(portal?.inputs).toMatchObject({
            realmId: id,
            clientId: `${id}-portal`,
            accessType: "PUBLIC",
            standardFlowEnabled: true,
            implicitFlowEnabled: false,
            directAccessGrantsEnabled: false,
            serviceAccountsEnabled: false,
            pkceCodeChallengeMethod: "S256",
            validRedirectUris: [`https://portal.dev.stoa.example/${id}/callback`],
            webOrigins: ["https://portal.dev.stoa.example"],
            enabled: expected.realmEnabled,
        });
        expect(JSON.stringify(portal?.inputs)).not.toContain("*");
    });

    it("gives people's tokens plain group names in `groups` and the tenant id; only kubectl's carry the audience kubernetes", () => {
        const clients = expected.portal ? ["portal", "kubectl"] : ["kubectl"];
        for (const client of clients) {
            expect(resource(run, TYPES.groupsMapper, `${id}/${client}-groups-claim`).inputs).toMatchObject({ claimName: "groups", fullPath: false, realmId: id });
            expect(resource(run, TYPES.claimMapper, `${id}/${client}-tenant-claim`).inputs).toMatchObject({ claimName: "tenant", claimValue: id });
        }
        expect(resource(run, TYPES.audienceMapper, `${id}/kubectl-kubernetes-audience`).inputs).toMatchObject({ includedCustomAudience: "kubernetes" });
        // A portal token (obtained in a browser) and service-account tokens are not cluster credentials.
        expect(maybeResource(run, TYPES.audienceMapper, `${id}/portal-kubernetes-audience`)).toBeUndefined();
        expect(maybeResource(run, TYPES.audienceMapper, `${id}/api-kubernetes-audience`)).toBeUndefined();
        expect(run.resources.filter((r) => r.type === TYPES.audienceMapper && r.name.startsWith(`${id}/`)).map((r) => r.name)).toEqual([`${id}/kubectl-kubernetes-audience`]);
    });

    it("has a kubectl client with the authorization code flow, PKCE S256 and kubelogin's loopback redirects only", () => {
        expect(resource(run, TYPES.client, `${id}/kubectl-client`).inputs).toMatchObject({
            clientId: `${id}-kubectl`,
            accessType: "PUBLIC",
            oauth2DeviceAuthorizationGrantEnabled: false,
            standardFlowEnabled: true,
            pkceCodeChallengeMethod: "S256",
            validRedirectUris: ["http://localhost:8000", "http://localhost:18000"],
            implicitFlowEnabled: false,
            directAccessGrantsEnabled: false,
            enabled: expected.realmEnabled,
        });
    });
});

describe("the platform realm", () => {
    it("holds cpi-admin, created in the platform realm and never deleted by Pulumi", () => {
        const role = resource(run, TYPES.role, "platform-cpi-admin");
        expect(role.inputs).toMatchObject({ realmId: "stoa", name: "cpi-admin", import: false });
        expect(role.retainOnDelete).toBe(true);
        expect(run.resources.filter((r) => r.type === TYPES.realm).map((r) => r.inputs.realm)).not.toContain("stoa");
    });

    it("holds the cpi-admin group the cluster binding matches, with the cpi-admin role, never deleted by Pulumi", () => {
        const group = resource(run, TYPES.group, "platform-cpi-admin");
        expect(group.inputs).toMatchObject({ realmId: "stoa", name: "cpi-admin" });
        expect(group.inputs.parentId).toBeUndefined();
        expect(group.retainOnDelete).toBe(true);
        const groupRoles = resource(run, TYPES.groupRoles, "platform-cpi-admin");
        expect(groupRoles.inputs).toMatchObject({ realmId: "stoa", exhaustive: false });
        expect(groupRoles.inputs.roleIds).toEqual([expect.any(String)]);
    });

    it("adopts an existing cpi-admin role when the stack says it exists", async () => {
        const adopted = await runProgram(SAMPLE_TENANTS_DIR, { cpiAdminRoleExists: true });
        expect(resource(adopted, TYPES.role, "platform-cpi-admin").inputs.import).toBe(true);
    });

    it("is the only place cpi-admin appears", () => {
        const roles = run.resources.filter((r) => r.type === TYPES.role && r.inputs.name === "cpi-admin");
        expect(roles.map((r) => r.inputs.realmId)).toEqual(["stoa"]);
    });
});

describe("layer outputs", () => {
    it("expose the API client secret only as a secret", async () => {
        const outputs = await runLayerOutputs((isolation) => isolation.identity);
        for (const id of Object.keys(EXPECTED)) {
            const identity = outputs.outputs[id] as Record<string, unknown>;
            expect(identity.apiClientSecret).toBe("[secret]");
            expect(identity.issuerUrl).toBe(`https://auth.dev.stoa.example/realms/${id}`);
        }
        expect(layerLeaks(outputs)).toEqual([]);
        expect(layerLeaks(run)).toEqual([]);
    });
});
