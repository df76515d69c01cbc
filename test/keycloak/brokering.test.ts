/**
 * The platform realm's brokering of the tenant realms as the real server keeps it after the apply:
 * one OIDC identity provider per tenant, its mappers and the per-tenant platform groups they name.
 * (A login through a provider is not tested here: docs/testing.md, "Keycloak suite".)
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { AdminApi } from "./admin";
import { masterAdmin, PLATFORM_REALM, TENANTS } from "./context";

const A = TENANTS.a;

interface IdentityProvider {
    alias: string;
    providerId: string;
    enabled: boolean;
    storeToken: boolean;
    config: Record<string, string>;
}

let admin: AdminApi;

beforeAll(async () => {
    admin = await masterAdmin();
});

describe("the platform realm's brokering of tenant realms", () => {
    it("has an OIDC identity provider per tenant, signing in with the tenant's broker client, FORCE sync, PKCE", async () => {
        const provider = await admin.get<IdentityProvider>(`/${PLATFORM_REALM}/identity-provider/instances/tenant-${A}`);
        expect(provider).toMatchObject({ alias: "tenant-acme-corp", providerId: "oidc", enabled: true, storeToken: false });
        expect(provider.config).toMatchObject({
            clientId: "acme-corp-platform-broker",
            syncMode: "FORCE",
            validateSignature: "true",
            useJwksUrl: "true",
            issuer: "https://auth.dev.stoa.example/realms/acme-corp",
            pkceEnabled: "true",
            pkceMethod: "S256",
        });
        const archived = await admin.get<IdentityProvider>(`/${PLATFORM_REALM}/identity-provider/instances/tenant-${TENANTS.archived}`);
        expect(archived.enabled).toBe(false);
    });

    it("keeps the tenant's mappers: hardcoded tenant attribute and session note, username template, one claim-to-group mapper per group", async () => {
        const mappers = await admin.get<{ name: string; identityProviderMapper: string; config: Record<string, string> }[]>(
            `/${PLATFORM_REALM}/identity-provider/instances/tenant-${A}/mappers`,
        );
        expect(Object.fromEntries(mappers.map((m) => [m.name, m.identityProviderMapper]))).toEqual({
            "tenant-attribute": "hardcoded-attribute-idp-mapper",
            "tenant-session-note": "hardcoded-user-session-attribute-idp-mapper",
            username: "oidc-username-idp-mapper",
            "group-tenant-admin": "oidc-advanced-group-idp-mapper",
            "group-devops": "oidc-advanced-group-idp-mapper",
            "group-viewer": "oidc-advanced-group-idp-mapper",
        });
        expect(mappers.find((m) => m.name === "tenant-session-note")?.config).toMatchObject({ attribute: "tenant", "attribute.value": "acme-corp", syncMode: "FORCE" });
        expect(mappers.find((m) => m.name === "group-devops")?.config).toMatchObject({ group: "/tenant-acme-corp/devops", claims: '[{"key":"groups","value":"devops"}]' });
    });

    it("has the tenant's platform groups under /tenant-<id>", async () => {
        const devops = await admin.get<{ path: string; parentId?: string }>(`/${PLATFORM_REALM}/group-by-path/tenant-${A}/devops`);
        expect(devops.path).toBe("/tenant-acme-corp/devops");
        const parent = await admin.get<{ id: string }>(`/${PLATFORM_REALM}/group-by-path/tenant-${A}`);
        const children = await admin.get<{ name: string }[]>(`/${PLATFORM_REALM}/groups/${parent.id}/children`);
        expect(children.map((c) => c.name).sort()).toEqual(["devops", "tenant-admin", "viewer"]);
    });
});
