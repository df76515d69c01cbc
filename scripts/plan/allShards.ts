/**
 * `npm run plan -- --stack prod --all-shards [--jobs N]`: plans every stack of the environment (the
 * platform's stack and each shard; the one stack of an unsharded environment) in at most `--jobs`
 * worker processes, merges their plans into one report, and exits with the worst status. Each worker
 * runs `npm run plan`'s `runPlan` for one stack after another in its own process, so a shard is
 * planned exactly as when it is planned alone (test/plan/shards.test.ts compares them).
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { ENVIRONMENTS } from "../../components/model";
import type { PlanArgs } from "./args";
import { COMMAND_LINE, type InputProblem } from "./errors";
import { projectStacks } from "./inputs";
import type { PlanDocument } from "./json";
import { PROGRAM_NODE_FLAGS } from "./nodeFlags";
import { mergePlans, type ExitCode, type StackRun } from "./merge";
import { renderComment } from "./comment";
import { checkOutputs, writeOutputs, type OutputFile } from "./output";

/** The worker each process runs, and tsx's loader by absolute URL (the project folder may be elsewhere). */
const WORKER_SCRIPT = path.join(__dirname, "shardWorker.ts");
const TSX_LOADER = pathToFileURL(require.resolve("tsx")).href;
/** How a worker is started, after `node`: the program's node flags, tsx's loader, the worker script. */
export const WORKER_NODE_ARGS: readonly string[] = [...PROGRAM_NODE_FLAGS, "--import", TSX_LOADER, WORKER_SCRIPT];

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

/** What a worker is sent for one stack: `plan.ts`'s arguments, `--stack <stack> --out <out>` and the shared options. */
export function workerArgv(stack: string, args: PlanArgs, out: string): string[] {
    return [
        "--stack",
        stack,
        "--out",
        out,
        ...(args.tenants ? ["--tenants", args.tenants] : []),
        ...(args.base ? ["--base", args.base] : []),
        ...(args.policyConfig ? ["--policy-config", args.policyConfig] : []),
    ];
}

/**
 * How a worker ended one stack: the plan's exit status and what it wrote on stderr; `code` null when the
 * worker process ended before answering (its stderr then says how); or why no worker could start.
 */
export type WorkerExit = { code: number | null; stderr: string } | { startError: string };

/** Plans one stack (`argv`: `workerArgv`) in a worker whose working folder is `cwd`; `reusableWorkers` by default, tests give their own. */
export type StartWorker = (argv: readonly string[], cwd: string) => Promise<WorkerExit>;

/** The stderr kept of one stack: its first 100,000 characters or so (a stack that fails prints a few lines). */
export const STDERR_KEPT = 100_000;

/** Sent to a worker: plan one stack. */
export interface WorkerRequest {
    argv: string[];
}

/** A worker's answer: the plan's exit status and its stderr. */
export interface WorkerReply {
    code: number;
    stderr: string;
}

export function isWorkerReply(message: unknown): message is WorkerReply {
    const m = message as Partial<WorkerReply> | null;
    return typeof m === "object" && m !== null && Number.isInteger(m.code) && typeof m.stderr === "string";
}

/** Worker processes that plan stacks one after the other; `close` ends them all. */
export interface Workers {
    start: StartWorker;
    close: () => Promise<void>;
}

export interface WorkerOptions {
    /** `node`'s arguments that start one worker. Default: tsx's loader and `shardWorker.ts`. */
    nodeArgs?: readonly string[];
    /** Told the process id of each worker started (tests). */
    onSpawn?: (pid: number) => void;
}

/** How long `close` lets a worker end by itself before killing it. */
const CLOSE_GRACE_MS = 10_000;

interface Worker {
    child: ChildProcess;
    cwd: string;
    /** The stack being planned: how to answer it, and the process's stderr since it began. */
    task?: { resolve: (exit: WorkerExit) => void; stderr: string };
    /** Resolved once the process is gone (or never started). */
    gone: Promise<void>;
    /** `end` asked it to end. */
    ending?: boolean;
}

/**
 * Long-lived worker processes (`node shardWorker.ts`, with an IPC channel): each plans the stacks it is
 * sent one after the other, so starting Node, loading the program and warming it up are paid once per
 * worker rather than once per stack. There are never more workers than stacks planned at once (`pool`
 * limits them). A worker that dies during a stack fails that stack (its stderr and how it ended), is
 * dropped, and the next stack gets a new one.
 */
export function reusableWorkers(options: WorkerOptions = {}): Workers {
    const nodeArgs = options.nodeArgs ?? WORKER_NODE_ARGS;
    const idle: Worker[] = [];
    const all = new Set<Worker>();

    const take = (worker: Worker) => {
        const task = worker.task;
        worker.task = undefined;
        return task;
    };
    const notIdle = (worker: Worker) => {
        const index = idle.indexOf(worker);
        if (index >= 0) idle.splice(index, 1);
    };
    const gone = (worker: Worker) => {
        notIdle(worker);
        all.delete(worker);
    };

    const launch = (cwd: string): Worker => {
        const child = spawn(process.execPath, nodeArgs, { cwd, stdio: ["ignore", "ignore", "pipe", "ipc"] });
        let ended: () => void = () => undefined;
        const worker: Worker = { child, cwd, gone: new Promise((resolve) => (ended = resolve)) };
        all.add(worker);
        if (child.pid !== undefined) options.onSpawn?.(child.pid);
        child.stderr?.on("data", (chunk: Buffer) => {
            if (worker.task && worker.task.stderr.length < STDERR_KEPT) worker.task.stderr += chunk.toString("utf8");
        });
        child.on("message", (message: unknown) => {
            const task = take(worker);
            if (!task) return;
            idle.push(worker);
            task.resolve(isWorkerReply(message) ? { code: message.code, stderr: message.stderr } : { code: 2, stderr: "the worker gave an answer that is not a plan's end\n" });
        });
        child.on("disconnect", () => {
            notIdle(worker);
            // A worker that closed its channel itself can plan nothing more, nor answer: it is ended (its exit answers).
            if (!worker.ending) child.kill("SIGKILL");
        });
        child.on("error", (err) => {
            if (child.pid !== undefined) {
                // A running worker whose channel failed is ended: its exit answers the stack.
                child.kill("SIGKILL");
                return;
            }
            gone(worker);
            take(worker)?.resolve({ startError: err.message });
            ended();
        });
        // Its end, once it exited and its stderr is read to the end ("close" does not come when this side closed the channel).
        let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
        let stderrOpen = child.stderr !== null;
        const finish = () => {
            if (exited === undefined || stderrOpen) return;
            gone(worker);
            const task = take(worker);
            const how = exited.signal ? `by ${exited.signal}` : `with exit code ${exited.code}`;
            task?.resolve({ code: null, stderr: `${task.stderr}the worker ended ${how} before finishing this stack\n` });
            ended();
        };
        child.stderr?.on("close", () => {
            stderrOpen = false;
            finish();
        });
        child.on("exit", (code, signal) => {
            exited = { code, signal };
            finish();
        });
        return worker;
    };

    const start: StartWorker = (argv, cwd) =>
        new Promise((resolve) => {
            let worker = idle.pop();
            if (worker && worker.cwd !== cwd) {
                void end(worker);
                worker = undefined;
            }
            worker ??= launch(cwd);
            worker.task = { resolve, stderr: "" };
            const request: WorkerRequest = { argv: [...argv] };
            // A worker that cannot be sent the stack is ended: its exit (or "error") answers the stack.
            const child = worker.child;
            if (!child.connected) child.kill("SIGKILL");
            else child.send(request, (err) => err && child.kill("SIGKILL"));
        });

    /** Asks a worker to end (it ends when its channel closes), killing it if it does not. */
    const end = (worker: Worker): Promise<void> => {
        notIdle(worker);
        worker.ending = true;
        if (worker.child.connected) worker.child.disconnect();
        const timer = setTimeout(() => worker.child.kill("SIGKILL"), CLOSE_GRACE_MS);
        return worker.gone.finally(() => clearTimeout(timer));
    };

    return {
        start,
        close: async () => {
            await Promise.all([...all].map(end));
        },
    };
}

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
    /** Plans each stack. Default: `reusableWorkers()`, ended when the run ends. */
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
    const workers = io.startWorker ? undefined : reusableWorkers();
    const start = io.startWorker ?? workers!.start;
    try {
        const runs = await pool(
            found.stacks.map((stack) => () => planStack(stack, args, io.projectDir, dir, start)),
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
        // No worker outlives the run, whatever ended it.
        await workers?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
