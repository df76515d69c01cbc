/**
 * A ValidatingAdmissionPolicy and its binding, applied in every namespace labelled with a tenant id
 * (tenants cannot label namespaces, so they cannot step out of it). Each platform rule that tenants
 * must meet at admission, whoever creates the object, is one of these.
 */
import * as k8s from "@pulumi/kubernetes";
import { LABEL_MANAGED_BY, LABEL_TENANT_ID, MANAGED_BY } from "../model";
import type { PlatformLayerContext } from "./context";

type PolicySpec = k8s.types.input.admissionregistration.v1.ValidatingAdmissionPolicySpec;
type NamedRuleWithOperations = k8s.types.input.admissionregistration.v1.NamedRuleWithOperations;

export interface TenantAdmissionPolicyArgs {
    /** Name of the policy and of its binding in the cluster. */
    name: string;
    /** Which requests it judges. */
    resourceRules: NamedRuleWithOperations[];
    /** Named CEL expressions the validations read as `variables.<name>`. */
    variables?: PolicySpec["variables"];
    /** CEL expressions that must all be true, each with the message a refused user sees. */
    validations: { expression: string; message: string }[];
}

/** `logicalName` is the Pulumi name of both resources. Fails closed: an error evaluating a rule refuses. */
export function createTenantAdmissionPolicy(ctx: PlatformLayerContext, logicalName: string, args: TenantAdmissionPolicyArgs): void {
    const labels = { [LABEL_MANAGED_BY]: MANAGED_BY };
    const policy = new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(
        logicalName,
        {
            metadata: { name: args.name, labels },
            spec: {
                failurePolicy: "Fail",
                matchConstraints: { resourceRules: args.resourceRules },
                ...(args.variables ? { variables: args.variables } : {}),
                validations: args.validations.map((v) => ({ ...v, reason: "Forbidden" })),
            },
        },
        ctx.opts,
    );
    new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(
        logicalName,
        {
            metadata: { name: args.name, labels },
            spec: {
                policyName: policy.metadata.name,
                validationActions: ["Deny"],
                matchResources: { namespaceSelector: { matchExpressions: [{ key: LABEL_TENANT_ID, operator: "Exists" }] } },
            },
        },
        ctx.opts,
    );
}

/**
 * A CEL string literal. The values the rules embed (names, label values, CIDRs) are validated by the
 * stack schema or are the project's constants; a quote, a backslash or a line break would change the
 * expression, so they are refused here rather than escaped.
 */
export function celString(value: string): string {
    if (/['"\\\n\r]/.test(value)) throw new Error(`cannot embed ${JSON.stringify(value)} in an admission rule`);
    return `'${value}'`;
}

/** A CEL list literal of strings. */
export function celList(values: readonly string[]): string {
    return `[${values.map(celString).join(", ")}]`;
}

/** CEL: `expression` (a string) is one of `values`; false for an empty list. */
export function celOneOf(expression: string, values: readonly string[]): string {
    return values.length === 0 ? "false" : `${expression} in ${celList(values)}`;
}
