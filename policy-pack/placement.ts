/**
 * Placement: everything a TenantIsolation creates in Kubernetes lives in that tenant's namespace,
 * whoever wrote the code. The only exceptions are the platform's own namespaces, where the platform
 * keeps per-tenant objects (gateway consumers, backup schedules).
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { tenantNames } from "../components/model/names";
import { policyConfig } from "./lib/config";
import { perResource } from "./lib/known";
import { isNamespacedKind, kubernetesType, nameOf, namespaceOf } from "./lib/kubernetes";
import { owningTenant } from "./lib/stack";

const placementSchema: NonNullable<StackValidationPolicy["configSchema"]> = {
    properties: {
        sharedNamespaces: {
            type: "array",
            items: { type: "string" },
            default: ["stoa-system", "velero"],
            description: "Platform namespaces where per-tenant objects may live (the platform namespace, Velero's namespace).",
        },
    },
};

/** Why a Kubernetes object of `tenantId` is misplaced, or undefined when it is where it belongs. */
export function placementProblem(kind: string, props: unknown, tenantId: string, sharedNamespaces: readonly string[]): string | undefined {
    const own = tenantNames(tenantId).namespace;
    if (kind === "Namespace") {
        const name = nameOf(props, "");
        return name === own ? undefined : `is namespace ${name || "(auto-named)"}, not ${own}`;
    }
    if (!isNamespacedKind(kind)) return undefined;
    const namespace = namespaceOf(props);
    if (namespace === undefined) return `has no metadata.namespace (it would land in the provider's default namespace, not ${own})`;
    if (namespace === own || sharedNamespaces.includes(namespace)) return undefined;
    return `lives in namespace ${namespace}, not ${own}`;
}

export const tenantResourcesInTenantNamespace: StackValidationPolicy = {
    name: "tenant-resources-in-tenant-namespace",
    description: "Checks that every namespaced Kubernetes object under a TenantIsolation lives in that tenant's namespace or a shared platform namespace.",
    enforcementLevel: "mandatory",
    configSchema: placementSchema,
    validateStack: (args, reportViolation) => {
        const { sharedNamespaces } = policyConfig<{ sharedNamespaces: string[] }>(placementSchema, args);
        perResource(
            (resource) => kubernetesType(resource.type) !== undefined,
            (resource) => {
                const owner = owningTenant(resource);
                if (!owner) return;
                const { kind } = kubernetesType(resource.type)!;
                const problem = placementProblem(kind, resource.props, owner.tenantId, sharedNamespaces);
                if (problem) reportViolation(`${kind} ${nameOf(resource.props, resource.name)} of tenant ${owner.tenantId} ${problem}.`, resource.urn);
            },
        )(args, reportViolation);
    },
};
