/**
 * The shard map and a stack's place among the shards, on the pure functions of
 * components/model/shards.ts: every refusal of shards.yaml with its field, message and line, which part
 * a stack deploys, the set-level problems, the tenants a stack deploys, and the moves between two maps.
 * Expected values are literals from docs/shards.md and the messages the platform team reads.
 */
import { describe, expect, it } from "vitest";
import { movedAwayIds, parseShardMap, shardMoves, shardProblems, shardTenants, stackPart, type ShardEntry, type ShardMap } from "../../components/model/shards";
import { parseStrictYaml } from "../../components/model/yamlFile";

const MAP_FILE = "tenants/shards.yaml";
const STACK_FILE = "Pulumi.prod-a.yaml";

function parsed(text: string) {
    const result = parseStrictYaml(MAP_FILE, text);
    if (!result.ok) throw new Error(`not YAML: ${JSON.stringify(result.problems)}`);
    return parseShardMap(MAP_FILE, result.yaml);
}

/** A map from plain records: environment → tenant → entry. */
function mapOf(entries: Record<string, Record<string, ShardEntry>>): ShardMap {
    return new Map(Object.entries(entries).map(([env, tenants]) => [env, new Map(Object.entries(tenants))]));
}

const tenant = (id: string) => ({ id, sourceFile: `tenants/${id}.yaml` });
const NAME_63 = `a${"b".repeat(61)}c`;
const NAME_64 = `a${"b".repeat(62)}c`;

describe("parseShardMap", () => {
    it("an empty file is an empty map without problems", () => {
        const { map, problems } = parsed("# no shards yet\n");
        expect(problems).toEqual([]);
        expect(map.size).toBe(0);
    });

    it("a file that is not a mapping is one problem for the whole file", () => {
        for (const text of ["just text\n", "- prod\n- staging\n", "42\n"]) {
            const { map, problems } = parsed(text);
            expect(problems).toStrictEqual([{ file: MAP_FILE, field: "(file)", message: "must be a mapping: <environment>: { <tenant id>: <shard> }" }]);
            expect(map.size).toBe(0);
        }
    });

    it("an environment that is not a mapping is refused at its line and left out", () => {
        const { map, problems } = parsed("prod: prod-a\nstaging:\n  - acme\ndev:\n");
        expect(problems).toStrictEqual([
            { file: MAP_FILE, field: "prod", message: "must be a mapping of tenant id to shard", line: 1, column: 7 },
            { file: MAP_FILE, field: "staging", message: "must be a mapping of tenant id to shard", line: 3, column: 3 },
            { file: MAP_FILE, field: "dev", message: "must be a mapping of tenant id to shard", line: 4, column: 5 },
        ]);
        expect(map.size).toBe(0);
    });

    it("reads plain entries and explicit moves exactly, an environment with no valid entry still counts as sharded", () => {
        const { map, problems } = parsed("prod:\n  acme: prod-a\n  globex: { shard: prod-b, moved_from: prod-a }\n  initech: { shard: prod-c }\nstaging:\n  umbrella: 7\n");
        expect(problems).toHaveLength(1);
        expect(map.get("prod")?.get("acme")).toStrictEqual({ shard: "prod-a" });
        expect(map.get("prod")?.get("globex")).toStrictEqual({ shard: "prod-b", movedFrom: "prod-a" });
        expect(map.get("prod")?.get("initech")).toStrictEqual({ shard: "prod-c" });
        expect([...(map.get("prod")?.keys() ?? [])]).toEqual(["acme", "globex", "initech"]);
        expect(map.has("staging")).toBe(true);
        expect(map.get("staging")?.size).toBe(0);
    });

    it("an entry that is neither a name nor a mapping is refused at its line", () => {
        const { map, problems } = parsed("prod:\n  acme: 7\n  globex: [prod-a]\n  initech: null\n  hooli: true\n");
        const message = "must be a shard name, or { shard: <name>, moved_from: <name> }";
        expect(problems).toStrictEqual([
            { file: MAP_FILE, field: "prod.acme", message, line: 2, column: 9 },
            { file: MAP_FILE, field: "prod.globex", message, line: 3, column: 11 },
            { file: MAP_FILE, field: "prod.initech", message, line: 4, column: 12 },
            { file: MAP_FILE, field: "prod.hooli", message, line: 5, column: 10 },
        ]);
        expect(map.get("prod")?.size).toBe(0);
    });

    it("an unknown key is named, and the entry left out", () => {
        const { map, problems } = parsed("prod:\n  globex:\n    shard: prod-b\n    from: prod-a\n");
        expect(problems).toStrictEqual([
            { file: MAP_FILE, field: "prod.globex.from", message: 'unknown key "from": an entry has shard and moved_from only', line: 4, column: 11 },
        ]);
        expect(map.get("prod")?.has("globex")).toBe(false);
    });

    it("a bad shard name is refused at the entry (plain) or at shard (mapping)", () => {
        const message = "must be a shard name (lower-case letters, digits and -, at most 63)";
        const { map, problems } = parsed(
            `prod:\n  acme: Prod_A\n  globex:\n    shard: -prod\n  initech:\n    shard: 5\n  hooli:\n    moved_from: prod-a\n  pied: ${NAME_64}\n  piper: ${NAME_63}\n  dunder: prod-\n`,
        );
        expect(problems).toStrictEqual([
            { file: MAP_FILE, field: "prod.acme", message, line: 2, column: 9 },
            { file: MAP_FILE, field: "prod.globex.shard", message, line: 4, column: 12 },
            { file: MAP_FILE, field: "prod.initech.shard", message, line: 6, column: 12 },
            { file: MAP_FILE, field: "prod.hooli.shard", message, line: 8, column: 5 },
            { file: MAP_FILE, field: "prod.pied", message, line: 9, column: 9 },
            { file: MAP_FILE, field: "prod.dunder", message, line: 11, column: 11 },
        ]);
        expect([...(map.get("prod")?.keys() ?? [])]).toEqual(["piper"]);
        expect(map.get("prod")?.get("piper")).toStrictEqual({ shard: NAME_63 });
    });

    it("a bad moved_from is refused at moved_from; 63 characters are allowed, 64 are not", () => {
        const message = "must be a shard name (lower-case letters, digits and -, at most 63)";
        const { map, problems } = parsed(
            `prod:\n  acme: { shard: prod-a, moved_from: Prod_B }\n  globex: { shard: prod-a, moved_from: 3 }\n  initech: { shard: prod-a, moved_from: ${NAME_64} }\n  hooli: { shard: prod-a, moved_from: ${NAME_63} }\n`,
        );
        expect(problems).toStrictEqual([
            { file: MAP_FILE, field: "prod.acme.moved_from", message, line: 2, column: 38 },
            { file: MAP_FILE, field: "prod.globex.moved_from", message, line: 3, column: 40 },
            { file: MAP_FILE, field: "prod.initech.moved_from", message, line: 4, column: 41 },
        ]);
        expect([...(map.get("prod")?.entries() ?? [])]).toStrictEqual([["hooli", { shard: "prod-a", movedFrom: NAME_63 }]]);
    });

    it("a move to the shard the tenant is already on is refused", () => {
        const { map, problems } = parsed("prod:\n  globex: { shard: prod-b, moved_from: prod-b }\n");
        expect(problems).toStrictEqual([
            { file: MAP_FILE, field: "prod.globex.moved_from", message: 'equals shard "prod-b": a move names the shard the tenant leaves', line: 2, column: 40 },
        ]);
        expect(map.get("prod")?.size).toBe(0);
    });
});

describe("stackPart", () => {
    it("platformOnly wins, then shard, else the whole environment", () => {
        expect(stackPart({ platformOnly: true, shard: undefined })).toBe("platform");
        expect(stackPart({ platformOnly: true, shard: "prod-a" })).toBe("platform");
        expect(stackPart({ platformOnly: false, shard: "prod-a" })).toBe("shard");
        expect(stackPart({ platformOnly: false, shard: undefined })).toBe("all");
    });
});

describe("shardProblems", () => {
    const PLATFORM_STACK = "organization/stoa-tenancy/prod-platform";
    const SHARDED = mapOf({ prod: { acme: { shard: "prod-a" }, globex: { shard: "prod-b" } } });
    const problemsOf = (stack: { environment: "dev" | "staging" | "prod"; shard?: string; platformOnly: boolean; platformStack?: string }, options: { map?: ShardMap; tenants?: string[]; knownShards?: Set<string> } = {}) =>
        shardProblems({
            tenants: (options.tenants ?? ["acme", "globex"]).map(tenant),
            map: options.map ?? SHARDED,
            mapFile: MAP_FILE,
            stack,
            stackFile: STACK_FILE,
            ...(options.knownShards ? { knownShards: options.knownShards } : {}),
        });

    it("a shard stack of a sharded environment whose tenants all have a shard has no problem", () => {
        expect(problemsOf({ environment: "prod", shard: "prod-a", platformOnly: false, platformStack: PLATFORM_STACK }, { knownShards: new Set(["prod-a", "prod-b"]) })).toEqual([]);
        expect(problemsOf({ environment: "prod", platformOnly: true })).toEqual([]);
    });

    it("an unsharded environment's single stack has no problem, whatever the map says of others", () => {
        expect(problemsOf({ environment: "dev", platformOnly: false })).toEqual([]);
    });

    it("shard with platformOnly, and shard without platformStack, are refused on the stack file", () => {
        expect(problemsOf({ environment: "prod", shard: "prod-a", platformOnly: true, platformStack: PLATFORM_STACK })).toStrictEqual([
            { file: STACK_FILE, field: "stoa-tenancy:shard", message: "must not be set with platformOnly: the platform's stack deploys no tenant" },
        ]);
        expect(problemsOf({ environment: "prod", shard: "prod-a", platformOnly: false })).toStrictEqual([
            {
                file: STACK_FILE,
                field: "stoa-tenancy:platformStack",
                message: "is required with shard: a shard deploys only its tenants and reads the platform's shared part from that stack (<organization>/<project>/<stack>)",
            },
        ]);
    });

    it("a shard or platform stack of an environment the map does not name is refused, and nothing else is checked", () => {
        expect(problemsOf({ environment: "dev", shard: "dev-a", platformOnly: false, platformStack: PLATFORM_STACK }, { tenants: ["nobody"] })).toStrictEqual([
            { file: STACK_FILE, field: "stoa-tenancy:shard", message: `environment dev has no entry in ${MAP_FILE}: a sharded environment lists each tenant's shard there` },
        ]);
        expect(problemsOf({ environment: "staging", platformOnly: true })).toStrictEqual([
            { file: STACK_FILE, field: "stoa-tenancy:platformOnly", message: `environment staging has no entry in ${MAP_FILE}: a sharded environment lists each tenant's shard there` },
        ]);
    });

    it("a stack of a sharded environment must say which part it deploys", () => {
        expect(problemsOf({ environment: "prod", platformOnly: false })).toStrictEqual([
            {
                file: STACK_FILE,
                field: "stoa-tenancy:shard",
                message: `environment prod is sharded (${MAP_FILE}): set shard (this stack deploys one shard's tenants) or platformOnly: true (the platform's shared part)`,
            },
        ]);
    });

    it("a tenant without a shard is refused on its own file", () => {
        expect(problemsOf({ environment: "prod", platformOnly: true }, { tenants: ["acme", "globex", "initech"] })).toStrictEqual([
            {
                file: "tenants/initech.yaml",
                field: "id",
                message: `"initech" has no shard in environment prod: add "initech: <shard>" under prod in ${MAP_FILE} (every tenant belongs to exactly one shard)`,
            },
        ]);
    });

    it("entries naming no tenant, and shards without a stack, are refused on the map in the order of the ids", () => {
        const map = mapOf({ prod: { zeta: { shard: "prod-a" }, globex: { shard: "prod-c" }, acme: { shard: "prod-z" }, beta: { shard: "prod-a" } } });
        expect(problemsOf({ environment: "prod", platformOnly: true }, { map, tenants: ["acme", "globex"], knownShards: new Set(["prod-b", "prod-a"]) })).toStrictEqual([
            { file: MAP_FILE, field: "prod.acme", message: 'shard "prod-z" has no stack in environment prod (the shards are prod-a, prod-b)' },
            { file: MAP_FILE, field: "prod.beta", message: 'names no tenant: there is no valid tenant file for "beta" (remove the entry when the tenant is retired)' },
            { file: MAP_FILE, field: "prod.globex", message: 'shard "prod-c" has no stack in environment prod (the shards are prod-a, prod-b)' },
            { file: MAP_FILE, field: "prod.zeta", message: 'names no tenant: there is no valid tenant file for "zeta" (remove the entry when the tenant is retired)' },
        ]);
    });

    it("names many entries without a tenant in the order of their ids", () => {
        const ids = Array.from({ length: 40 }, (_, i) => `t${String((i * 17) % 40).padStart(2, "0")}`);
        const map = mapOf({ prod: Object.fromEntries(ids.map((id) => [id, { shard: "prod-a" }])) });
        expect(problemsOf({ environment: "prod", platformOnly: true }, { map, tenants: [] }).map((p) => p.field)).toEqual(Array.from({ length: 40 }, (_, i) => `prod.t${String(i).padStart(2, "0")}`));
    });

    it("with no shard stack at all, the message says none; without knownShards no stack is asked for", () => {
        expect(problemsOf({ environment: "prod", platformOnly: true }, { knownShards: new Set() })).toStrictEqual([
            { file: MAP_FILE, field: "prod.acme", message: 'shard "prod-a" has no stack in environment prod (the shards are none)' },
            { file: MAP_FILE, field: "prod.globex", message: 'shard "prod-b" has no stack in environment prod (the shards are none)' },
        ]);
        expect(problemsOf({ environment: "prod", platformOnly: true })).toEqual([]);
    });
});

describe("shardTenants", () => {
    const tenants = ["acme", "globex", "initech"].map(tenant);
    const map = mapOf({ prod: { acme: { shard: "prod-a" }, globex: { shard: "prod-b" }, initech: { shard: "prod-a", movedFrom: "prod-b" } } });

    it("an unsharded stack deploys every tenant, the platform's stack none, a shard its own", () => {
        expect(shardTenants(tenants, map, { environment: "dev", platformOnly: false }).map((t) => t.id)).toEqual(["acme", "globex", "initech"]);
        expect(shardTenants(tenants, map, { environment: "prod", platformOnly: true })).toEqual([]);
        expect(shardTenants(tenants, map, { environment: "prod", shard: "prod-a", platformOnly: false }).map((t) => t.id)).toEqual(["acme", "initech"]);
        expect(shardTenants(tenants, map, { environment: "prod", shard: "prod-b", platformOnly: false }).map((t) => t.id)).toEqual(["globex"]);
        expect(shardTenants(tenants, map, { environment: "staging", shard: "prod-a", platformOnly: false })).toEqual([]);
    });

    it("a stack naming no part deploys every tenant, even of a sharded environment (the loader refuses that stack)", () => {
        expect(shardTenants(tenants, map, { environment: "prod", platformOnly: false }).map((t) => t.id)).toEqual(["acme", "globex", "initech"]);
    });

    it("the platform's stack deploys no tenant, also in an environment the map does not name", () => {
        expect(shardTenants(tenants, map, { environment: "dev", platformOnly: true })).toEqual([]);
    });

    it("a tenant the map does not name is on no shard", () => {
        expect(shardTenants([...tenants, tenant("hooli")], map, { environment: "prod", shard: "prod-a", platformOnly: false }).map((t) => t.id)).toEqual(["acme", "initech"]);
    });

    it("the unsharded list is a copy: changing it leaves the input alone", () => {
        const all = shardTenants(tenants, map, { environment: "dev", platformOnly: false });
        all.pop();
        expect(tenants).toHaveLength(3);
    });
});

describe("movedAwayIds", () => {
    const map = mapOf({
        prod: { zeta: { shard: "prod-b", movedFrom: "prod-a" }, acme: { shard: "prod-c", movedFrom: "prod-a" }, globex: { shard: "prod-a", movedFrom: "prod-b" }, hooli: { shard: "prod-a" } },
    });

    it("names the tenants moved out of this shard, sorted", () => {
        expect(movedAwayIds(map, { environment: "prod", shard: "prod-a" })).toEqual(["acme", "zeta"]);
        expect(movedAwayIds(map, { environment: "prod", shard: "prod-b" })).toEqual(["globex"]);
    });

    it("a stack without a shard, or an environment without a map, moves nothing", () => {
        expect(movedAwayIds(map, { environment: "prod", shard: undefined })).toEqual([]);
        expect(movedAwayIds(map, { environment: "dev", shard: "prod-a" })).toEqual([]);
    });
});

describe("shardMoves", () => {
    it("compares base and head per tenant, sorted by id; an explicit move agrees with the base or is new", () => {
        const base = mapOf({ prod: { acme: { shard: "prod-a" }, globex: { shard: "prod-a" }, initech: { shard: "prod-a" }, hooli: { shard: "prod-b" } } });
        const head = mapOf({
            prod: {
                zeta: { shard: "prod-b", movedFrom: "prod-a" },
                initech: { shard: "prod-a" },
                hooli: { shard: "prod-c" },
                globex: { shard: "prod-b", movedFrom: "prod-c" },
                acme: { shard: "prod-b", movedFrom: "prod-a" },
            },
        });
        expect(shardMoves(base, head, "prod")).toStrictEqual([
            { tenant: "acme", from: "prod-a", to: "prod-b", explicit: true },
            { tenant: "globex", from: "prod-c", to: "prod-b", explicit: false },
            { tenant: "hooli", from: "prod-b", to: "prod-c", explicit: false },
            { tenant: "zeta", from: "prod-a", to: "prod-b", explicit: true },
        ]);
    });

    it("sorts many moves by tenant id, whatever order the map holds them in", () => {
        // 40 ids in a fixed scrambled order: long enough that the sort merges runs instead of inserting one by one.
        const ids = Array.from({ length: 40 }, (_, i) => `t${String((i * 17) % 40).padStart(2, "0")}`);
        const base = mapOf({ prod: Object.fromEntries(ids.map((id) => [id, { shard: "prod-a" }])) });
        const head = mapOf({ prod: Object.fromEntries(ids.map((id) => [id, { shard: "prod-b" }])) });
        expect(shardMoves(base, head, "prod").map((m) => m.tenant)).toEqual(Array.from({ length: 40 }, (_, i) => `t${String(i).padStart(2, "0")}`));
    });

    it("a new tenant without moved_from, a removed tenant and another environment are no move", () => {
        const base = mapOf({ prod: { acme: { shard: "prod-a" } } });
        const head = mapOf({ prod: { globex: { shard: "prod-b" } } });
        expect(shardMoves(base, head, "prod")).toEqual([]);
        expect(shardMoves(base, head, "staging")).toEqual([]);
        expect(shardMoves(new Map(), head, "prod")).toEqual([]);
        expect(shardMoves(base, new Map(), "prod")).toEqual([]);
    });
});
