/**
 * `npm run plan -- --stack prod --all-shards [--jobs N]`: plans every stack of the environment (the
 * platform's stack and each shard; the one stack of an unsharded environment) in parallel worker
 * processes, merges their plans into one report, and exits with the worst status. Each worker is
 * `npm run plan` for one stack, so a shard is planned exactly as when it is planned alone.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { ENVIRONMENTS } from "../../components/model";
import type { PlanArgs } from "./args";
import { COMMAND_LINE, type InputProblem } from "./errors";
import { projectStacks } from "./inputs";
import type { PlanDocument } from "./json";
import { mergePlans, type ExitCode, type StackRun } from "./merge";
import { renderComment } from "./comment";
import { checkOutputs, writeOutputs, type OutputFile } from "./output";

/** The script each worker runs, and tsx's loader by absolute URL (the project folder may be elsewhere). */
const PLAN_SCRIPT = path.join(__dirname, "..", "plan.ts");
const TSX_LOADER = pathToFileURL(require.resolve("tsx")).href;

/** Default number of workers: one per core. */
export function defaultJobs(): number {
    return Math.max(1, os.availableParallelism());
}

/** The stacks to plan: every stack file of the environment `--stack` names (a stack, or an environment's name). */
export function stacksOfEnvironment(projectDir: string, stackOrEnvironment: string): { ok: true; environment: string; stacks: string[] } | { ok: false; problems: InputProblem[] } {
    const stacks = projectStacks(projectDir);
    const named = stacks.find((s) => s.name === stackOrEnvironment);
    const environment = named?.config.environment ?? (ENVIRONMENTS as readonly string[]).find((e) => e === stackOrEnvironment);
    if (environment === undefined) {
        return { ok: false, problems: [{ file: COMMAND_LINE, field: "--stack", message: `"${stackOrEnvironment}" is neither a valid stack file nor an environment (${ENVIRONMENTS.join(", ")})` }] };
    }
    const names = stacks.filter((s) => s.config.environment === environment).map((s) => s.name);
    if (names.length === 0) return { ok: false, problems: [{ file: COMMAND_LINE, field: "--stack", message: `environment ${environment} has no valid stack file` }] };
    return { ok: true, environment, stacks: names };
}

/** Runs `tasks` with at most `jobs` at a time, keeping their order in the result. */
export async function pool<T>(tasks: readonly (() => Promise<T>)[], jobs: number): Promise<T[]> {
    const results: T[] = new Array(tasks.length);
    let next = 0;
    const worker = async () => {
        while (next < tasks.length) {
            const index = next++;
            results[index] = await tasks[index]();
        }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
    return results;
}

/** The command line of one worker, after `node`: `plan.ts --stack <stack> --out <out>` and the shared options. */
export function workerArgv(stack: string, args: PlanArgs, out: string): string[] {
    return [
        "--import",
        TSX_LOADER,
        PLAN_SCRIPT,
        "--stack",
        stack,
        "--out",
        out,
        ...(args.tenants ? ["--tenants", args.tenants] : []),
        ...(args.base ? ["--base", args.base] : []),
        ...(args.policyConfig ? ["--policy-config", args.policyConfig] : []),
    ];
}

/** How a worker process ended: its exit code (null when a signal ended it) and the start of its stderr, or why it could not start. */
export type WorkerExit = { code: number | null; stderr: string } | { startError: string };

/** Runs one worker process; `spawnWorker` by default, tests give their own. */
export type StartWorker = (argv: readonly string[], cwd: string) => Promise<WorkerExit>;

/** The stderr kept of a worker: its first 100,000 characters or so (a worker that fails prints one line). */
const STDERR_KEPT = 100_000;

/** `node <argv>` in `cwd`, stdout dropped, stderr kept. */
export const spawnWorker: StartWorker = (argv, cwd) =>
    new Promise((resolve) => {
        const child = spawn(process.execPath, argv, { cwd, stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => {
            if (stderr.length < STDERR_KEPT) stderr += chunk.toString("utf8");
        });
        child.on("error", (err) => resolve({ startError: err.message }));
        child.on("close", (code) => resolve({ code, stderr }));
    });

/** What one worker's end means for its stack: exit 0 or 1 with the plan it wrote, or exit 2 with why. */
export function stackRun(stack: string, exit: WorkerExit, readPlan: () => string): StackRun {
    if ("startError" in exit) return { stack, status: 2, errors: `cannot start the worker: ${exit.startError}\n` };
    if (exit.code !== 0 && exit.code !== 1) return { stack, status: 2, errors: exit.stderr || `the worker ended with ${exit.code}\n` };
    try {
        return { stack, status: exit.code, plan: JSON.parse(readPlan()) as PlanDocument };
    } catch {
        return { stack, status: 2, errors: "the worker wrote no plan\n" };
    }
}

/** One worker: plans `stack` into `<dir>/<stack>.json` and reads the plan back. */
async function planStack(stack: string, args: PlanArgs, projectDir: string, dir: string, start: StartWorker): Promise<StackRun> {
    const out = path.join(dir, `${stack}.json`);
    const exit = await start(workerArgv(stack, args, out), projectDir);
    return stackRun(stack, exit, () => fs.readFileSync(out, "utf8"));
}

export interface AllShardsIO {
    projectDir: string;
    stdout: (text: string) => void;
    stderr: (text: string) => void;
    invalid: (problems: InputProblem[]) => ExitCode;
    /** Runs each worker process. Default: `spawnWorker`. */
    startWorker?: StartWorker;
}

export async function runAllShards(args: PlanArgs, io: AllShardsIO): Promise<ExitCode> {
    const found = stacksOfEnvironment(io.projectDir, args.stack);
    if (!found.ok) return io.invalid(found.problems);
    const outputs: OutputFile[] = [
        ...(args.out ? [{ flag: "--out", given: args.out, file: path.resolve(io.projectDir, args.out) }] : []),
        ...(args.markdown ? [{ flag: "--markdown", given: args.markdown, file: path.resolve(io.projectDir, args.markdown) }] : []),
    ];
    const outputProblems = checkOutputs(outputs, { tenantsDir: path.resolve(io.projectDir, args.tenants ?? "tenants"), inputs: found.stacks.map((s) => path.join(io.projectDir, `Pulumi.${s}.yaml`)) });
    if (outputProblems.length > 0) return io.invalid(outputProblems);
    const jobs = args.jobs ?? defaultJobs();
    io.stdout(`Planning ${found.stacks.length} stack${found.stacks.length === 1 ? "" : "s"} of environment ${found.environment} (${found.stacks.join(", ")}) with ${jobs} worker${jobs === 1 ? "" : "s"}\n`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stoa-plan-shards-"));
    try {
        const runs = await pool(
            found.stacks.map((stack) => () => planStack(stack, args, io.projectDir, dir, io.startWorker ?? spawnWorker)),
            jobs,
        );
        const merged = mergePlans(runs);
        const texts: Record<string, string> = { "--out": `${JSON.stringify(merged, null, 2)}\n`, "--markdown": renderComment(merged) };
        const writeProblems = writeOutputs(outputs.map((output) => ({ output, text: texts[output.flag] })));
        if (writeProblems.length > 0) return io.invalid(writeProblems);
        for (const s of merged.stacks) {
            io.stdout(`  ${s.stack}: exit ${s.status}, ${s.tenants} tenants, ${s.resources} resources\n`);
            if (s.errors) io.stderr(`${s.stack}:\n${s.errors}`);
        }
        if (args.out) io.stdout(`Merged plan written to ${args.out}\n`);
        if (args.markdown) io.stdout(`Comment written to ${args.markdown}\n`);
        io.stdout(`Worst exit status: ${merged.status}\n`);
        return merged.status;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
