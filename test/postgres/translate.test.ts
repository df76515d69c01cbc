/**
 * The translator's SQL for inputs the program does not use today, against the provider's source
 * (cyrilgdn/terraform-provider-postgresql, postgresql/resource_postgresql_grant.go, createRevokeQuery).
 */
import { describe, expect, it } from "vitest";
import type { RecordedResource } from "../../scripts/offline/runtime";
import { GRANT_TYPE, toSql } from "./translate";

function grant(inputs: Record<string, unknown>): RecordedResource {
    return { urn: "urn:grant", type: GRANT_TYPE, name: "grant", parent: null, custom: true, inputs, protect: false, retainOnDelete: false };
}

const noPassword = () => {
    throw new Error("no password expected");
};

describe("Grant", () => {
    const base = { database: "d", role: "r", schema: "s", objectType: "table" };

    it("with objects and privileges listed, revokes only those privileges on those objects", () => {
        expect(toSql(grant({ ...base, objects: ["t", "u"], privileges: ["SELECT", "INSERT"] }), noPassword).statements).toEqual([
            'REVOKE SELECT,INSERT ON TABLE "s"."t", "s"."u" FROM "r"',
            'GRANT SELECT,INSERT ON TABLE "s"."t", "s"."u" TO "r"',
        ]);
    });

    it("with objects and no privileges, revokes everything on those objects and grants nothing", () => {
        expect(toSql(grant({ ...base, objects: ["t"], privileges: [] }), noPassword).statements).toEqual(['REVOKE ALL PRIVILEGES ON TABLE "s"."t" FROM "r"']);
    });

    it("without objects, revokes everything on every table of the schema first", () => {
        expect(toSql(grant({ ...base, privileges: ["SELECT"] }), noPassword).statements).toEqual([
            'REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA "s" FROM "r"',
            'GRANT SELECT ON ALL TABLES IN SCHEMA "s" TO "r"',
        ]);
    });
});
