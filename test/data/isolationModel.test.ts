/**
 * The isolation model of each tenant: the tier table's defaults, a tenant file asking for the stronger
 * model (never the weaker), the resources of the `database` model, and the refusal of an
 * unacknowledged model change against the previous deployment (under the mocks).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isolationChangeProblems } from "../../components/data/isolationGuard";
import { TIERS, parseTenantFile } from "../../components/model";
import { previousStackOutputs } from "../../scripts/offline/mocks";
import { diffPlans } from "../../scripts/plan/diff";
import { recordProgram } from "../postgres/deploy";

const DATABASE_TENANTS = path.join(__dirname, "..", "postgres", "fixtures", "database-tenants");

function tenantFile(tier: string, extra = ""): string {
    return `id: sample\nname: Sample\nstatus: active\ntier: ${tier}\ncreated_at: 2025-01-01T00:00:00Z\n${extra}`;
}

describe("the tier table's models", () => {
    it("puts community and starter in the shared database, business and enterprise in their own", () => {
        expect([TIERS.community, TIERS.starter, TIERS.business, TIERS.enterprise].map((t) => t.databaseIsolation)).toEqual(["schema", "schema", "database", "database"]);
    });
});

describe("a tenant file's database_isolation", () => {
    it("may ask for the stronger model", () => {
        const parsed = parseTenantFile("tenants/sample.yaml", tenantFile("community", "settings:\n  database_isolation: database\n"));
        expect(parsed.errors).toEqual([]);
        expect(parsed.tenant?.databaseIsolation).toBe("database");
    });

    it("defaults to the tier's", () => {
        expect(parseTenantFile("tenants/sample.yaml", tenantFile("business")).tenant?.databaseIsolation).toBe("database");
        expect(parseTenantFile("tenants/sample.yaml", tenantFile("starter")).tenant?.databaseIsolation).toBe("schema");
    });

    it("is refused when weaker than the tier's, naming the file, the field and the line", () => {
        const parsed = parseTenantFile("tenants/sample.yaml", tenantFile("enterprise", "settings:\n  database_isolation: schema\n"));
        expect(parsed.tenant).toBeUndefined();
        expect(parsed.errors).toEqual([
            {
                file: "tenants/sample.yaml",
                field: "settings.database_isolation",
                message: "schema is weaker than the enterprise tier's database model; a tenant may ask only for a stronger model",
                line: 7,
                column: 23,
            },
        ]);
    });
});

describe("an isolation model change of a live tenant", () => {
    const now = (databaseIsolationChange?: "schema-to-database") => [
        { id: "acme", databaseIsolation: "database" as const, databaseIsolationChange, sourceFile: "tenants/acme.yaml" },
    ];

    it("is refused unless the tenant file acknowledges it", () => {
        const problems = isolationChangeProblems({ acme: { status: "active", databaseIsolation: "schema" } }, now());
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(/^tenant "acme" is deployed with the schema isolation model and tenants\/acme.yaml now gives it the database model: that is a data migration\. Add settings.database_isolation_change: schema-to-database/);
        expect(isolationChangeProblems({ acme: { status: "active", databaseIsolation: "schema" } }, now("schema-to-database"))).toEqual([]);
    });

    it("counts a deployment without a recorded model as the schema model, and lets an archived tenant or a new one through", () => {
        expect(isolationChangeProblems({ acme: { status: "suspended" } }, now())).toHaveLength(1);
        expect(isolationChangeProblems({ acme: { status: "archived", databaseIsolation: "schema" } }, now())).toEqual([]);
        expect(isolationChangeProblems({}, now())).toEqual([]);
        expect(isolationChangeProblems({ acme: { status: "active", databaseIsolation: "database" } }, now())).toEqual([]);
    });
});

describe("the program against the previous deployment (removal guard on)", () => {
    const self = "organization/stoa-tenancy/dev";
    const tmp: string[] = [];
    afterEach(() => {
        previousStackOutputs.clear();
        for (const dir of tmp.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    });
    const deployedAsSchema = () =>
        previousStackOutputs.set(self, {
            tenants: {
                "deep-sea": { status: "active", databaseIsolation: "schema" },
                "still-lake": { status: "suspended", databaseIsolation: "database" },
                "salt-flat": { status: "archived", databaseIsolation: "database" },
                "blue-sky": { status: "active", databaseIsolation: "database" },
                "red-rock": { status: "active", databaseIsolation: "schema" },
            },
        });
    function withAcknowledgment(): string {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stoa-tenants-"));
        tmp.push(dir);
        for (const file of fs.readdirSync(DATABASE_TENANTS)) fs.copyFileSync(path.join(DATABASE_TENANTS, file), path.join(dir, file));
        fs.appendFileSync(path.join(dir, "deep-sea.yaml"), "settings:\n  database_isolation_change: schema-to-database\n");
        return dir;
    }

    it("refuses to move deep-sea from its schema to a database of its own without the acknowledgment", async () => {
        deployedAsSchema();
        await expect(recordProgram({ removalGuard: true }, DATABASE_TENANTS)).rejects.toThrow(/refusing to deploy: 1 isolation model change not acknowledged:\n {2}tenant "deep-sea"/);
    });

    it("with it, registers the new database and keeps the old schema in the shared database, both protected", async () => {
        deployedAsSchema();
        const run = await recordProgram({ removalGuard: true }, withAcknowledgment());
        const of = (name: string) => run.resources.find((r) => r.name === `deep-sea/${name}`)!;
        expect(of("db-schema").inputs).toMatchObject({ name: "tenant_deep_sea", database: "stoa", dropCascade: false });
        expect(of("db-database").inputs).toMatchObject({ name: "tenant_deep_sea", owner: "tenant_deep_sea_owner" });
        expect(of("db-database-schema").inputs).toMatchObject({ name: "tenant_deep_sea", database: "tenant_deep_sea" });
        for (const name of ["db-schema", "db-database", "db-database-schema"]) expect([of(name).protect, of(name).retainOnDelete], name).toEqual([true, true]);
        // The roles now connect to the new database.
        expect(of("db-app-connect").inputs).toMatchObject({ database: "tenant_deep_sea", objectType: "database", privileges: ["CONNECT"] });
    });
});

describe("the database model's resources", () => {
    it("close the tenant's own database to PUBLIC like the shared one", async () => {
        const run = await recordProgram({}, DATABASE_TENANTS);
        const publicGrants = run.resources.filter((r) => r.name.startsWith("deep-sea/db-database-") && r.inputs.role === "public").map((r) => [r.name, r.inputs.objectType, r.inputs.privileges]);
        expect(publicGrants).toEqual([
            ["deep-sea/db-database-public", "database", []],
            ["deep-sea/db-database-public-schema", "schema", []],
            ["deep-sea/db-database-functions-notify", "function", []],
            ["deep-sea/db-database-functions-large-objects", "function", []],
            ["deep-sea/db-database-functions-advisory-locks", "function", []],
        ]);
        // A schema-model tenant gets no database.
        expect(run.resources.filter((r) => r.name.startsWith("red-rock/db-database"))).toEqual([]);
        // Audited like the shared database (the dev stack's databaseAudit: pgaudit), retained.
        const audit = run.resources.filter((r) => r.type === "postgresql:index/extension:Extension" && r.name === "deep-sea/db-database-pgaudit");
        expect(audit.map((r) => [r.inputs, r.retainOnDelete])).toEqual([[{ database: "tenant_deep_sea", name: "pgaudit" }, true]]);
    });
});

describe("the plan", () => {
    const tenant = { id: "acme", tier: "business", status: "active", resources: 1 };
    const connect = (database: string) => ({
        urn: "urn:acme-connect",
        type: "postgresql:index/grant:Grant",
        name: "acme/db-app-connect",
        parent: null,
        tenant: "acme",
        inputs: { database, role: "tenant_acme_app", objectType: "database", privileges: ["CONNECT"] },
        protect: false,
        retainOnDelete: false,
    });
    const side = (database: string, status = "active") => ({ tenants: [{ ...tenant, status }], resources: [connect(database)], files: new Map() });

    it("warns isolation-model-change when a live tenant's data moves to another database", () => {
        const { warnings } = diffPlans(side("stoa"), side("tenant_acme"), "main");
        expect(warnings.filter((w) => w.kind === "isolation-model-change")).toEqual([
            {
                kind: "isolation-model-change",
                tenant: "acme",
                message:
                    'tenant "acme" moves from database stoa (at main) to database tenant_acme: its PostgreSQL isolation model changes, a data migration. ' +
                    "The deployment refuses it unless the tenant file sets settings.database_isolation_change; the old schema is kept, nothing is dropped, " +
                    "and the data must be migrated (docs/data.md).",
            },
        ]);
    });

    it("says nothing when the database stays, or when the tenant was archived", () => {
        expect(diffPlans(side("stoa"), side("stoa"), "main").warnings.filter((w) => w.kind === "isolation-model-change")).toEqual([]);
        expect(diffPlans(side("stoa", "archived"), side("tenant_acme", "archived"), "main").warnings.filter((w) => w.kind === "isolation-model-change")).toEqual([]);
    });
});
