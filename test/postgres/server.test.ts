/**
 * The real-server setup itself on an unfriendly machine: as root with a private TMPDIR and umask 077,
 * with the checkout under a 0700 folder the `postgres` user cannot enter, and with a `postgres` group
 * but no `postgres` user (checked against a copy of /etc, never the host's). A server that cannot
 * start fails with one line.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BINARY_PACKAGE, packagedBinaries, reachableBy, serverBinaries } from "./binaries";
import { ADMIN_USER, startTestServer, useraddArgs } from "./server";

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const scratch: string[] = [];

function scratchFolder(mode: number): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stoa-setup-"));
    fs.chmodSync(dir, mode);
    scratch.push(dir);
    return dir;
}

afterEach(() => {
    for (const dir of scratch.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** useradd's --prefix edits the files under a folder instead of the host's /etc. */
function useraddHasPrefix(): boolean {
    try {
        return execFileSync("useradd", ["--help"], { encoding: "utf8" }).includes("--prefix");
    } catch {
        return false;
    }
}

describe("a server that cannot start", () => {
    it("fails with one line naming the reason, never a skip", async () => {
        const empty = scratchFolder(0o755);
        const failure = startTestServer({ binaries: empty });
        await expect(failure).rejects.toThrow(/^could not start the test PostgreSQL server: .*initdb.*$/);
        await failure.catch((err: Error) => expect(err.message.split("\n")).toHaveLength(1));
    });
});

describe.skipIf(!isRoot)("test server set-up as root", () => {
    const postgresUser = () => {
        const id = (flag: string) => Number(execFileSync("id", [flag, ADMIN_USER], { encoding: "utf8" }));
        return { uid: id("-u"), gid: id("-g") };
    };

    it("starts from a checkout under a 0700 folder, through a cache copy the postgres user can read", async () => {
        // The relevant part of a clone: the binary package, under a folder only root may enter.
        const home = scratchFolder(0o700);
        const clone = path.join(home, "clone");
        const pkg = path.join(clone, "node_modules", BINARY_PACKAGE);
        const installed = packagedBinaries();
        fs.mkdirSync(pkg, { recursive: true });
        fs.copyFileSync(path.join(installed.dir, "..", "package.json"), path.join(pkg, "package.json"));
        fs.cpSync(installed.dir, path.join(pkg, "native"), { recursive: true, verbatimSymlinks: true });
        fs.mkdirSync(path.join(clone, "test", "postgres"), { recursive: true });
        const source = packagedBinaries(path.join(clone, "test", "postgres"));
        expect(source.dir).toBe(path.join(pkg, "native"));
        const user = postgresUser();
        expect(reachableBy(user, path.join(source.dir, "bin"))).toBe(false);

        const cache = scratchFolder(0o755);
        const copies: string[] = [];
        const options = { serverUser: user, source, env: { STOA_CACHE_DIR: cache }, log: (line: string) => copies.push(line) };
        const binaries = serverBinaries(options);
        expect(binaries).toBe(path.join(cache, `postgres-${installed.version}-${os.platform()}-${os.arch()}`));
        expect(reachableBy(user, path.join(binaries, "bin"))).toBe(true);
        // Reused, not copied again.
        expect(serverBinaries(options)).toBe(binaries);
        expect(copies).toHaveLength(1);

        const server = await startTestServer({ binaries });
        try {
            const client = await server.admin("postgres");
            const { rows } = await client.query<{ one: number }>("SELECT 1 AS one");
            expect(rows).toEqual([{ one: 1 }]);
        } finally {
            await server.stop();
        }
    }, 180_000);

    it("refuses a STOA_CACHE_DIR the postgres user cannot reach, in one line", () => {
        const hidden = path.join(scratchFolder(0o700), "cache");
        expect(() => serverBinaries({ serverUser: postgresUser(), env: { STOA_CACHE_DIR: hidden } })).toThrow(
            `STOA_CACHE_DIR=${hidden}: the OS user postgres cannot reach it; choose a folder it can search`,
        );
    });

    it("starts and cleans up with a TMPDIR the postgres user cannot reach and umask 077", async () => {
        const privateTmp = scratchFolder(0o700);
        const saved = { tmpdir: process.env.TMPDIR, umask: process.umask(0o077) };
        process.env.TMPDIR = privateTmp;
        try {
            const server = await startTestServer();
            const client = await server.admin("postgres");
            const { rows } = await client.query<{ one: number }>("SELECT 1 AS one");
            expect(rows).toEqual([{ one: 1 }]);
            await server.stop();
        } finally {
            process.umask(saved.umask);
            if (saved.tmpdir === undefined) delete process.env.TMPDIR;
            else process.env.TMPDIR = saved.tmpdir;
        }
        expect(fs.readdirSync(privateTmp).filter((name) => !name.startsWith("tsx-"))).toEqual([]);
    }, 120_000);

    it.skipIf(!useraddHasPrefix())("creates the postgres user when only its group exists", () => {
        const prefix = scratchFolder(0o755);
        fs.mkdirSync(path.join(prefix, "etc"));
        const write = (file: string, text: string) => fs.writeFileSync(path.join(prefix, "etc", file), text, { mode: 0o600 });
        write("passwd", "root:x:0:0:root:/root:/bin/sh\n");
        write("shadow", "root:*:19000:0:99999:7:::\n");
        write("group", "root:x:0:\npostgres:x:4242:\n");
        write("gshadow", "root:*::\npostgres:!::\n");
        execFileSync("useradd", ["--prefix", prefix, ...useraddArgs("postgres", true)], { stdio: "pipe" });
        const user = fs.readFileSync(path.join(prefix, "etc", "passwd"), "utf8").split("\n").find((line) => line.startsWith("postgres:"));
        expect(user?.split(":")[3]).toBe("4242");
    });
});
