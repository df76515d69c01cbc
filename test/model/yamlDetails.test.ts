/**
 * Strict YAML's details pinned by literal expectations: which of the library's messages are rewritten
 * and how its position suffix is cut off, where an unclosed construct is placed, the field path of a
 * problem inside a list, the key named by a duplicate, and positionOf on paths that leave the document.
 */
import { describe, expect, it } from "vitest";
import { parseStrictYaml, positionOf } from "../../components/model/yamlFile";

const FILE = "tenants/acme.yaml";
const problemsOf = (text: string) => {
    const parsed = parseStrictYaml(FILE, text);
    return parsed.ok ? [] : parsed.problems;
};

function yamlOf(text: string) {
    const parsed = parseStrictYaml(FILE, text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    return parsed.yaml;
}

describe("parseStrictYaml: the library's messages", () => {
    it("a message that mentions a quoted value but is no unclosed quote keeps its own wording", () => {
        expect(problemsOf('- a\n"b"\n')).toStrictEqual([{ file: FILE, field: "(yaml)", message: "Unexpected double-quoted-scalar at node end", line: 2, column: 1 }]);
    });

    it("the position the library appends is cut off also from line 10 on", () => {
        expect(problemsOf("a: 1\n\n\n\n\n\n\n\n\n\nb: [1\n")).toStrictEqual([
            { file: FILE, field: "(yaml)", message: "Flow sequence in block collection must be sufficiently indented and end with a ]", line: 12, column: 1 },
        ]);
    });

    it("a quoted excerpt of the source after a colon is cut off", () => {
        expect(problemsOf("- a\nb: 1\n")).toStrictEqual([
            { file: FILE, field: "(yaml)", message: "Unexpected scalar at node end", line: 2, column: 1 },
            { file: FILE, field: "(yaml)", message: "Unexpected map-value-ind token in YAML stream", line: 2, column: 2 },
            { file: FILE, field: "(yaml)", message: "Unexpected scalar token in YAML stream", line: 2, column: 4 },
        ]);
    });

    it("a duplicate key is named without the spaces before its colon", () => {
        expect(problemsOf("tier : community\ntier : business\n")).toStrictEqual([
            { file: FILE, field: "(yaml)", message: '"tier" appears twice in the same mapping (each key once; the first value would be lost)', line: 2, column: 1 },
        ]);
    });
});

describe("parseStrictYaml: where a problem is placed", () => {
    it("an invalid escape inside a quoted value is placed at the escape, not where the value opens", () => {
        expect(problemsOf('name: "a\\qb"\n')).toStrictEqual([{ file: FILE, field: "(yaml)", message: "Invalid escape sequence \\q", line: 1, column: 9 }]);
    });

    it("a key without a value is placed at its own line, not at a quoted key on the next", () => {
        expect(problemsOf("a: 1\nb\n'c': 2\n")).toStrictEqual([{ file: FILE, field: "(yaml)", message: "Implicit map keys need to be followed by map values", line: 2, column: 1 }]);
    });

    it("an unclosed flow mapping whose last key has no value is placed where the file ends", () => {
        expect(problemsOf("{a")).toStrictEqual([{ file: FILE, field: "(yaml)", message: "Flow map must end with a }", line: 1, column: 3 }]);
    });
});

describe("parseStrictYaml: field paths inside lists", () => {
    it("a tag on a list item names the item's index; an anchor on the list itself names the list", () => {
        expect(problemsOf("id: acme\nlist:\n  - a\n  - !!str b\n")).toStrictEqual([
            { file: FILE, field: "list[1]", message: "has a tag (!…): tags are not allowed, write the plain value", line: 4, column: 11 },
        ]);
        expect(problemsOf("id: acme\nlist:\n  - !!str a\n")).toStrictEqual([
            { file: FILE, field: "list[0]", message: "has a tag (!…): tags are not allowed, write the plain value", line: 3, column: 11 },
        ]);
        expect(problemsOf("id: acme\nlist: &items\n  - a\n")).toStrictEqual([
            { file: FILE, field: "list", message: "defines an anchor (&name): anchors and aliases are not allowed, write the value out", line: 3, column: 3 },
        ]);
    });
});

describe("parseStrictYaml: field paths under a key that is no scalar", () => {
    it("a key that is a list adds nothing to the path", () => {
        expect(problemsOf("[a, b]: !!str x\n")).toStrictEqual([{ file: FILE, field: "(file)", message: "has a tag (!…): tags are not allowed, write the plain value", line: 1, column: 15 }]);
    });
});

describe("parseStrictYaml: merge keys", () => {
    it("<< is a key like any other, never a merge of another mapping", () => {
        expect(yamlOf("id: acme\n<<: { tier: enterprise }\n").raw).toStrictEqual({ id: "acme", "<<": { tier: "enterprise" } });
    });
});

describe("positionOf", () => {
    it("stops at the deepest node on the path: a text part does not index a list, and nothing goes below a scalar", () => {
        const yaml = yamlOf("id: acme\nlist:\n  - a\n  - b\n");
        expect(positionOf(yaml, ["list", 1])).toStrictEqual({ line: 4, column: 5 });
        expect(positionOf(yaml, ["list", "1"])).toStrictEqual({ line: 3, column: 3 });
        expect(positionOf(yaml, ["id", 0])).toStrictEqual({ line: 1, column: 5 });
        expect(positionOf(yaml, ["id", "x"])).toStrictEqual({ line: 1, column: 5 });
    });

    it("an empty document has no position, whatever the path", () => {
        const yaml = yamlOf("# nothing yet\n");
        expect(positionOf(yaml, [])).toStrictEqual({});
        expect(positionOf(yaml, [0])).toStrictEqual({});
    });
});
