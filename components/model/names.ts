/**
 * Every name derived from a tenant id, in every system it reaches. One function, so that a layer never
 * builds a tenant's name by hand and the property tests can check all of them at once.
 *
 * Ids are DNS-1123 labels of 2 to 30 characters with no underscore, so:
 * - every name below stays within its system's limit (the tightest is Grafana's 40-character uid);
 * - mapping `-` to `_` for PostgreSQL is one-to-one, so distinct ids give distinct identifiers.
 */

export const TENANT_ID_MIN_LENGTH = 2;
export const TENANT_ID_MAX_LENGTH = 30;
export const TENANT_ID_PATTERN = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;

/**
 * Ids the platform or its servers already own. Keycloak's built-in realm is `master`; the rest are
 * the platform's own realm, namespace, schema and role names, and names operators expect to be special.
 */
export const RESERVED_TENANT_IDS: readonly string[] = [
    "master",
    "admin",
    "stoa",
    "stoa-system",
    "stoa-platform",
    "platform",
    "system",
    "default",
    "public",
    "root",
    "postgres",
    "information-schema",
    "kube",
    "velero",
    "cert-manager",
    "monitoring",
    "all",
    "none",
];

/** Prefixes that belong to Kubernetes (`kube-`), PostgreSQL (`pg_` once mapped) and the platform. */
export const RESERVED_TENANT_ID_PREFIXES: readonly string[] = ["kube-", "pg-", "stoa-", "openshift-", "system-"];

/** Why `id` cannot be a tenant id, or undefined when it can (the platform realm is checked separately). */
export function tenantIdProblem(id: string): string | undefined {
    if (id.length < TENANT_ID_MIN_LENGTH || id.length > TENANT_ID_MAX_LENGTH) {
        return `must be ${TENANT_ID_MIN_LENGTH} to ${TENANT_ID_MAX_LENGTH} characters long (got ${id.length})`;
    }
    if (!TENANT_ID_PATTERN.test(id)) {
        return "must be lower-case letters, digits and '-', start with a letter and end with a letter or digit";
    }
    if (RESERVED_TENANT_IDS.includes(id)) {
        return `"${id}" is reserved by the platform or one of its servers`;
    }
    const prefix = RESERVED_TENANT_ID_PREFIXES.find((p) => id.startsWith(p));
    if (prefix) {
        return `ids starting with "${prefix}" are reserved by the platform or one of its servers`;
    }
    return undefined;
}

/** `acme-corp` → `acme_corp`: PostgreSQL identifiers unquoted, injective because ids have no `_`. */
export function sqlIdentifierPart(id: string): string {
    return id.replace(/-/g, "_");
}

export interface TenantNames {
    /** Kubernetes namespace. */
    namespace: string;
    /** Keycloak realm. */
    realm: string;
    /** Prefix the cluster's OIDC authenticator puts on this realm's groups (`<prefix>devops`). */
    kubernetesGroupPrefix: string;
    /** PostgreSQL schema. */
    schema: string;
    /** PostgreSQL NOLOGIN role that owns the schema (the platform's migrations run as it). */
    schemaOwnerRole: string;
    /** PostgreSQL LOGIN role the tenant's applications use. */
    applicationRole: string;
    /** Gateway consumer username. */
    gatewayConsumer: string;
    /** Gateway ACL group. */
    gatewayAclGroup: string;
    /** Grafana folder uid (Grafana uids are at most 40 characters). */
    grafanaFolderUid: string;
    /** Grafana dashboard uid; folders and dashboards share one uid space per organisation. */
    grafanaDashboardUid: string;
    /** Grafana team. */
    grafanaTeam: string;
    /** Prefix for names of per-tenant objects that live outside the tenant namespace. */
    resourcePrefix: string;
}

export function tenantNames(id: string): TenantNames {
    const sql = sqlIdentifierPart(id);
    return {
        namespace: `tenant-${id}`,
        realm: id,
        kubernetesGroupPrefix: `tenant:${id}:`,
        schema: `tenant_${sql}`,
        schemaOwnerRole: `tenant_${sql}_owner`,
        applicationRole: `tenant_${sql}_app`,
        gatewayConsumer: id,
        gatewayAclGroup: id,
        grafanaFolderUid: `tenant-${id}`,
        grafanaDashboardUid: `tenant-${id}-ov`,
        grafanaTeam: `tenant-${id}`,
        resourcePrefix: `tenant-${id}`,
    };
}
