/**
 * Runs the pack's own policy objects over recorded resources, without the Pulumi CLI: the same
 * validation functions CrossGuard runs, given arguments shaped the way @pulumi/policy builds them.
 * `npm run plan` and the tests use it. Never constructs `PolicyPack` (its constructor starts a server).
 *
 * Differences from a real run, on purpose:
 * - Secrets arrive as the string "[secret]" and count as unknown: reading one makes the policy not
 *   applicable to that item, exactly like a value unknown during `pulumi preview`.
 * - A policy that declares itself not applicable for a reason other than the resource's type is
 *   returned as an `advisory` entry whose message starts "not applicable:", so that nothing is passed
 *   silently. (CrossGuard records these as "not applicable" in its own output.)
 */
import {
    unknownCheckingProxy,
    type EnforcementLevel,
    type Policy,
    type PolicyResource,
    type PolicyResourceOptions,
    type ResourceValidationArgs,
    type ResourceValidationPolicy,
    type StackValidationArgs,
    type StackValidationPolicy,
} from "@pulumi/policy";
import { schemaDefaults } from "./lib/config";
import { PACK_ENFORCEMENT_LEVEL, policies as packPolicies } from "./policies";

export interface PlanResource {
    urn: string;
    type: string;
    name: string;
    parent: string | null;
    inputs: Record<string, unknown>;
    protect: boolean;
    retainOnDelete: boolean;
}

export interface PolicyViolation {
    policy: string;
    enforcementLevel: "advisory" | "mandatory" | "remediate" | "disabled";
    urn: string | null;
    message: string;
}

export interface EvaluateOptions {
    /** Per-policy config, as in a `--policy-pack-config` file: `{ "<policy>": { enforcementLevel?, …knobs } }`. */
    config?: Record<string, Record<string, unknown>>;
    /** Stack name, exposed as the `pulumi:stack` stack tag. Default: taken from the first URN. */
    stack?: string;
    /** Project name, exposed as the `pulumi:project` stack tag. Default: taken from the first URN. */
    project?: string;
    /** The policies to run. Default: the whole pack. */
    policies?: readonly Policy[];
}

/** How the offline runner shows a secret: the same string `runOffline` records. */
export const SECRET_PLACEHOLDER = "[secret]";
/** @pulumi/policy's sentinel for a string value unknown during preview (proxy.js `unknownStringValue`). */
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** The reason `validateResourceOfType` gives for a resource of another type: not worth reporting. */
const TYPE_FILTER_REASON = /^Policy only applies to /;

class NotApplicable extends Error {
    constructor(readonly reason: string | undefined) {
        super(reason ?? "Policy does not apply");
    }
}

function notApplicable(reason?: string): never {
    throw new NotApplicable(reason);
}

/** A deep copy with "[secret]" turned into the unknown sentinel, wrapped in CrossGuard's unknown-checking proxy. */
export function policyProps(inputs: Record<string, unknown>): Record<string, unknown> {
    const unknownSecrets = (value: unknown): unknown => {
        if (value === SECRET_PLACEHOLDER) return UNKNOWN_STRING;
        if (Array.isArray(value)) return value.map(unknownSecrets);
        if (value !== null && typeof value === "object") {
            return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unknownSecrets(v)]));
        }
        return value;
    };
    return unknownCheckingProxy(unknownSecrets(inputs)) as Record<string, unknown>;
}

function policyOptions(resource: PlanResource): PolicyResourceOptions & { retainOnDelete: boolean } {
    return {
        protect: resource.protect,
        // Not sent by the CLI to @pulumi/policy 1.21; given here because the recording has it.
        retainOnDelete: resource.retainOnDelete,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        ...(resource.parent ? { parent: resource.parent } : {}),
    };
}

function pulumiTypeOf(value: unknown): string | undefined {
    const type = (value as { __pulumiType?: unknown } | undefined)?.__pulumiType;
    return typeof type === "string" && type.length > 0 ? type : undefined;
}

function isTypeOf(type: string, resourceClass: unknown): boolean {
    const pulumiType = pulumiTypeOf(resourceClass);
    if (pulumiType) return type === pulumiType;
    const isInstance = (resourceClass as { isInstance?: (o: unknown) => boolean }).isInstance;
    return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

function isResourcePolicy(policy: Policy): policy is ResourceValidationPolicy {
    return "validateResource" in policy && policy.validateResource !== undefined;
}

function isStackPolicy(policy: Policy): policy is StackValidationPolicy {
    return typeof (policy as Partial<StackValidationPolicy>).validateStack === "function";
}

function stackTagsFor(resources: readonly PlanResource[], options: EvaluateOptions): ReadonlyMap<string, string> {
    const match = resources.length > 0 ? /^urn:pulumi:([^:]+)::([^:]+)::/.exec(resources[0].urn) : null;
    const tags = new Map<string, string>();
    const stack = options.stack ?? match?.[1];
    const project = options.project ?? match?.[2];
    if (project) tags.set("pulumi:project", project);
    if (stack) tags.set("pulumi:stack", stack);
    return tags;
}

/** How an item a policy could not judge is reported: an advisory entry whose message starts with this. */
export const NOT_APPLICABLE_PREFIX = "not applicable: ";

export function isNotApplicable(violation: Pick<PolicyViolation, "message">): boolean {
    return violation.message.startsWith(NOT_APPLICABLE_PREFIX);
}

/** A policy's level after the user's configuration: theirs, else the policy's own, else the pack's. */
export function effectiveLevel(policy: Policy, config: EvaluateOptions["config"]): EnforcementLevel {
    return ((config?.[policy.name]?.enforcementLevel as EnforcementLevel | undefined) ?? policy.enforcementLevel ?? PACK_ENFORCEMENT_LEVEL) as EnforcementLevel;
}

export interface PolicyVerdict {
    policy: string;
    description: string;
    /** The level it ran at (after configuration). */
    enforcementLevel: EnforcementLevel;
    /** fail: a mandatory violation; warn: an advisory one; pass: none; disabled: not run. */
    verdict: "pass" | "fail" | "warn" | "disabled";
    violations: number;
    /** Items it could not judge (unknown or secret values), reported as advisory "not applicable:" entries. */
    notApplicable: number;
}

/** One verdict per policy of the run, in the pack's order: what a reviewer reads as "every policy verdict". */
export function policyVerdicts(violations: readonly PolicyViolation[], options: Pick<EvaluateOptions, "config" | "policies"> = {}): PolicyVerdict[] {
    return (options.policies ?? packPolicies).map((policy) => {
        const level = effectiveLevel(policy, options.config);
        const mine = violations.filter((v) => v.policy === policy.name);
        const notApplicable = mine.filter(isNotApplicable).length;
        const real = mine.filter((v) => !isNotApplicable(v));
        const verdict =
            level === "disabled" ? "disabled" : real.some((v) => v.enforcementLevel === "mandatory") ? "fail" : real.length > 0 ? "warn" : "pass";
        return { policy: policy.name, description: policy.description ?? "", enforcementLevel: level, verdict, violations: real.length, notApplicable };
    });
}

/** Evaluates every policy of the pack over `resources`; returns what CrossGuard would report. */
export async function evaluatePolicies(resources: PlanResource[], options: EvaluateOptions = {}): Promise<PolicyViolation[]> {
    const policies = options.policies ?? packPolicies;
    const stackTags = stackTagsFor(resources, options);
    const violations: PolicyViolation[] = [];
    // Each resource is seen the same way by every policy, as CrossGuard deserializes it once per
    // resource for the whole pack: built once, not once per policy.
    const views = new Map<PlanResource, ReturnType<typeof resourceView>>();
    const viewOf = (resource: PlanResource) => {
        let view = views.get(resource);
        if (!view) views.set(resource, (view = resourceView(resource)));
        return view;
    };
    let stackView: PolicyResource[] | undefined;

    for (const policy of policies) {
        const userConfig = options.config?.[policy.name] ?? {};
        const level = effectiveLevel(policy, options.config);
        if (level === "disabled") continue;
        // Stack policies cannot remediate, and a remediation that cannot run counts as mandatory.
        const reportedLevel: EnforcementLevel = level === "remediate" ? "mandatory" : level;
        const knobs = Object.fromEntries(Object.entries(userConfig).filter(([key]) => key !== "enforcementLevel"));
        const getConfig = <T extends object>(): T => ({ ...schemaDefaults(policy.configSchema), ...knobs }) as T;

        const run = async (urn: string | null, fn: (report: (message: string, urn?: string) => void) => unknown) => {
            try {
                await fn((message, reportedUrn) =>
                    violations.push({ policy: policy.name, enforcementLevel: reportedLevel, urn: reportedUrn ?? urn, message }),
                );
            } catch (error) {
                if (!(error instanceof NotApplicable)) throw error;
                if (error.reason === undefined || TYPE_FILTER_REASON.test(error.reason)) return;
                violations.push({ policy: policy.name, enforcementLevel: "advisory", urn, message: `${NOT_APPLICABLE_PREFIX}${error.reason}` });
            }
        };

        if (isResourcePolicy(policy)) {
            const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource!];
            for (const resource of resources) {
                for (const validation of validations) {
                    // A validation typed for another resource type only says "not applicable" (ignored below): skipped.
                    const pulumiType = pulumiTypeOf(validation);
                    if (pulumiType && pulumiType !== resource.type) continue;
                    const view = viewOf(resource);
                    // Same function, typed by ResourceValidationArgs with the args type rather than the resource type.
                    const asType = view.asType as unknown as ResourceValidationArgs["asType"];
                    const args: ResourceValidationArgs = { ...view, asType, stackTags, getConfig, notApplicable };
                    await run(resource.urn, (report) => validation(args, report));
                }
            }
        }

        if (isStackPolicy(policy)) {
            const pulumiType = pulumiTypeOf(policy.validateStack);
            if (pulumiType && !resources.some((r) => r.type === pulumiType)) continue;
            const args: StackValidationArgs = {
                resources: (stackView ??= stackResources(resources, viewOf)),
                stackTags,
                getConfig,
                notApplicable,
            };
            await run(null, (report) => policy.validateStack(args, report));
        }
    }
    return violations;
}

/** What both kinds of policy see of one resource: type, inputs as props, identity, options, type tests. */
function resourceView(resource: PlanResource): Pick<PolicyResource, "type" | "props" | "urn" | "name" | "opts" | "isType" | "asType"> {
    const props = policyProps(resource.inputs);
    return {
        type: resource.type,
        props,
        urn: resource.urn,
        name: resource.name,
        opts: policyOptions(resource),
        isType: (cls) => isTypeOf(resource.type, cls),
        asType: ((cls: unknown) => (isTypeOf(resource.type, cls) ? props : undefined)) as PolicyResource["asType"],
    };
}

/** The stack as `validateStack` sees it: one PolicyResource per resource, `parent` as the parent object. */
export function stackResources(resources: readonly PlanResource[], view: (resource: PlanResource) => ReturnType<typeof resourceView> = resourceView): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    const policyResources = resources.map((resource) => {
        const policyResource: PolicyResource = { ...view(resource), dependencies: [], propertyDependencies: {} };
        byUrn.set(resource.urn, policyResource);
        return policyResource;
    });
    resources.forEach((resource, i) => {
        const parent = resource.parent ? byUrn.get(resource.parent) : undefined;
        if (parent) policyResources[i].parent = parent;
    });
    return policyResources;
}
