/**
 * The plan's output files (`--out`, `--markdown`): checked before anything is planned, written
 * atomically after. A path inside the tenant folder, over a stack or project file, over an input
 * of this run, or where nothing can be written is refused up front (exit 2, nothing written). Each
 * file is written to a temporary file beside it and renamed into place only once every file has
 * been written, so a failure leaves the old files as they were.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { COMMAND_LINE, type InputProblem } from "./errors";

export interface OutputFile {
    /** The flag it came from, e.g. `--out`. */
    flag: string;
    /** As typed, for messages. */
    given: string;
    /** Absolute path. */
    file: string;
}

export interface OutputContext {
    /** The tenant folder (absolute): nothing is ever written inside it. */
    tenantsDir: string;
    /** Files this run reads (stack file, policy configuration): never overwritten. */
    inputs: readonly string[];
}

/** Project files an output must never replace, whatever folder they are in. */
const PROJECT_FILE = /^(Pulumi(\.[^/]+)?\.ya?ml|package(-lock)?\.json|tsconfig\.json)$/;

/** The path with every existing ancestor's symbolic links resolved, so two spellings of one file compare equal. */
function canonical(file: string): string {
    const missing: string[] = [];
    let current = path.resolve(file);
    for (;;) {
        try {
            return path.join(fs.realpathSync(current), ...missing.reverse());
        } catch {
            const parent = path.dirname(current);
            if (parent === current) return path.resolve(file);
            missing.push(path.basename(current));
            current = parent;
        }
    }
}

const inside = (file: string, dir: string) => file === dir || file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);

/** Why `output` cannot be written, or undefined. Reads the file system; writes nothing. */
function outputProblem(output: OutputFile, context: OutputContext): string | undefined {
    const target = canonical(output.file);
    if (inside(target, canonical(context.tenantsDir)) || inside(path.resolve(output.file), path.resolve(context.tenantsDir))) {
        return "must not be inside the tenant folder (a plan file there would be read as a tenant file)";
    }
    if (PROJECT_FILE.test(path.basename(target))) return `must not replace the project file ${path.basename(target)}`;
    if (context.inputs.some((input) => canonical(input) === target)) return "must not replace an input of this run";
    let stat: fs.Stats | undefined;
    try {
        stat = fs.lstatSync(output.file);
    } catch {
        stat = undefined;
    }
    if (stat && !stat.isFile()) return `is a ${stat.isDirectory() ? "folder" : stat.isSymbolicLink() ? "symbolic link" : "special file"}: give a path to a regular file`;
    // The nearest existing folder must be a folder we may write in (missing folders are created).
    let dir = path.dirname(path.resolve(output.file));
    for (;;) {
        let dirStat: fs.Stats | undefined;
        try {
            dirStat = fs.statSync(dir);
        } catch {
            dirStat = undefined;
        }
        if (dirStat) {
            if (!dirStat.isDirectory()) return `cannot be written: ${dir} is not a folder`;
            try {
                fs.accessSync(dir, fs.constants.W_OK);
            } catch {
                return `cannot be written: no permission to write in ${dir}`;
            }
            return undefined;
        }
        const parent = path.dirname(dir);
        if (parent === dir) return "cannot be written: no existing folder on its path";
        dir = parent;
    }
}

/** Every problem with the output paths, before anything is planned. */
export function checkOutputs(outputs: readonly OutputFile[], context: OutputContext): InputProblem[] {
    const problems: InputProblem[] = [];
    for (const output of outputs) {
        const problem = outputProblem(output, context);
        if (problem) problems.push({ file: COMMAND_LINE, field: output.flag, message: `${JSON.stringify(output.given)} ${problem}` });
    }
    const [first, second] = outputs;
    if (first && second && canonical(first.file) === canonical(second.file)) {
        problems.push({ file: COMMAND_LINE, field: second.flag, message: `must not be the same file as ${first.flag}` });
    }
    return problems;
}

/** Removes a temporary file if it exists; a failure to clean up never hides the error being reported. */
function removeQuietly(file: string): void {
    try {
        fs.rmSync(file, { force: true });
    } catch {
        // nothing was created there
    }
}

/** Writes every file atomically (temporary file, then rename); on any failure nothing is replaced and the problem is returned. */
export function writeOutputs(files: readonly { output: OutputFile; text: string }[]): InputProblem[] {
    const written: { temp: string; output: OutputFile }[] = [];
    const failed = (output: OutputFile, err: unknown): InputProblem[] => {
        for (const { temp } of written) removeQuietly(temp);
        const code = (err as NodeJS.ErrnoException).code;
        return [{ file: COMMAND_LINE, field: output.flag, message: `${JSON.stringify(output.given)} could not be written (${code ?? (err as Error).message}); no plan file was written` }];
    };
    for (const { output, text } of files) {
        const temp = path.join(path.dirname(output.file), `.${path.basename(output.file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
        try {
            fs.mkdirSync(path.dirname(output.file), { recursive: true });
            fs.writeFileSync(temp, text, { flag: "wx", mode: 0o644 });
            written.push({ temp, output });
        } catch (err) {
            removeQuietly(temp);
            return failed(output, err);
        }
    }
    for (const [index, { temp, output }] of written.entries()) {
        try {
            fs.renameSync(temp, output.file);
        } catch (err) {
            // Renames within one folder do not fail in practice; the files renamed before stay written.
            return failed(output, err).map((p) => (index > 0 ? { ...p, message: p.message.replace("no plan file was written", `${written[0].output.flag} was written`) } : p));
        }
    }
    return [];
}
