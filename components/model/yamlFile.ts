/**
 * Strict YAML for input files: one document, no anchors or aliases, no tags, unique keys, numbers in
 * plain decimal. Anything else is a problem located at its line, never an exception. Without
 * aliases a document is never larger than its text, so together with the size limit on files this
 * bounds the work per file (no "billion laughs").
 */
import { LineCounter, isAlias, isMap, isNode, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node } from "yaml";
import { excerpt, formatFieldPath, type TenantFileError } from "./problems";

export interface ParsedYaml {
    doc: Document;
    counter: LineCounter;
    /** The document as plain data. */
    raw: unknown;
}

export type YamlResult = { ok: true; yaml: ParsedYaml } | { ok: false; problems: TenantFileError[] };

/** Numbers as written in a tenant file: decimal digits, optionally signed, optionally with a fraction. */
const PLAIN_NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;

/** Where a node starts, 1-based. */
export function nodePosition(counter: LineCounter, node: Node | undefined): { line?: number; column?: number } {
    if (!node?.range) return {};
    const { line, col } = counter.linePos(node.range[0]);
    return { line, column: col };
}

/**
 * Where a field is in the file: the deepest node that exists on the path (the field itself, or the
 * mapping missing it). `atKey` points at the key rather than the value (for unknown keys).
 */
export function positionOf(yaml: Pick<ParsedYaml, "doc" | "counter">, fieldPath: readonly PropertyKey[], atKey = false): { line?: number; column?: number } {
    let node: unknown = yaml.doc.contents;
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
    return isNode(node) ? nodePosition(yaml.counter, node) : {};
}

/** The field path of a node from the visitor's ancestors (documents, pairs, maps and sequences). */
function pathOf(ancestors: readonly unknown[], node: unknown): (string | number)[] {
    const parts: (string | number)[] = [];
    const chain = [...ancestors, node];
    for (let i = 0; i < chain.length; i++) {
        const item = chain[i];
        if (isPair(item) && isScalar(item.key)) parts.push(String(item.key.value));
        if (isSeq(item)) {
            const index = item.items.indexOf(chain[i + 1] as never);
            if (index >= 0) parts.push(index);
        }
    }
    return parts;
}

function describeYamlError(error: { code: string; message: string; pos: [number, number] }, text: string): string {
    if (error.code === "MULTIPLE_DOCS") return "holds more than one YAML document: the file is exactly one (remove the '---' line)";
    if (error.code === "DUPLICATE_KEY") {
        const key = /^[^:\n]*/.exec(text.slice(error.pos[0], error.pos[0] + 200))![0].trim();
        return `${excerpt(key)} appears twice in the same mapping (each key once; the first value would be lost)`;
    }
    if (error.code === "TAG_RESOLVE_FAILED") return "has an unknown tag (!…): tags are not allowed, write the plain value";
    if (error.code === "MISSING_CHAR" && /quote/.test(error.message)) return "a quoted value is never closed (add the closing quote)";
    // The library's first line, without its own position (ours follows) and without any quoted source.
    return error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "").replace(/: .*$/, "");
}

/**
 * The node an unclosed construct starts at: the library reports the end of the file, where it gave
 * up; the reader needs the line where the quote or bracket was opened.
 */
function openingNode(doc: Document, offset: number): Node | undefined {
    let found: Node | undefined;
    visit(doc, (_key, node) => {
        if (isScalar(node) && node.range && node.range[0] < offset && node.range[1] >= offset && (node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE")) {
            found = node;
            return visit.BREAK;
        }
        return undefined;
    });
    return found;
}

/** Parses `text` strictly; `file` is only used in messages. */
export function parseStrictYaml(file: string, text: string): YamlResult {
    const counter = new LineCounter();
    const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true, merge: false });
    const problems: TenantFileError[] = [];
    // Warnings (unknown tags, …) count too: an input file never means something other than it says.
    for (const error of [...doc.errors, ...doc.warnings]) {
        const opening = error.code === "MISSING_CHAR" ? openingNode(doc, error.pos[0]) : undefined;
        const where = opening ? nodePosition(counter, opening) : { line: error.linePos?.[0].line, column: error.linePos?.[0].col };
        problems.push({ file, field: "(yaml)", message: describeYamlError(error, text), ...where });
    }
    if (problems.length > 0) return { ok: false, problems };
    visit(doc, (key, node, ancestors) => {
        if (!isNode(node)) return;
        const field = formatFieldPath(pathOf(ancestors, node));
        const where = nodePosition(counter, node);
        if (isAlias(node)) {
            problems.push({ file, field, message: "uses an alias (*name): anchors and aliases are not allowed, write the value out", ...where });
            return;
        }
        if (node.anchor) problems.push({ file, field, message: `defines an anchor (&name): anchors and aliases are not allowed, write the value out`, ...where });
        if (node.tag && !(isScalar(node) && node.tag === "tag:yaml.org,2002:null" && node.source === "")) {
            // Only tags written in the file are set on a parsed node.
            problems.push({ file, field, message: "has a tag (!…): tags are not allowed, write the plain value", ...where });
        }
        if (isScalar(node) && typeof node.value === "number" && key !== "key" && !PLAIN_NUMBER.test(String(node.source ?? ""))) {
            problems.push({
                file,
                field,
                message: "is a number written with an exponent, a base prefix or as infinity/NaN: write plain decimal digits (e.g. 10, 0.5), or a quoted quantity (\"500m\")",
                ...where,
            });
        }
    });
    if (problems.length > 0) return { ok: false, problems };
    let raw: unknown;
    try {
        raw = doc.toJS({ maxAliasCount: 0 });
    } catch (err) {
        // Not expected once aliases are refused; reported, never thrown.
        return { ok: false, problems: [{ file, field: "(yaml)", message: `cannot be read as data (${(err as Error).name})` }] };
    }
    return { ok: true, yaml: { doc, counter, raw } };
}
