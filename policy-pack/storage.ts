/** Tenant volumes: only the storage classes that encrypt at rest. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { policyConfig } from "./lib/config";
import { knownOnly } from "./lib/known";
import { nameOf, namespaceOf } from "./lib/kubernetes";
import { tenantOfNamespace } from "./lib/tenancy";

interface ClaimSpec {
    storageClassName?: string;
}

/** The claims a resource asks for: a PersistentVolumeClaim itself, or a StatefulSet's claim templates. */
export function claimsOf(type: string, props: Record<string, unknown>): { name: string; spec: ClaimSpec }[] {
    if (type === "kubernetes:core/v1:PersistentVolumeClaim") {
        return [{ name: nameOf(props, "claim"), spec: ((props as { spec?: ClaimSpec }).spec ?? {}) }];
    }
    if (type === "kubernetes:apps/v1:StatefulSet") {
        const templates = (props as { spec?: { volumeClaimTemplates?: { metadata?: { name?: string }; spec?: ClaimSpec }[] } }).spec?.volumeClaimTemplates ?? [];
        return templates.map((t) => ({ name: t.metadata?.name ?? "template", spec: t.spec ?? {} }));
    }
    return [];
}

const storageSchema: NonNullable<ResourceValidationPolicy["configSchema"]> = {
    properties: {
        allowedStorageClasses: {
            type: "array",
            items: { type: "string" },
            default: ["encrypted-ssd"],
            description: "StorageClasses tenant volumes may use (encrypted at rest). Default: the stacks' encryptedStorageClass.",
        },
    },
};

export const tenantVolumeStorageClass: ResourceValidationPolicy = {
    name: "tenant-volume-storage-class",
    description: "Checks that every volume claim in a tenant namespace names an allowed, encrypted StorageClass.",
    enforcementLevel: "mandatory",
    configSchema: storageSchema,
    validateResource: knownOnly((args, reportViolation) => {
        const claims = claimsOf(args.type, args.props);
        if (claims.length === 0 || !tenantOfNamespace(namespaceOf(args.props))) return;
        const { allowedStorageClasses } = policyConfig<{ allowedStorageClasses: string[] }>(storageSchema, args);
        for (const claim of claims) {
            const storageClass = claim.spec.storageClassName;
            if (storageClass === undefined || !allowedStorageClasses.includes(storageClass)) {
                reportViolation(
                    `Volume claim ${namespaceOf(args.props)}/${claim.name} must use StorageClass ${allowedStorageClasses.join(" or ")} (got ${storageClass ?? "the cluster default"}).`,
                );
            }
        }
    }),
};
