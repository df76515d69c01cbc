/**
 * `--all-shards`' process details: the default number of workers follows what Node reports as usable
 * (replaced here for one call, restored after); the project folder itself is refused as an output for
 * what it is, and the workers' folder is removed even when gone. The worker processes: workers.test.ts.
 */
import * as fs from "node:fs";
import os from "node:os";
import { syncBuiltinESMExports } from "node:module";
import * as path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { defaultJobs, type StartWorker } from "../../scripts/plan/allShards";
import { PROJECT_DIR, plan, removeTempDirs, tempDir } from "./helpers";

afterAll(removeTempDirs);

const NO_PLAN = "No plan was written (exit 2).\n";
const USAGE_LINE = "usage: npm run plan -- --stack <dev|staging|prod> [--tenants <dir>] [--out <file.json>]";

/** A project with the one stack file Pulumi.dev.yaml. */
function project(): string {
    const dir = tempDir("all-shards-edges");
    fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), path.join(dir, "Pulumi.dev.yaml"));
    return dir;
}

describe("defaultJobs", () => {
    it("is the parallelism Node reports, not the number of cores", () => {
        const parallelism = vi.spyOn(os, "availableParallelism").mockReturnValue(7);
        const cpus = vi.spyOn(os, "cpus").mockReturnValue([]);
        syncBuiltinESMExports();
        let jobs: number;
        try {
            jobs = defaultJobs();
        } finally {
            parallelism.mockRestore();
            cpus.mockRestore();
            syncBuiltinESMExports();
        }
        expect(jobs).toBe(7);
    });
});

describe("runAllShards", () => {
    it("refuses the project folder as --out for being a folder, starting no worker", async () => {
        const started: string[] = [];
        const start: StartWorker = async (argv) => {
            started.push(argv.join(" "));
            return { code: 0, stderr: "" };
        };
        const result = await plan(["--stack", "dev", "--all-shards", "--out", "."], { cwd: project(), startWorker: start });
        expect(result).toEqual({ status: 2, stdout: "", stderr: `(command line): --out: "." is a folder: give a path to a regular file\n\n${USAGE_LINE}\n${NO_PLAN}` });
        expect(started).toEqual([]);
    });

    it("ends normally when a worker removed the workers' folder", async () => {
        const folders: string[] = [];
        const start: StartWorker = async (argv) => {
            const folder = path.dirname(argv[argv.indexOf("--out") + 1]);
            folders.push(folder);
            fs.rmSync(folder, { recursive: true, force: true });
            return { code: 0, stderr: "" };
        };
        const result = await plan(["--stack", "dev", "--all-shards", "--jobs", "1"], { cwd: project(), startWorker: start });
        expect(result).toEqual({
            status: 2,
            stdout: "Planning 1 stack of environment dev (dev) with 1 worker\n  dev: exit 2, 0 tenants, 0 resources\nWorst exit status: 2\n",
            stderr: "dev:\nthe worker wrote no plan\n",
        });
        expect(folders).toHaveLength(1);
        expect(fs.existsSync(folders[0])).toBe(false);
    });
});
