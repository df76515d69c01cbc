/**
 * `runPlan`'s options in process, each with a small program of the test's own: `--markdown` beside
 * `--out`, `--policy-config` (applied, refused when invalid, never overwritten), `--base` (a base stack
 * file that cannot be read or is missing, base tenant files the current code refuses, an archived
 * tenant removed before its retention ended), the usage line, the clock and the phases' CPU time.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as k8s from "@pulumi/kubernetes";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import type { PlanDocument } from "../../scripts/plan/json";
import { FIXTURES, plan, removeTempDirs, tempProject } from "./helpers";

afterAll(removeTempDirs);
afterEach(() => void vi.restoreAllMocks());

const NOW = new Date("2026-12-01T00:00:00Z");
const ALPHA = fs.readFileSync(path.join(FIXTURES, "tenants/alpha.yaml"), "utf8");
const BRAVO = fs.readFileSync(path.join(FIXTURES, "tenants/bravo.yaml"), "utf8");
const NO_PLAN = "No plan was written (exit 2).\n";
const USAGE_LINE = "usage: npm run plan -- --stack <dev|staging|prod> [--tenants <dir>] [--out <file.json>]";

const git = (cwd: string, ...args: string[]) => execFileSync("git", ["-c", "user.name=Plan Test", "-c", "user.email=plan@example.test", "-c", "commit.gpgsign=false", ...args], { cwd, stdio: "pipe" });

/** A project (Pulumi.dev.yaml) whose tenants/ folder holds `files`. */
function project(files: Record<string, string>): string {
    const dir = tempProject("run-options");
    fs.mkdirSync(path.join(dir, "tenants"));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, "tenants", name), text);
    return dir;
}

/** The project committed as the base revision `main`. */
function commitBase(dir: string): void {
    git(dir, "init", "-q", "-b", "main");
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "base");
}

const readPlan = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, "plan.json"), "utf8")) as PlanDocument;

/** Mandatory unless configured otherwise: one violation per ConfigMap. */
const noConfigMaps: ResourceValidationPolicy = {
    name: "fixture-no-config-map",
    description: "Reports every ConfigMap (a test fixture).",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type === "kubernetes:core/v1:ConfigMap") report("no ConfigMap here");
    },
};
const oneConfigMap = () => {
    new k8s.core.v1.ConfigMap("settings", { data: { mode: "plan" } });
    return {};
};

describe("--markdown beside --out", () => {
    it("writes both files and names both on standard output", async () => {
        const dir = project({ "alpha.yaml": ALPHA });
        const result = await plan(["--stack", "dev", "--out", "plan.json", "--markdown", "plan.md"], { cwd: dir, now: NOW, policies: [], program: () => ({}) });
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
        expect(result.stdout.endsWith("\nOK: no mandatory violation (exit 0)\nPlan written to plan.json\nSummary written to plan.md\n")).toBe(true);
        expect(readPlan(dir).tenants.map((t) => t.id)).toEqual(["alpha"]);
        const markdown = fs.readFileSync(path.join(dir, "plan.md"), "utf8");
        expect(markdown).toContain("| `alpha` | business | active | added |");
        expect(fs.readdirSync(dir).sort()).toEqual(["Pulumi.dev.yaml", "plan.json", "plan.md", "tenants"]);
    });
});

describe("--policy-config", () => {
    it("applies the configured enforcement level: a mandatory policy made advisory no longer fails the plan", async () => {
        const dir = project({ "alpha.yaml": ALPHA });
        fs.writeFileSync(path.join(dir, "policy.json"), JSON.stringify({ "fixture-no-config-map": "advisory" }));
        const result = await plan(["--stack", "dev", "--policy-config", "policy.json", "--out", "plan.json"], { cwd: dir, now: NOW, policies: [noConfigMaps], program: oneConfigMap });
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
        const doc = readPlan(dir);
        expect(doc.verdicts).toEqual([
            { policy: "fixture-no-config-map", description: "Reports every ConfigMap (a test fixture).", enforcementLevel: "advisory", verdict: "warn", violations: 1, notApplicable: 0 },
        ]);
        expect(doc.violations).toEqual([
            { policy: "fixture-no-config-map", enforcementLevel: "advisory", urn: "urn:pulumi:dev::stoa-tenancy::pulumi:pulumi:Stack$kubernetes:core/v1:ConfigMap::settings", message: "no ConfigMap here" },
        ]);
        expect(doc.resources.map((r) => r.urn)).toEqual(["urn:pulumi:dev::stoa-tenancy::pulumi:pulumi:Stack$kubernetes:core/v1:ConfigMap::settings"]);
    });

    it("keeps the policy's own level without the option (exit 1)", async () => {
        const dir = project({ "alpha.yaml": ALPHA });
        const result = await plan(["--stack", "dev", "--out", "plan.json"], { cwd: dir, now: NOW, policies: [noConfigMaps], program: oneConfigMap });
        expect(result.status).toBe(1);
        expect(readPlan(dir).verdicts.map((v) => [v.policy, v.enforcementLevel, v.verdict])).toEqual([["fixture-no-config-map", "mandatory", "fail"]]);
    });

    it("refuses an invalid configuration before planning (exit 2, nothing written)", async () => {
        const dir = project({ "alpha.yaml": ALPHA });
        fs.writeFileSync(path.join(dir, "policy.json"), JSON.stringify({ "fixture-no-config-map": "loud" }));
        const result = await plan(["--stack", "dev", "--policy-config", "policy.json", "--out", "plan.json"], { cwd: dir, now: NOW, policies: [noConfigMaps], program: oneConfigMap });
        expect(result.status).toBe(2);
        expect(result.stdout).toBe("");
        expect(result.stderr).toBe(`policy.json: fixture-no-config-map.enforcementLevel: must be one of advisory, mandatory, remediate, disabled\n\n${NO_PLAN}`);
        expect(fs.existsSync(path.join(dir, "plan.json"))).toBe(false);
    });

    it("is an input of the run: --out must not replace it", async () => {
        const dir = project({ "alpha.yaml": ALPHA });
        fs.writeFileSync(path.join(dir, "policy.json"), "{}");
        const result = await plan(["--stack", "dev", "--policy-config", "policy.json", "--out", "policy.json"], { cwd: dir, now: NOW, policies: [], program: () => ({}) });
        expect(result.status).toBe(2);
        expect(result.stderr).toBe(
            '(command line): --out: "policy.json" must not replace an input of this run\n\n' +
                `${USAGE_LINE}\n${NO_PLAN}`,
        );
        expect(fs.readFileSync(path.join(dir, "policy.json"), "utf8")).toBe("{}");
    });
});

describe("--base", () => {
    it("plans the base with the current stack file when the base's cannot be read, with a warning", async () => {
        const dir = project({ "alpha.yaml": ALPHA });
        const stackFile = path.join(dir, "Pulumi.dev.yaml");
        const stack = fs.readFileSync(stackFile, "utf8");
        // At the base revision the stack file is a symbolic link: never read.
        fs.rmSync(stackFile);
        fs.symlinkSync("elsewhere.yaml", stackFile);
        commitBase(dir);
        fs.rmSync(stackFile);
        fs.writeFileSync(stackFile, stack);
        const result = await plan(["--stack", "dev", "--base", "main", "--out", "plan.json"], { cwd: dir, now: NOW, policies: [], program: () => ({}) });
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
        const doc = readPlan(dir);
        expect(doc.warnings).toEqual([{ kind: "base-invalid", tenant: null, message: "main:Pulumi.dev.yaml: (file): is a symbolic link, not a regular file (not read): invalid under the current code, so the base is planned with the current stack file." }]);
        expect(doc.changes.tenants).toEqual({ added: [], removed: [], renamed: [], changed: [] });
    });

    it("plans the base with the current stack file when the revision has none, without a warning", async () => {
        const dir = project({ "alpha.yaml": ALPHA });
        const stackFile = path.join(dir, "Pulumi.dev.yaml");
        const stack = fs.readFileSync(stackFile, "utf8");
        fs.rmSync(stackFile);
        commitBase(dir);
        fs.writeFileSync(stackFile, stack);
        const result = await plan(["--stack", "dev", "--base", "main", "--out", "plan.json"], { cwd: dir, now: NOW, policies: [], program: () => ({}) });
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
        const doc = readPlan(dir);
        expect(doc.warnings).toEqual([]);
        expect(doc.changes.tenants).toEqual({ added: [], removed: [], renamed: [], changed: [] });
    });

    it("leaves out base files the current code refuses, in one warning, and still compares the others field by field", async () => {
        const charlie = ALPHA.replace("id: alpha", "id: charlie").replace("name: Alpha Logistics", "name: Charlie Freight");
        const dir = project({ "alpha.yaml": ALPHA, "bravo.yaml": BRAVO, "charlie.yaml": charlie });
        fs.symlinkSync("alpha.yaml", path.join(dir, "tenants", "link.yaml"));
        const stackFile = path.join(dir, "Pulumi.dev.yaml");
        const stack = fs.readFileSync(stackFile, "utf8");
        // At the base, bravo's namespace is the platform's: bravo is invalid there, alpha and charlie are not.
        fs.writeFileSync(stackFile, stack.replace("stoa-tenancy:platformNamespace: stoa-system", "stoa-tenancy:platformNamespace: tenant-bravo"));
        commitBase(dir);
        fs.writeFileSync(stackFile, stack);
        fs.rmSync(path.join(dir, "tenants", "link.yaml"));
        const result = await plan(["--stack", "dev", "--base", "main", "--out", "plan.json"], { cwd: dir, now: NOW, policies: [], program: () => ({}) });
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
        const doc = readPlan(dir);
        expect(doc.warnings).toEqual([
            {
                kind: "base-invalid",
                tenant: null,
                message:
                    "main:tenants/link.yaml: (file): is a symbolic link, not a regular file: tenant files must be regular files (not read); " +
                    'main:tenants/bravo.yaml: id: "bravo" would collide with the platform\'s own realm or namespace (stoa, tenant-bravo): ' +
                    "invalid under the current code, so the comparison leaves those base files out (they show as added if they still exist).",
            },
        ]);
        expect(doc.changes.tenants).toEqual({ added: ["bravo"], removed: [], renamed: [], changed: [] });
    });

    it("warns removed-before-retention when an archived tenant is removed and retired before its retention ends", async () => {
        const archived = BRAVO.replace("status: suspended", "status: archived\narchived_at: 2026-11-01T00:00:00Z");
        const dir = project({ "alpha.yaml": ALPHA, "bravo.yaml": archived });
        commitBase(dir);
        fs.rmSync(path.join(dir, "tenants", "bravo.yaml"));
        fs.writeFileSync(path.join(dir, "tenants", "retired.yaml"), "retired:\n  - id: bravo\n    retired_at: 2026-11-30T00:00:00Z\n    reason: contract ended\n");
        const result = await plan(["--stack", "dev", "--base", "main", "--out", "plan.json"], { cwd: dir, now: NOW, policies: [], program: () => ({}) });
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
        // Starter tier: 90 days after 2026-11-01.
        expect(readPlan(dir).warnings).toEqual([
            {
                kind: "removed-before-retention",
                tenant: "bravo",
                message:
                    'archived tenant "bravo" is removed now and retired at 2026-11-30T00:00:00Z, before its retention period ends on 2027-01-30: ' +
                    "its data (namespace, realm, schema, backups) must be kept until then. Keep the file until the retention has ended, unless a documented decision shortens it.",
            },
        ]);
    });
});

describe("invalid input of several kinds", () => {
    it("adds the usage line when one of the problems is the command line's", async () => {
        const dir = project({ "alpha.yaml": ALPHA.replace("tier: business", "tier: platinum") });
        const result = await plan(["--stack", "dev", "--out", "tenants/plan.json"], { cwd: dir, now: NOW, policies: [], program: () => ({}) });
        expect(result.status).toBe(2);
        const lines = result.stderr.split("\n");
        // The tenant file is named by its path from the working directory, which this test does not set.
        expect(lines.filter((l) => l.includes("/tenants/alpha.yaml: tier: "))).toHaveLength(1);
        expect(lines).toContain('(command line): --out: "tenants/plan.json" must not be inside the tenant folder (a plan file there would be read as a tenant file)');
        expect(result.stderr.endsWith(`\n\n${USAGE_LINE}\n${NO_PLAN}`)).toBe(true);
    });
});

describe("a plan file that cannot be written", () => {
    it("is exit 2 with nothing printed on standard output", async () => {
        const dir = project({ "alpha.yaml": ALPHA });
        // The path is free when checked; the program takes it before the plan is written.
        const program = () => {
            fs.writeFileSync(path.join(dir, "late"), "x");
            return {};
        };
        const result = await plan(["--stack", "dev", "--out", "late/plan.json"], { cwd: dir, now: NOW, policies: [], program });
        expect(result).toEqual({ status: 2, stdout: "", stderr: `(command line): --out: "late/plan.json" could not be written (EEXIST); no plan file was written\n\n${USAGE_LINE}\n${NO_PLAN}` });
    });
});

describe("the clock and the phases", () => {
    it("judges retention by the clock it is given, not the machine's", async () => {
        const archived = BRAVO.replace("status: suspended", "status: archived\narchived_at: 2026-11-01T00:00:00Z");
        const dir = project({ "bravo.yaml": archived });
        const result = await plan(["--stack", "dev", "--out", "plan.json"], { cwd: dir, now: new Date("2090-01-01T00:00:00Z"), policies: [], program: () => ({}) });
        expect(result.stderr).toBe("");
        // Starter tier: 90 days after 2026-11-01.
        expect(readPlan(dir).warnings).toEqual([
            {
                kind: "retention-ended",
                tenant: "bravo",
                message:
                    'tenant "bravo" is archived and its retention period ended on 2027-01-30: its data (namespace, realm, schema, backups) is still kept, and nothing deletes it automatically. ' +
                    "Delete it by hand if no hold applies, then remove the file and retire the id (docs/tenant-file.md).",
            },
        ]);
    });

    it("reports each phase's CPU time as user plus system time", async () => {
        // Every phase is measured from one cpuUsage() to the next; the difference is fixed here.
        vi.spyOn(process, "cpuUsage").mockImplementation((previous?: NodeJS.CpuUsage) => (previous ? { user: 2_000_000, system: 500_000 } : { user: 0, system: 0 }));
        const phases: [string, number][] = [];
        const dir = project({ "alpha.yaml": ALPHA });
        const result = await plan(["--stack", "dev"], { cwd: dir, now: NOW, policies: [], program: () => ({}), onPhase: (phase, _seconds, cpuSeconds) => phases.push([phase, cpuSeconds]) });
        expect(result.status).toBe(0);
        // No --out, no --markdown: nothing said to be written.
        expect(result.stdout.endsWith("\nOK: no mandatory violation (exit 0)\n")).toBe(true);
        expect(phases).toEqual([
            ["load", 2.5],
            ["program", 2.5],
            ["policies", 2.5],
            ["report", 2.5],
        ]);
    });
});
