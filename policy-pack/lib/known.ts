/**
 * Values that are not known yet. During `pulumi preview`, CrossGuard wraps every resource's properties
 * in a proxy that throws `UnknownValueError` when a policy reads a value the engine cannot know yet
 * (an output of a resource that does not exist). The offline evaluator does the same for secrets it
 * only sees as "[secret]". A policy must never read such a value as compliant: these helpers turn the
 * error into `args.notApplicable(...)` with a message that names the value and the policy's item.
 */
import { UnknownValueError } from "@pulumi/policy";
import type {
    PolicyResource,
    ReportViolation,
    ResourceValidation,
    ResourceValidationArgs,
    StackValidation,
    StackValidationArgs,
} from "@pulumi/policy";

export function isUnknownValueError(error: unknown): error is UnknownValueError {
    return error instanceof UnknownValueError;
}

/** The not-applicable reason for a value that cannot be read yet. */
export function unknownReason(error: UnknownValueError, item: string): string {
    return `${item}: ${error.message}; checked again once the value is known (pulumi up)`;
}

/**
 * A resource validation whose unknown values make the policy not applicable to this resource,
 * with a reason, instead of failing the run or passing silently.
 */
export function knownOnly(validate: ResourceValidation): ResourceValidation {
    const wrapped: ResourceValidation = async (args: ResourceValidationArgs, report: ReportViolation) => {
        try {
            await validate(args, report);
        } catch (error) {
            if (isUnknownValueError(error)) args.notApplicable(unknownReason(error, args.name));
            throw error;
        }
    };
    // Keep CrossGuard's fast type filter (validateResourceOfType tags its function with the type token).
    const pulumiType = (validate as { __pulumiType?: string }).__pulumiType;
    if (pulumiType) (wrapped as { __pulumiType?: string }).__pulumiType = pulumiType;
    return wrapped;
}

/**
 * A stack validation that checks each resource on its own: a resource with unknown values is skipped
 * and named in one not-applicable reason at the end, after the violations of the known ones are reported.
 * `finish` runs once after every resource, and may return more reasons why some items could not be checked.
 */
export function perResource(
    select: (resource: PolicyResource) => boolean,
    validate: (resource: PolicyResource, args: StackValidationArgs, report: ReportViolation) => void,
    finish?: (args: StackValidationArgs, report: ReportViolation) => string[] | void,
): StackValidation {
    return (args, report) => {
        const unknown: string[] = [];
        for (const resource of args.resources) {
            try {
                if (select(resource)) validate(resource, args, report);
            } catch (error) {
                if (!isUnknownValueError(error)) throw error;
                unknown.push(unknownReason(error, resource.urn));
            }
        }
        const unchecked = finish ? finish(args, report) : undefined;
        if (unchecked) unknown.push(...unchecked);
        if (unknown.length > 0) args.notApplicable(unknown.join("\n"));
    };
}
