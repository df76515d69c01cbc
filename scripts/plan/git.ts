/**
 * The base side of `--base <rev>`: the tenant files and the stack file at that revision, copied out
 * of git into a temporary folder so the program can run on them. Read-only for the repository.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { COMMAND_LINE } from "./errors";
import type { Checked } from "./inputs";

export interface BaseCheckout {
    /** Temporary project folder holding Pulumi.<stack>.yaml. */
    projectDir: string;
    /** Temporary folder holding the tenant files of the revision. */
    tenantsDir: string;
    /** True when Pulumi.<stack>.yaml came from the revision (false: it did not exist there, the current one is used). */
    stackFileFromBase: boolean;
    /** `<rev>:<path in the repository>` of the stack file, for messages. */
    stackFileLabel: string;
    /** `<rev>:<path in the repository>` of a file in `tenantsDir`, for messages. */
    label(file: string): string;
    /** Removes the temporary folder. */
    cleanup(): void;
}

function git(cwd: string, args: string[]): string {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
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

export function checkoutBase(rev: string, options: { projectDir: string; tenantsDir: string; stack: string }): Checked<BaseCheckout> {
    const problem = (message: string) => ({ ok: false as const, problems: [{ file: COMMAND_LINE, field: "--base", message }] });
    let top: string;
    try {
        top = git(options.projectDir, ["rev-parse", "--show-toplevel"]).trim();
    } catch {
        return problem(`${options.projectDir} is not inside a git repository`);
    }
    if (!gitOk(top, ["rev-parse", "--verify", "--quiet", `${rev}^{commit}`])) {
        return problem(`unknown git revision "${rev}" (in CI, fetch it first: git fetch origin <branch>)`);
    }
    const tenantsPath = repoPath(top, options.tenantsDir);
    if (tenantsPath.startsWith("..")) return problem(`the tenant folder ${options.tenantsDir} is outside the git repository`);
    const stackPath = [repoPath(top, options.projectDir), `Pulumi.${options.stack}.yaml`].filter((p) => p !== "").join("/");

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stoa-plan-base-"));
    const tenantsDir = path.join(dir, "tenants");
    fs.mkdirSync(tenantsDir);
    // ls-tree of "<folder>/" lists the folder's entries; a folder missing at the revision lists nothing.
    const listed = git(top, ["ls-tree", "--name-only", "-z", rev, "--", tenantsPath === "" ? "." : `${tenantsPath}/`])
        .split("\0")
        .filter((p) => /\.ya?ml$/.test(p) && !path.posix.basename(p).startsWith("."));
    for (const file of listed) {
        fs.writeFileSync(path.join(tenantsDir, path.posix.basename(file)), git(top, ["show", `${rev}:${file}`]));
    }
    const stackFileFromBase = gitOk(top, ["cat-file", "-e", `${rev}:${stackPath}`]);
    const stackText = stackFileFromBase
        ? git(top, ["show", `${rev}:${stackPath}`])
        : fs.readFileSync(path.join(options.projectDir, `Pulumi.${options.stack}.yaml`), "utf8");
    fs.writeFileSync(path.join(dir, `Pulumi.${options.stack}.yaml`), stackText);

    return {
        ok: true,
        value: {
            projectDir: dir,
            tenantsDir,
            stackFileFromBase,
            stackFileLabel: `${rev}:${stackPath}`,
            label: (file) => `${rev}:${[tenantsPath, path.basename(file)].filter((p) => p !== "").join("/")}`,
            cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
        },
    };
}
