/** zod's issues as problems a person can act on: what is allowed, what was found (as a short excerpt), and where. */
import type { z } from "zod";
import { excerpt, formatFieldPath, type TenantFileError } from "./problems";
import { positionOf, type ParsedYaml } from "./yamlFile";

const TYPE_WORDS: Record<string, string> = {
    string: "text",
    number: "a number",
    int: "a whole number",
    boolean: "true or false",
    object: "a mapping of fields (key: value lines)",
    array: "a list",
};

/** What a value is, for messages: never more than a short excerpt of it. */
export function describeValue(value: unknown): string {
    if (value === null) return "nothing (null)";
    if (Array.isArray(value)) return "a list";
    if (typeof value === "object") return "a mapping";
    if (typeof value === "string") return `the text ${excerpt(value)}`;
    return excerpt(String(value)).slice(1, -1);
}

function valueAt(raw: unknown, fieldPath: readonly PropertyKey[]): unknown {
    let value = raw;
    for (const part of fieldPath) {
        if (value === null || typeof value !== "object") return undefined;
        value = (value as Record<PropertyKey, unknown>)[part];
    }
    return value;
}

/** zod's own wording ("Too small: expected number to be >0") rewritten as what is allowed; our messages kept. */
export function describeIssue(issue: z.core.$ZodIssue, raw: unknown, schemaFile = "tenant.schema.json"): string {
    if (issue.code === "unrecognized_keys") {
        return `is not a known field (check the spelling; tenants/${schemaFile} lists every field)`;
    }
    const value = valueAt(raw, issue.path);
    let allowed = issue.message;
    if (issue.code === "invalid_value") {
        allowed = `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    } else if (issue.code === "invalid_type" && issue.message.startsWith("Invalid input")) {
        allowed = `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    } else if ((issue.code === "too_small" || issue.code === "too_big") && /^Too (small|big)/.test(issue.message)) {
        const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
        const words = issue.code === "too_small" ? ["at least", "greater than"] : ["at most", "less than"];
        const unit = issue.origin === "string" ? " characters" : issue.origin === "array" ? " items" : "";
        allowed = `must be ${issue.inclusive === false ? words[1] : words[0]} ${String(bound)}${unit}`;
    }
    if (issue.code === "custom") return allowed;
    if (value === undefined && issue.path.length > 0) return `is required (${allowed})`;
    if (issue.code === "invalid_type" || issue.code === "invalid_value" || issue.code === "invalid_union") {
        return `${allowed}, got ${describeValue(value)}`;
    }
    return allowed;
}

/** zod issues as file problems; one per unknown key, named by its own path, so the typo is what the message points at. */
export function issueProblems(file: string, issues: readonly z.core.$ZodIssue[], yaml: ParsedYaml, schemaFile?: string): TenantFileError[] {
    const problems: TenantFileError[] = [];
    for (const issue of issues) {
        const unknownKey = issue.code === "unrecognized_keys";
        const paths = unknownKey ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
        for (const fieldPath of paths) {
            problems.push({
                file,
                field: formatFieldPath(fieldPath),
                message: describeIssue(issue, yaml.raw, schemaFile),
                ...positionOf(yaml, fieldPath, unknownKey),
            });
        }
    }
    return problems;
}
