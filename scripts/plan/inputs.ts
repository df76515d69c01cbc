/**
 * The plan's own inputs, checked before anything runs: which stack file, and the policy
 * configuration. The stack file's content and the tenant files are judged by the one loader
 * (components/model/load.ts). Each returns every problem it finds, so one run reports all of them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { MAX_STACK_FILE_BYTES, checkStackConfig, decodeText, formatFieldPath, readRegularFile, readStackSource, type StackConfig, type StackSource } from "../../components/model";
import { tenantIngressHosts } from "../../policy-pack/ingress";
import { OFFLINE_CONFIG_DEFAULTS } from "../offline/mocks";
import { COMMAND_LINE, type InputProblem } from "./errors";

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: InputProblem[] };

/** The stack names with a Pulumi.<stack>.yaml in `projectDir`. */
export function availableStacks(projectDir: string): string[] {
    return fs
        .readdirSync(projectDir)
        .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
        .filter((stack): stack is string => stack !== undefined)
        .sort();
}

/** The stacks of a project folder whose stack file parses, with their configuration (unreadable ones are left out). */
export function projectStacks(projectDir: string): { name: string; config: StackConfig }[] {
    const stacks: { name: string; config: StackConfig }[] = [];
    for (const name of availableStacks(projectDir)) {
        const read = readStackSource(path.join(projectDir, `Pulumi.${name}.yaml`), `Pulumi.${name}.yaml`);
        if (!read.ok) continue;
        const checked = checkStackConfig(read.value.file, offlineStack(read.value).values);
        if (checked.config) stacks.push({ name, config: checked.config });
    }
    return stacks;
}

/** The shards of an environment that have a stack file in the project folder. */
export function environmentShards(projectDir: string, environment: string): Set<string> {
    return new Set(
        projectStacks(projectDir)
            .filter((s) => s.config.environment === environment && s.config.shard !== undefined)
            .map((s) => s.config.shard!),
    );
}

/**
 * Reads Pulumi.<stack>.yaml for the offline run: the file's values with the offline defaults under
 * them (no removal guard: there are no previous outputs to read), exactly what the program is given.
 */
export function readStackInput(projectDir: string, stack: string): Checked<StackSource> {
    const file = `Pulumi.${stack}.yaml`;
    if (!fs.existsSync(path.join(projectDir, file)) && !isSymlink(path.join(projectDir, file))) {
        const stacks = availableStacks(projectDir);
        const known = stacks.length > 0 ? `: the stacks are ${stacks.join(", ")}` : "";
        return { ok: false, problems: [{ file: COMMAND_LINE, field: "--stack", message: `unknown stack "${stack}" (no Pulumi.${stack}.yaml${known})` }] };
    }
    const read = readStackSource(path.join(projectDir, file), file);
    return read.ok ? { ok: true, value: offlineStack(read.value) } : read;
}

/** A stack source with the offline defaults under its values. */
export function offlineStack(source: StackSource): StackSource {
    return { ...source, values: { ...source.values, raw: { ...OFFLINE_CONFIG_DEFAULTS, ...source.values.raw } } };
}

function isSymlink(file: string): boolean {
    try {
        return fs.lstatSync(file).isSymbolicLink();
    } catch {
        return false;
    }
}

export type PolicyConfig = Record<string, Record<string, unknown>>;

const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"];

/**
 * Reads a policy configuration file, as `pulumi preview --policy-pack-config` takes it:
 * `{ "<policy>": "<level>" | { "enforcementLevel"?: "<level>", …knobs } }`; a bare level is
 * normalised to `{ enforcementLevel }`.
 */
export function readPolicyConfig(file: string, label = file): Checked<PolicyConfig> {
    let parsed: unknown;
    let text: string;
    try {
        const decoded = decodeText(readRegularFile(file, MAX_STACK_FILE_BYTES));
        if (!decoded.ok) return { ok: false, problems: [{ file: label, field: "(file)", message: decoded.message }] };
        text = decoded.text;
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const message = code === "ENOENT" ? "file not found" : code === "ELOOP" ? "is a symbolic link, not a regular file (not read)" : code ? `cannot be read (${code})` : (err as Error).message;
        return { ok: false, problems: [{ file: label, field: "(file)", message }] };
    }
    try {
        parsed = JSON.parse(text);
    } catch (err) {
        // The parser's message quotes the text; only the position is kept.
        const position = /position (\d+)/.exec((err as Error).message)?.[1];
        return { ok: false, problems: [{ file: label, field: "(file)", message: `not valid JSON${position ? ` (at character ${Number(position) + 1})` : ""}` }] };
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        return { ok: false, problems: [{ file: label, field: "(file)", message: "must be a JSON object keyed by policy name" }] };
    }
    const problems: InputProblem[] = [];
    const config: PolicyConfig = {};
    for (const [policy, value] of Object.entries(parsed)) {
        const entry = typeof value === "string" ? { enforcementLevel: value } : value;
        if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
            problems.push({ file: label, field: formatFieldPath([policy]), message: "must be an enforcement level or an object" });
            continue;
        }
        const level = (entry as Record<string, unknown>).enforcementLevel;
        if (level !== undefined && !ENFORCEMENT_LEVELS.includes(level as string)) {
            problems.push({ file: label, field: formatFieldPath([policy, "enforcementLevel"]), message: `must be one of ${ENFORCEMENT_LEVELS.join(", ")}` });
            continue;
        }
        config[policy] = entry as Record<string, unknown>;
    }
    return problems.length > 0 ? { ok: false, problems } : { ok: true, value: config };
}

/**
 * The policy configuration with what the stack file already says filled in: the pack cannot read
 * stack configuration, so `tenant-ingress-hosts` gets the stack's `tenantIngressDomain` unless the
 * user's configuration sets it.
 */
export function policyConfigForStack(config: PolicyConfig, stack: Pick<StackConfig, "tenantIngressDomain">): PolicyConfig {
    const name = tenantIngressHosts.name;
    return { ...config, [name]: { tenantIngressDomain: stack.tenantIngressDomain, ...config[name] } };
}
