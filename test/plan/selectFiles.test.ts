/** Which stacks a pull request plans, for files that only look like a stack file, and a tenant folder nested in a sub-folder. */
import { describe, expect, it } from "vitest";
import type { ShardMap } from "../../components/model";
import { stacksToPlan } from "../../scripts/plan/select";
import { stack } from "./projectStacks";

const STACKS = [stack("dev", { environment: "dev" }), stack("staging", { environment: "staging", tenantsDir: "config/staging-tenants/" })];
const NO_SHARDS: { base: ShardMap; head: ShardMap } = { base: new Map(), head: new Map() };
const names = (...files: string[]) => stacksToPlan(files, STACKS, NO_SHARDS).map((s) => s.name);

describe("stacksToPlan", () => {
    it("plans every stack for a file that only looks like a stack file: in a sub-folder, or with a suffix", () => {
        expect(names("examples/Pulumi.dev.yaml")).toEqual(["dev", "staging"]);
        expect(names("Pulumi.dev.yaml.orig")).toEqual(["dev", "staging"]);
        expect(names("Pulumi.dev.yaml")).toEqual(["dev"]);
    });

    it("plans the readers of a tenant folder nested in a sub-folder", () => {
        expect(names("config/staging-tenants/acme.yaml")).toEqual(["staging"]);
    });
});

describe("stacksToPlan for a sharded environment", () => {
    const SHARDED = [
        stack("prod-platform", { environment: "prod", platformOnly: true }),
        stack("prod-a", { environment: "prod", shard: "prod-a", platformStack: "o/p/prod-platform" }),
        stack("prod-b", { environment: "prod", shard: "prod-b", platformStack: "o/p/prod-platform" }),
    ];
    const map = (entries: Record<string, { shard: string; movedFrom?: string }>): ShardMap => new Map([["prod", new Map(Object.entries(entries))]]);
    const plannedFor = (file: string, base: ShardMap, head: ShardMap) => stacksToPlan([file], SHARDED, { base, head }).map((s) => s.name);

    it("plans every shard for a file that only looks like a tenant file", () => {
        const maps = map({ acme: { shard: "prod-a" } });
        expect(plannedFor("tenants/acme.yaml.orig", maps, maps)).toEqual(["prod-platform", "prod-a", "prod-b"]);
        expect(plannedFor("tenants/acme.yaml", maps, maps)).toEqual(["prod-platform", "prod-a"]);
    });

    it("plans the shard a tenant moves from when only the head's map names it, and a map without the environment", () => {
        expect(plannedFor("tenants/acme.yaml", new Map(), map({ acme: { shard: "prod-b", movedFrom: "prod-a" } }))).toEqual(["prod-platform", "prod-a", "prod-b"]);
        expect(plannedFor("tenants/acme.yaml", map({ acme: { shard: "prod-a" } }), new Map())).toEqual(["prod-platform", "prod-a"]);
    });
});
