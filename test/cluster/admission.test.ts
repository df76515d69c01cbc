/**
 * The admission catalogue against the real API server, acting as the tenant's own users (the set-up
 * identity impersonating `tenant:acme-corp:<group>`): each hostile object is refused with the
 * expected reason, and its legitimate counterpart is accepted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMISSION_CASES, NS, TENANT } from "./admissionCases";
import { adminClient } from "./client";
import { recordFact } from "./facts";
import { isSuccess, send } from "./requests";
import { ensureStack, stackObjects } from "./stack";

const admin = adminClient();
let passed = 0;

beforeAll(async () => {
    await ensureStack(admin, await stackObjects("dev", admin.cluster.keycloakUrl));
    // What the legitimate pods refer to.
    await admin.post(`/api/v1/namespaces/${NS}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" }, data: {} });
}, 300_000);

afterAll(() => {
    recordFact("admission", { admissionCases: passed });
    admin.close();
});

describe("admission catalogue (acting as the tenant's users)", () => {
    it("has at least 40 cases with distinct names", () => {
        expect(ADMISSION_CASES.length).toBeGreaterThanOrEqual(40);
        expect(new Set(ADMISSION_CASES.map((c) => c.name)).size).toBe(ADMISSION_CASES.length);
    });

    it.each(ADMISSION_CASES.map((c) => [c.name, c] as const))("%s: refused, and the legitimate counterpart accepted", async (_name, c) => {
        const hostile = await send(admin, TENANT, c.hostile);
        expect(isSuccess(hostile), `hostile request was accepted (HTTP ${hostile.status})`).toBe(false);
        expect(String(hostile.body.message)).toMatch(c.refusal);
        const legit = await send(admin, TENANT, c.legit);
        expect(legit.status, String(legit.body.message)).toBeGreaterThanOrEqual(200);
        expect(legit.status, String(legit.body.message)).toBeLessThan(300);
        passed++;
    });

    it("Pod Security restricted is enforced, not only warned, on every tenant namespace the program labels", async () => {
        for (const ns of ["tenant-acme-corp", "tenant-globex", "tenant-initech", "tenant-oasis"]) {
            const labels = ((await admin.get(`/api/v1/namespaces/${ns}`)).body.metadata as { labels: Record<string, string> }).labels;
            expect(labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
        }
    });
});
