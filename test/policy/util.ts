/**
 * Helpers in the style of pulumi-policy-aws' tests: build a resource (type + props) or a small stack,
 * run one policy over it with the pack's offline runner (the same arguments CrossGuard builds), and
 * assert on a message substring.
 */
import { expect } from "vitest";
import type * as pulumi from "@pulumi/pulumi";
import type { Policy } from "@pulumi/policy";
import { evaluatePolicies, type PlanResource, type PolicyViolation } from "../../policy-pack/offline";
import { tenantNames } from "../../components/model/names";

export const STACK = "dev";
const PROJECT = "stoa-tenancy";

export interface FixtureOptions {
    /** Logical name; default derived from the type. */
    name?: string;
    /** Parent resource (its URN is used). */
    parent?: PlanResource;
    protect?: boolean;
    retainOnDelete?: boolean;
    /** Stack of the URN; default dev. */
    stack?: string;
}

let counter = 0;

/** A recorded resource, as runOffline returns it. */
export function resource(type: string, inputs: Record<string, unknown>, options: FixtureOptions = {}): PlanResource {
    const name = options.name ?? `${type.split(":").pop()!.toLowerCase()}-${++counter}`;
    const stack = options.stack ?? STACK;
    const parentType = options.parent ? options.parent.urn.split("::")[2] : undefined;
    const qualified = parentType ? `${parentType}$${type}` : type;
    return {
        urn: `urn:pulumi:${stack}::${PROJECT}::${qualified}::${name}`,
        type,
        name,
        parent: options.parent?.urn ?? null,
        inputs,
        protect: options.protect ?? false,
        retainOnDelete: options.retainOnDelete ?? false,
    };
}

/** A provider resource class: its constructor fixes the argument type, its `__pulumiType` the type token. */
export type ResourceClass<Args> = new (name: string, args: Args, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** The type token (`kubernetes:core/v1:Namespace`) every provider class carries at runtime. */
export function typeOf<Args>(cls: ResourceClass<Args>): string {
    const token = (cls as unknown as { __pulumiType?: unknown }).__pulumiType;
    if (typeof token !== "string") throw new Error(`${cls.name} has no __pulumiType: not a provider resource class`);
    return token;
}

/**
 * A recorded resource typed by its provider class, as awsguard's `createResourceValidationArgs(aws.x.Y, {...})`:
 * `fixture(k8s.core.v1.Namespace, { metadata: {...} })`. The inputs must be the SDK's own argument type,
 * so a misspelt field fails to compile instead of making the fixture meaningless.
 */
export function fixture<Args>(cls: ResourceClass<Args>, inputs: NoInfer<NonNullable<Args>>, options: FixtureOptions = {}): PlanResource {
    return resource(typeOf(cls), inputs as Record<string, unknown>, options);
}

/** A TenantIsolation component with the inputs the real one registers. */
export function tenantIsolation(tenantId: string, extra: { tier?: string; environment?: string; stack?: string } = {}): PlanResource {
    return resource(
        "stoa:tenancy:TenantIsolation",
        { tenantId, tier: extra.tier ?? "business", status: "active", environment: extra.environment ?? extra.stack ?? STACK },
        { name: tenantId, stack: extra.stack },
    );
}

/** metadata for a namespaced Kubernetes object. */
export function meta(namespace: string | undefined, name: string, labels?: Record<string, string>) {
    return { metadata: { name, ...(namespace !== undefined ? { namespace } : {}), ...(labels ? { labels } : {}) } };
}

export const ns = (id: string) => tenantNames(id).namespace;

/** Runs one policy over `resources`; returns its violations. */
export async function run(policy: Policy, resources: PlanResource[], config?: Record<string, unknown>): Promise<PolicyViolation[]> {
    return evaluatePolicies(resources, { policies: [policy], config: config ? { [policy.name]: config } : undefined });
}

/** Mandatory violations only (not-applicable notes are advisory). */
export function mandatory(violations: PolicyViolation[]): PolicyViolation[] {
    return violations.filter((v) => v.enforcementLevel === "mandatory");
}

/** The fixtures that ran and held in this test process, by policy name: read by coverage.test.ts. */
export const fixturesRun = new Map<string, { violating: number; compliant: number }>();

function recordFixture(policy: Policy, kind: "violating" | "compliant"): void {
    const counts = fixturesRun.get(policy.name) ?? { violating: 0, compliant: 0 };
    counts[kind]++;
    fixturesRun.set(policy.name, counts);
}

export async function expectViolation(policy: Policy, resources: PlanResource[], substring: string, config?: Record<string, unknown>): Promise<void> {
    const violations = await run(policy, resources, config);
    const messages = mandatory(violations).map((v) => v.message);
    expect(messages.some((m) => m.includes(substring)), `expected a violation containing "${substring}", got:\n${messages.join("\n")}`).toBe(true);
    recordFixture(policy, "violating");
}

export async function expectNoViolations(policy: Policy, resources: PlanResource[], config?: Record<string, unknown>): Promise<void> {
    const violations = await run(policy, resources, config);
    expect(violations.map((v) => `${v.enforcementLevel}: ${v.message}`)).toEqual([]);
    recordFixture(policy, "compliant");
}

/** Expects the policy to say it could not check an item, naming it, rather than passing or failing. */
export async function expectNotApplicable(policy: Policy, resources: PlanResource[], substring: string): Promise<void> {
    const violations = await run(policy, resources);
    expect(mandatory(violations)).toEqual([]);
    const notes = violations.filter((v) => v.message.startsWith("not applicable:")).map((v) => v.message);
    expect(notes.some((m) => m.includes(substring)), `expected a not-applicable note containing "${substring}", got:\n${notes.join("\n")}`).toBe(true);
}

/** A deep copy with `mutate` applied: one mutation per test, from a compliant fixture. */
export function mutated<T>(value: T, mutate: (copy: T) => void): T {
    const copy = structuredClone(value);
    mutate(copy);
    return copy;
}

