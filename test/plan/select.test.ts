/** Which stacks a pull request plans, and the order an environment's stacks deploy in. */
import { describe, expect, it } from "vitest";
import type { ShardMap } from "../../components/model";
import { deploymentOrder, stacksToPlan } from "../../scripts/plan/select";
import { stack } from "./projectStacks";

const STACKS = [
    stack("dev", { environment: "dev" }),
    stack("prod-platform", { environment: "prod", platformOnly: true }),
    stack("prod-a", { environment: "prod", shard: "prod-a", platformStack: "o/p/prod-platform" }),
    stack("prod-b", { environment: "prod", shard: "prod-b", platformStack: "o/p/prod-platform" }),
];
const map = (entries: Record<string, string | { shard: string; movedFrom: string }>): ShardMap =>
    new Map([["prod", new Map(Object.entries(entries).map(([id, e]) => [id, typeof e === "string" ? { shard: e } : e]))]]);
const names = (files: string[], maps = { base: map({ acme: "prod-a", globex: "prod-b" }), head: map({ acme: "prod-a", globex: "prod-b" }) }) =>
    stacksToPlan(files, STACKS, maps).map((s) => s.name);

describe("stacksToPlan", () => {
    it("plans a changed tenant in the unsharded stack, the platform stack and its own shard only", () => {
        expect(names(["tenants/acme.yaml"])).toEqual(["dev", "prod-platform", "prod-a"]);
        expect(names(["tenants/globex.yaml"])).toEqual(["dev", "prod-platform", "prod-b"]);
    });

    it("plans both shards of a tenant that moves", () => {
        const maps = { base: map({ acme: "prod-a" }), head: map({ acme: { shard: "prod-b", movedFrom: "prod-a" } }) };
        expect(names(["tenants/acme.yaml", "tenants/shards.yaml"], maps)).toEqual(["dev", "prod-platform", "prod-a", "prod-b"]);
    });

    it("plans every stack when shared code changes, one stack when its file changes, none for docs", () => {
        expect(names(["components/program.ts"])).toEqual(["dev", "prod-platform", "prod-a", "prod-b"]);
        expect(names(["Pulumi.prod-b.yaml"])).toEqual(["prod-b"]);
        expect(names(["docs/plan.md", "README.md"])).toEqual([]);
    });
});

describe("deploymentOrder", () => {
    it("puts the platform's stack first, then the shards; an unsharded environment is its one stack", () => {
        expect(deploymentOrder(STACKS, "prod")).toEqual({ platform: ["prod-platform"], shards: ["prod-a", "prod-b"] });
        expect(deploymentOrder(STACKS, "dev")).toEqual({ platform: ["dev"], shards: [] });
    });
});
