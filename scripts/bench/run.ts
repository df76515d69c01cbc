/**
 * `npm run bench`, by hand (not part of `npm test` or CI: the figures depend on the machine).
 *
 *   npm run bench [-- <tenant counts…>] [--repeat R]         default 10 100 400 1000; medians of R runs
 *   npm run bench -- --all-shards <tenants> [--shards S] [--jobs J]
 *
 * For each count: a synthetic project (mixed tiers and statuses), then in separate processes the plan
 * (`npm run plan -- --stack dev`) and a bare-SDK replay of the very resources the plan registered
 * (same types, names, inputs, parents and options; no project logic) under the same mocks, each
 * resource through the class that defines its type; and the generic floor, the same resources through
 * one bare class (`replay.ts`). Prints one Markdown row per count: wall and CPU seconds, resources,
 * peak RSS, the ratios, and the policy evaluation's share of the plan; and the machine's load average.
 * `--all-shards` times `npm run plan -- --all-shards` on a sharded project under /usr/bin/time -v
 * (the largest process's peak RSS).
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { PROGRAM_NODE_FLAGS } from "../plan/nodeFlags";
import { medianMeasure, type Measure } from "./measure";
import { writeProject, writeShardedProject } from "./synthetic";

const PROJECT_DIR = path.resolve(__dirname, "../..");
const TSX = pathToFileURL(require.resolve("tsx")).href;


const load = () => os.loadavg()[0].toFixed(1);

function worker(mode: "plan" | "bare" | "generic", projectDir: string, resourcesFile: string): Measure | { failed: string } {
    const result = spawnSync(process.execPath, [...PROGRAM_NODE_FLAGS, "--import", TSX, path.join(__dirname, "worker.ts"), mode, projectDir, resourcesFile], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    // The first line says why (the plan's own problem lines come before the worker's stack trace).
    if (result.status !== 0 && /heap out of memory/.test(result.stderr)) return { failed: "out of memory: past Node's heap limit" };
    if (result.status !== 0) return { failed: (result.stderr || `exit ${result.status ?? result.signal}`).split("\n").filter(Boolean)[0] ?? "failed" };
    return JSON.parse(result.stdout.trim().split("\n").pop()!) as Measure;
}

function measureCount(count: number, repeat: number): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stoa-bench-"));
    try {
        writeProject(dir, PROJECT_DIR, count);
        const resources = path.join(dir, "resources.json");
        const loadBefore = load();
        // The three kinds in turn, `repeat` times: a change in the machine's load touches all three alike.
        const runs: Record<"plan" | "bare" | "generic", Measure[]> = { plan: [], bare: [], generic: [] };
        for (let round = 0; round < repeat; round++) {
            for (const mode of ["plan", "bare", "generic"] as const) {
                const measure = worker(mode, dir, resources);
                if ("failed" in measure) return `| ${count} | | ${mode} failed: ${measure.failed} | | | | | | | | | | load ${loadBefore} |`;
                runs[mode].push(measure);
            }
        }
        const [plan, bare, generic] = [medianMeasure(runs.plan), medianMeasure(runs.bare), medianMeasure(runs.generic)];
        const policyShare = (100 * (plan.phases.policies ?? 0)) / plan.seconds;
        const policyCpuShare = (100 * (plan.phasesCpu.policies ?? 0)) / plan.cpuSeconds;
        const timed = (m: Measure) => `${m.seconds.toFixed(1)} s (${m.cpuSeconds.toFixed(1)} s CPU)`;
        return (
            `| ${count} | ${plan.resources} | ${timed(plan)} | ${timed(bare)} | ` +
            `${(plan.seconds / bare.seconds).toFixed(2)} | ${(plan.cpuSeconds / bare.cpuSeconds).toFixed(2)} | ${(plan.maxRssMiB / 1024).toFixed(2)} GB | ${(bare.maxRssMiB / 1024).toFixed(2)} GB | ` +
            `${policyShare.toFixed(0)} % (${policyCpuShare.toFixed(0)} % CPU) | ${(plan.mainCpuSeconds / bare.mainCpuSeconds).toFixed(2)} (${plan.mainCpuSeconds.toFixed(1)} / ${bare.mainCpuSeconds.toFixed(1)} s) | ` +
            `${timed(generic)} | ${(plan.cpuSeconds / generic.cpuSeconds).toFixed(2)} | ${loadBefore} → ${load()} |`
        );
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

function measureAllShards(count: number, shards: number, jobs: number): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stoa-bench-shards-"));
    try {
        writeShardedProject(dir, PROJECT_DIR, count, shards);
        const loadBefore = load();
        const started = process.hrtime.bigint();
        const argv = ["-v", process.execPath, ...PROGRAM_NODE_FLAGS, "--import", TSX, path.join(PROJECT_DIR, "scripts/plan.ts"), "--stack", "dev", "--all-shards", "--jobs", String(jobs), "--out", path.join(dir, "merged.json")];
        const result = spawnSync("/usr/bin/time", argv, { cwd: dir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const rssKiB = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)?.[1] ?? NaN);
        const statusLine = result.stdout.split("\n").find((l) => l.startsWith("Worst exit status")) ?? `exit ${result.status}`;
        return `| ${count} | ${shards} + platform | ${jobs} | ${seconds.toFixed(0)} s | ${(rssKiB / 1024 / 1024).toFixed(2)} GB | ${statusLine} | ${loadBefore} → ${load()} |`;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

function machine(): string {
    const cpus = os.cpus();
    let commit = "";
    try {
        commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: PROJECT_DIR, encoding: "utf8" }).trim();
    } catch {
        commit = "(no git)";
    }
    return `${cpus.length} × ${cpus[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, commit ${commit}, ${new Date().toISOString()}`;
}

function main() {
    const args = process.argv.slice(2);
    console.log(`Machine: ${machine()}\n`);
    const at = args.indexOf("--all-shards");
    if (at >= 0) {
        const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
        console.log("| Tenants | Stacks | Jobs | Wall | Largest process peak RSS | Result | Load (1 min) |");
        console.log("|--:|---|--:|--:|--:|---|---|");
        console.log(measureAllShards(Number(args[at + 1] ?? 2000), option("--shards", 8), option("--jobs", os.availableParallelism())));
        return;
    }
    const repeatAt = args.indexOf("--repeat");
    const repeat = repeatAt >= 0 ? Number(args.splice(repeatAt, 2)[1]) : 1;
    if (!Number.isInteger(repeat) || repeat < 1) throw new Error("--repeat takes a positive whole number");
    const counts = args.map(Number).filter((n) => Number.isInteger(n) && n > 0);
    if (repeat > 1) console.log(`Each figure is the median of ${repeat} runs.\n`);
    console.log("| Tenants | Resources | Plan | Bare SDK | Ratio (wall) | Ratio (CPU) | Plan peak RSS | Bare peak RSS | Policy share | Ratio (main-thread CPU) | Generic floor | Ratio to floor (CPU) | Load (1 min) |");
    console.log("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|");
    for (const count of counts.length > 0 ? counts : [10, 100, 400, 1000]) console.log(measureCount(count, repeat));
}

main();
