/**
 * Runs the real program under Pulumi's mock runtime and records every resource it registers: type,
 * name, parent, inputs as registered, and the options (protect, retainOnDelete) that the mocks alone
 * do not see. No Pulumi CLI, no servers, no credentials. Used by `npm run plan` and by the tests.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { runInPulumiStack } from "@pulumi/pulumi/runtime/stack";
import { parse as parseYaml } from "yaml";
import { CONFIG_NAMESPACE } from "../../components/model";
import { offlineMocks } from "./mocks";

export const PROJECT_NAME = "stoa-tenancy";
export const SECRET_PLACEHOLDER = "[secret]";

/** Pulumi's marker for a secret value in serialized properties. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export interface RecordedResource {
    urn: string;
    type: string;
    name: string;
    parent: string | null;
    custom: boolean;
    /** Inputs as registered, with every secret replaced by "[secret]". */
    inputs: Record<string, unknown>;
    protect: boolean;
    retainOnDelete: boolean;
}

export interface OfflineRun {
    stack: string;
    resources: RecordedResource[];
    /** Stack outputs, secrets replaced by "[secret]". */
    outputs: Record<string, unknown>;
}

export interface OfflineRunOptions {
    /** Stack name: reads Pulumi.<stack>.yaml in projectDir unless `config` is given. */
    stack: string;
    /** Default: the working directory. */
    projectDir?: string;
    /** Config as `key: value` without the project prefix; default: read from Pulumi.<stack>.yaml. */
    config?: Record<string, unknown>;
    /** The program to run; default: the stoa-tenancy program with `tenantsDir`. */
    program: () => unknown;
    /** Run as a preview (outputs of new resources unknown) rather than an update. Default false. */
    preview?: boolean;
}

/** Reads the `stoa-tenancy:*` keys of Pulumi.<stack>.yaml as plain values. */
export function readStackFile(projectDir: string, stack: string): Record<string, unknown> {
    const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) throw new Error(`${file}: no such stack file (expected Pulumi.<stack>.yaml)`);
    const doc = (parseYaml(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    const config: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(doc.config ?? {})) {
        if (!key.startsWith(`${CONFIG_NAMESPACE}:`)) continue;
        config[key.slice(CONFIG_NAMESPACE.length + 1)] = isSecureValue(value) ? SECRET_PLACEHOLDER : value;
    }
    return config;
}

function isSecureValue(value: unknown): boolean {
    return typeof value === "object" && value !== null && "secure" in value;
}

/** True for Pulumi's serialized secret envelope. */
export function isSecretEnvelope(value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** A deep copy of `value` with every secret (envelope or Output marked secret) replaced by "[secret]". */
export function redactSecrets(value: unknown): unknown {
    if (isSecretEnvelope(value)) return SECRET_PLACEHOLDER;
    if (Array.isArray(value)) return value.map(redactSecrets);
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactSecrets(v)]));
    }
    return value;
}

interface OptionRecord {
    resource: pulumi.Resource;
    type: string;
    name: string;
    parent?: pulumi.Resource;
    protect: boolean;
    retainOnDelete: boolean;
}

async function urnOf(resource: pulumi.Resource): Promise<string> {
    return new Promise((resolve) => resource.urn.apply((urn) => resolve(urn)));
}

/** Runs `program` under the mocks and returns what it registered. Runs must not overlap. */
export async function runOffline(options: OfflineRunOptions): Promise<OfflineRun> {
    const projectDir = options.projectDir ?? process.cwd();
    const config = options.config ?? readStackFile(projectDir, options.stack);
    const registered: { type: string; name: string; custom: boolean; inputs: Record<string, unknown> }[] = [];
    const optionRecords: OptionRecord[] = [];

    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                registered.push({ type: args.type, name: args.name, custom: args.custom ?? true, inputs: args.inputs });
                return offlineMocks.newResource(args);
            },
            call: offlineMocks.call,
        },
        PROJECT_NAME,
        options.stack,
        options.preview ?? false,
    );
    pulumi.runtime.setAllConfig(
        Object.fromEntries(
            Object.entries(config).map(([key, value]) => [`${CONFIG_NAMESPACE}:${key}`, typeof value === "string" ? value : JSON.stringify(value)]),
        ),
    );

    const outputs = await runInPulumiStack(async () => {
        // Resource options never reach the mocks; a stack transformation sees them all.
        pulumi.runtime.registerStackTransformation((args) => {
            optionRecords.push({
                resource: args.resource,
                type: args.type,
                name: args.name,
                parent: args.opts.parent,
                protect: args.opts.protect ?? false,
                retainOnDelete: (args.opts as pulumi.CustomResourceOptions).retainOnDelete ?? false,
            });
            return undefined;
        });
        return options.program();
    });
    // Wait for every outstanding registration before reading what was recorded.
    await (pulumi.runtime as unknown as { disconnect?: () => Promise<void> }).disconnect?.();

    const urnByResource = new Map<pulumi.Resource, string>();
    for (const record of optionRecords) urnByResource.set(record.resource, await urnOf(record.resource));

    const resources: RecordedResource[] = [];
    for (const record of optionRecords) {
        const urn = urnByResource.get(record.resource)!;
        const parentUrn = record.parent ? (urnByResource.get(record.parent) ?? (await urnOf(record.parent))) : null;
        // Registrations and transformations see resources in the same order; take the first unmatched.
        const index = registered.findIndex((r) => r.type === record.type && r.name === record.name);
        const [match] = index >= 0 ? registered.splice(index, 1) : [];
        resources.push({
            urn,
            type: record.type,
            name: record.name,
            parent: parentUrn && parentUrn.endsWith(`::${PROJECT_NAME}-${options.stack}`) ? null : parentUrn,
            custom: match?.custom ?? true,
            inputs: redactSecrets(match?.inputs ?? {}) as Record<string, unknown>,
            protect: record.protect,
            retainOnDelete: record.retainOnDelete,
        });
    }
    return { stack: options.stack, resources, outputs: redactSecrets(outputs ?? {}) as Record<string, unknown> };
}
