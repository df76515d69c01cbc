/**
 * The Keycloak server distribution for the real-server tests: `org.keycloak:keycloak-quarkus-dist`
 * fetched once through Maven into the cache folder, unpacked and pre-built (`kc.sh build`) there, and
 * reused; or a ready distribution named by STOA_KEYCLOAK_HOME. Also picks the Java it runs on.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The pinned server version (Maven Central serves 26.4.0 … 26.7.3 here). */
export const KEYCLOAK_VERSION = "26.7.3";
/** Keycloak 26 runs on Java 21 or newer. */
export const MIN_JAVA = 21;
/** Options fixed at build time: the embedded development database and the health endpoints. */
export const BUILD_OPTIONS = ["--db=dev-file", "--health-enabled=true"] as const;

const JVM_DIR = "/usr/lib/jvm";
const BUILT_MARKER = ".stoa-built";

export interface Distribution {
    /** The folder with bin/kc.sh. */
    home: string;
    /** True when `kc.sh build` ran with BUILD_OPTIONS, so the server can start `--optimized`. */
    built: boolean;
}

/** `${STOA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/stoa-tenancy}`. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
    if (env.STOA_CACHE_DIR) return env.STOA_CACHE_DIR;
    return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "stoa-tenancy");
}

/** Major version from `java -version` output (`openjdk version "25.0.3" …`, `"1.8.0_402"` is 8). */
export function javaMajor(versionOutput: string): number | undefined {
    const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
    if (!match) return undefined;
    const first = Number(match[1]);
    return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

function javaMajorOf(javaHome: string): number | undefined {
    const java = path.join(javaHome, "bin", "java");
    if (!fs.existsSync(java)) return undefined;
    const result = spawnSync(java, ["-version"], { encoding: "utf8" });
    return javaMajor(`${result.stderr}${result.stdout}`);
}

/**
 * JAVA_HOME for Keycloak: STOA_KEYCLOAK_JAVA_HOME when set (it must be new enough), else the oldest
 * JDK in /usr/lib/jvm that is at least MIN_JAVA (the closest to what Keycloak is tested on).
 */
export function findJava(env: NodeJS.ProcessEnv = process.env, jvmDir = JVM_DIR): { home: string; major: number } {
    const chosen = env.STOA_KEYCLOAK_JAVA_HOME;
    if (chosen) {
        const major = javaMajorOf(chosen);
        if (major === undefined || major < MIN_JAVA) {
            throw new Error(`STOA_KEYCLOAK_JAVA_HOME=${chosen}: Keycloak ${KEYCLOAK_VERSION} needs Java ${MIN_JAVA} or newer (found ${major ?? "no java"})`);
        }
        return { home: chosen, major };
    }
    const candidates = fs.existsSync(jvmDir) ? fs.readdirSync(jvmDir).map((name) => path.join(jvmDir, name)) : [];
    const found = candidates
        .filter((home) => !fs.lstatSync(home).isSymbolicLink())
        .map((home) => ({ home, major: javaMajorOf(home) }))
        .filter((j): j is { home: string; major: number } => j.major !== undefined && j.major >= MIN_JAVA)
        .sort((a, b) => a.major - b.major || a.home.localeCompare(b.home));
    if (found.length === 0) {
        throw new Error(`Keycloak ${KEYCLOAK_VERSION} needs Java ${MIN_JAVA} or newer: none in ${jvmDir} (install one or set STOA_KEYCLOAK_JAVA_HOME)`);
    }
    return found[0]!;
}

function progress(message: string): void {
    process.stderr.write(`keycloak: ${message}\n`);
}

/**
 * The distribution to run: STOA_KEYCLOAK_HOME as it is, or the cached one, fetched, unpacked and built
 * on first use. The cache entry appears only when complete (built in a temporary folder, then renamed).
 */
export function ensureDistribution(javaHome: string, env: NodeJS.ProcessEnv = process.env): Distribution {
    const given = env.STOA_KEYCLOAK_HOME;
    if (given) {
        if (!fs.existsSync(path.join(given, "bin", "kc.sh"))) throw new Error(`STOA_KEYCLOAK_HOME=${given}: no bin/kc.sh there`);
        return { home: given, built: false };
    }
    const versionDir = path.join(cacheRoot(env), "keycloak", KEYCLOAK_VERSION);
    const home = path.join(versionDir, `keycloak-${KEYCLOAK_VERSION}`);
    if (fs.existsSync(path.join(home, BUILT_MARKER))) return { home, built: true };

    fs.mkdirSync(versionDir, { recursive: true });
    const work = fs.mkdtempSync(path.join(versionDir, ".partial-"));
    try {
        progress(`fetching org.keycloak:keycloak-quarkus-dist:${KEYCLOAK_VERSION} (tar.gz) through Maven into ${versionDir} (once)`);
        const mvn = spawnSync(
            "mvn",
            ["-B", "-ntp", "dependency:copy", `-Dartifact=org.keycloak:keycloak-quarkus-dist:${KEYCLOAK_VERSION}:tar.gz`, `-DoutputDirectory=${work}`],
            { stdio: ["ignore", "inherit", "inherit"] },
        );
        if (mvn.error) throw new Error(`cannot run mvn to fetch Keycloak: ${mvn.error.message}`);
        if (mvn.status !== 0) throw new Error(`mvn could not fetch org.keycloak:keycloak-quarkus-dist:${KEYCLOAK_VERSION} (exit ${mvn.status})`);
        const archive = path.join(work, `keycloak-quarkus-dist-${KEYCLOAK_VERSION}.tar.gz`);
        progress("unpacking");
        execFileSync("tar", ["-xzf", archive, "-C", work], { stdio: "inherit" });
        fs.rmSync(archive);
        const unpacked = path.join(work, `keycloak-${KEYCLOAK_VERSION}`);
        progress(`kc.sh build ${BUILD_OPTIONS.join(" ")} (once; a few minutes on a busy machine)`);
        const build = spawnSync(path.join(unpacked, "bin", "kc.sh"), ["build", ...BUILD_OPTIONS], {
            stdio: ["ignore", "inherit", "inherit"],
            env: { ...process.env, JAVA_HOME: javaHome },
        });
        if (build.status !== 0) throw new Error(`kc.sh build failed (exit ${build.status})`);
        fs.writeFileSync(path.join(unpacked, BUILT_MARKER), `${BUILD_OPTIONS.join(" ")}\n`);
        fs.rmSync(home, { recursive: true, force: true });
        fs.renameSync(unpacked, home);
        progress(`ready in ${home}`);
        return { home, built: true };
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}
