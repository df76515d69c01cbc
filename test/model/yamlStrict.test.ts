/**
 * Strict YAML (components/model/yamlFile.ts): an unclosed single quote is reported where it opens,
 * and a written null tag on a value is refused like any other tag.
 */
import { describe, expect, it } from "vitest";
import { parseStrictYaml } from "../../components/model/yamlFile";

const problemsOf = (text: string) => {
    const parsed = parseStrictYaml("tenants/acme.yaml", text);
    return parsed.ok ? [] : parsed.problems;
};

describe("parseStrictYaml", () => {
    it("an unclosed quote, single or double, is reported at the line it opens", () => {
        for (const quote of ["'", '"']) {
            expect(problemsOf(`id: acme\nname: ${quote}Acme\ntier: community\nstatus: active\n`)).toStrictEqual([
                { file: "tenants/acme.yaml", field: "(yaml)", message: "a quoted value is never closed (add the closing quote)", line: 2, column: 7 },
            ]);
        }
    });

    it("an unclosed quote is found after a closed one; an unclosed bracket is reported where the file ends, not at its last value", () => {
        expect(problemsOf("id: 'acme'\nname: 'Acme\n")).toStrictEqual([
            { file: "tenants/acme.yaml", field: "(yaml)", message: "a quoted value is never closed (add the closing quote)", line: 2, column: 7 },
        ]);
        expect(problemsOf("[acme, globex")).toStrictEqual([{ file: "tenants/acme.yaml", field: "(yaml)", message: "Flow sequence must end with a ]", line: 1, column: 14 }]);
        expect(problemsOf('["acme", globex')).toStrictEqual([{ file: "tenants/acme.yaml", field: "(yaml)", message: "Flow sequence must end with a ]", line: 1, column: 16 }]);
    });

    it("a tag on an empty value is refused", () => {
        expect(problemsOf("id: acme\nname: !!str\n")).toStrictEqual([
            { file: "tenants/acme.yaml", field: "name", message: "has a tag (!…): tags are not allowed, write the plain value", line: 2, column: 12 },
        ]);
    });

    it("a value tagged !!null is refused as a tag (located at the value after the tag)", () => {
        expect(problemsOf("id: acme\nname: !!null ~\n")).toStrictEqual([
            { file: "tenants/acme.yaml", field: "name", message: "has a tag (!…): tags are not allowed, write the plain value", line: 2, column: 14 },
        ]);
    });
});
