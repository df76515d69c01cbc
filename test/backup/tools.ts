/**
 * The backup job's dump step and the documented restore, run for real: the program's `dumpScript()`
 * with bash, PostgreSQL 18's pg_dump and openssl, in the environment the program's CronJob gives its
 * dump container (the server's address and the backup folder swapped for the test's); the restore
 * with the commands of docs/data.md ("Restore").
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ENCRYPTION, PBKDF2_ITERATIONS, dumpScript } from "../../components/data/backupScripts";
import type { OfflineRun, RecordedResource } from "../../scripts/offline/runtime";
import { mockPasswords } from "../postgres/deploy";
import { ROLE_TYPE } from "../postgres/translate";

const CRON_JOB = "kubernetes:batch/v1:CronJob";
const RANDOM_BYTES = "random:index/randomBytes:RandomBytes";

interface EnvEntry {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef: { key: string } };
}

interface CronJobInputs {
    spec: { suspend: boolean; jobTemplate: { spec: { template: { spec: { initContainers: { name: string; env: EnvEntry[] }[] } } } } };
}

export interface Result {
    status: number | null;
    stdout: string;
    stderr: string;
}

function cronJob(run: OfflineRun, id: string): RecordedResource {
    const job = run.resources.find((r) => r.type === CRON_JOB && r.name === `${id}/db-backup`);
    if (!job) throw new Error(`${id}: no CronJob ${id}/db-backup registered`);
    return job;
}

/** Whether the program registered the tenant's backup CronJob suspended. */
export function jobSuspended(run: OfflineRun, id: string): boolean {
    return (cronJob(run, id).inputs as unknown as CronJobInputs).spec.suspend;
}

/**
 * The dump container's environment as the program registers it. Values from the job's Secret are
 * "[secret]" in the recording: rebuilt from the mocks (the backup role's password, and the passphrase,
 * the base64 of the RandomBytes `<id>/db-backup-key`, which is `mock-bytes-<its name>` under the mocks).
 */
export function dumpEnvironment(run: OfflineRun, id: string): Record<string, string> {
    const dump = (cronJob(run, id).inputs as unknown as CronJobInputs).spec.jobTemplate.spec.template.spec.initContainers.find((c) => c.name === "dump");
    if (!dump) throw new Error(`${id}: the backup CronJob has no dump container`);
    const env: Record<string, string> = {};
    for (const entry of dump.env) {
        if (entry.value !== undefined) env[entry.name] = entry.value;
    }
    const role = run.resources.find((r) => r.type === ROLE_TYPE && r.inputs.name === env.PGUSER);
    if (!role) throw new Error(`${id}: no role ${env.PGUSER} registered`);
    const key = run.resources.find((r) => r.type === RANDOM_BYTES && r.name === `${id}/db-backup-key`);
    if (!key) throw new Error(`${id}: no RandomBytes ${id}/db-backup-key registered`);
    const fromSecret: Record<string, string> = {
        PGPASSWORD: mockPasswords(run)(role),
        BACKUP_PASSPHRASE: Buffer.from(`mock-bytes-${key.name}`).toString("base64"),
    };
    for (const entry of dump.env) {
        if (entry.valueFrom) env[entry.name] = fromSecret[entry.valueFrom.secretKeyRef.key];
    }
    return env;
}

/**
 * Runs bash without blocking Node's event loop: the test server's log is a pipe that this process
 * drains, and a server whose log pipe is full stops answering (a synchronous spawn hangs pg_dump).
 */
function bash(script: string, env: Record<string, string>, cwd?: string): Promise<Result> {
    return new Promise((resolve, reject) => {
        // stdin from /dev/null: bash reads ~/.bashrc when stdin is a socket.
        const child = spawn("bash", ["-c", script], { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
        child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
        child.on("error", reject);
        child.on("close", (status) => resolve({ status, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
    });
}

/** PATH with the PostgreSQL 18 client first (bash, openssl and coreutils from the host). */
export function toolPath(clientBin: string): string {
    return `${clientBin}:/usr/local/bin:/usr/bin:/bin`;
}

/**
 * Runs the program's dump step: `dumpScript()` with `env` (the job's), PGHOST/PGPORT pointing at the
 * test server and BACKUP_DIR at `backupDir`. Returns the result and the backup files written.
 */
export async function runDumpStep(clientBin: string, env: Record<string, string>, server: { port: number }, backupDir: string): Promise<Result & { files: string[] }> {
    fs.mkdirSync(backupDir, { recursive: true });
    const result = await bash(dumpScript(), { ...env, PGHOST: "127.0.0.1", PGPORT: String(server.port), BACKUP_DIR: backupDir, PATH: toolPath(clientBin), LC_ALL: "C" });
    return { ...result, files: fs.readdirSync(backupDir).map((f) => path.join(backupDir, f)) };
}

/** The admin login's libpq variables for the test server (what the platform's migration login would set). */
export function adminEnvironment(clientBin: string, server: { port: number; adminPassword: string }): Record<string, string> {
    return { PGHOST: "127.0.0.1", PGPORT: String(server.port), PGUSER: "postgres", PGPASSWORD: server.adminPassword, PGSSLMODE: "require", PATH: toolPath(clientBin), LC_ALL: "C" };
}

/** `openssl enc -d` as docs/data.md's restore decrypts, into `out`. */
export function decrypt(file: string, passphrase: string, out: string): Promise<Result> {
    return bash(`openssl enc -d -${ENCRYPTION} -pbkdf2 -iter ${PBKDF2_ITERATIONS} -pass env:BACKUP_PASSPHRASE -in "$IN" -out "$OUT"`, {
        PATH: "/usr/bin:/bin",
        BACKUP_PASSPHRASE: passphrase,
        IN: file,
        OUT: out,
    });
}

/** Runs a pg_restore (or other client tool) command line through bash, with `env`. */
export function shell(script: string, env: Record<string, string>, cwd?: string): Promise<Result> {
    return bash(`set -euo pipefail\n${script}`, env, cwd);
}
