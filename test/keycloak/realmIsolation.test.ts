/** Realm isolation on the real server: one realm's users, tokens and keys mean nothing in another. */
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { httpsRequest } from "../../scripts/servers/keycloakHttp";
import { clientId, deployment, loginAs, masterAdmin, redirectUri, TENANTS } from "./context";
import { authorize, decodeJwt, introspect, userinfo, type TokenResponse } from "./oidc";

const A = TENANTS.a;
const B = TENANTS.b;

let tokenOfA: TokenResponse;
/** Secret of the test's own `kubernetes` client in each realm: the resource server kubectl's tokens are for. */
const resourceServerSecret: Record<string, string> = {};

beforeAll(async () => {
    tokenOfA = await loginAs(A, "devops", "kubectl");
    // Keycloak answers introspection only to a client in the token's audience: the tests add a
    // confidential client named like the audience kubectl's tokens carry, in both realms.
    const platform = await masterAdmin();
    for (const realm of [A, B]) {
        resourceServerSecret[realm] = randomBytes(24).toString("hex");
        await platform.create(`/${realm}/clients`, { clientId: "kubernetes", publicClient: false, secret: resourceServerSecret[realm], standardFlowEnabled: false, directAccessGrantsEnabled: false });
    }
});

describe("realm isolation", () => {
    it("a user of realm A logs in to A's kubectl client but not to B's", async () => {
        const kc = deployment();
        const user = kc.users[A]!.devops!;
        const own = await authorize(kc, { realm: A, clientId: clientId(A, "kubectl"), redirectUri: redirectUri(A, "kubectl"), username: user.username, password: user.password });
        expect(own.outcome).toBe("code");
        const other = await authorize(kc, { realm: B, clientId: clientId(B, "kubectl"), redirectUri: redirectUri(B, "kubectl"), username: user.username, password: user.password });
        expect(other).toMatchObject({ outcome: "refused", stage: "login" });
    });

    it("B's userinfo rejects A's access token (A's own accepts it)", async () => {
        const kc = deployment();
        const own = await userinfo(kc, A, tokenOfA.access_token);
        expect(own.status).toBe(200);
        expect(own.json<{ preferred_username: string }>().preferred_username).toBe("acme-dev");
        const other = await userinfo(kc, B, tokenOfA.access_token);
        expect(other.status).toBe(401);
    });

    it("B's introspection reports A's token inactive (A's own reports it active)", async () => {
        const kc = deployment();
        const own = await introspect(kc, A, tokenOfA.access_token, "kubernetes", resourceServerSecret[A]!);
        expect(own.status).toBe(200);
        expect(own.json<{ active: boolean; iss: string }>()).toMatchObject({ active: true, iss: `${kc.baseUrl}/realms/acme-corp` });
        const other = await introspect(kc, B, tokenOfA.access_token, "kubernetes", resourceServerSecret[B]!);
        expect(other.status).toBe(200);
        expect(other.json<{ active: boolean }>().active).toBe(false);
    });

    it("the realms have their own issuer and their own signing keys", async () => {
        const kc = deployment();
        const discovery = async (realm: string) => (await httpsRequest(kc.caPem, `${kc.baseUrl}/realms/${realm}/.well-known/openid-configuration`)).json<{ issuer: string; jwks_uri: string }>();
        const [a, b] = [await discovery(A), await discovery(B)];
        expect(a.issuer).toBe(`${kc.baseUrl}/realms/acme-corp`);
        expect(b.issuer).toBe(`${kc.baseUrl}/realms/oasis`);
        const keys = async (uri: string) => (await httpsRequest(kc.caPem, uri)).json<{ keys: { kid: string; use?: string; n?: string; x?: string }[] }>().keys;
        const [keysA, keysB] = [await keys(a.jwks_uri), await keys(b.jwks_uri)];
        expect(keysA.length).toBeGreaterThan(0);
        expect(keysB.length).toBeGreaterThan(0);
        const material = (k: { kid: string; n?: string; x?: string }) => [k.kid, k.n ?? k.x];
        const fromA = new Set(keysA.flatMap(material));
        expect(keysB.flatMap(material).filter((m) => fromA.has(m))).toEqual([]);
        const { header, payload } = decodeJwt(tokenOfA.access_token);
        expect(payload.iss).toBe(`${kc.baseUrl}/realms/acme-corp`);
        expect(keysA.map((k) => k.kid)).toContain(header.kid);
        expect(keysB.map((k) => k.kid)).not.toContain(header.kid);
    });
});
