/**
 * `npm run plan`: checks every input, runs the program offline for one stack (and for the base
 * revision with `--base`), evaluates the policy pack, then writes the plan. Exit status: 0 no
 * mandatory violation, 1 at least one, 2 invalid input (every problem on stderr, nothing written).
 */
import * as path from "node:path";
import type { Policy } from "@pulumi/policy";
import { SHARDS_FILE, TenantValidationError, checkStackConfig, fileSystemFolder, loadInput, retentionEnded, shardMoves, type LoadedInput, type ResolvedTenant, type StackSource } from "../../components/model";
import { stoaTenancy } from "../../components/program";
import { evaluatePolicies, policyVerdicts } from "../../policy-pack/offline";
import { collectGarbage } from "../offline/gc";
import { PROJECT_NAME, runOffline, type OfflineRun } from "../offline/runtime";
import { runAllShards, type StartWorker } from "./allShards";
import { USAGE, parsePlanArgs } from "./args";
import { EMPTY_SIDE, diffPlans, type PlanSide, type PlanWarning } from "./diff";
import { COMMAND_LINE, InvalidInputError, formatProblem, type InputProblem } from "./errors";
import { exitStatus } from "./format";
import { openBase, type BaseRevision } from "./git";
import { environmentShards, offlineStack, policyConfigForStack, readPolicyConfig, readStackInput, type PolicyConfig } from "./inputs";
import { planResources, planTenants, sortViolations, type PlanDocument } from "./json";
import { renderMarkdown } from "./markdown";
import { checkOutputs, writeOutputs, type OutputFile } from "./output";
import { renderSummary } from "./summary";

export interface PlanIO {
    /** The project folder (holds Pulumi.<stack>.yaml); relative paths are resolved from it. Default: the working directory. */
    cwd?: string;
    /** Default: process.stdout. */
    stdout?: (text: string) => void;
    /** Default: process.stderr. */
    stderr?: (text: string) => void;
    /** Policies to evaluate instead of the whole pack (tests). */
    policies?: readonly Policy[];
    /** The clock that decides whether an archived tenant's retention is over. Default: now. */
    now?: Date;
    /** The program run on each side's loaded input. Default: the project's program (`stoaTenancy`); tests give their own. */
    program?: (input: LoadedInput) => unknown;
    /** Told how long each phase took, in wall and CPU seconds (load, program, policies, report): `npm run bench`. */
    onPhase?: (phase: "load" | "program" | "policies" | "report", seconds: number, cpuSeconds: number) => void;
    /** With `--all-shards`: plans each stack. Default: at most `--jobs` worker processes reused from stack to stack (`reusableWorkers`); tests give their own. */
    startWorker?: StartWorker;
}

export type ExitStatus = 0 | 1 | 2;

interface SideInput {
    projectDir: string;
    stack: string;
    /** The stack file's values (what the program is given as configuration). */
    stackSource: StackSource;
    /** The one loader's result; its problems were handled before (exit 2, or a base-invalid warning). */
    input: LoadedInput;
}

/** Runs the program on one side's loaded input; a TenantValidationError thrown by the program still means exit 2. */
async function runSide(side: SideInput, program: (input: LoadedInput) => unknown): Promise<{ run: OfflineRun; plan: PlanSide }> {
    let run: OfflineRun;
    try {
        run = await runOffline({
            stack: side.stack,
            projectDir: side.projectDir,
            config: side.stackSource.values.raw,
            program: () => program(side.input),
        });
    } catch (err) {
        if (err instanceof TenantValidationError) throw new InvalidInputError(err.errors);
        // One line per problem: a multi-line message (e.g. a list of tenants) is joined.
        const message = (err instanceof Error ? err.message : String(err))
            .split("\n")
            .map((line) => line.trim())
            .filter(Boolean)
            .join(" ");
        throw new InvalidInputError([{ file: "(program)", field: side.stack, message: `the program failed: ${message}` }]);
    }
    const resources = planResources(run);
    const { tenants, documents, retiredIds, retired } = side.input;
    return {
        run,
        plan: {
            tenants: planTenants(tenants, resources, run.outputs),
            resources,
            files: documents,
            retired: new Set(retiredIds.keys()),
            retainUntil: new Map(tenants.filter((t) => t.retainUntil !== undefined).map((t) => [t.id, t.retainUntil!])),
            retiredAt: new Map(retired.map((entry) => [entry.id, entry.retired_at])),
            secretDigests: run.secretDigests,
        },
    };
}

function leakWarnings(run: OfflineRun, plan: PlanSide): PlanWarning[] {
    return run.secretLeaks.map((leak) => ({
        kind: "secret-in-clear",
        tenant: (leak.urn && plan.resources.find((r) => r.urn === leak.urn)?.tenant) ?? null,
        message:
            `a secret value appears in clear in ${leak.urn === null ? "the stack outputs" : `the inputs of ${leak.urn}`} at ${leak.path || "(value)"}: ` +
            "Pulumi would store it in plain text. Wrap it with pulumi.secret (it is redacted in this plan).",
    }));
}

/** Archived tenants whose retention period is over: their data awaits a person's decision. */
export function retentionWarnings(tenants: readonly ResolvedTenant[], now: Date): PlanWarning[] {
    return tenants
        .filter((t) => retentionEnded(t, now))
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((t) => ({
            kind: "retention-ended",
            tenant: t.id,
            message:
                `tenant "${t.id}" is archived and its retention period ended on ${t.retainUntil!.slice(0, 10)}: its data (namespace, realm, schema, backups) ` +
                "is still kept, and nothing deletes it automatically. Delete it by hand if no hold applies, then remove the file and retire the id (docs/tenant-file.md).",
        }));
}

/**
 * Tenants that change shard. A move named in shards.yaml (`moved_from`) is a warning with the
 * procedure, in the two shards concerned; a shard that changes without it is refused (exit 2): adding
 * or renaming a stack never moves a tenant by accident.
 */
export function shardMoveFindings(base: LoadedInput | undefined, head: LoadedInput, shardsFile: string): { warnings: PlanWarning[]; problems: InputProblem[] } {
    const stack = head.stack;
    if (!stack) return { warnings: [], problems: [] };
    const moves = shardMoves(base?.shards ?? new Map(), head.shards, stack.environment);
    const problems: InputProblem[] = moves
        .filter((m) => !m.explicit)
        .map((m) => ({
            file: shardsFile,
            field: `${stack.environment}.${m.tenant}`,
            message:
                `tenant "${m.tenant}" moves from shard ${m.from} to ${m.to} without an explicit move: write { shard: ${m.to}, moved_from: ${m.from} } ` +
                "and follow the move procedure (docs/shards.md), or keep its shard",
        }));
    const concerned = (m: { from: string; to: string }) => stack.shard === undefined || stack.shard === m.from || stack.shard === m.to;
    const warnings: PlanWarning[] = moves
        .filter((m) => m.explicit && concerned(m))
        .map((m) => ({
            kind: "shard-move",
            tenant: m.tenant,
            message:
                `tenant "${m.tenant}" moves from shard ${m.from} to ${m.to}: before deploying, move its resources with ` +
                `\`pulumi state move --source <org>/<project>/${m.from} --dest <org>/<project>/${m.to} <its URNs>\`, then deploy ${m.to} (it adopts them, no replacement) ` +
                `and ${m.from} (its removal guard lets the tenant go); remove moved_from afterwards (docs/shards.md).`,
        }));
    return { warnings, problems };
}

/**
 * Loads the base revision with the same loader as the current files. The current code may reject
 * files it accepted before (a stricter schema arriving with the fix): such a base file is left out
 * of the comparison with a warning, and an invalid base stack file is replaced by the current one,
 * so that a pull request repairing the base can still be planned.
 */
function baseSideInput(base: BaseRevision, current: SideInput, now: Date): { side: SideInput; warnings: PlanWarning[] } {
    const warnings: PlanWarning[] = [];
    const baseWarning = (problems: InputProblem[], consequence: string): PlanWarning => ({
        kind: "base-invalid",
        tenant: null,
        message: `${problems.map(formatProblem).join("; ")}: invalid under the current code, ${consequence}.`,
    });
    let stackSource = current.stackSource;
    if (base.stack) {
        const checked = base.stack.ok ? checkStackConfig(base.stack.value.file, offlineStack(base.stack.value).values) : { problems: base.stack.problems };
        if (base.stack.ok && checked.problems.length === 0) stackSource = offlineStack(base.stack.value);
        else warnings.push(baseWarning(checked.problems, "so the base is planned with the current stack file"));
    }
    const loaded = loadInput({ folder: base.folder, stack: stackSource, now });
    let input = loaded;
    if (loaded.problems.length > 0) {
        const badFiles = new Set(loaded.problems.map((p) => p.file));
        const tenants = loaded.tenants.filter((t) => !badFiles.has(t.sourceFile));
        input = { ...loaded, tenants, documents: new Map([...loaded.documents].filter(([id]) => tenants.some((t) => t.id === id))), problems: [] };
        warnings.push(baseWarning(loaded.problems, "so the comparison leaves those base files out (they show as added if they still exist)"));
    }
    return { warnings, side: { projectDir: current.projectDir, stack: current.stack, stackSource, input } };
}

export async function runPlan(argv: readonly string[], io: PlanIO = {}): Promise<ExitStatus> {
    const stdout = io.stdout ?? ((text: string) => void process.stdout.write(text));
    const stderr = io.stderr ?? ((text: string) => void process.stderr.write(text));
    const invalid = (problems: InputProblem[]): ExitStatus => {
        // The usage line helps with a command-line mistake only, not with a tenant file's.
        const usage = problems.some((p) => p.file === COMMAND_LINE) ? `\n${USAGE.split("\n")[0]}` : "";
        stderr(`${problems.map(formatProblem).join("\n")}\n${usage}\nNo plan was written (exit 2).\n`);
        return 2;
    };

    const parsed = parsePlanArgs(argv);
    if (!parsed.ok) return invalid(parsed.problems);
    const args = parsed.args;
    if (args.help) {
        stdout(`${USAGE}\n`);
        return 0;
    }
    const projectDir = path.resolve(io.cwd ?? process.cwd());
    if (args.allShards) return runAllShards(args, { projectDir, stdout, stderr, invalid, startWorker: io.startWorker });
    const fromProject = (p: string) => path.resolve(projectDir, p);
    const now = io.now ?? new Date();
    let phaseStart = process.hrtime.bigint();
    let phaseCpu = process.cpuUsage();
    const phase = (name: "load" | "program" | "policies" | "report") => {
        const end = process.hrtime.bigint();
        const cpu = process.cpuUsage(phaseCpu);
        io.onPhase?.(name, Number(end - phaseStart) / 1e9, (cpu.user + cpu.system) / 1e6);
        phaseStart = end;
        phaseCpu = process.cpuUsage();
    };

    // Every input is checked before anything runs, and every problem is reported at once.
    const problems: InputProblem[] = [];
    const stackRead = readStackInput(projectDir, args.stack);
    if (!stackRead.ok) problems.push(...stackRead.problems);
    const stackConfig = stackRead.ok ? checkStackConfig(stackRead.value.file, stackRead.value.values).config : undefined;
    const tenantsDir = fromProject(args.tenants ?? stackConfig?.tenantsDir ?? "tenants");
    // The one loader, as validate and the program run it: the stack and every tenant file, read once.
    const input = loadInput({
        folder: fileSystemFolder(tenantsDir, path.relative(process.cwd(), tenantsDir) || "."),
        stack: stackRead.ok ? stackRead.value : undefined,
        now,
        knownShards: stackConfig ? environmentShards(projectDir, stackConfig.environment) : undefined,
    });
    problems.push(...input.problems);
    let policyConfig: PolicyConfig = {};
    if (args.policyConfig) {
        const read = readPolicyConfig(fromProject(args.policyConfig), args.policyConfig);
        if (read.ok) policyConfig = read.value;
        else problems.push(...read.problems);
    }
    const outputs: OutputFile[] = [
        ...(args.out ? [{ flag: "--out", given: args.out, file: fromProject(args.out) }] : []),
        ...(args.markdown ? [{ flag: "--markdown", given: args.markdown, file: fromProject(args.markdown) }] : []),
    ];
    problems.push(
        ...checkOutputs(outputs, {
            tenantsDir,
            inputs: [path.join(projectDir, `Pulumi.${args.stack}.yaml`), path.join(projectDir, "Pulumi.yaml"), ...(args.policyConfig ? [fromProject(args.policyConfig)] : [])],
        }),
    );
    if (problems.length > 0 || !stackRead.ok || !input.stack) return invalid(problems);

    try {
        const headSide: SideInput = { projectDir, stack: args.stack, stackSource: stackRead.value, input };
        let baseSide: SideInput | undefined;
        const baseWarnings: PlanWarning[] = [];
        if (args.base) {
            const opened = openBase(args.base, { projectDir, tenantsDir, stack: args.stack });
            if (!opened.ok) return invalid(opened.problems);
            const base = baseSideInput(opened.value, headSide, now);
            baseSide = base.side;
            baseWarnings.push(...base.warnings);
        }
        const moves = shardMoveFindings(baseSide?.input, input, path.join(path.relative(process.cwd(), tenantsDir) || ".", SHARDS_FILE));
        if (moves.problems.length > 0) return invalid(moves.problems);
        baseWarnings.push(...moves.warnings);

        phase("load");
        const program = io.program ?? ((loaded: LoadedInput) => stoaTenancy({ input: loaded }));
        const base = baseSide ? (await runSide(baseSide, program)).plan : EMPTY_SIDE;
        // The base run's garbage is collected before the current run grows the heap again (a third less peak memory).
        if (baseSide) collectGarbage();
        const head = await runSide(headSide, program);
        phase("program");
        const stack = input.stack;
        const policyOptions = { config: policyConfigForStack(policyConfig, stack), ...(io.policies ? { policies: io.policies } : {}) };
        const violations = await evaluatePolicies(
            head.plan.resources.map(({ tenant: _tenant, ...resource }) => resource),
            { ...policyOptions, stack: args.stack, project: PROJECT_NAME },
        );
        phase("policies");
        const diffed = diffPlans(base, head.plan, args.base ?? null, now);
        const { changes } = diffed;
        // A tenant moved to another shard leaves this stack's state by `pulumi state move`: not a removal nor a delete (shard-move says so).
        const movedAway = new Set(input.movedAway);
        const removalKinds = new Set(["removed-live-tenant", "unretired-id", "protected-delete"]);
        const warnings = diffed.warnings.filter((w) => !(removalKinds.has(w.kind) && w.tenant !== null && movedAway.has(w.tenant)));
        const plan: PlanDocument = {
            stack: args.stack,
            environment: stack.environment,
            tenants: [...head.plan.tenants],
            resources: [...head.plan.resources],
            violations: sortViolations(violations),
            verdicts: policyVerdicts(violations, policyOptions),
            warnings: [...baseWarnings, ...warnings, ...leakWarnings(head.run, head.plan), ...retentionWarnings(input.tenants, now)],
            changes,
        };

        // Written before anything is printed: a failure here is exit 2 with nothing written and no summary.
        const texts: Record<string, string> = { "--out": `${JSON.stringify(plan, null, 2)}\n`, "--markdown": renderMarkdown(plan) };
        const writeProblems = writeOutputs(outputs.map((output) => ({ output, text: texts[output.flag] })));
        if (writeProblems.length > 0) return invalid(writeProblems);
        stdout(renderSummary(plan));
        phase("report");
        if (args.out) stdout(`Plan written to ${args.out}\n`);
        if (args.markdown) stdout(`Summary written to ${args.markdown}\n`);
        return exitStatus(plan);
    } catch (err) {
        if (err instanceof InvalidInputError) return invalid(err.problems);
        throw err;
    }
}
