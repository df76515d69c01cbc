/** The clients' hardening as the real server enforces it, and the tenant status on the server. */
import { describe, expect, it } from "vitest";
import { httpsRequest } from "../../scripts/servers/keycloakHttp";
import { clientId, deployment, redirectUri, TENANTS, type ClientKind } from "./context";
import { authorize, exchangeCode, newPkce, tokenRequest } from "./oidc";

const A = TENANTS.a;
const KINDS: ClientKind[] = ["portal", "kubectl"];

function userOf(realm: string) {
    return deployment().users[realm]!.devops!;
}

function request(realm: string, kind: ClientKind) {
    const user = userOf(realm);
    return { realm, clientId: clientId(realm, kind), redirectUri: redirectUri(realm, kind), username: user.username, password: user.password };
}

describe("client hardening", () => {
    for (const kind of KINDS) {
        it(`${kind}: the implicit flow is refused`, async () => {
            for (const responseType of ["token", "id_token token", "id_token"]) {
                const result = await authorize(deployment(), { ...request(A, kind), responseType });
                expect(result, responseType).toMatchObject({ outcome: "refused", stage: "authorize" });
            }
        });

        it(`${kind}: the password grant is refused`, async () => {
            const user = userOf(A);
            const res = await tokenRequest(deployment(), A, { grant_type: "password", client_id: clientId(A, kind), username: user.username, password: user.password, scope: "openid" });
            expect(res.status).toBeGreaterThanOrEqual(400);
            expect(res.json<{ error: string }>().error).toBe("unauthorized_client");
        });

        it(`${kind}: the device flow is refused`, async () => {
            const kc = deployment();
            const res = await httpsRequest(kc.caPem, `${kc.baseUrl}/realms/${A}/protocol/openid-connect/auth/device`, { body: new URLSearchParams({ client_id: clientId(A, kind), scope: "openid" }) });
            expect(res.status).toBeGreaterThanOrEqual(400);
            expect(res.json<{ error: string }>().error).toBe("unauthorized_client");
        });

        it(`${kind}: PKCE is required: no challenge, no code; a code without its verifier, no token`, async () => {
            const kc = deployment();
            const withoutChallenge = await authorize(kc, { ...request(A, kind), pkce: null });
            expect(withoutChallenge).toMatchObject({ outcome: "refused", stage: "authorize" });
            const flow = await authorize(kc, request(A, kind));
            if (flow.outcome !== "code") throw new Error(`expected a code, got ${JSON.stringify(flow)}`);
            const noVerifier = await exchangeCode(kc, request(A, kind), flow.code, null);
            expect(noVerifier.status).toBe(400);
            expect(noVerifier.json<{ error: string }>().error).toBe("invalid_grant");
            const wrongVerifier = await authorize(kc, request(A, kind));
            if (wrongVerifier.outcome !== "code") throw new Error("expected a code");
            const res = await exchangeCode(kc, request(A, kind), wrongVerifier.code, newPkce().verifier);
            expect(res.status).toBe(400);
        });
    }

    it("redirect URIs are exact: look-alikes of the portal's and kubectl's are refused", async () => {
        const kc = deployment();
        const lookAlikes: [ClientKind, string][] = [
            ["portal", "https://portal.dev.stoa.example/acme-corp/callback/evil"],
            ["portal", "https://portal.dev.stoa.example/acme-corp/callbackx"],
            ["portal", "https://portal.dev.stoa.example.evil.example/acme-corp/callback"],
            ["portal", "https://portal.dev.stoa.example/globex/callback"],
            ["kubectl", "http://localhost:8000/evil"],
            ["kubectl", "http://localhost:8000.evil.example"],
            ["kubectl", "https://evil.example/callback"],
        ];
        for (const [kind, uri] of lookAlikes) {
            const result = await authorize(kc, { ...request(A, kind), redirectUri: uri });
            expect(result, uri).toMatchObject({ outcome: "refused", stage: "authorize", status: 400 });
        }
        // The registered URIs themselves work (the refusals above are about the URI, nothing else).
        for (const kind of KINDS) expect((await authorize(kc, request(A, kind))).outcome).toBe("code");
    });

    it("the API client gets a token by client credentials while its tenant is active, none when suspended", async () => {
        const kc = deployment();
        const credentials = (realm: string) => tokenRequest(kc, realm, { grant_type: "client_credentials", client_id: clientId(realm, "api"), client_secret: kc.apiSecrets[realm]! });
        const active = await credentials(A);
        expect(active.status).toBe(200);
        expect(typeof active.json<{ access_token: string }>().access_token).toBe("string");
        const suspended = await credentials(TENANTS.suspended);
        expect(suspended.status).toBeGreaterThanOrEqual(400);
        expect(suspended.json<Record<string, unknown>>().access_token).toBeUndefined();
        // The API client has no browser flow at all.
        const browser = await authorize(kc, { ...request(A, "kubectl"), clientId: clientId(A, "api") });
        expect(browser.outcome).toBe("refused");
    });

    it("a suspended tenant's people still log in (read-only access is decided by the cluster and gateway)", async () => {
        expect((await authorize(deployment(), request(TENANTS.suspended, "kubectl"))).outcome).toBe("code");
    });

    it("an archived tenant's realm refuses every login", async () => {
        const kc = deployment();
        const realm = TENANTS.archived;
        for (const kind of KINDS) {
            expect(await authorize(kc, request(realm, kind)), kind).toMatchObject({ outcome: "refused", stage: "authorize" });
        }
        const user = userOf(realm);
        const password = await tokenRequest(kc, realm, { grant_type: "password", client_id: clientId(realm, "kubectl"), username: user.username, password: user.password });
        expect(password.status).toBeGreaterThanOrEqual(400);
        const credentials = await tokenRequest(kc, realm, { grant_type: "client_credentials", client_id: clientId(realm, "api"), client_secret: kc.apiSecrets[realm]! });
        expect(credentials.status).toBeGreaterThanOrEqual(400);
        expect(credentials.body).not.toContain("access_token");
    });
});
