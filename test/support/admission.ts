/**
 * Evaluates a ValidatingAdmissionPolicy the way the API server does, with a real CEL evaluator:
 * `spec.variables` in order (each visible to the later ones as `variables.<name>`), then every
 * validation; an expression that is false or fails to evaluate refuses (failurePolicy Fail).
 */
import { evaluate } from "@marcbachmann/cel-js";
import type { RecordedResource } from "../../scripts/offline/runtime";

interface PolicySpec {
    variables?: { name: string; expression: string }[];
    validations: { expression: string; message: string }[];
}

export const VAP = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy";
export const VAP_BINDING = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding";

/** The registered object (policy or binding) of `type` whose metadata.name is `name`. */
export function admissionObject(resources: readonly RecordedResource[], type: string, name: string): RecordedResource {
    const found = resources.find((r) => r.type === type && (r.inputs.metadata as { name?: string } | undefined)?.name === name);
    if (!found) throw new Error(`no ${type} named ${name}`);
    return found;
}

/**
 * The messages of the validations that refuse `object` in `namespace`; [] when admitted. `oldObject` is
 * the stored object of an UPDATE (null, as on the API server, for a CREATE).
 */
export function refusals(policy: RecordedResource, object: unknown, namespace: { name: string; labels: Record<string, string> }, oldObject: unknown = null): string[] {
    const spec = policy.inputs.spec as PolicySpec;
    const namespaceObject = { metadata: { name: namespace.name, labels: namespace.labels } };
    const variables: Record<string, unknown> = {};
    const context = { object, oldObject, namespaceObject, variables };
    for (const variable of spec.variables ?? []) variables[variable.name] = evaluate(variable.expression, context);
    return spec.validations.filter((v) => {
        try {
            return evaluate(v.expression, context) !== true;
        } catch {
            return true;
        }
    }).map((v) => v.message);
}
