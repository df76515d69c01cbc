/**
 * `npm run plan`: checks every input, runs the program offline for one stack (and for the base
 * revision with `--base`), evaluates the policy pack, then writes the plan. Exit status: 0 no
 * mandatory violation, 1 at least one, 2 invalid input (every problem on stderr, nothing written).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Policy } from "@pulumi/policy";
import { TenantValidationError, loadRetired, retentionEnded, type ResolvedTenant } from "../../components/model";
import { stoaTenancy } from "../../components/program";
import { evaluatePolicies, policyVerdicts } from "../../policy-pack/offline";
import { PROJECT_NAME, runOffline, type OfflineRun } from "../offline/runtime";
import { USAGE, parsePlanArgs } from "./args";
import { EMPTY_SIDE, diffPlans, type PlanSide, type PlanWarning } from "./diff";
import { InvalidInputError, formatProblem, type InputProblem } from "./errors";
import { exitStatus } from "./format";
import { checkoutBase, type BaseCheckout } from "./git";
import { policyConfigForStack, readPolicyConfig, readStackInput, readTenants, type PolicyConfig, type StackInput } from "./inputs";
import { planResources, planTenants, sortViolations, type PlanDocument } from "./json";
import { renderMarkdown } from "./markdown";
import { renderSummary } from "./summary";
import { readTenantFiles, type TenantFileData } from "./tenantFiles";

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
}

export type ExitStatus = 0 | 1 | 2;

interface SideInput {
    projectDir: string;
    stack: string;
    stackInput: StackInput;
    tenantsDir: string;
    tenants: ResolvedTenant[];
    files: Map<string, TenantFileData>;
    /** The ids of the side's retired.yaml (already validated with the tenant files). */
    retired: ReadonlySet<string>;
}

/** Runs the program on one side; a TenantValidationError thrown by the program still means exit 2. */
async function runSide(side: SideInput): Promise<{ run: OfflineRun; plan: PlanSide }> {
    let run: OfflineRun;
    try {
        run = await runOffline({
            stack: side.stack,
            projectDir: side.projectDir,
            config: side.stackInput.raw,
            program: () => stoaTenancy({ tenantsDir: side.tenantsDir, projectDir: side.projectDir }),
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
    return { run, plan: { tenants: planTenants(side.tenants, resources, run.outputs), resources, files: side.files, retired: side.retired, secretDigests: run.secretDigests } };
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

function relabel(problems: InputProblem[], dir: string, label: (file: string) => string): InputProblem[] {
    return problems.map((p) => {
        const absolute = path.resolve(p.file);
        return absolute.startsWith(dir + path.sep) ? { ...p, file: label(absolute) } : p;
    });
}

/**
 * Checks the base revision's files the same way as the current ones. The current code may reject
 * files it accepted before (a stricter schema arriving with the fix): such a base file is left out
 * of the comparison with a warning, and an invalid base stack file is replaced by the current one,
 * so that a pull request repairing the base can still be planned.
 */
function baseSideInput(checkout: BaseCheckout, stack: string, current: StackInput): { side?: SideInput; problems: InputProblem[]; warnings: PlanWarning[] } {
    const warnings: PlanWarning[] = [];
    const baseWarning = (problems: InputProblem[], consequence: string): PlanWarning => ({
        kind: "base-invalid",
        tenant: null,
        message: `${problems.map(formatProblem).join("; ")}: invalid under the current code, ${consequence}.`,
    });
    let stackInput = current;
    if (checkout.stackFileFromBase) {
        const read = readStackInput(checkout.projectDir, stack, checkout.stackFileLabel);
        if (read.ok) stackInput = read.value;
        else warnings.push(baseWarning(read.problems, "so the base is planned with the current stack file"));
    }
    let tenants = readTenants(checkout.tenantsDir, stackInput.config);
    if (!tenants.ok) {
        const problems = relabel(tenants.problems, checkout.tenantsDir, checkout.label);
        const badFiles = [...new Set(tenants.problems.map((p) => path.resolve(p.file)))].filter((f) => f.startsWith(checkout.tenantsDir + path.sep));
        for (const file of badFiles) fs.rmSync(file, { force: true });
        tenants = readTenants(checkout.tenantsDir, stackInput.config);
        if (!tenants.ok || badFiles.length === 0) return { problems, warnings };
        warnings.push(baseWarning(problems, "so the comparison leaves those base files out (they show as added if they still exist)"));
    }
    return {
        problems: [],
        warnings,
        side: {
            projectDir: checkout.projectDir,
            stack,
            stackInput,
            tenantsDir: checkout.tenantsDir,
            tenants: tenants.value,
            files: readTenantFiles(checkout.tenantsDir, checkout.label),
            retired: new Set(loadRetired(checkout.tenantsDir).ids.keys()),
        },
    };
}

function writeFile(file: string, text: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
}

export async function runPlan(argv: readonly string[], io: PlanIO = {}): Promise<ExitStatus> {
    const stdout = io.stdout ?? ((text: string) => void process.stdout.write(text));
    const stderr = io.stderr ?? ((text: string) => void process.stderr.write(text));
    const invalid = (problems: InputProblem[]): ExitStatus => {
        stderr(`${problems.map(formatProblem).join("\n")}\n\n${USAGE.split("\n")[0]}\nNo plan was written (exit 2).\n`);
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
    const fromProject = (p: string) => path.resolve(projectDir, p);

    // Every input is checked before anything runs, and every problem is reported at once.
    const problems: InputProblem[] = [];
    const stackInput = readStackInput(projectDir, args.stack);
    if (!stackInput.ok) problems.push(...stackInput.problems);
    const tenantsDir = fromProject(args.tenants ?? (stackInput.ok ? stackInput.value.config.tenantsDir : "tenants"));
    const tenants = readTenants(tenantsDir, stackInput.ok ? stackInput.value.config : undefined);
    if (!tenants.ok) problems.push(...tenants.problems);
    let policyConfig: PolicyConfig = {};
    if (args.policyConfig) {
        const read = readPolicyConfig(fromProject(args.policyConfig), args.policyConfig);
        if (read.ok) policyConfig = read.value;
        else problems.push(...read.problems);
    }
    if (problems.length > 0 || !stackInput.ok || !tenants.ok) return invalid(problems);

    let checkout: BaseCheckout | undefined;
    try {
        let baseSide: SideInput | undefined;
        const baseWarnings: PlanWarning[] = [];
        if (args.base) {
            const result = checkoutBase(args.base, { projectDir, tenantsDir, stack: args.stack });
            if (!result.ok) return invalid(result.problems);
            checkout = result.value;
            const base = baseSideInput(checkout, args.stack, stackInput.value);
            if (!base.side) return invalid(base.problems);
            baseSide = base.side;
            baseWarnings.push(...base.warnings);
        }
        const headSide: SideInput = {
            projectDir,
            stack: args.stack,
            stackInput: stackInput.value,
            tenantsDir,
            tenants: tenants.value,
            files: readTenantFiles(tenantsDir, (file) => path.relative(projectDir, file)),
            retired: new Set(loadRetired(tenantsDir).ids.keys()),
        };

        const base = baseSide ? (await runSide(baseSide)).plan : EMPTY_SIDE;
        const head = await runSide(headSide);
        const policyOptions = { config: policyConfigForStack(policyConfig, stackInput.value.config), ...(io.policies ? { policies: io.policies } : {}) };
        const violations = await evaluatePolicies(
            head.plan.resources.map(({ tenant: _tenant, ...resource }) => resource),
            { ...policyOptions, stack: args.stack, project: PROJECT_NAME },
        );
        const { changes, warnings } = diffPlans(base, head.plan, args.base ?? null);
        const plan: PlanDocument = {
            stack: args.stack,
            environment: stackInput.value.config.environment,
            tenants: [...head.plan.tenants],
            resources: [...head.plan.resources],
            violations: sortViolations(violations),
            verdicts: policyVerdicts(violations, policyOptions),
            warnings: [...baseWarnings, ...warnings, ...leakWarnings(head.run, head.plan), ...retentionWarnings(headSide.tenants, io.now ?? new Date())],
            changes,
        };

        stdout(renderSummary(plan));
        if (args.out) {
            writeFile(fromProject(args.out), `${JSON.stringify(plan, null, 2)}\n`);
            stdout(`Plan written to ${args.out}\n`);
        }
        if (args.markdown) {
            writeFile(fromProject(args.markdown), renderMarkdown(plan));
            stdout(`Summary written to ${args.markdown}\n`);
        }
        return exitStatus(plan);
    } catch (err) {
        if (err instanceof InvalidInputError) return invalid(err.problems);
        throw err;
    } finally {
        checkout?.cleanup();
    }
}
