/**
 * The output checks' rarer refusals: a path that is a symbolic link, and a folder the process may not
 * write in. The tests run as root in CI, where every folder is writable, so the permission check is
 * made to fail by replacing `fs.accessSync` for one call (restored after).
 */
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import * as path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { checkOutputs, type OutputFile } from "../../scripts/plan/output";
import { removeTempDirs, tempDir } from "./helpers";

afterAll(removeTempDirs);

const out = (dir: string, given: string): OutputFile => ({ flag: "--out", given, file: path.join(dir, given) });
const lines = (problems: { file: string; field: string; message: string }[]) => problems.map((p) => `${p.file}: ${p.field}: ${p.message}`);

describe("checkOutputs", () => {
    it("refuses a symbolic link, even to a regular file that is no input", () => {
        const dir = tempDir("output-link");
        fs.writeFileSync(path.join(dir, "real.json"), "{}");
        fs.symlinkSync(path.join(dir, "real.json"), path.join(dir, "plan.json"));
        expect(lines(checkOutputs([out(dir, "plan.json")], { tenantsDir: path.join(dir, "tenants"), inputs: [] }))).toEqual([
            '(command line): --out: "plan.json" is a symbolic link: give a path to a regular file',
        ]);
    });

    it("refuses a path whose nearest existing folder may not be written in", () => {
        const dir = tempDir("output-access");
        const asked: unknown[][] = [];
        const denied = vi.spyOn(fs, "accessSync").mockImplementation((...args) => {
            asked.push(args);
            throw Object.assign(new Error(`EACCES: permission denied, access '${dir}'`), { code: "EACCES" });
        });
        syncBuiltinESMExports();
        let problems: string[];
        try {
            problems = lines(checkOutputs([out(dir, "new/plan.json")], { tenantsDir: path.join(dir, "tenants"), inputs: [] }));
        } finally {
            denied.mockRestore();
            syncBuiltinESMExports();
        }
        expect(problems).toEqual([`(command line): --out: "new/plan.json" cannot be written: no permission to write in ${dir}`]);
        expect(asked).toEqual([[dir, fs.constants.W_OK]]);
        // Restored: the same path is accepted again.
        expect(checkOutputs([out(dir, "new/plan.json")], { tenantsDir: path.join(dir, "tenants"), inputs: [] })).toEqual([]);
    });
});
