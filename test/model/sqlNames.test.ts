/** PostgreSQL names of a tenant with a hyphen in its id, written out as docs/data.md shows them. */
import { describe, expect, it } from "vitest";
import { sqlIdentifierPart, tenantNames } from "../../components/model/names";

describe("PostgreSQL names", () => {
    it("turn every hyphen of the id into an underscore", () => {
        expect(sqlIdentifierPart("acme-corp-eu")).toBe("acme_corp_eu");
        expect(tenantNames("acme-corp")).toMatchObject({
            schema: "tenant_acme_corp",
            schemaOwnerRole: "tenant_acme_corp_owner",
            applicationRole: "tenant_acme_corp_app",
            backupRole: "tenant_acme_corp_backup",
        });
    });
});
