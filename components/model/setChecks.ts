/**
 * Checks on the set of tenants as a whole (and the stack they are deployed to), run by the one loader
 * after every file passed on its own. A new set-level rule is one function added to `SET_CHECKS`;
 * a check that needs the stack returns nothing when there is none (`npm run validate` without
 * `--stack`).
 */
import { connectionCapacityProblems } from "./capacity";
import type { ResolvedTenant } from "./resolve";
import type { StackConfig } from "./stackConfig";
import type { TenantFileError } from "./problems";
import { shardProblems, type ShardMap } from "./shards";

/** The retired ids a tenant file is checked against: id → where it is listed and why. */
export type RetiredIds = ReadonlyMap<string, { file: string; index: number; retiredAt?: string; reason?: string }>;

export interface TenantSet {
    /** Every tenant whose file is valid on its own, sorted by file name. */
    tenants: readonly ResolvedTenant[];
    retired: RetiredIds;
    /** The stack's configuration, when one was given and is valid. */
    stack?: StackConfig;
    /** shards.yaml, its name in messages, the stack file's name, and the environment's shards that have a stack (when known). */
    shards?: { map: ShardMap; file: string; stackFile: string; knownShards?: ReadonlySet<string> };
}

export type SetCheck = (set: TenantSet) => TenantFileError[];

/** Nothing may be named like the platform's own realm or namespace. */
export const platformNameClash: SetCheck = ({ tenants, stack }) =>
    stack === undefined
        ? []
        : tenants
              .filter((t) => t.names.realm === stack.platformRealm || t.names.namespace === stack.platformNamespace)
              .map((t) => ({
                  file: t.sourceFile,
                  field: "id",
                  message: `"${t.id}" would collide with the platform's own realm or namespace (${stack.platformRealm}, ${stack.platformNamespace})`,
              }));

/** The tenants' PostgreSQL connection limits fit in the server's capacity (capacity.ts). */
export const databaseConnectionCapacity: SetCheck = ({ tenants, stack }) => (stack === undefined ? [] : connectionCapacityProblems(stack, tenants));

/** Every tenant of a sharded environment belongs to exactly one shard, and the stack says which part it deploys. */
export const shardMembership: SetCheck = ({ tenants, stack, shards }) =>
    stack === undefined || shards === undefined
        ? []
        : shardProblems({ tenants, map: shards.map, mapFile: shards.file, stack, stackFile: shards.stackFile, knownShards: shards.knownShards });

/** Every set-level check, in the order their problems are reported. */
export const SET_CHECKS: readonly SetCheck[] = [platformNameClash, databaseConnectionCapacity, shardMembership];
