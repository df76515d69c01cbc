/** The realm's audit trail on the real server: login events and admin events, each naming the realm. */
import { beforeAll, describe, expect, it } from "vitest";
import { AdminApi } from "./admin";
import { authorize } from "./oidc";
import { clientUuid, deployment, loginAs, masterAdmin, PLATFORM_REALM, TENANTS, userId } from "./context";

const A = TENANTS.a;

let platform: AdminApi;
let realmIdOfA: string;

interface AdminEvent {
    realmId: string;
    operationType: string;
    resourceType: string;
    resourcePath: string;
    representation?: string;
    authDetails: { realmId: string; userId: string; clientId: string };
}

interface LoginEvent {
    realmId: string;
    type: string;
    clientId: string;
    userId?: string;
}

beforeAll(async () => {
    platform = await masterAdmin();
    realmIdOfA = (await platform.get<{ id: string }>(`/${A}`)).id;
});

describe("realm events and admin events", () => {
    it("are on for every tenant realm, with details, kept 90 days", async () => {
        for (const realm of Object.values(TENANTS)) {
            const config = await platform.get<Record<string, unknown>>(`/${realm}/events/config`);
            expect(config, realm).toMatchObject({ eventsEnabled: true, adminEventsEnabled: true, adminEventsDetailsEnabled: true, eventsExpiration: 7776000 });
            expect(config.eventsListeners, realm).toContain("jboss-logging");
        }
    });

    it("record a tenant-admin's change as an admin event of the tenant's realm, by that admin", async () => {
        const token = await loginAs(A, "admin", "portal");
        const tenantAdmin = new AdminApi(deployment(), token.access_token);
        const created = await tenantAdmin.call("POST", `/${A}/users`, { username: "audited-user", enabled: true, email: "audited@acme-corp.example", firstName: "Audited", lastName: "User" });
        expect(created.status).toBe(201);
        const adminId = await userId(platform, A, "acme-admin");
        const events = await platform.get<AdminEvent[]>(`/${A}/admin-events?operationTypes=CREATE&resourceTypes=USER&max=100`);
        const event = events.find((e) => (e.representation ?? "").includes("audited-user"));
        expect(event, "no admin event for the created user").toBeDefined();
        expect(event!.realmId).toBe(realmIdOfA);
        expect(event!.authDetails).toMatchObject({ realmId: realmIdOfA, userId: adminId, clientId: await clientUuid(platform, A, "acme-corp-portal") });
        expect(event!.resourcePath).toMatch(/^users\//);
        // The realm it names is the tenant's: its id resolves to acme-corp, not to the master realm.
        expect(realmIdOfA).not.toBe((await platform.get<{ id: string }>("/master")).id);
    });

    it("record logins and failed logins of the tenant's realm", async () => {
        await loginAs(A, "devops", "kubectl");
        const viewer = deployment().users[A]!.viewer!;
        const failed = await authorize(deployment(), { realm: A, clientId: "acme-corp-kubectl", redirectUri: "http://localhost:8000", username: viewer.username, password: "not-the-password" });
        expect(failed).toMatchObject({ outcome: "refused", stage: "login" });
        const devops = await userId(platform, A, "acme-dev");
        const events = await platform.get<LoginEvent[]>(`/${A}/events?type=LOGIN&type=CODE_TO_TOKEN&max=200`);
        const login = events.find((e) => e.type === "LOGIN" && e.userId === devops && e.clientId === "acme-corp-kubectl");
        expect(login, "no LOGIN event for acme-dev").toBeDefined();
        expect(login!.realmId).toBe(realmIdOfA);
        expect(events.some((e) => e.type === "CODE_TO_TOKEN" && e.userId === devops)).toBe(true);
        const viewerId = await userId(platform, A, viewer.username);
        const errors = await platform.get<(LoginEvent & { error?: string })[]>(`/${A}/events?type=LOGIN_ERROR&max=200`);
        const error = errors.find((e) => e.userId === viewerId);
        expect(error, "no LOGIN_ERROR event for the failed login").toMatchObject({ realmId: realmIdOfA, clientId: "acme-corp-kubectl", error: "invalid_user_credentials" });
    });
});

describe("the platform realm", () => {
    it("has the cpi-admin role", async () => {
        const role = await platform.get<{ name: string; description: string; clientRole: boolean }>(`/${PLATFORM_REALM}/roles/cpi-admin`);
        expect(role).toMatchObject({ name: "cpi-admin", clientRole: false, description: "Platform administrator: full access to all tenants, all operations" });
    });
});
