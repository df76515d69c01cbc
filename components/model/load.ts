/**
 * The one loader: the program, `npm run plan` (both sides of `--base`) and `npm run validate` read
 * their input here and nowhere else, so they run exactly the same checks. It returns the stack
 * configuration, every tenant, the retired ids and every problem of every file, each as
 * `<file>: <field path>: <message> (line L, column C)`. It never throws on bad input and never
 * reads anything but regular files of a bounded size.
 */
import * as path from "node:path";
import { TenantFileSchema, clockProblems, crossFieldProblems } from "./schema";
import { resolveTenant, type ResolvedTenant } from "./resolve";
import { RETIRED_FILE, RetiredFileSchema, type RetiredEntry } from "./retired";
import { MAX_INPUT_FILE_BYTES, decodeText, fileSystemFolder, readRegularFile, type FolderEntry, type FolderSource } from "./folder";
import { describeValue, issueProblems } from "./issues";
import { excerpt, formatFieldPath, formatTenantFileError, uniqueProblems, type TenantFileError } from "./problems";
import { SET_CHECKS, type RetiredIds, type SetCheck } from "./setChecks";
import { EMPTY_SHARD_MAP, SHARDS_FILE, movedAwayIds, parseShardMap, shardTenants, type ShardMap } from "./shards";
import { checkStackConfig, parseStackFile, type StackFileValues } from "./stackInput";
import type { StackConfig } from "./stackConfig";
import { parseStrictYaml, positionOf } from "./yamlFile";

export { formatFieldPath, formatTenantFileError, type TenantFileError } from "./problems";
export type { RetiredIds } from "./setChecks";

const TENANT_FILE_PATTERN = /\.ya?ml$/;

/** Other files a tenant folder may hold; anything else is reported, so a misnamed tenant file never goes unnoticed. */
export const TENANT_FOLDER_EXTRAS: readonly string[] = ["tenant.schema.json", "README.md", RETIRED_FILE, "retired.schema.json", SHARDS_FILE, ".gitkeep"];

/** A tenant file as written (before defaults): what the plan's diff compares. */
export interface TenantDocument {
    file: string;
    data: Record<string, unknown>;
}

export interface LoadedFolder {
    /** Every tenant whose file is valid on its own, sorted by file name. Use them only when `problems` is empty (or to compare a base). */
    tenants: ResolvedTenant[];
    /** The entries of retired.yaml (empty when it is missing or invalid). */
    retired: RetiredEntry[];
    /** Every id that reads as retired, even when retired.yaml has other problems. */
    retiredIds: RetiredIds;
    /** The valid tenants' files as written, by id. */
    documents: Map<string, TenantDocument>;
    /** shards.yaml: environment → tenant id → shard (empty when the folder has none). */
    shards: ShardMap;
    /** Every problem, each once: entries refused by kind or name, then retired.yaml, then each tenant file by name, then the set-level checks. */
    problems: TenantFileError[];
}

export interface LoadedInput extends LoadedFolder {
    /** The stack's configuration, when one was given and is valid. */
    stack?: StackConfig;
    /**
     * Every valid tenant of the folder. `tenants` and `documents` hold only those the stack deploys:
     * all of them (unsharded), none (the platform's own stack) or its shard's.
     */
    allTenants: ResolvedTenant[];
    /** Tenants this change moves out of the stack's shard explicitly: not removals (shards.yaml `moved_from`). */
    movedAway: string[];
}

export interface LoadOptions {
    /** The clock for "not in the future". Default: now. */
    now?: Date;
    /** The stack the tenants are checked against (set-level checks that need it). */
    stack?: StackConfig;
    /** Default: SET_CHECKS. */
    checks?: readonly SetCheck[];
    /** The stack file's name in messages (set-level checks that name the stack). */
    stackFile?: string;
    /** The shards of the stack's environment that have a stack, when known. */
    knownShards?: ReadonlySet<string>;
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

/** Parses and validates one file's text; `file` is only used in messages. `data` is the file as written when it parsed. */
export function parseTenantFile(
    file: string,
    text: string,
    retired: RetiredIds = new Map(),
    now: Date = new Date(),
): { tenant?: ResolvedTenant; errors: TenantFileError[]; data?: Record<string, unknown> } {
    const parsed = parseStrictYaml(file, text);
    if (!parsed.ok) return { errors: parsed.problems };
    const yaml = parsed.yaml;
    const raw = yaml.raw;
    const fileProblem = wholeFileProblem(raw);
    if (fileProblem) return { errors: [{ file, field: "(file)", message: fileProblem, ...positionOf(yaml, []) }] };
    const errors: TenantFileError[] = [];
    const result = TenantFileSchema.safeParse(raw);
    if (!result.success) {
        errors.push(...issueProblems(file, result.error.issues, yaml));
        // zod skips refinements after some failures (a non-integer count); the cross-field rules still apply.
        for (const problem of crossFieldProblems(raw)) {
            errors.push({ file, field: formatFieldPath(problem.path), message: problem.message, ...positionOf(yaml, problem.path) });
        }
    }
    for (const problem of clockProblems(raw, now)) {
        errors.push({ file, field: formatFieldPath(problem.path), message: problem.message, ...positionOf(yaml, problem.path) });
    }
    // Checked even when the schema failed, so that one run reports every problem of the file.
    const declaredId = (raw as { id?: unknown }).id;
    const expectedId = path.basename(file).replace(TENANT_FILE_PATTERN, "");
    if (typeof declaredId === "string" && declaredId !== expectedId) {
        errors.push({
            file,
            field: "id",
            message: `${excerpt(declaredId)} must equal the file name ${excerpt(expectedId)} (rename the file or fix the id; ids are immutable)`,
            ...positionOf(yaml, ["id"]),
        });
    }
    const retiredId = typeof declaredId === "string" ? declaredId : expectedId;
    const entry = retired.get(retiredId);
    if (entry) {
        const details = [entry.retiredAt && `retired ${entry.retiredAt}`, entry.reason && excerpt(entry.reason)].filter(Boolean).join(", ");
        errors.push({
            file,
            field: "id",
            message:
                `"${retiredId}" is a retired id (${entry.file}, retired[${entry.index}]${details ? `: ${details}` : ""}): ids are never reused, ` +
                "because the removed tenant's retained data (namespace, realm, schema, backups) would become this tenant's. Choose another id.",
            ...positionOf(yaml, ["id"]),
        });
    }
    const unique = uniqueProblems(errors);
    if (!result.success || unique.length > 0) return { errors: unique };
    return { tenant: resolveTenant(result.data, file), errors: [], data: raw as Record<string, unknown> };
}

/** Parses and validates a retired.yaml text. `ids` holds every id that reads as one even when the file has problems. */
export function parseRetiredFile(file: string, text: string): { entries: RetiredEntry[]; ids: RetiredIds; errors: TenantFileError[] } {
    const ids = new Map<string, { file: string; index: number; retiredAt?: string; reason?: string }>();
    const parsed = parseStrictYaml(file, text);
    if (!parsed.ok) return { entries: [], ids, errors: parsed.problems };
    const raw = parsed.yaml.raw;
    const result = RetiredFileSchema.safeParse(raw);
    const errors = result.success ? [] : issueProblems(file, result.error.issues, parsed.yaml, "retired.schema.json");
    const list = raw !== null && typeof raw === "object" ? (raw as { retired?: unknown }).retired : undefined;
    for (const [index, item] of (Array.isArray(list) ? list : []).entries()) {
        const fields = item !== null && typeof item === "object" ? (item as Record<string, unknown>) : {};
        if (typeof fields.id !== "string") continue;
        const first = ids.get(fields.id);
        if (first) {
            errors.push({
                file,
                field: `retired[${index}].id`,
                message: `${excerpt(fields.id)} is already listed at retired[${first.index}]: each retired id once (keep the first entry)`,
                ...positionOf(parsed.yaml, ["retired", index, "id"]),
            });
            continue;
        }
        const text = (value: unknown) => (typeof value === "string" ? value : undefined);
        ids.set(fields.id, { file, index, retiredAt: text(fields.retired_at), reason: text(fields.reason) });
    }
    return { entries: result.success ? result.data.retired : [], ids, errors: uniqueProblems(errors) };
}

const FOLDER_RULE = `the folder holds only <id>.yaml files (and ${TENANT_FOLDER_EXTRAS.join(", ")})`;

/** Why an entry is refused without being read, or undefined when it may be read. */
function refusal(entry: FolderEntry, expected: "tenant" | "extra" | "other"): string | undefined {
    if (entry.name.startsWith(".") && expected !== "extra") return `is a hidden file: ${FOLDER_RULE}; move it elsewhere`;
    if (expected === "other") {
        return `is not a tenant file: ${FOLDER_RULE}; rename it to <id>.yaml or move it elsewhere`;
    }
    if (entry.kind !== "file") return `is a ${entry.kind}, not a regular file: tenant files must be regular files (not read)`;
    if (entry.size !== undefined && entry.size > MAX_INPUT_FILE_BYTES) {
        return `is ${entry.size} bytes: an input file is at most ${MAX_INPUT_FILE_BYTES} bytes (not read)`;
    }
    return undefined;
}

/** Reads an entry's text, or the problem with it; never throws. */
function readEntry(entry: FolderEntry): { ok: true; text: string } | { ok: false; message: string } {
    let bytes: Buffer;
    try {
        bytes = entry.read();
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        return { ok: false, message: code ? `cannot be read (${code})` : `cannot be read: ${(err as Error).message}` };
    }
    return decodeText(bytes);
}

/** Loads every file of a tenant folder; see LoadedFolder. */
export function loadFolder(source: FolderSource, options: LoadOptions = {}): LoadedFolder {
    const now = options.now ?? new Date();
    const result: LoadedFolder = { tenants: [], retired: [], retiredIds: new Map(), documents: new Map(), shards: EMPTY_SHARD_MAP, problems: [] };
    const listed = source.list();
    if (!listed.ok) {
        result.problems.push({ file: source.label, field: "(folder)", message: listed.message });
        return result;
    }
    const entries = [...listed.entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const problems: TenantFileError[] = [];
    const tenantEntries: FolderEntry[] = [];
    let retiredEntry: FolderEntry | undefined;
    let shardsEntry: FolderEntry | undefined;
    for (const entry of entries) {
        const expected = TENANT_FOLDER_EXTRAS.includes(entry.name) ? "extra" : TENANT_FILE_PATTERN.test(entry.name) && !entry.name.startsWith(".") ? "tenant" : "other";
        const problem = refusal(entry, expected);
        if (problem) {
            problems.push({ file: source.fileLabel(entry.name), field: "(file)", message: problem });
        } else if (entry.name === RETIRED_FILE) {
            retiredEntry = entry;
        } else if (entry.name === SHARDS_FILE) {
            shardsEntry = entry;
        } else if (expected === "tenant") {
            tenantEntries.push(entry);
        }
    }
    if (retiredEntry) {
        const file = source.fileLabel(retiredEntry.name);
        const read = readEntry(retiredEntry);
        if (!read.ok) {
            problems.push({ file, field: "(file)", message: read.message });
        } else {
            const retired = parseRetiredFile(file, read.text);
            result.retired = retired.entries;
            result.retiredIds = retired.ids;
            problems.push(...retired.errors);
        }
    }
    const shardsFile = source.fileLabel(SHARDS_FILE);
    if (shardsEntry) {
        const read = readEntry(shardsEntry);
        const parsed = read.ok ? parseStrictYaml(shardsFile, read.text) : undefined;
        if (!read.ok) problems.push({ file: shardsFile, field: "(file)", message: read.message });
        else if (parsed && !parsed.ok) problems.push(...parsed.problems);
        else if (parsed?.ok) {
            const shards = parseShardMap(shardsFile, parsed.yaml);
            result.shards = shards.map;
            problems.push(...shards.problems);
        }
    }
    // The id equals the file name, so `x.yaml` and `x.yml` declare the same tenant even when one is invalid.
    const firstFileById = new Map<string, string>();
    for (const entry of tenantEntries) {
        const file = source.fileLabel(entry.name);
        const id = entry.name.replace(TENANT_FILE_PATTERN, "");
        const other = firstFileById.get(id);
        if (other) {
            problems.push({ file, field: "id", message: `${excerpt(id)} is already declared by ${other}: each tenant has exactly one file (keep one of them)` });
            continue;
        }
        firstFileById.set(id, file);
        const read = readEntry(entry);
        if (!read.ok) {
            problems.push({ file, field: "(file)", message: read.message });
            continue;
        }
        const parsed = parseTenantFile(file, read.text, result.retiredIds, now);
        problems.push(...parsed.errors);
        if (parsed.tenant && parsed.data) {
            result.tenants.push(parsed.tenant);
            result.documents.set(parsed.tenant.id, { file, data: parsed.data });
        }
    }
    for (const check of options.checks ?? SET_CHECKS) {
        problems.push(
            ...check({
                tenants: result.tenants,
                retired: result.retiredIds,
                stack: options.stack,
                shards: { map: result.shards, file: shardsFile, stackFile: options.stackFile ?? "(stack)", knownShards: options.knownShards },
            }),
        );
    }
    result.problems = uniqueProblems(problems);
    return result;
}

/** The stack part of an input: its file name for messages, and its values (from the file, or from Pulumi). */
export interface StackSource {
    file: string;
    values: StackFileValues;
}

/** The stack configuration (when given) and the tenant folder, checked together. */
export function loadInput(options: { folder: FolderSource; stack?: StackSource; now?: Date; checks?: readonly SetCheck[]; knownShards?: ReadonlySet<string> }): LoadedInput {
    const stack = options.stack ? checkStackConfig(options.stack.file, options.stack.values) : undefined;
    const folder = loadFolder(options.folder, { now: options.now, stack: stack?.config, checks: options.checks, stackFile: options.stack?.file, knownShards: options.knownShards });
    const config = stack?.config;
    const tenants = config ? shardTenants(folder.tenants, folder.shards, config) : folder.tenants;
    const kept = new Set(tenants.map((t) => t.id));
    const documents = tenants.length === folder.tenants.length ? folder.documents : new Map([...folder.documents].filter(([id]) => kept.has(id)));
    return {
        ...folder,
        tenants,
        documents,
        allTenants: folder.tenants,
        movedAway: config ? movedAwayIds(folder.shards, config) : [],
        stack: config,
        problems: uniqueProblems([...(stack?.problems ?? []), ...folder.problems]),
    };
}

/** The largest stack file read, in bytes. */
export const MAX_STACK_FILE_BYTES = 1024 * 1024;

/** Reads Pulumi.<stack>.yaml of a project folder as a StackSource, or the problems with it. `label` names it in messages. */
export function readStackSource(file: string, label: string): { ok: true; value: StackSource } | { ok: false; problems: TenantFileError[] } {
    let bytes: Buffer;
    try {
        bytes = readRegularFile(file, MAX_STACK_FILE_BYTES);
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const message = code === "ENOENT" ? "no such stack file" : code === "ELOOP" ? "is a symbolic link, not a regular file (not read)" : code ? `cannot be read (${code})` : (err as Error).message;
        return { ok: false, problems: [{ file: label, field: "(file)", message }] };
    }
    const decoded = decodeText(bytes);
    if (!decoded.ok) return { ok: false, problems: [{ file: label, field: "(file)", message: decoded.message }] };
    const parsed = parseStackFile(label, decoded.text);
    return parsed.ok ? { ok: true, value: { file: label, values: parsed.value } } : parsed;
}

/** The label of a folder in messages: relative to the working directory, as the user typed it. */
export function folderLabel(dir: string): string {
    return path.isAbsolute(dir) ? path.relative(process.cwd(), dir) || "." : dir;
}

// ----- The earlier entry points, kept as thin wrappers over the loader. -----

/** `retired`: the entries of tenants/retired.yaml (empty when the folder has none). */
export type LoadResult = { ok: true; tenants: ResolvedTenant[]; retired: RetiredEntry[] } | { ok: false; errors: TenantFileError[] };

/** Loads every tenant file in `dir`; any problem in any file means no tenants at all. */
export function loadTenants(dir: string, now?: Date): LoadResult {
    const loaded = loadFolder(fileSystemFolder(dir), { now });
    return loaded.problems.length > 0 ? { ok: false, errors: loaded.problems } : { ok: true, tenants: loaded.tenants, retired: loaded.retired };
}

/** The tenant files of a folder, sorted, as paths joined onto `dir` (regular files only). */
export function listTenantFiles(dir: string): string[] {
    const listed = fileSystemFolder(dir).list();
    if (!listed.ok) throw new Error(`${dir}: ${listed.message}`);
    return listed.entries
        .filter((e) => e.kind === "file" && TENANT_FILE_PATTERN.test(e.name) && !e.name.startsWith(".") && !TENANT_FOLDER_EXTRAS.includes(e.name))
        .map((e) => e.name)
        .sort()
        .map((name) => path.join(dir, name));
}

/** Reads `<dir>/retired.yaml` (optional: no file, no retired ids). */
export function loadRetired(dir: string): { entries: RetiredEntry[]; ids: RetiredIds; errors: TenantFileError[] } {
    const loaded = loadFolder(fileSystemFolder(dir), { checks: [] });
    const file = path.join(dir, RETIRED_FILE);
    return { entries: loaded.retired, ids: loaded.retiredIds, errors: loaded.problems.filter((p) => p.file === file) };
}

/** Thrown by the Pulumi program: carries every problem so that nothing is registered. */
export class TenantValidationError extends Error {
    constructor(readonly errors: TenantFileError[]) {
        super(`${errors.length} problem${errors.length === 1 ? "" : "s"} in the input files:\n${errors.map((e) => `  ${formatTenantFileError(e)}`).join("\n")}`);
        this.name = "TenantValidationError";
    }
}

/** Loads every tenant or throws a TenantValidationError listing every problem in every file. */
export function loadTenantsOrThrow(dir: string): ResolvedTenant[] {
    const result = loadTenants(dir);
    if (!result.ok) throw new TenantValidationError(result.errors);
    return result.tenants;
}
