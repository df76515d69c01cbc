import * as keycloak from "@pulumi/keycloak";
import { describe, it } from "vitest";
import { keycloakClientHardened, keycloakObjectsInTenantRealm, keycloakRealmPerTenant } from "../../policy-pack/identity";
import { expectNoViolations, expectNotApplicable, expectViolation, mutated, tenantIsolation, fixture } from "./util";


describe("keycloak-realm-per-tenant", () => {
    const owner = tenantIsolation("acme-corp");
    it("passes one realm named by the tenant id, and a platform realm outside any tenant", async () => {
        await expectNoViolations(keycloakRealmPerTenant, [owner, fixture(keycloak.Realm, { realm: "acme-corp" }, { parent: owner }), fixture(keycloak.Realm, { realm: "stoa" })]);
    });
    it("refuses a realm named differently from its tenant", async () => {
        await expectViolation(keycloakRealmPerTenant, [owner, fixture(keycloak.Realm, { realm: "globex" }, { parent: owner })], "Realm globex of tenant acme-corp must be named acme-corp");
    });
    it("refuses master anywhere", async () => {
        await expectViolation(keycloakRealmPerTenant, [fixture(keycloak.Realm, { realm: "master" })], "Realm master must not be managed here");
    });
    it("refuses the platform realm under a tenant", async () => {
        await expectViolation(keycloakRealmPerTenant, [owner, fixture(keycloak.Realm, { realm: "stoa" }, { parent: owner })], "must not be the platform realm");
    });
    it("refuses a second realm for one tenant", async () => {
        const realms = [fixture(keycloak.Realm, { realm: "acme-corp" }, { parent: owner }), fixture(keycloak.Realm, { realm: "acme-corp2" }, { parent: owner })];
        await expectViolation(keycloakRealmPerTenant, [owner, ...realms], "Tenant acme-corp must have one realm, not 2");
    });
});

describe("keycloak-objects-in-tenant-realm", () => {
    const owner = tenantIsolation("acme-corp");
    it("passes objects in the tenant realm", async () => {
        await expectNoViolations(keycloakObjectsInTenantRealm, [owner, fixture(keycloak.Group, { realmId: "acme-corp", name: "devops" }, { parent: owner })]);
    });
    it("refuses an object in another realm", async () => {
        await expectViolation(keycloakObjectsInTenantRealm, [owner, fixture(keycloak.Group, { realmId: "globex", name: "devops" }, { parent: owner })], "must be in realm acme-corp, not globex");
    });
    it("names an object whose realm is a secret as not checked", async () => {
        await expectNotApplicable(keycloakObjectsInTenantRealm, [owner, fixture(keycloak.Group, { realmId: "[secret]" }, { parent: owner, name: "g" })], "::g");
    });
});

describe("keycloak-client-hardened", () => {
    const portal = {
        clientId: "acme-corp-portal",
        accessType: "PUBLIC",
        standardFlowEnabled: true,
        implicitFlowEnabled: false,
        directAccessGrantsEnabled: false,
        pkceCodeChallengeMethod: "S256",
        realmId: "acme-corp",
        validRedirectUris: ["https://portal.example/acme-corp/callback"],
        webOrigins: ["https://portal.example"],
    };
    const api = { clientId: "acme-corp-api", accessType: "CONFIDENTIAL", serviceAccountsEnabled: true, realmId: "acme-corp", clientSecret: "[secret]" };
    const kubectl = {
        clientId: "acme-corp-kubectl",
        accessType: "PUBLIC",
        standardFlowEnabled: true,
        pkceCodeChallengeMethod: "S256",
        validRedirectUris: ["http://localhost:8000", "http://127.0.0.1:18000", "http://[::1]:8000/"],
        realmId: "acme-corp",
    };
    const deviceFlow = { clientId: "acme-corp-headless", accessType: "PUBLIC", oauth2DeviceAuthorizationGrantEnabled: true, realmId: "acme-corp" };
    it("passes a PKCE portal, a confidential API client and a PKCE CLI client with loopback redirects", async () => {
        await expectNoViolations(keycloakClientHardened, [fixture(keycloak.openid.Client, portal), fixture(keycloak.openid.Client, api), fixture(keycloak.openid.Client, kubectl)]);
    });
    it("refuses a plain-http redirect that leaves the machine, and a loopback look-alike", async () => {
        await expectViolation(keycloakClientHardened, [fixture(keycloak.openid.Client, mutated(portal, (c) => (c.validRedirectUris = ["http://portal.example/acme-corp/callback"])))], "must redirect over https or to a loopback address, not http://portal.example/acme-corp/callback");
        await expectViolation(keycloakClientHardened, [fixture(keycloak.openid.Client, { ...kubectl, validRedirectUris: ["http://localhost.evil.example:8000"] })], "not http://localhost.evil.example:8000");
    });
    it("refuses a wildcard redirect URI", async () => {
        await expectViolation(keycloakClientHardened, [fixture(keycloak.openid.Client, mutated(portal, (c) => (c.validRedirectUris = ["https://portal.example/*"])))], "must not use wildcard validRedirectUris https://portal.example/*");
    });
    it("refuses a wildcard redirect on a confidential client", async () => {
        await expectViolation(keycloakClientHardened, [fixture(keycloak.openid.Client, { ...api, standardFlowEnabled: true, validRedirectUris: ["*"] })], "wildcard validRedirectUris *");
    });
    it("refuses a wildcard web origin", async () => {
        await expectViolation(keycloakClientHardened, [fixture(keycloak.openid.Client, mutated(portal, (c) => (c.webOrigins = ["*"])))], "wildcard webOrigins");
    });
    it("refuses the implicit flow", async () => {
        await expectViolation(keycloakClientHardened, [fixture(keycloak.openid.Client, mutated(portal, (c) => (c.implicitFlowEnabled = true)))], "must not enable the implicit flow");
    });
    it("refuses direct access grants on a public client", async () => {
        await expectViolation(keycloakClientHardened, [fixture(keycloak.openid.Client, mutated(portal, (c) => (c.directAccessGrantsEnabled = true)))], "must not enable direct access grants");
    });
    it("refuses a public client without PKCE", async () => {
        await expectViolation(keycloakClientHardened, [fixture(keycloak.openid.Client, mutated(portal, (c) => delete (c as Partial<typeof c>).pkceCodeChallengeMethod))], "must require PKCE S256 (got none)");
    });
    it("refuses plain PKCE", async () => {
        await expectViolation(keycloakClientHardened, [fixture(keycloak.openid.Client, mutated(portal, (c) => (c.pkceCodeChallengeMethod = "plain")))], "must require PKCE S256 (got plain)");
    });
    it("refuses the device grant mixed with the standard flow", async () => {
        await expectViolation(keycloakClientHardened, [fixture(keycloak.openid.Client, { ...portal, oauth2DeviceAuthorizationGrantEnabled: true })], "must not mix the device authorization grant", {
            allowDeviceAuthorizationGrant: true,
        });
    });
    it("refuses the device grant by default (device codes can be phished)", async () => {
        await expectViolation(keycloakClientHardened, [fixture(keycloak.openid.Client, deviceFlow)], "must not enable the device authorization grant");
    });
    it("passes a device-flow-only client where the operator allows it", async () => {
        await expectNoViolations(keycloakClientHardened, [fixture(keycloak.openid.Client, deviceFlow)], { allowDeviceAuthorizationGrant: true });
    });
});
