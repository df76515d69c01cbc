/**
 * The real-server setup itself on an unfriendly machine: as root with a private TMPDIR and umask 077,
 * and with a `postgres` group but no `postgres` user (checked against a copy of /etc, never the host's).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startTestServer, useraddArgs } from "./server";

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

describe.skipIf(!isRoot)("test server set-up as root", () => {
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
