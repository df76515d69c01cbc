/** Which stacks a pull request plans: the files that change nothing, every stack, one stack, or the readers of a tenant folder. */
import { describe, expect, it } from "vitest";
import type { ShardMap } from "../../components/model";
import { deploymentOrder, stacksToPlan } from "../../scripts/plan/select";
import { stack } from "./projectStacks";

const STACKS = [
    stack("dev", { environment: "dev" }),
    stack("staging", { environment: "staging", tenantsDir: "staging-tenants/" }),
    stack("prod-platform", { environment: "prod", platformOnly: true }),
    stack("prod-a", { environment: "prod", shard: "prod-a", platformStack: "o/p/prod-platform" }),
    stack("prod-b", { environment: "prod", shard: "prod-b", platformStack: "o/p/prod-platform" }),
];
const map = (entries: Record<string, string>): ShardMap => new Map([["prod", new Map(Object.entries(entries).map(([id, shard]) => [id, { shard }]))]]);
const MAPS = { base: map({ acme: "prod-a" }), head: map({ acme: "prod-a", globex: "prod-b" }) };
const names = (...files: string[]) => stacksToPlan(files, STACKS, MAPS).map((s) => s.name);
const EVERY = ["dev", "staging", "prod-platform", "prod-a", "prod-b"];

describe("stacksToPlan", () => {
    it("plans nothing for documentation, workflows and tests", () => {
        expect(names("docs/tenant-file.md", "components/README.md", ".github/workflows/plan.yml", "test/plan/run.test.ts")).toEqual([]);
        expect(names()).toEqual([]);
    });

    it("plans every stack for the project file and for shared code, whatever else changed", () => {
        expect(names("Pulumi.yaml")).toEqual(EVERY);
        expect(names("docs/plan.md", "policy-pack/quotas.ts")).toEqual(EVERY);
        expect(names("a-tenants/acme.yaml")).toEqual(EVERY);
    });

    it("plans a stack whose file changed, .yaml or .yml, and nothing for a stack that no longer exists", () => {
        expect(names("Pulumi.staging.yml")).toEqual(["staging"]);
        expect(names("Pulumi.prod-a.yaml", "Pulumi.gone.yaml")).toEqual(["prod-a"]);
    });

    it("plans the readers of a tenant folder given with a trailing slash", () => {
        expect(names("staging-tenants/acme.yaml")).toEqual(["staging"]);
        expect(names("staging-tenants/notes.txt")).toEqual(["staging"]);
    });

    it("plans a tenant's shard by the base or the head map, and no shard for a tenant in neither", () => {
        expect(names("tenants/globex.yml")).toEqual(["dev", "prod-platform", "prod-b"]);
        expect(names("tenants/acme.yaml")).toEqual(["dev", "prod-platform", "prod-a"]);
        expect(names("tenants/initech.yaml")).toEqual(["dev", "prod-platform"]);
    });

    it("plans every reader of the folder for its shard map, its retired ids and any file that is no tenant file", () => {
        expect(names("tenants/shards.yaml")).toEqual(["dev", "prod-platform", "prod-a", "prod-b"]);
        expect(names("tenants/retired.yaml")).toEqual(["dev", "prod-platform", "prod-a", "prod-b"]);
        expect(names("tenants/notes.txt")).toEqual(["dev", "prod-platform", "prod-a", "prod-b"]);
        expect(names("tenants/.yaml")).toEqual(["dev", "prod-platform", "prod-a", "prod-b"]);
    });
});

describe("deploymentOrder", () => {
    it("gives nothing for an environment without stacks", () => {
        expect(deploymentOrder(STACKS, "qa")).toEqual({ platform: [], shards: [] });
        expect(deploymentOrder(STACKS, "staging")).toEqual({ platform: ["staging"], shards: [] });
    });
});
