/**
 * The plan's inputs, checked before anything runs: the stack file, the tenant files and the policy
 * configuration. Each returns every problem it finds, so one run reports all of them (exit 2).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
    CONFIG_NAMESPACE,
    StackConfigSchema,
    TenantValidationError,
    formatFieldPath,
    loadTenants,
    type ResolvedTenant,
    type StackConfig,
} from "../../components/model";
import { loadProgramTenants } from "../../components/program";
import { tenantIngressHosts } from "../../policy-pack/ingress";
import { readStackFile } from "../offline/runtime";
import { COMMAND_LINE, type InputProblem } from "./errors";

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: InputProblem[] };

export interface StackInput {
    /** The stack's `stoa-tenancy:*` values as read (what the program is given). */
    raw: Record<string, unknown>;
    /** The same, validated, with defaults. */
    config: StackConfig;
}

/** The stack names with a Pulumi.<stack>.yaml in `projectDir`. */
export function availableStacks(projectDir: string): string[] {
    return fs
        .readdirSync(projectDir)
        .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
        .filter((stack): stack is string => stack !== undefined)
        .sort();
}

/** Reads and validates Pulumi.<stack>.yaml; problems are reported against that file. */
export function readStackInput(projectDir: string, stack: string, label = `Pulumi.${stack}.yaml`): Checked<StackInput> {
    if (!fs.existsSync(path.join(projectDir, `Pulumi.${stack}.yaml`))) {
        const stacks = availableStacks(projectDir);
        const known = stacks.length > 0 ? `: the stacks are ${stacks.join(", ")}` : "";
        return { ok: false, problems: [{ file: COMMAND_LINE, field: "--stack", message: `unknown stack "${stack}" (no Pulumi.${stack}.yaml${known})` }] };
    }
    let raw: Record<string, unknown>;
    try {
        raw = readStackFile(projectDir, stack);
    } catch (err) {
        return { ok: false, problems: [{ file: label, field: "(yaml)", message: (err as Error).message.split("\n")[0] }] };
    }
    const result = StackConfigSchema.safeParse(raw);
    if (!result.success) {
        return {
            ok: false,
            problems: result.error.issues.map((issue) => ({
                file: label,
                field: `${CONFIG_NAMESPACE}:${formatFieldPath(issue.path)}`,
                message: issue.code === "unrecognized_keys" ? `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}` : issue.message,
            })),
        };
    }
    return { ok: true, value: { raw, config: result.data } };
}

/** Loads and validates every tenant file, with the checks that need the stack (`crossCheckTenants`). */
export function readTenants(tenantsDir: string, stack: StackConfig | undefined): Checked<ResolvedTenant[]> {
    if (!stack) {
        // Without a valid stack the cross-checks cannot run; the files' own errors are still worth showing.
        const result = loadTenants(path.relative(process.cwd(), tenantsDir) || ".");
        return result.ok ? { ok: true, value: result.tenants } : { ok: false, problems: result.errors };
    }
    try {
        return { ok: true, value: loadProgramTenants(stack, { tenantsDir }) };
    } catch (err) {
        if (err instanceof TenantValidationError) return { ok: false, problems: err.errors };
        throw err;
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
    try {
        parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        const message = (err as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : `not valid JSON: ${(err as Error).message}`;
        return { ok: false, problems: [{ file: label, field: "(file)", message }] };
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        return { ok: false, problems: [{ file: label, field: "(file)", message: "must be a JSON object keyed by policy name" }] };
    }
    const problems: InputProblem[] = [];
    const config: PolicyConfig = {};
    for (const [policy, value] of Object.entries(parsed)) {
        const entry = typeof value === "string" ? { enforcementLevel: value } : value;
        if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
            problems.push({ file: label, field: policy, message: "must be an enforcement level or an object" });
            continue;
        }
        const level = (entry as Record<string, unknown>).enforcementLevel;
        if (level !== undefined && !ENFORCEMENT_LEVELS.includes(level as string)) {
            problems.push({ file: label, field: `${policy}.enforcementLevel`, message: `must be one of ${ENFORCEMENT_LEVELS.join(", ")}` });
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
