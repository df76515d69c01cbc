import { beforeAll, describe, expect, it } from "vitest";
import type { OfflineRun, RecordedResource } from "../../scripts/offline/runtime";
import { runProgram } from "../identity/offline";
import { durationSeconds, translate, TYPES, type AdminCall } from "./translate";

let run: OfflineRun;
let calls: AdminCall[];

beforeAll(async () => {
    run = await runProgram();
    calls = translate(run.resources, () => "test-secret");
});

function callFor(resource: string): AdminCall {
    const found = calls.filter((c) => c.resource === resource);
    if (found.length !== 1) throw new Error(`expected one call for ${resource}, found ${found.length}`);
    return found[0]!;
}

function bodyOf(resource: string): Record<string, unknown> {
    const call = callFor(resource);
    if (call.kind !== "request") throw new Error(`${resource} is a ${call.kind} call`);
    return call.body as Record<string, unknown>;
}

function recorded(type: string, inputs: Record<string, unknown>): RecordedResource {
    return { urn: `urn:${type}`, type, name: "fixture", parent: null, custom: true, inputs, protect: false, retainOnDelete: false };
}

describe("the Keycloak translator", () => {
    it("covers every Keycloak resource the program registers for the sample tenants", () => {
        const keycloak = run.resources.filter((r) => r.type.startsWith("keycloak:"));
        expect(keycloak.length).toBeGreaterThan(0);
        expect(calls).toHaveLength(keycloak.length);
        expect(new Set(calls.map((c) => c.resource))).toEqual(new Set(keycloak.map((r) => r.name)));
    });

    it("refuses a Keycloak resource type it does not know instead of leaving it out", () => {
        const unknown = recorded("keycloak:index/user:User", { realmId: "acme-corp", username: "x" });
        expect(() => translate([...run.resources, unknown], () => "s")).toThrow(/does not cover keycloak:index\/user:User/);
    });

    it("refuses an input it does not know", () => {
        const role = recorded(TYPES.role, { realmId: "acme-corp", name: "x", compositeRoles: ["y"] });
        expect(() => translate([role], () => "s")).toThrow(/does not know keycloak:index\/role:Role inputs compositeRoles/);
        const realm = recorded(TYPES.realm, { realm: "r", securityDefenses: { bruteForceDetection: { lockoutForever: true } } });
        expect(() => translate([realm], () => "s")).toThrow(/securityDefenses\.bruteForceDetection\.lockoutForever/);
    });

    it("sends the realm settings the way the provider does", () => {
        const realm = bodyOf("acme-corp/realm");
        expect(realm).toMatchObject({
            realm: "acme-corp",
            enabled: true,
            sslRequired: "all",
            accessTokenLifespan: 900,
            ssoSessionIdleTimeout: 3600,
            ssoSessionMaxLifespan: 86400,
            registrationAllowed: false,
            revokeRefreshToken: true,
            refreshTokenMaxReuse: 0,
            bruteForceProtected: true,
            permanentLockout: false,
            failureFactor: 5,
            maxDeltaTimeSeconds: 43200,
            maxFailureWaitSeconds: 900,
            passwordPolicy: "length(12) and maxLength(128) and notUsername and notEmail and passwordHistory(5)",
            attributes: { "stoa.io/tenant-id": "acme-corp", "stoa.io/tier": "enterprise" },
        });
        expect(realm.browserSecurityHeaders).toMatchObject({ xFrameOptions: "DENY", xContentTypeOptions: "nosniff" });
        expect(bodyOf("initech/realm").enabled).toBe(false);
    });

    it("turns the realm events into the events config", () => {
        const call = callFor("acme-corp/realm-events");
        expect(call).toMatchObject({ kind: "request", method: "PUT", path: ["acme-corp", "events", "config"] });
        expect(bodyOf("acme-corp/realm-events")).toEqual({
            adminEventsDetailsEnabled: true,
            adminEventsEnabled: true,
            enabledEventTypes: [],
            eventsEnabled: true,
            eventsExpiration: 7776000,
            eventsListeners: ["jboss-logging"],
        });
    });

    it("maps the tenant-admin group to its realm role and its realm-management roles", () => {
        expect(callFor("acme-corp/group-tenant-admin-roles")).toMatchObject({
            kind: "group-roles",
            realm: "acme-corp",
            group: { ref: "group:acme-corp/tenant-admin" },
            realmRoles: ["tenant-admin"],
            clientRoles: { "realm-management": ["manage-users", "view-users", "query-users", "query-groups", "view-events"] },
        });
        expect(callFor("globex/group-tenant-admin-roles")).toMatchObject({ clientRoles: { "realm-management": ["view-users", "query-users", "query-groups", "view-events"] } });
        expect(callFor("acme-corp/group-devops-roles")).toMatchObject({ realmRoles: ["devops"], clientRoles: {} });
    });

    it("adds the platform realm's cpi-admin role", () => {
        expect(callFor("platform-cpi-admin")).toMatchObject({ kind: "request", method: "POST", path: ["stoa", "roles"], body: { name: "cpi-admin" } });
    });

    it("sends the clients' grants, PKCE and secret as the provider does", () => {
        const kubectl = bodyOf("acme-corp/kubectl-client");
        expect(kubectl).toMatchObject({
            clientId: "acme-corp-kubectl",
            publicClient: true,
            standardFlowEnabled: true,
            implicitFlowEnabled: false,
            directAccessGrantsEnabled: false,
            serviceAccountsEnabled: false,
            redirectUris: ["http://localhost:8000", "http://localhost:18000"],
        });
        expect(kubectl.attributes).toMatchObject({ "pkce.code.challenge.method": "S256", "oauth2.device.authorization.grant.enabled": "false" });
        expect(bodyOf("acme-corp/portal-client").attributes).toMatchObject({ "post.logout.redirect.uris": "https://portal.dev.stoa.example/acme-corp/callback" });
        const api = bodyOf("acme-corp/api-client");
        expect(api).toMatchObject({ clientId: "acme-corp-api", publicClient: false, serviceAccountsEnabled: true, standardFlowEnabled: false, secret: "test-secret", enabled: true });
        expect(bodyOf("globex/api-client").enabled).toBe(false);
    });

    it("attaches each mapper to its own client with the provider's config keys", () => {
        const groups = callFor("acme-corp/kubectl-groups-claim");
        expect(groups).toMatchObject({ path: ["acme-corp", "clients", { ref: "client:acme-corp/ACME Corporation kubectl" }, "protocol-mappers", "models"] });
        expect(bodyOf("acme-corp/kubectl-groups-claim")).toEqual({
            name: "groups",
            protocol: "openid-connect",
            protocolMapper: "oidc-group-membership-mapper",
            config: { "full.path": "false", "id.token.claim": "true", "access.token.claim": "true", "userinfo.token.claim": "true", "introspection.token.claim": "false", "claim.name": "groups" },
        });
        expect(bodyOf("acme-corp/kubectl-tenant-claim")).toMatchObject({ protocolMapper: "oidc-hardcoded-claim-mapper", config: { "claim.name": "tenant", "claim.value": "acme-corp", "jsonType.label": "String" } });
        expect(bodyOf("acme-corp/kubectl-kubernetes-audience")).toMatchObject({ protocolMapper: "oidc-audience-mapper", config: { "included.custom.audience": "kubernetes", "included.client.audience": "" } });
    });

    it("reads durations as Go does", () => {
        expect(durationSeconds("900s")).toBe(900);
        expect(durationSeconds("1h30m")).toBe(5400);
        expect(() => durationSeconds("15")).toThrow(/not a duration/);
        expect(() => durationSeconds("5d")).toThrow(/not a duration/);
    });
});
