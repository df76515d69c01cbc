/**
 * The plan's documentation reaches the repository: `.gitignore` keeps local plan outputs
 * (`plan.md`, `plan.json` at the top) out of git without catching `docs/plan.md`.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_DIR } from "./helpers";

/** True when .gitignore's patterns match `file` (tracked or not). */
function ignored(file: string): boolean {
    const run = spawnSync("git", ["check-ignore", "--quiet", "--no-index", file], { cwd: PROJECT_DIR });
    if (run.status !== 0 && run.status !== 1) throw new Error(`git check-ignore failed: ${String(run.stderr)}`);
    return run.status === 0;
}

describe(".gitignore", () => {
    it("never ignores a document of docs/", () => {
        const docs = fs.readdirSync(path.join(PROJECT_DIR, "docs")).map((f) => `docs/${f}`);
        expect(docs).toContain("docs/plan.md");
        expect(docs.filter(ignored)).toEqual([]);
    });
    it("ignores the plan files a local run writes at the top", () => {
        expect(["plan.md", "plan.json"].filter(ignored)).toEqual(["plan.md", "plan.json"]);
    });
});
