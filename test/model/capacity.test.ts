/**
 * The connection capacity check of components/model/capacity.ts on tenants built here (the sample
 * tenants are tested in test/data/capacity.test.ts): which statuses hold connections, the sum, the
 * boundary, and the order of the tenants in the message. Numbers from the tier table (docs/data.md):
 * community 5, starter 10, business 25, enterprise 100 connections; the backup role 2.
 */
import { describe, expect, it } from "vitest";
import { BACKUP_CONNECTION_LIMIT, connectionCapacityProblems, tenantConnections } from "../../components/model/capacity";
import { TIERS, type TierName } from "../../components/model/tiers";
import type { TenantStatus } from "../../components/model/schema";

const tenant = (id: string, tier: TierName, status: TenantStatus = "active") => ({ id, status, tier: TIERS[tier], sourceFile: `tenants/${id}.yaml` });

describe("tenantConnections", () => {
    it("an active or suspended tenant holds its tier's limit and the backup role's 2; an archived one nothing", () => {
        expect(BACKUP_CONNECTION_LIMIT).toBe(2);
        expect(tenantConnections(tenant("acme", "starter"))).toStrictEqual({ id: "acme", application: 10, backup: 2 });
        expect(tenantConnections(tenant("globex", "business", "suspended"))).toStrictEqual({ id: "globex", application: 25, backup: 2 });
        expect(tenantConnections(tenant("initech", "enterprise", "archived"))).toStrictEqual({ id: "initech", application: 0, backup: 0 });
    });
});

describe("connectionCapacityProblems", () => {
    const set = [tenant("oasis", "community"), tenant("initech", "enterprise", "archived"), tenant("globex", "starter", "suspended"), tenant("acme", "starter")];

    it("accepts a set that fits exactly, refuses one connection more", () => {
        // 5 + 2, 10 + 2 twice, the archived tenant 0: 31.
        expect(connectionCapacityProblems({ databaseConnectionCapacity: 31 }, set)).toEqual([]);
        expect(connectionCapacityProblems({ databaseConnectionCapacity: 30 }, set)).toStrictEqual([
            {
                file: "tenants",
                field: "(tenant set)",
                message:
                    "the tenants' PostgreSQL roles may open 31 connections together, more than stoa-tenancy:databaseConnectionCapacity (30): " +
                    "acme 12 (application 10 + backup 2), globex 12 (application 10 + backup 2), oasis 7 (application 5 + backup 2); " +
                    "lower a tenant's tier or raise the server's capacity",
            },
        ]);
    });

    it("tenants holding as many connections are named in the order of their ids", () => {
        const message = connectionCapacityProblems({ databaseConnectionCapacity: 0 }, [tenant("acme", "starter"), tenant("globex", "starter"), tenant("hooli", "starter")])[0]?.message;
        expect(message).toContain(": acme 12 (application 10 + backup 2), globex 12 (application 10 + backup 2), hooli 12 (application 10 + backup 2);");
    });

    it("an archived tenant alone never needs capacity", () => {
        expect(connectionCapacityProblems({ databaseConnectionCapacity: 0 }, [tenant("initech", "enterprise", "archived")])).toEqual([]);
    });
});
