/** Grafana's login: the org mapping as a pure function, and the settings the program registers under the mocks. */
import { beforeAll, describe, expect, it } from "vitest";
import type { OfflineRun } from "../../scripts/offline/runtime";
import { mockGrafanaOrgId } from "../../scripts/offline/mocks";
import { grafanaOAuthSettings } from "../../components/observability/login";
import { allowedGroups, formatOrgMapping, orgMapping, parseOrgMapping, tenantOrgMapping } from "../../components/observability/orgMapping";
import { TYPES, resource, runProgram } from "../identity/offline";

const acme = { id: "acme-corp", status: "active", names: { platformGroup: "tenant-acme-corp" } } as const;
const globex = { id: "globex", status: "suspended", names: { platformGroup: "tenant-globex" } } as const;
const initech = { id: "initech", status: "archived", names: { platformGroup: "tenant-initech" } } as const;

describe("tenantOrgMapping", () => {
    it("maps an active tenant's groups to its organization: tenant-admin Admin, devops Editor, viewer Viewer", () => {
        expect(tenantOrgMapping(acme, "7")).toEqual([
            { external: "/tenant-acme-corp/tenant-admin", orgId: "7", role: "Admin" },
            { external: "/tenant-acme-corp/devops", orgId: "7", role: "Editor" },
            { external: "/tenant-acme-corp/viewer", orgId: "7", role: "Viewer" },
        ]);
    });
    it("makes everybody of a suspended tenant a Viewer", () => {
        expect(tenantOrgMapping(globex, "9")).toEqual([
            { external: "/tenant-globex/tenant-admin", orgId: "9", role: "Viewer" },
            { external: "/tenant-globex/devops", orgId: "9", role: "Viewer" },
            { external: "/tenant-globex/viewer", orgId: "9", role: "Viewer" },
        ]);
    });
    it("maps nobody of an archived tenant", () => {
        expect(tenantOrgMapping(initech, "11")).toEqual([]);
    });
});

describe("orgMapping", () => {
    const tenants = [
        { tenant: acme, orgId: "7" },
        { tenant: globex, orgId: "9" },
        { tenant: initech, orgId: "11" },
    ];
    it("sends cpi-admin to the main organization and each tenant's groups to its own organization only", () => {
        expect(formatOrgMapping(orgMapping("cpi-admin", tenants))).toBe(
            "cpi-admin:1:Admin," +
                "/tenant-acme-corp/tenant-admin:7:Admin,/tenant-acme-corp/devops:7:Editor,/tenant-acme-corp/viewer:7:Viewer," +
                "/tenant-globex/tenant-admin:9:Viewer,/tenant-globex/devops:9:Viewer,/tenant-globex/viewer:9:Viewer",
        );
    });
    it("lets only mapped people sign in (an archived tenant's are refused)", () => {
        expect(allowedGroups(orgMapping("cpi-admin", tenants))).toBe(
            "cpi-admin,/tenant-acme-corp/tenant-admin,/tenant-acme-corp/devops,/tenant-acme-corp/viewer,/tenant-globex/tenant-admin,/tenant-globex/devops,/tenant-globex/viewer",
        );
    });
    it("refuses a tenant organization that is the main organization", () => {
        expect(() => orgMapping("cpi-admin", [{ tenant: acme, orgId: "1" }])).toThrow("tenant acme-corp: Grafana organization 1 is the main organization");
    });
    it("refuses two tenants sharing an organization", () => {
        expect(() => orgMapping("cpi-admin", [{ tenant: acme, orgId: "7" }, { tenant: globex, orgId: "7" }])).toThrow("tenants acme-corp and globex share Grafana organization 7");
    });
    it("refuses an organization id that is not a positive integer", () => {
        expect(() => orgMapping("cpi-admin", [{ tenant: acme, orgId: "tenant-acme-corp" }])).toThrow('Grafana organization id "tenant-acme-corp" is not a positive integer');
    });
});

describe("parseOrgMapping", () => {
    it("reads Grafana's format: commas or spaces, escaped colons, Viewer when the role is left out", () => {
        expect(parseOrgMapping("cpi-admin:1:Admin, a\\:b:3:Editor /x:4")).toEqual([
            { external: "cpi-admin", orgId: "1", role: "Admin" },
            { external: "a:b", orgId: "3", role: "Editor" },
            { external: "/x", orgId: "4", role: "Viewer" },
        ]);
    });
    it("marks a mapping Grafana would skip", () => {
        expect(parseOrgMapping("lonely,a:b:c:d")).toEqual([
            { external: "lonely", orgId: "", role: undefined },
            { external: "a:b:c:d", orgId: "", role: undefined },
        ]);
    });
});

describe("grafanaOAuthSettings", () => {
    it("point at the platform realm, read groups and roles from the token, set no direct role", () => {
        const stack = { keycloakUrl: "https://auth.example", platformRealm: "stoa", grafanaClientId: "grafana" };
        expect(grafanaOAuthSettings(stack, "cpi-admin:1:Admin", "cpi-admin", "s3cret")).toEqual({
            name: "STOA",
            enabled: true,
            clientId: "grafana",
            clientSecret: "s3cret",
            authUrl: "https://auth.example/realms/stoa/protocol/openid-connect/auth",
            tokenUrl: "https://auth.example/realms/stoa/protocol/openid-connect/token",
            apiUrl: "https://auth.example/realms/stoa/protocol/openid-connect/userinfo",
            signoutRedirectUrl: "https://auth.example/realms/stoa/protocol/openid-connect/logout",
            scopes: "openid profile email",
            usePkce: true,
            allowSignUp: true,
            loginAttributePath: "preferred_username",
            emailAttributePath: "email",
            nameAttributePath: "name",
            groupsAttributePath: "[groups || `[]`, roles || `[]`][]",
            allowedGroups: "cpi-admin",
            orgAttributePath: "[groups || `[]`, roles || `[]`][]",
            orgMapping: "cpi-admin:1:Admin",
            roleAttributeStrict: false,
            skipOrgRoleSync: false,
            allowAssignGrafanaAdmin: false,
        });
    });
});

describe("Grafana's generic OAuth settings on the dev stack", () => {
    let run: OfflineRun;
    beforeAll(async () => {
        run = await runProgram();
    });
    const org = (id: string) => String(mockGrafanaOrgId(`tenant-${id}`));

    it("map the sample tenants' groups to their organizations, nobody of archived initech", () => {
        expect(resource(run, TYPES.grafanaLogin, "platform-grafana").inputs.orgMapping).toBe(
            [
                "cpi-admin:1:Admin",
                `/tenant-acme-corp/tenant-admin:${org("acme-corp")}:Admin`,
                `/tenant-acme-corp/devops:${org("acme-corp")}:Editor`,
                `/tenant-acme-corp/viewer:${org("acme-corp")}:Viewer`,
                `/tenant-globex/tenant-admin:${org("globex")}:Viewer`,
                `/tenant-globex/devops:${org("globex")}:Viewer`,
                `/tenant-globex/viewer:${org("globex")}:Viewer`,
                `/tenant-oasis/tenant-admin:${org("oasis")}:Admin`,
                `/tenant-oasis/devops:${org("oasis")}:Editor`,
                `/tenant-oasis/viewer:${org("oasis")}:Viewer`,
            ].join(","),
        );
    });

    it("are one secret (they hold the client secret), under the login component", () => {
        const settings = resource(run, TYPES.ssoSettings, "platform-grafana-login");
        expect(settings.inputs).toEqual({ providerName: "generic_oauth", oauth2Settings: "[secret]" });
        expect(settings.parent).toBe(resource(run, TYPES.grafanaLogin, "platform-grafana").urn);
    });

    it("have a confidential Grafana client in the platform realm redirecting to Grafana only", () => {
        const client = resource(run, TYPES.client, "platform-grafana-client").inputs;
        expect(client).toMatchObject({
            realmId: "stoa",
            clientId: "grafana",
            accessType: "CONFIDENTIAL",
            standardFlowEnabled: true,
            implicitFlowEnabled: false,
            directAccessGrantsEnabled: false,
            validRedirectUris: ["https://grafana.dev.stoa.example/login/generic_oauth"],
            clientSecret: "[secret]",
        });
    });

    it("take the tenant claim from the identity provider's session note and groups as full paths", () => {
        expect(resource(run, TYPES.sessionNoteMapper, "platform-grafana-tenant").inputs).toMatchObject({ claimName: "tenant", sessionNote: "tenant", realmId: "stoa" });
        expect(resource(run, TYPES.groupsMapper, "platform-grafana-groups").inputs).toMatchObject({ claimName: "groups", fullPath: true, realmId: "stoa" });
        expect(resource(run, TYPES.realmRoleMapper, "platform-grafana-roles").inputs).toMatchObject({ claimName: "roles", multivalued: true, realmId: "stoa" });
    });
});
