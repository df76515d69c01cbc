/**
 * Which stacks a pull request must plan, and in which order an environment's stacks deploy. Pure:
 * given the changed files, the stacks and the shard maps, the answer is always the same.
 */
import type { ShardMap, StackConfig } from "../../components/model";
import { SHARDS_FILE, stackPart } from "../../components/model";

export interface ProjectStack {
    name: string;
    config: StackConfig;
}

/** Files that change no stack's plan. */
const NEUTRAL = [/^docs\//, /\.md$/, /^\.github\//, /^test\//];

/**
 * The stacks whose plan the change can alter: every stack when shared code changed; a stack whose file
 * changed; for a changed tenant file, the unsharded stack and the platform stack of every environment
 * (they read every tenant) and the shard the tenant is in, before or after the change; every stack
 * reading the tenant folder when its shard map or retired ids change.
 */
export function stacksToPlan(changedFiles: readonly string[], stacks: readonly ProjectStack[], maps: { base: ShardMap; head: ShardMap }): ProjectStack[] {
    const selected = new Set<string>();
    const all = () => stacks.forEach((s) => selected.add(s.name));
    for (const file of changedFiles) {
        if (NEUTRAL.some((re) => re.test(file))) continue;
        if (file === "Pulumi.yaml") {
            all();
            continue;
        }
        // A stack file changes its own stack only (a removed stack has nothing left to plan).
        const stackFile = /^Pulumi\.(.+)\.ya?ml$/.exec(file);
        if (stackFile) {
            if (stacks.some((s) => s.name === stackFile[1])) selected.add(stackFile[1]);
            continue;
        }
        const readers = stacks.filter((s) => file.startsWith(`${s.config.tenantsDir.replace(/\/$/, "")}/`));
        if (readers.length === 0) {
            all();
            continue;
        }
        const inFolder = file.slice(file.lastIndexOf("/") + 1);
        const id = /^(.+)\.ya?ml$/.exec(inFolder)?.[1];
        const tenantFile = id !== undefined && inFolder !== SHARDS_FILE && inFolder !== "retired.yaml";
        for (const s of readers) {
            if (!tenantFile || stackPart(s.config) !== "shard") {
                selected.add(s.name);
                continue;
            }
            const env = s.config.environment;
            const shards = [maps.base.get(env)?.get(id!), maps.head.get(env)?.get(id!)].flatMap((e) => (e ? [e.shard, ...(e.movedFrom ? [e.movedFrom] : [])] : []));
            if (shards.includes(s.config.shard!)) selected.add(s.name);
        }
    }
    return stacks.filter((s) => selected.has(s.name));
}

/** An environment's stacks in deployment order: the platform's part first (or the one unsharded stack), then the shards. */
export function deploymentOrder(stacks: readonly ProjectStack[], environment: string): { platform: string[]; shards: string[] } {
    const mine = stacks.filter((s) => s.config.environment === environment);
    return {
        platform: mine.filter((s) => stackPart(s.config) !== "shard").map((s) => s.name),
        shards: mine.filter((s) => stackPart(s.config) === "shard").map((s) => s.name),
    };
}
