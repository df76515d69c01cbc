/**
 * One measurement of `npm run bench`, in its own process so that its peak RSS is its own:
 *
 *   plan <projectDir> <resources.json>   runs `npm run plan -- --stack dev` on the project, writes the
 *                                         registered resources for the bare replay
 *   bare <projectDir> <resources.json>   registers the same resources (types, names, inputs, parents,
 *                                         options; components with their inputs too) with the bare SDK under
 *                                         the same mocks, each through the class that defines its type
 *   generic <projectDir> <resources.json> the same through one bare CustomResource class (a floor; `replay.ts`)
 *
 * A replay that registers other inputs than the plan did fails: the comparison would mean nothing.
 *
 * Prints one JSON line: { seconds, cpuSeconds, mainCpuSeconds, resources, maxRssMiB, phases, phasesCpu } (phases in wall and CPU seconds).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runPlan } from "../plan/run";
import { runOffline } from "../offline/runtime";
import type { PlanDocument } from "../plan/json";
import { differingInputs, replayProgram, type ReplayMode, type ReplayResource } from "./replay";

const maxRssMiB = () => process.resourceUsage().maxRSS / 1024;
/** CPU seconds of this process so far (user + system): less disturbed than wall time on a busy machine. */
const cpuSeconds = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
};

/**
 * CPU seconds of this process's main thread so far (Linux: /proc, in USER_HZ ticks of 1/100 s). The
 * process figure above adds V8's helper threads (parallel and concurrent garbage collection) and tsx's
 * loader thread, whose share varies from run to run with how the collections fall: the main thread's is
 * steadier. NaN where /proc is not there.
 */
const mainThreadCpuSeconds = () => {
    try {
        const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
        return NaN;
    }
};

async function plan(projectDir: string, resourcesFile: string) {
    const phases: Record<string, number> = {};
    const phasesCpu: Record<string, number> = {};
    const out = path.join(projectDir, "plan.json");
    const started = process.hrtime.bigint();
    const cpuBefore = cpuSeconds();
    const mainBefore = mainThreadCpuSeconds();
    const status = await runPlan(["--stack", "dev", "--out", out], { cwd: projectDir, stdout: () => undefined, stderr: (t) => process.stderr.write(t), onPhase: (p, s, cpu) => ((phases[p] = s), (phasesCpu[p] = cpu)) });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = cpuSeconds();
    const mainCpu = mainThreadCpuSeconds() - mainBefore;
    const rss = maxRssMiB();
    if (status === 2) throw new Error("the plan refused the synthetic project");
    const doc = JSON.parse(fs.readFileSync(out, "utf8")) as PlanDocument;
    const replay: ReplayResource[] = doc.resources.map((r) => ({ urn: r.urn, type: r.type, name: r.name, parent: r.parent, inputs: r.inputs, protect: r.protect, retainOnDelete: r.retainOnDelete }));
    fs.writeFileSync(resourcesFile, JSON.stringify(replay));
    return { seconds, cpuSeconds: cpu - cpuBefore, mainCpuSeconds: mainCpu, resources: doc.resources.length, maxRssMiB: rss, phases, phasesCpu };
}

async function bare(projectDir: string, resourcesFile: string, mode: ReplayMode) {
    const replay = JSON.parse(fs.readFileSync(resourcesFile, "utf8")) as ReplayResource[];
    const cpuBefore = cpuSeconds();
    const mainBefore = mainThreadCpuSeconds();
    const started = process.hrtime.bigint();
    const run = await runOffline({ stack: "dev", projectDir, program: replayProgram(replay, mode) });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = cpuSeconds() - cpuBefore;
    const mainCpu = mainThreadCpuSeconds() - mainBefore;
    const differing = differingInputs(replay, run.resources);
    if (differing.length > 0) throw new Error(`the ${mode} replay registered other inputs than the plan for ${differing.length} resources, e.g. ${differing[0]}`);
    return { seconds, cpuSeconds: cpu, mainCpuSeconds: mainCpu, resources: run.resources.length, maxRssMiB: maxRssMiB(), phases: {}, phasesCpu: {} };
}

async function main() {
    const [mode, projectDir, resourcesFile] = process.argv.slice(2);
    if (mode !== "plan" && mode !== "bare" && mode !== "generic") throw new Error(`unknown mode ${mode} (plan, bare or generic)`);
    const result = mode === "plan" ? await plan(projectDir, resourcesFile) : await bare(projectDir, resourcesFile, mode === "bare" ? "classes" : "generic");
    process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
});
