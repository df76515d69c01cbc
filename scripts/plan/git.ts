/**
 * The base side of `--base <rev>`: the tenant folder and the stack file at that revision, read
 * straight from git's objects as a FolderSource, so the one loader judges them exactly like files
 * on disk (a symbolic link or a sub-folder at the revision is refused by its kind, an oversized
 * blob is never read). Read-only for the repository; nothing is copied anywhere.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { MAX_INPUT_FILE_BYTES, MAX_STACK_FILE_BYTES, decodeText, parseStackFile, type EntryKind, type FolderEntry, type FolderSource, type StackSource } from "../../components/model";
import { COMMAND_LINE, type InputProblem } from "./errors";
import type { Checked } from "./inputs";

export interface BaseRevision {
    /** The tenant folder at the revision (empty when it did not exist there). */
    folder: FolderSource;
    /** The stack file at the revision: its values, its problems, or undefined when the revision has none. */
    stack?: { ok: true; value: StackSource } | { ok: false; problems: InputProblem[] };
}

function git(cwd: string, args: string[], maxBuffer = 64 * 1024 * 1024): Buffer {
    return execFileSync("git", args, { cwd, stdio: ["ignore", "pipe", "pipe"], maxBuffer });
}

function gitOk(cwd: string, args: string[]): boolean {
    try {
        git(cwd, args);
        return true;
    } catch {
        return false;
    }
}

/** Git paths always use "/" and are relative to the repository's top folder. */
function repoPath(top: string, file: string): string {
    return path.relative(fs.realpathSync(top), fs.realpathSync(file)).split(path.sep).join("/");
}

const KINDS: Record<string, EntryKind> = { "100644": "file", "100755": "file", "120000": "symbolic link", "040000": "directory", "160000": "submodule" };

/** `git ls-tree -l -z` lines: `<mode> <type> <object> <size>\t<path>`. */
function treeEntries(top: string, rev: string, folder: string): { name: string; kind: EntryKind; object: string; size?: number }[] {
    const listing = git(top, ["ls-tree", "-l", "-z", rev, "--", folder === "" ? "." : `${folder}/`]).toString("utf8");
    return listing
        .split("\0")
        .filter(Boolean)
        .map((line) => {
            const tab = line.indexOf("\t");
            const [mode, , object, size] = line.slice(0, tab).split(/ +/);
            const kind = KINDS[mode] ?? "other";
            return { name: path.posix.basename(line.slice(tab + 1)), kind, object, size: kind === "file" ? Number(size) : undefined };
        });
}

/** A blob's content, never more than `max` bytes (the size was checked from the listing first). */
function readBlob(top: string, object: string, max: number): Buffer {
    return git(top, ["cat-file", "blob", object], max + 1);
}

export function openBase(rev: string, options: { projectDir: string; tenantsDir: string; stack: string }): Checked<BaseRevision> {
    const problem = (message: string) => ({ ok: false as const, problems: [{ file: COMMAND_LINE, field: "--base", message }] });
    let top: string;
    try {
        top = git(options.projectDir, ["rev-parse", "--show-toplevel"]).toString("utf8").trim();
    } catch {
        return problem(`${options.projectDir} is not inside a git repository`);
    }
    if (!gitOk(top, ["rev-parse", "--verify", "--quiet", `${rev}^{commit}`])) {
        return problem(`unknown git revision ${JSON.stringify(rev)} (in CI, fetch it first: git fetch origin <branch>)`);
    }
    if (!fs.existsSync(options.tenantsDir)) return problem(`the tenant folder ${options.tenantsDir} does not exist`);
    const tenantsPath = repoPath(top, options.tenantsDir);
    if (tenantsPath.startsWith("..")) return problem(`the tenant folder ${options.tenantsDir} is outside the git repository`);
    const label = (name: string) => `${rev}:${[tenantsPath, name].filter((p) => p !== "").join("/")}`;
    const folder: FolderSource = {
        label: `${rev}:${tenantsPath || "."}`,
        fileLabel: label,
        list: () => ({
            ok: true,
            entries: treeEntries(top, rev, tenantsPath).map(
                (entry): FolderEntry => ({ name: entry.name, kind: entry.kind, size: entry.size, read: () => readBlob(top, entry.object, MAX_INPUT_FILE_BYTES) }),
            ),
        }),
    };

    const stackPath = [repoPath(top, options.projectDir), `Pulumi.${options.stack}.yaml`].filter((p) => p !== "").join("/");
    const stackLabel = `${rev}:${stackPath}`;
    const [stackEntry] = treeEntries(top, rev, path.posix.dirname(stackPath) === "." ? "" : path.posix.dirname(stackPath)).filter(
        (entry) => entry.name === path.posix.basename(stackPath),
    );
    let stack: BaseRevision["stack"];
    if (stackEntry) {
        const fileProblem = (message: string) => ({ ok: false as const, problems: [{ file: stackLabel, field: "(file)", message }] });
        if (stackEntry.kind !== "file") stack = fileProblem(`is a ${stackEntry.kind}, not a regular file (not read)`);
        else if ((stackEntry.size ?? 0) > MAX_STACK_FILE_BYTES) stack = fileProblem(`is ${stackEntry.size} bytes: at most ${MAX_STACK_FILE_BYTES} (not read)`);
        else {
            const decoded = decodeText(readBlob(top, stackEntry.object, MAX_STACK_FILE_BYTES));
            if (!decoded.ok) stack = fileProblem(decoded.message);
            else {
                const parsed = parseStackFile(stackLabel, decoded.text);
                stack = parsed.ok ? { ok: true, value: { file: stackLabel, values: parsed.value } } : parsed;
            }
        }
    }
    return { ok: true, value: { folder, stack } };
}
