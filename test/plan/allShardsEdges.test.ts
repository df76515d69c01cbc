/**
 * `--all-shards`' process details: the default number of workers follows what Node reports as usable
 * (replaced here for one call, restored after), and a worker gets no standard input and no pipe for
 * its standard output, which nobody reads and which would block the worker once full.
 */
import os from "node:os";
import { syncBuiltinESMExports } from "node:module";
import { describe, expect, it, vi } from "vitest";
import { defaultJobs, spawnWorker } from "../../scripts/plan/allShards";

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

describe("spawnWorker", () => {
    it("gives the worker neither a standard input nor a pipe for its standard output", async () => {
        const script = "const fs = require('node:fs'); process.stderr.write([0, 1].map((fd) => (fs.fstatSync(fd).isFIFO() || fs.fstatSync(fd).isSocket() ? 'pipe' : 'no pipe')).join(', '))";
        expect(await spawnWorker(["-e", script], os.tmpdir())).toEqual({ code: 0, stderr: "no pipe, no pipe" });
    });
});
