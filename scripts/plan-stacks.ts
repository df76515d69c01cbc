/**
 * For the workflows, as `key=value` lines for $GITHUB_OUTPUT:
 *
 *   npm run --silent plan:stacks -- --base <git-rev>      stacks=[{"stack","environment"}…] a pull request plans
 *   npm run --silent plan:stacks -- --environment <env>   platform=[…] and shards=[…], in deployment order
 *
 * See docs/shards.md and docs/ci.md.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { EMPTY_SHARD_MAP, fileSystemFolder, loadFolder, parseShardMap, type ShardMap } from "../components/model";
import { parseStrictYaml } from "../components/model/yamlFile";
import { projectStacks } from "./plan/inputs";
import { deploymentOrder, stacksToPlan } from "./plan/select";

const projectDir = process.cwd();
const { values } = parseArgs({ options: { base: { type: "string" }, environment: { type: "string" } }, strict: true });
const stacks = projectStacks(projectDir);
const folders = [...new Set(stacks.map((s) => s.config.tenantsDir))];

function headMap(): ShardMap {
    const map = new Map<string, ReadonlyMap<string, { shard: string; movedFrom?: string }>>();
    for (const dir of folders) for (const [env, entries] of loadFolder(fileSystemFolder(path.join(projectDir, dir)), { checks: [] }).shards) map.set(env, entries);
    return map;
}

function baseMap(rev: string): ShardMap {
    const map = new Map<string, ReadonlyMap<string, { shard: string; movedFrom?: string }>>();
    for (const dir of folders) {
        let text: string;
        try {
            text = execFileSync("git", ["show", `${rev}:${path.posix.join(dir, "shards.yaml")}`], { cwd: projectDir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
        } catch {
            continue; // no shard map at the base
        }
        const parsed = parseStrictYaml("shards.yaml", text);
        if (parsed.ok) for (const [env, entries] of parseShardMap("shards.yaml", parsed.yaml).map) map.set(env, entries);
    }
    return map.size > 0 ? map : EMPTY_SHARD_MAP;
}

if (values.environment) {
    const order = deploymentOrder(stacks, values.environment);
    process.stdout.write(`platform=${JSON.stringify(order.platform)}\nshards=${JSON.stringify(order.shards)}\n`);
} else if (values.base) {
    let changed: string[];
    try {
        changed = execFileSync("git", ["diff", "--name-only", `${values.base}...HEAD`], { cwd: projectDir, encoding: "utf8" }).split("\n").filter(Boolean);
        // Uncommitted changes too, when run by hand.
        changed.push(...execFileSync("git", ["diff", "--name-only", "HEAD"], { cwd: projectDir, encoding: "utf8" }).split("\n").filter(Boolean));
    } catch {
        changed = ["(unknown)"]; // no history to compare with: plan everything
    }
    const selected = stacksToPlan(changed, stacks, { base: baseMap(values.base), head: headMap() });
    process.stdout.write(`stacks=${JSON.stringify(selected.map((s) => ({ stack: s.name, environment: s.config.environment })))}\n`);
} else {
    process.stderr.write("usage: plan-stacks (--base <git-rev> | --environment <env>)\n");
    process.exitCode = 2;
}
