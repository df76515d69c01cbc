/**
 * Messages of single fields, pinned by literals through the loader's own functions: an invalid tenant
 * id (in a tenant file and in retired.yaml), a control character in a name and in a retired entry's
 * reason (where a line break is fine), a webhook that is not https, a portal redirect URI without
 * {tenant}; and when an archived tenant's retention ends.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { checkStackConfig, parseRetiredFile, parseStackFile, parseTenantFile, retentionEnded } from "../../components/model";
import { PROJECT_DIR } from "./helpers";

const NOW = new Date("2026-06-01T00:00:00Z");
const REST = "name: A\nstatus: active\ntier: community\ncreated_at: 2025-01-15T09:00:00Z\n";
const errorsOf = (file: string, text: string) => parseTenantFile(file, text, new Map(), NOW).errors;

describe("tenant file fields", () => {
    it("an id that is not a DNS label is refused with the id rule", () => {
        expect(errorsOf("tenants/Acme_1.yaml", `id: Acme_1\n${REST}`)).toStrictEqual([
            { file: "tenants/Acme_1.yaml", field: "id", message: "must be lower-case letters, digits and '-', start with a letter and end with a letter or digit", line: 1, column: 5 },
        ]);
    });

    it("a control character in the name is refused, naming it and where it is", () => {
        expect(errorsOf("tenants/acme.yaml", 'id: acme\nname: "A\\u0007B"\nstatus: active\ntier: community\ncreated_at: 2025-01-15T09:00:00Z\n')).toStrictEqual([
            { file: "tenants/acme.yaml", field: "name", message: "must not contain control characters (U+0007 at character 2)", line: 2, column: 7 },
        ]);
    });

    it("a webhook that is not https is refused with the webhook rule", () => {
        expect(errorsOf("tenants/acme.yaml", `id: acme\n${REST}settings:\n  notifications:\n    webhook_url: http://hooks.acme.example/x\n`)).toStrictEqual([
            {
                file: "tenants/acme.yaml",
                field: "settings.notifications.webhook_url",
                message: "must be an https URL to a public host name, e.g. https://hooks.example.com/stoa: the scheme must be https",
                line: 8,
                column: 18,
            },
        ]);
    });
});

describe("retired.yaml fields", () => {
    it("an invalid retired id and a control character in a reason are refused; a reason of several lines is fine", () => {
        const text =
            "retired:\n  - id: Bad_Id\n    retired_at: 2026-01-01T00:00:00Z\n    reason: \"line one\\nline two\"\n" +
            '  - id: umbrella\n    retired_at: 2026-01-01T00:00:00Z\n    reason: "bell\\u0007"\n  - id: hooli\n    retired_at: 2026-01-01T00:00:00Z\n    reason: "contract ended\\nkept until 2030"\n';
        expect(parseRetiredFile("tenants/retired.yaml", text).errors).toStrictEqual([
            {
                file: "tenants/retired.yaml",
                field: "retired[0].id",
                message: "must be lower-case letters, digits and '-', start with a letter and end with a letter or digit",
                line: 2,
                column: 9,
            },
            { file: "tenants/retired.yaml", field: "retired[1].reason", message: "must not contain control characters (U+0007 at character 5)", line: 7, column: 13 },
        ]);
        const valid = parseRetiredFile("tenants/retired.yaml", "retired:\n  - id: hooli\n    retired_at: 2026-01-01T00:00:00Z\n    reason: \"contract ended\\nkept until 2030\"\n");
        expect(valid.errors).toEqual([]);
        expect(valid.entries).toStrictEqual([{ id: "hooli", retired_at: "2026-01-01T00:00:00Z", reason: "contract ended\nkept until 2030" }]);
    });
});

describe("stack file fields", () => {
    it("a portal redirect URI without {tenant} is refused at its line", () => {
        const text = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8").replace("https://portal.dev.stoa.example/{tenant}/callback", "https://portal.dev.stoa.example/callback");
        const parsed = parseStackFile("Pulumi.dev.yaml", text);
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
        expect(checkStackConfig("Pulumi.dev.yaml", parsed.value).problems).toStrictEqual([
            { file: "Pulumi.dev.yaml", field: "stoa-tenancy:portalRedirectUris[0]", message: "must contain {tenant}", line: 11, column: 7 },
        ]);
    });
});

describe("retentionEnded", () => {
    it("only an archived tenant's retention ends, at its retain-until instant", () => {
        expect(retentionEnded({ status: "archived", retainUntil: "2026-06-01T00:00:00.000Z" }, NOW)).toBe(true);
        expect(retentionEnded({ status: "archived", retainUntil: "2026-06-01T00:00:00.001Z" }, NOW)).toBe(false);
        expect(retentionEnded({ status: "archived", retainUntil: undefined }, NOW)).toBe(false);
        expect(retentionEnded({ status: "active", retainUntil: "2020-01-01T00:00:00.000Z" }, NOW)).toBe(false);
        expect(retentionEnded({ status: "suspended", retainUntil: "2020-01-01T00:00:00.000Z" }, NOW)).toBe(false);
    });
});
