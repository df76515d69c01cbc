/**
 * Tenant volumes use the stack's encrypted storage class: an admission policy refuses, in every
 * namespace labelled with a tenant id, a PersistentVolumeClaim whose storageClassName is anything
 * else. Claims without a class are first given the cluster's default class by the DefaultStorageClass
 * admission plugin (mutating admission runs before validation), so they pass only if that default is
 * the encrypted class. Only CREATE is checked: the class of an existing claim cannot change, and
 * checking UPDATE would block finalizer removal on claims that predate the policy.
 */
import * as k8s from "@pulumi/kubernetes";
import { LABEL_MANAGED_BY, LABEL_TENANT_ID, MANAGED_BY } from "../model";
import type { PlatformLayerContext } from "./context";

export const ENCRYPTED_STORAGE_POLICY = "stoa-tenant-encrypted-storage";

/** CEL: the claim names exactly the encrypted class. Class names are DNS labels, so the literal needs no escaping. */
export function encryptedStorageExpression(storageClass: string): string {
    return `has(object.spec.storageClassName) && object.spec.storageClassName == '${storageClass}'`;
}

export function createPlatformStorage(ctx: PlatformLayerContext): { encryptedStoragePolicy: string } {
    const storageClass = ctx.stack.encryptedStorageClass;
    const labels = { [LABEL_MANAGED_BY]: MANAGED_BY };
    const policy = new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(
        "platform-encrypted-storage",
        {
            metadata: { name: ENCRYPTED_STORAGE_POLICY, labels },
            spec: {
                failurePolicy: "Fail",
                matchConstraints: {
                    resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["persistentvolumeclaims"] }],
                },
                validations: [
                    {
                        expression: encryptedStorageExpression(storageClass),
                        message: `tenant volumes must use the encrypted storage class "${storageClass}"`,
                        reason: "Forbidden",
                    },
                ],
            },
        },
        ctx.opts,
    );
    new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(
        "platform-encrypted-storage",
        {
            metadata: { name: ENCRYPTED_STORAGE_POLICY, labels },
            spec: {
                policyName: policy.metadata.name,
                validationActions: ["Deny"],
                matchResources: { namespaceSelector: { matchExpressions: [{ key: LABEL_TENANT_ID, operator: "Exists" }] } },
            },
        },
        ctx.opts,
    );
    return { encryptedStoragePolicy: ENCRYPTED_STORAGE_POLICY };
}
