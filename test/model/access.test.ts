/** accessFor: every status × environment × productionWrite, as the brief's lifecycle and environment rules. */
import { describe, expect, it } from "vitest";
import { ENVIRONMENTS, TENANT_STATUSES, accessFor, type AccessPlan, type Environment, type TenantStatus } from "../../components/model";

const ACTIVE_WRITE: AccessPlan = {
    kubernetes: { "tenant-admin": "write", devops: "write", viewer: "read" },
    workloadsAllowed: true,
    gateway: "open",
    identity: { realmEnabled: true, apiClientEnabled: true, userAdministration: "manage" },
    database: "read-write",
};
const ACTIVE_READ_ONLY: AccessPlan = { ...ACTIVE_WRITE, kubernetes: { "tenant-admin": "read", devops: "read", viewer: "read" } };
const SUSPENDED: AccessPlan = {
    kubernetes: { "tenant-admin": "read", devops: "read", viewer: "read" },
    workloadsAllowed: false,
    gateway: "blocked",
    identity: { realmEnabled: true, apiClientEnabled: false, userAdministration: "view" },
    database: "read-only",
};
const ARCHIVED: AccessPlan = {
    kubernetes: { "tenant-admin": "none", devops: "none", viewer: "none" },
    workloadsAllowed: false,
    gateway: "closed",
    identity: { realmEnabled: false, apiClientEnabled: false, userAdministration: "none" },
    database: "no-login",
};

const table: [TenantStatus, Environment, boolean, AccessPlan][] = [
    ["active", "dev", false, ACTIVE_WRITE],
    ["active", "dev", true, ACTIVE_WRITE],
    ["active", "staging", false, ACTIVE_WRITE],
    ["active", "staging", true, ACTIVE_WRITE],
    ["active", "prod", false, ACTIVE_READ_ONLY],
    ["active", "prod", true, ACTIVE_WRITE],
    ["suspended", "dev", false, SUSPENDED],
    ["suspended", "dev", true, SUSPENDED],
    ["suspended", "staging", false, SUSPENDED],
    ["suspended", "staging", true, SUSPENDED],
    ["suspended", "prod", false, SUSPENDED],
    ["suspended", "prod", true, SUSPENDED],
    ["archived", "dev", false, ARCHIVED],
    ["archived", "dev", true, ARCHIVED],
    ["archived", "staging", false, ARCHIVED],
    ["archived", "staging", true, ARCHIVED],
    ["archived", "prod", false, ARCHIVED],
    ["archived", "prod", true, ARCHIVED],
];

describe("accessFor", () => {
    it("the table covers every status × environment × productionWrite", () => {
        const keys = new Set(table.map(([s, e, w]) => `${s}/${e}/${w}`));
        expect(keys.size).toBe(TENANT_STATUSES.length * ENVIRONMENTS.length * 2);
    });

    it.each(table)("%s in %s with productionWrite=%s", (status, environment, productionWrite, expected) => {
        expect(accessFor(status, environment, productionWrite)).toEqual(expected);
    });

    it("a viewer never writes, and nothing but an active tenant runs new workloads", () => {
        for (const [status, environment, productionWrite] of table) {
            const plan = accessFor(status, environment, productionWrite);
            expect(plan.kubernetes.viewer).not.toBe("write");
            expect(plan.workloadsAllowed).toBe(status === "active");
        }
    });
});
