/**
 * What a tenant-file author reads: the wording of type and range errors, the field path, and the
 * one-line-per-problem summary of loadTenantsOrThrow. Cases found unguarded by mutation testing.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatFieldPath, listTenantFiles, loadTenants, loadTenantsOrThrow, parseTenantFile } from "../../components/model/load";

const BASE = "id: probe\nname: Probe\nstatus: active\ntier: community\ncreated_at: 2025-01-15T09:00:00Z\n";
const errorsOf = (text: string) => parseTenantFile("tenants/probe.yaml", text).errors.map((e) => `${e.field}: ${e.message} (line ${e.line})`);

describe("tenant file messages", () => {
    it("names what was found instead of the expected type", () => {
        expect(errorsOf(`${BASE}settings: null\n`)).toEqual(["settings: must be a mapping of fields (key: value lines), got nothing (null) (line 6)"]);
        expect(errorsOf(BASE.replace("name: Probe\n", "name: {a: 1}\n"))).toEqual(["name: must be text, got a mapping (line 2)"]);
    });
    it("states a lower bound in words", () => {
        expect(errorsOf(`${BASE}settings:\n  quotas:\n    max_apis: 0\n`)).toEqual(["settings.quotas.max_apis: must be greater than 0 (line 8)"]);
    });
    it("refuses a second YAML document", () => {
        expect(errorsOf(`${BASE}---\nid: x\n`)).toEqual(["(yaml): holds more than one YAML document: the file is exactly one (remove the '---' line) (line 6)"]);
    });
    it("writes field paths as a reader would type them", () => {
        expect(formatFieldPath([])).toBe("(file)");
        expect(formatFieldPath(["settings", "quotas", 0, "x"])).toBe("settings.quotas[0].x");
    });
    it("throws one line per problem, with file, field, message and position", () => {
        expect(() => loadTenantsOrThrow("test/fixtures/tenants/one-bad")).toThrow(
            "1 problem in the input files:\n  test/fixtures/tenants/one-bad/broken.yaml: settings.quotas.max_apis: 11 is above the community tier's ceiling of 10 (line 9, column 15)",
        );
        expect(loadTenantsOrThrow("test/fixtures/tenants/valid").map((t) => t.id)).toEqual(["brief-example", "minimal"]);
    });
});

describe("listTenantFiles", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stoa-list-"));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    it("lists the YAML files sorted by name, whatever order the folder gives, without the folder's extras", () => {
        // Created in name order: several file systems list the newest first.
        for (const name of ["alpha.yaml", "bravo.yml", "charlie.yaml", "README.md", ".hidden.yaml", "notes.txt", "retired.yaml"]) fs.writeFileSync(path.join(dir, name), "");
        expect(listTenantFiles(dir).map((file) => path.basename(file))).toEqual(["alpha.yaml", "bravo.yml", "charlie.yaml"]);
    });
    it("names a folder that does not exist", () => {
        expect(() => listTenantFiles(path.join(dir, "missing"))).toThrow(`${path.join(dir, "missing")}: tenant folder not found`);
    });
});

describe("loadTenants on a folder with stray entries", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stoa-stray-"));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    it("names every entry that is not a tenant file, sorted, hidden ones included", () => {
        fs.copyFileSync("test/fixtures/tenants/valid/minimal.yaml", path.join(dir, "minimal.yaml"));
        // Created in name order: several file systems list the newest first.
        for (const name of [".hidden", "a.txt", "b.yaml.bak", "c.YAML"]) fs.writeFileSync(path.join(dir, name), "");
        fs.mkdirSync(path.join(dir, "d"));
        const result = loadTenants(dir);
        expect(result.ok).toBe(false);
        const errors = result.ok ? [] : result.errors;
        expect(errors.map((e) => `${path.basename(e.file)} ${e.field}`)).toEqual([".hidden (file)", "a.txt (file)", "b.yaml.bak (file)", "c.YAML (file)", "d (file)"]);
        expect(errors[0].message).toBe(
            "is a hidden file: the folder holds only <id>.yaml files (and tenant.schema.json, README.md, retired.yaml, retired.schema.json, shards.yaml, .gitkeep); move it elsewhere",
        );
        expect(errors[1].message).toBe(
            "is not a tenant file: the folder holds only <id>.yaml files (and tenant.schema.json, README.md, retired.yaml, retired.schema.json, shards.yaml, .gitkeep); rename it to <id>.yaml or move it elsewhere",
        );
    });
});
