/**
 * The loader's details, each pinned by a literal expectation: where a whole-file problem and a wrong id
 * are placed, the cross-field rules of a file the schema refused, the ids of a retired.yaml with
 * malformed entries, the size limit at its edge, the stack file's name handed to the set-level checks,
 * the clock of loadTenants, the files listTenantFiles keeps, and the message of TenantValidationError.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
    MAX_INPUT_FILE_BYTES,
    TenantValidationError,
    listTenantFiles,
    loadFolder,
    loadTenants,
    loadTenantsOrThrow,
    parseRetiredFile,
    parseTenantFile,
    type FolderEntry,
    type FolderSource,
    type TenantSet,
} from "../../components/model";
import { removeTempFolders, tempFolder, tenantYaml } from "./helpers";

const NOW = new Date("2026-06-01T00:00:00Z");
afterAll(removeTempFolders);

const detailsFolder = (files: Record<string, string>) => tempFolder("loader-details", files);

function entry(name: string, text: string, size = Buffer.byteLength(text)): FolderEntry {
    return { name, kind: "file", size, read: () => Buffer.from(text) };
}

function memoryFolder(entries: FolderEntry[]): FolderSource {
    return { label: "tenants", fileLabel: (name) => `tenants/${name}`, list: () => ({ ok: true, entries }) };
}

describe("parseTenantFile: whole-file problems and the id", () => {
    it("a file that is a list or a text is refused as a whole, at the line where its content starts", () => {
        expect(parseTenantFile("tenants/acme.yaml", "# a tenant\n- id: acme\n", new Map(), NOW).errors).toStrictEqual([
            { file: "tenants/acme.yaml", field: "(file)", message: "must be a mapping of fields (id, name, status, tier and created_at, settings), got a list", line: 2, column: 1 },
        ]);
        expect(parseTenantFile("tenants/acme.yaml", "# a tenant\nhello\n", new Map(), NOW).errors).toStrictEqual([
            { file: "tenants/acme.yaml", field: "(file)", message: 'must be a mapping of fields (id, name, status, tier and created_at, settings), got the text "hello"', line: 2, column: 1 },
        ]);
    });

    it("an id that differs from the file name is reported at the id's own line and column", () => {
        const text = "name: A\nstatus: active\ntier: community\ncreated_at: 2025-01-15T09:00:00Z\nid: globex\n";
        expect(parseTenantFile("tenants/acme.yaml", text, new Map(), NOW).errors).toStrictEqual([
            { file: "tenants/acme.yaml", field: "id", message: '"globex" must equal the file name "acme" (rename the file or fix the id; ids are immutable)', line: 5, column: 5 },
        ]);
    });

    it("the cross-field rules still apply when the schema stopped at a non-integer count", () => {
        const text = "id: acme\nname: A\ntier: community\ncreated_at: 2025-01-15T09:00:00Z\nstatus: archived\nsettings:\n  quotas:\n    max_apis: 1.5\n";
        expect(parseTenantFile("tenants/acme.yaml", text, new Map(), NOW).errors).toStrictEqual([
            { file: "tenants/acme.yaml", field: "settings.quotas.max_apis", message: "must be a whole number, got 1.5", line: 8, column: 15 },
            { file: "tenants/acme.yaml", field: "archived_at", message: "is required when status is archived", line: 1, column: 1 },
        ]);
    });
});

describe("parseRetiredFile: malformed entries", () => {
    it("an empty file is one problem on the file and retires no id", () => {
        const parsed = parseRetiredFile("tenants/retired.yaml", "");
        expect(parsed.errors).toStrictEqual([{ file: "tenants/retired.yaml", field: "(file)", message: "must be a mapping of fields (key: value lines), got nothing (null)" }]);
        expect(parsed.ids.size).toBe(0);
        expect(parsed.entries).toEqual([]);
    });

    it("a null entry and a non-text id retire nothing; a date and a reason that are not text are left out of the id's details", () => {
        const parsed = parseRetiredFile("tenants/retired.yaml", "retired:\n  - null\n  - id: 5\n  - id: umbrella\n    retired_at: 5\n    reason: 7\n");
        expect([...parsed.ids]).toStrictEqual([["umbrella", { file: "tenants/retired.yaml", index: 2, retiredAt: undefined, reason: undefined }]]);
        expect(parsed.entries).toEqual([]);
        expect(parsed.errors.map((p) => `${p.field}: ${p.message}`)).toEqual([
            "retired[0]: must be a mapping of fields (key: value lines), got nothing (null)",
            "retired[1].id: must be text, got 5",
            "retired[1].retired_at: is required (must be an ISO-8601 date-time with a time zone, e.g. 2026-10-01T00:00:00Z)",
            "retired[1].reason: is required (must be text)",
            "retired[2].retired_at: must be an ISO-8601 date-time with a time zone, e.g. 2026-10-01T00:00:00Z, got 5",
            "retired[2].reason: must be text, got 7",
        ]);
    });

    it("a file the schema refuses has no entries, even when it parsed", () => {
        const parsed = parseRetiredFile("tenants/retired.yaml", "retired: 5\n");
        expect(parsed.entries).toEqual([]);
        expect(parsed.errors).toStrictEqual([{ file: "tenants/retired.yaml", field: "retired", message: "must be a list, got 5", line: 1, column: 10 }]);
    });
});

describe("loadFolder: the size limit and the set-level checks' input", () => {
    it("a file of exactly the limit is read; one byte more is refused unread", () => {
        expect(MAX_INPUT_FILE_BYTES).toBe(65536);
        const loaded = loadFolder(memoryFolder([entry("acme.yaml", tenantYaml("acme"), 65536), entry("globex.yaml", tenantYaml("globex"), 65537)]), { now: NOW, checks: [] });
        expect(loaded.tenants.map((t) => t.id)).toEqual(["acme"]);
        expect(loaded.problems).toStrictEqual([{ file: "tenants/globex.yaml", field: "(file)", message: "is 65537 bytes: an input file is at most 65536 bytes (not read)" }]);
    });

    it("the checks get the stack file's name, or (stack) when none was given", () => {
        const seen: (string | undefined)[] = [];
        const capture = (set: TenantSet) => {
            seen.push(set.shards?.stackFile);
            return [];
        };
        loadFolder(memoryFolder([entry("acme.yaml", tenantYaml("acme"))]), { now: NOW, checks: [capture] });
        loadFolder(memoryFolder([entry("acme.yaml", tenantYaml("acme"))]), { now: NOW, checks: [capture], stackFile: "Pulumi.prod.yaml" });
        expect(seen).toEqual(["(stack)", "Pulumi.prod.yaml"]);
    });
});

describe("loadTenants, listTenantFiles, TenantValidationError", () => {
    it("loadTenants judges created_at against the clock it is given", () => {
        const dir = detailsFolder({ "acme.yaml": tenantYaml("acme", { created_at: "2099-01-01T00:00:00Z" }) });
        const result = loadTenants(dir, new Date("2100-01-01T00:00:00Z"));
        expect(result.ok && result.tenants.map((t) => t.id)).toEqual(["acme"]);
    });

    it("listTenantFiles keeps only <id>.yaml and <id>.yml regular files, sorted, joined onto the folder", () => {
        const dir = detailsFolder({
            "globex.yml": tenantYaml("globex"),
            "acme.yaml": tenantYaml("acme"),
            "README.md": "# tenants\n",
            "retired.yaml": "retired: []\n",
            "shards.yaml": "{}\n",
            "tenant.schema.json": "{}\n",
            ".hidden.yaml": tenantYaml("hidden"),
            "notes.txt": "notes\n",
        });
        fs.mkdirSync(path.join(dir, "folder.yaml"));
        expect(listTenantFiles(dir).map((file) => path.relative(dir, file))).toEqual([
            "acme.yaml",
            "globex.yml",
        ]);
        expect(listTenantFiles(dir)[0]).toBe(path.join(dir, "acme.yaml"));
    });

    it("listTenantFiles sorts by UTF-16 code units (JavaScript's order), not by the bytes of the names", () => {
        // U+FF21 comes before U+1F600 in UTF-8 bytes (the order the file system may list them in), after it in UTF-16.
        const dir = detailsFolder({ "\uff21.yaml": tenantYaml("a"), "\u{1f600}.yaml": tenantYaml("b") });
        expect(listTenantFiles(dir).map((file) => path.relative(dir, file))).toEqual(["\u{1f600}.yaml", "\uff21.yaml"]);
    });

    it("TenantValidationError lists every problem, one per indented line, under a count in words", () => {
        const one = new TenantValidationError([{ file: "tenants/acme.yaml", field: "tier", message: "must be one of \"community\"", line: 4, column: 7 }]);
        expect(one.message).toBe('1 problem in the input files:\n  tenants/acme.yaml: tier: must be one of "community" (line 4, column 7)');
        expect(one.name).toBe("TenantValidationError");
        const two = new TenantValidationError([
            { file: "tenants/acme.yaml", field: "(file)", message: "is empty" },
            { file: "tenants/globex.yaml", field: "id", message: "is wrong", line: 1, column: 5 },
        ]);
        expect(two.message).toBe("2 problems in the input files:\n  tenants/acme.yaml: (file): is empty\n  tenants/globex.yaml: id: is wrong (line 1, column 5)");
    });

    it("loadTenantsOrThrow throws the TenantValidationError of a folder with a problem", () => {
        const dir = detailsFolder({ "acme.yaml": "" });
        expect(() => loadTenantsOrThrow(dir)).toThrow(
            `1 problem in the input files:\n  ${path.join(dir, "acme.yaml")}: (file): is empty: a tenant file needs at least id, name, status, tier and created_at`,
        );
    });
});
