/**
 * Authentication end to end: tokens signed by the test issuers' realm keys, sent as bearer tokens to
 * the API server, which runs with the AuthenticationConfiguration the program emits. Who the server
 * says the caller is comes from a SelfSubjectReview; what the caller may do from real requests.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient, type KubeClient } from "./client";
import { recordFact } from "./facts";
import { signToken, type TokenClaims } from "./oidc";
import { ensureStack, stackObjects } from "./stack";

const admin = adminClient();
let cases = 0;

beforeAll(async () => {
    await ensureStack(admin, await stackObjects("dev", admin.cluster.keycloakUrl));
}, 300_000);

afterAll(() => {
    recordFact("authentication", { authenticationCases: cases });
    admin.close();
});

const issuer = (realm: string) => `${admin.cluster.keycloakUrl}/realms/${realm}`;

function keyOf(realm: string): string {
    const key = admin.cluster.realms.find((r) => r.realm === realm);
    if (!key) throw new Error(`the test issuers do not serve realm ${realm}`);
    return key.privateJwkFile;
}

/** A kubectl token of `realm` as Keycloak would issue it, with `overrides`; signed by `signer`'s key. */
async function token(realm: string, overrides: Partial<TokenClaims> = {}, signer = realm): Promise<KubeClient> {
    const claims: TokenClaims = {
        iss: issuer(realm),
        aud: ["kubernetes"],
        azp: realm === "stoa" ? "kubectl" : `${realm}-kubectl`,
        preferred_username: "alice",
        groups: ["devops"],
        ...overrides,
    };
    cases++;
    return admin.as({ kind: "token", token: await signToken(keyOf(signer), claims) });
}

async function whoAmI(client: KubeClient): Promise<{ status: number; username?: string; groups?: string[] }> {
    const answer = await client.post("/apis/authentication.k8s.io/v1/selfsubjectreviews", { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" });
    const user = (answer.body.status as { userInfo?: { username: string; groups: string[] } } | undefined)?.userInfo;
    client.close();
    return { status: answer.status, username: user?.username, groups: user?.groups };
}

const listDeployments = async (client: KubeClient, namespace: string) => (await client.get(`/apis/apps/v1/namespaces/${namespace}/deployments`)).status;

describe("authentication through the emitted AuthenticationConfiguration", () => {
    it("a token of realm acme-corp (its key, its issuer, groups [devops]) is tenant:acme-corp:alice in tenant:acme-corp:devops", async () => {
        const me = await whoAmI(await token("acme-corp"));
        expect(me.status).toBe(201);
        expect(me.username).toBe("tenant:acme-corp:alice");
        expect(me.groups).toEqual(expect.arrayContaining(["tenant:acme-corp:devops", "system:authenticated"]));
        expect(me.groups!.filter((g) => g !== "system:authenticated")).toEqual(["tenant:acme-corp:devops"]);
    });

    it("that user works in tenant-acme-corp and is refused in tenant-oasis, the platform namespace and at cluster scope", async () => {
        const alice = await token("acme-corp");
        expect(await listDeployments(alice, "tenant-acme-corp")).toBe(200);
        expect(await listDeployments(alice, "tenant-oasis")).toBe(403);
        expect(await listDeployments(alice, "stoa-system")).toBe(403);
        expect((await alice.get("/api/v1/namespaces")).status).toBe(403);
        alice.close();
    });

    it("a token with acme-corp's issuer signed by oasis's key is refused", async () => {
        expect((await whoAmI(await token("acme-corp", {}, "oasis"))).status).toBe(401);
    });

    it("a token signed by the platform realm's key but claiming a tenant's issuer is refused", async () => {
        expect((await whoAmI(await token("acme-corp", { groups: ["cpi-admin"] }, "stoa"))).status).toBe(401);
    });

    it("the archived tenant's issuer is not trusted, even with a correctly signed token", async () => {
        expect((await whoAmI(await token("initech"))).status).toBe(401);
    });

    it("usernames and groups that imitate other tenants, cpi-admin or system users stay under acme-corp's prefix", async () => {
        const forged = await token("acme-corp", { preferred_username: "system:admin", groups: ["tenant:oasis:devops", "cpi-admin", "system:masters", "platform:cpi-admin"] });
        const me = await whoAmI(forged);
        expect(me.status).toBe(201);
        expect(me.username).toBe("tenant:acme-corp:system:admin");
        expect(me.groups!.filter((g) => g !== "system:authenticated").sort()).toEqual(
            ["tenant:acme-corp:cpi-admin", "tenant:acme-corp:platform:cpi-admin", "tenant:acme-corp:system:masters", "tenant:acme-corp:tenant:oasis:devops"].sort(),
        );
        const client = await token("acme-corp", { preferred_username: "system:admin", groups: ["tenant:oasis:devops", "cpi-admin", "system:masters"] });
        expect(await listDeployments(client, "tenant-oasis")).toBe(403);
        expect((await client.get("/api/v1/namespaces")).status).toBe(403);
        client.close();
    });

    it("only the kubectl client's tokens are accepted: a portal token is refused, with or without the kubernetes audience", async () => {
        expect((await whoAmI(await token("acme-corp", { azp: "acme-corp-portal" }))).status).toBe(401);
        expect((await whoAmI(await token("acme-corp", { azp: "acme-corp-portal", aud: ["acme-corp-portal"] }))).status).toBe(401);
        expect((await whoAmI(await token("acme-corp", { azp: undefined }))).status).toBe(401);
        expect((await whoAmI(await token("acme-corp", { azp: "oasis-kubectl" }))).status).toBe(401);
    });

    it("a kubectl token without the kubernetes audience is refused", async () => {
        expect((await whoAmI(await token("acme-corp", { aud: ["account"] }))).status).toBe(401);
    });

    it("only the platform realm's cpi-admin group reaches cluster-admin", async () => {
        const cpiAdmin = await token("stoa", { preferred_username: "ops", groups: ["cpi-admin"] });
        expect((await cpiAdmin.get("/api/v1/namespaces")).status).toBe(200);
        expect(await listDeployments(cpiAdmin, "tenant-oasis")).toBe(200);
        cpiAdmin.close();
        const me = await whoAmI(await token("stoa", { preferred_username: "ops", groups: ["cpi-admin"] }));
        expect(me.username).toBe("platform:ops");
        expect(me.groups).toContain("platform:cpi-admin");
        // The platform realm without the group, or a tenant realm with a group named cpi-admin: nothing.
        const plain = await token("stoa", { preferred_username: "ops", groups: ["devops"] });
        expect((await plain.get("/api/v1/namespaces")).status).toBe(403);
        plain.close();
        const tenantCpi = await token("oasis", { groups: ["cpi-admin"] });
        expect((await tenantCpi.get("/api/v1/namespaces")).status).toBe(403);
        tenantCpi.close();
    });
});
