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

/** The one call for `resource` (of `type`, where several resources share the name). */
function callFor(resource: string, type?: string): AdminCall {
    const found = calls.filter((c) => c.resource === resource && (type === undefined || c.type === type));
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
        expect(callFor("platform-cpi-admin", TYPES.role)).toMatchObject({ kind: "request", method: "POST", path: ["stoa", "roles"], body: { name: "cpi-admin" } });
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

    it("adds the Grafana client's realm-role and session-note mappers with the provider's config keys", () => {
        expect(callFor("platform-grafana-roles")).toMatchObject({ path: ["stoa", "clients", { ref: "client:stoa/Grafana" }, "protocol-mappers", "models"] });
        expect(bodyOf("platform-grafana-roles")).toEqual({
            name: "roles",
            protocol: "openid-connect",
            protocolMapper: "oidc-usermodel-realm-role-mapper",
            config: {
                "id.token.claim": "true",
                "access.token.claim": "true",
                "userinfo.token.claim": "true",
                "introspection.token.claim": "true",
                "claim.name": "roles",
                "jsonType.label": "String",
                multivalued: "true",
                "usermodel.realmRoleMapping.rolePrefix": "",
            },
        });
        expect(bodyOf("platform-grafana-tenant")).toEqual({
            name: "tenant",
            protocol: "openid-connect",
            protocolMapper: "oidc-usersessionmodel-note-mapper",
            config: {
                "id.token.claim": "true",
                "access.token.claim": "true",
                "userinfo.token.claim": "true",
                "introspection.token.claim": "true",
                "claim.name": "tenant",
                "jsonType.label": "String",
                "user.session.note": "tenant",
            },
        });
    });

    it("registers each tenant realm as an OIDC identity provider of the platform realm", () => {
        expect(callFor("platform-broker/acme-corp/identity-provider")).toMatchObject({ kind: "request", method: "POST", path: ["stoa", "identity-provider", "instances"] });
        expect(bodyOf("platform-broker/acme-corp/identity-provider")).toEqual({
            alias: "tenant-acme-corp",
            displayName: "ACME Corporation",
            providerId: "oidc",
            enabled: true,
            storeToken: false,
            addReadTokenRoleOnCreate: false,
            authenticateByDefault: false,
            linkOnly: false,
            trustEmail: false,
            firstBrokerLoginFlowAlias: "first broker login",
            postBrokerLoginFlowAlias: "",
            config: {
                useJwksUrl: "true",
                jwksUrl: "https://auth.dev.stoa.example/realms/acme-corp/protocol/openid-connect/certs",
                clientId: "acme-corp-platform-broker",
                clientSecret: "test-secret",
                disableUserInfo: "false",
                disableTypeClaimCheck: "false",
                userInfoUrl: "https://auth.dev.stoa.example/realms/acme-corp/protocol/openid-connect/userinfo",
                backchannelSupported: "true",
                validateSignature: "true",
                authorizationUrl: "https://auth.dev.stoa.example/realms/acme-corp/protocol/openid-connect/auth",
                tokenUrl: "https://auth.dev.stoa.example/realms/acme-corp/protocol/openid-connect/token",
                logoutUrl: "https://auth.dev.stoa.example/realms/acme-corp/protocol/openid-connect/logout",
                defaultScope: "openid profile email",
                syncMode: "FORCE",
                issuer: "https://auth.dev.stoa.example/realms/acme-corp",
                pkceEnabled: "true",
                pkceMethod: "S256",
            },
        });
        expect(bodyOf("platform-broker/initech/identity-provider").enabled).toBe(false);
    });

    it("attaches the hardcoded tenant attribute, session note and username template to the tenant's provider", () => {
        const mappers = ["stoa", "identity-provider", "instances", "tenant-acme-corp", "mappers"];
        expect(callFor("platform-broker/acme-corp/tenant-attribute")).toMatchObject({ method: "POST", path: mappers });
        expect(bodyOf("platform-broker/acme-corp/tenant-attribute")).toEqual({
            name: "tenant-attribute",
            identityProviderAlias: "tenant-acme-corp",
            identityProviderMapper: "hardcoded-attribute-idp-mapper",
            config: { attribute: "tenant", "attribute.value": "acme-corp", syncMode: "FORCE" },
        });
        expect(bodyOf("platform-broker/acme-corp/tenant-session-note")).toEqual({
            name: "tenant-session-note",
            identityProviderAlias: "tenant-acme-corp",
            identityProviderMapper: "hardcoded-user-session-attribute-idp-mapper",
            config: { attribute: "tenant", "attribute.value": "acme-corp", syncMode: "FORCE" },
        });
        expect(bodyOf("platform-broker/oasis/username")).toEqual({
            name: "username",
            identityProviderAlias: "tenant-oasis",
            identityProviderMapper: "oidc-username-idp-mapper",
            config: { template: "${ALIAS}.${CLAIM.preferred_username}", syncMode: "FORCE" },
        });
    });

    it("creates the platform groups of a tenant as children of its top-level group, before the mappers that name them", () => {
        expect(callFor("platform-broker/acme-corp/group")).toMatchObject({ path: ["stoa", "groups"], body: { name: "tenant-acme-corp" }, creates: "group:stoa/tenant-acme-corp" });
        expect(callFor("platform-broker/acme-corp/group-devops")).toEqual({
            kind: "request",
            resource: "platform-broker/acme-corp/group-devops",
            type: TYPES.group,
            method: "POST",
            path: ["stoa", "groups", { ref: "group:stoa/tenant-acme-corp" }, "children"],
            body: { name: "devops" },
            creates: "group:stoa/tenant-acme-corp/devops",
        });
        expect(callFor("platform-broker/acme-corp/group-devops-mapper")).toMatchObject({ path: ["stoa", "identity-provider", "instances", "tenant-acme-corp", "mappers"] });
        expect(bodyOf("platform-broker/acme-corp/group-devops-mapper")).toEqual({
            name: "group-devops",
            identityProviderAlias: "tenant-acme-corp",
            identityProviderMapper: "oidc-advanced-group-idp-mapper",
            config: { syncMode: "FORCE", claims: '[{"key":"groups","value":"devops"}]', "are.claim.values.regex": "false", group: "/tenant-acme-corp/devops" },
        });
        const at = (resource: string) => calls.findIndex((c) => c.resource === resource);
        expect(at("platform-broker/acme-corp/group")).toBeLessThan(at("platform-broker/acme-corp/group-devops"));
        expect(at("platform-broker/acme-corp/group-devops")).toBeLessThan(at("platform-broker/acme-corp/group-devops-mapper"));
        expect(at("platform-broker/acme-corp/identity-provider")).toBeLessThan(at("platform-broker/acme-corp/tenant-attribute"));
    });

    it("refuses a subgroup of an unknown parent and a mapper of an unknown identity provider", () => {
        const child = recorded(TYPES.group, { realmId: "stoa", parentId: "nowhere", name: "devops" });
        expect(() => translate([child], () => "s")).toThrow(/parentId nowhere is no top-level group/);
        const mapper = recorded(TYPES.attributeIdpMapper, { realm: "stoa", identityProviderAlias: "tenant-x", name: "m", attributeName: "tenant", attributeValue: "x", userSession: false });
        expect(() => translate([mapper], () => "s")).toThrow(/identityProviderAlias tenant-x is no identity provider/);
        const provider = recorded(TYPES.identityProvider, { realm: "stoa", alias: "a", clientId: "c", authorizationUrl: "u", tokenUrl: "t", hideOnLoginPage: true });
        expect(() => translate([provider], () => "s")).toThrow(/does not know keycloak:oidc\/identityProvider:IdentityProvider inputs hideOnLoginPage/);
    });

    it("reads durations as Go does", () => {
        expect(durationSeconds("900s")).toBe(900);
        expect(durationSeconds("1h30m")).toBe(5400);
        expect(() => durationSeconds("15")).toThrow(/not a duration/);
        expect(() => durationSeconds("5d")).toThrow(/not a duration/);
    });
});
