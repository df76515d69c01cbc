/**
 * Message details pinned by literals: zod's bounds are rewritten only when zod wrote the message
 * (a message of our own is kept, wherever it says "Too big"), a value missing at the root is not
 * "required", only runs of three backticks are escaped, and an excerpt's length limit at its edge.
 */
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { describeIssue } from "../../components/model/issues";
import { escapeText, excerpt } from "../../components/model/problems";

function issueOf(schema: z.ZodType, value: unknown) {
    const result = schema.safeParse(value);
    if (result.success) throw new Error("expected an issue");
    return result.error.issues[0];
}

describe("describeIssue: our own messages are kept", () => {
    it("a bound with a message of our own is not rewritten, even when the message says Too big", () => {
        const value = { name: "abcd" };
        expect(describeIssue(issueOf(z.object({ name: z.string().max(3, "is Too big for a name (3 characters)") }), value), value)).toBe("is Too big for a name (3 characters)");
    });

    it("a refinement whose message starts like zod's bound message is kept as written", () => {
        const value = { name: "abcd" };
        const schema = z.object({ name: z.string().refine(() => false, { message: "Too big: a name is one word" }) });
        expect(describeIssue(issueOf(schema, value), value)).toBe("Too big: a name is one word");
    });
});

describe("describeIssue: a value missing at the root", () => {
    it("is described as what was found, not as a required field", () => {
        expect(describeIssue(issueOf(z.string(), undefined), undefined)).toBe("must be text, got undefined");
    });
});

describe("escapeText", () => {
    it("escapes runs of three or more backticks, and leaves one or two as written", () => {
        expect(escapeText("a `b` c ``d``")).toBe("a `b` c ``d``");
        expect(escapeText("x```y````z")).toBe("x\\u0060\\u0060\\u0060y\\u0060\\u0060\\u0060\\u0060z");
    });
});

describe("excerpt", () => {
    it("a text of exactly 40 characters is quoted whole; a longer one is cut at 40 characters with its length", () => {
        const forty = "abcdefghij".repeat(4);
        expect(excerpt(forty)).toBe(`"${forty}"`);
        expect(excerpt(`${forty}k`)).toBe(`"${forty}…" (41 characters)`);
        expect(excerpt("0123456789".repeat(10))).toBe(`"${"0123456789".repeat(4)}…" (100 characters)`);
    });
});
