/**
 * The stack's own configuration (`stoa-tenancy:*` in Pulumi.<stack>.yaml): one schema, defaults here.
 * Provider settings (kubernetes:context, keycloak:url, postgresql:host, grafana:url…) are the
 * providers' own keys and are not read by this program.
 */
import { z } from "zod";

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const CONFIG_NAMESPACE = "stoa-tenancy";

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
        encryptedStorageClass: k8sName.describe("StorageClass with encryption at rest (AES-256); the only one tenant volumes may use."),
        database: z.string().regex(/^[a-z_][a-z0-9_]*$/).max(63).default("stoa").describe("PostgreSQL database holding every tenant schema. Default stoa."),
        backupStorageLocation: k8sName.default("default").describe("Velero BackupStorageLocation for namespace backups. Default default."),
        backupBucket: z.string().min(1).describe("Object storage bucket (URL) for per-tenant schema backups; each tenant writes under its own prefix."),
        veleroNamespace: k8sName.default("velero").describe("Namespace where Velero runs. Default velero."),
        certIssuer: k8sName.default("stoa-tenant-ca").describe("cert-manager ClusterIssuer that signs tenant mTLS client certificates. Default stoa-tenant-ca."),
        gateway: z.enum(["kong"]).default("kong").describe("Gateway adapter. Default kong."),
        kongIngressClass: z.string().default("kong").describe("Ingress class of the Kong Ingress Controller. Default kong."),
        grafanaPlatformAdminTeam: z.string().default("stoa-platform-admins").describe("Grafana team of platform admins, given admin on every tenant folder."),
    })
    .describe("Stack configuration of stoa-tenancy.");

export type StackConfigInput = z.input<typeof StackConfigSchema>;
export type StackConfig = z.output<typeof StackConfigSchema>;
