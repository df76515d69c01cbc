/**
 * Reads every tenant file in a folder and validates all of them before anything else happens: the
 * caller gets either every tenant or every error (file, field path, message), never a partial set.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { LineCounter, parseDocument, isNode, type Document } from "yaml";
import type { z } from "zod";
import { TenantFileSchema } from "./schema";
import { resolveTenant, type ResolvedTenant } from "./resolve";

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

export type LoadResult = { ok: true; tenants: ResolvedTenant[] } | { ok: false; errors: TenantFileError[] };

const TENANT_FILE_PATTERN = /\.ya?ml$/;

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
        .filter((name) => TENANT_FILE_PATTERN.test(name) && !name.startsWith("."))
        .sort()
        .map((name) => path.join(dir, name));
}

function positionOf(doc: Document, counter: LineCounter, fieldPath: readonly PropertyKey[]) {
    // Point at the deepest node that exists on the path: the field itself, or the object missing it.
    for (let depth = fieldPath.length; depth >= 0; depth--) {
        const node = depth === 0 ? doc.contents : doc.getIn(fieldPath.slice(0, depth) as (string | number)[], true);
        if (isNode(node) && node.range) {
            const { line, col } = counter.linePos(node.range[0]);
            return { line, column: col };
        }
    }
    return {};
}

function describeIssue(issue: z.core.$ZodIssue): string {
    if (issue.code === "unrecognized_keys") {
        return "is not a known field (check the spelling; tenants/tenant.schema.json lists every field)";
    }
    if (issue.code === "invalid_value") {
        return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    }
    if (issue.code === "invalid_type" && issue.message.includes("received undefined")) {
        return `is required (${issue.expected})`;
    }
    return issue.message;
}

/** Parses and validates one file's text; `file` is only used in messages. */
export function parseTenantFile(file: string, text: string): { tenant?: ResolvedTenant; errors: TenantFileError[] } {
    const counter = new LineCounter();
    const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
        return {
            errors: doc.errors.map((e) => ({
                file,
                field: "(yaml)",
                message: e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, ""),
                line: e.linePos?.[0].line,
                column: e.linePos?.[0].col,
            })),
        };
    }
    const raw: unknown = doc.toJS();
    const errors: TenantFileError[] = [];
    const result = TenantFileSchema.safeParse(raw);
    if (!result.success) {
        for (const issue of result.error.issues) {
            // One error per unknown key, named by its own path, so the typo is what the message points at.
            const paths = issue.code === "unrecognized_keys" ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
            for (const fieldPath of paths) {
                errors.push({ file, field: formatFieldPath(fieldPath), message: describeIssue(issue), ...positionOf(doc, counter, fieldPath) });
            }
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
    if (!result.success || errors.length > 0) return { errors };
    return { tenant: resolveTenant(result.data, file), errors };
}

/** Loads every tenant file in `dir`; any error in any file means no tenants at all. */
export function loadTenants(dir: string): LoadResult {
    let files: string[];
    try {
        files = listTenantFiles(dir);
    } catch (err) {
        return { ok: false, errors: [{ file: dir, field: "(folder)", message: (err as Error).message.replace(`${dir}: `, "") }] };
    }
    const errors: TenantFileError[] = [];
    const tenants: ResolvedTenant[] = [];
    const firstFileById = new Map<string, string>();
    for (const file of files) {
        const parsed = parseTenantFile(file, fs.readFileSync(file, "utf8"));
        errors.push(...parsed.errors);
        if (!parsed.tenant) continue;
        const other = firstFileById.get(parsed.tenant.id);
        if (other) {
            errors.push({ file, field: "id", message: `"${parsed.tenant.id}" is already declared by ${other}: each tenant has exactly one file` });
            continue;
        }
        firstFileById.set(parsed.tenant.id, file);
        tenants.push(parsed.tenant);
    }
    return errors.length > 0 ? { ok: false, errors } : { ok: true, tenants };
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
