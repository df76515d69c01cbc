/**
 * The output checks' rarer cases: a path that is a symbolic link, a folder the process may not write
 * in, a file beside the tenant folder whose name starts like it, and one input among several; and a
 * temporary file name that is already taken (a planted symbolic link), which is never written through.
 * The random part of the temporary name is fixed by replacing `crypto.randomBytes` for one call. The tests run as root in CI, where every folder is writable, so the permission check is
 * made to fail by replacing `fs.accessSync` for one call (restored after).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import * as path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { checkOutputs, writeOutputs, type OutputFile } from "../../scripts/plan/output";
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

    it("accepts a file beside the tenant folder whose name starts like it", () => {
        const dir = tempDir("output-beside");
        fs.mkdirSync(path.join(dir, "tenants"));
        expect(lines(checkOutputs([out(dir, "tenants.json"), { flag: "--markdown", given: "tenants-plan/plan.md", file: path.join(dir, "tenants-plan/plan.md") }], { tenantsDir: path.join(dir, "tenants"), inputs: [] }))).toEqual([]);
    });

    it("refuses any one of several inputs", () => {
        const dir = tempDir("output-inputs");
        const inputs = ["Pulumi.dev.yaml", "policy.json", "other.json"].map((name) => path.join(dir, name));
        for (const input of inputs) fs.writeFileSync(input, "{}");
        expect(lines(checkOutputs([out(dir, "policy.json")], { tenantsDir: path.join(dir, "tenants"), inputs }))).toEqual(['(command line): --out: "policy.json" must not replace an input of this run']);
        expect(lines(checkOutputs([out(dir, "other.json")], { tenantsDir: path.join(dir, "tenants"), inputs }))).toEqual(['(command line): --out: "other.json" must not replace an input of this run']);
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

describe("writeOutputs", () => {
    it("never writes through a symbolic link planted at the temporary file's name", () => {
        const dir = tempDir("output-planted");
        const victim = path.join(dir, "victim.txt");
        fs.writeFileSync(victim, "keep\n");
        fs.symlinkSync(victim, path.join(dir, `.plan.json.${process.pid}.0badc0de.tmp`));
        const fixed = vi.spyOn(crypto, "randomBytes").mockImplementation(() => Buffer.from("0badc0de", "hex"));
        syncBuiltinESMExports();
        let problems: string[];
        try {
            problems = lines(writeOutputs([{ output: out(dir, "plan.json"), text: "{}\n" }]));
        } finally {
            fixed.mockRestore();
            syncBuiltinESMExports();
        }
        expect(problems).toEqual(['(command line): --out: "plan.json" could not be written (EEXIST); no plan file was written']);
        expect(fs.readFileSync(victim, "utf8")).toBe("keep\n");
        expect(fs.existsSync(path.join(dir, "plan.json"))).toBe(false);
    });
});
