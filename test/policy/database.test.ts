import * as postgresql from "@pulumi/postgresql";
import { describe, it } from "vitest";
import { postgresqlGrantOwnSchema, postgresqlRoleMembershipSameTenant, postgresqlTenantRoleAttributes } from "../../policy-pack/database";
import { expectNoViolations, expectViolation, fixture } from "./util";


describe("postgresql-grant-own-schema", () => {
    const own = [
        fixture(postgresql.Grant, { database: "stoa", objectType: "database", privileges: ["CONNECT"], role: "tenant_acme_corp_app" }),
        fixture(postgresql.Grant, { database: "stoa", objectType: "schema", privileges: ["USAGE"], role: "tenant_acme_corp_app", schema: "tenant_acme_corp" }),
        fixture(postgresql.Grant, { database: "stoa", objectType: "table", privileges: ["SELECT"], role: "tenant_acme_corp_backup", schema: "tenant_acme_corp" }),
        fixture(postgresql.DefaultPrivileges, { database: "stoa", objectType: "table", owner: "tenant_acme_corp_owner", privileges: ["SELECT"], role: "tenant_acme_corp_app", schema: "tenant_acme_corp" }),
        fixture(postgresql.Schema, { name: "tenant_acme_corp", owner: "tenant_acme_corp_owner", database: "stoa" }),
        fixture(postgresql.Grant, { database: "stoa", objectType: "schema", privileges: ["USAGE"], role: "reporting", schema: "public" }),
    ];
    it("passes grants on the role's own schema", async () => {
        await expectNoViolations(postgresqlGrantOwnSchema, own);
    });
    it("refuses a grant on another tenant's schema", async () => {
        await expectViolation(
            postgresqlGrantOwnSchema,
            [fixture(postgresql.Grant, { database: "stoa", objectType: "table", privileges: ["SELECT"], role: "tenant_acme_corp_app", schema: "tenant_globex" })],
            "role tenant_acme_corp_app may be granted only on schema tenant_acme_corp, not tenant_globex",
        );
    });
    it("refuses a tenant schema granted to a non-tenant role", async () => {
        await expectViolation(
            postgresqlGrantOwnSchema,
            [fixture(postgresql.Grant, { database: "stoa", objectType: "schema", privileges: ["USAGE"], role: "public", schema: "tenant_globex" })],
            "schema tenant_globex of tenant globex must not be granted to public",
        );
    });
    it("passes a revoke from PUBLIC on a tenant's functions (empty privileges grant nothing), refuses the same granting EXECUTE", async () => {
        const revoke = { database: "stoa", objectType: "function", role: "public", schema: "tenant_globex" };
        const defaults = { database: "stoa", objectType: "function", role: "public", owner: "tenant_globex_owner" };
        await expectNoViolations(postgresqlGrantOwnSchema, [fixture(postgresql.Grant, { ...revoke, privileges: [] }), fixture(postgresql.DefaultPrivileges, { ...defaults, privileges: [] })]);
        await expectViolation(postgresqlGrantOwnSchema, [fixture(postgresql.Grant, { ...revoke, privileges: ["EXECUTE"] })], "schema tenant_globex of tenant globex must not be granted to public");
        await expectViolation(postgresqlGrantOwnSchema, [fixture(postgresql.DefaultPrivileges, { ...defaults, privileges: ["EXECUTE"] })], "objects of tenant_globex_owner must not be granted to public");
    });
    it("accepts a configured platform role on a tenant schema", async () => {
        await expectNoViolations(postgresqlGrantOwnSchema, [fixture(postgresql.Grant, { database: "stoa", objectType: "schema", privileges: ["USAGE"], role: "migrator", schema: "tenant_globex" })], {
            platformRoles: ["migrator"],
        });
    });
    it("refuses CREATE on the database", async () => {
        await expectViolation(postgresqlGrantOwnSchema, [fixture(postgresql.Grant, { database: "stoa", objectType: "database", privileges: ["CONNECT", "CREATE"], role: "tenant_oasis_app" })], "not CREATE");
    });
    it("refuses default privileges on another tenant's objects", async () => {
        await expectViolation(
            postgresqlGrantOwnSchema,
            [fixture(postgresql.DefaultPrivileges, { database: "stoa", objectType: "table", owner: "tenant_globex_owner", privileges: ["SELECT"], role: "tenant_acme_corp_app", schema: "tenant_acme_corp" })],
            "objects of tenant_globex_owner must not be granted to tenant_acme_corp_app",
        );
    });
    it("refuses default privileges without a schema for a tenant role", async () => {
        await expectViolation(
            postgresqlGrantOwnSchema,
            [fixture(postgresql.DefaultPrivileges, { database: "stoa", objectType: "table", owner: "tenant_acme_corp_owner", privileges: ["SELECT"], role: "tenant_acme_corp_app" })],
            "not every schema",
        );
    });
    it("refuses a tenant schema owned by another tenant's role", async () => {
        await expectViolation(postgresqlGrantOwnSchema, [fixture(postgresql.Schema, { name: "tenant_acme_corp", owner: "tenant_globex_owner" })], "Schema tenant_acme_corp must be owned by a role of tenant acme-corp");
    });
    it("refuses a role in the tenant_ space that is no tenant's", async () => {
        await expectViolation(postgresqlGrantOwnSchema, [fixture(postgresql.Grant, { database: "stoa", objectType: "schema", privileges: ["USAGE"], role: "tenant_", schema: "public" })], "is no tenant's role");
    });
});

describe("postgresql-role-membership-same-tenant", () => {
    it("passes membership within one tenant and between platform roles", async () => {
        await expectNoViolations(postgresqlRoleMembershipSameTenant, [
            fixture(postgresql.GrantRole, { role: "tenant_acme_corp_app", grantRole: "tenant_acme_corp_owner" }),
            fixture(postgresql.GrantRole, { role: "admin", grantRole: "reporting" }),
            fixture(postgresql.Role, { name: "tenant_acme_corp_app", roles: [] }),
        ]);
    });
    it("refuses a tenant role made member of another tenant's role", async () => {
        await expectViolation(postgresqlRoleMembershipSameTenant, [fixture(postgresql.GrantRole, { role: "tenant_acme_corp_app", grantRole: "tenant_globex_owner" })], "tenant_acme_corp_app must not be a member of tenant_globex_owner");
    });
    it("refuses a tenant role in a powerful built-in role", async () => {
        await expectViolation(postgresqlRoleMembershipSameTenant, [fixture(postgresql.Role, { name: "tenant_oasis_app", roles: ["pg_read_all_data"] })], "must not be a member of pg_read_all_data");
    });
});

describe("postgresql-tenant-role-attributes", () => {
    const role = { name: "tenant_acme_corp_app", login: true, superuser: false, createDatabase: false, createRole: false, bypassRowLevelSecurity: false, replication: false };
    it("passes a plain login role and a backup role that bypasses RLS", async () => {
        await expectNoViolations(postgresqlTenantRoleAttributes, [fixture(postgresql.Role, role), fixture(postgresql.Role, { ...role, name: "tenant_acme_corp_backup", bypassRowLevelSecurity: true })]);
    });
    for (const attribute of ["superuser", "createDatabase", "createRole", "bypassRowLevelSecurity", "replication"]) {
        it(`refuses ${attribute} on an application role`, async () => {
            await expectViolation(postgresqlTenantRoleAttributes, [fixture(postgresql.Role, { ...role, [attribute]: true })], `Role tenant_acme_corp_app must not have ${attribute}`);
        });
    }
    it("refuses BYPASSRLS on the backup role when configured strictly", async () => {
        await expectViolation(postgresqlTenantRoleAttributes, [fixture(postgresql.Role, { ...role, name: "tenant_acme_corp_backup", bypassRowLevelSecurity: true })], "must not have bypassRowLevelSecurity", { allowedByKind: {} });
    });
    it("leaves platform roles alone", async () => {
        await expectNoViolations(postgresqlTenantRoleAttributes, [fixture(postgresql.Role, { ...role, name: "platform_admin", superuser: true })]);
    });
});
