/**
 * The backup job's two shell steps, run for real with bash and openssl; pg_dump and the AWS CLI are
 * stand-ins on PATH that record what they were asked to do.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BACKUP_SUFFIX, ENCRYPTION, PBKDF2_ITERATIONS, dumpScript, uploadScript } from "../../components/data/backupScripts";

const hasTools = ["bash", "openssl"].every((tool) => {
    try {
        execFileSync("which", [tool], { stdio: "ignore" });
        return true;
    } catch {
        return false;
    }
});

let dir: string;
beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "stoa-backup-"));
    fs.mkdirSync(path.join(dir, "bin"));
    fs.mkdirSync(path.join(dir, "backup"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function fakeTool(name: string, body: string): void {
    fs.writeFileSync(path.join(dir, "bin", name), `#!/usr/bin/env bash\n${body}\n`, { mode: 0o755 });
}

function runScript(script: string, env: Record<string, string>): string {
    return execFileSync("bash", ["-c", script], {
        env: { PATH: `${path.join(dir, "bin")}:${process.env.PATH}`, BACKUP_DIR: path.join(dir, "backup"), ...env },
        encoding: "utf8",
        // stdin from /dev/null: bash sources ~/.bashrc when stdin is a socket (as Node's pipes are).
        stdio: ["ignore", "pipe", "pipe"],
    });
}

describe.skipIf(!hasTools)("dump step", () => {
    it("dumps only the tenant's schema and writes it AES-256 encrypted, readable with the tenant's key alone", () => {
        fakeTool("pg_dump", `echo "args: $*" > "${dir}/pg_dump.args"; printf 'TENANT DATA of %s' "$SCHEMA"`);
        runScript(dumpScript(), { SCHEMA: "tenant_blue_sky", BACKUP_PASSPHRASE: "the-tenant-key" });

        expect(fs.readFileSync(path.join(dir, "pg_dump.args"), "utf8")).toContain("--schema=tenant_blue_sky");
        const [file] = fs.readdirSync(path.join(dir, "backup"));
        expect(file).toMatch(new RegExp(`^\\d{8}T\\d{6}Z${BACKUP_SUFFIX.replace(/\./g, "\\.")}$`));
        const encrypted = fs.readFileSync(path.join(dir, "backup", file));
        expect(encrypted.toString("latin1")).not.toContain("TENANT DATA");

        const decrypt = (key: string) =>
            execFileSync("openssl", ["enc", "-d", `-${ENCRYPTION}`, "-pbkdf2", "-iter", String(PBKDF2_ITERATIONS), "-pass", `pass:${key}`, "-in", path.join(dir, "backup", file)], {
                encoding: "utf8",
                stdio: ["ignore", "pipe", "ignore"],
            });
        expect(decrypt("the-tenant-key")).toBe("TENANT DATA of tenant_blue_sky");
        expect(() => decrypt("another-tenant-key")).toThrow();
    });

    it("fails the job when pg_dump fails, so the upload step never runs", () => {
        fakeTool("pg_dump", "echo partial; exit 3");
        expect(() => runScript(dumpScript(), { SCHEMA: "tenant_blue_sky", BACKUP_PASSPHRASE: "k" })).toThrow();
    });
});

describe.skipIf(!hasTools)("upload step", () => {
    it("uploads under the tenant's prefix and prunes only that prefix's backups older than the retention", () => {
        const log = path.join(dir, "aws.log");
        const old = "20000101T000000Z" + BACKUP_SUFFIX;
        const recent = new Date(Date.now() - 24 * 3600 * 1000).toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z") + BACKUP_SUFFIX;
        fakeTool(
            "aws",
            `echo "$*" >> "${log}"
if [ "$2" = "ls" ]; then
  echo "2000-01-01 00:00:00  10 ${old}"
  echo "2020-01-01 00:00:00  10 ${recent}"
  echo "2020-01-01 00:00:00  10 unrelated.txt"
fi`,
        );
        fs.writeFileSync(path.join(dir, "backup", `20990101T000000Z${BACKUP_SUFFIX}`), "x");
        runScript(uploadScript(), { BACKUP_BUCKET: "s3://bucket/", TENANT_ID: "blue-sky", RETENTION_DAYS: "7" });

        const calls = fs.readFileSync(log, "utf8").trim().split("\n");
        expect(calls).toEqual([
            `s3 cp --only-show-errors ${path.join(dir, "backup", `20990101T000000Z${BACKUP_SUFFIX}`)} s3://bucket/blue-sky/20990101T000000Z${BACKUP_SUFFIX}`,
            "s3 ls s3://bucket/blue-sky/",
            `s3 rm --only-show-errors s3://bucket/blue-sky/${old}`,
        ]);
    });
});
