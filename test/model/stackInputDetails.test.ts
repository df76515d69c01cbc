/**
 * The stack file's reading, pinned by literals: a key written without a value is read as null (not
 * mistaken for a `secure:` value), and values that come without a parsed file (from Pulumi's
 * configuration) are checked the same, their problems without a line.
 */
import { describe, expect, it } from "vitest";
import { checkStackConfig, parseStackFile } from "../../components/model";

const FILE = "Pulumi.prod.yaml";

describe("parseStackFile", () => {
    it("a key without a value is read as null, next to a secure value read as the placeholder", () => {
        const parsed = parseStackFile(FILE, "config:\n  stoa-tenancy:tenantsDir:\n  stoa-tenancy:grafanaUrl:\n    secure: AAABAJ\n");
        expect(parsed.ok && parsed.value.raw).toStrictEqual({ tenantsDir: null, grafanaUrl: "[secret]" });
    });
});

describe("checkStackConfig", () => {
    it("values without a parsed file are checked, and their problems have no line", () => {
        const checked = checkStackConfig("Pulumi.prod.yaml (from Pulumi)", { raw: { environment: "qa" } });
        expect(checked.config).toBeUndefined();
        expect(checked.problems[0]).toStrictEqual({ file: "Pulumi.prod.yaml (from Pulumi)", field: "stoa-tenancy:environment", message: 'must be one of "dev", "staging", "prod", got the text "qa"' });
    });
});
