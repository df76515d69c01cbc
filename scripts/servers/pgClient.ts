/**
 * PostgreSQL 18's own `pg_dump`, `pg_restore` and `psql` for the backup suite, from Debian unstable
 * (sid): the only Debian suite with `postgresql-client-18`, and it needs sid's glibc (newer than the
 * host's). The package and its dependency closure, sid's libc6 included, are fetched once, verified,
 * unpacked with `dpkg-deb -x` into a cache folder, and run through sid's own dynamic loader, so the
 * host's libraries and apt state are never touched.
 *
 * Verification: the suite's `InRelease` is checked with `gpgv` against the Debian archive keyring
 * (`/usr/share/keyrings/debian-archive-keyring.gpg`); only its signed text is read. The `Packages.gz`
 * index must match the SHA256 that text gives, and each .deb the SHA256 of its index entry.
 * `Valid-Until` is not enforced: package mirrors may serve a signed but expired index, and these are
 * test tools, not a deployment.
 *
 * - `STOA_PG_CLIENT_DIR`: a folder with ready `pg_dump` and `pg_restore` (used as is).
 * - Cache: `${STOA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/stoa-tenancy}/pg-client-<version>/`, with
 *   `bin/pg_dump`, `bin/pg_restore`, `bin/psql` (wrappers that run sid's loader) once complete.
 * - `STOA_DEBIAN_MIRROR`: the Debian mirror (default http://deb.debian.org/debian; the signature makes
 *   plain HTTP safe).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import { cacheRoot } from "../../test/postgres/binaries";

export const CLIENT_PACKAGE = "postgresql-client-18";
export const CLIENT_MAJOR = 18;
export const SUITE = "sid";
export const DEFAULT_MIRROR = "http://deb.debian.org/debian";
export const DEBIAN_KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg";
export const TOOLS = ["pg_dump", "pg_restore", "psql"] as const;
const INDEX = "main/binary-amd64/Packages.gz";
const COMPLETE = ".complete";
const LIB_DIRS = ["usr/lib/x86_64-linux-gnu", "lib/x86_64-linux-gnu"];
const LOADER = "usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2";

/**
 * Not followed: what only the packages' maintainer scripts and wrappers use (the Perl `pg_wrapper` of
 * postgresql-client-common, debconf, the pager chooser); the binaries run without them.
 */
export const NOT_NEEDED = new Set(["postgresql-client-common", "perl", "perl-base", "debconf", "debconf-2.0", "sensible-utils", "libjs-jquery"]);

export interface PackageEntry {
    name: string;
    version: string;
    filename: string;
    sha256: string;
    size: number;
    depends: string[][];
    provides: string[];
}

/** `Field: value` stanzas separated by blank lines; continuation lines (leading space) are kept in the value. */
export function parseStanzas(text: string): Map<string, string>[] {
    const stanzas: Map<string, string>[] = [];
    for (const block of text.split(/\n\s*\n/)) {
        const fields = new Map<string, string>();
        let last: string | undefined;
        for (const line of block.split("\n")) {
            if (line.startsWith(" ") || line.startsWith("\t")) {
                if (last) fields.set(last, `${fields.get(last)}\n${line.trim()}`);
                continue;
            }
            const colon = line.indexOf(":");
            if (colon <= 0) continue;
            last = line.slice(0, colon);
            fields.set(last, line.slice(colon + 1).trim());
        }
        if (fields.size > 0) stanzas.push(fields);
    }
    return stanzas;
}

/** `a (>= 1), b | c:any` → [["a"], ["b", "c"]]: package names only, alternatives in order. */
export function parseDepends(value: string | undefined): string[][] {
    if (!value) return [];
    return value
        .split(",")
        .map((group) =>
            group
                .split("|")
                .map((alt) => alt.trim().split(/[\s(:[]/)[0])
                .filter(Boolean),
        )
        .filter((group) => group.length > 0);
}

export function parsePackages(text: string): Map<string, PackageEntry> {
    const packages = new Map<string, PackageEntry>();
    for (const s of parseStanzas(text)) {
        const name = s.get("Package");
        const filename = s.get("Filename");
        const sha256 = s.get("SHA256");
        if (!name || !filename || !sha256) continue;
        packages.set(name, {
            name,
            version: s.get("Version") ?? "",
            filename,
            sha256,
            size: Number(s.get("Size") ?? 0),
            depends: [...parseDepends(s.get("Pre-Depends")), ...parseDepends(s.get("Depends"))],
            provides: parseDepends(s.get("Provides")).flat(),
        });
    }
    return packages;
}

/** The SHA256 and size the signed Release text gives for `file` (e.g. `main/binary-amd64/Packages.gz`). */
export function releaseHash(release: string, file: string): { sha256: string; size: number } {
    const section = /^SHA256:\n((?:[ \t].*\n?)*)/m.exec(release);
    for (const line of section?.[1].split("\n") ?? []) {
        const [sha256, size, name] = line.trim().split(/\s+/);
        if (name === file) return { sha256, size: Number(size) };
    }
    throw new Error(`the signed Release text lists no SHA256 for ${file}`);
}

/**
 * The packages `root` needs, following Pre-Depends and Depends (first alternative that exists, real
 * or provided), leaving out NOT_NEEDED. Throws naming the package whose dependency has no candidate.
 */
export function dependencyClosure(packages: Map<string, PackageEntry>, root: string, skip: ReadonlySet<string> = NOT_NEEDED): PackageEntry[] {
    const providers = new Map<string, string>();
    for (const entry of packages.values()) for (const virtual of entry.provides) if (!providers.has(virtual)) providers.set(virtual, entry.name);
    const resolve = (name: string) => (packages.has(name) ? name : providers.get(name));
    const found = new Map<string, PackageEntry>();
    const visit = (name: string, from: string) => {
        const real = resolve(name);
        if (!real) throw new Error(`${from} depends on ${name}, which ${SUITE} does not have`);
        if (found.has(real) || skip.has(real)) return;
        const entry = packages.get(real)!;
        found.set(real, entry);
        for (const group of entry.depends) {
            if (group.some((alt) => skip.has(alt))) continue;
            const choice = group.find((alt) => resolve(alt) !== undefined);
            if (!choice) throw new Error(`${real} depends on ${group.join(" | ")}, which ${SUITE} does not have`);
            visit(choice, real);
        }
    };
    visit(root, root);
    return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The upstream version of a Debian version: `18.6-3` → `18.6`, `1:2.3-1` → `2.3`. */
export function upstreamVersion(version: string): string {
    return version.replace(/^\d+:/, "").replace(/-[^-]*$/, "");
}

/** A shell wrapper that runs `binary` with the unpacked loader and libraries. */
export function wrapperScript(dir: string, binary: string): string {
    const libraries = LIB_DIRS.map((d) => path.join(dir, d)).join(":");
    return `#!/bin/sh\nexec "${path.join(dir, LOADER)}" --library-path "${libraries}" "${binary}" "$@"\n`;
}

function sha256(data: Buffer): string {
    return createHash("sha256").update(data).digest("hex");
}

function progress(message: string): void {
    process.stderr.write(`pg-client: ${message}\n`);
}

async function download(url: string): Promise<Buffer> {
    let response: Response;
    try {
        response = await fetch(url);
    } catch (err) {
        throw new Error(`cannot fetch ${url}: ${(err as Error & { cause?: Error }).cause?.message ?? (err as Error).message}`);
    }
    if (!response.ok) throw new Error(`cannot fetch ${url}: HTTP ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
}

export interface PgClient {
    /** Folder with `pg_dump`, `pg_restore` (and `psql` when fetched). */
    bin: string;
    /** `pg_dump --version`'s line. */
    version: string;
}

function versionOf(bin: string): string {
    return execFileSync(path.join(bin, "pg_dump"), ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

function checked(bin: string, origin: string): PgClient {
    for (const tool of ["pg_dump", "pg_restore"]) {
        if (!fs.existsSync(path.join(bin, tool))) throw new Error(`${origin}: no ${tool} in ${bin}`);
    }
    let version: string;
    try {
        version = versionOf(bin);
    } catch (err) {
        throw new Error(`${origin}: ${path.join(bin, "pg_dump")} --version fails: ${((err as { stderr?: string }).stderr || (err as Error).message).split("\n")[0]}`);
    }
    const major = Number(/\s(\d+)(?:\.\d+)?/.exec(version)?.[1]);
    if (!(major >= CLIENT_MAJOR)) throw new Error(`${origin}: ${version} is older than the server (PostgreSQL ${CLIENT_MAJOR})`);
    return { bin, version };
}

/** The newest complete `pg-client-<version>` folder in the cache, if any. */
function cached(root: string): string | undefined {
    if (!fs.existsSync(root)) return undefined;
    return fs
        .readdirSync(root)
        .filter((name) => name.startsWith(`pg-client-${CLIENT_MAJOR}.`) && fs.existsSync(path.join(root, name, COMPLETE)))
        .sort((a, b) => a.localeCompare(b, "en", { numeric: true }))
        .at(-1);
}

/** Fetches, verifies and unpacks the client into the cache; returns the finished folder. */
async function fetchClient(root: string, env: NodeJS.ProcessEnv): Promise<string> {
    const mirror = (env.STOA_DEBIAN_MIRROR || DEFAULT_MIRROR).replace(/\/+$/, "");
    fs.mkdirSync(root, { recursive: true });
    const work = fs.mkdtempSync(path.join(root, ".pg-client-partial-"));
    try {
        progress(`fetching ${CLIENT_PACKAGE} from Debian ${SUITE} (${mirror}) into ${root} (once)`);
        const inRelease = path.join(work, "InRelease");
        fs.writeFileSync(inRelease, await download(`${mirror}/dists/${SUITE}/InRelease`));
        if (!fs.existsSync(DEBIAN_KEYRING)) throw new Error(`cannot verify Debian's signature: no keyring at ${DEBIAN_KEYRING} (install debian-archive-keyring, or set STOA_PG_CLIENT_DIR)`);
        const signed = path.join(work, "Release");
        try {
            execFileSync("gpgv", ["--keyring", DEBIAN_KEYRING, "--output", signed, inRelease], { stdio: ["ignore", "pipe", "pipe"] });
        } catch (err) {
            const reason = ((err as { stderr?: Buffer }).stderr?.toString() || (err as Error).message).trim().split("\n").at(-1);
            throw new Error(`the signature of ${SUITE}'s InRelease does not verify with ${DEBIAN_KEYRING}: ${reason}`);
        }
        const release = fs.readFileSync(signed, "utf8");
        progress(`InRelease signature good (${/^Date: (.*)$/m.exec(release)?.[1] ?? "no date"}); fetching ${INDEX}`);
        const expected = releaseHash(release, INDEX);
        const index = await download(`${mirror}/dists/${SUITE}/${INDEX}`);
        if (sha256(index) !== expected.sha256) throw new Error(`${INDEX} does not match the SHA256 of the signed Release`);
        const packages = parsePackages(gunzipSync(index).toString("utf8"));
        const closure = dependencyClosure(packages, CLIENT_PACKAGE);
        const client = closure.find((p) => p.name === CLIENT_PACKAGE)!;
        const total = closure.reduce((sum, p) => sum + p.size, 0);
        progress(`${CLIENT_PACKAGE} ${client.version}: ${closure.length} packages, ${(total / 1e6).toFixed(1)} MB (${closure.map((p) => p.name).join(", ")})`);

        const tree = path.join(work, "tree");
        fs.mkdirSync(tree);
        for (const [i, entry] of closure.entries()) {
            progress(`[${i + 1}/${closure.length}] ${entry.name} ${entry.version}`);
            const deb = await download(`${mirror}/${entry.filename}`);
            if (sha256(deb) !== entry.sha256) throw new Error(`${entry.filename} does not match the SHA256 of the signed index`);
            const file = path.join(work, path.basename(entry.filename));
            fs.writeFileSync(file, deb);
            execFileSync("dpkg-deb", ["-x", file, tree], { stdio: ["ignore", "ignore", "pipe"] });
            fs.rmSync(file);
        }
        const target = path.join(root, `pg-client-${upstreamVersion(client.version)}`);
        const bin = path.join(tree, "bin");
        fs.mkdirSync(bin);
        for (const tool of TOOLS) {
            const binary = path.join(target, "usr", "lib", "postgresql", String(CLIENT_MAJOR), "bin", tool);
            fs.writeFileSync(path.join(bin, tool), wrapperScript(target, binary), { mode: 0o755 });
        }
        fs.writeFileSync(path.join(tree, COMPLETE), `${closure.map((p) => `${p.name} ${p.version} ${p.sha256}`).join("\n")}\n`);
        // Another run finished first: keep its folder (it may be in use) and drop ours.
        if (fs.existsSync(path.join(target, COMPLETE))) return target;
        fs.rmSync(target, { recursive: true, force: true });
        fs.renameSync(tree, target);
        return target;
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}

/** The client tools to run: STOA_PG_CLIENT_DIR, the cached ones, or fetched now. Throws one line. */
export async function ensurePgClient(env: NodeJS.ProcessEnv = process.env): Promise<PgClient> {
    if (env.STOA_PG_CLIENT_DIR) return checked(env.STOA_PG_CLIENT_DIR, `STOA_PG_CLIENT_DIR=${env.STOA_PG_CLIENT_DIR}`);
    if (os.platform() !== "linux" || os.arch() !== "x64") throw new Error(`the PostgreSQL ${CLIENT_MAJOR} client is fetched for linux x64 only; set STOA_PG_CLIENT_DIR`);
    const root = cacheRoot(env);
    const hit = cached(root);
    const dir = hit ? path.join(root, hit) : await fetchClient(root, env);
    const client = checked(path.join(dir, "bin"), dir);
    if (!hit) progress(`ready: ${client.version} in ${client.bin}`);
    return client;
}
