/**
 * Hostile tenant folders and command lines through `npm run plan` and `npm run validate`: both run
 * the one loader, so they refuse the same files with the same lines; the plan checks its output
 * paths before planning, writes them atomically, and exit 2 always means nothing was written.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { validateCommand } from "../../scripts/validate";
import type { PlanDocument } from "../../scripts/plan/json";
import { writeOutputs } from "../../scripts/plan/output";
import { FIXTURES, PROJECT_DIR, copyDir, plan, removeTempDirs, tempDir, tempProject } from "./helpers";

afterAll(removeTempDirs);

const NOW = new Date("2026-12-01T00:00:00Z");
const ALPHA = fs.readFileSync(path.join(FIXTURES, "tenants/alpha.yaml"), "utf8");
const BRAVO = fs.readFileSync(path.join(FIXTURES, "tenants/bravo.yaml"), "utf8");

/** A project (Pulumi.dev.yaml) with a tenants/ folder holding `files`; `prepare` adds odd entries. */
function project(files: Record<string, string>, prepare: (tenants: string) => void = () => undefined): string {
    const dir = tempProject("hostile");
    fs.mkdirSync(path.join(dir, "tenants"));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, "tenants", name), text);
    prepare(path.join(dir, "tenants"));
    return dir;
}

async function validate(cwd: string, ...argv: string[]) {
    const err: string[] = [];
    const out: string[] = [];
    const code = await validateCommand(argv, { out: (l) => out.push(l), err: (l) => err.push(l), now: () => NOW }, cwd);
    return { code, out, err };
}

/** The problem lines of a plan's stderr (before the blank line). */
const problemLines = (stderr: string) => stderr.split("\n\n")[0].split("\n").filter(Boolean);

describe("plan and validate refuse the same hostile tenant files with the same lines", () => {
    const cases: [string, Record<string, string>, ((dir: string) => void)?][] = [
        ["a symbolic link to the process environment", { "alpha.yaml": ALPHA }, (d) => fs.symlinkSync("/proc/self/environ", path.join(d, "env.yaml"))],
        ["a directory named y.yaml", { "alpha.yaml": ALPHA }, (d) => fs.mkdirSync(path.join(d, "y.yaml"))],
        ["an undefined alias", { "alpha.yaml": ALPHA.replace("name: Alpha Logistics", "name: *nope") }],
        ["cpu: 1e21", { "alpha.yaml": `${ALPHA}  resources:\n    cpu: 1e21\n` }],
        ["cpu: 0.0000001", { "alpha.yaml": `${ALPHA}  resources:\n    cpu: 0.0000001\n` }],
        ["cpu: 1e1", { "alpha.yaml": `${ALPHA}  resources:\n    cpu: 1e1\n` }],
        ["an upper-case scheme", { "alpha.yaml": ALPHA.replace("https://hooks", "HTTPS://hooks") }],
        ["https: without slashes", { "alpha.yaml": ALPHA.replace("https://hooks", "https:hooks") }],
        ["a metadata host", { "alpha.yaml": ALPHA.replace("hooks.alpha.example", "169.254.169.254.nip.io") }],
        ["retention_days: 200000000", { "bravo.yaml": BRAVO.replace("status: suspended", "status: archived\narchived_at: 2026-01-01T00:00:00Z") + "settings:\n  retention_days: 200000000\n" }],
        ["a hidden file", { "alpha.yaml": ALPHA, ".alpha.yaml": ALPHA }],
        ["created_at in the future", { "bravo.yaml": BRAVO.replace("2025-04-10T12:30:00Z", "2027-01-01T00:00:00Z") }],
    ];

    it.each(cases)("%s", async (_, files, prepare) => {
        const dir = project(files, prepare);
        const planned = await plan(["--stack", "dev", "--out", "plan.json"], { cwd: dir, now: NOW, policies: [] });
        const validated = await validate(dir, "--stack", "dev");
        expect(planned.status).toBe(2);
        expect(validated.code).toBe(1);
        expect(planned.stdout).toBe("");
        expect(fs.existsSync(path.join(dir, "plan.json"))).toBe(false);
        // Labels differ only by the folder as each names it: compare from the file name on.
        const tail = (line: string) => line.slice(line.indexOf("tenants/"));
        expect(problemLines(planned.stderr).map(tail)).toEqual(validated.err.slice(0, -1).map(tail));
        expect(planned.stderr).not.toContain("usage:");
        expect(planned.stderr).not.toMatch(/PATH=|HOME=|\n\s+at /);
        expect(planned.stderr).toContain("No plan was written (exit 2).");
    });
});

describe("the plan's output paths", () => {
    const valid = () => project({ "alpha.yaml": ALPHA });

    async function refused(dir: string, argv: string[]) {
        const before = fs.readdirSync(dir, { recursive: true }).sort();
        const result = await plan(["--stack", "dev", ...argv], { cwd: dir, now: NOW, policies: [] });
        expect(result.status).toBe(2);
        expect(result.stdout).toBe("");
        expect(fs.readdirSync(dir, { recursive: true }).sort()).toEqual(before);
        expect(result.stderr).not.toMatch(/\n\s+at /);
        return problemLines(result.stderr);
    }

    it("refuses a path inside the tenant folder before planning", async () => {
        const dir = valid();
        expect(await refused(dir, ["--out", "tenants/plan.json"])).toEqual([
            '(command line): --out: "tenants/plan.json" must not be inside the tenant folder (a plan file there would be read as a tenant file)',
        ]);
        expect(await refused(dir, ["--markdown", "tenants/alpha.yaml"])).toEqual([
            '(command line): --markdown: "tenants/alpha.yaml" must not be inside the tenant folder (a plan file there would be read as a tenant file)',
        ]);
    });

    it("refuses to replace a stack or project file, or an input of the run", async () => {
        const dir = valid();
        fs.writeFileSync(path.join(dir, "policy.json"), "{}");
        expect(await refused(dir, ["--out", "Pulumi.dev.yaml"])).toEqual(['(command line): --out: "Pulumi.dev.yaml" must not replace the project file Pulumi.dev.yaml']);
        expect(await refused(dir, ["--out", "sub/../Pulumi.prod.yaml"])).toEqual([
            '(command line): --out: "sub/../Pulumi.prod.yaml" must not replace the project file Pulumi.prod.yaml',
        ]);
        expect(await refused(dir, ["--policy-config", "policy.json", "--markdown", "policy.json"])).toEqual([
            '(command line): --markdown: "policy.json" must not replace an input of this run',
        ]);
    });

    it("refuses a path that cannot be written, and writes neither file", async () => {
        const dir = valid();
        fs.writeFileSync(path.join(dir, "a-file"), "");
        fs.mkdirSync(path.join(dir, "a-folder"));
        expect(await refused(dir, ["--out", "ok.json", "--markdown", "a-file/plan.md"])).toEqual([
            `(command line): --markdown: "a-file/plan.md" cannot be written: ${path.join(dir, "a-file")} is not a folder`,
        ]);
        expect(await refused(dir, ["--out", "a-folder"])).toEqual(['(command line): --out: "a-folder" is a folder: give a path to a regular file']);
        expect(await refused(dir, ["--out", "x.json", "--markdown", "./x.json"])).toEqual(["(command line): --markdown: must not be the same file as --out"]);
    });

    it("writes both files, replacing old ones, and leaves no temporary file", async () => {
        const dir = valid();
        fs.mkdirSync(path.join(dir, "out"));
        fs.writeFileSync(path.join(dir, "out", "plan.json"), "old");
        const result = await plan(["--stack", "dev", "--out", "out/plan.json", "--markdown", "out/new/plan.md"], { cwd: dir, now: NOW, policies: [] });
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
        expect(fs.readdirSync(path.join(dir, "out")).sort()).toEqual(["new", "plan.json"]);
        expect(fs.readdirSync(path.join(dir, "out", "new"))).toEqual(["plan.md"]);
        expect((JSON.parse(fs.readFileSync(path.join(dir, "out", "plan.json"), "utf8")) as PlanDocument).tenants.map((t) => t.id)).toEqual(["alpha"]);
        expect(result.stdout).toMatch(/Plan written to out\/plan\.json\nSummary written to out\/new\/plan\.md\n$/);
    });

    it("replaces nothing when one of the files cannot be written (temporary files, then rename)", () => {
        const dir = tempDir("atomic");
        const first = path.join(dir, "plan.json");
        fs.writeFileSync(first, "old plan");
        fs.writeFileSync(path.join(dir, "blocker"), "");
        const problems = writeOutputs([
            { output: { flag: "--out", given: "plan.json", file: first }, text: "new plan" },
            { output: { flag: "--markdown", given: "blocker/plan.md", file: path.join(dir, "blocker", "plan.md") }, text: "summary" },
        ]);
        expect(problems).toEqual([
            { file: "(command line)", field: "--markdown", message: expect.stringMatching(/^"blocker\/plan\.md" could not be written \((EEXIST|ENOTDIR)\); no plan file was written$/) },
        ]);
        expect(fs.readFileSync(first, "utf8")).toBe("old plan");
        expect(fs.readdirSync(dir).sort()).toEqual(["blocker", "plan.json"]);
    });
});

describe("a tenant-file error is not followed by the usage line; a command-line error is", () => {
    it("shows usage only for the command line", async () => {
        const dir = project({ "alpha.yaml": ALPHA.replace("tier: business", "tier: gold") });
        const bad = await plan(["--stack", "dev"], { cwd: dir, now: NOW });
        expect(bad.stderr).not.toContain("usage:");
        const usage = await plan(["--stack", "dev", "--frobnicate"], { cwd: dir, now: NOW });
        expect(usage.stderr).toContain("usage: npm run plan");
    });
});

function git(cwd: string, ...args: string[]) {
    execFileSync("git", ["-c", "user.name=Plan Test", "-c", "user.email=plan@example.test", "-c", "commit.gpgsign=false", ...args], { cwd, stdio: "pipe" });
}

describe("--base reads the revision's files with the same loader", () => {
    it("refuses a base symlink, directory, alias or huge retention as base-invalid warnings, never a crash", async () => {
        const dir = project({ "alpha.yaml": ALPHA, "bravo.yaml": BRAVO.replace("status: suspended", "status: archived\narchived_at: 2026-01-01T00:00:00Z") + "settings:\n  retention_days: 200000000\n", "charlie.yaml": "id: charlie\nname: *nope\n" }, (d) => {
            fs.symlinkSync("/proc/self/environ", path.join(d, "env.yaml"));
            fs.mkdirSync(path.join(d, "y.yaml"));
            fs.writeFileSync(path.join(d, "y.yaml", "inner.yaml"), ALPHA);
        });
        git(dir, "init", "-q", "-b", "main");
        git(dir, "add", ".");
        git(dir, "commit", "-q", "-m", "hostile base");
        fs.rmSync(path.join(dir, "tenants"), { recursive: true });
        fs.mkdirSync(path.join(dir, "tenants"));
        fs.writeFileSync(path.join(dir, "tenants", "alpha.yaml"), ALPHA);
        const result = await plan(["--stack", "dev", "--base", "main", "--out", "plan.json"], { cwd: dir, now: NOW, policies: [] });
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
        const doc = JSON.parse(fs.readFileSync(path.join(dir, "plan.json"), "utf8")) as PlanDocument;
        const baseInvalid = doc.warnings.filter((w) => w.kind === "base-invalid");
        expect(baseInvalid).toHaveLength(1);
        expect(baseInvalid[0].message).toContain("main:tenants/env.yaml: (file): is a symbolic link, not a regular file");
        expect(baseInvalid[0].message).toContain("main:tenants/y.yaml: (file): is a directory, not a regular file");
        expect(baseInvalid[0].message).toContain("main:tenants/charlie.yaml: name: uses an alias");
        expect(baseInvalid[0].message).toContain("main:tenants/bravo.yaml: settings.retention_days: must be at most 36500");
        expect(doc.changes.tenants).toEqual({ added: [], removed: [], renamed: [], changed: [] });
    });

    it("warns removed-before-retention when an archived tenant is removed and retired before its retention ends", async () => {
        const archived = BRAVO.replace("status: suspended", "status: archived\narchived_at: 2026-11-01T00:00:00Z");
        const dir = project({ "alpha.yaml": ALPHA, "bravo.yaml": archived });
        git(dir, "init", "-q", "-b", "main");
        git(dir, "add", ".");
        git(dir, "commit", "-q", "-m", "base");
        fs.rmSync(path.join(dir, "tenants", "bravo.yaml"));
        fs.writeFileSync(path.join(dir, "tenants", "retired.yaml"), "retired:\n  - id: bravo\n    retired_at: 2026-11-30T00:00:00Z\n    reason: contract ended\n");
        const result = await plan(["--stack", "dev", "--base", "main", "--out", "plan.json"], { cwd: dir, now: NOW, policies: [] });
        expect(result.stderr).toBe("");
        const doc = JSON.parse(fs.readFileSync(path.join(dir, "plan.json"), "utf8")) as PlanDocument;
        // Starter tier: 90 days after 2026-11-01.
        expect(doc.warnings.map((w) => [w.kind, w.tenant])).toEqual([["removed-before-retention", "bravo"]]);
        expect(doc.warnings[0].message).toBe(
            'archived tenant "bravo" is removed now and retired at 2026-11-30T00:00:00Z, before its retention period ends on 2027-01-30: ' +
                "its data (namespace, realm, schema, backups) must be kept until then. Keep the file until the retention has ended, unless a documented decision shortens it.",
        );
        expect(result.stdout).toContain("! removed-before-retention: archived tenant \"bravo\"");
    });
});

describe("the sample project", () => {
    it("still plans (the loader accepts every sample)", async () => {
        const dir = tempProject("samples");
        copyDir(path.join(PROJECT_DIR, "tenants"), path.join(dir, "tenants"));
        const result = await plan(["--stack", "dev"], { cwd: dir, now: NOW, policies: [] });
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
    });
});
