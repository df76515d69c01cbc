/**
 * Backups with the real tools on the real PostgreSQL 18 server, for both isolation models: the
 * program's dump step (`dumpScript()`, bash, pg_dump 18, openssl) as each tenant's backup role with the
 * environment of its registered CronJob; the restore of docs/data.md as the tenant's owner role into a
 * fresh target; and the model-change migration (schema → database) as docs/data.md describes it.
 *
 * Fixtures (test/backup/fixtures/tenants): oak-hill and elm-row (starter, active) share the database
 * `stoa` with ash-vale (suspended) and fir-glen (archived); deep-cove and pine-ridge (business) have a
 * database each. The program's postgresql resources are applied as in test/postgres; acting as each
 * owner (the platform's migrations), the test creates a table with a serial key, a sequence, a
 * SECURITY DEFINER function and a table with a row-level-security policy; the application role writes
 * rows of its own where it may.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { tenantNames, type TenantNames } from "../../components/model";
import { previousStackOutputs } from "../../scripts/offline/mocks";
import type { OfflineRun } from "../../scripts/offline/runtime";
import { applySteps, mockPasswords, plannedSql, recordProgram } from "../postgres/deploy";
import { AdminSessions } from "../postgres/adminSessions";
import { startTestServer, type TestServer } from "../postgres/server";
import { DATABASE_TYPE, DEFAULT_PRIVILEGES_TYPE, GRANT_ROLE_TYPE, GRANT_TYPE, ROLE_TYPE, SCHEMA_TYPE, quoteIdent, type SqlStep } from "../postgres/translate";
import { adminEnvironment, decrypt, dumpEnvironment, jobSuspended, runDumpStep, shell } from "./tools";

const SHARED = "stoa";
const TENANTS = path.join(__dirname, "fixtures", "tenants");
const ALL = ["oak-hill", "elm-row", "ash-vale", "fir-glen", "deep-cove", "pine-ridge"] as const;
type TenantId = (typeof ALL)[number];
const DATABASE_OF: Record<TenantId, string> = {
    "oak-hill": SHARED,
    "elm-row": SHARED,
    "ash-vale": SHARED,
    "fir-glen": SHARED,
    "deep-cove": "tenant_deep_cove",
    "pine-ridge": "tenant_pine_ridge",
};
const WRITES: readonly TenantId[] = ["oak-hill", "elm-row", "deep-cove", "pine-ridge"];
const CONFIG = { database: SHARED, closedDatabases: ["postgres", "template1"], databaseAudit: "none" };

const client = inject("pgClient");
let server: TestServer;
let run: OfflineRun;
let work: string;
const names = Object.fromEntries(ALL.map((id) => [id, tenantNames(id)])) as Record<TenantId, TenantNames>;
const appPassword = {} as Record<TenantId, string>;
const admins = new AdminSessions(() => server);
const admin = (database: string): Promise<pg.Client> => admins.get(database);
const asOwner = (id: TenantId, sql: string): Promise<void> => admins.asRole(DATABASE_OF[id], names[id].schemaOwnerRole, names[id].schema, sql);

const login = (id: TenantId, database = DATABASE_OF[id]) => server.connect(names[id].applicationRole, appPassword[id], database);

async function rows<T = unknown>(c: pg.Client, sql: string, params: unknown[] = []): Promise<T[]> {
    return (await c.query(sql, params)).rows as T[];
}

/** Every way a tenant's name can appear in a dump: its id, its schema, its roles. */
function marks(id: TenantId): string[] {
    return [id, names[id].schema];
}

/** What pg_restore --list and the SQL of a decrypted dump say. */
async function readDump(file: string): Promise<{ list: string; sql: string }> {
    const env = adminEnvironment(client.bin, server);
    const list = await shell(`pg_restore --list "$DUMP"`, { ...env, DUMP: file });
    const sql = await shell(`pg_restore --file=- "$DUMP"`, { ...env, DUMP: file });
    expect(list.stderr).toBe("");
    expect(sql.stderr).toBe("");
    return { list: list.stdout, sql: sql.stdout };
}

/** The TOC lines of a `pg_restore --list` (comments dropped), each as `<type…> <schema> <name> <owner>`. */
function tocEntries(list: string): string[] {
    return list
        .split("\n")
        .filter((line) => line.trim() !== "" && !line.startsWith(";"))
        .map((line) => line.replace(/^\d+; \d+ \d+ /, ""));
}

/**
 * The restore of docs/data.md ("Restore"), as written there but for the object store: decrypt, list the
 * archive without the CREATE SCHEMA entry (the program's schema is already there, with its grants and
 * default privileges), restore the rest as the tenant's owner role in one transaction.
 */
function restoreAsDocumented(file: string, passphrase: string, id: TenantId, database: string): ReturnType<typeof shell> {
    return shell(
        `cat "$BACKUP" \\
  | openssl enc -d -aes-256-cbc -pbkdf2 -iter 600000 -pass env:BACKUP_PASSPHRASE > tenant.dump
pg_restore --list tenant.dump | grep -v " SCHEMA - $SCHEMA " > tenant.list
pg_restore --dbname="$DATABASE" --role="$OWNER" --use-list=tenant.list --single-transaction --exit-on-error tenant.dump`,
        {
            ...adminEnvironment(client.bin, server),
            BACKUP: file,
            BACKUP_PASSPHRASE: passphrase,
            SCHEMA: names[id].schema,
            OWNER: names[id].schemaOwnerRole,
            DATABASE: database,
        },
        fs.mkdtempSync(path.join(work, "restore-")),
    );
}

/** The program's steps for one tenant's schema (and database), grants and default privileges: what `pulumi up` re-creates. */
function tenantPlaceSteps(steps: readonly SqlStep[], id: TenantId): SqlStep[] {
    return steps.filter((s) => s.resource.startsWith(`${id}/`) && [DATABASE_TYPE, SCHEMA_TYPE, GRANT_TYPE, DEFAULT_PRIVILEGES_TYPE].includes(s.type));
}

beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "stoa-backup-suite-"));
    // TLS on: the backup job connects with sslmode=require.
    server = await startTestServer({ ssl: true });
    try {
        await (await admin("postgres")).query(`CREATE DATABASE ${SHARED}`);
        run = await recordProgram(CONFIG, TENANTS);
        const passwordOf = mockPasswords(run);
        for (const id of ALL) {
            appPassword[id] = passwordOf(run.resources.find((r) => r.type === ROLE_TYPE && r.inputs.name === names[id].applicationRole)!);
        }
        const steps = plannedSql(run);
        const early = steps.filter((s) => [ROLE_TYPE, GRANT_ROLE_TYPE, DATABASE_TYPE, SCHEMA_TYPE].includes(s.type));
        await applySteps(server, early, "postgres");
        for (const id of ALL) {
            const schema = quoteIdent(names[id].schema);
            await asOwner(
                id,
                `CREATE TABLE orders (id serial PRIMARY KEY, item text NOT NULL);
                 INSERT INTO orders (item) VALUES ('${id} first'), ('${id} second');
                 CREATE SEQUENCE invoice_numbers START 1000;
                 CREATE FUNCTION add_order(item text) RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = ${schema}
                   AS 'INSERT INTO orders (item) VALUES (item)';
                 CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL, visible boolean NOT NULL);
                 ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
                 CREATE POLICY visible_only ON notes USING (visible);
                 INSERT INTO notes (body, visible) VALUES ('${id} shown', true), ('${id} hidden', false)`,
            );
        }
        await applySteps(
            server,
            steps.filter((s) => !early.includes(s)),
            "postgres",
        );
        // The application role's own writes, where its status allows them.
        for (const id of WRITES) {
            const app = await login(id);
            try {
                await app.query(`INSERT INTO orders (item) VALUES ('${id} written by the app')`);
                await app.query(`SELECT add_order('${id} through the function')`);
                await app.query("SELECT nextval('invoice_numbers'), nextval('invoice_numbers')");
            } finally {
                await app.end();
            }
        }
    } catch (err) {
        await server.stop();
        fs.rmSync(work, { recursive: true, force: true });
        throw err;
    }
}, 300_000);

afterAll(async () => {
    await admins.closeAll();
    await server?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
});

const ORDERS = (id: TenantId) => [
    { id: 1, item: `${id} first` },
    { id: 2, item: `${id} second` },
    { id: 3, item: `${id} written by the app` },
    { id: 4, item: `${id} through the function` },
];

describe.each([
    ["schema", "oak-hill", "elm-row"],
    ["database", "deep-cove", "pine-ridge"],
] as const)("the %s model", (model, id, other) => {
    let backup: string;
    let passphrase: string;

    it(`the program's dump step, as ${id}'s backup role with its CronJob's environment, writes an encrypted dump of ${id}'s schema and nothing else`, async () => {
        const env = dumpEnvironment(run, id);
        expect({ PGDATABASE: env.PGDATABASE, PGUSER: env.PGUSER, SCHEMA: env.SCHEMA, PGSSLMODE: env.PGSSLMODE }).toEqual({
            PGDATABASE: DATABASE_OF[id],
            PGUSER: names[id].backupRole,
            SCHEMA: names[id].schema,
            PGSSLMODE: "require",
        });
        const result = await runDumpStep(client.bin, env, server, path.join(work, id));
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
        expect(result.files).toHaveLength(1);
        backup = result.files[0];
        passphrase = env.BACKUP_PASSPHRASE;
        expect(fs.readFileSync(backup).toString("latin1")).not.toContain(`${id} first`);

        const plain = path.join(work, `${id}.dump`);
        expect((await decrypt(backup, passphrase, plain)).status).toBe(0);
        const { list, sql } = await readDump(plain);
        const schema = names[id].schema;
        const owner = names[id].schemaOwnerRole;
        expect(tocEntries(list).filter((e) => !e.startsWith("ACL ") && !e.startsWith("DEFAULT ACL ")).sort()).toEqual(
            [
                `CONSTRAINT ${schema} notes notes_pkey ${owner}`,
                `CONSTRAINT ${schema} orders orders_pkey ${owner}`,
                `DEFAULT ${schema} notes id ${owner}`,
                `DEFAULT ${schema} orders id ${owner}`,
                `FUNCTION ${schema} add_order(text) ${owner}`,
                `POLICY ${schema} notes visible_only ${owner}`,
                `ROW SECURITY ${schema} notes ${owner}`,
                `SCHEMA - ${schema} ${owner}`,
                `SEQUENCE ${schema} invoice_numbers ${owner}`,
                `SEQUENCE ${schema} notes_id_seq ${owner}`,
                `SEQUENCE ${schema} orders_id_seq ${owner}`,
                `SEQUENCE OWNED BY ${schema} notes_id_seq ${owner}`,
                `SEQUENCE OWNED BY ${schema} orders_id_seq ${owner}`,
                `SEQUENCE SET ${schema} invoice_numbers ${owner}`,
                `SEQUENCE SET ${schema} notes_id_seq ${owner}`,
                `SEQUENCE SET ${schema} orders_id_seq ${owner}`,
                `TABLE ${schema} notes ${owner}`,
                `TABLE ${schema} orders ${owner}`,
                `TABLE DATA ${schema} notes ${owner}`,
                `TABLE DATA ${schema} orders ${owner}`,
            ].sort(),
        );
        // Rows written by the owner and by the application role, the hidden row included (the backup role bypasses RLS).
        for (const row of ORDERS(id)) expect(sql).toContain(row.item);
        expect(sql).toContain(`${id} hidden`);
        for (const o of ALL.filter((o) => o !== id)) for (const mark of marks(o)) expect(sql, mark).not.toContain(mark);
    });

    it(`restores as documented, as ${id}'s owner role, into a fresh ${model === "schema" ? "schema" : "database"}; the application role reads and writes it`, async () => {
        expect(backup).toBeDefined();
        // The loss: the schema (or the whole database) is gone; `pulumi up` puts the program's back, empty.
        if (model === "schema") {
            await (await admin(SHARED)).query(`DROP SCHEMA ${quoteIdent(names[id].schema)} CASCADE`);
        } else {
            await admins.close(DATABASE_OF[id]);
            await (await admin("postgres")).query(`DROP DATABASE ${quoteIdent(DATABASE_OF[id])} WITH (FORCE)`);
        }
        await applySteps(server, tenantPlaceSteps(plannedSql(run), id), "postgres");
        expect(await rows(await admin(DATABASE_OF[id]), `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1`, [names[id].schema])).toEqual([
            { n: 0 },
        ]);

        // The whole archive does not restore: its CREATE SCHEMA is refused to the owner in the shared database and
        // meets the program's schema in the tenant's own (hence the list without it).
        const whole = await shell(
            `openssl enc -d -aes-256-cbc -pbkdf2 -iter 600000 -pass env:BACKUP_PASSPHRASE -in "$BACKUP" -out tenant.dump
pg_restore --dbname="$DATABASE" --role="$OWNER" --single-transaction --exit-on-error tenant.dump`,
            { ...adminEnvironment(client.bin, server), BACKUP: backup, BACKUP_PASSPHRASE: passphrase, OWNER: names[id].schemaOwnerRole, DATABASE: DATABASE_OF[id] },
            fs.mkdtempSync(path.join(work, "whole-")),
        );
        expect(whole.status).not.toBe(0);
        expect(whole.stderr).toContain(model === "schema" ? `permission denied for database ${SHARED}` : `schema "${names[id].schema}" already exists`);
        expect(whole.stderr).toContain(`Command was: CREATE SCHEMA ${names[id].schema};`);

        const restored = await restoreAsDocumented(backup, passphrase, id, DATABASE_OF[id]);
        expect(restored.stderr).toBe("");
        expect(restored.status).toBe(0);

        const app = await login(id);
        try {
            expect(await rows(app, "SELECT id, item FROM orders ORDER BY id")).toEqual(ORDERS(id));
            expect(await rows(app, "SELECT body FROM notes ORDER BY id")).toEqual([{ body: `${id} shown` }]);
            expect(await rows(app, "SELECT nextval('invoice_numbers')::int AS n")).toEqual([{ n: 1002 }]);
            expect(await rows(app, "INSERT INTO orders (item) VALUES ('after the restore') RETURNING id")).toEqual([{ id: 5 }]);
            await app.query("SELECT add_order('through the restored function')");
        } finally {
            await app.end();
        }
        const owned = await rows(
            await admin(DATABASE_OF[id]),
            `SELECT c.relname, pg_get_userbyid(c.relowner) AS owner, has_table_privilege($2, c.oid, 'SELECT') AS backup_reads,
                    has_table_privilege($3, c.oid, 'INSERT') AS backup_writes
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY 1`,
            [names[id].schema, names[id].backupRole, names[id].backupRole],
        );
        expect(owned).toEqual(["notes", "orders"].map((relname) => ({ relname, owner: names[id].schemaOwnerRole, backup_reads: true, backup_writes: false })));
        const functions = await rows(
            await admin(DATABASE_OF[id]),
            `SELECT p.proname, has_function_privilege('public', p.oid, 'EXECUTE') AS public FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1`,
            [names[id].schema],
        );
        expect(functions).toEqual([{ proname: "add_order", public: false }]);
        // The next night's backup of the restored schema works as before.
        expect((await runDumpStep(client.bin, dumpEnvironment(run, id), server, path.join(work, `${id}-after`))).status).toBe(0);
    });

    it(`${id}'s backup role cannot dump ${other}'s schema: pg_dump fails with permission denied, the job fails`, async () => {
        const env: Record<string, string> = { ...dumpEnvironment(run, id), SCHEMA: names[other].schema };
        if (model === "database") env.PGDATABASE = DATABASE_OF[other];
        const result = await runDumpStep(client.bin, env, server, path.join(work, `${id}-steals-${other}`));
        expect(result.status).not.toBe(0);
        expect(result.stderr).toMatch(model === "schema" ? `permission denied for schema ${names[other].schema}` : `permission denied for database "${DATABASE_OF[other]}"`);
    });
});

describe("suspended and archived tenants", () => {
    it("a suspended tenant's backups keep running: the job is not suspended and its dump holds its rows", async () => {
        expect(jobSuspended(run, "ash-vale")).toBe(false);
        const result = await runDumpStep(client.bin, dumpEnvironment(run, "ash-vale"), server, path.join(work, "ash-vale"));
        expect(result.status).toBe(0);
        const plain = path.join(work, "ash-vale.dump");
        expect((await decrypt(result.files[0], dumpEnvironment(run, "ash-vale").BACKUP_PASSPHRASE, plain)).status).toBe(0);
        const { sql } = await readDump(plain);
        expect(sql).toContain("ash-vale first");
        expect(sql).not.toContain("ash-vale written by the app");
    });

    it("an archived tenant's job is suspended, and its backup role cannot log in: a dump run by hand fails", async () => {
        expect(jobSuspended(run, "fir-glen")).toBe(true);
        const result = await runDumpStep(client.bin, dumpEnvironment(run, "fir-glen"), server, path.join(work, "fir-glen"));
        expect(result.status).not.toBe(0);
        expect(result.stderr).toContain(`role "${names["fir-glen"].backupRole}" is not permitted to log in`);
    });
});

// Last: it moves elm-row to a database of its own.
describe("model change: elm-row from the shared database to a database of its own (docs/data.md)", () => {
    const id = "elm-row";
    const target = "tenant_elm_row";

    it("the program creates the new database; the old schema is dumped as the owner and restored into it; rows and privileges hold, nothing is dropped", async () => {
        // The next deployment: elm-row moves to the business tier, its file acknowledging the migration.
        const tenants = fs.mkdtempSync(path.join(work, "tenants-"));
        for (const file of fs.readdirSync(TENANTS)) fs.copyFileSync(path.join(TENANTS, file), path.join(tenants, file));
        const file = path.join(tenants, `${id}.yaml`);
        fs.writeFileSync(file, `${fs.readFileSync(file, "utf8").replace("tier: starter", "tier: business")}settings:\n  database_isolation_change: schema-to-database\n`);
        const status: Record<TenantId, string> = { "oak-hill": "active", "elm-row": "active", "ash-vale": "suspended", "fir-glen": "archived", "deep-cove": "active", "pine-ridge": "active" };
        previousStackOutputs.set("organization/stoa-tenancy/dev", {
            tenants: Object.fromEntries(ALL.map((t) => [t, { status: status[t], databaseIsolation: DATABASE_OF[t] === SHARED ? "schema" : "database" }])),
        });
        let next: OfflineRun;
        try {
            next = await recordProgram({ ...CONFIG, removalGuard: true }, tenants);
        } finally {
            previousStackOutputs.clear();
        }
        // `pulumi up`: the roles exist already; the new database, its schema, and the grants that now name it.
        await applySteps(
            server,
            plannedSql(next).filter((s) => s.resource.startsWith(`${id}/`) && s.type !== ROLE_TYPE && s.type !== GRANT_ROLE_TYPE),
            "postgres",
        );
        expect(await rows(await admin("postgres"), "SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1", [target])).toEqual([{ owner: names[id].schemaOwnerRole }]);

        // The migration as docs/data.md gives it, as the owner role, from the platform's login.
        const migrated = await shell(
            `pg_dump --dbname="$OLD_DATABASE" --schema="$SCHEMA" --role="$OWNER" --format=custom --file=tenant.dump
pg_restore --list tenant.dump | grep -v " SCHEMA - $SCHEMA " > tenant.list
pg_restore --dbname="$NEW_DATABASE" --role="$OWNER" --use-list=tenant.list --single-transaction --exit-on-error tenant.dump`,
            { ...adminEnvironment(client.bin, server), OLD_DATABASE: SHARED, NEW_DATABASE: target, SCHEMA: names[id].schema, OWNER: names[id].schemaOwnerRole },
            fs.mkdtempSync(path.join(work, "migrate-")),
        );
        expect(migrated.stderr).toBe("");
        expect(migrated.status).toBe(0);

        const app = await login(id, target);
        try {
            expect(await rows(app, "SELECT id, item FROM orders ORDER BY id")).toEqual(ORDERS(id));
            expect(await rows(app, "SELECT body FROM notes ORDER BY id")).toEqual([{ body: `${id} shown` }]);
            expect(await rows(app, "SELECT nextval('invoice_numbers')::int AS n")).toEqual([{ n: 1002 }]);
            expect(await rows(app, "INSERT INTO orders (item) VALUES ('in the new database') RETURNING id")).toEqual([{ id: 5 }]);
            await app.query("SELECT add_order('through the migrated function')");
        } finally {
            await app.end();
        }
        const functions = await rows(
            await admin(target),
            `SELECT p.proname, has_function_privilege('public', p.oid, 'EXECUTE') AS public FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1`,
            [names[id].schema],
        );
        expect(functions).toEqual([{ proname: "add_order", public: false }]);

        // The backup job now points at the new database, and its dump step works there.
        const env = dumpEnvironment(next, id);
        expect(env.PGDATABASE).toBe(target);
        const dumped = await runDumpStep(client.bin, env, server, path.join(work, `${id}-migrated`));
        expect(dumped.stderr).toBe("");
        expect(dumped.status).toBe(0);

        // Nothing dropped: the old schema and its rows are still in the shared database.
        expect(await rows(await admin(SHARED), `SELECT item FROM ${quoteIdent(names[id].schema)}.orders ORDER BY id`)).toEqual(ORDERS(id).map(({ item }) => ({ item })));
    });
});
