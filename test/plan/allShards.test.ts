/**
 * `--all-shards` in process: which stacks an environment has, the worker pool, the default number of
 * workers, each worker's command line and what its end means, and the whole run with workers the test
 * gives (`startWorker`), which write the plans a real worker would.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultJobs, pool, stackRun, stacksOfEnvironment, workerArgv, type StartWorker, type WorkerExit } from "../../scripts/plan/allShards";
import type { PlanDocument } from "../../scripts/plan/json";
import { PROJECT_DIR, plan, removeTempDirs, tempDir } from "./helpers";

afterAll(removeTempDirs);

const DEV_STACK = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8");
const shard = (name: string) => `${DEV_STACK.trimEnd()}\n  stoa-tenancy:shard: ${name}\n  stoa-tenancy:platformStack: organization/stoa-tenancy/dev\n`;

describe("stacksOfEnvironment", () => {
    const dir = tempDir("all-shards");
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), DEV_STACK);
    fs.writeFileSync(path.join(dir, "Pulumi.dev-b.yaml"), shard("dev-b"));
    fs.writeFileSync(path.join(dir, "Pulumi.dev-a.yaml"), shard("dev-a"));
    fs.writeFileSync(path.join(dir, "Pulumi.staging.yaml"), fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.staging.yaml")));
    fs.writeFileSync(path.join(dir, "Pulumi.broken.yaml"), "config: [");

    it("takes every stack of the environment a stack belongs to", () => {
        expect(stacksOfEnvironment(dir, "dev-b")).toEqual({ ok: true, environment: "dev", stacks: ["dev", "dev-a", "dev-b"] });
        expect(stacksOfEnvironment(dir, "staging")).toEqual({ ok: true, environment: "staging", stacks: ["staging"] });
    });

    it("takes an environment's name when no stack has that name", () => {
        const only = tempDir("all-shards-env");
        fs.writeFileSync(path.join(only, "Pulumi.dev-a.yaml"), shard("dev-a"));
        expect(stacksOfEnvironment(only, "dev")).toEqual({ ok: true, environment: "dev", stacks: ["dev-a"] });
    });

    it("refuses a name that is neither, and an environment without a valid stack file", () => {
        expect(stacksOfEnvironment(dir, "qa")).toEqual({
            ok: false,
            problems: [{ file: "(command line)", field: "--stack", message: '"qa" is neither a valid stack file nor an environment (dev, staging, prod)' }],
        });
        expect(stacksOfEnvironment(dir, "broken")).toEqual({
            ok: false,
            problems: [{ file: "(command line)", field: "--stack", message: '"broken" is neither a valid stack file nor an environment (dev, staging, prod)' }],
        });
        expect(stacksOfEnvironment(dir, "prod")).toEqual({ ok: false, problems: [{ file: "(command line)", field: "--stack", message: "environment prod has no valid stack file" }] });
    });
});

describe("pool", () => {
    /** Tasks that record how many run at once; each finishes after the next tick. */
    function tasks(count: number) {
        let running = 0;
        let most = 0;
        const list = Array.from({ length: count }, (_, i) => async () => {
            running++;
            most = Math.max(most, running);
            await new Promise((resolve) => setImmediate(resolve));
            running--;
            return `task-${i}`;
        });
        return { list, most: () => most };
    }

    it("runs at most `jobs` tasks at a time and keeps their order", async () => {
        const t = tasks(5);
        expect(await pool(t.list, 2)).toEqual(["task-0", "task-1", "task-2", "task-3", "task-4"]);
        expect(t.most()).toBe(2);
    });

    it("runs every task at once when there are fewer tasks than jobs, one at a time with one job", async () => {
        const wide = tasks(3);
        expect(await pool(wide.list, 8)).toEqual(["task-0", "task-1", "task-2"]);
        expect(wide.most()).toBe(3);
        const narrow = tasks(3);
        expect(await pool(narrow.list, 1)).toEqual(["task-0", "task-1", "task-2"]);
        expect(narrow.most()).toBe(1);
    });

    it("gives an empty list for no tasks", async () => {
        expect(await pool([], 4)).toEqual([]);
    });
});

describe("defaultJobs", () => {
    it("is one worker per core the process may use", () => {
        expect(defaultJobs()).toBe(os.availableParallelism());
    });
});

describe("workerArgv", () => {
    it("sends the worker plan.ts's arguments for one stack and its plan file", () => {
        expect(workerArgv("dev-a", { stack: "dev", allShards: true, help: false }, "/tmp/x/dev-a.json")).toEqual(["--stack", "dev-a", "--out", "/tmp/x/dev-a.json"]);
    });

    it("passes --tenants, --base and --policy-config on, and neither --out, --markdown nor --jobs of the whole run", () => {
        const argv = workerArgv("prod-b", { stack: "prod", allShards: true, help: false, tenants: "t", base: "main", policyConfig: "p.json", out: "all.json", markdown: "all.md", jobs: 3 }, "/o/prod-b.json");
        expect(argv).toEqual(["--stack", "prod-b", "--out", "/o/prod-b.json", "--tenants", "t", "--base", "main", "--policy-config", "p.json"]);
    });
});

describe("stackRun", () => {
    const plan = JSON.stringify({ stack: "dev-a", environment: "dev" });
    const unread = () => {
        throw new Error("ENOENT");
    };

    it("takes the plan a worker wrote when it exits 0 or 1, without error lines", () => {
        expect(stackRun("dev-a", { code: 0, stderr: "" }, () => plan)).toEqual({ stack: "dev-a", status: 0, plan: { stack: "dev-a", environment: "dev" } });
        expect(stackRun("dev-a", { code: 1, stderr: "warned\n" }, () => plan)).toEqual({ stack: "dev-a", status: 1, plan: { stack: "dev-a", environment: "dev" } });
    });

    it("is exit 2 when a worker that exited 0 or 1 wrote no plan, or no JSON", () => {
        expect(stackRun("dev-a", { code: 0, stderr: "" }, unread)).toEqual({ stack: "dev-a", status: 2, errors: "the worker wrote no plan\n" });
        expect(stackRun("dev-a", { code: 1, stderr: "" }, () => "{")).toEqual({ stack: "dev-a", status: 2, errors: "the worker wrote no plan\n" });
    });

    it("is exit 2 with the worker's stderr for any other end, and reads no plan", () => {
        let read = 0;
        const counted = () => {
            read++;
            return plan;
        };
        expect(stackRun("dev-b", { code: 2, stderr: "tenants/a.yaml: bad\n" }, counted)).toEqual({ stack: "dev-b", status: 2, errors: "tenants/a.yaml: bad\n" });
        expect(stackRun("dev-b", { code: 3, stderr: "" }, counted)).toEqual({ stack: "dev-b", status: 2, errors: "the worker ended with 3\n" });
        expect(stackRun("dev-b", { code: null, stderr: "" }, counted)).toEqual({ stack: "dev-b", status: 2, errors: "the worker ended with null\n" });
        expect(stackRun("dev-b", { startError: "spawn node ENOENT" }, counted)).toEqual({ stack: "dev-b", status: 2, errors: "cannot start the worker: spawn node ENOENT\n" });
        expect(read).toBe(0);
    });
});

describe("--all-shards with the test's workers", () => {
    /** A plan as a worker writes it: one tenant of the stack with `resources` resources. */
    const planOf = (stack: string, tenant: string, resources: number): PlanDocument => ({
        stack,
        environment: "dev",
        tenants: [{ id: tenant, tier: "starter", status: "active", resources }],
        resources: Array.from({ length: resources }, (_, i) => ({ urn: `urn:${stack}:${i}`, type: "kubernetes:core/v1:ConfigMap", name: `${tenant}-${i}`, parent: null, tenant, inputs: {}, protect: false, retainOnDelete: false })),
        violations: [],
        verdicts: [],
        warnings: [],
        changes: { base: null, tenants: { added: [], removed: [], renamed: [], changed: [] }, resources: [] },
    });

    function project(): string {
        const dir = tempDir("all-shards-run");
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), DEV_STACK);
        fs.writeFileSync(path.join(dir, "Pulumi.dev-a.yaml"), shard("dev-a"));
        fs.writeFileSync(path.join(dir, "Pulumi.dev-b.yaml"), shard("dev-b"));
        fs.writeFileSync(path.join(dir, "Pulumi.staging.yaml"), fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.staging.yaml")));
        return dir;
    }

    /** Workers that end as `ends` says per stack, writing their plan to the --out they are given; records each call. */
    function workers(ends: Record<string, { exit: WorkerExit; plan?: PlanDocument }>) {
        const calls: { stack: string; cwd: string; out: string; folder: string }[] = [];
        let running = 0;
        let most = 0;
        const start: StartWorker = async (argv, cwd) => {
            const stack = argv[argv.indexOf("--stack") + 1];
            const out = argv[argv.indexOf("--out") + 1];
            calls.push({ stack, cwd, out, folder: path.dirname(out) });
            running++;
            most = Math.max(most, running);
            await new Promise((resolve) => setImmediate(resolve));
            running--;
            const end = ends[stack];
            if (end.plan) fs.writeFileSync(out, JSON.stringify(end.plan));
            return end.exit;
        };
        return { start, calls, most: () => most };
    }

    const USAGE_LINE = "usage: npm run plan -- --stack <dev|staging|prod> [--tenants <dir>] [--out <file.json>]";
    const ok = (stack: string, tenant: string, resources: number, code = 0) => ({ exit: { code, stderr: "" }, plan: planOf(stack, tenant, resources) });

    it("plans every stack of the environment in its own worker, merges the plans and writes them, then removes the workers' folder", async () => {
        const dir = project();
        const w = workers({ dev: ok("dev", "platform", 1), "dev-a": ok("dev-a", "alpha", 3), "dev-b": ok("dev-b", "bravo", 2, 1) });
        const result = await plan(["--stack", "dev-a", "--all-shards", "--jobs", "2", "--out", "all.json", "--markdown", "all.md"], { cwd: dir, startWorker: w.start });
        expect(result).toEqual({
            status: 1,
            stdout: [
                "Planning 3 stacks of environment dev (dev, dev-a, dev-b) with 2 workers",
                "  dev: exit 0, 1 tenants, 1 resources",
                "  dev-a: exit 0, 1 tenants, 3 resources",
                "  dev-b: exit 1, 1 tenants, 2 resources",
                "Merged plan written to all.json",
                "Comment written to all.md",
                "Worst exit status: 1",
                "",
            ].join("\n"),
            stderr: "",
        });
        expect(w.calls.map((c) => c.stack)).toEqual(["dev", "dev-a", "dev-b"]);
        expect(w.calls.every((c) => c.cwd === dir)).toBe(true);
        expect(w.calls.map((c) => path.basename(c.out))).toEqual(["dev.json", "dev-a.json", "dev-b.json"]);
        expect(new Set(w.calls.map((c) => c.folder)).size).toBe(1);
        expect(w.calls[0].folder.startsWith(path.join(os.tmpdir(), "stoa-plan-shards-"))).toBe(true);
        expect(fs.existsSync(w.calls[0].folder)).toBe(false);
        expect(w.most()).toBe(2);

        const merged = JSON.parse(fs.readFileSync(path.join(dir, "all.json"), "utf8"));
        expect(merged.status).toBe(1);
        expect(merged.stacks).toEqual([
            { stack: "dev", environment: "dev", status: 0, tenants: 1, resources: 1 },
            { stack: "dev-a", environment: "dev", status: 0, tenants: 1, resources: 3 },
            { stack: "dev-b", environment: "dev", status: 1, tenants: 1, resources: 2 },
        ]);
        expect(merged.tenants.map((t: { id: string; stack: string }) => `${t.stack}/${t.id}`)).toEqual(["dev/platform", "dev-a/alpha", "dev-b/bravo"]);
        expect(fs.readFileSync(path.join(dir, "all.json"), "utf8").endsWith("}\n")).toBe(true);
        const comment = fs.readFileSync(path.join(dir, "all.md"), "utf8");
        for (const stack of ["dev-a", "dev-b"]) expect(comment).toContain(stack);
    });

    it("runs one worker per core by default, and says one stack and one worker in the singular", async () => {
        const dir = tempDir("all-shards-one");
        fs.writeFileSync(path.join(dir, "Pulumi.staging.yaml"), fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.staging.yaml")));
        const w = workers({ staging: ok("staging", "alpha", 1) });
        const one = await plan(["--stack", "staging", "--all-shards", "--jobs", "1"], { cwd: dir, startWorker: w.start });
        expect(one.stdout.split("\n")[0]).toBe("Planning 1 stack of environment staging (staging) with 1 worker");
        expect(one.stdout).not.toContain("written to");
        const defaults = await plan(["--stack", "staging", "--all-shards"], { cwd: dir, startWorker: w.start });
        const jobs = defaultJobs();
        expect(defaults.stdout.split("\n")[0]).toBe(`Planning 1 stack of environment staging (staging) with ${jobs} worker${jobs === 1 ? "" : "s"}`);
    });

    it("reports a worker that failed on stderr under its stack, and exits 2 when any did", async () => {
        const dir = project();
        const w = workers({
            dev: ok("dev", "platform", 1, 1),
            "dev-a": { exit: { code: 2, stderr: "tenants/alpha.yaml: spec.tier: unknown tier\n" } },
            "dev-b": { exit: { code: 0, stderr: "" } },
        });
        const result = await plan(["--stack", "dev", "--all-shards", "--jobs", "3", "--out", "all.json"], { cwd: dir, startWorker: w.start });
        expect(result.status).toBe(2);
        expect(result.stderr).toBe("dev-a:\ntenants/alpha.yaml: spec.tier: unknown tier\ndev-b:\nthe worker wrote no plan\n");
        expect(result.stdout).toContain("  dev-a: exit 2, 0 tenants, 0 resources\n  dev-b: exit 2, 0 tenants, 0 resources\n");
        expect(result.stdout.endsWith("Worst exit status: 2\n")).toBe(true);
        expect(w.most()).toBe(3);
        expect(JSON.parse(fs.readFileSync(path.join(dir, "all.json"), "utf8")).stacks[1]).toEqual({ stack: "dev-a", environment: null, status: 2, tenants: 0, resources: 0, errors: "tenants/alpha.yaml: spec.tier: unknown tier\n" });
    });

    it("starts no worker for an unknown environment or an output that would overwrite an input", async () => {
        const dir = project();
        const w = workers({});
        const unknown = await plan(["--stack", "qa", "--all-shards"], { cwd: dir, startWorker: w.start });
        expect(unknown.status).toBe(2);
        expect(unknown.stderr).toContain('"qa" is neither a valid stack file nor an environment (dev, staging, prod)');
        const overwrite = await plan(["--stack", "dev", "--all-shards", "--out", "Pulumi.dev-b.yaml"], { cwd: dir, startWorker: w.start });
        expect(overwrite.status).toBe(2);
        expect(overwrite.stderr).toBe(`(command line): --out: "Pulumi.dev-b.yaml" must not replace the project file Pulumi.dev-b.yaml\n\n${USAGE_LINE}\nNo plan was written (exit 2).\n`);
        const tenantsDir = await plan(["--stack", "dev", "--all-shards", "--markdown", "tenants/x.md"], { cwd: dir, startWorker: w.start });
        expect(tenantsDir.status).toBe(2);
        expect(tenantsDir.stderr).toContain("--markdown");
        expect(w.calls).toEqual([]);
        expect(fs.readFileSync(path.join(dir, "Pulumi.dev-b.yaml"), "utf8")).toBe(shard("dev-b"));
    });

    it("exits 2 and keeps nothing when the merged plan cannot be written", async () => {
        const dir = project();
        const w = workers({ dev: ok("dev", "platform", 1), "dev-a": ok("dev-a", "alpha", 1), "dev-b": ok("dev-b", "bravo", 1) });
        // The output path was free when the run began; a folder takes it while the workers run.
        const start: StartWorker = async (argv, cwd) => {
            fs.mkdirSync(path.join(dir, "late.json"), { recursive: true });
            return w.start(argv, cwd);
        };
        const result = await plan(["--stack", "dev", "--all-shards", "--out", "late.json", "--markdown", "all.md"], { cwd: dir, startWorker: start });
        expect(result.status).toBe(2);
        expect(result.stderr).toBe(`(command line): --out: "late.json" could not be written (EISDIR); no plan file was written\n\n${USAGE_LINE}\nNo plan was written (exit 2).\n`);
        expect(result.stdout).not.toContain("Worst exit status");
        expect(fs.existsSync(path.join(dir, "all.md"))).toBe(false);
        expect(w.calls).toHaveLength(3);
        expect(fs.existsSync(w.calls[0].folder)).toBe(false);
    });
});
