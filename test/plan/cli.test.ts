/** `npm run plan` as a user runs it: a child process, its exit status, its output and its files. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PROJECT_DIR, tempDir, removeTempDirs } from "./helpers";

afterAll(removeTempDirs);

function npmRunPlan(...args: string[]) {
    return spawnSync("npm", ["run", "--silent", "plan", "--", ...args], { cwd: PROJECT_DIR, encoding: "utf8", timeout: 120_000 });
}

describe("npm run plan", () => {
    it("plans the fixture tenants for a stack, exit 0, and writes the JSON", () => {
        const out = path.join(tempDir("cli"), "plan.json");
        const run = npmRunPlan("--stack", "dev", "--tenants", "test/plan/fixtures/tenants", "--out", out);
        expect(run.stderr).toBe("");
        expect(run.status).toBe(0);
        expect(run.stdout).toMatch(/^Offline plan for stack dev \(environment dev\): 2 tenants, \d+ resources$/m);
        expect(run.stdout).not.toContain("whk-7c1e5a93f2d84b06");
        const plan = JSON.parse(fs.readFileSync(out, "utf8")) as { stack: string; tenants: { id: string }[] };
        expect(plan.stack).toBe("dev");
        expect(plan.tenants.map((t) => t.id)).toEqual(["alpha", "bravo"]);
    });

    it("exits 2 on invalid tenant files, with every error on stderr", () => {
        const run = npmRunPlan("--stack", "staging", "--tenants", "test/plan/fixtures/invalid-tenants");
        expect(run.status).toBe(2);
        expect(run.stdout).toBe("");
        expect(run.stderr.split("\n").filter((l) => l.startsWith("test/plan/fixtures/invalid-tenants/"))).toHaveLength(3);
    });
});
