/** Labels and annotations the platform owns. Tenants can never set these on their namespace. */

export const LABEL_TENANT_ID = "stoa.io/tenant-id";
export const LABEL_TIER = "stoa.io/tier";
export const LABEL_STATUS = "stoa.io/status";
export const LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
/** On an archived tenant's namespace: until when its data must be kept (ISO-8601). */
export const ANNOTATION_RETAIN_UNTIL = "stoa.io/retain-until";
export const MANAGED_BY = "stoa-tenancy";
/** Set by the API server on every namespace (Kubernetes 1.22+); no one can forge it. */
export const LABEL_NAMESPACE_NAME = "kubernetes.io/metadata.name";

export const POD_SECURITY_LEVEL = "restricted";
/** Pinned so that a cluster upgrade never changes what `restricted` means without a review. */
export const POD_SECURITY_VERSION = "v1.30";
