/** The statements the program runs itself for a tenant's roles: literal SQL, names quoted. */
import { describe, expect, it } from "vitest";
import { endSessionStatements, tempFileLimitStatements } from "../../components/data/roleStatements";

describe("role statements", () => {
    it("set temp_file_limit on each role, identifiers and values quoted", () => {
        expect(tempFileLimitStatements(["tenant_a_app", 'odd"name'], "1GB")).toEqual([
            `ALTER ROLE "tenant_a_app" SET temp_file_limit = '1GB'`,
            `ALTER ROLE "odd""name" SET temp_file_limit = '1GB'`,
        ]);
    });

    it("end the roles' sessions for a suspended or archived tenant, and nothing for an active one", () => {
        const end = [`SELECT pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity WHERE usename IN ('tenant_a_app', 'o''brien') AND pid <> pg_backend_pid()`];
        expect(endSessionStatements("suspended", ["tenant_a_app", "o'brien"])).toEqual(end);
        expect(endSessionStatements("archived", ["tenant_a_app", "o'brien"])).toEqual(end);
        expect(endSessionStatements("active", ["tenant_a_app"])).toEqual([]);
    });
});
