/** The claims the cluster's OIDC authenticator and the gateway read, in tokens the real server issues. */
import { beforeAll, describe, expect, it } from "vitest";
import { deployment, loginAs, TENANTS } from "./context";
import { audiences, decodeJwt, type TokenResponse } from "./oidc";

const A = TENANTS.a;

let kubectl: TokenResponse;
let portal: TokenResponse;

beforeAll(async () => {
    kubectl = await loginAs(A, "devops", "kubectl");
    portal = await loginAs(A, "devops", "portal");
});

describe("tokens", () => {
    it("kubectl's ID and access tokens carry audience kubernetes, plain group names and the tenant", () => {
        for (const token of [kubectl.id_token!, kubectl.access_token]) {
            const { payload } = decodeJwt(token);
            expect(audiences(payload)).toContain("kubernetes");
            expect(payload.groups).toEqual(["devops"]);
            expect(payload.tenant).toBe("acme-corp");
            expect(payload.iss).toBe(`${deployment().baseUrl}/realms/acme-corp`);
        }
    });

    it("a tenant-admin's groups claim names its group without a leading slash", async () => {
        const { payload } = decodeJwt((await loginAs(A, "admin", "kubectl")).id_token!);
        expect(payload.groups).toEqual(["tenant-admin"]);
    });

    it("the portal's tokens carry the tenant and groups but not the kubernetes audience", () => {
        for (const token of [portal.id_token!, portal.access_token]) {
            const { payload } = decodeJwt(token);
            expect(audiences(payload)).not.toContain("kubernetes");
            expect(payload.tenant).toBe("acme-corp");
            expect(payload.groups).toEqual(["devops"]);
        }
    });
});
