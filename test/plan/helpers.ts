/** Shared by the plan tests: run `runPlan` with captured output, and build temporary project folders. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runPlan, type ExitStatus, type PlanIO } from "../../scripts/plan/run";

export const PROJECT_DIR = path.resolve(__dirname, "../..");
export const FIXTURES = path.join(__dirname, "fixtures");

export interface PlanResult {
    status: ExitStatus;
    stdout: string;
    stderr: string;
}

export async function plan(argv: string[], io: Omit<PlanIO, "stdout" | "stderr"> = {}): Promise<PlanResult> {
    let stdout = "";
    let stderr = "";
    const status = await runPlan(argv, { cwd: PROJECT_DIR, ...io, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { status, stdout, stderr };
}

const tempDirs: string[] = [];

export function tempDir(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `stoa-plan-test-${prefix}-`));
    tempDirs.push(dir);
    return dir;
}

/** For `afterAll`: removes every folder `tempDir` made in this test file. */
export function removeTempDirs(): void {
    for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A project folder holding a copy of Pulumi.dev.yaml, with `edit` applied to its text. */
export function tempProject(prefix: string, edit: (stackFile: string) => string = (s) => s): string {
    const dir = tempDir(prefix);
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), edit(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8")));
    return dir;
}

export function copyDir(from: string, to: string): void {
    fs.mkdirSync(to, { recursive: true });
    for (const file of fs.readdirSync(from)) fs.copyFileSync(path.join(from, file), path.join(to, file));
}

/** Whether a process of that id still exists (signal 0 checks without sending anything). */
export function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}
