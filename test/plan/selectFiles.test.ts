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
