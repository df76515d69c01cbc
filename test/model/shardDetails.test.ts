/**
 * shards.yaml's details pinned by literal expectations: an entry that is a number or a boolean is
 * refused as an entry (not as a mapping without a shard), and a document without data is an empty map.
 */
import { describe, expect, it } from "vitest";
import { parseShardMap } from "../../components/model/shards";
import { parseStrictYaml } from "../../components/model/yamlFile";

const MAP_FILE = "tenants/shards.yaml";

function yamlOf(text: string) {
    const result = parseStrictYaml(MAP_FILE, text);
    if (!result.ok) throw new Error(`not YAML: ${JSON.stringify(result.problems)}`);
    return result.yaml;
}

describe("parseShardMap", () => {
    it("an entry that is a number or a boolean is refused as an entry, at the entry's line", () => {
        const { map, problems } = parseShardMap(MAP_FILE, yamlOf("prod:\n  acme: 7\n  globex: true\n"));
        expect(problems).toStrictEqual([
            { file: MAP_FILE, field: "prod.acme", message: "must be a shard name, or { shard: <name>, moved_from: <name> }", line: 2, column: 9 },
            { file: MAP_FILE, field: "prod.globex", message: "must be a shard name, or { shard: <name>, moved_from: <name> }", line: 3, column: 11 },
        ]);
        expect(map.get("prod")?.size).toBe(0);
    });

    it("a document without data (raw undefined, as well as null) is an empty map without problems", () => {
        const yaml = yamlOf("");
        for (const raw of [undefined, null]) {
            const { map, problems } = parseShardMap(MAP_FILE, { ...yaml, raw });
            expect(problems).toEqual([]);
            expect(map.size).toBe(0);
        }
    });
});
