/**
 * The data layer under Pulumi's mocks: for each status, the PostgreSQL roles, schema, grants and
 * default privileges, the backup CronJob and its Secret; secrets stay secret; nothing of one tenant
 * names another; the schema and its owner are never dropped.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { tenantNames, TIERS, type TierName } from "../../components/model";
import { applicationPrivileges, backupPrivileges } from "../../components/data/privileges";
import { PG_DUMP_IMAGE, UPLOAD_IMAGE } from "../../components/data/backup";
import { DATABASE_SECRET_NAME } from "../../components/data/credentials";
import type { OfflineRun, RecordedResource } from "../../scripts/offline/runtime";
import { recordProgram } from "../postgres/deploy";

const ROLE = "postgresql:index/role:Role";
const SCHEMA = "postgresql:index/schema:Schema";
const GRANT = "postgresql:index/grant:Grant";
const DEFAULTS = "postgresql:index/defaultPrivileges:DefaultPrivileges";
const CRONJOB = "kubernetes:batch/v1:CronJob";
const STATEMENTS = "pulumi-nodejs:dynamic/stoa:PostgresqlStatements";
/** The tier table's temp_file_limit. */
const TEMP_FILE_LIMIT: Record<TierName, string> = { community: "1GB", starter: "5GB", business: "20GB", enterprise: "100GB" };
const SECRET = "kubernetes:core/v1:Secret";
const TENANTS = { "blue-sky": "active", "red-rock": "active", "grey-fog": "suspended", "dust-bowl": "archived" } as const;
type TenantId = keyof typeof TENANTS;
/** The fixture files' tiers (test/postgres/fixtures/tenants). */
const TIER_OF: Record<TenantId, TierName> = { "blue-sky": "community", "red-rock": "starter", "grey-fog": "starter", "dust-bowl": "starter" };
/** The tier table's role timeouts (ms): statement, idle in transaction. */
const TIMEOUTS: Record<TierName, [number, number]> = { community: [30000, 60000], starter: [60000, 300000], business: [300000, 600000], enterprise: [900000, 1800000] };
const IDS = Object.keys(TENANTS) as TenantId[];

let run: OfflineRun;
beforeAll(async () => {
    run = await recordProgram({});
});

/** Resources of one tenant's data layer: children of its component named `<id>-db-…`. */
function dataResources(id: TenantId): RecordedResource[] {
    return run.resources.filter((r) => r.name.startsWith(`${id}/db-`));
}

function one(id: TenantId, type: string, name: string): RecordedResource {
    const found = run.resources.filter((r) => r.type === type && r.name === `${id}/${name}`);
    expect(found, `${type} ${id}-${name}`).toHaveLength(1);
    return found[0];
}

function privilegesOf(id: TenantId, type: string, name: string): unknown {
    return one(id, type, name).inputs.privileges;
}

describe("derived names", () => {
    it("fit their systems' limits for the longest ids (PostgreSQL 63 bytes, CronJob 52 characters)", () => {
        const longest = tenantNames("a".repeat(29) + "b");
        for (const role of [longest.schema, longest.schemaOwnerRole, longest.applicationRole, longest.backupRole]) expect(role.length).toBeLessThanOrEqual(63);
        expect(longest.backupJob.length).toBeLessThanOrEqual(52);
    });
});

describe("privilege table", () => {
    it("gives read-write, read-only and nothing, and never CREATE", () => {
        expect(applicationPrivileges("read-write")).toEqual({
            database: ["CONNECT"],
            schema: ["USAGE"],
            tables: ["SELECT", "INSERT", "UPDATE", "DELETE"],
            sequences: ["USAGE", "SELECT", "UPDATE"],
            functions: ["EXECUTE"],
        });
        expect(applicationPrivileges("read-only")).toEqual({ database: ["CONNECT"], schema: ["USAGE"], tables: ["SELECT"], sequences: ["SELECT"], functions: [] });
        expect(applicationPrivileges("no-login")).toEqual({ database: [], schema: [], tables: [], sequences: [], functions: [] });
        expect(backupPrivileges(true).functions).toEqual([]);
        for (const plan of ["read-write", "read-only", "no-login"] as const) {
            expect(Object.values(applicationPrivileges(plan)).flat()).not.toContain("CREATE");
        }
        expect(Object.values(backupPrivileges(true)).flat().filter((p) => !["CONNECT", "USAGE", "SELECT"].includes(p))).toEqual([]);
    });
});

describe.each(IDS)("tenant %s", (id) => {
    const status = TENANTS[id];
    const names = tenantNames(id);
    const live = status !== "archived";

    it("has its schema in the stack's database, owned by a NOLOGIN role, both protected while live and always retained", () => {
        const schema = one(id, SCHEMA, "db-schema");
        expect(schema.inputs).toMatchObject({ name: names.schema, database: "stoa", owner: names.schemaOwnerRole, dropCascade: false });
        const owner = one(id, ROLE, "db-owner");
        expect(owner.inputs).toMatchObject({ name: names.schemaOwnerRole, login: false, superuser: false, createRole: false, bypassRowLevelSecurity: false });
        for (const r of [schema, owner, one(id, "random:index/randomBytes:RandomBytes", "db-backup-key")]) {
            expect({ protect: r.protect, retainOnDelete: r.retainOnDelete }).toEqual({ protect: live, retainOnDelete: true });
        }
    });

    it("has an application role with a secret password, the tier's connection limit and timeouts and its own search_path", () => {
        const app = one(id, ROLE, "db-app");
        expect(app.inputs).toEqual({
            name: names.applicationRole,
            login: live,
            password: "[secret]",
            connectionLimit: TIERS[TIER_OF[id]].databaseConnectionLimit,
            statementTimeout: TIMEOUTS[TIER_OF[id]][0],
            idleInTransactionSessionTimeout: TIMEOUTS[TIER_OF[id]][1],
            searchPaths: [names.schema],
            superuser: false,
            createDatabase: false,
            createRole: false,
            replication: false,
            bypassRowLevelSecurity: false,
            inherit: false,
            roles: [],
        });
    });

    it("grants its application role privileges on its own schema only, by status", () => {
        // The brief's lifecycle: active reads and writes, suspended reads, archived has nothing.
        const expected = {
            active: { database: ["CONNECT"], schema: ["USAGE"], tables: ["SELECT", "INSERT", "UPDATE", "DELETE"], sequences: ["USAGE", "SELECT", "UPDATE"] },
            suspended: { database: ["CONNECT"], schema: ["USAGE"], tables: ["SELECT"], sequences: ["SELECT"] },
            archived: { database: [], schema: [], tables: [], sequences: [] },
        };
        const p = expected[status];
        expect(privilegesOf(id, GRANT, "db-app-connect")).toEqual(p.database);
        expect(privilegesOf(id, GRANT, "db-app-usage")).toEqual(p.schema);
        expect(privilegesOf(id, GRANT, "db-app-tables")).toEqual(p.tables);
        expect(privilegesOf(id, GRANT, "db-app-sequences")).toEqual(p.sequences);
        expect(privilegesOf(id, DEFAULTS, "db-app-default-tables")).toEqual(p.tables);
        expect(privilegesOf(id, DEFAULTS, "db-app-default-sequences")).toEqual(p.sequences);
        expect(privilegesOf(id, GRANT, "db-app-functions")).toEqual(status === "active" ? ["EXECUTE"] : []);
        expect(privilegesOf(id, DEFAULTS, "db-app-default-functions")).toEqual(status === "active" ? ["EXECUTE"] : []);
        if (status === "active") expect(p.tables).toContain("INSERT");
        if (status === "suspended") expect(p.tables).toEqual(["SELECT"]);
        if (status === "archived") expect(p.tables).toEqual([]);
        // PUBLIC's EXECUTE on the schema's functions, now and (the owner's global default) later.
        expect(one(id, GRANT, "db-public-functions").inputs).toEqual({ database: "stoa", role: "public", schema: names.schema, objectType: "function", privileges: [] });
        expect(one(id, DEFAULTS, "db-public-default-functions").inputs).toEqual({ database: "stoa", owner: names.schemaOwnerRole, role: "public", objectType: "function", privileges: [] });
        for (const r of dataResources(id).filter((r) => r.type === GRANT || r.type === DEFAULTS)) {
            expect(r.inputs.database).toBe("stoa");
            if (r.inputs.objectType !== "database" && r.name !== `${id}/db-public-default-functions`) expect(r.inputs.schema).toBe(names.schema);
            if (r.type === DEFAULTS) expect(r.inputs.owner).toBe(names.schemaOwnerRole);
            expect(r.inputs.withGrantOption ?? false).toBe(false);
        }
    });

    it("backs up its schema alone, encrypted, under its own prefix, on the tier's schedule; suspended when archived", () => {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a recorded Kubernetes object, read field by field
        const job = one(id, CRONJOB, "db-backup").inputs as { metadata: Record<string, unknown>; spec: Record<string, any> };
        const tier = TIERS[TIER_OF[id]];
        expect(job.metadata).toMatchObject({ name: names.backupJob, namespace: "stoa-system" });
        expect(job.spec).toMatchObject({ schedule: tier.backup.schedule, suspend: !live, concurrencyPolicy: "Forbid" });
        const pod = job.spec.jobTemplate.spec.template.spec;
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
        expect(pod.automountServiceAccountToken).toBe(false);
        const containers = [...pod.initContainers, ...pod.containers];
        expect(containers.map((c: { image: string }) => c.image)).toEqual([PG_DUMP_IMAGE, UPLOAD_IMAGE]);
        for (const c of containers) {
            expect(c.image).toMatch(/:\d+(\.\d+)+(-[a-z]+)?$/);
            expect(c.securityContext).toEqual({
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                capabilities: { drop: ["ALL"] },
                seccompProfile: { type: "RuntimeDefault" },
            });
        }
        const env = Object.fromEntries(containers.flatMap((c: { env: { name: string; value?: string; valueFrom?: unknown }[] }) => c.env.map((e) => [e.name, e.value ?? e.valueFrom])));
        expect(env).toMatchObject({
            SCHEMA: names.schema,
            PGUSER: names.backupRole,
            PGDATABASE: "stoa",
            TENANT_ID: id,
            BACKUP_BUCKET: "s3://stoa-dev-tenant-backups",
            RETENTION_DAYS: String(tier.backup.retentionDays),
            PGPASSWORD: { secretKeyRef: { name: names.backupJob, key: "PGPASSWORD" } },
            BACKUP_PASSPHRASE: { secretKeyRef: { name: names.backupJob, key: "BACKUP_PASSPHRASE" } },
        });
        const secret = one(id, SECRET, "db-backup");
        expect(secret.inputs).toMatchObject({ metadata: { name: names.backupJob, namespace: "stoa-system" }, stringData: "[secret]" });
        // The passphrase must outlive the tenant's removal, or its remaining backups are unreadable.
        expect(secret.retainOnDelete).toBe(true);
    });

    it("has a backup role that only reads, and only while backups run", () => {
        expect(one(id, ROLE, "db-backup").inputs).toMatchObject({ name: names.backupRole, login: live, password: "[secret]", superuser: false, createRole: false });
        const p = backupPrivileges(live);
        expect(privilegesOf(id, GRANT, "db-backup-tables")).toEqual(p.tables);
        expect(privilegesOf(id, DEFAULTS, "db-backup-default-tables")).toEqual(p.tables);
    });

    it("sets the tier's temp_file_limit on both login roles, with statements the program runs itself", () => {
        const limits = one(id, STATEMENTS, "db-role-limits").inputs;
        expect({ ...limits, __provider: undefined }).toEqual({
            __provider: undefined,
            database: "stoa",
            trigger: "role-limits",
            statements: [
                `ALTER ROLE "${names.applicationRole}" SET temp_file_limit = '${TEMP_FILE_LIMIT[TIER_OF[id]]}'`,
                `ALTER ROLE "${names.backupRole}" SET temp_file_limit = '${TEMP_FILE_LIMIT[TIER_OF[id]]}'`,
            ],
        });
    });

    it(status === "active" ? "ends no session" : "ends every session of its login roles, on each status change", () => {
        const end = one(id, STATEMENTS, "db-end-sessions").inputs;
        expect(end.trigger).toBe(status);
        expect(end.statements).toEqual(
            status === "active"
                ? []
                : [`SELECT pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity WHERE usename IN ('${names.applicationRole}', '${names.backupRole}') AND pid <> pg_backend_pid()`],
        );
    });

    it(live ? "hands its application credentials to its own namespace, as a secret" : "hands out no credentials", () => {
        const secrets = run.resources.filter((r) => r.type === SECRET && r.name === `${id}/db-credentials`);
        if (!live) return expect(secrets).toEqual([]);
        expect(secrets).toHaveLength(1);
        expect(secrets[0].inputs).toMatchObject({ metadata: { name: DATABASE_SECRET_NAME, namespace: names.namespace }, stringData: "[secret]" });
    });

    it("names no other tenant anywhere in its data layer", () => {
        const text = JSON.stringify(dataResources(id).map((r) => r.inputs));
        expect(dataResources(id).length).toBeGreaterThan(10);
        for (const other of IDS.filter((o) => o !== id)) {
            const otherNames = tenantNames(other);
            for (const needle of [other, otherNames.schema, otherNames.applicationRole, otherNames.backupRole]) expect(text).not.toContain(needle);
        }
    });
});

describe("secrets", () => {
    it("never appear in clear in what the program registers", () => {
        expect(run.secretLeaks).toEqual([]);
        const text = JSON.stringify(run.resources);
        expect(text).not.toMatch(/mock-password-|mock-bytes-/);
        expect(text).not.toContain(Buffer.from("mock-bytes-").toString("base64").slice(0, 12));
    });
});
