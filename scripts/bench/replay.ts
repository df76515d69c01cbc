/**
 * The bare-SDK side of `npm run bench`: registers again, under the same mocks and offline runtime, the
 * resources a plan registered (types, names, inputs, parents, protect/retain), with no project logic.
 *
 * Two replays:
 * - `classes`: each resource through the class that defines its type, as any Pulumi program registers
 *   it: the provider SDK's class (`k8s.core.v1.Secret`, `keycloak.openid.Client`, …), Kubernetes custom
 *   resources through `k8s.apiextensions.CustomResource`, the PostgreSQL statements through their
 *   dynamic-resource class (whose provider the SDK serializes, as for the plan). What the bare SDK costs.
 * - `generic`: every custom resource through one bare `CustomResource` subclass with the recorded
 *   inputs, dynamic provider text included. No program can register its resources that cheaply: the
 *   provider classes declare every output property (the SDK makes an `Output` for each) and wrap
 *   secret inputs. A floor, shown beside the other.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PostgresqlStatements, STATEMENTS_TOKEN } from "../../components/data/statements";
import type { PlanResource } from "../../policy-pack/offline";

export type ReplayMode = "classes" | "generic";

/** What the replay registers again: the plan's view of each resource. */
export type ReplayResource = Pick<PlanResource, "urn" | "type" | "name" | "parent" | "inputs" | "protect" | "retainOnDelete">;

/** Where the class of a type token is: a provider package's export path, or one of the special cases. */
export type ClassLocation =
    | { kind: "component" }
    | { kind: "statements" }
    | { kind: "kubernetesCustomResource" }
    | { kind: "providerClass"; packageName: string; exportPath: string[] };

/** Provider name in a type token → its npm package. */
const PROVIDER_PACKAGES: Readonly<Record<string, string>> = {
    kubernetes: "@pulumi/kubernetes",
    keycloak: "@pulumi/keycloak",
    postgresql: "@pulumi/postgresql",
    random: "@pulumi/random",
    grafana: "@pulumiverse/grafana",
};

/**
 * Where the class for `type` is. Provider tokens are `<provider>:<module>/<file>:<Class>`; the class is
 * exported at `<module>.<Class>` (`index` is the package's root). Kubernetes tokens are
 * `kubernetes:<group>/<version>:<Kind>`: a built-in group (no dot, or under `k8s.io`) is exported as
 * `<first label of the group>.<version>.<Kind>`; any other group is a custom resource.
 */
export function classLocation(type: string): ClassLocation {
    if (type.startsWith("stoa:")) return { kind: "component" };
    if (type === STATEMENTS_TOKEN) return { kind: "statements" };
    const match = /^([^:]+):([^:/]+)\/([^:]+):([^:]+)$/.exec(type);
    const packageName = match ? PROVIDER_PACKAGES[match[1]] : undefined;
    if (!match || packageName === undefined) throw new Error(`no class known for resource type ${type}`);
    const [, provider, module, file, className] = match;
    if (provider === "kubernetes") {
        const builtin = !module.includes(".") || module.endsWith(".k8s.io");
        if (!builtin) return { kind: "kubernetesCustomResource" };
        return { kind: "providerClass", packageName, exportPath: [module.split(".")[0], file, className] };
    }
    return { kind: "providerClass", packageName, exportPath: module === "index" ? [className] : [module, className] };
}

type ResourceClass = new (name: string, args: pulumi.Inputs, opts: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** The class at `location`, checked to be the one for `type` (its `__pulumiType`). */
function loadClass(type: string, location: Extract<ClassLocation, { kind: "providerClass" }>): ResourceClass {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    let found: unknown = require(location.packageName);
    for (const key of location.exportPath) found = (found as Record<string, unknown> | undefined)?.[key];
    if (typeof found !== "function" || (found as { __pulumiType?: unknown }).__pulumiType !== type) {
        throw new Error(`${location.packageName} has no class ${location.exportPath.join(".")} for resource type ${type}`);
    }
    return found as ResourceClass;
}

/** A custom resource of any type, registered with exactly the inputs it is given. */
class Replayed extends pulumi.CustomResource {
    constructor(type: string, name: string, inputs: pulumi.Inputs, opts: pulumi.CustomResourceOptions) {
        super(type, name, inputs, opts);
    }
}

/** The dynamic resource's inputs without the provider text its class adds itself. */
function withoutProvider(inputs: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(inputs).filter(([key]) => key !== "__provider"));
}

/**
 * A program that registers `resources` again, in their order (a parent before its children). Provider
 * classes are loaded when first used, as a program's imports load them.
 */
export function replayProgram(resources: readonly ReplayResource[], mode: ReplayMode): () => Promise<Record<string, never>> {
    return async () => {
        const byUrn = new Map<string, pulumi.Resource>();
        const classes = new Map<string, ResourceClass>();
        const classFor = (type: string, location: Extract<ClassLocation, { kind: "providerClass" }>) => {
            let found = classes.get(type);
            if (!found) classes.set(type, (found = loadClass(type, location)));
            return found;
        };
        for (const r of resources) {
            const opts = { parent: r.parent ? byUrn.get(r.parent) : undefined, protect: r.protect, retainOnDelete: r.retainOnDelete };
            // Each class gets its own copy: provider classes and the dynamic resource add to their arguments.
            const inputs = { ...r.inputs };
            const location = classLocation(r.type);
            let resource: pulumi.Resource;
            if (location.kind === "component") resource = new pulumi.ComponentResource(r.type, r.name, inputs, opts);
            else if (mode === "generic") resource = new Replayed(r.type, r.name, inputs, opts);
            else if (location.kind === "statements") resource = new PostgresqlStatements(r.name, withoutProvider(inputs) as never, opts);
            else if (location.kind === "kubernetesCustomResource") resource = new k8s.apiextensions.CustomResource(r.name, inputs as never, opts);
            else resource = new (classFor(r.type, location))(r.name, inputs, opts);
            byUrn.set(r.urn, resource);
        }
        return {};
    };
}

/** JSON with object keys sorted: the same value gives the same text whatever order its keys were set in. */
function sortedJson(value: unknown): string {
    return JSON.stringify(value, (_key, v: unknown) =>
        v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
    );
}

/** The URNs whose registered inputs differ from the recorded ones (the replay must register the same). */
export function differingInputs(recorded: readonly ReplayResource[], registered: readonly Pick<ReplayResource, "urn" | "inputs">[]): string[] {
    const want = new Map(recorded.map((r) => [r.urn, sortedJson(r.inputs)]));
    const got = new Map(registered.map((r) => [r.urn, sortedJson(r.inputs)]));
    return [...new Set([...want.keys(), ...got.keys()])].filter((urn) => want.get(urn) !== got.get(urn));
}
