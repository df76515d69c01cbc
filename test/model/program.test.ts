/**
 * One bad tenant file stops the program before any resource is registered. runOffline rethrows the
 * program's error before returning what it recorded, so a stack transformation of our own counts
 * every resource the program tries to register.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { TenantValidationError, fileSystemFolder, formatTenantFileError, loadInput } from "../../components/model";
import { stoaTenancy } from "../../components/program";
import { runOffline } from "../../scripts/offline/runtime";
import { PROJECT_DIR, fixtureDir } from "./helpers";

/** The program over `tenantsDir`, recording the name of every resource it registers. */
function recordingProgram(tenantsDir: string, registered: string[], now?: Date) {
    return () => {
        pulumi.runtime.registerStackTransformation((args) => {
            registered.push(`${args.type}::${args.name}`);
            return undefined;
        });
        return stoaTenancy({ tenantsDir, now });
    };
}

describe("the program with a bad tenant file", () => {
    it("throws a TenantValidationError naming the file and registers no resource", async () => {
        const registered: string[] = [];
        const error = await runOffline({ stack: "dev", projectDir: PROJECT_DIR, program: recordingProgram(fixtureDir("one-bad"), registered) }).then(
            () => undefined,
            (err: unknown) => err,
        );
        expect(error).toBeInstanceOf(TenantValidationError);
        const errors = (error as TenantValidationError).errors;
        expect(errors).toEqual([expect.objectContaining({ file: expect.stringMatching(/one-bad\/broken\.yaml$/), field: "settings.quotas.max_apis" })]);
        expect((error as Error).message).toContain("broken.yaml: settings.quotas.max_apis: 11 is above the community tier's ceiling of 10");
        expect(registered).toEqual([]);
    });

    it("(control) registers resources when every file is valid, so the count above can fail", async () => {
        const registered: string[] = [];
        const run = await runOffline({ stack: "dev", projectDir: PROJECT_DIR, program: recordingProgram(fixtureDir("valid"), registered) });
        expect(registered.length).toBeGreaterThan(0);
        expect(run.resources.length).toBe(registered.length);
    });
});

describe("the program with a hostile tenant folder", () => {
    it("refuses exactly what the loader refuses, with the same lines, and registers nothing", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stoa-program-hostile-"));
        try {
            fs.copyFileSync(path.join(fixtureDir("valid"), "minimal.yaml"), path.join(dir, "minimal.yaml"));
            fs.symlinkSync("/proc/self/environ", path.join(dir, "env.yaml"));
            fs.mkdirSync(path.join(dir, "y.yaml"));
            fs.writeFileSync(path.join(dir, "cpu.yaml"), fs.readFileSync(path.join(fixtureDir("valid"), "minimal.yaml"), "utf8").replace(/^id: .*$/m, "id: cpu") + "settings:\n  resources:\n    cpu: 1e1\n");
            const now = new Date("2026-12-01T00:00:00Z");
            const registered: string[] = [];
            const error = await runOffline({ stack: "dev", projectDir: PROJECT_DIR, program: recordingProgram(dir, registered, now) }).then(
                () => undefined,
                (err: unknown) => err,
            );
            expect(error).toBeInstanceOf(TenantValidationError);
            const lines = (error as TenantValidationError).errors.map(formatTenantFileError);
            const expected = loadInput({ folder: fileSystemFolder(dir, path.relative(process.cwd(), dir)), now }).problems.map(formatTenantFileError);
            expect(lines).toEqual(expected);
            expect((error as TenantValidationError).errors.map((e) => path.basename(e.file))).toEqual(["env.yaml", "y.yaml", "cpu.yaml"]);
            expect(registered).toEqual([]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
