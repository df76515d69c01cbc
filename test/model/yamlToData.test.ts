/**
 * Strict YAML's last step, turning the checked document into data: should the library throw there
 * (not expected once aliases are refused), the file gets one problem naming the error, and nothing is
 * thrown to the caller.
 */
import { Document } from "yaml";
import { describe, expect, it, vi } from "vitest";
import { parseStrictYaml } from "../../components/model/yamlFile";

describe("parseStrictYaml", () => {
    it("a document the library cannot turn into data is one problem on the file, not an exception", () => {
        const toJS = vi.spyOn(Document.prototype, "toJS").mockImplementation(() => {
            throw new RangeError("Maximum call stack size exceeded");
        });
        try {
            expect(parseStrictYaml("tenants/acme.yaml", "id: acme\n")).toStrictEqual({
                ok: false,
                problems: [{ file: "tenants/acme.yaml", field: "(yaml)", message: "cannot be read as data (RangeError)" }],
            });
            expect(toJS).toHaveBeenCalledTimes(1);
        } finally {
            toJS.mockRestore();
        }
        const read = parseStrictYaml("tenants/acme.yaml", "id: acme\n");
        expect(read.ok && read.yaml.raw).toStrictEqual({ id: "acme" });
    });
});
