/**
 * tenants/retired.yaml: the loader reads it (optional), validates it strictly with positions, and
 * refuses a tenant file whose id is retired; the committed JSON Schema matches the model.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { RETIRED_FILE, listTenantFiles, loadTenants, retiredIdProblem, tenantIdProblem, type TenantFileError } from "../../components/model";
import { RETIRED_SCHEMA_FILE, generatedFiles } from "../../scripts/generate-schema";
import { PROJECT_DIR, removeTempFolders, tempFolder, tenantYaml } from "./helpers";

afterAll(removeTempFolders);

/** A tenant folder with the given files, loaded with paths relative to it (as the loader reports them). */
const folder = (files: Record<string, string>) => tempFolder("retired", files);

const errorsOf = (dir: string): TenantFileError[] => {
    const result = loadTenants(dir);
    return result.ok ? [] : result.errors;
};

const UMBRELLA = `# Ids of removed tenants.
retired:
  - id: umbrella
    retired_at: 2026-10-01T00:00:00Z
    reason: contract ended; data retained until 2027-10-01
`;

describe("tenants/retired.yaml in the loader", () => {
    it("a valid registry loads beside the tenants and is not a tenant file", () => {
        const dir = folder({ "oasis.yaml": tenantYaml("oasis"), [RETIRED_FILE]: UMBRELLA });
        const result = loadTenants(dir);
        expect(result.ok ? [] : result.errors).toEqual([]);
        expect(result.ok && result.tenants.map((t) => t.id)).toEqual(["oasis"]);
        expect(result.ok && result.retired).toEqual([{ id: "umbrella", retired_at: "2026-10-01T00:00:00Z", reason: "contract ended; data retained until 2027-10-01" }]);
        expect(listTenantFiles(dir).map((f) => path.basename(f))).toEqual(["oasis.yaml"]);
    });

    it("a folder without the registry still loads, with no retired ids", () => {
        const result = loadTenants(folder({ "oasis.yaml": tenantYaml("oasis") }));
        expect(result.ok && result.retired).toEqual([]);
        expect(result.ok && result.tenants.map((t) => t.id)).toEqual(["oasis"]);
    });

    it("refuses a tenant file whose id is retired, on its id field, naming the entry and why", () => {
        const dir = folder({ "umbrella.yaml": tenantYaml("umbrella"), [RETIRED_FILE]: UMBRELLA });
        const errors = errorsOf(dir);
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatchObject({ file: path.join(dir, "umbrella.yaml"), field: "id", line: 1, column: 5 });
        expect(errors[0].message).toContain(`"umbrella" is a retired id (${path.join(dir, RETIRED_FILE)}, retired[0]: retired 2026-10-01T00:00:00Z, "contract ended`);
        expect(errors[0].message).toMatch(/ids are never reused.*retained data \(namespace, realm, schema, backups\)/);
    });

    it("reports an unknown key, a bad id and a duplicate with their positions, together with the tenant files' errors", () => {
        const registry = `retired:
  - id: umbrella
    retired_at: 2026-10-01T00:00:00Z
    reason: contract ended
    note: typo
  - id: Bad_Id
    retired_at: 2026-10-02T00:00:00Z
    reason: test
  - id: umbrella
    retired_at: 2026-10-03T00:00:00Z
    reason: twice
`;
        const dir = folder({ [RETIRED_FILE]: registry, "broken.yaml": tenantYaml("broken", { tier: "platinum" }), "umbrella.yaml": tenantYaml("umbrella") });
        const byField = new Map(errorsOf(dir).map((e) => [`${path.basename(e.file)} ${e.field}`, e]));
        expect([...byField.keys()].sort()).toEqual([
            "broken.yaml tier",
            "retired.yaml retired[0].note",
            "retired.yaml retired[1].id",
            "retired.yaml retired[2].id",
            "umbrella.yaml id",
        ]);
        expect(byField.get("retired.yaml retired[0].note")).toMatchObject({ line: 5, column: 5, message: expect.stringContaining("tenants/retired.schema.json") });
        expect(byField.get("retired.yaml retired[1].id")).toMatchObject({ line: 6, column: 9, message: expect.stringMatching(/lower-case letters/) });
        expect(byField.get("retired.yaml retired[2].id")).toMatchObject({ line: 9, column: 9, message: expect.stringContaining('"umbrella" is already listed at retired[0]') });
    });

    it("reports a registry that is not the expected shape", () => {
        const errors = errorsOf(folder({ [RETIRED_FILE]: "retired:\n  - umbrella\n" }));
        expect(errors).toEqual([expect.objectContaining({ field: "retired[0]", line: 2, column: 5 })]);
    });

    it("accepts a retired id that is reserved today (legacy) but not one of the wrong shape", () => {
        expect(tenantIdProblem("admin")).toBeDefined();
        expect(retiredIdProblem("admin")).toBeUndefined();
        expect(retiredIdProblem("stoa-legacy")).toBeUndefined();
        expect(retiredIdProblem("x")).toMatch(/characters long/);
        expect(retiredIdProblem("xn--bad")).toMatch(/--/);
        // The registry's own file name can never be a tenant's.
        expect(tenantIdProblem("retired")).toMatch(/reserved/);
    });
});

describe("tenants/retired.schema.json", () => {
    it("is up to date (run `npm run schema` and commit)", () => {
        const generated = generatedFiles(PROJECT_DIR).find((g) => g.file === RETIRED_SCHEMA_FILE);
        expect(generated, `${RETIRED_SCHEMA_FILE} is missing`).toBeDefined();
        expect(generated!.actual).toBe(generated!.expected);
    });

    it("agrees with the loader on valid and invalid registries", () => {
        const validate = new Ajv({ allErrors: true }).compile(JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, RETIRED_SCHEMA_FILE), "utf8")));
        expect(validate(parse(UMBRELLA)), JSON.stringify(validate.errors)).toBe(true);
        for (const bad of ["retired:\n  - id: umbrella\n    retired_at: 2026-10-01T00:00:00Z\n", "retired: []\nextra: 1\n", "retired:\n  - id: a--b\n    retired_at: 2026-10-01T00:00:00Z\n    reason: r\n"]) {
            expect(validate(parse(bad)), bad).toBe(false);
            expect(errorsOf(folder({ [RETIRED_FILE]: bad })), bad).not.toEqual([]);
        }
    });
});
