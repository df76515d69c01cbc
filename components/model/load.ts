/**
 * Reads every tenant file in a folder and validates all of them before anything else happens: the
 * caller gets either every tenant or every error (file, field path, message), never a partial set.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { LineCounter, parseDocument, isMap, isNode, isScalar, isSeq, type Document, type Node } from "yaml";
import type { z } from "zod";
import { TenantFileSchema, crossFieldProblems } from "./schema";
import { resolveTenant, type ResolvedTenant } from "./resolve";
import { RETIRED_FILE, RetiredFileSchema, type RetiredEntry } from "./retired";

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

/** `retired`: the entries of tenants/retired.yaml (empty when the folder has none). */
export type LoadResult = { ok: true; tenants: ResolvedTenant[]; retired: RetiredEntry[] } | { ok: false; errors: TenantFileError[] };

const TENANT_FILE_PATTERN = /\.ya?ml$/;

/** Other files a tenant folder may hold; anything else is reported, so a misnamed tenant file never goes unnoticed. */
export const TENANT_FOLDER_EXTRAS: readonly string[] = ["tenant.schema.json", "README.md", RETIRED_FILE, "retired.schema.json"];

/** `tenants/acme.yaml: settings.resources.cpu: 80 is above … (line 12, column 10)` */
export function formatTenantFileError(error: TenantFileError): string {
    const where = error.line !== undefined ? ` (line ${error.line}, column ${error.column ?? 1})` : "";
    return `${error.file}: ${error.field}: ${error.message}${where}`;
}

export function formatFieldPath(fieldPath: readonly PropertyKey[]): string {
    if (fieldPath.length === 0) return "(file)";
    return fieldPath
        .map((part, index) => (typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${String(part)}`))
        .join("");
}

/** The tenant files of a folder, sorted, as paths joined onto `dir`. */
export function listTenantFiles(dir: string): string[] {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
        throw new Error(`${dir}: tenant folder not found`);
    }
    return fs
        .readdirSync(dir)
        .filter((name) => TENANT_FILE_PATTERN.test(name) && !name.startsWith(".") && !TENANT_FOLDER_EXTRAS.includes(name))
        .sort()
        .map((name) => path.join(dir, name));
}

/**
 * Where a field is in the file: the deepest node that exists on the path (the field itself, or the
 * mapping missing it). `atKey` points at the key rather than the value (for unknown keys).
 */
/** Entries of a tenant folder that are neither tenant files nor known extras (e.g. `acme.yaml.bak`, `ACME.YAML`, sub-folders). */
function unexpectedEntries(dir: string): TenantFileError[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((entry) => !entry.name.startsWith(".") && !TENANT_FOLDER_EXTRAS.includes(entry.name))
        .filter((entry) => !entry.isFile() || !TENANT_FILE_PATTERN.test(entry.name))
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((entry) => ({
            file: path.join(dir, entry.name),
            field: "(file)",
            message: `is not a tenant file: the folder holds only <id>.yaml files (and ${TENANT_FOLDER_EXTRAS.join(", ")}); rename it to <id>.yaml or move it elsewhere`,
        }));
}

function positionOf(doc: Document, counter: LineCounter, fieldPath: readonly PropertyKey[], atKey = false) {
    let node: unknown = doc.contents;
    for (const [index, part] of fieldPath.entries()) {
        let next: unknown;
        if (isMap(node)) {
            const pair = node.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === part);
            next = pair && atKey && index === fieldPath.length - 1 ? pair.key : pair?.value;
        } else if (isSeq(node) && typeof part === "number") {
            next = node.items[part];
        }
        if (!isNode(next)) break;
        node = next;
    }
    if (!isNode(node) || !(node as Node).range) return {};
    const { line, col } = counter.linePos((node as Node).range![0]);
    return { line, column: col };
}

const TYPE_WORDS: Record<string, string> = {
    string: "text",
    number: "a number",
    int: "a whole number",
    boolean: "true or false",
    object: "a mapping of fields (key: value lines)",
    array: "a list",
};

function describeValue(value: unknown): string {
    if (value === null) return "nothing (null)";
    if (Array.isArray(value)) return "a list";
    if (typeof value === "object") return "a mapping";
    if (typeof value === "string") return `the text ${JSON.stringify(value)}`;
    return String(value);
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
function describeIssue(issue: z.core.$ZodIssue, raw: unknown, schemaFile = "tenant.schema.json"): string {
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

const REQUIRED_FIELDS = "id, name, status, tier and created_at";

/** Problems with the file as a whole: empty, or not a mapping. */
function wholeFileProblem(raw: unknown): string | undefined {
    if (raw === null || raw === undefined) return `is empty: a tenant file needs at least ${REQUIRED_FIELDS}`;
    if (typeof raw !== "object" || Array.isArray(raw)) {
        return `must be a mapping of fields (${REQUIRED_FIELDS}, settings), got ${describeValue(raw)}`;
    }
    return undefined;
}

function describeYamlError(error: { code: string; message: string; pos: [number, number] }, text: string): string {
    if (error.code === "MULTIPLE_DOCS") return "holds more than one YAML document: a tenant file is exactly one (remove the '---' line)";
    if (error.code === "DUPLICATE_KEY") {
        const key = /^[^:\n]*/.exec(text.slice(error.pos[0]))![0].trim();
        return `${JSON.stringify(key)} appears twice in the same mapping (each key once; the first value would be lost)`;
    }
    return error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}

type ParsedYaml = { ok: true; doc: Document; counter: LineCounter; raw: unknown } | { ok: false; errors: TenantFileError[] };

/** One YAML document, strictly: syntax errors, duplicate keys and warnings are all errors. */
function parseYamlFile(file: string, text: string): ParsedYaml {
    const counter = new LineCounter();
    const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
    // Warnings (unknown tags, …) count too: a tenant file never means something other than it says.
    const yamlProblems = [...doc.errors, ...doc.warnings];
    if (yamlProblems.length > 0) {
        return {
            ok: false,
            errors: yamlProblems.map((e) => ({
                file,
                field: "(yaml)",
                message: describeYamlError(e, text),
                line: e.linePos?.[0].line,
                column: e.linePos?.[0].col,
            })),
        };
    }
    return { ok: true, doc, counter, raw: doc.toJS() };
}

/** zod issues as file errors; one error per unknown key, named by its own path, so the typo is what the message points at. */
function issueErrors(file: string, issues: readonly z.core.$ZodIssue[], yaml: { doc: Document; counter: LineCounter; raw: unknown }, schemaFile?: string): TenantFileError[] {
    const errors: TenantFileError[] = [];
    for (const issue of issues) {
        const unknownKey = issue.code === "unrecognized_keys";
        const paths = unknownKey ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
        for (const fieldPath of paths) {
            errors.push({
                file,
                field: formatFieldPath(fieldPath),
                message: describeIssue(issue, yaml.raw, schemaFile),
                ...positionOf(yaml.doc, yaml.counter, fieldPath, unknownKey),
            });
        }
    }
    return errors;
}

/** The retired ids a tenant file is checked against: id → where it is listed and why. */
export type RetiredIds = ReadonlyMap<string, { file: string; index: number; retiredAt?: string; reason?: string }>;

/** Parses and validates one file's text; `file` is only used in messages. */
export function parseTenantFile(file: string, text: string, retired: RetiredIds = new Map()): { tenant?: ResolvedTenant; errors: TenantFileError[] } {
    const parsedYaml = parseYamlFile(file, text);
    if (!parsedYaml.ok) return { errors: parsedYaml.errors };
    const { doc, counter, raw } = parsedYaml;
    const fileProblem = wholeFileProblem(raw);
    if (fileProblem) return { errors: [{ file, field: "(file)", message: fileProblem, ...positionOf(doc, counter, []) }] };
    const errors: TenantFileError[] = [];
    const result = TenantFileSchema.safeParse(raw);
    if (!result.success) {
        errors.push(...issueErrors(file, result.error.issues, parsedYaml));
        // zod skips refinements after some failures (a non-integer count); the cross-field rules still apply.
        const reported = new Set(errors.map((e) => `${e.field}\n${e.message}`));
        for (const problem of crossFieldProblems(raw)) {
            const field = formatFieldPath(problem.path);
            if (reported.has(`${field}\n${problem.message}`)) continue;
            errors.push({ file, field, message: problem.message, ...positionOf(doc, counter, problem.path) });
        }
    }
    // Checked even when the schema failed, so that one run reports every problem of the file.
    const declaredId = raw !== null && typeof raw === "object" ? (raw as { id?: unknown }).id : undefined;
    const expectedId = path.basename(file).replace(TENANT_FILE_PATTERN, "");
    if (typeof declaredId === "string" && declaredId !== expectedId) {
        errors.push({
            file,
            field: "id",
            message: `"${declaredId}" must equal the file name "${expectedId}" (rename the file or fix the id; ids are immutable)`,
            ...positionOf(doc, counter, ["id"]),
        });
    }
    const retiredId = typeof declaredId === "string" ? declaredId : expectedId;
    const entry = retired.get(retiredId);
    if (entry) {
        const details = [entry.retiredAt && `retired ${entry.retiredAt}`, entry.reason && JSON.stringify(entry.reason)].filter(Boolean).join(", ");
        errors.push({
            file,
            field: "id",
            message:
                `"${retiredId}" is a retired id (${entry.file}, retired[${entry.index}]${details ? `: ${details}` : ""}): ids are never reused, ` +
                "because the removed tenant's retained data (namespace, realm, schema, backups) would become this tenant's. Choose another id.",
            ...positionOf(doc, counter, ["id"]),
        });
    }
    if (!result.success || errors.length > 0) return { errors };
    return { tenant: resolveTenant(result.data, file), errors };
}

/**
 * Reads `<dir>/retired.yaml` (optional: no file, no retired ids). `ids` holds every id that reads
 * as one even when the file has errors, so that tenant files are still checked against them.
 */
export function loadRetired(dir: string): { entries: RetiredEntry[]; ids: RetiredIds; errors: TenantFileError[] } {
    const file = path.join(dir, RETIRED_FILE);
    const ids = new Map<string, { file: string; index: number; retiredAt?: string; reason?: string }>();
    if (!fs.existsSync(file)) return { entries: [], ids, errors: [] };
    const parsedYaml = parseYamlFile(file, fs.readFileSync(file, "utf8"));
    if (!parsedYaml.ok) return { entries: [], ids, errors: parsedYaml.errors };
    const { doc, counter, raw } = parsedYaml;
    const result = RetiredFileSchema.safeParse(raw);
    const errors = result.success ? [] : issueErrors(file, result.error.issues, parsedYaml, "retired.schema.json");
    const list = raw !== null && typeof raw === "object" ? (raw as { retired?: unknown }).retired : undefined;
    for (const [index, item] of (Array.isArray(list) ? list : []).entries()) {
        const fields = item !== null && typeof item === "object" ? (item as Record<string, unknown>) : {};
        if (typeof fields.id !== "string") continue;
        const first = ids.get(fields.id);
        if (first) {
            errors.push({
                file,
                field: `retired[${index}].id`,
                message: `"${fields.id}" is already listed at retired[${first.index}]: each retired id once (keep the first entry)`,
                ...positionOf(doc, counter, ["retired", index, "id"]),
            });
            continue;
        }
        const text = (value: unknown) => (typeof value === "string" ? value : undefined);
        ids.set(fields.id, { file, index, retiredAt: text(fields.retired_at), reason: text(fields.reason) });
    }
    return { entries: result.success ? result.data.retired : [], ids, errors };
}

/** Loads every tenant file in `dir`; any error in any file means no tenants at all. */
export function loadTenants(dir: string): LoadResult {
    let files: string[];
    try {
        files = listTenantFiles(dir);
    } catch (err) {
        return { ok: false, errors: [{ file: dir, field: "(folder)", message: (err as Error).message.replace(`${dir}: `, "") }] };
    }
    const retired = loadRetired(dir);
    const errors: TenantFileError[] = [...unexpectedEntries(dir), ...retired.errors];
    const tenants: ResolvedTenant[] = [];
    // The id equals the file name, so `x.yaml` and `x.yml` declare the same tenant even when one is invalid.
    const firstFileById = new Map<string, string>();
    for (const file of files) {
        const parsed = parseTenantFile(file, fs.readFileSync(file, "utf8"), retired.ids);
        errors.push(...parsed.errors);
        const id = path.basename(file).replace(TENANT_FILE_PATTERN, "");
        const other = firstFileById.get(id);
        if (other) {
            errors.push({ file, field: "id", message: `"${id}" is already declared by ${other}: each tenant has exactly one file (keep one of them)` });
            continue;
        }
        firstFileById.set(id, file);
        if (parsed.tenant) tenants.push(parsed.tenant);
    }
    return errors.length > 0 ? { ok: false, errors } : { ok: true, tenants, retired: retired.entries };
}

/** Thrown by the Pulumi program: carries every error so that nothing is registered. */
export class TenantValidationError extends Error {
    constructor(readonly errors: TenantFileError[]) {
        super(`${errors.length} problem${errors.length === 1 ? "" : "s"} in the tenant files:\n${errors.map((e) => `  ${formatTenantFileError(e)}`).join("\n")}`);
        this.name = "TenantValidationError";
    }
}

/** Loads every tenant or throws a TenantValidationError listing every problem in every file. */
export function loadTenantsOrThrow(dir: string): ResolvedTenant[] {
    const result = loadTenants(dir);
    if (!result.ok) throw new TenantValidationError(result.errors);
    return result.tenants;
}
