/** `--all-shards` in process: which stacks an environment has, the worker pool, the default number of workers. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultJobs, pool, stacksOfEnvironment } from "../../scripts/plan/allShards";
import { PROJECT_DIR, removeTempDirs, tempDir } from "./helpers";

afterAll(removeTempDirs);

const DEV_STACK = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8");
const shard = (name: string) => `${DEV_STACK.trimEnd()}\n  stoa-tenancy:shard: ${name}\n  stoa-tenancy:platformStack: organization/stoa-tenancy/dev\n`;

describe("stacksOfEnvironment", () => {
    const dir = tempDir("all-shards");
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), DEV_STACK);
    fs.writeFileSync(path.join(dir, "Pulumi.dev-b.yaml"), shard("dev-b"));
    fs.writeFileSync(path.join(dir, "Pulumi.dev-a.yaml"), shard("dev-a"));
    fs.writeFileSync(path.join(dir, "Pulumi.staging.yaml"), fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.staging.yaml")));
    fs.writeFileSync(path.join(dir, "Pulumi.broken.yaml"), "config: [");

    it("takes every stack of the environment a stack belongs to", () => {
        expect(stacksOfEnvironment(dir, "dev-b")).toEqual({ ok: true, environment: "dev", stacks: ["dev", "dev-a", "dev-b"] });
        expect(stacksOfEnvironment(dir, "staging")).toEqual({ ok: true, environment: "staging", stacks: ["staging"] });
    });

    it("takes an environment's name when no stack has that name", () => {
        const only = tempDir("all-shards-env");
        fs.writeFileSync(path.join(only, "Pulumi.dev-a.yaml"), shard("dev-a"));
        expect(stacksOfEnvironment(only, "dev")).toEqual({ ok: true, environment: "dev", stacks: ["dev-a"] });
    });

    it("refuses a name that is neither, and an environment without a valid stack file", () => {
        expect(stacksOfEnvironment(dir, "qa")).toEqual({
            ok: false,
            problems: [{ file: "(command line)", field: "--stack", message: '"qa" is neither a valid stack file nor an environment (dev, staging, prod)' }],
        });
        expect(stacksOfEnvironment(dir, "broken")).toEqual({
            ok: false,
            problems: [{ file: "(command line)", field: "--stack", message: '"broken" is neither a valid stack file nor an environment (dev, staging, prod)' }],
        });
        expect(stacksOfEnvironment(dir, "prod")).toEqual({ ok: false, problems: [{ file: "(command line)", field: "--stack", message: "environment prod has no valid stack file" }] });
    });
});

describe("pool", () => {
    /** Tasks that record how many run at once; each finishes after the next tick. */
    function tasks(count: number) {
        let running = 0;
        let most = 0;
        const list = Array.from({ length: count }, (_, i) => async () => {
            running++;
            most = Math.max(most, running);
            await new Promise((resolve) => setImmediate(resolve));
            running--;
            return `task-${i}`;
        });
        return { list, most: () => most };
    }

    it("runs at most `jobs` tasks at a time and keeps their order", async () => {
        const t = tasks(5);
        expect(await pool(t.list, 2)).toEqual(["task-0", "task-1", "task-2", "task-3", "task-4"]);
        expect(t.most()).toBe(2);
    });

    it("runs every task at once when there are fewer tasks than jobs, one at a time with one job", async () => {
        const wide = tasks(3);
        expect(await pool(wide.list, 8)).toEqual(["task-0", "task-1", "task-2"]);
        expect(wide.most()).toBe(3);
        const narrow = tasks(3);
        expect(await pool(narrow.list, 1)).toEqual(["task-0", "task-1", "task-2"]);
        expect(narrow.most()).toBe(1);
    });

    it("gives an empty list for no tasks", async () => {
        expect(await pool([], 4)).toEqual([]);
    });
});

describe("defaultJobs", () => {
    it("is one worker per core the process may use", () => {
        expect(defaultJobs()).toBe(os.availableParallelism());
    });
});
