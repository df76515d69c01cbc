/** The program's node flags are the same wherever it runs: `npm run plan`, `pulumi preview`/`up`. */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { pathToFileURL } from "node:url";
import { WORKER_NODE_ARGS } from "../../scripts/plan/allShards";
import { PROGRAM_NODE_FLAGS } from "../../scripts/plan/nodeFlags";
import { PROJECT_DIR } from "./helpers";

describe("the program's node flags", () => {
    it("are a 128 MB young generation", () => {
        expect(PROGRAM_NODE_FLAGS).toEqual(["--max-semi-space-size=128"]);
    });

    it("are given by `npm run plan`", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as { scripts: Record<string, string> };
        expect(pkg.scripts.plan).toBe(`node ${PROGRAM_NODE_FLAGS.join(" ")} --import tsx scripts/plan.ts`);
    });

    it("start every --all-shards worker", () => {
        expect(WORKER_NODE_ARGS).toEqual(["--max-semi-space-size=128", "--import", pathToFileURL(require.resolve("tsx")).href, path.join(PROJECT_DIR, "scripts/plan/shardWorker.ts")]);
    });

    it("are the nodeargs Pulumi runs the program with", () => {
        const project = parse(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8")) as { runtime: { options: Record<string, unknown> } };
        expect(project.runtime.options).toEqual({ typescript: true, nodeargs: PROGRAM_NODE_FLAGS.join(" ") });
    });
});
