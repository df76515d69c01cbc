/**
 * The stack's own configuration (`stoa-tenancy:*` in Pulumi.<stack>.yaml): one schema, defaults here.
 * Provider settings (kubernetes:context, keycloak:url, postgresql:host, grafana:url…) are the
 * providers' own keys and are not read by this program.
 */
import { z } from "zod";
import { TENANT_ID_MAX_LENGTH } from "./names";

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const CONFIG_NAMESPACE = "stoa-tenancy";

/** This machine's own addresses (RFC 8252 loopback redirects), as a regular-expression group. */
export const LOOPBACK_HOST_PATTERN = String.raw`(localhost|127\.0\.0\.1|\[::1\])`;

const k8sName = z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS-1123 label")
    .max(63);

export const StackConfigSchema = z
    .strictObject({
        environment: z.enum(ENVIRONMENTS).describe("dev, staging or prod. Production is read-only for tenant roles unless a tenant file grants write."),
        tenantsDir: z.string().default("tenants").describe("Folder of tenant files, relative to the project. Default tenants."),
        platformNamespace: k8sName.default("stoa-system").describe("The platform's namespace (control plane, gateway, OPA). Default stoa-system."),
        platformRealm: z.string().min(1).default("stoa").describe("Keycloak realm of the platform team (cpi-admin). Default stoa."),
        keycloakUrl: z.url({ protocol: /^https$/ }).describe("Public https base URL of Keycloak; realm issuers are <keycloakUrl>/realms/<realm>."),
        portalRedirectUris: z
            .array(z.string().regex(/^https:\/\/[^*\s]+$/, "must be an https URL without wildcards").refine((s) => s.includes("{tenant}"), "must contain {tenant}"))
            .min(1)
            .describe("Exact redirect URIs of each tenant's portal client; {tenant} is replaced by the tenant id. No wildcards."),
        portalWebOrigins: z
            .array(z.string().regex(/^https:\/\/[^*\s/]+$/, "must be an https origin without wildcards or path"))
            .default([])
            .describe("Allowed CORS web origins of the portal client. Default none."),
        tenantIngressDomain: z
            .string()
            // Room for "<label>.<id>." in front of it within a DNS name's 253 characters.
            .max(253 - 64 - (TENANT_ID_MAX_LENGTH + 1), "must leave room for <name>.<tenant id>. in front (at most 158 characters)")
            .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a lower-case DNS name with at least two labels")
            .describe("Domain of tenant Ingress hosts: a tenant may publish only <id>.<domain> and names under it (enforced at admission)."),
        kubectlRedirectUris: z
            .array(
                z
                    .string()
                    .regex(
                        new RegExp(String.raw`^http://${LOOPBACK_HOST_PATTERN}:\d{1,5}(/[^*\s]*)?$`),
                        "must be an http loopback URL with a port (http://localhost:8000), without wildcards",
                    ),
            )
            .min(1)
            .default(["http://localhost:8000", "http://localhost:18000"])
            .describe(
                "Exact redirect URIs of each tenant's kubectl client: the loopback addresses where kubelogin receives the authorization code (RFC 8252). Default kubelogin's http://localhost:8000 and http://localhost:18000.",
            ),
        encryptedStorageClass: k8sName.describe("StorageClass with encryption at rest (AES-256); the only one tenant volumes may use."),
        database: z.string().regex(/^[a-z_][a-z0-9_]*$/).max(63).default("stoa").describe("PostgreSQL database holding every tenant schema. Default stoa."),
        closedDatabases: z
            .array(z.string().regex(/^[a-z_][a-z0-9_]*$/).max(63))
            .default(["postgres", "template1"])
            .describe("Other databases on the same PostgreSQL server; PUBLIC loses CONNECT on each, so tenant roles reach only `database`. Default postgres, template1."),
        databaseAudit: z
            .enum(["pgaudit", "none"])
            .default("pgaudit")
            .describe(
                "Audit of tenant data access: pgaudit creates the pgaudit extension in `database` (the server must preload it and set pgaudit.log; see docs/data.md); none leaves it to the server's own logging. Default pgaudit.",
            ),
        databaseHost: z
            .string()
            .min(1)
            .default("postgresql.stoa-system.svc.cluster.local")
            .describe("Host the per-tenant backup jobs connect to (the server the postgresql provider manages). Default postgresql.stoa-system.svc.cluster.local."),
        databasePort: z.number().int().min(1).max(65535).default(5432).describe("Port of databaseHost. Default 5432."),
        backupStorageLocation: k8sName.default("default").describe("Velero BackupStorageLocation for namespace backups. Default default."),
        backupBucket: z.string().min(1).describe("Object storage bucket (URL) for per-tenant schema backups; each tenant writes under its own prefix."),
        veleroNamespace: k8sName.default("velero").describe("Namespace where Velero runs. Default velero."),
        certIssuer: k8sName.default("stoa-tenant-ca").describe("cert-manager ClusterIssuer that signs tenant mTLS client certificates. Default stoa-tenant-ca."),
        gateway: z.enum(["kong"]).default("kong").describe("Gateway adapter. Default kong."),
        kongIngressClass: z.string().default("kong").describe("Ingress class of the Kong Ingress Controller. Default kong."),
        kongRateLimitPolicy: z
            .enum(["redis", "cluster"])
            .default("redis")
            .describe(
                "Where Kong keeps rate-limit counters: redis (shared by every Kong replica; works with DB-less Kong Ingress Controller) or cluster (Kong's database; not available DB-less). Default redis.",
            ),
        kongRedis: z
            .strictObject({
                host: z.string().min(1).describe("Redis host."),
                port: z.number().int().min(1).max(65535).default(6379).describe("Redis port. Default 6379."),
                ssl: z.boolean().default(false).describe("Connect to Redis over TLS. Default false."),
                passwordSecret: k8sName.optional().describe("Secret in the platform namespace whose `password` key holds the Redis password. Default none."),
            })
            .default({ host: "redis.stoa-system.svc.cluster.local", port: 6379, ssl: false })
            .describe("Redis of the rate-limiting plugin when kongRateLimitPolicy is redis. Default host redis.stoa-system.svc.cluster.local."),
        kongMtlsAuth: z
            .boolean()
            .default(false)
            .describe("Kong Enterprise's mtls-auth plugin is available: give each consumer an mtls-auth credential matching its client certificate. Default false (Kong OSS)."),
        cpiAdminRoleExists: z
            .boolean()
            .default(false)
            .describe("The cpi-admin role already exists in the platform realm: adopt it (Keycloak import) instead of creating it. Default false."),
        removalGuard: z
            .boolean()
            .default(true)
            .describe(
                "Before deploying, read this stack's previous outputs and refuse to drop a tenant that was not archived. Default true; offline runs switch it off.",
            ),
        shard: k8sName
            .optional()
            .describe(
                "The shard this stack deploys: only the tenants <tenantsDir>/shards.yaml assigns to it under this environment, without the platform's shared part (needs platformStack). Default unset: the stack deploys the platform and every tenant (an unsharded environment).",
            ),
        platformOnly: z
            .boolean()
            .default(false)
            .describe("This stack deploys only the platform's shared part of a sharded environment, no tenant. Default false."),
        platformStack: z
            .string()
            .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be <organization>/<project>/<stack>")
            .optional()
            .describe("The stack holding the platform's shared part (<organization>/<project>/<stack>), read by a shard through a StackReference. Required with shard."),
        grafanaPlatformAdminTeam: z.string().default("stoa-platform-admins").describe("Grafana team of platform admins, given admin on every tenant folder."),
        metricsProxyUrl: z
            .string()
            .regex(/^https?:\/\/[^*\s]+$/, "must be an http(s) URL without wildcards")
            .refine((s) => s.includes("{tenant}"), "must contain {tenant}")
            .default("http://prom-label-proxy.monitoring.svc.cluster.local:8080/tenant/{tenant}")
            .describe(
                "URL of each tenant's Grafana datasource: a label-enforcing Prometheus proxy that adds tenant=\"<id>\" to every query; {tenant} is replaced by the tenant id.",
            ),
        grafanaDatasourcePermissions: z
            .boolean()
            .default(false)
            .describe("Grafana Enterprise or Cloud: restrict each tenant datasource to its team and the platform admins. Default false (Grafana OSS cannot)."),
    })
    .describe("Stack configuration of stoa-tenancy.");

export type StackConfigInput = z.input<typeof StackConfigSchema>;
export type StackConfig = z.output<typeof StackConfigSchema>;
