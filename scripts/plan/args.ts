/** The command line of `npm run plan`, parsed and checked; every problem is reported, not just the first. */
import { parseArgs } from "node:util";
import { COMMAND_LINE, type InputProblem } from "./errors";

export interface PlanArgs {
    /** Stack name: reads Pulumi.<stack>.yaml. */
    stack: string;
    /** Folder of tenant files; default: the stack's `tenantsDir` (tenants/). */
    tenants?: string;
    /** Where to write the plan as JSON. */
    out?: string;
    /** Where to write the pull-request summary as Markdown. */
    markdown?: string;
    /** Git revision to compare with (e.g. origin/main). */
    base?: string;
    /** Per-policy configuration (JSON), like `pulumi preview --policy-pack-config`. */
    policyConfig?: string;
    /** Plan every stack of the environment `stack` names, in parallel workers, as one report. */
    allShards: boolean;
    /** Workers for --all-shards; default one per core. */
    jobs?: number;
    help: boolean;
}

export const USAGE = `usage: npm run plan -- --stack <dev|staging|prod> [--tenants <dir>] [--out <file.json>]
                     [--markdown <file.md>] [--base <git-rev>] [--policy-config <file.json>]
       npm run plan -- --stack <stack|environment> --all-shards [--jobs <n>] [the same options]

Runs the program offline (Pulumi's mock runtime: no CLI, no servers, no credentials) for one stack,
evaluates the policy pack on what it registers, and prints a summary. With --all-shards, plans every
stack of the environment (the platform's stack and each shard) in parallel worker processes and
writes one merged plan (--out) and one pull-request comment (--markdown); the exit status is the worst.
Exit status: 0 no mandatory violation, 1 at least one mandatory violation, 2 invalid input.
See docs/plan.md.`;

const OPTIONS = {
    stack: { type: "string" },
    tenants: { type: "string" },
    out: { type: "string" },
    markdown: { type: "string" },
    base: { type: "string" },
    "policy-config": { type: "string" },
    "all-shards": { type: "boolean" },
    jobs: { type: "string" },
    help: { type: "boolean", short: "h" },
} as const;

/** Stack names become file names: keep them to what Pulumi allows. */
const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export type ParsedArgs = { ok: true; args: PlanArgs } | { ok: false; problems: InputProblem[] };

export function parsePlanArgs(argv: readonly string[]): ParsedArgs {
    let values: Record<string, string | boolean | undefined>;
    try {
        ({ values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
    } catch (err) {
        return { ok: false, problems: [{ file: COMMAND_LINE, field: "(arguments)", message: (err as Error).message.split("\n")[0] }] };
    }
    const problems: InputProblem[] = [];
    const text = (name: keyof typeof OPTIONS): string | undefined => {
        const value = values[name];
        if (value === "") problems.push({ file: COMMAND_LINE, field: `--${name}`, message: "must not be empty" });
        return typeof value === "string" && value !== "" ? value : undefined;
    };
    const args: PlanArgs = {
        stack: text("stack") ?? "",
        tenants: text("tenants"),
        out: text("out"),
        markdown: text("markdown"),
        base: text("base"),
        policyConfig: text("policy-config"),
        allShards: values["all-shards"] === true,
        help: values.help === true,
    };
    const jobs = text("jobs");
    if (jobs !== undefined) {
        if (!/^[1-9][0-9]{0,2}$/.test(jobs) || Number(jobs) > 256) problems.push({ file: COMMAND_LINE, field: "--jobs", message: `"${jobs}" is not a number of workers (1 to 256)` });
        else if (!args.allShards) problems.push({ file: COMMAND_LINE, field: "--jobs", message: "is only for --all-shards" });
        else args.jobs = Number(jobs);
    }
    if (args.help) return { ok: true, args };
    if (!args.stack && values.stack === undefined) {
        problems.push({ file: COMMAND_LINE, field: "--stack", message: "is required (dev, staging or prod)" });
    } else if (args.stack && !STACK_NAME.test(args.stack)) {
        problems.push({ file: COMMAND_LINE, field: "--stack", message: `"${args.stack}" is not a stack name` });
    }
    if (args.base?.startsWith("-")) problems.push({ file: COMMAND_LINE, field: "--base", message: `"${args.base}" is not a git revision` });
    if (args.out && args.markdown && args.out === args.markdown) {
        problems.push({ file: COMMAND_LINE, field: "--markdown", message: "must not be the same file as --out" });
    }
    return problems.length > 0 ? { ok: false, problems } : { ok: true, args };
}
