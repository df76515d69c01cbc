/**
 * Shards: shards.yaml assigns each tenant of a sharded environment to one shard; a stack names its
 * shard and plans only its tenants; the platform's shared part has a stack of its own; a tenant that
 * changes shard without an explicit move is refused, an explicit move warns `shard-move`. With
 * `--all-shards`, one worker process plans several stacks exactly as separate processes plan each
 * alone, a worker killed mid-stack fails that stack only, and no worker outlives the run.
 */
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { shardMoves, shardProblems, shardTenants, type ShardMap } from "../../components/model";
import { parseShardMap } from "../../components/model/shards";
import { parseStrictYaml } from "../../components/model/yamlFile";
import { removalProblems } from "../../components/kubernetes/removalGuard";
import { reusableWorkers, type StartWorker, type Workers } from "../../scripts/plan/allShards";
import type { PlanDocument } from "../../scripts/plan/json";
import { mergePlans } from "../../scripts/plan/merge";
import { FIXTURES, PROJECT_DIR, alive, plan, removeTempDirs, tempDir } from "./helpers";

afterAll(removeTempDirs);

function mapOf(text: string): { map: ShardMap; problems: { field: string; message: string; line?: number }[] } {
    const parsed = parseStrictYaml("tenants/shards.yaml", text);
    if (!parsed.ok) throw new Error("not YAML");
    return parseShardMap("tenants/shards.yaml", parsed.yaml);
}

const devStack = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8");
const withKeys = (keys: string) => `${devStack.trimEnd()}\n${keys}\n`;
const SHARD_A = withKeys("  stoa-tenancy:shard: dev-a\n  stoa-tenancy:platformStack: organization/stoa-tenancy/dev-platform");
const SHARD_B = withKeys("  stoa-tenancy:shard: dev-b\n  stoa-tenancy:platformStack: organization/stoa-tenancy/dev-platform");
const PLATFORM = withKeys("  stoa-tenancy:platformOnly: true");

/** A project with the dev platform stack, shards dev-a and dev-b, and alpha, bravo as tenants. */
function shardedProject(shards: string, stacks: Record<string, string> = { "dev-platform": PLATFORM, "dev-a": SHARD_A, "dev-b": SHARD_B }): string {
    const dir = tempDir("shards");
    for (const [name, text] of Object.entries(stacks)) fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), text);
    fs.mkdirSync(path.join(dir, "tenants"));
    for (const file of ["alpha.yaml", "bravo.yaml"]) fs.copyFileSync(path.join(FIXTURES, "tenants", file), path.join(dir, "tenants", file));
    fs.writeFileSync(path.join(dir, "tenants", "shards.yaml"), shards);
    return dir;
}

const run = promisify(execFile);
const PLAN_SCRIPT = path.join(PROJECT_DIR, "scripts", "plan.ts");
const TSX_LOADER = pathToFileURL(require.resolve("tsx")).href;

/** The process ids of this process's children (Linux). */
function childPids(): number[] {
    const tasks = `/proc/${process.pid}/task`;
    return fs.readdirSync(tasks).flatMap((task) => {
        try {
            return fs.readFileSync(path.join(tasks, task, "children"), "utf8").split(" ").filter(Boolean).map(Number);
        } catch {
            return []; // a thread that ended meanwhile
        }
    });
}

async function planJson(dir: string, stack: string, extra: string[] = []) {
    const out = path.join(dir, `${stack}.json`);
    const result = await plan(["--stack", stack, "--out", out, ...extra], { cwd: dir });
    const doc = result.status === 2 ? undefined : (JSON.parse(fs.readFileSync(out, "utf8")) as PlanDocument);
    return { ...result, doc };
}

/** `--all-shards --jobs 1` of the project in `dir`, its stacks run by `start`; `workers` are closed after. */
async function planWithOneWorker(dir: string, start: StartWorker, workers: Workers): Promise<Awaited<ReturnType<typeof plan>>> {
    try {
        return await plan(["--stack", "dev", "--all-shards", "--jobs", "1", "--out", "merged.json"], { cwd: dir, startWorker: start });
    } finally {
        await workers.close();
    }
}

describe("shards.yaml", () => {
    it("reads a shard name or an explicit move per tenant and environment", () => {
        const { map, problems } = mapOf("prod:\n  acme: prod-a\n  globex: { shard: prod-b, moved_from: prod-a }\n");
        expect(problems).toEqual([]);
        expect(map.get("prod")?.get("acme")).toEqual({ shard: "prod-a" });
        expect(map.get("prod")?.get("globex")).toEqual({ shard: "prod-b", movedFrom: "prod-a" });
    });

    it("refuses a bad shard name, an unknown key and a move to the same shard, each at its line", () => {
        const { problems } = mapOf("prod:\n  acme: Prod_A\n  globex: { shard: prod-b, from: prod-a }\n  initech: { shard: prod-b, moved_from: prod-b }\n");
        expect(problems.map((p) => [p.field, p.line])).toEqual([
            ["prod.acme", 2],
            ["prod.globex.from", 3],
            ["prod.initech.moved_from", 4],
        ]);
    });

    const tenants = [
        { id: "acme", sourceFile: "tenants/acme.yaml" },
        { id: "globex", sourceFile: "tenants/globex.yaml" },
    ];
    const stack = { environment: "prod" as const, shard: "prod-a", platformOnly: false, platformStack: "org/stoa-tenancy/prod-platform" };

    it("proves every tenant of a sharded environment has exactly one shard, and names only existing tenants", () => {
        const { map } = mapOf("prod:\n  acme: prod-a\n  ghost: prod-b\n");
        const problems = shardProblems({ tenants, map, mapFile: "tenants/shards.yaml", stack, stackFile: "Pulumi.prod-a.yaml" });
        expect(problems.map((p) => [p.file, p.field])).toEqual([
            ["tenants/globex.yaml", "id"],
            ["tenants/shards.yaml", "prod.ghost"],
        ]);
        expect(problems[0].message).toContain('add "globex: <shard>" under prod in tenants/shards.yaml');
    });

    it("refuses a shard that has no stack, when the stacks are known", () => {
        const { map } = mapOf("prod:\n  acme: prod-a\n  globex: prod-c\n");
        const problems = shardProblems({ tenants, map, mapFile: "tenants/shards.yaml", stack, stackFile: "Pulumi.prod-a.yaml", knownShards: new Set(["prod-a", "prod-b"]) });
        expect(problems.map((p) => p.field)).toEqual(["prod.globex"]);
        expect(problems[0].message).toBe('shard "prod-c" has no stack in environment prod (the shards are prod-a, prod-b)');
    });

    it("asks a stack of a sharded environment to say which part it deploys, and a shard for its platform stack", () => {
        const { map } = mapOf("prod:\n  acme: prod-a\n  globex: prod-a\n");
        const unsharded = shardProblems({ tenants, map, mapFile: "tenants/shards.yaml", stack: { environment: "prod", platformOnly: false }, stackFile: "Pulumi.prod.yaml" });
        expect(unsharded.map((p) => [p.file, p.field])).toEqual([["Pulumi.prod.yaml", "stoa-tenancy:shard"]]);
        const noPlatform = shardProblems({ tenants, map, mapFile: "tenants/shards.yaml", stack: { ...stack, platformStack: undefined }, stackFile: "Pulumi.prod-a.yaml" });
        expect(noPlatform.map((p) => p.field)).toEqual(["stoa-tenancy:platformStack"]);
    });

    it("leaves an environment without entries unsharded: one stack, every tenant", () => {
        const { map } = mapOf("prod:\n  acme: prod-a\n");
        const dev = { environment: "dev" as const, platformOnly: false };
        expect(shardProblems({ tenants, map, mapFile: "tenants/shards.yaml", stack: dev, stackFile: "Pulumi.dev.yaml" })).toEqual([]);
        expect(shardTenants(tenants, map, dev).map((t) => t.id)).toEqual(["acme", "globex"]);
        expect(shardTenants(tenants, map, stack).map((t) => t.id)).toEqual(["acme"]);
        expect(shardTenants(tenants, map, { environment: "prod", platformOnly: true })).toEqual([]);
    });

    it("tells an explicit move from an accidental one", () => {
        const base = mapOf("prod:\n  acme: prod-a\n  globex: prod-a\n").map;
        const head = mapOf("prod:\n  acme: prod-b\n  globex: { shard: prod-b, moved_from: prod-a }\n").map;
        expect(shardMoves(base, head, "prod")).toEqual([
            { tenant: "acme", from: "prod-a", to: "prod-b", explicit: false },
            { tenant: "globex", from: "prod-a", to: "prod-b", explicit: true },
        ]);
    });

    it("lets the removal guard of the shard a tenant leaves accept an explicit move, and nothing else", () => {
        const previous = { acme: { status: "active" }, globex: { status: "active" } };
        expect(removalProblems(previous, [{ id: "acme", status: "active" }], new Set(), new Set(["globex"]))).toEqual([]);
        expect(removalProblems(previous, [{ id: "acme", status: "active" }], new Set())).toHaveLength(1);
    });
});

describe("plans of a sharded environment", () => {
    it("plans each shard's tenants only, and the platform's shared part in its own stack", async () => {
        const dir = shardedProject("dev:\n  alpha: dev-a\n  bravo: dev-b\n");
        const a = await planJson(dir, "dev-a");
        expect(a.stderr).toBe("");
        expect(a.doc!.tenants.map((t) => t.id)).toEqual(["alpha"]);
        expect(a.doc!.resources.some((r) => r.type === "stoa:tenancy:Platform")).toBe(false);
        // The shard reads the platform's stack through a StackReference.
        expect(a.doc!.resources.some((r) => r.type === "pulumi:pulumi:StackReference" && r.name === "platform-stack")).toBe(true);
        const b = await planJson(dir, "dev-b");
        expect(b.doc!.tenants.map((t) => t.id)).toEqual(["bravo"]);
        const platform = await planJson(dir, "dev-platform");
        expect(platform.doc!.tenants).toEqual([]);
        expect(platform.doc!.resources.filter((r) => r.type === "stoa:tenancy:Platform")).toHaveLength(1);
    });

    it("refuses a tenant without a shard and a shard without a stack (exit 2)", async () => {
        const dir = shardedProject("dev:\n  alpha: dev-c\n");
        const result = await planJson(dir, "dev-a");
        expect(result.status).toBe(2);
        expect(result.stderr).toContain(`tenants/shards.yaml: dev.alpha: shard "dev-c" has no stack in environment dev (the shards are dev-a, dev-b)`);
        expect(result.stderr).toMatch(/tenants\/bravo\.yaml: id: "bravo" has no shard in environment dev/);
    });

    it("keeps an unsharded environment as it was: one stack plans the platform and every tenant", async () => {
        const dir = shardedProject("prod:\n  alpha: prod-a\n", { dev: devStack });
        const result = await planJson(dir, "dev");
        expect(result.doc!.tenants.map((t) => t.id)).toEqual(["alpha", "bravo"]);
        expect(result.doc!.resources.filter((r) => r.type === "stoa:tenancy:Platform")).toHaveLength(1);
    });

    function git(cwd: string, ...args: string[]) {
        execFileSync("git", ["-c", "user.name=Plan Test", "-c", "user.email=plan@example.test", "-c", "commit.gpgsign=false", ...args], { cwd, stdio: "pipe" });
    }

    it("refuses a tenant that changes shard without an explicit move, and warns shard-move for an explicit one", async () => {
        const dir = shardedProject("dev:\n  alpha: dev-a\n  bravo: dev-b\n");
        git(dir, "init", "-q", "-b", "main");
        git(dir, "add", "-A");
        git(dir, "commit", "-q", "-m", "base");
        fs.writeFileSync(path.join(dir, "tenants", "shards.yaml"), "dev:\n  alpha: dev-b\n  bravo: dev-b\n");
        const accidental = await planJson(dir, "dev-b", ["--base", "main"]);
        expect(accidental.status).toBe(2);
        expect(accidental.stderr).toContain('tenants/shards.yaml: dev.alpha: tenant "alpha" moves from shard dev-a to dev-b without an explicit move');

        fs.writeFileSync(path.join(dir, "tenants", "shards.yaml"), "dev:\n  alpha: { shard: dev-b, moved_from: dev-a }\n  bravo: dev-b\n");
        const into = await planJson(dir, "dev-b", ["--base", "main"]);
        expect(into.stderr).toBe("");
        expect(into.doc!.warnings.map((w) => [w.kind, w.tenant])).toEqual([["shard-move", "alpha"]]);
        expect(into.doc!.warnings[0].message).toContain("pulumi state move --source <org>/<project>/dev-a --dest <org>/<project>/dev-b");
        // The shard it leaves: a move, not a removal of a live tenant.
        const out = await planJson(dir, "dev-a", ["--base", "main"]);
        expect(out.doc!.warnings.map((w) => [w.kind, w.tenant])).toEqual([["shard-move", "alpha"]]);
        expect(out.doc!.changes.tenants.removed.map((t) => t.id)).toEqual(["alpha"]);
    });
});

describe("the shipped stacks", () => {
    it("stay unsharded: no shards.yaml and no shard key", () => {
        expect(fs.existsSync(path.join(PROJECT_DIR, "tenants", "shards.yaml"))).toBe(false);
        for (const stack of ["dev", "staging", "prod"]) {
            const config = (parseYaml(fs.readFileSync(path.join(PROJECT_DIR, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> }).config;
            expect(config["stoa-tenancy:shard"]).toBeUndefined();
        }
    });
});

describe("a shard and its platform stack", () => {
    it("refuses to deploy beside the platform stack of another environment (read through a StackReference)", async () => {
        const { runOffline } = await import("../../scripts/offline/runtime");
        const { previousStackOutputs } = await import("../../scripts/offline/mocks");
        const { stoaTenancy } = await import("../../components/program");
        const dir = shardedProject("dev:\n  alpha: dev-a\n  bravo: dev-b\n");
        const config = { ...(parseYaml(SHARD_A) as { config: Record<string, unknown> }).config };
        const raw = Object.fromEntries(Object.entries(config).map(([k, v]) => [k.replace("stoa-tenancy:", ""), v]));
        const run = (platform: Record<string, unknown>) => {
            previousStackOutputs.set("organization/stoa-tenancy/dev-platform", { platform });
            return runOffline({ stack: "dev-a", projectDir: dir, config: raw, program: () => stoaTenancy({ projectDir: dir }) });
        };
        try {
            await expect(run({ environment: "prod", namespace: "stoa-system", realm: "stoa" })).rejects.toThrow(
                'shard "dev-a" does not match its platform stack organization/stoa-tenancy/dev-platform: environment is "prod" there, "dev" here',
            );
            const ok = await run({ environment: "dev", namespace: "stoa-system", realm: "stoa" });
            expect(ok.outputs.shard).toBe("dev-a");
        } finally {
            previousStackOutputs.delete("organization/stoa-tenancy/dev-platform");
        }
    });
});

// Each case runs the plan of three stacks in worker processes: minutes, not seconds, on a machine whose cores are busy.
describe("--all-shards", { timeout: 600_000 }, () => {
    it("plans every stack of the environment in worker processes and merges them into one report", async () => {
        const dir = shardedProject("dev:\n  alpha: dev-a\n  bravo: dev-b\n");
        const out = path.join(dir, "merged.json");
        const md = path.join(dir, "comment.md");
        // The run's own workers: the child processes of this process seen while it runs.
        const before = new Set(childPids());
        const seen = new Set<number>();
        const watch = setInterval(() => childPids().forEach((pid) => before.has(pid) || seen.add(pid)), 50);
        let result: Awaited<ReturnType<typeof plan>>;
        try {
            result = await plan(["--stack", "dev", "--all-shards", "--jobs", "2", "--out", out, "--markdown", md], { cwd: dir });
        } finally {
            clearInterval(watch);
        }
        // Two workers for three stacks, both ended with the run.
        expect(seen.size).toBe(2);
        expect([...seen].filter(alive)).toEqual([]);
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
        const merged = JSON.parse(fs.readFileSync(out, "utf8")) as { stacks: { stack: string; status: number; tenants: number }[]; tenants: { id: string; stack: string }[] };
        expect(merged.stacks.map((s) => [s.stack, s.status, s.tenants])).toEqual([
            ["dev-a", 0, 1],
            ["dev-b", 0, 1],
            ["dev-platform", 0, 0],
        ]);
        expect(merged.tenants.map((t) => [t.id, t.stack])).toEqual([
            ["alpha", "dev-a"],
            ["bravo", "dev-b"],
        ]);
        const comment = fs.readFileSync(md, "utf8");
        expect(comment.startsWith("<!-- stoa-tenancy-plan -->\n")).toBe(true);
        expect(comment).toContain("| `dev-platform` | dev | ✅ 0 | 0 |");
        expect(result.stdout).toContain("Worst exit status: 0");
    });

    it("exits with the worst status of its stacks, and shows the invalid stack's problems", async () => {
        // bravo has no shard: every shard stack refuses the set (exit 2); the report still names each stack.
        const dir = shardedProject("dev:\n  alpha: dev-a\n");
        const out = path.join(dir, "merged.json");
        const result = await plan(["--stack", "dev-a", "--all-shards", "--jobs", "1", "--out", out], { cwd: dir });
        expect(result.status).toBe(2);
        expect(result.stderr).toMatch(/tenants\/bravo\.yaml: id: "bravo" has no shard in environment dev/);
        const merged = JSON.parse(fs.readFileSync(out, "utf8")) as { status: number; stacks: { stack: string; status: number }[] };
        expect(merged.status).toBe(2);
        expect(merged.stacks.map((s) => s.status)).toEqual([2, 2, 2]);
    });

    it("plans several stacks in one worker exactly as separate processes plan each alone", async () => {
        const dir = shardedProject("dev:\n  alpha: dev-a\n  bravo: dev-b\n");
        const stacks = ["dev-a", "dev-b", "dev-platform"];
        const pids: number[] = [];
        const workers = reusableWorkers({ onSpawn: (pid) => pids.push(pid) });
        // Each stack's plan as the worker wrote it, read before the run removes the workers' folder.
        const inWorker = new Map<string, string>();
        const start: StartWorker = async (argv, cwd) => {
            const exit = await workers.start(argv, cwd);
            inWorker.set(argv[argv.indexOf("--stack") + 1], fs.readFileSync(argv[argv.indexOf("--out") + 1], "utf8"));
            return exit;
        };
        const result = await planWithOneWorker(dir, start, workers);
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
        expect(pids).toHaveLength(1);
        expect(alive(pids[0])).toBe(false);
        expect([...inWorker.keys()]).toEqual(stacks);

        const aloneDir = tempDir("shards-alone");
        const alone = await Promise.all(
            stacks.map(async (stack) => {
                const out = path.join(aloneDir, `${stack}.json`);
                await run(process.execPath, ["--import", TSX_LOADER, PLAN_SCRIPT, "--stack", stack, "--out", out], { cwd: dir });
                return fs.readFileSync(out, "utf8");
            }),
        );
        expect(JSON.parse(alone[0]).tenants.map((t: { id: string }) => t.id)).toEqual(["alpha"]);
        expect(JSON.parse(alone[1]).tenants.map((t: { id: string }) => t.id)).toEqual(["bravo"]);
        stacks.forEach((stack, i) => expect(inWorker.get(stack), stack).toBe(alone[i]));
        const merged = mergePlans(stacks.map((stack, i) => ({ stack, status: 0, plan: JSON.parse(alone[i]) as PlanDocument })));
        expect(fs.readFileSync(path.join(dir, "merged.json"), "utf8")).toBe(`${JSON.stringify(merged, null, 2)}\n`);
    });

    it("fails only the stack whose worker was killed mid-stack, plans the next in a new worker, and leaves no worker behind", async () => {
        const dir = shardedProject("dev:\n  alpha: dev-a\n  bravo: dev-b\n");
        const pids: number[] = [];
        const workers = reusableWorkers({ onSpawn: (pid) => pids.push(pid) });
        const start: StartWorker = (argv, cwd) => {
            const exit = workers.start(argv, cwd);
            // The worker planned dev-a; it is sent dev-b and dies before it answers.
            if (argv[argv.indexOf("--stack") + 1] === "dev-b") process.kill(pids[0], "SIGKILL");
            return exit;
        };
        const result = await planWithOneWorker(dir, start, workers);
        expect(result.status).toBe(2);
        expect(result.stderr).toBe("dev-b:\nthe worker ended by SIGKILL before finishing this stack\n");
        const merged = JSON.parse(fs.readFileSync(path.join(dir, "merged.json"), "utf8")) as { stacks: { stack: string; status: number; tenants: number; errors?: string }[] };
        expect(merged.stacks.map((s) => [s.stack, s.status, s.tenants])).toEqual([
            ["dev-a", 0, 1],
            ["dev-b", 2, 0],
            ["dev-platform", 0, 0],
        ]);
        expect(pids).toHaveLength(2);
        expect(pids.filter(alive)).toEqual([]);
    });

    it("refuses --jobs without --all-shards and a --jobs that is not a count", async () => {
        const a = await plan(["--stack", "dev", "--jobs", "2"]);
        expect(a.status).toBe(2);
        expect(a.stderr).toContain("--jobs: is only for --all-shards");
        const b = await plan(["--stack", "dev", "--all-shards", "--jobs", "0"]);
        expect(b.stderr).toContain('--jobs: "0" is not a number of workers (1 to 256)');
    });
});
