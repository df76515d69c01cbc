/**
 * Every rule of the tenant file has a fixture in test/fixtures/tenants/invalid/ that breaks it; each
 * test asserts the file, the field path, the message (what is allowed) and, where it matters, the line.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
    API_QUOTA_KEYS,
    FEATURE_NAMES,
    QUOTA_KEYS,
    TIERS,
    formatTenantFileError,
    loadTenants,
    parseTenantFile,
    type TenantFileError,
} from "../../components/model";
import { fixtureDir, tenantYaml, errorsOf } from "./helpers";

const INVALID = fixtureDir("invalid");

interface Expected {
    field: string;
    /** Every substring must appear in the message. */
    says: string[];
    line?: number;
    column?: number;
}

function errorsOfFixture(name: string): TenantFileError[] {
    const file = path.join(INVALID, name);
    return parseTenantFile(file, fs.readFileSync(file, "utf8")).errors;
}

/** The fixture gives exactly the expected errors, each naming its file. */
function expectErrors(name: string, expected: Expected[]) {
    const errors = errorsOfFixture(name);
    expect(errors.map((e) => e.field).sort()).toEqual(expected.map((e) => e.field).sort());
    for (const want of expected) {
        const error = errors.find((e) => e.field === want.field && want.says.every((s) => e.message.includes(s)));
        expect(error, `${name}: ${want.field} should say ${JSON.stringify(want.says)}; got ${JSON.stringify(errors)}`).toBeDefined();
        expect(error!.file).toBe(path.join(INVALID, name));
        if (want.line !== undefined) expect(error!.line).toBe(want.line);
        if (want.column !== undefined) expect(error!.column).toBe(want.column);
    }
}

const cases: [string, string, Expected[]][] = [
    ["id too long", "abcdefghij-abcdefghij-abcdefghij.yaml", [{ field: "id", says: ["2 to 30 characters", "got 32"], line: 2, column: 5 }]],
    ["id too short", "a.yaml", [{ field: "id", says: ["2 to 30 characters", "got 1"] }]],
    ["id pattern", "9lives.yaml", [{ field: "id", says: ["lower-case letters, digits and '-'", "start with a letter"] }]],
    ["reserved id", "master.yaml", [{ field: "id", says: ['"master" is reserved'] }]],
    ["reserved prefix", "kube-tools.yaml", [{ field: "id", says: ['starting with "kube-" are reserved'] }]],
    ["double hyphen", "xn--bad.yaml", [{ field: "id", says: ["must not contain '--'"] }]],
    ["id differs from the file name", "id-mismatch.yaml", [{ field: "id", says: ['"id-mismatched" must equal the file name "id-mismatch"'], line: 2 }]],
    ["unknown top-level key", "unknown-top-key.yaml", [{ field: "descripton", says: ["is not a known field", "spelling"], line: 7, column: 1 }]],
    [
        "unknown nested keys",
        "unknown-nested-key.yaml",
        [
            { field: "settings.quotas.max_api", says: ["is not a known field"], line: 9, column: 5 },
            { field: "settings.feature", says: ["is not a known field"], line: 10, column: 3 },
        ],
    ],
    ["status enum", "bad-status.yaml", [{ field: "status", says: ['"active", "suspended", "archived"', 'got the text "paused"'], line: 4 }]],
    ["tier enum", "bad-tier.yaml", [{ field: "tier", says: ['"community", "starter", "business", "enterprise"', '"gold"'], line: 5 }]],
    ["created_at format", "bad-created-at.yaml", [{ field: "created_at", says: ["ISO-8601 date-time with a time zone"], line: 6 }]],
    ["archived_at format", "bad-archived-at.yaml", [{ field: "archived_at", says: ["ISO-8601 date-time with a time zone"], line: 7 }]],
    ["archived needs archived_at", "archived-without-date.yaml", [{ field: "archived_at", says: ["required when status is archived"] }]],
    ["archived_at only when archived", "active-with-archived-at.yaml", [{ field: "archived_at", says: ["only allowed when status is archived", "status is active"], line: 7 }]],
    ["archived_at not before created_at", "archived-before-created.yaml", [{ field: "archived_at", says: ["must not be before created_at"], line: 7 }]],
    ["email_alerts needs addresses", "email-without-addresses.yaml", [{ field: "settings.notifications.email_addresses", says: ["required when email_alerts is true"] }]],
    ["webhook https only", "webhook-http.yaml", [{ field: "settings.notifications.webhook_url", says: ["must be an https URL"], line: 9 }]],
    [
        "malformed quantities and counts",
        "bad-quantities.yaml",
        [
            { field: "settings.resources.cpu", says: ["Kubernetes quantity", "no exponent"], line: 9 },
            { field: "settings.resources.memory", says: ["Kubernetes quantity"], line: 10 },
            { field: "settings.resources.storage", says: ["Kubernetes quantity", "no sign"], line: 11 },
            { field: "settings.resources.pods", says: ["whole number", "got 1.5"], line: 12 },
        ],
    ],
    [
        "wrong types",
        "wrong-types.yaml",
        [
            { field: "settings.quotas.max_apis", says: ["must be a number", '"fifty"'] },
            { field: "settings.access.production_write", says: ["true or false", '"yes"'] },
            { field: "settings.retention_days", says: ["greater than 0"] },
        ],
    ],
    ["YAML syntax error", "yaml-syntax-error.yaml", [{ field: "(yaml)", says: ["Flow map"], line: 9, column: 3 }]],
    ["duplicate YAML key", "duplicate-key.yaml", [{ field: "(yaml)", says: ['"tier" appears twice'], line: 7, column: 1 }]],
    ["empty file", "empty.yaml", [{ field: "(file)", says: ["is empty", "id, name, status, tier and created_at"] }]],
    ["not a mapping", "not-a-mapping.yaml", [{ field: "(file)", says: ["must be a mapping of fields", "got a list"] }]],
    [
        "missing required fields",
        "missing-fields.yaml",
        [
            { field: "id", says: ["is required"] },
            { field: "status", says: ["is required", '"active"'] },
            { field: "tier", says: ["is required", '"community"'] },
            { field: "created_at", says: ["is required", "ISO-8601"] },
        ],
    ],
];

describe("each rule, broken by its own fixture", () => {
    it.each(cases)("%s (%s)", (_rule, name, expected) => expectErrors(name, expected));

    it("names every quota key above the ceiling, with the tier and the ceiling", () => {
        const errors = errorsOfFixture("above-ceilings.yaml");
        const ceilings = TIERS.community;
        for (const key of QUOTA_KEYS) {
            const error = errors.find((e) => e.field === `settings.resources.${key}`);
            expect(error?.message, key).toContain(`above the community tier's ceiling of ${ceilings.quota.ceiling[key]}`);
        }
        for (const key of API_QUOTA_KEYS) {
            const error = errors.find((e) => e.field === `settings.quotas.${key}`);
            expect(error?.message, key).toContain(`above the community tier's ceiling of ${ceilings.apiQuotas.ceiling[key]}`);
        }
        expect(errors).toHaveLength(QUOTA_KEYS.length + API_QUOTA_KEYS.length);
    });

    it("names the tier for every feature it does not allow, and where the feature starts", () => {
        const errors = errorsOfFixture("features-above-tier.yaml");
        const refused = FEATURE_NAMES.filter((f) => !TIERS.community.features.allowed.includes(f));
        expect(errors.map((e) => e.field).sort()).toEqual(refused.map((f) => `settings.features.${f}`).sort());
        for (const error of errors) expect(error.message).toMatch(/not available on the community tier \(available from the \w+ tier\)/);
        expect(errors.find((e) => e.field === "settings.features.white_label")!.message).toContain("from the enterprise tier");
    });

    it("accepts a value equal to the ceiling and refuses one just above", () => {
        const ceiling = TIERS.starter.apiQuotas.ceiling.max_apis;
        const at = tenantYaml("sample", { tier: "starter", settings: { quotas: { max_apis: ceiling }, resources: { memory: TIERS.starter.quota.ceiling.memory } } });
        expect(errorsOf(at)).toEqual([]);
        const above = tenantYaml("sample", { tier: "starter", settings: { quotas: { max_apis: ceiling + 1 }, resources: { memory: "8193Mi" } } });
        expect(errorsOf(above).map((e) => e.field).sort()).toEqual(["settings.quotas.max_apis", "settings.resources.memory"]);
    });

    it("formats an error as <file>: <field>: <message> (line L, column C)", () => {
        const [error] = errorsOfFixture("bad-tier.yaml");
        expect(formatTenantFileError(error)).toBe(`${path.join(INVALID, "bad-tier.yaml")}: tier: ${error.message} (line 5, column 7)`);
    });
});

describe("a folder", () => {
    it("reports every error of every file in one run", () => {
        const result = loadTenants(INVALID);
        expect(result.ok).toBe(false);
        const errors = result.ok ? [] : result.errors;
        const files = fs.readdirSync(INVALID).map((name) => path.join(INVALID, name));
        // Every file of the folder (including the stray notes.txt) has at least one error …
        expect(new Set(errors.map((e) => e.file))).toEqual(new Set(files));
        // … and the folder reports exactly what each file reports on its own.
        for (const name of fs.readdirSync(INVALID).filter((n) => n.endsWith(".yaml"))) {
            expect(errors.filter((e) => e.file === path.join(INVALID, name))).toEqual(errorsOfFixture(name));
        }
    });

    it("refuses two files that declare the same id (x.yaml and x.yml)", () => {
        const dir = fixtureDir("duplicate");
        const result = loadTenants(dir);
        expect(result.ok).toBe(false);
        expect(result.ok ? [] : result.errors).toEqual([
            { file: path.join(dir, "twin.yml"), field: "id", message: expect.stringContaining(`"twin" is already declared by ${path.join(dir, "twin.yaml")}`) },
        ]);
    });

    it("reports a file that is not a tenant file instead of ignoring it", () => {
        const result = loadTenants(INVALID);
        const stray = result.ok ? undefined : result.errors.find((e) => e.file.endsWith("notes.txt"));
        expect(stray?.message).toContain("is not a tenant file");
    });

    it("reports a missing folder", () => {
        const result = loadTenants(fixtureDir("no-such-folder"));
        expect(result.ok ? [] : result.errors).toEqual([expect.objectContaining({ field: "(folder)", message: "tenant folder not found" })]);
    });

    it("accepts an empty folder with no tenants", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tenants-"));
        try {
            expect(loadTenants(dir)).toEqual({ ok: true, tenants: [], retired: [] });
        } finally {
            fs.rmSync(dir, { recursive: true });
        }
    });
});

describe("typos never pass", () => {
    const typos: [string, Record<string, unknown>, string][] = [
        ["top level", { statuss: "active" }, "statuss"],
        ["settings", { settings: { quota: {} } }, "settings.quota"],
        ["quotas", { settings: { quotas: { max_rate: 5 } } }, "settings.quotas.max_rate"],
        ["features", { settings: { features: { mcp: true } } }, "settings.features.mcp"],
        ["notifications", { settings: { notifications: { webhook: "https://a.example" } } }, "settings.notifications.webhook"],
        ["resources", { settings: { resources: { cpus: "1" } } }, "settings.resources.cpus"],
        ["access", { settings: { access: { prod_write: true } } }, "settings.access.prod_write"],
    ];
    it.each(typos)("in %s", (_where, changes, field) => {
        expect(errorsOf(tenantYaml("sample", changes))).toEqual([expect.objectContaining({ field, message: expect.stringContaining("is not a known field") })]);
    });
});
