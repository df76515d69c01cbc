/** The plan's output files in process: every refusal before planning, and the atomic write after it. */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkOutputs, writeOutputs, type OutputFile } from "../../scripts/plan/output";
import { removeTempDirs, tempDir } from "./helpers";

afterAll(removeTempDirs);

const out = (dir: string, given: string, flag = "--out"): OutputFile => ({ flag, given, file: path.join(dir, given) });
const lines = (problems: { file: string; field: string; message: string }[]) => problems.map((p) => `${p.file}: ${p.field}: ${p.message}`);

describe("checkOutputs", () => {
    const dir = tempDir("outputs");
    const tenantsDir = path.join(dir, "tenants");
    fs.mkdirSync(tenantsDir);
    fs.mkdirSync(path.join(dir, "folder.json"));
    fs.writeFileSync(path.join(dir, "file"), "x");
    fs.writeFileSync(path.join(dir, "config.json"), "{}");
    fs.symlinkSync(path.join(dir, "config.json"), path.join(dir, "link.json"));
    fs.symlinkSync(tenantsDir, path.join(dir, "tenants-link"));
    const context = { tenantsDir, inputs: [path.join(dir, "config.json")] };
    const check = (...outputs: OutputFile[]) => lines(checkOutputs(outputs, context));

    it("accepts a new file, in a folder that does not exist yet, and an existing regular file", () => {
        fs.writeFileSync(path.join(dir, "old.json"), "{}");
        expect(check(out(dir, "plan.json"), out(dir, "new/deeper/plan.md", "--markdown"))).toEqual([]);
        expect(check(out(dir, "old.json"))).toEqual([]);
    });

    it("refuses the tenant folder, by any spelling, project files, inputs, folders and special files", () => {
        expect(check(out(dir, "tenants/plan.json"))).toEqual(['(command line): --out: "tenants/plan.json" must not be inside the tenant folder (a plan file there would be read as a tenant file)']);
        expect(check(out(dir, "tenants"))).toEqual(['(command line): --out: "tenants" must not be inside the tenant folder (a plan file there would be read as a tenant file)']);
        expect(check(out(dir, "tenants-link/plan.json"))).toEqual(['(command line): --out: "tenants-link/plan.json" must not be inside the tenant folder (a plan file there would be read as a tenant file)']);
        expect(check(out(dir, "Pulumi.dev.yaml"))).toEqual(['(command line): --out: "Pulumi.dev.yaml" must not replace the project file Pulumi.dev.yaml']);
        expect(check(out(dir, "sub/package.json"))).toEqual(['(command line): --out: "sub/package.json" must not replace the project file package.json']);
        expect(check(out(dir, "tsconfig.json"), out(dir, "Pulumi.yml", "--markdown"))).toEqual([
            '(command line): --out: "tsconfig.json" must not replace the project file tsconfig.json',
            '(command line): --markdown: "Pulumi.yml" must not replace the project file Pulumi.yml',
        ]);
        expect(check(out(dir, "config.json"))).toEqual(['(command line): --out: "config.json" must not replace an input of this run']);
        expect(check(out(dir, "link.json"))).toEqual(['(command line): --out: "link.json" must not replace an input of this run']);
        expect(check(out(dir, "folder.json"))).toEqual(['(command line): --out: "folder.json" is a folder: give a path to a regular file']);
        expect(check({ flag: "--out", given: "/dev/null", file: "/dev/null" })).toEqual(['(command line): --out: "/dev/null" is a special file: give a path to a regular file']);
    });

    it("refuses a path through a file", () => {
        expect(check(out(dir, "file/plan.json"))).toEqual([`(command line): --out: "file/plan.json" cannot be written: ${path.join(dir, "file")} is not a folder`]);
    });

    it("refuses the same file twice, by any spelling", () => {
        expect(check(out(dir, "same.json"), out(dir, "./same.json", "--markdown"))).toEqual(["(command line): --markdown: must not be the same file as --out"]);
        expect(check(out(dir, "a.json"), out(dir, "b.json", "--markdown"))).toEqual([]);
    });
});

describe("writeOutputs", () => {
    it("writes every file, creating folders, and leaves no temporary file", () => {
        const dir = tempDir("write");
        expect(writeOutputs([
            { output: out(dir, "plan.json"), text: "{}\n" },
            { output: out(dir, "md/plan.md", "--markdown"), text: "# plan\n" },
        ])).toEqual([]);
        expect(fs.readFileSync(path.join(dir, "plan.json"), "utf8")).toBe("{}\n");
        expect(fs.readFileSync(path.join(dir, "md/plan.md"), "utf8")).toBe("# plan\n");
        expect(fs.readdirSync(dir).sort()).toEqual(["md", "plan.json"]);
        expect(fs.readdirSync(path.join(dir, "md"))).toEqual(["plan.md"]);
        expect(fs.statSync(path.join(dir, "plan.json")).mode & 0o777).toBe(0o644);
    });

    it("replaces nothing when a later file cannot be written, and removes the temporary files", () => {
        const dir = tempDir("write-fail");
        fs.writeFileSync(path.join(dir, "plan.json"), "old\n");
        fs.writeFileSync(path.join(dir, "blocker"), "x");
        expect(lines(writeOutputs([
            { output: out(dir, "plan.json"), text: "new\n" },
            { output: out(dir, "blocker/plan.md", "--markdown"), text: "# plan\n" },
        ]))).toEqual(['(command line): --markdown: "blocker/plan.md" could not be written (EEXIST); no plan file was written']);
        expect(fs.readFileSync(path.join(dir, "plan.json"), "utf8")).toBe("old\n");
        expect(fs.readdirSync(dir).sort()).toEqual(["blocker", "plan.json"]);
    });

    it("says which file was written when renaming a later one fails", () => {
        const dir = tempDir("rename-fail");
        fs.mkdirSync(path.join(dir, "taken.md"));
        fs.writeFileSync(path.join(dir, "taken.md", "inside"), "x");
        expect(lines(writeOutputs([
            { output: out(dir, "plan.json"), text: "new\n" },
            { output: out(dir, "taken.md", "--markdown"), text: "# plan\n" },
        ]))).toEqual(['(command line): --markdown: "taken.md" could not be written (EISDIR); --out was written']);
        expect(fs.readFileSync(path.join(dir, "plan.json"), "utf8")).toBe("new\n");
    });
});
