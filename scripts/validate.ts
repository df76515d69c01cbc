/**
 * `npm run validate [-- [folder] [--stack <name>]]`: checks every tenant file without Pulumi.
 * Every problem of every file goes to stderr as `<file>: <field>: <message> (line L, column C)`.
 * Exit codes: 0 all valid, 1 a tenant file (or the stack file) has a problem, 2 usage error.
 * With `--stack`, the tenants are also checked against that stack's platform realm and namespace,
 * and the folder defaults to the stack's `tenantsDir`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { checkStackConfig, fileSystemFolder, formatTenantFileError, loadInput, readStackSource, retentionEnded, type ResolvedTenant, type StackSource } from "../components/model";

export const USAGE = "usage: npm run validate -- [folder] [--stack <name>]   (folder default: tenants, or the stack's tenantsDir)";

export interface ValidateIo {
    out(line: string): void;
    err(line: string): void;
    /** The clock that decides whether a retention period is over. Default: now. */
    now?: () => Date;
}

interface Args {
    folder?: string;
    stack?: string;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Args {
    const args: Args = {};
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--stack" || arg.startsWith("--stack=")) {
            const value = arg === "--stack" ? argv[++i] : arg.slice("--stack=".length);
            if (!value || value.startsWith("-")) throw new UsageError("--stack needs a stack name (dev, staging, prod)");
            args.stack = value;
        } else if (arg.startsWith("-")) {
            throw new UsageError(`unknown option ${arg}`);
        } else if (args.folder === undefined) {
            args.folder = arg;
        } else {
            throw new UsageError(`one folder at most (got ${args.folder} and ${arg})`);
        }
    }
    return args;
}

/** Pulumi.<stack>.yaml of the project, or its problems (a missing file is a usage error). */
function readStack(projectDir: string, stack: string): { source?: StackSource; problems: string[] } {
    const file = `Pulumi.${stack}.yaml`;
    if (!fs.existsSync(path.join(projectDir, file))) throw new UsageError(`${file}: no such stack file (expected Pulumi.<stack>.yaml)`);
    const read = readStackSource(path.join(projectDir, file), file);
    return read.ok ? { source: read.value, problems: [] } : { problems: read.problems.map(formatTenantFileError) };
}

/** What an archived tenant's data awaits: kept until a date, or a person's decision once that date is past. */
function retentionNote(tenant: ResolvedTenant, now: Date): string {
    if (!tenant.retainUntil) return "";
    const until = tenant.retainUntil.slice(0, 10);
    return retentionEnded(tenant, now) ? `retention ended ${until}: delete its data by hand, then retire the id` : `data kept until ${until}`;
}

function summary(tenants: readonly ResolvedTenant[], now: Date): string[] {
    const idWidth = Math.max(2, ...tenants.map((t) => t.id.length));
    return tenants.map((t) => {
        const notes = [t.productionWrite ? "production write" : "", retentionNote(t, now)].filter(Boolean);
        return `  ${t.id.padEnd(idWidth)}  ${t.tierName.padEnd(10)}  ${t.status.padEnd(9)}${notes.length ? `  (${notes.join(", ")})` : ""}`.trimEnd();
    });
}

/** The command, with its output and working directory injected so that tests can run it in-process. */
export async function validateCommand(argv: readonly string[], io: ValidateIo, cwd = process.cwd()): Promise<number> {
    try {
        if (argv.includes("--help") || argv.includes("-h")) {
            io.out(USAGE);
            return 0;
        }
        const args = parseArgs(argv);
        const stack = args.stack ? readStack(cwd, args.stack) : undefined;
        const stackConfig = stack?.source ? checkStackConfig(stack.source.file, stack.source.values).config : undefined;
        const folder = args.folder ?? stackConfig?.tenantsDir ?? "tenants";
        const dir = path.resolve(cwd, folder);
        if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`${folder}: tenant folder not found`);

        // The one loader, as the program and the plan run it; an absolute folder is shown as given.
        const label = path.isAbsolute(folder) ? dir : path.relative(process.cwd(), dir) || ".";
        const result = loadInput({ folder: fileSystemFolder(dir, label), stack: stack?.source, now: io.now?.() });
        const problems = [...(stack?.problems ?? []), ...result.problems.map(formatTenantFileError)];
        if (problems.length > 0) {
            for (const line of problems) io.err(line);
            io.err(`${problems.length} problem${problems.length === 1 ? "" : "s"} found; nothing is valid until all are fixed.`);
            return 1;
        }
        const tenants = result.tenants;
        const against = args.stack ? `, checked against stack ${args.stack}` : "";
        io.out(`${folder}: ${tenants.length} tenant file${tenants.length === 1 ? "" : "s"} valid${against}`);
        for (const line of summary(tenants, io.now?.() ?? new Date())) io.out(line);
        return 0;
    } catch (err) {
        if (!(err instanceof UsageError)) throw err;
        io.err(`${err.message}\n${USAGE}`);
        return 2;
    }
}

if (require.main === module) {
    validateCommand(process.argv.slice(2), { out: (line) => console.log(line), err: (line) => console.error(line) }).then(
        (code) => (process.exitCode = code),
        (err: unknown) => {
            console.error(err);
            process.exitCode = 2;
        },
    );
}
