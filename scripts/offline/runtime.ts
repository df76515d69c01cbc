/**
 * Runs the real program under Pulumi's mock runtime and records every resource it registers: type,
 * name, parent, inputs as registered, and the options (protect, retainOnDelete) that the mocks alone
 * do not see. No Pulumi CLI, no servers, no credentials. Used by `npm run plan` and by the tests.
 *
 * Secrets never leave this module in clear: secret envelopes in inputs, provider outputs the real
 * provider marks secret (`additionalSecretOutputs`), secret stack outputs and `secure:` stack config
 * values all come back as "[secret]".
 */
import { createHmac, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { runInPulumiStack } from "@pulumi/pulumi/runtime/stack";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { CONFIG_NAMESPACE, SECURE_PLACEHOLDER, formatTenantFileError, readStackSource } from "../../components/model";
import { withLeanPromises } from "./leanPromises";
import { OFFLINE_CONFIG_DEFAULTS, OFFLINE_ORGANIZATION, createOfflineMocks } from "./mocks";
import { SecretMatcher } from "./secretMatcher";

export const PROJECT_NAME = "stoa-tenancy";
export const SECRET_PLACEHOLDER = SECURE_PLACEHOLDER;

/** Shorter secret strings are not searched for elsewhere: too likely to match ordinary words. */
const MIN_TRACKED_SECRET_LENGTH = 8;

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

/** A known secret value found in a place not marked secret (already redacted in the run). */
export interface SecretLeak {
    /** The resource whose inputs held it, or null for the stack outputs. */
    urn: string | null;
    /** Dotted path of the value inside the inputs (or outputs). */
    path: string;
}

export interface OfflineRun {
    stack: string;
    resources: RecordedResource[];
    /** Stack outputs, secrets replaced by "[secret]". */
    outputs: Record<string, unknown>;
    /**
     * Secret values that also appeared in clear elsewhere (a program bug: Pulumi would store them in
     * plain text). They are redacted in `resources` and `outputs` all the same.
     */
    secretLeaks: SecretLeak[];
    /**
     * By URN, a keyed digest of each top-level input that holds a secret, so that two runs of this
     * process can tell whether a secret changed. The key is random per process: a digest means
     * nothing outside it and must never be written anywhere.
     */
    secretDigests: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

export interface OfflineRunOptions {
    /** Stack name: reads Pulumi.<stack>.yaml in projectDir unless `config` is given. */
    stack: string;
    /** Default: the working directory. */
    projectDir?: string;
    /**
     * Config as `key: value` without the project prefix; default: read from Pulumi.<stack>.yaml.
     * Values equal to "[secret]" are registered as secret config (as `secure:` values are).
     */
    config?: Record<string, unknown>;
    /** The program to run; default: the stoa-tenancy program with `tenantsDir`. */
    program: () => unknown;
    /** Run as a preview (outputs of new resources unknown) rather than an update. Default false. */
    preview?: boolean;
}

/**
 * Reads the `stoa-tenancy:*` keys of Pulumi.<stack>.yaml as plain values. `secure:` values cannot be
 * decrypted offline and become "[secret]" (registered as secret config by `runOffline`).
 */
export function readStackFile(projectDir: string, stack: string): Record<string, unknown> {
    const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) throw new Error(`${file}: no such stack file (expected Pulumi.<stack>.yaml)`);
    // The one reader of stack files (components/model): the same strict YAML and `secure:` handling as the plan.
    const read = readStackSource(file, file);
    if (!read.ok) throw new Error(read.problems.map(formatTenantFileError).join("\n"));
    return read.value.values.raw;
}

/** True for Pulumi's serialized secret envelope. */
export function isSecretEnvelope(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[specialSigKey] === specialSecretSig;
}

/** A deep copy of `value` with every secret envelope replaced by "[secret]". */
export function redactSecrets(value: unknown): unknown {
    return redact(value, new Set());
}

/** Like `redactSecrets`, and remembers every secret string it replaced so that leaks can be found. */
function redact(value: unknown, seen: Set<string>): unknown {
    if (isSecretEnvelope(value)) {
        // Only whole-string secrets are tracked: strings inside a secret object may be plain identifiers.
        if (typeof value.value === "string" && value.value.length >= MIN_TRACKED_SECRET_LENGTH) seen.add(value.value);
        return SECRET_PLACEHOLDER;
    }
    if (Array.isArray(value)) return value.map((v) => redact(v, seen));
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, seen)]));
    }
    return value;
}

const DIGEST_KEY = randomBytes(32);

/** The value with every secret envelope unwrapped and object keys sorted, as JSON. */
function canonicalJson(value: unknown): string {
    const plain = (v: unknown): unknown => {
        if (isSecretEnvelope(v)) return plain(v.value);
        if (Array.isArray(v)) return v.map(plain);
        if (v !== null && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, plain((v as Record<string, unknown>)[k])]));
        return v;
    };
    return JSON.stringify(plain(value)) ?? "undefined";
}

/** Digests of the registered inputs whose recorded (redacted) value holds "[secret]". */
function secretDigestsOf(registered: Record<string, unknown>, recorded: Record<string, unknown>): Record<string, string> {
    const digests: Record<string, string> = {};
    for (const [key, value] of Object.entries(recorded)) {
        if (!JSON.stringify(value).includes(SECRET_PLACEHOLDER)) continue;
        digests[key] = createHmac("sha256", DIGEST_KEY).update(canonicalJson(registered[key])).digest("hex");
    }
    return digests;
}

/**
 * Replaces, in place, every occurrence of a known secret inside the strings of `value`, reporting where
 * it was found. Only for values this module copied (the redacted inputs, the resolved outputs): no
 * second copy of every input, and a path is spelled out only where a secret was found.
 */
function scrub(value: unknown, secrets: SecretMatcher, path: (string | number)[], found: string[]): unknown {
    if (typeof value === "string") {
        const result = secrets.replace(value, SECRET_PLACEHOLDER);
        if (result !== value) found.push(pathText(path));
        return result;
    }
    if (value !== null && typeof value === "object") {
        const container = value as Record<string | number, unknown>;
        for (const key of Array.isArray(value) ? value.keys() : Object.keys(value)) {
            path.push(key);
            container[key] = scrub(container[key], secrets, path, found);
            path.pop();
        }
    }
    return value;
}

/** `a.b[0].c`: a value's place inside the inputs or outputs. */
function pathText(path: readonly (string | number)[]): string {
    let text = "";
    for (const part of path) text = typeof part === "number" ? `${text}[${part}]` : text ? `${text}.${part}` : part;
    return text;
}

/** Remembers every secret string inside `value`, as `redact` does, without copying it. */
function collectSecrets(value: unknown, seen: Set<string>): void {
    if (isSecretEnvelope(value)) {
        if (typeof value.value === "string" && value.value.length >= MIN_TRACKED_SECRET_LENGTH) seen.add(value.value);
        return;
    }
    if (Array.isArray(value)) for (const v of value) collectSecrets(v, seen);
    else if (value !== null && typeof value === "object") for (const v of Object.values(value)) collectSecrets(v, seen);
}

/** Resolves the program's return value, replacing every secret Output by "[secret]". */
async function resolveOutputs(value: unknown, seen: Set<string>): Promise<unknown> {
    if (value instanceof Promise) return resolveOutputs(await value, seen);
    if (pulumi.Output.isInstance(value)) {
        const output = value as pulumi.Output<unknown>;
        const [secret, inner] = await Promise.all([pulumi.isSecret(output), valueOf(output)]);
        if (secret) {
            if (typeof inner === "string" && inner.length >= MIN_TRACKED_SECRET_LENGTH) seen.add(inner);
            return SECRET_PLACEHOLDER;
        }
        return resolveOutputs(inner, seen);
    }
    if (pulumi.Resource.isInstance(value)) return valueOf((value as pulumi.Resource).urn);
    if (Array.isArray(value)) return Promise.all(value.map((v) => resolveOutputs(v, seen)));
    if (value !== null && typeof value === "object") {
        const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolveOutputs(v, seen)] as const));
        return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
    }
    return value;
}

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((v) => resolve(v)));
}

interface OptionRecord {
    resource: pulumi.Resource;
    type: string;
    name: string;
    parent?: pulumi.Resource;
    protect: boolean;
    retainOnDelete: boolean;
}

/** Runs `program` under the mocks and returns what it registered. Runs must not overlap. */
export async function runOffline(options: OfflineRunOptions): Promise<OfflineRun> {
    // The SDK captures a stack trace for every promise it makes (`new Error().stack`, for its leak
    // report) and a full one for every resource (its source position, for the engine's messages): with
    // source maps on (tsx) and the default depth, that was about half the run time (`npm run bench`).
    // Under the mocks neither is read, so no frames are captured at all: error messages are unaffected
    // (only their stack is empty), and the previous settings come back afterwards. The plan and the
    // bare replay of `npm run bench` both run here, so their comparison stays even. For the same
    // reason the SDK's per-promise bookkeeping is trimmed to what its leak check reads (leanPromises.ts).
    const sourceMaps = process.sourceMapsEnabled;
    const stackTraceLimit = Error.stackTraceLimit;
    const resourceClass = pulumi.Resource as unknown as { stackTrace: (skip: number) => unknown[] };
    const resourceStackTrace = resourceClass.stackTrace;
    process.setSourceMapsEnabled(false);
    Error.stackTraceLimit = 0;
    resourceClass.stackTrace = () => [];
    try {
        return await withLeanPromises(() => runUnderMocks(options));
    } finally {
        process.setSourceMapsEnabled(sourceMaps);
        Error.stackTraceLimit = stackTraceLimit;
        resourceClass.stackTrace = resourceStackTrace;
    }
}

async function runUnderMocks(options: OfflineRunOptions): Promise<OfflineRun> {
    const projectDir = options.projectDir ?? process.cwd();
    const config = { ...OFFLINE_CONFIG_DEFAULTS, ...(options.config ?? readStackFile(projectDir, options.stack)) };
    const registered: { type: string; name: string; custom: boolean; inputs: Record<string, unknown> }[] = [];
    const optionRecords: OptionRecord[] = [];
    // Output names each type's real provider marks secret, as the SDK classes declare them.
    const secretOutputs = new Map<string, readonly string[]>();
    const secretValues = new Set<string>();
    const mocks = createOfflineMocks((type) => secretOutputs.get(type) ?? []);

    await pulumi.runtime.setMocks(
        {
            async newResource(args) {
                registered.push({ type: args.type, name: args.name, custom: args.custom ?? true, inputs: args.inputs });
                const result = await mocks.newResource(args);
                collectSecrets(result.state, secretValues);
                return result;
            },
            call: mocks.call,
        },
        PROJECT_NAME,
        options.stack,
        options.preview ?? false,
        OFFLINE_ORGANIZATION,
    );
    const fullKey = (key: string) => `${CONFIG_NAMESPACE}:${key}`;
    pulumi.runtime.setAllConfig(
        Object.fromEntries(Object.entries(config).map(([key, value]) => [fullKey(key), typeof value === "string" ? value : JSON.stringify(value)])),
        Object.entries(config)
            .filter(([, value]) => value === SECRET_PLACEHOLDER)
            .map(([key]) => fullKey(key)),
    );

    let programResult: unknown;
    let programError: unknown;
    await runInPulumiStack(async () => {
        // Resource options never reach the mocks; a stack transformation sees them all.
        pulumi.runtime.registerStackTransformation((args) => {
            const opts = args.opts as pulumi.CustomResourceOptions;
            optionRecords.push({
                resource: args.resource,
                type: args.type,
                name: args.name,
                parent: opts.parent,
                protect: opts.protect ?? false,
                retainOnDelete: opts.retainOnDelete ?? false,
            });
            if (opts.additionalSecretOutputs?.length) secretOutputs.set(args.type, opts.additionalSecretOutputs);
            return undefined;
        });
        try {
            programResult = await options.program();
        } catch (err) {
            // Rethrown below: thrown from here, it would also surface as an unhandled rejection.
            programError = err;
        }
        return {};
    });
    // Wait for every outstanding registration before reading what was recorded.
    await (pulumi.runtime as unknown as { disconnect?: () => Promise<void> }).disconnect?.();
    if (programError !== undefined) throw programError;

    const urnByResource = new Map<pulumi.Resource, string>();
    for (const record of optionRecords) urnByResource.set(record.resource, await valueOf(record.resource.urn));

    const recorded: RecordedResource[] = [];
    const registeredInputs = new Map<string, Record<string, unknown>>();
    // Registrations by type and name, in order: one lookup per resource rather than a scan of the list.
    const unmatched = new Map<string, (typeof registered)[number][]>();
    for (const r of registered) {
        const key = `${r.type}\u0000${r.name}`;
        (unmatched.get(key) ?? unmatched.set(key, []).get(key)!).push(r);
    }
    registered.length = 0;
    for (const record of optionRecords) {
        const urn = urnByResource.get(record.resource)!;
        const parentUrn = record.parent ? (urnByResource.get(record.parent) ?? (await valueOf(record.parent.urn))) : null;
        // Registrations and transformations see resources in the same order; take the first unmatched.
        const match = unmatched.get(`${record.type}\u0000${record.name}`)?.shift();
        const inputs = redact(match?.inputs ?? {}, secretValues) as Record<string, unknown>;
        // Inputs named like a secret output (a Secret's stringData) are stored as secrets by the engine.
        for (const key of secretOutputs.get(record.type) ?? []) {
            if (key in inputs) inputs[key] = SECRET_PLACEHOLDER;
        }
        registeredInputs.set(urn, match?.inputs ?? {});
        recorded.push({
            urn,
            type: record.type,
            name: record.name,
            parent: parentUrn && parentUrn.endsWith(`::${PROJECT_NAME}-${options.stack}`) ? null : parentUrn,
            custom: match?.custom ?? true,
            inputs,
            protect: record.protect,
            retainOnDelete: record.retainOnDelete,
        });
    }
    const outputs = ((await resolveOutputs(programResult ?? {}, secretValues)) ?? {}) as Record<string, unknown>;

    // Last line of defence: a secret copied in clear into another input or output is redacted too.
    const secretLeaks: SecretLeak[] = [];
    const secretDigests = new Map<string, Record<string, string>>();
    const matcher = new SecretMatcher(secretValues, MIN_TRACKED_SECRET_LENGTH);
    const resources = recorded.map((resource) => {
        const found: string[] = [];
        const inputs = scrub(resource.inputs, matcher, [], found) as Record<string, unknown>;
        secretLeaks.push(...found.map((p) => ({ urn: resource.urn, path: p })));
        const digests = secretDigestsOf(registeredInputs.get(resource.urn) ?? {}, inputs);
        if (Object.keys(digests).length > 0) secretDigests.set(resource.urn, digests);
        return { ...resource, inputs };
    });
    const foundInOutputs: string[] = [];
    const scrubbedOutputs = scrub(outputs, new SecretMatcher(secretValues, MIN_TRACKED_SECRET_LENGTH), [], foundInOutputs) as Record<string, unknown>;
    secretLeaks.push(...foundInOutputs.map((p) => ({ urn: null, path: p })));

    return { stack: options.stack, resources, outputs: scrubbedOutputs, secretLeaks, secretDigests };
}
