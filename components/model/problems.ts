/**
 * One problem with an input (a tenant file, the stack file, the command line), and the one way it is
 * printed: `<file>: <field path>: <message> (line L, column C)`. Whatever a hostile file holds, the
 * printed line is one line of plain text: control characters, line breaks and bidi overrides are
 * escaped, and a value is only ever shown as a short excerpt.
 */

export interface TenantFileError {
    /** The file, as given (relative to the working directory when the folder was). */
    file: string;
    /** Dotted field path (`settings.resources.cpu`), or `(file)` / `(yaml)` for whole-file problems. */
    field: string;
    message: string;
    /** 1-based position of the problem in the file, where known. */
    line?: number;
    column?: number;
}

/** Any input problem has this shape; the tenant files are only the commonest source. */
export type InputProblem = TenantFileError;

/** Characters never printed as they are: C0/C1 controls, DEL, bidi embeddings, overrides and isolates, marks, separators, BOM. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

/** The longest excerpt of a value shown in a message, in characters (before escaping). */
export const EXCERPT_LENGTH = 40;

/**
 * `text` with every unprintable character written as `\uXXXX`: one line, read as written. A run of
 * three backticks is escaped too, so a problem line can never close the code block it is shown in
 * (the pull-request comment quotes the plan's errors in one).
 */
export function escapeText(text: string): string {
    return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).replace(/`{3,}/g, (run) => "\\u0060".repeat(run.length));
}

const HAS_UNPRINTABLE = new RegExp(UNPRINTABLE.source);

const quote = (text: string) => `"${escapeText(text.replace(/[\\"]/g, (c) => `\\${c}`))}"`;

/** A short, quoted, escaped excerpt of a value: `"https://exa…" (5000000 characters)` for a long one. */
export function excerpt(text: string, max = EXCERPT_LENGTH): string {
    if (text.length <= max) return quote(text);
    // Whole code points only, so an excerpt never ends in half a surrogate pair.
    const head = Array.from(text.slice(0, max * 2)).slice(0, max).join("");
    return `${quote(head).slice(0, -1)}…" (${text.length} characters)`;
}

/** A field path for messages; each key capped and escaped (a key is file content too). */
export function formatFieldPath(fieldPath: readonly PropertyKey[]): string {
    if (fieldPath.length === 0) return "(file)";
    return fieldPath
        .map((part, index) => {
            if (typeof part === "number") return `[${part}]`;
            const key = String(part);
            const shown = key.length > EXCERPT_LENGTH || HAS_UNPRINTABLE.test(key) || key === "" ? excerpt(key) : key;
            return `${index === 0 ? "" : "."}${shown}`;
        })
        .join("");
}

/** `tenants/acme.yaml: settings.resources.cpu: 80 is above … (line 12, column 10)` */
export function formatTenantFileError(error: TenantFileError): string {
    const where = error.line !== undefined ? ` (line ${error.line}, column ${error.column ?? 1})` : "";
    return escapeText(`${error.file}: ${error.field}: ${error.message}${where}`);
}

/** The same problems without repeats (same file, field, message and place), first occurrence kept. */
export function uniqueProblems(problems: readonly TenantFileError[]): TenantFileError[] {
    const seen = new Set<string>();
    return problems.filter((p) => {
        const key = formatTenantFileError(p);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}
