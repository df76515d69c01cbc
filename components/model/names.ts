/**
 * Every name derived from a tenant id, in every system it reaches. One function, so that a layer never
 * builds a tenant's name by hand and the property tests can check all of them at once.
 *
 * Ids are DNS-1123 labels of 2 to 30 characters with no underscore, so:
 * - every name below stays within its system's limit (the tightest is Grafana's 40-character uid);
 * - mapping `-` to `_` for PostgreSQL is one-to-one, so distinct ids give distinct identifiers;
 * - `_` and `:` can separate an id from a suffix unambiguously (Grafana dashboard uids, OIDC groups).
 * Names sharing one space (PostgreSQL roles, Grafana uids) must stay distinct across all tenants:
 * test/model/names.property.test.ts checks every field below, so classify a new one there.
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
    // tenants/retired.yaml is the registry of retired ids, not a tenant file.
    "retired",
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
    if (id.includes("--")) {
        // `xn--` labels are punycode in DNS; ids may end up in host names.
        return "must not contain '--'";
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
    /** PostgreSQL LOGIN role that only reads the schema, for the per-tenant backup (pg_dump). */
    backupRole: string;
    /** Backup CronJob and its Secret in the platform namespace (CronJob names are at most 52 characters). */
    backupJob: string;
    /** Gateway consumer username. */
    gatewayConsumer: string;
    /** Gateway ACL group. */
    gatewayAclGroup: string;
    /** Grafana folder uid (Grafana uids are at most 40 characters). */
    grafanaFolderUid: string;
    /**
     * Grafana dashboard uid; folders and dashboards share one uid space per organisation, so the
     * suffix is joined with `_` (never in an id): `tenant-a_ov` can never be tenant `a-ov`'s folder.
     */
    grafanaDashboardUid: string;
    /** Grafana team. */
    grafanaTeam: string;
    /** Grafana organization holding every Grafana object of the tenant (names are unique per Grafana server). */
    grafanaOrganization: string;
    /** Alias of the tenant realm's identity provider in the platform realm (the login broker). */
    platformIdentityProvider: string;
    /** Platform-realm group whose subgroups carry the tenant's groups over from its realm at each login. */
    platformGroup: string;
    /** Keycloak confidential client of the tenant realm that the platform realm logs in with (the broker). */
    brokerClientId: string;
    /** Keycloak client of the developer portal (public, PKCE); client ids are unique per realm only. */
    portalClientId: string;
    /** Keycloak confidential client for API access (service account). */
    apiClientId: string;
    /** Keycloak public client for kubectl (kubelogin: authorization code with PKCE, loopback redirect). */
    kubectlClientId: string;
    /** cert-manager Certificate of the tenant's mTLS client certificate (platform namespace). */
    clientCertificate: string;
    /** Secret cert-manager writes the client certificate and key to. */
    clientCertificateSecret: string;
    /** Identity in the client certificate (URI SAN), SPIFFE-style. */
    clientCertificateUri: string;
    /** Common name of the client certificate (gateways match the URI SAN, never this). */
    clientCertificateCommonName: string;
    /** Grafana datasource uid of the tenant's label-enforced metrics (40 characters at most). */
    grafanaDatasourceUid: string;
    /** Grafana datasource name. */
    grafanaDatasourceName: string;
    /** Secret in the platform namespace with the token the metrics proxy requires for this tenant's path. */
    metricsTokenSecret: string;
    /** Grafana contact point name (unique per organisation). */
    grafanaContactPoint: string;
    /** Grafana alert rule group (in the tenant folder). */
    grafanaRuleGroup: string;
    /** Grafana alert rule uid of the error-ratio rule (40 characters at most). */
    grafanaErrorRuleUid: string;
    /** ConfigMap in the platform namespace holding the tenant context OPA loads (kube-mgmt). */
    opaContextConfigMap: string;
    /** Velero Schedule in Velero's namespace that backs up the tenant namespace. */
    backupSchedule: string;
    /** Velero Backup taken once when the tenant is archived, kept for the archive retention. */
    finalBackup: string;
    /** Prefix for names of per-tenant objects that live outside the tenant namespace. */
    resourcePrefix: string;
}

/**
 * Prefix the cluster's OIDC authenticator puts on the platform realm's groups (`platform:cpi-admin`).
 * Tenant prefixes start with `tenant:`, so no tenant group can ever equal a platform group.
 */
export const PLATFORM_KUBERNETES_GROUP_PREFIX = "platform:";

export function tenantNames(id: string): TenantNames {
    const sql = sqlIdentifierPart(id);
    return {
        namespace: `tenant-${id}`,
        realm: id,
        kubernetesGroupPrefix: `tenant:${id}:`,
        schema: `tenant_${sql}`,
        schemaOwnerRole: `tenant_${sql}_owner`,
        applicationRole: `tenant_${sql}_app`,
        backupRole: `tenant_${sql}_backup`,
        backupJob: `tenant-${id}-db-backup`,
        gatewayConsumer: id,
        gatewayAclGroup: id,
        grafanaFolderUid: `tenant-${id}`,
        grafanaDashboardUid: `tenant-${id}_ov`,
        grafanaTeam: `tenant-${id}`,
        grafanaOrganization: `tenant-${id}`,
        platformIdentityProvider: `tenant-${id}`,
        platformGroup: `tenant-${id}`,
        brokerClientId: `${id}-platform-broker`,
        portalClientId: `${id}-portal`,
        apiClientId: `${id}-api`,
        kubectlClientId: `${id}-kubectl`,
        clientCertificate: `tenant-${id}-client`,
        clientCertificateSecret: `tenant-${id}-client-tls`,
        clientCertificateUri: `spiffe://stoa/tenant/${id}`,
        clientCertificateCommonName: `tenant-${id}`,
        grafanaDatasourceUid: `tenant-${id}-ds`,
        grafanaDatasourceName: `tenant-${id}-metrics`,
        metricsTokenSecret: `tenant-${id}-metrics-token`,
        grafanaContactPoint: `tenant-${id}`,
        grafanaRuleGroup: `tenant-${id}`,
        grafanaErrorRuleUid: `tenant-${id}-er`,
        opaContextConfigMap: `tenant-${id}-context`,
        backupSchedule: `tenant-${id}`,
        finalBackup: `tenant-${id}-final`,
        resourcePrefix: `tenant-${id}`,
    };
}

/**
 * Logical Pulumi name of a tenant's child resource. A URN holds the parent's type but not its name,
 * so children of different tenants share one name space per type: `/` cannot occur in an id, which
 * keeps `acme` + `corp-db` apart from `acme-corp` + `db` (with `-` both would be `acme-corp-db`).
 */
export function tenantResourceName(id: string, suffix: string): string {
    return `${id}/${suffix}`;
}
