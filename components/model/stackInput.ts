/**
 * The stack's configuration as every entry point reads it: from Pulumi.<stack>.yaml (the plan and
 * validate) or from Pulumi's own configuration (the program). One check, one message format:
 * `Pulumi.dev.yaml: stoa-tenancy:keycloakUrl: <message> (line L, column C)`.
 */
import { isMap, isScalar, type Node } from "yaml";
import { CONFIG_NAMESPACE, StackConfigSchema, type StackConfig } from "./stackConfig";
import { formatFieldPath, type TenantFileError } from "./problems";
import { describeIssue } from "./issues";
import { nodePosition, parseStrictYaml, positionOf, type ParsedYaml } from "./yamlFile";

/** What a `secure:` value becomes when it cannot be decrypted (offline runs). */
export const SECURE_PLACEHOLDER = "[secret]";

export interface StackFileValues {
    /** The `stoa-tenancy:*` values, without the prefix. */
    raw: Record<string, unknown>;
    /** The parsed file, to locate a key's problem at its line. */
    yaml?: ParsedYaml;
}

/** Reads the `stoa-tenancy:*` keys of a stack file's text; `secure:` values become `[secret]`. */
export function parseStackFile(file: string, text: string): { ok: true; value: StackFileValues } | { ok: false; problems: TenantFileError[] } {
    const parsed = parseStrictYaml(file, text);
    if (!parsed.ok) return { ok: false, problems: parsed.problems };
    const doc = parsed.yaml.raw;
    if (doc !== null && (typeof doc !== "object" || Array.isArray(doc))) {
        return { ok: false, problems: [{ file, field: "(file)", message: "must be a mapping (config: …)" }] };
    }
    const config = (doc as { config?: unknown } | null)?.config;
    if (config !== undefined && config !== null && (typeof config !== "object" || Array.isArray(config))) {
        return { ok: false, problems: [{ file, field: "config", message: "must be a mapping of `<namespace>:<key>: value`", ...positionOf(parsed.yaml, ["config"]) }] };
    }
    const raw: Record<string, unknown> = {};
    for (const [key, value] of Object.entries((config ?? {}) as Record<string, unknown>)) {
        if (!key.startsWith(`${CONFIG_NAMESPACE}:`)) continue;
        const secure = typeof value === "object" && value !== null && "secure" in value;
        raw[key.slice(CONFIG_NAMESPACE.length + 1)] = secure ? SECURE_PLACEHOLDER : value;
    }
    return { ok: true, value: { raw, yaml: parsed.yaml } };
}

/** Where a config key's value is in the stack file. */
function locate(yaml: ParsedYaml | undefined, fieldPath: readonly PropertyKey[], atKey: boolean): { line?: number; column?: number } {
    if (!yaml) return {};
    const config = isMap(yaml.doc.contents) ? yaml.doc.contents.items.find((p) => isScalar(p.key) && p.key.value === "config")?.value : undefined;
    if (fieldPath.length === 0) return nodePosition(yaml.counter, config as Node | undefined);
    const [key, ...rest] = fieldPath;
    return positionOf(yaml, ["config", `${CONFIG_NAMESPACE}:${String(key)}`, ...rest], atKey);
}

/** Validates the `stoa-tenancy:*` values; every problem named by its config key, located when the file was parsed. */
export function checkStackConfig(file: string, values: StackFileValues): { config?: StackConfig; problems: TenantFileError[] } {
    const result = StackConfigSchema.safeParse(values.raw);
    if (result.success) return { config: result.data, problems: [] };
    const problems: TenantFileError[] = [];
    for (const issue of result.error.issues) {
        const unknownKey = issue.code === "unrecognized_keys";
        for (const fieldPath of unknownKey ? issue.keys.map((k) => [...issue.path, k]) : [issue.path]) {
            problems.push({
                file,
                field: `${CONFIG_NAMESPACE}:${formatFieldPath(fieldPath)}`,
                message: unknownKey ? "is not a known key (docs/stack-config.md lists every key)" : describeIssue(issue, values.raw),
                ...locate(values.yaml, fieldPath, unknownKey),
            });
        }
    }
    return { problems };
}
