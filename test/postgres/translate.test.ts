/**
 * The translator's SQL for inputs the program does not use today, against the provider's source
 * (cyrilgdn/terraform-provider-postgresql, postgresql/resource_postgresql_grant.go, createRevokeQuery;
 * helpers.go, quoteIdentifyIdent; resource_postgresql_role.go, resource_postgresql_database.go,
 * resource_postgresql_grant_role.go).
 */
import { describe, expect, it } from "vitest";
import type { RecordedResource } from "../../scripts/offline/runtime";
import { DATABASE_TYPE, GRANT_ROLE_TYPE, GRANT_TYPE, ROLE_TYPE, toSql } from "./translate";

function recorded(type: string, inputs: Record<string, unknown>): RecordedResource {
    return { urn: `urn:${type}`, type, name: "r", parent: null, custom: true, inputs, protect: false, retainOnDelete: false };
}

const grant = (inputs: Record<string, unknown>) => recorded(GRANT_TYPE, inputs);

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

describe("functions listed with their argument types", () => {
    it("quote the name only, as quoteIdentifyIdent does, and revoke everything from PUBLIC when no privilege is listed", () => {
        const inputs = { database: "d", role: "public", schema: "pg_catalog", objectType: "function", objects: ["pg_notify(text, text)", "pg_advisory_unlock_all()"], privileges: [] };
        expect(toSql(grant(inputs), noPassword).statements).toEqual(['REVOKE ALL PRIVILEGES ON FUNCTION "pg_catalog"."pg_notify"(text, text), "pg_catalog"."pg_advisory_unlock_all"() FROM "public"']);
    });
});

describe("Role, Database, GrantRole", () => {
    it("sets the role's timeouts after creating it, and none for 0", () => {
        const statements = toSql(recorded(ROLE_TYPE, { name: "r", password: "[secret]", login: true, statementTimeout: 30000, idleInTransactionSessionTimeout: 0 }), () => "SCRAM-SHA-256$x").statements;
        expect(statements).toEqual([
            "CREATE ROLE \"r\" WITH ENCRYPTED PASSWORD 'SCRAM-SHA-256$x' VALID UNTIL 'infinity' CONNECTION LIMIT -1 NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT LOGIN NOREPLICATION NOBYPASSRLS",
            'ALTER ROLE "r" SET statement_timeout TO 30000',
        ]);
    });

    it("creates a database outside a transaction, from template0 in UTF8 unless told otherwise", () => {
        expect(toSql(recorded(DATABASE_TYPE, { name: "tenant_a", owner: "tenant_a_owner" }), noPassword)).toMatchObject({
            statements: ['CREATE DATABASE "tenant_a" OWNER "tenant_a_owner" TEMPLATE "template0" ENCODING \'UTF8\' ALLOW_CONNECTIONS true CONNECTION LIMIT -1 IS_TEMPLATE false'],
            transaction: false,
        });
    });

    it("grants a role membership", () => {
        expect(toSql(recorded(GRANT_ROLE_TYPE, { role: "login", grantRole: "pg_use_reserved_connections" }), noPassword).statements).toEqual([
            'GRANT "pg_use_reserved_connections" TO "login"',
        ]);
    });
});
