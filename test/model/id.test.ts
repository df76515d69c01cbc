/** The id rules as a table: what TenantIdSchema accepts and refuses, and why. */
import { describe, expect, it } from "vitest";
import { RESERVED_TENANT_IDS, RESERVED_TENANT_ID_PREFIXES, TENANT_ID_MAX_LENGTH, TenantIdSchema, tenantIdProblem } from "../../components/model";

const accepted = ["oasis", "acme-corp", "ab", "a1", "x-1-y", "a".repeat(TENANT_ID_MAX_LENGTH), "tenant", "kube", "kubeflow", "pg", "stoa2", "masters"].filter(
    (id) => !RESERVED_TENANT_IDS.includes(id),
);

const refused: [string, string][] = [
    ["", "2 to 30 characters"],
    ["a", "2 to 30 characters"],
    ["a".repeat(TENANT_ID_MAX_LENGTH + 1), "2 to 30 characters"],
    ["Acme", "lower-case"],
    ["acme_corp", "lower-case"],
    ["acme.corp", "lower-case"],
    ["1acme", "start with a letter"],
    ["-acme", "start with a letter"],
    ["acme-", "end with a letter or digit"],
    ["ac me", "lower-case"],
    ["acmé", "lower-case"],
    ["xn--acme", "'--'"],
    ["a--b", "'--'"],
    ["master", "reserved"],
    ["stoa", "reserved"],
    ["stoa-system", "reserved"],
    ["default", "reserved"],
    ["postgres", "reserved"],
    ["kube-system", 'starting with "kube-"'],
    ["kube-public", 'starting with "kube-"'],
    ["pg-catalog", 'starting with "pg-"'],
    ["stoa-billing", 'starting with "stoa-"'],
];

describe("TenantIdSchema", () => {
    it.each(accepted)("accepts %s", (id) => {
        expect(TenantIdSchema.safeParse(id).success).toBe(true);
        expect(tenantIdProblem(id)).toBeUndefined();
    });

    it.each(refused)("refuses %j (%s)", (id, reason) => {
        const result = TenantIdSchema.safeParse(id);
        expect(result.success).toBe(false);
        expect(result.error!.issues).toHaveLength(1);
        expect(result.error!.issues[0].message).toContain(reason);
    });

    it("refuses every reserved id and every reserved prefix", () => {
        for (const id of RESERVED_TENANT_IDS) expect(tenantIdProblem(id), id).toBeDefined();
        for (const prefix of RESERVED_TENANT_ID_PREFIXES) expect(tenantIdProblem(`${prefix}x1`), prefix).toContain(prefix);
    });

    it("refuses Kubernetes' own namespaces and Keycloak's master realm", () => {
        for (const id of ["kube-system", "kube-public", "kube-node-lease", "default", "master"]) expect(tenantIdProblem(id), id).toBeDefined();
    });
});
