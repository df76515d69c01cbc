/**
 * A throwaway Keycloak server for the real-server tests: the cached distribution (keycloakDist.ts) on
 * the Java it needs, listening on 127.0.0.1 only, https only with a test certificate, its embedded
 * development database (H2) and Narayana's transaction log in a temporary folder, a bootstrap admin
 * client with a random secret. `stop()` ends the whole process group and removes the folder.
 *
 * Environment: STOA_KEYCLOAK_HOME (a ready distribution), STOA_KEYCLOAK_JAVA_HOME (the Java to use),
 * STOA_KEYCLOAK_START_TIMEOUT (seconds to wait for readiness, default 900), STOA_CACHE_DIR.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BUILD_OPTIONS, ensureDistribution, findJava, KEYCLOAK_VERSION } from "./keycloakDist";
import { makeTestCertificate } from "./keycloakCertificate";
import { httpsRequest } from "./keycloakHttp";
import { freePorts } from "./ports";

export { KEYCLOAK_VERSION } from "./keycloakDist";

/** The bootstrap admin client of the master realm (client credentials). */
export const ADMIN_CLIENT_ID = "stoa-test-admin";

export interface KeycloakServer {
    /** Version the server reports. */
    version: string;
    /** Java major version it runs on. */
    javaMajor: number;
    /** `https://127.0.0.1:<port>`: also the configured hostname, so every issuer starts with it. */
    baseUrl: string;
    /** `<baseUrl>/realms/<realm>`. */
    issuerUrl(realm: string): string;
    /** PEM file (and text) of the test CA that signed the server's certificate. */
    caFile: string;
    caPem: string;
    adminClientId: string;
    adminClientSecret: string;
    /** Milliseconds from spawn to ready. */
    startMs: number;
    stop(): Promise<void>;
}

function lastLines(file: string, count: number): string {
    try {
        return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-count).join("\n");
    } catch {
        return "(no log)";
    }
}

function exited(child: ChildProcess): Promise<void> {
    return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve();
        else child.once("exit", () => resolve());
    });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
    if (child.pid === undefined) return;
    try {
        process.kill(-child.pid, signal);
    } catch {
        // already gone
    }
}

async function waitReady(child: ChildProcess, healthUrl: string, ca: string, timeoutMs: number, logFile: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (child.exitCode !== null || child.signalCode !== null) {
            throw new Error(`Keycloak exited before it was ready (${child.exitCode ?? child.signalCode}); last log lines:\n${lastLines(logFile, 15)}`);
        }
        try {
            const res = await httpsRequest(ca, healthUrl, { timeoutMs: 10_000 });
            if (res.status === 200 && res.json<{ status?: string }>().status === "UP") return;
        } catch {
            // not listening yet
        }
        await new Promise((r) => setTimeout(r, 2_000));
    }
    throw new Error(`Keycloak was not ready within ${Math.round(timeoutMs / 1000)}s (STOA_KEYCLOAK_START_TIMEOUT); last log lines:\n${lastLines(logFile, 15)}`);
}

/** Starts a fresh server; rejects with a one-line reason (plus the log's tail) when it cannot. */
export async function startKeycloak(env: NodeJS.ProcessEnv = process.env): Promise<KeycloakServer> {
    const java = findJava(env);
    const dist = ensureDistribution(java.home, env);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "stoa-keycloak-"));
    let child: ChildProcess | undefined;
    const onExit = () => child && killGroup(child, "SIGKILL");
    try {
        const tls = makeTestCertificate(tmp);
        const caPem = fs.readFileSync(tls.caFile, "utf8");
        const [port, managementPort] = await freePorts(2);
        const baseUrl = `https://127.0.0.1:${port}`;
        const adminClientSecret = randomBytes(24).toString("hex");
        const logFile = path.join(tmp, "server.log");
        const args = [
            "start",
            ...(dist.built ? ["--optimized"] : BUILD_OPTIONS),
            `--hostname=${baseUrl}`,
            "--http-enabled=false",
            "--http-host=127.0.0.1",
            `--https-port=${port}`,
            `--http-management-port=${managementPort}`,
            `--https-certificate-file=${tls.certFile}`,
            `--https-certificate-key-file=${tls.keyFile}`,
            "--cache=local",
            `--db-url=jdbc:h2:file:${path.join(tmp, "h2", "keycloakdb")};NON_KEYWORDS=VALUE`,
        ];
        const log = fs.openSync(logFile, "w");
        const started = Date.now();
        process.stderr.write(`keycloak: starting ${KEYCLOAK_VERSION} on ${baseUrl} (Java ${java.major}, ${java.home})\n`);
        child = spawn(path.join(dist.home, "bin", "kc.sh"), args, {
            detached: true,
            stdio: ["ignore", log, log],
            env: {
                ...env,
                JAVA_HOME: java.home,
                KC_BOOTSTRAP_ADMIN_CLIENT_ID: ADMIN_CLIENT_ID,
                KC_BOOTSTRAP_ADMIN_CLIENT_SECRET: adminClientSecret,
                // The transaction log lives beside the database, not in the shared distribution.
                JAVA_OPTS_APPEND: `-Dquarkus.transaction-manager.object-store.directory=${path.join(tmp, "transaction-logs")}`,
            },
        });
        fs.closeSync(log);
        process.once("exit", onExit);
        const timeoutSeconds = Number(env.STOA_KEYCLOAK_START_TIMEOUT ?? 900);
        await waitReady(child, `https://127.0.0.1:${managementPort}/health/ready`, caPem, timeoutSeconds * 1000, logFile);
        const startMs = Date.now() - started;
        const running = child;
        let stopped = false;
        const server: KeycloakServer = {
            version: KEYCLOAK_VERSION,
            javaMajor: java.major,
            baseUrl,
            issuerUrl: (realm) => `${baseUrl}/realms/${realm}`,
            caFile: tls.caFile,
            caPem,
            adminClientId: ADMIN_CLIENT_ID,
            adminClientSecret,
            startMs,
            stop: async () => {
                if (stopped) return;
                stopped = true;
                await stopProcess(running);
                process.removeListener("exit", onExit);
                fs.rmSync(tmp, { recursive: true, force: true });
            },
        };
        server.version = await reportedVersion(server).catch(() => KEYCLOAK_VERSION);
        return server;
    } catch (error) {
        if (child) await stopProcess(child);
        process.removeListener("exit", onExit);
        fs.rmSync(tmp, { recursive: true, force: true });
        throw error;
    }
}

async function stopProcess(child: ChildProcess): Promise<void> {
    killGroup(child, "SIGTERM");
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), 60_000);
    await exited(child);
    clearTimeout(timer);
    // kc.sh execs java in the same group; anything left behind in the group goes too.
    killGroup(child, "SIGKILL");
}

/** The version in the master realm's server info (admin API), as a check that the admin client works. */
async function reportedVersion(server: KeycloakServer): Promise<string> {
    const token = await adminToken(server);
    const res = await httpsRequest(server.caPem, `${server.baseUrl}/admin/serverinfo`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`serverinfo: HTTP ${res.status}`);
    return res.json<{ systemInfo: { version: string } }>().systemInfo.version;
}

/**
 * A source of access tokens of the bootstrap admin client: a token is reused for 30 seconds (the
 * master realm's tokens live 60), then a new one is fetched.
 */
export function adminTokens(server: Pick<KeycloakServer, "baseUrl" | "caPem" | "adminClientId" | "adminClientSecret">): () => Promise<string> {
    let current: { token: string; at: number } | undefined;
    return async () => {
        if (!current || Date.now() - current.at > 30_000) current = { token: await adminToken(server), at: Date.now() };
        return current.token;
    };
}

/** An access token of the bootstrap admin client (master realm, client credentials). */
export async function adminToken(server: Pick<KeycloakServer, "baseUrl" | "caPem" | "adminClientId" | "adminClientSecret">): Promise<string> {
    const res = await httpsRequest(server.caPem, `${server.baseUrl}/realms/master/protocol/openid-connect/token`, {
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: server.adminClientId, client_secret: server.adminClientSecret }),
    });
    if (res.status !== 200) throw new Error(`admin token: HTTP ${res.status} ${res.body.slice(0, 200)}`);
    return res.json<{ access_token: string }>().access_token;
}
