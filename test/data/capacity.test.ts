/**
 * The server's connection capacity against the tenants' connection limits: the pure set-level check,
 * on the sample tenants (enterprise active, business suspended, community active, starter archived),
 * and the program refusing a set that does not fit before any resource exists.
 */
import { describe, expect, it } from "vitest";
import { connectionCapacityProblems } from "../../components/model/capacity";
import { loadTenants, type ResolvedTenant } from "../../components/model";
import { recordProgram } from "../postgres/deploy";

function samples(): ResolvedTenant[] {
    const result = loadTenants("tenants");
    if (!result.ok) throw new Error("the sample tenants must load");
    return result.tenants;
}

describe("connection capacity", () => {
    it("refuses the sample tenants on a server that accepts 100 connections, naming each tenant and its numbers", () => {
        expect(connectionCapacityProblems({ databaseConnectionCapacity: 100 }, samples())).toEqual([
            {
                file: "tenants",
                field: "(tenant set)",
                message:
                    "the tenants' PostgreSQL roles may open 136 connections together, more than stoa-tenancy:databaseConnectionCapacity (100): " +
                    "acme-corp 102 (application 100 + backup 2), globex 27 (application 25 + backup 2), oasis 7 (application 5 + backup 2); " +
                    "lower a tenant's tier or raise the server's capacity",
            },
        ]);
    });

    it("accepts them when they fit exactly, and counts an archived tenant as nothing", () => {
        expect(connectionCapacityProblems({ databaseConnectionCapacity: 136 }, samples())).toEqual([]);
        expect(connectionCapacityProblems({ databaseConnectionCapacity: 135 }, samples())).toHaveLength(1);
        const archivedOnly = samples().filter((t) => t.status === "archived");
        expect(archivedOnly.map((t) => t.id)).toEqual(["initech"]);
        expect(connectionCapacityProblems({ databaseConnectionCapacity: 1 }, archivedOnly)).toEqual([]);
    });

    it("makes the program refuse the whole set before registering anything", async () => {
        // The fixtures: community 5, starter 10 twice (each + backup 2), one archived: 31.
        await expect(recordProgram({ databaseConnectionCapacity: 30 })).rejects.toThrow(
            /may open 31 connections together, more than stoa-tenancy:databaseConnectionCapacity \(30\): grey-fog 12 \(application 10 \+ backup 2\), red-rock 12 \(application 10 \+ backup 2\), blue-sky 7 \(application 5 \+ backup 2\)/,
        );
        await expect(recordProgram({ databaseConnectionCapacity: 31 })).resolves.toBeDefined();
    });
});

describe("the platform's own login", () => {
    const GRANT_ROLE = "postgresql:index/grantRole:GrantRole";

    it("gets pg_use_reserved_connections when the stack names it, and nothing is granted otherwise", async () => {
        const named = await recordProgram({ databasePlatformLogin: "stoa_platform" });
        expect(named.resources.filter((r) => r.type === GRANT_ROLE).map((r) => r.inputs)).toEqual([{ role: "stoa_platform", grantRole: "pg_use_reserved_connections" }]);
        const unnamed = await recordProgram({});
        expect(unnamed.resources.filter((r) => r.type === GRANT_ROLE)).toEqual([]);
    });
});
