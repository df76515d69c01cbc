/**
 * The `database` isolation model on a real PostgreSQL 18 server: each tenant in a database of its own,
 * owned by its owner role, CONNECT for its own roles only, PUBLIC closed out; beside a tenant of the
 * `schema` model in the shared database.
 *
 * Fixtures (test/postgres/fixtures/database-tenants): deep-sea (business, active), still-lake (business,
 * suspended), salt-flat (business, archived), blue-sky (community, asks for the database model) and
 * red-rock (starter, schema model). The program's postgresql resources are applied as in
 * isolation.test.ts; acting as each owner, the test creates a table, a SECURITY DEFINER function and
 * rows, then tries, as each tenant role, every attack of docs/data.md.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantNames, type TenantNames } from "../../components/model";
import type { OfflineRun } from "../../scripts/offline/runtime";
import { applySteps, mockPasswords, plannedSql, recordProgram } from "./deploy";
import { AdminSessions } from "./adminSessions";
import { startTestServer, type TestServer } from "./server";
import { DATABASE_TYPE, DEFAULT_PRIVILEGES_TYPE, GRANT_ROLE_TYPE, GRANT_TYPE, ROLE_TYPE, SCHEMA_TYPE, quoteIdent } from "./translate";

const SHARED = "stoa";
const TENANTS = path.join(__dirname, "fixtures", "database-tenants");
const ALL = ["deep-sea", "still-lake", "salt-flat", "blue-sky", "red-rock"] as const;
type TenantId = (typeof ALL)[number];
/** Where each fixture's data is: the tier's model, or the stronger one blue-sky asks for. */
const DATABASE_OF: Record<TenantId, string> = {
    "deep-sea": "tenant_deep_sea",
    "still-lake": "tenant_still_lake",
    "salt-flat": "tenant_salt_flat",
    "blue-sky": "tenant_blue_sky",
    "red-rock": SHARED,
};
const LIVE = ["deep-sea", "still-lake", "blue-sky", "red-rock"] as const;

const CONFIG = { database: SHARED, closedDatabases: ["postgres", "template1"], databaseAudit: "none" };
const INSUFFICIENT_PRIVILEGE = "42501";
const INVALID_AUTHORIZATION = "28000";

let server: TestServer;
let run: OfflineRun;
const names = Object.fromEntries(ALL.map((id) => [id, tenantNames(id)])) as Record<TenantId, TenantNames>;
const appPassword = {} as Record<TenantId, string>;
const backupPassword = {} as Record<TenantId, string>;
const admins = new AdminSessions(() => server);
const admin = (database: string): Promise<pg.Client> => admins.get(database);
const asOwner = (id: TenantId, sql: string): Promise<void> => admins.asRole(DATABASE_OF[id], names[id].schemaOwnerRole, names[id].schema, sql);

const login = (id: TenantId, database = DATABASE_OF[id]) => server.connect(names[id].applicationRole, appPassword[id], database);
const backupLogin = (id: TenantId, database = DATABASE_OF[id]) => server.connect(names[id].backupRole, backupPassword[id], database);

async function denied(query: Promise<unknown>, code = INSUFFICIENT_PRIVILEGE): Promise<void> {
    await expect(query).rejects.toMatchObject({ code });
}

async function rows(client: pg.Client, sql: string): Promise<unknown[]> {
    return (await client.query(sql)).rows;
}

beforeAll(async () => {
    server = await startTestServer();
    try {
        await (await admin("postgres")).query(`CREATE DATABASE ${SHARED}`);
        run = await recordProgram(CONFIG, TENANTS);
        const passwordOf = mockPasswords(run);
        for (const id of ALL) {
            const role = (name: string) => run.resources.find((r) => r.type === ROLE_TYPE && r.inputs.name === name)!;
            appPassword[id] = passwordOf(role(names[id].applicationRole));
            backupPassword[id] = passwordOf(role(names[id].backupRole));
        }
        const steps = plannedSql(run);
        const early = steps.filter((s) => [ROLE_TYPE, GRANT_ROLE_TYPE, DATABASE_TYPE, SCHEMA_TYPE].includes(s.type));
        await applySteps(server, early, "postgres");
        for (const id of ALL) {
            await asOwner(
                id,
                `CREATE TABLE orders (id serial PRIMARY KEY, item text NOT NULL); INSERT INTO orders (item) VALUES ('first'), ('second');
                 CREATE FUNCTION add_order(item text) RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = ${quoteIdent(names[id].schema)}
                   AS 'INSERT INTO orders (item) VALUES (item)'`,
            );
        }
        await applySteps(
            server,
            steps.filter((s) => !early.includes(s)),
            "postgres",
        );
    } catch (err) {
        await server.stop();
        throw err;
    }
}, 180_000);

afterAll(async () => {
    await server?.stop();
});

describe("what the program registers", () => {
    it("gives each database-model tenant a database of its own, owned by its owner role, with no privilege for PUBLIC", async () => {
        const databases = await rows(
            await admin("postgres"),
            `SELECT datname, pg_get_userbyid(datdba) AS owner,
                    has_database_privilege('public', oid, 'CONNECT') AS public_connect, has_database_privilege('public', oid, 'TEMPORARY') AS public_temp
             FROM pg_database WHERE datname LIKE 'tenant\\_%' ORDER BY 1`,
        );
        expect(databases).toEqual(
            ["blue-sky", "deep-sea", "salt-flat", "still-lake"].map((id) => ({
                datname: DATABASE_OF[id as TenantId],
                owner: names[id as TenantId].schemaOwnerRole,
                public_connect: false,
                public_temp: false,
            })),
        );
    });

    it("gives CONNECT on each tenant database to that tenant's live roles only (and its owner)", async () => {
        const client = await admin("postgres");
        for (const database of ["tenant_deep_sea", "tenant_still_lake", "tenant_salt_flat", "tenant_blue_sky", SHARED]) {
            const { rows: allowed } = await client.query<{ rolname: string }>(
                "SELECT rolname FROM pg_roles WHERE rolname LIKE 'tenant\\_%' AND has_database_privilege(rolname, $1, 'CONNECT') AND NOT rolsuper ORDER BY 1",
                [database],
            );
            // A database's owner has CONNECT as its owner; in the shared database, owner roles have none.
            const owners = ALL.filter((id) => DATABASE_OF[id] === database && database !== SHARED).map((id) => names[id].schemaOwnerRole);
            const logins = ALL.filter((id) => DATABASE_OF[id] === database && id !== "salt-flat").flatMap((id) => [names[id].applicationRole, names[id].backupRole]);
            expect(allowed.map((r) => r.rolname), database).toEqual([...owners, ...logins].sort());
        }
    });
});

describe.each(LIVE)("tenant %s", (id) => {
    const others = ALL.filter((o) => o !== id);

    it("reads its own data in its own database; writes only while active", async () => {
        const client = await login(id);
        try {
            expect(await rows(client, "SELECT count(*)::int AS n FROM orders")).toEqual([{ n: 2 }]);
            if (id === "still-lake") {
                await denied(client.query("INSERT INTO orders (item) VALUES ('suspended')"));
                await denied(client.query("SELECT add_order('suspended')"));
            } else {
                await client.query("SELECT add_order('third')");
                await client.query("DELETE FROM orders WHERE item = 'third'");
            }
        } finally {
            await client.end();
        }
    });

    it.each(others.filter((o) => DATABASE_OF[o] !== DATABASE_OF[id]))("cannot connect to the database of %s, as application or backup role", async (other) => {
        await denied(login(id, DATABASE_OF[other]));
        await denied(backupLogin(id, DATABASE_OF[other]));
    });

    it("cannot connect to postgres or template1", async () => {
        for (const database of ["postgres", "template1"]) await denied(login(id, database));
    });

    it("finds channels, large objects and advisory locks closed in its database too", async () => {
        for (const open of [() => login(id), () => backupLogin(id)]) {
            const client = await open();
            try {
                for (const attempt of ["SELECT pg_notify('orders', 'x')", "SELECT lo_from_bytea(0, '\\x00')", "SELECT lo_create(0)", "SELECT pg_advisory_lock(hashtext('nightly-run'))"]) {
                    await denied(client.query(attempt));
                }
                await denied(client.query("CREATE TEMP TABLE scratch (x int)"));
                await denied(client.query("CREATE TABLE public.planted (x int)"));
            } finally {
                await client.end();
            }
        }
    });
});

describe("channels between models", () => {
    it("keep a NOTIFY in one tenant's database from reaching a listener in another's (one channel space per database)", async () => {
        const listener = await login("red-rock");
        const sender = await login("deep-sea");
        const own = await login("deep-sea");
        const heard: string[] = [];
        const heardOwn: string[] = [];
        listener.on("notification", (n) => heard.push(n.channel));
        own.on("notification", (n) => heardOwn.push(n.channel));
        try {
            await listener.query("LISTEN orders");
            await own.query("LISTEN orders");
            await sender.query("NOTIFY orders");
            for (let attempt = 0; attempt < 40 && heardOwn.length === 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
            expect(heardOwn).toEqual(["orders"]);
            expect(heard).toEqual([]);
        } finally {
            await Promise.all([listener.end(), sender.end(), own.end()]);
        }
    });
});

describe("archived tenant salt-flat", () => {
    it("cannot log in, with the right password, as its application or backup role; its data stays", async () => {
        await denied(login("salt-flat"), INVALID_AUTHORIZATION);
        await denied(backupLogin("salt-flat"), INVALID_AUTHORIZATION);
        expect(await rows(await admin(DATABASE_OF["salt-flat"]), `SELECT count(*)::int AS n FROM ${quoteIdent(names["salt-flat"].schema)}.orders`)).toEqual([{ n: 2 }]);
    });
});

describe("backup and restore in the database model", () => {
    it("the backup role reads its tenant's schema in its database and writes nothing; the owner restores what it read", async () => {
        const id = "deep-sea";
        const backup = await backupLogin(id);
        let saved: { id: number; item: string }[];
        try {
            saved = (await backup.query<{ id: number; item: string }>("SELECT id, item FROM orders ORDER BY id")).rows;
            expect(saved).toEqual([
                { id: 1, item: "first" },
                { id: 2, item: "second" },
            ]);
            await denied(backup.query("DELETE FROM orders"));
            await denied(backup.query("SELECT add_order('backup')"));
        } finally {
            await backup.end();
        }
        // A restore runs as the owner (the platform's migration login), like pg_restore would.
        await asOwner(id, "TRUNCATE orders");
        await asOwner(id, `INSERT INTO orders (id, item) VALUES ${saved.map((r) => `(${r.id}, '${r.item}')`).join(", ")}`);
        const client = await login(id);
        try {
            expect(await rows(client, "SELECT item FROM orders ORDER BY id")).toEqual([{ item: "first" }, { item: "second" }]);
        } finally {
            await client.end();
        }
    });

    it("the backup job and the workload's credentials point at the tenant's own database", () => {
        const job = run.resources.find((r) => r.name === "deep-sea/db-backup" && r.type === "kubernetes:batch/v1:CronJob")!;
        const env = (job.inputs as { spec: { jobTemplate: { spec: { template: { spec: { initContainers: { env: { name: string; value?: string }[] }[] } } } } } }).spec.jobTemplate.spec.template.spec.initContainers[0].env;
        expect(env.find((e) => e.name === "PGDATABASE")?.value).toBe("tenant_deep_sea");
        expect(env.find((e) => e.name === "SCHEMA")?.value).toBe("tenant_deep_sea");
    });
});

// Last: it suspends deep-sea.
describe("status change to suspended", () => {
    it("ends deep-sea's open sessions in its own database; it reconnects read-only", async () => {
        const id = "deep-sea";
        const live = await login(id);
        await live.query("LISTEN orders");
        const ended: (Error & { code?: string })[] = [];
        live.on("error", (err: Error & { code?: string }) => ended.push(err));

        const tenants = fs.mkdtempSync(path.join(os.tmpdir(), "stoa-tenants-"));
        let steps: ReturnType<typeof plannedSql>;
        try {
            for (const file of fs.readdirSync(TENANTS)) fs.copyFileSync(path.join(TENANTS, file), path.join(tenants, file));
            const file = path.join(tenants, `${id}.yaml`);
            fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("status: active", "status: suspended"));
            steps = plannedSql(await recordProgram(CONFIG, tenants));
        } finally {
            fs.rmSync(tenants, { recursive: true, force: true });
        }
        const ofTenant = steps.filter((s) => s.resource.startsWith(`${id}/`));
        // `pulumi up`'s order: the grants of the new status, then the tenant's statements.
        await applySteps(server, ofTenant.filter((s) => s.type === GRANT_TYPE || s.type === DEFAULT_PRIVILEGES_TYPE), "postgres");
        await applySteps(server, ofTenant.filter((s) => s.resource === `${id}/db-end-sessions`), "postgres");

        await expect(live.query("SELECT 1")).rejects.toThrow();
        expect(ended.map((err) => err.code)).toContain("57P01");
        const again = await login(id);
        try {
            expect(await rows(again, "SELECT count(*)::int AS n FROM orders")).toEqual([{ n: 2 }]);
            await denied(again.query("INSERT INTO orders (item) VALUES ('suspended')"));
            await denied(again.query("SELECT add_order('suspended')"));
        } finally {
            await again.end();
        }
    });
});
