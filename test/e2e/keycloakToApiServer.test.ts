/**
 * Keycloak → API server, end to end: a user of realm A logs in to A's kubectl client on the real
 * Keycloak (authorization code + PKCE, as kubelogin does), and the real kube-apiserver, running the
 * AuthenticationConfiguration the program emits, accepts the ID token as `tenant:A:<user>` in
 * `tenant:A:devops`, lets it work in `tenant-A` and not in `tenant-B`. The same user's portal tokens
 * are refused (issued to another client, without the `kubernetes` audience).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient, type Answer, type KubeClient } from "../cluster/client";
import { ensureStack, stackObjects } from "../cluster/stack";
import { deployment, loginAs, TENANTS } from "../keycloak/context";

const A = TENANTS.a;
const B = TENANTS.b;
const admin = adminClient();
let kubectlToken: string;

const REVIEW = { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" };
const review = (client: KubeClient): Promise<Answer> => client.post("/apis/authentication.k8s.io/v1/selfsubjectreviews", REVIEW);

async function can(client: KubeClient, verb: string, group: string, resource: string, namespace: string): Promise<boolean> {
    const answer = await client.post("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", {
        apiVersion: "authorization.k8s.io/v1",
        kind: "SelfSubjectAccessReview",
        spec: { resourceAttributes: { verb, group, resource, namespace } },
    });
    expect(answer.status, String(answer.body.message)).toBe(201);
    return (answer.body.status as { allowed: boolean }).allowed;
}

beforeAll(async () => {
    await ensureStack(admin, await stackObjects("dev", deployment().baseUrl));
    kubectlToken = (await loginAs(A, "devops", "kubectl")).id_token!;
    // The JWT authenticator loads each issuer's discovery document and keys in the background.
    const client = admin.as({ kind: "token", token: kubectlToken });
    const deadline = Date.now() + 120_000;
    while ((await review(client)).status === 401 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1000));
    client.close();
}, 300_000);

afterAll(() => admin.close());

describe("a token of the real Keycloak on the real API server", () => {
    it("A's devops user, through kubectl's client, is tenant:A:<user> in tenant:A:devops", async () => {
        const client = admin.as({ kind: "token", token: kubectlToken });
        const answer = await review(client);
        client.close();
        expect(answer.status, String(answer.body.message)).toBe(201);
        const user = (answer.body.status as { userInfo: { username: string; groups: string[] } }).userInfo;
        expect(user.username).toBe(`tenant:acme-corp:${deployment().users[A]!.devops!.username}`);
        expect(user.groups).toContain("tenant:acme-corp:devops");
        expect(user.groups.filter((g) => !g.startsWith("tenant:acme-corp:") && g !== "system:authenticated")).toEqual([]);
    });

    it("is allowed in tenant-A and denied in tenant-B, by review and by real requests", async () => {
        const client = admin.as({ kind: "token", token: kubectlToken });
        try {
            expect(await can(client, "create", "apps", "deployments", `tenant-${A}`)).toBe(true);
            expect(await can(client, "list", "", "configmaps", `tenant-${A}`)).toBe(true);
            expect(await can(client, "create", "apps", "deployments", `tenant-${B}`)).toBe(false);
            expect(await can(client, "list", "", "configmaps", `tenant-${B}`)).toBe(false);
            expect((await client.get(`/api/v1/namespaces/tenant-${A}/configmaps`)).status).toBe(200);
            const other = await client.get(`/api/v1/namespaces/tenant-${B}/configmaps`);
            expect(other.status).toBe(403);
            expect(String(other.body.message)).toContain(`User "tenant:acme-corp:${deployment().users[A]!.devops!.username}" cannot list resource "configmaps"`);
        } finally {
            client.close();
        }
    });

    it("the same user's portal tokens are refused (401)", async () => {
        const portal = await loginAs(A, "devops", "portal");
        for (const token of [portal.id_token!, portal.access_token]) {
            const client = admin.as({ kind: "token", token });
            const answer = await review(client);
            client.close();
            expect(answer.status).toBe(401);
        }
    });
});
