/**
 * Tenant-file details pinned by literals: the retired-id check reads the declared id, or the file name
 * when the id is not text; field paths quote keys that are long, unprintable or empty; a requested
 * database isolation wins over the tier's; a quota written as text is no number for the tier's
 * ceiling; and isRealDate's edges.
 */
import { describe, expect, it } from "vitest";
import { formatFieldPath, isRealDate, parseTenantFile } from "../../components/model";
import { tenantOf, tenantYaml } from "./helpers";

const NOW = new Date("2026-06-01T00:00:00Z");
const REST = "name: A\nstatus: active\ntier: community\ncreated_at: 2025-01-15T09:00:00Z\n";
const RETIRED = new Map([["umbrella", { file: "tenants/retired.yaml", index: 0 }]]);
const RETIRED_MESSAGE =
    '"umbrella" is a retired id (tenants/retired.yaml, retired[0]): ids are never reused, because the removed tenant\'s retained data (namespace, realm, schema, backups) would become this tenant\'s. Choose another id.';

describe("parseTenantFile: the retired-id check", () => {
    it("reads the declared id, not the file name, when the id is text", () => {
        expect(parseTenantFile("tenants/globex.yaml", `id: umbrella\n${REST}`, RETIRED, NOW).errors).toStrictEqual([
            { file: "tenants/globex.yaml", field: "id", message: '"umbrella" must equal the file name "globex" (rename the file or fix the id; ids are immutable)', line: 1, column: 5 },
            { file: "tenants/globex.yaml", field: "id", message: RETIRED_MESSAGE, line: 1, column: 5 },
        ]);
    });

    it("reads the file name when the id is missing or not text", () => {
        expect(parseTenantFile("tenants/umbrella.yaml", REST, RETIRED, NOW).errors).toStrictEqual([
            { file: "tenants/umbrella.yaml", field: "id", message: "is required (must be text)", line: 1, column: 1 },
            { file: "tenants/umbrella.yaml", field: "id", message: RETIRED_MESSAGE, line: 1, column: 1 },
        ]);
        expect(parseTenantFile("tenants/umbrella.yaml", `id: 5\n${REST}`, RETIRED, NOW).errors).toStrictEqual([
            { file: "tenants/umbrella.yaml", field: "id", message: "must be text, got 5", line: 1, column: 5 },
            { file: "tenants/umbrella.yaml", field: "id", message: RETIRED_MESSAGE, line: 1, column: 5 },
        ]);
    });
});

describe("parseTenantFile: values of the wrong type stay out of the tier rules", () => {
    it("a quota written as text is refused for its type only, not compared with the tier's ceiling", () => {
        expect(parseTenantFile("tenants/acme.yaml", `id: acme\n${REST}settings:\n  quotas:\n    max_apis: "1000000"\n    max_calls_per_month: "5"\n`, new Map(), NOW).errors).toStrictEqual([
            { file: "tenants/acme.yaml", field: "settings.quotas.max_apis", message: 'must be a number, got the text "1000000"', line: 8, column: 15 },
            { file: "tenants/acme.yaml", field: "settings.quotas.max_calls_per_month", message: 'must be a number, got the text "5"', line: 9, column: 26 },
        ]);
    });
});

describe("formatFieldPath", () => {
    it("shows a key of up to 40 printable characters as it is, and quotes a longer, an unprintable or an empty one", () => {
        const forty = "abcdefghij".repeat(4);
        expect(formatFieldPath(["settings", forty])).toBe(`settings.${forty}`);
        expect(formatFieldPath(["settings", `${forty}k`])).toBe(`settings."${forty}…" (41 characters)`);
        expect(formatFieldPath(["settings", "a\u0007b"])).toBe('settings."a\\u0007b"');
        expect(formatFieldPath(["settings", ""])).toBe('settings.""');
        expect(formatFieldPath(["retired", 2, "id"])).toBe("retired[2].id");
    });
});

describe("resolveTenant: database isolation", () => {
    it("the model a tenant asks for wins over its tier's; without one, the tier's model", () => {
        expect(tenantOf(tenantYaml("acme", { settings: { database_isolation: "database" } }), "acme").databaseIsolation).toBe("database");
        expect(tenantOf(tenantYaml("acme"), "acme").databaseIsolation).toBe("schema");
    });
});

describe("isRealDate", () => {
    it("a real date with a time Date cannot read is no date", () => {
        expect(isRealDate("2025-01-15T09:00:00Z")).toBe(true);
        expect(isRealDate("2025-01-15T25:00:00Z")).toBe(false);
    });

    it("month 13 is no date, even where Date.parse reads the text another way (as 2001-12-13)", () => {
        expect(isRealDate("0012-13-01")).toBe(false);
    });

    it("the date must open the text: a weekday or a fifth year digit in front makes it no date", () => {
        expect(isRealDate("Mon 2025-01-15")).toBe(false);
        expect(isRealDate("12025-01-15")).toBe(false);
    });
});
