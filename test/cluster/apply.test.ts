/**
 * Every Kubernetes object the program registers for the sample tenants, in prod, staging and dev, is
 * accepted by the API server's server-side apply (strict field validation, the CRDs of the custom
 * kinds installed), and applying the same objects again changes nothing: the same resourceVersion
 * and the same managedFields for every object. dev is applied last, for the files that follow.
 */
import { afterAll, describe, expect, it } from "vitest";
import { adminClient } from "./client";
import { recordFact } from "./facts";
import { applyAll, objectPath, stackObjects, FIELD_MANAGER, type Manifest } from "./stack";

const admin = adminClient();
const applied: Record<string, number> = {};

afterAll(() => {
    recordFact("apply", { objectsApplied: Object.values(applied).reduce((a, b) => a + b, 0) });
    admin.close();
});

const where = (m: Manifest) => `${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ""}${m.metadata.name}`;

describe.each(["prod", "staging", "dev"] as const)("server-side apply of the %s stack", (stack) => {
    it("accepts every object, and applying again changes nothing", async () => {
        const { manifests } = await stackObjects(stack, admin.cluster.keycloakUrl);
        // Every kind the program emits, so a new kind cannot slip by without a CRD or a test.
        const kinds = [...new Set(manifests.map((m) => `${m.apiVersion} ${m.kind}`))].sort();
        expect(kinds).toEqual(
            expect.arrayContaining([
                "admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy",
                "admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding",
                "networking.k8s.io/v1 NetworkPolicy",
                "rbac.authorization.k8s.io/v1 ClusterRoleBinding",
                "rbac.authorization.k8s.io/v1 Role",
                "rbac.authorization.k8s.io/v1 RoleBinding",
                "v1 LimitRange",
                "v1 Namespace",
                "v1 ResourceQuota",
                "velero.io/v1 Schedule",
            ]),
        );

        const first = await applyAll(admin, manifests);
        applied[stack] = first.length;
        expect(first.length).toBe(manifests.length);

        const before = await Promise.all(manifests.map(async (m) => (await admin.get(await objectPath(admin, m))).body));
        for (const [i, object] of before.entries()) {
            const managers = ((object.metadata as { managedFields?: { manager: string; operation: string }[] }).managedFields ?? []).filter((f) => f.manager === FIELD_MANAGER);
            expect(managers.map((f) => f.operation), where(manifests[i]!)).toEqual(["Apply"]);
        }
        const again = await applyAll(admin, manifests);
        const changed = again
            .map((answer, i) => ({ answer, before: before[i]!, manifest: manifests[i]! }))
            .filter(({ answer, before }) => {
                const a = answer.body.metadata as { resourceVersion: string; managedFields: unknown };
                const b = before.metadata as { resourceVersion: string; managedFields: unknown };
                return a.resourceVersion !== b.resourceVersion || JSON.stringify(a.managedFields) !== JSON.stringify(b.managedFields);
            })
            .map(({ manifest }) => where(manifest));
        expect(changed).toEqual([]);
    });
});
