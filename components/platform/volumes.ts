/**
 * A tenant volume claim is bound by the cluster to a new volume, never to one the tenant names:
 * `spec.volumeName` or `spec.selector` would let a claim take a released PersistentVolume (with
 * `Retain`, the disk of another tenant's deleted claim), and a `dataSourceRef` in another namespace
 * would clone another tenant's data. Only CREATE is judged: the binder itself sets `volumeName` on
 * the claim afterwards, and the other fields cannot change.
 */
import { createTenantAdmissionPolicy } from "./admission";
import type { PlatformLayerContext } from "./context";

export const VOLUME_BINDING_POLICY = "stoa-tenant-volume-binding";

export const VOLUME_BINDING_VALIDATIONS: readonly { expression: string; message: string }[] = [
    {
        expression: "!has(object.spec.volumeName) || object.spec.volumeName == ''",
        message: "spec.volumeName is refused on tenant volume claims: a claim may not pick an existing PersistentVolume",
    },
    {
        expression: "!has(object.spec.selector)",
        message: "spec.selector is refused on tenant volume claims: a claim may not select existing PersistentVolumes",
    },
    {
        expression: "!has(object.spec.dataSourceRef) || !has(object.spec.dataSourceRef.namespace) || object.spec.dataSourceRef.namespace == namespaceObject.metadata.name",
        message: "spec.dataSourceRef of a tenant volume claim must stay in its own namespace",
    },
];

export const CLAIM_TEMPLATES_POLICY = "stoa-tenant-volume-claim-templates";

/**
 * The same rule on a StatefulSet's claim templates: the controller's claims would be refused anyway,
 * but only as events on the StatefulSet; here the person who applies it sees why.
 */
export const CLAIM_TEMPLATE_VALIDATIONS: readonly { expression: string; message: string }[] = [
    {
        expression: "!has(object.spec.volumeClaimTemplates) || object.spec.volumeClaimTemplates.all(t, !has(t.spec.volumeName) || t.spec.volumeName == '')",
        message: "spec.volumeClaimTemplates[].spec.volumeName is refused on tenant StatefulSets: a claim may not pick an existing PersistentVolume",
    },
    {
        expression: "!has(object.spec.volumeClaimTemplates) || object.spec.volumeClaimTemplates.all(t, !has(t.spec.selector))",
        message: "spec.volumeClaimTemplates[].spec.selector is refused on tenant StatefulSets: a claim may not select existing PersistentVolumes",
    },
];

export function createPlatformVolumes(ctx: PlatformLayerContext): { volumeBindingPolicy: string; claimTemplatesPolicy: string } {
    createTenantAdmissionPolicy(ctx, "platform-volume-binding", {
        name: VOLUME_BINDING_POLICY,
        resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["persistentvolumeclaims"] }],
        validations: [...VOLUME_BINDING_VALIDATIONS],
    });
    createTenantAdmissionPolicy(ctx, "platform-volume-claim-templates", {
        name: CLAIM_TEMPLATES_POLICY,
        resourceRules: [{ apiGroups: ["apps"], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["statefulsets"] }],
        validations: [...CLAIM_TEMPLATE_VALIDATIONS],
    });
    return { volumeBindingPolicy: VOLUME_BINDING_POLICY, claimTemplatesPolicy: CLAIM_TEMPLATES_POLICY };
}
