/**
 * The runtime guardrails on the real API server: every case of the admission table
 * (test/kubernetes/guardrailCases.ts, so far evaluated with a CEL library) replayed with `dryRun=All`
 * as the tenant's own tenant-admin (impersonated).
 *
 * A refused case must be refused by the case's policy (the server names it) with the case's message.
 * A case with an `oldObject` is an UPDATE: the stored object is created first (as the platform) and the
 * difference is sent as a merge patch; a stored pod is bound to its node through the `binding`
 * subresource, as the scheduler does. Tenants have no Role on cert-manager's API groups: those cases
 * are refused by RBAC for the tenant-admin, and then replayed as the platform's own identity to prove
 * the policy refuses them whoever sends them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LABEL_TENANT_ID } from "../../components/model";
import { ADMISSION_CASES, CASE_NAMESPACES, type AdmissionCase } from "../kubernetes/guardrailCases";
import { MERGE_PATCH, expectOk, type Answer, type KubeClient, adminClient } from "./client";
import { recordFact } from "./facts";
import { actorClient, isSuccess } from "./requests";
import { ensureStack, objectPath, stackObjects, type Manifest } from "./stack";

const admin = adminClient();
let replayed = 0;

type Obj = Record<string, unknown>;

/** API groups no tenant Role names (components/kubernetes/rbac.ts). */
const NO_TENANT_RBAC = new Set(["cert-manager.io", "acme.cert-manager.io"]);

/**
 * Cases the server refuses before admission, by its own validation of the object: with
 * `spec.ingressClassName` set, the legacy class annotation must name the same class.
 */
const REFUSED_BY_VALIDATION: Record<string, RegExp> = {
    "Ingress with the legacy class annotation of another class": /annotations\.kubernetes\.io\/ingress\.class: Invalid value: "nginx-internal": must match `ingressClassName` when both are specified/,
};

/** What the cluster has that the cases name: the RuntimeClass a case asks for exists (else the RuntimeClass plugin refuses first). */
const CLUSTER_FIXTURES: Obj[] = [{ apiVersion: "node.k8s.io/v1", kind: "RuntimeClass", metadata: { name: "privileged-runc" }, handler: "runc" }];

beforeAll(async () => {
    await ensureStack(admin, await stackObjects("dev", admin.cluster.keycloakUrl));
    for (const fixture of CLUSTER_FIXTURES) {
        const answer = await admin.post(await objectPath(admin, fixture as unknown as Manifest, false), fixture);
        if (answer.status !== 409) expectOk(answer, `${String(fixture.kind)} fixture`);
    }
}, 300_000);

afterAll(() => {
    recordFact("guardrails", { guardrailCases: replayed });
    admin.close();
});

const tenantOf = (c: AdmissionCase) => String(CASE_NAMESPACES[c.namespace].labels[LABEL_TENANT_ID]);

function manifest(c: AdmissionCase, object: Obj): Manifest {
    return { ...(object as unknown as Manifest), metadata: { ...(object.metadata as Manifest["metadata"]), namespace: CASE_NAMESPACES[c.namespace].name } };
}

/** JSON merge patch (RFC 7386) turning `from` into `to`; arrays are replaced whole. */
function mergePatch(from: Obj, to: Obj): Obj {
    const patch: Obj = {};
    for (const key of new Set([...Object.keys(from), ...Object.keys(to)])) {
        const a = from[key];
        const b = to[key];
        if (!(key in to)) patch[key] = null;
        else if (isObject(a) && isObject(b)) {
            const inner = mergePatch(a, b);
            if (Object.keys(inner).length > 0) patch[key] = inner;
        } else if (JSON.stringify(a) !== JSON.stringify(b)) patch[key] = b;
    }
    return patch;
}
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Stores the case's old object (as the platform); a pod with a node is created without it and bound. */
async function storeOld(c: AdmissionCase, old: Obj): Promise<string> {
    const m = manifest(c, old);
    const path = await objectPath(admin, m);
    await admin.delete(`${path}?gracePeriodSeconds=0`);
    const spec = (m.spec ?? {}) as Obj;
    const nodeName = m.kind === "Pod" ? spec.nodeName : undefined;
    const body = nodeName === undefined ? m : { ...m, spec: { ...spec, nodeName: undefined } };
    expectOk(await admin.post(await objectPath(admin, m, false), body), `stored ${m.kind} for "${c.name}"`);
    if (typeof nodeName === "string") {
        expectOk(
            await admin.post(`${path}/binding`, { apiVersion: "v1", kind: "Binding", metadata: { name: m.metadata.name }, target: { apiVersion: "v1", kind: "Node", name: nodeName } }),
            `binding of the stored pod for "${c.name}"`,
        );
    }
    return path;
}

async function replay(c: AdmissionCase, client: KubeClient): Promise<Answer> {
    const m = manifest(c, c.object);
    if (c.oldObject === undefined) return client.post(await objectPath(admin, m, false), m, "?dryRun=All");
    const path = await storeOld(c, c.oldObject);
    return client.request("PATCH", `${path}?dryRun=All`, mergePatch(c.oldObject, c.object), MERGE_PATCH);
}

function expectVerdict(c: AdmissionCase, answer: Answer): void {
    const message = String(answer.body.message ?? "");
    const validation = REFUSED_BY_VALIDATION[c.name];
    if (validation) {
        expect(answer.status).toBe(422);
        expect(message).toMatch(validation);
    } else if (c.expect === "allow") {
        expect(isSuccess(answer), `refused (HTTP ${answer.status}): ${message}`).toBe(true);
    } else {
        expect(isSuccess(answer), `admitted (HTTP ${answer.status})`).toBe(false);
        expect(message).toContain(`ValidatingAdmissionPolicy '${c.policy}'`);
        expect(message).toContain(c.expect.deny);
    }
}

describe("the guardrail table on the real API server", () => {
    it.each(ADMISSION_CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
        const group = String(c.object.apiVersion).split("/")[0]!;
        const tenantAdmin = actorClient(admin, tenantOf(c), "tenant-admin");
        try {
            const answer = await replay(c, tenantAdmin);
            if (NO_TENANT_RBAC.has(group)) {
                expect(answer.status).toBe(403);
                expect(String(answer.body.message)).toMatch(new RegExp(`forbidden: User "tenant:${tenantOf(c)}:[^"]+" cannot create resource`));
                expectVerdict(c, await replay(c, admin));
            } else {
                expectVerdict(c, answer);
            }
            replayed++;
        } finally {
            tenantAdmin.close();
        }
    });
});
