/**
 * `--all-shards`' worker processes (`reusableWorkers`), with a small worker script of the test's own
 * instead of the plan (its commands are the first argument it is sent): one process plans stack after
 * stack, never more processes than stacks at once, a worker that dies fails its stack only and is
 * replaced, and `close` leaves no process behind. The worker entry's own answer (`planOneStack`) is
 * tested in process; the real workers planning real stacks: shards.test.ts.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { reusableWorkers, type Workers } from "../../scripts/plan/allShards";
import { planOneStack } from "../../scripts/plan/shardWorker";
import { FIXTURES, PROJECT_DIR, alive, removeTempDirs, tempDir } from "./helpers";

afterAll(removeTempDirs);

/** A worker as the plan's: answers each `{ argv }` with `{ code, stderr }`, ends when its channel closes. */
const FAKE_WORKER = `
const fs = require("node:fs");
let hungUp = false;
process.on("message", ({ argv }) => {
    const [command, arg] = argv;
    if (command === "answer") process.send({ code: Number(arg), stderr: process.cwd() + " " + process.pid });
    else if (command === "stdio") process.send({ code: 0, stderr: [0, 1].map((fd) => (fs.fstatSync(fd).isFIFO() || fs.fstatSync(fd).isSocket() ? "pipe" : "no pipe")).join(", ") });
    else if (command === "kill") process.kill(process.pid, "SIGKILL");
    else if (command === "exit") { process.stderr.write("out of luck\\n"); process.exit(3); }
    else if (command === "flood") { for (let i = 0; i < 50; i++) process.stderr.write("x".repeat(10000)); process.exit(2); }
    else if (command === "nonsense") process.send({ hello: "parent" });
    else if (command === "hang up") { hungUp = true; setInterval(() => undefined, 1000); process.disconnect(); }
});
process.on("disconnect", () => hungUp || process.exit(0));
`;

/** Workers running FAKE_WORKER, and the process id of each one started. */
function fakeWorkers(): { workers: Workers; pids: number[] } {
    const pids: number[] = [];
    return { workers: reusableWorkers({ nodeArgs: ["-e", FAKE_WORKER], onSpawn: (pid) => pids.push(pid) }), pids };
}

describe("reusableWorkers", () => {
    it("plans stack after stack in one process, in the folder it is given, with the worker's answers", async () => {
        const dir = tempDir("workers");
        const { workers, pids } = fakeWorkers();
        try {
            const first = await workers.start(["answer", "0"], dir);
            const second = await workers.start(["answer", "1"], dir);
            const third = await workers.start(["answer", "2"], dir);
            expect(pids).toHaveLength(1);
            const where = `${fs.realpathSync(dir)} ${pids[0]}`;
            expect([first, second, third]).toEqual([
                { code: 0, stderr: where },
                { code: 1, stderr: where },
                { code: 2, stderr: where },
            ]);
        } finally {
            await workers.close();
        }
        expect(alive(pids[0])).toBe(false);
    });

    it("starts a second process only for a stack planned while the first is busy", async () => {
        const dir = tempDir("workers-two");
        const { workers, pids } = fakeWorkers();
        try {
            const both = await Promise.all([workers.start(["answer", "0"], dir), workers.start(["answer", "0"], dir)]);
            expect(pids).toHaveLength(2);
            expect(both.map((exit) => ("stderr" in exit ? exit.stderr.split(" ")[1] : ""))).toEqual(pids.map(String));
            await workers.start(["answer", "0"], dir);
            await workers.start(["answer", "0"], dir);
            expect(pids).toHaveLength(2);
        } finally {
            await workers.close();
        }
        expect(pids.filter(alive)).toEqual([]);
    });

    it("gives the worker neither a standard input nor a pipe for its standard output", async () => {
        const { workers } = fakeWorkers();
        try {
            expect(await workers.start(["stdio"], os.tmpdir())).toEqual({ code: 0, stderr: "no pipe, no pipe" });
        } finally {
            await workers.close();
        }
    });

    it("fails only the stack whose worker a signal killed, and plans the next one in a new process", async () => {
        const { workers, pids } = fakeWorkers();
        try {
            expect(await workers.start(["kill"], os.tmpdir())).toEqual({ code: null, stderr: "the worker ended by SIGKILL before finishing this stack\n" });
            expect(await workers.start(["answer", "0"], os.tmpdir())).toEqual({ code: 0, stderr: `${fs.realpathSync(os.tmpdir())} ${pids[1]}` });
            expect(pids).toHaveLength(2);
            expect(alive(pids[0])).toBe(false);
        } finally {
            await workers.close();
        }
        expect(pids.filter(alive)).toEqual([]);
    });

    it("gives what a worker that exits mid-stack wrote on stderr, and how it ended, even an exit code 0 or 1", async () => {
        const { workers } = fakeWorkers();
        try {
            expect(await workers.start(["exit"], os.tmpdir())).toEqual({ code: null, stderr: "out of luck\nthe worker ended with exit code 3 before finishing this stack\n" });
        } finally {
            await workers.close();
        }
    });

    it("keeps about the first 100,000 characters of a stack's stderr", async () => {
        const { workers } = fakeWorkers();
        try {
            const exit = await workers.start(["flood"], os.tmpdir());
            if ("startError" in exit) throw new Error(exit.startError);
            expect(exit.code).toBe(null);
            expect(exit.stderr.length).toBeGreaterThanOrEqual(100_000);
            expect(exit.stderr.length).toBeLessThan(200_000);
            expect(exit.stderr.endsWith("xthe worker ended with exit code 2 before finishing this stack\n")).toBe(true);
        } finally {
            await workers.close();
        }
    });

    it("ends a worker that closes its channel mid-stack, fails that stack, and plans the next one in a new process", async () => {
        const { workers, pids } = fakeWorkers();
        try {
            expect(await workers.start(["hang up"], os.tmpdir())).toEqual({ code: null, stderr: "the worker ended by SIGKILL before finishing this stack\n" });
            expect(await workers.start(["answer", "0"], os.tmpdir())).toEqual({ code: 0, stderr: `${fs.realpathSync(os.tmpdir())} ${pids[1]}` });
        } finally {
            await workers.close();
        }
        expect(pids.filter(alive)).toEqual([]);
    });

    it("is exit 2 for an answer that is not a plan's end", async () => {
        const { workers } = fakeWorkers();
        try {
            expect(await workers.start(["nonsense"], os.tmpdir())).toEqual({ code: 2, stderr: "the worker gave an answer that is not a plan's end\n" });
        } finally {
            await workers.close();
        }
    });

    it("says why a worker could not start, and closes without waiting for it", async () => {
        const { workers, pids } = fakeWorkers();
        try {
            expect(await workers.start(["answer", "0"], path.join(os.tmpdir(), "stoa-no-such-folder"))).toEqual({ startError: expect.stringContaining("ENOENT") });
            expect(pids).toEqual([]);
        } finally {
            await workers.close();
        }
    });

    it("starts a new process in another folder and ends the one of the old folder", async () => {
        const [a, b] = [tempDir("workers-a"), tempDir("workers-b")];
        const { workers, pids } = fakeWorkers();
        try {
            expect(await workers.start(["answer", "0"], a)).toEqual({ code: 0, stderr: `${fs.realpathSync(a)} ${pids[0]}` });
            expect(await workers.start(["answer", "0"], b)).toEqual({ code: 0, stderr: `${fs.realpathSync(b)} ${pids[1]}` });
            expect(pids).toHaveLength(2);
        } finally {
            await workers.close();
        }
        expect(pids.filter(alive)).toEqual([]);
    });
});

describe("planOneStack (the worker's answer)", () => {
    it("is runPlan's exit status and stderr, its stdout dropped", async () => {
        expect(await planOneStack(["--stack", "dev", "--jobs", "2"])).toEqual({
            code: 2,
            stderr:
                "(command line): --jobs: is only for --all-shards\n\nusage: npm run plan -- --stack <dev|staging|prod> [--tenants <dir>] [--out <file.json>]\nNo plan was written (exit 2).\n",
        });
        expect(await planOneStack(["--help"])).toEqual({ code: 0, stderr: "" });
    });

    it("makes a throw that escapes runPlan exit 2 with a one-line reason", async () => {
        const reply = await planOneStack(["--stack", "dev", "--tenants", path.join(FIXTURES, "tenants")], {
            cwd: PROJECT_DIR,
            policies: [],
            program: () => ({}),
            onPhase: () => {
                throw new Error("phase observer failed\n    at somewhere");
            },
        });
        expect(reply).toEqual({ code: 2, stderr: "plan failed: phase observer failed\n" });
    });
});
