/**
 * The tenant-admin of A, with its own token against the Admin REST API: users and group membership of
 * A yes; realm B, A's realm settings, clients, client scopes, mappers and admin roles no.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { AdminApi } from "./admin";
import { clientUuid, deployment, loginAs, masterAdmin, TENANTS, userId } from "./context";

const A = TENANTS.a;
const B = TENANTS.b;

let tenantAdmin: AdminApi;
let platform: AdminApi;

beforeAll(async () => {
    const token = await loginAs(A, "admin", "portal");
    tenantAdmin = new AdminApi(deployment(), token.access_token);
    platform = await masterAdmin();
});

const REFUSED = [401, 403];

describe("the tenant-admin's own administration", () => {
    it("creates a user in its realm, puts it into a group and takes it out again", async () => {
        const created = await tenantAdmin.call("POST", `/${A}/users`, { username: "acme-newcomer", enabled: true, email: "newcomer@acme-corp.example", firstName: "New", lastName: "Comer" });
        expect(created.status).toBe(201);
        const id = decodeURIComponent(String(created.headers.location).split("/").pop()!);
        const groups = await tenantAdmin.get<{ id: string; name: string }[]>(`/${A}/groups`);
        const viewer = groups.find((g) => g.name === "viewer")!;
        expect((await tenantAdmin.call("PUT", `/${A}/users/${id}/groups/${viewer.id}`)).status).toBe(204);
        const memberOf = await platform.get<{ name: string }[]>(`/${A}/users/${id}/groups`);
        expect(memberOf.map((g) => g.name)).toEqual(["viewer"]);
        expect((await tenantAdmin.call("DELETE", `/${A}/users/${id}/groups/${viewer.id}`)).status).toBe(204);
        expect(await platform.get<unknown[]>(`/${A}/users/${id}/groups`)).toEqual([]);
    });

    it("lists its realm's users and reads its realm's events", async () => {
        expect((await tenantAdmin.call("GET", `/${A}/users`)).status).toBe(200);
        expect((await tenantAdmin.call("GET", `/${A}/events`)).status).toBe(200);
    });

    it("cannot touch realm B", async () => {
        for (const [method, path, body] of [
            ["GET", `/${B}/users`, undefined],
            ["POST", `/${B}/users`, { username: "intruder", enabled: true }],
            ["GET", `/${B}`, undefined],
            ["GET", `/${B}/groups`, undefined],
        ] as const) {
            expect(REFUSED, `${method} ${path}`).toContain((await tenantAdmin.call(method, path, body)).status);
        }
        const intruders = await platform.get<unknown[]>(`/${B}/users?exact=true&username=intruder`);
        expect(intruders).toEqual([]);
    });

    it("cannot change its realm's settings: brute-force protection, password policy, SSL", async () => {
        for (const change of [{ bruteForceProtected: false }, { passwordPolicy: "length(1)" }, { sslRequired: "none" }, { registrationAllowed: true }]) {
            const res = await tenantAdmin.call("PUT", `/${A}`, { realm: A, ...change });
            expect(REFUSED, JSON.stringify(change)).toContain(res.status);
        }
        const realm = await platform.get<Record<string, unknown>>(`/${A}`);
        expect(realm).toMatchObject({ bruteForceProtected: true, sslRequired: "all", registrationAllowed: false });
        expect(realm.passwordPolicy).toBe("length(12) and maxLength(128) and notUsername and notEmail and passwordHistory(5)");
    });

    it("cannot create or edit clients, client scopes or protocol mappers", async () => {
        const kubectl = await clientUuid(platform, A, "acme-corp-kubectl");
        const attempts: [string, string, unknown][] = [
            ["POST", `/${A}/clients`, { clientId: "rogue", publicClient: true, directAccessGrantsEnabled: true, redirectUris: ["*"] }],
            ["PUT", `/${A}/clients/${kubectl}`, { clientId: "acme-corp-kubectl", redirectUris: ["*"], directAccessGrantsEnabled: true }],
            ["POST", `/${A}/client-scopes`, { name: "rogue-scope", protocol: "openid-connect" }],
            [
                "POST",
                `/${A}/clients/${kubectl}/protocol-mappers/models`,
                { name: "rogue", protocol: "openid-connect", protocolMapper: "oidc-hardcoded-claim-mapper", config: { "claim.name": "groups", "claim.value": "cpi-admin", "access.token.claim": "true", "id.token.claim": "true" } },
            ],
        ];
        for (const [method, path, body] of attempts) {
            expect(REFUSED, `${method} ${path}`).toContain((await tenantAdmin.call(method, path, body)).status);
        }
        const client = await platform.get<{ redirectUris: string[]; directAccessGrantsEnabled: boolean; protocolMappers?: { name: string }[] }>(`/${A}/clients/${kubectl}`);
        expect(client.redirectUris.sort()).toEqual(["http://localhost:18000", "http://localhost:8000"]);
        expect(client.directAccessGrantsEnabled).toBe(false);
        expect((client.protocolMappers ?? []).map((m) => m.name).sort()).toEqual(["groups", "kubernetes-audience", "tenant"]);
        expect(await platform.get<unknown[]>(`/${A}/clients?clientId=rogue`)).toEqual([]);
    });

    it("cannot grant itself realm-admin, manage-realm or manage-clients", async () => {
        const self = await userId(platform, A, "acme-admin");
        const management = await clientUuid(platform, A, "realm-management");
        for (const name of ["realm-admin", "manage-realm", "manage-clients"]) {
            const role = await platform.get<{ id: string; name: string }>(`/${A}/clients/${management}/roles/${name}`);
            const res = await tenantAdmin.call("POST", `/${A}/users/${self}/role-mappings/clients/${management}`, [role]);
            expect(REFUSED, name).toContain(res.status);
        }
        const effective = await platform.get<{ name: string }[]>(`/${A}/users/${self}/role-mappings/clients/${management}/composite`);
        expect(effective.map((r) => r.name).sort()).toEqual(["manage-users", "query-groups", "query-users", "view-events", "view-users"]);
    });

    it("cannot read the events of another realm", async () => {
        for (const path of [`/${B}/events`, `/${B}/admin-events`, `/${B}/events/config`]) {
            expect(REFUSED, path).toContain((await tenantAdmin.call("GET", path)).status);
        }
    });
});
