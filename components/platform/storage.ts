/**
 * Tenant volumes use the stack's encrypted storage class: an admission policy refuses, in every
 * namespace labelled with a tenant id, a PersistentVolumeClaim whose storageClassName is anything
 * else. Claims without a class are first given the cluster's default class by the DefaultStorageClass
 * admission plugin (mutating admission runs before validation), so they pass only if that default is
 * the encrypted class. Only CREATE is checked: the class of an existing claim cannot change, and
 * checking UPDATE would block finalizer removal on claims that predate the policy.
 */
import { createTenantAdmissionPolicy } from "./admission";
import type { PlatformLayerContext } from "./context";

export const ENCRYPTED_STORAGE_POLICY = "stoa-tenant-encrypted-storage";

/** CEL: the claim names exactly the encrypted class. Class names are DNS labels, so the literal needs no escaping. */
export function encryptedStorageExpression(storageClass: string): string {
    return `has(object.spec.storageClassName) && object.spec.storageClassName == '${storageClass}'`;
}

export function createPlatformStorage(ctx: PlatformLayerContext): { encryptedStoragePolicy: string } {
    const storageClass = ctx.stack.encryptedStorageClass;
    createTenantAdmissionPolicy(ctx, "platform-encrypted-storage", {
        name: ENCRYPTED_STORAGE_POLICY,
        resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["persistentvolumeclaims"] }],
        validations: [{ expression: encryptedStorageExpression(storageClass), message: `tenant volumes must use the encrypted storage class "${storageClass}"` }],
    });
    return { encryptedStoragePolicy: ENCRYPTED_STORAGE_POLICY };
}
