/**
 * Small pieces of the model's messages, each on its own function: zod's bounds rewritten with their
 * unit, a quoted excerpt keeping quotes and backslashes readable, one-line display text, real dates,
 * and the cross-field refusal of a weaker database isolation than the tier's.
 */
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { describeIssue } from "../../components/model/issues";
import { excerpt } from "../../components/model/problems";
import { displayTextProblem } from "../../components/model/text";
import { crossFieldProblems, isRealDate } from "../../components/model/schema";

function issueOf(schema: z.ZodType, value: unknown) {
    const result = schema.safeParse(value);
    if (result.success) throw new Error("expected an issue");
    return result.error.issues[0];
}

describe("describeIssue: bounds with their unit", () => {
    it("text counts characters, lists count items, numbers have no unit", () => {
        expect(describeIssue(issueOf(z.object({ name: z.string().max(3) }), { name: "abcd" }), { name: "abcd" })).toBe("must be at most 3 characters");
        expect(describeIssue(issueOf(z.object({ ids: z.array(z.string()).min(2) }), { ids: ["a"] }), { ids: ["a"] })).toBe("must be at least 2 items");
        expect(describeIssue(issueOf(z.object({ n: z.number().gt(0) }), { n: 0 }), { n: 0 })).toBe("must be greater than 0");
        expect(describeIssue(issueOf(z.object({ n: z.number().lt(5) }), { n: 5 }), { n: 5 })).toBe("must be less than 5");
    });
});

describe("describeIssue: what was found", () => {
    it("a wrong type names what is allowed and what was found", () => {
        expect(describeIssue(issueOf(z.object({ n: z.number() }), { n: "x" }), { n: "x" })).toBe('must be a number, got the text "x"');
        expect(describeIssue(issueOf(z.object({ on: z.boolean() }), { on: null }), { on: null })).toBe("must be true or false, got nothing (null)");
    });

    it("a union keeps zod's words and names what was found", () => {
        const schema = z.object({ v: z.union([z.string(), z.number()]) });
        expect(describeIssue(issueOf(schema, { v: true }), { v: true })).toBe("Invalid input, got true");
    });

    it("a field under a value that is not a mapping is missing", () => {
        const issue = issueOf(z.object({ ids: z.array(z.string()) }), { ids: [1] });
        expect(issue.path).toEqual(["ids", 0]);
        expect(describeIssue(issue, { ids: null })).toBe("is required (must be text)");
        expect(describeIssue(issue, { ids: "abc" })).toBe("is required (must be text)");
        expect(describeIssue(issue, { ids: [1] })).toBe("must be text, got 1");
    });

    it("an unknown key points at the tenant schema unless told another", () => {
        const issue = issueOf(z.strictObject({ id: z.string() }), { id: "a", tierr: "x" });
        expect(describeIssue(issue, {})).toBe("is not a known field (check the spelling; tenants/tenant.schema.json lists every field)");
        expect(describeIssue(issue, {}, "retired.schema.json")).toBe("is not a known field (check the spelling; tenants/retired.schema.json lists every field)");
    });
});

describe("excerpt", () => {
    it("escapes the quotes and backslashes inside the value", () => {
        expect(excerpt('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
    });
});

describe("displayTextProblem", () => {
    it("a name (one line) refuses a tab; a description (multiLine) keeps it", () => {
        expect(displayTextProblem("Acme\tCorp")).toBe("must be one line, without tabs or line breaks (U+0009 at character 5)");
        expect(displayTextProblem("Acme\tCorp", true)).toBeUndefined();
    });
});

describe("isRealDate", () => {
    it("text that does not start with a date is no date", () => {
        expect(isRealDate("yesterday")).toBe(false);
        expect(isRealDate("2026-02-29T00:00:00Z")).toBe(false);
        expect(isRealDate("2028-02-29T00:00:00Z")).toBe(true);
    });
});

describe("crossFieldProblems: database isolation", () => {
    it("an enterprise tenant asking for the schema model is refused at settings.database_isolation", () => {
        expect(crossFieldProblems({ id: "acme", tier: "enterprise", settings: { database_isolation: "schema" } })).toContainEqual({
            path: ["settings", "database_isolation"],
            message: "schema is weaker than the enterprise tier's database model; a tenant may ask only for a stronger model",
        });
        expect(crossFieldProblems({ id: "acme", tier: "community", settings: { database_isolation: "database" } })).toEqual([]);
    });
});
