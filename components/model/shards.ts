/**
 * Shards: an environment with many tenants is deployed by several stacks, each owning an explicit set
 * of tenants, so that adding a stack never moves a tenant by accident. `<tenantsDir>/shards.yaml`
 * assigns each tenant of a sharded environment to one shard:
 *
 *     prod:
 *       acme: prod-a
 *       globex: { shard: prod-b, moved_from: prod-a }   # an explicit move (docs/shards.md)
 *
 * A stack names its shard (`stoa-tenancy:shard`) and deploys only the tenants assigned to it; the
 * platform's shared part lives in a stack of its own (`stoa-tenancy:platformOnly`). An environment
 * the file does not mention is unsharded: its one stack deploys the platform and every tenant, as
 * before. Pure functions; the loader runs `shardMembership` as a set-level check.
 */
import type { ResolvedTenant } from "./resolve";
import type { StackConfig } from "./stackConfig";
import type { TenantFileError } from "./problems";
import { excerpt } from "./problems";
import { positionOf, type ParsedYaml } from "./yamlFile";

/** The shard map's file name inside the tenant folder (not a tenant file). */
export const SHARDS_FILE = "shards.yaml";

/** A shard name: what `stoa-tenancy:shard` and the map's values hold (a DNS-1123 label). */
export const SHARD_NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export interface ShardEntry {
    shard: string;
    /** The shard the tenant leaves, when this change moves it (explicitly). */
    movedFrom?: string;
}

/** environment → tenant id → its shard. */
export type ShardMap = ReadonlyMap<string, ReadonlyMap<string, ShardEntry>>;

export const EMPTY_SHARD_MAP: ShardMap = new Map();

/** Reads a parsed shards.yaml; every problem named by its path and line. An invalid entry is left out. */
export function parseShardMap(file: string, yaml: ParsedYaml): { map: ShardMap; problems: TenantFileError[] } {
    const problems: TenantFileError[] = [];
    const map = new Map<string, Map<string, ShardEntry>>();
    const at = (fieldPath: (string | number)[]) => positionOf(yaml, fieldPath);
    const problem = (fieldPath: string[], message: string) => problems.push({ file, field: fieldPath.join("."), message, ...at(fieldPath) });
    const raw = yaml.raw;
    if (raw === null || raw === undefined) return { map, problems };
    if (typeof raw !== "object" || Array.isArray(raw)) {
        problems.push({ file, field: "(file)", message: "must be a mapping: <environment>: { <tenant id>: <shard> }" });
        return { map, problems };
    }
    for (const [environment, tenants] of Object.entries(raw as Record<string, unknown>)) {
        if (tenants === null || typeof tenants !== "object" || Array.isArray(tenants)) {
            problem([environment], "must be a mapping of tenant id to shard");
            continue;
        }
        const entries = new Map<string, ShardEntry>();
        for (const [id, value] of Object.entries(tenants as Record<string, unknown>)) {
            const fields = typeof value === "string" ? { shard: value } : value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
            if (!fields) {
                problem([environment, id], "must be a shard name, or { shard: <name>, moved_from: <name> }");
                continue;
            }
            const unknown = Object.keys(fields).filter((k) => k !== "shard" && k !== "moved_from");
            if (unknown.length > 0) {
                problem([environment, id, unknown[0]], `unknown key ${excerpt(unknown[0])}: an entry has shard and moved_from only`);
                continue;
            }
            const shard = fields.shard;
            const movedFrom = fields.moved_from;
            if (typeof shard !== "string" || !SHARD_NAME_PATTERN.test(shard) || shard.length > 63) {
                problem([environment, id, ...(typeof value === "string" ? [] : ["shard"])], "must be a shard name (lower-case letters, digits and -, at most 63)");
                continue;
            }
            if (movedFrom !== undefined && (typeof movedFrom !== "string" || !SHARD_NAME_PATTERN.test(movedFrom) || movedFrom.length > 63)) {
                problem([environment, id, "moved_from"], "must be a shard name (lower-case letters, digits and -, at most 63)");
                continue;
            }
            if (movedFrom === shard) {
                problem([environment, id, "moved_from"], `equals shard ${excerpt(shard)}: a move names the shard the tenant leaves`);
                continue;
            }
            entries.set(id, movedFrom === undefined ? { shard } : { shard, movedFrom });
        }
        map.set(environment, entries);
    }
    return { map, problems };
}

/** What the stack deploys: the platform's shared part, its tenants, or both (an unsharded stack). */
export function stackPart(stack: Pick<StackConfig, "shard" | "platformOnly">): "all" | "platform" | "shard" {
    return stack.platformOnly ? "platform" : stack.shard !== undefined ? "shard" : "all";
}

/**
 * Every problem with the stack's place among the shards and with the tenants' assignment: each tenant
 * of a sharded environment belongs to exactly one shard (the map holds one entry per id), the map
 * names only existing tenants, and a sharded environment's stacks say which part they deploy.
 */
export function shardProblems(input: {
    tenants: readonly Pick<ResolvedTenant, "id" | "sourceFile">[];
    map: ShardMap;
    mapFile: string;
    stack: Pick<StackConfig, "environment" | "shard" | "platformOnly" | "platformStack">;
    /** The stack file's name in messages. */
    stackFile: string;
    /** The shards of the environment that have a stack, when known (the plan reads every stack file). */
    knownShards?: ReadonlySet<string>;
}): TenantFileError[] {
    const { tenants, map, mapFile, stack, stackFile, knownShards } = input;
    const problems: TenantFileError[] = [];
    const entries = map.get(stack.environment);
    const part = stackPart(stack);
    if (stack.platformOnly && stack.shard !== undefined) {
        problems.push({ file: stackFile, field: "stoa-tenancy:shard", message: "must not be set with platformOnly: the platform's stack deploys no tenant" });
    }
    if (part === "shard" && stack.platformStack === undefined) {
        problems.push({
            file: stackFile,
            field: "stoa-tenancy:platformStack",
            message: "is required with shard: a shard deploys only its tenants and reads the platform's shared part from that stack (<organization>/<project>/<stack>)",
        });
    }
    if (entries === undefined) {
        if (part !== "all") {
            problems.push({
                file: stackFile,
                field: part === "shard" ? "stoa-tenancy:shard" : "stoa-tenancy:platformOnly",
                message: `environment ${stack.environment} has no entry in ${mapFile}: a sharded environment lists each tenant's shard there`,
            });
        }
        return problems;
    }
    if (part === "all") {
        problems.push({
            file: stackFile,
            field: "stoa-tenancy:shard",
            message: `environment ${stack.environment} is sharded (${mapFile}): set shard (this stack deploys one shard's tenants) or platformOnly: true (the platform's shared part)`,
        });
    }
    const ids = new Set(tenants.map((t) => t.id));
    for (const tenant of tenants) {
        if (!entries.has(tenant.id)) {
            problems.push({
                file: tenant.sourceFile,
                field: "id",
                message: `"${tenant.id}" has no shard in environment ${stack.environment}: add "${tenant.id}: <shard>" under ${stack.environment} in ${mapFile} (every tenant belongs to exactly one shard)`,
            });
        }
    }
    for (const [id, entry] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        if (!ids.has(id)) {
            problems.push({ file: mapFile, field: `${stack.environment}.${id}`, message: `names no tenant: there is no valid tenant file for ${excerpt(id)} (remove the entry when the tenant is retired)` });
            continue;
        }
        if (knownShards && !knownShards.has(entry.shard)) {
            problems.push({
                file: mapFile,
                field: `${stack.environment}.${id}`,
                message: `shard ${excerpt(entry.shard)} has no stack in environment ${stack.environment} (the shards are ${[...knownShards].sort().join(", ") || "none"})`,
            });
        }
    }
    return problems;
}

/** The tenants a stack deploys: all of them (unsharded), none (the platform's stack), or its shard's. */
export function shardTenants<T extends Pick<ResolvedTenant, "id">>(tenants: readonly T[], map: ShardMap, stack: Pick<StackConfig, "environment" | "shard" | "platformOnly">): T[] {
    const part = stackPart(stack);
    if (part === "all") return [...tenants];
    if (part === "platform") return [];
    const entries = map.get(stack.environment);
    return tenants.filter((t) => entries?.get(t.id)?.shard === stack.shard);
}

/** Tenants this change moves out of the stack's shard explicitly (`moved_from: <this shard>`): not a removal. */
export function movedAwayIds(map: ShardMap, stack: Pick<StackConfig, "environment" | "shard">): string[] {
    if (stack.shard === undefined) return [];
    return [...(map.get(stack.environment) ?? [])].filter(([, e]) => e.movedFrom === stack.shard).map(([id]) => id).sort();
}

export interface ShardMove {
    tenant: string;
    from: string;
    to: string;
    /** True when the map says so (`moved_from`); false when only the comparison with the base shows it. */
    explicit: boolean;
}

/** Tenants whose shard differs between two maps of the same environment (base → head), and the explicit moves of head. */
export function shardMoves(base: ShardMap, head: ShardMap, environment: string): ShardMove[] {
    const before = base.get(environment) ?? new Map<string, ShardEntry>();
    const after = head.get(environment) ?? new Map<string, ShardEntry>();
    const moves: ShardMove[] = [];
    for (const [id, entry] of [...after].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        const previous = before.get(id)?.shard;
        if (entry.movedFrom !== undefined) moves.push({ tenant: id, from: entry.movedFrom, to: entry.shard, explicit: previous === undefined || previous === entry.movedFrom });
        else if (previous !== undefined && previous !== entry.shard) moves.push({ tenant: id, from: previous, to: entry.shard, explicit: false });
    }
    return moves;
}
