/**
 * The frame of every resource policy about Kubernetes objects in tenant namespaces: pick one kind,
 * skip objects outside a tenant namespace, resolve the policy's configuration, name the object in
 * messages as `<Kind> <namespace>/<name>`, and report unknown values as not applicable.
 */
import type { Resource, Unwrap } from "@pulumi/pulumi";
import { validateResourceOfType, type PolicyConfigSchema, type ReportViolation, type ResourceValidationPolicy } from "@pulumi/policy";
import { policyConfig } from "./config";
import { knownOnly } from "./known";
import { nameOf, namespaceOf } from "./kubernetes";
import { tenantOfNamespace } from "./tenancy";

export interface TenantNamespaceObject<TProps, TConfig> {
    /** The object's properties, as registered. */
    object: TProps;
    tenantId: string;
    namespace: string;
    /** `<Kind> <namespace>/<name>`, for messages. */
    label: string;
    /** The policy's configuration over its schema's defaults ({} without a schema). */
    config: TConfig;
    report: ReportViolation;
}

export function inTenantNamespace<TResource extends Resource, TArgs, TConfig extends object = Record<string, never>>(
    resourceClass: Parameters<typeof validateResourceOfType<TResource, TArgs>>[0],
    kind: string,
    check: (ctx: TenantNamespaceObject<Unwrap<NonNullable<TArgs>>, TConfig>) => void,
    configSchema?: PolicyConfigSchema,
): ResourceValidationPolicy["validateResource"] {
    return knownOnly(
        validateResourceOfType(resourceClass, (object, args, report) => {
            const namespace = namespaceOf(object);
            const tenantId = tenantOfNamespace(namespace);
            if (!namespace || !tenantId) return;
            const config = (configSchema ? policyConfig<TConfig>(configSchema, args) : {}) as TConfig;
            check({ object, tenantId, namespace, label: `${kind} ${namespace}/${nameOf(object, args.name)}`, config, report });
        }),
    );
}
