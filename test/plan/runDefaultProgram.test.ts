/**
 * Without `PlanIO.program`, `runPlan` runs the project's program (`stoaTenancy`) on the input it
 * loaded. The program itself is replaced here for one run (restored after): running it whole is the
 * job of plan.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import * as program from "../../components/program";
import { FIXTURES, plan, removeTempDirs, tempDir } from "./helpers";

afterAll(removeTempDirs);
afterEach(() => void vi.restoreAllMocks());

describe("runPlan's default program", () => {
    it("is stoaTenancy, given the loaded input", async () => {
        const given: unknown[] = [];
        vi.spyOn(program, "stoaTenancy").mockImplementation((options) => {
            given.push(options);
            return {} as never;
        });
        const out = path.join(tempDir("default-program"), "plan.json");
        const result = await plan(["--stack", "dev", "--tenants", path.join(FIXTURES, "tenants"), "--out", out], { policies: [] });
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
        expect(given).toHaveLength(1);
        const { input } = given[0] as { input: { stack: { environment: string }; tenants: { id: string }[] } };
        expect(input.stack.environment).toBe("dev");
        expect(input.tenants.map((t) => t.id)).toEqual(["alpha", "bravo"]);
        expect(fs.existsSync(out)).toBe(true);
    });
});
