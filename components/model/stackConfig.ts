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

/** A label key or an annotation key: optional DNS-subdomain prefix and a name of up to 63 characters. */
const qualifiedName = z
    .string()
    .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, "must be a Kubernetes label or annotation key");
const labelValue = z.string().regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/, "must be a Kubernetes label value");
const podLabels = z.record(qualifiedName, labelValue).refine((labels) => Object.keys(labels).length > 0, "must name at least one label");
const port = z.strictObject({
    protocol: z.enum(["TCP", "UDP"]).default("TCP").describe("TCP or UDP. Default TCP."),
    port: z.number().int().min(1).max(65535).describe("The pods' own port (a NetworkPolicy matches the pod's port, not the Service's)."),
});

/** Where tenant pods may connect in the platform namespace by default: the gateway proxy, the control plane's API, PostgreSQL. */
export const DEFAULT_PLATFORM_EGRESS = [
    { name: "gateway-proxy", podLabels: { "app.kubernetes.io/name": "kong" }, ports: [{ protocol: "TCP" as const, port: 8000 }, { protocol: "TCP" as const, port: 8443 }] },
    { name: "control-plane-api", podLabels: { "app.kubernetes.io/name": "stoa-control-plane" }, ports: [{ protocol: "TCP" as const, port: 8080 }] },
    { name: "database", podLabels: { "app.kubernetes.io/name": "postgresql" }, ports: [{ protocol: "TCP" as const, port: 5432 }] },
];

/** Tolerations every pod receives from the DefaultTolerationSeconds admission plugin before validation. */
export const DEFAULT_TENANT_TOLERATIONS = [
    { key: "node.kubernetes.io/not-ready", operator: "Exists" as const, effect: "NoExecute" as const },
    { key: "node.kubernetes.io/unreachable", operator: "Exists" as const, effect: "NoExecute" as const },
];

/** Ingress annotations under the gateway's and cert-manager's prefixes that tenants may set by default. */
export const DEFAULT_TENANT_INGRESS_ANNOTATIONS = [
    "konghq.com/plugins",
    "konghq.com/strip-path",
    "konghq.com/protocols",
    "konghq.com/https-redirect-status-code",
    "konghq.com/methods",
];

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
        kongIngressClass: z
            .string()
            .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, "must be a DNS subdomain (an IngressClass name)")
            .max(253)
            .default("kong")
            .describe("Ingress class of the Kong Ingress Controller; tenant Ingresses must name it (enforced at admission). Default kong."),
        kongRateLimitPolicy: z
            .enum(["redis", "cluster"])
            .default("redis")
            .describe(
                "Where Kong keeps rate-limit counters: redis (shared by every Kong replica; works with DB-less Kong Ingress Controller) or cluster (Kong's database; not available DB-less). Default redis.",
            ),
        kongRedis: z
            .strictObject({
                host: z.string().min(1).describe("Redis host."),
                port: z.number().int().min(1).max(65535).default(6379).describe("Redis port, also the Redis pods' port in the platform NetworkPolicy. Default 6379."),
                ssl: z.boolean().default(false).describe("Connect to Redis over TLS. Default false; required true in staging and prod."),
                passwordSecret: k8sName
                    .optional()
                    .describe("Secret in the platform namespace whose `password` key holds the Redis password. Default none; required in staging and prod."),
                podLabels: podLabels
                    .default({ "app.kubernetes.io/name": "redis" })
                    .describe("Labels of the Redis pods in the platform namespace: a NetworkPolicy admits only the gateway to them. Default app.kubernetes.io/name: redis."),
            })
            .default({ host: "redis.stoa-system.svc.cluster.local", port: 6379, ssl: false, podLabels: { "app.kubernetes.io/name": "redis" } })
            .describe(
                "Redis of the rate-limiting plugin when kongRateLimitPolicy is redis. Default host redis.stoa-system.svc.cluster.local. Staging and prod must name passwordSecret and set ssl.",
            ),
        gatewayPodLabels: podLabels
            .default({ "app.kubernetes.io/name": "kong" })
            .describe("Labels of the gateway proxy pods in the platform namespace (the only clients the Redis NetworkPolicy admits). Default app.kubernetes.io/name: kong."),
        platformEgress: z
            .array(
                z.strictObject({
                    name: k8sName.describe("What the entry is for (gateway-proxy, control-plane-api…)."),
                    podLabels: podLabels.describe("Labels of the platform pods tenant pods may reach."),
                    ports: z.array(port).min(1).describe("Their ports."),
                }),
            )
            .default(DEFAULT_PLATFORM_EGRESS)
            .describe(
                "Pods and ports of the platform namespace tenant pods may connect to (everything else there, such as Redis, stays closed). Default the gateway proxy (app.kubernetes.io/name: kong, 8000, 8443), the control plane's API (stoa-control-plane, 8080) and PostgreSQL (postgresql, 5432).",
            ),
        tenantIngressAnnotations: z
            .array(qualifiedName.refine((key) => key.includes("/"), "must be a prefixed annotation key"))
            .default(DEFAULT_TENANT_INGRESS_ANNOTATIONS)
            .describe(
                "Annotations under konghq.com/, cert-manager.io/ and acme.cert-manager.io/ tenant Ingresses may carry; every other one is refused at admission. konghq.com/plugins may only name the platform's route plugins. Default konghq.com/plugins, strip-path, protocols, https-redirect-status-code, methods.",
            ),
        tenantTolerations: z
            .array(
                z.strictObject({
                    key: qualifiedName.describe("Taint key."),
                    operator: z.enum(["Exists", "Equal"]).describe("Exists or Equal."),
                    value: labelValue.optional().describe("Taint value (Equal only)."),
                    effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).optional().describe("Taint effect; omitted matches every effect."),
                }),
            )
            .default(DEFAULT_TENANT_TOLERATIONS)
            .describe(
                "The only tolerations tenant pods may carry (tolerationSeconds is free). Default the two the DefaultTolerationSeconds admission plugin adds to every pod: node.kubernetes.io/not-ready and node.kubernetes.io/unreachable, Exists, NoExecute.",
            ),
        tenantRuntimeClasses: z
            .array(k8sName)
            .default([])
            .describe("RuntimeClasses tenant pods may name. Default none (the cluster's default runtime only)."),
        tenantLoadBalancerIPs: z
            .array(z.union([z.ipv4(), z.ipv6()]))
            .default([])
            .describe("Addresses a tenant LoadBalancer Service may request in spec.loadBalancerIP. Default none (the field is refused)."),
        tenantLoadBalancerSourceRanges: z
            .array(z.union([z.cidrv4(), z.cidrv6()]))
            .default([])
            .describe("CIDRs a tenant LoadBalancer Service may list in spec.loadBalancerSourceRanges, each exactly as written here. Default none (the field is refused)."),
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
        grafanaUrl: z
            .url({ protocol: /^https$/ })
            .describe(
                "Public https base URL of Grafana. The platform realm's Grafana client accepts only <grafanaUrl>/login/generic_oauth as its redirect URI.",
            ),
        grafanaClientId: z
            .string()
            .regex(/^[a-z0-9-]{1,64}$/, "must be lower-case letters, digits and '-'")
            .default("grafana")
            .describe("Client id of Grafana's login client in the platform realm (created by this program). Default grafana."),
        metricsProxyUrl: z
            .string()
            .regex(/^https?:\/\/[^*\s]+$/, "must be an http(s) URL without wildcards")
            .refine((s) => s.includes("{tenant}"), "must contain {tenant}")
            .default("http://prom-label-proxy.monitoring.svc.cluster.local:8080/tenant/{tenant}")
            .describe(
                "URL of each tenant's Grafana datasource: a label-enforcing Prometheus proxy that adds tenant=\"<id>\" to every query; {tenant} is replaced by the tenant id.",
            ),
    })
    .superRefine((stack, ctx) => {
        for (const problem of stackConfigProblems(stack)) ctx.addIssue({ code: "custom", ...problem });
    })
    .describe("Stack configuration of stoa-tenancy.");

/** Environments whose shared services must authenticate and encrypt (a tenant pod must not reach them in the clear). */
export const HARDENED_ENVIRONMENTS: readonly Environment[] = ["staging", "prod"];

/** Rules across keys: in staging and prod the rate limiter's Redis needs a password and TLS. */
export function stackConfigProblems(stack: Pick<StackConfig, "environment" | "kongRateLimitPolicy" | "kongRedis">): { path: string[]; message: string }[] {
    if (!HARDENED_ENVIRONMENTS.includes(stack.environment) || stack.kongRateLimitPolicy !== "redis") return [];
    const problems: { path: string[]; message: string }[] = [];
    if (!stack.kongRedis.passwordSecret) {
        problems.push({ path: ["kongRedis", "passwordSecret"], message: `is required in ${stack.environment}: the rate limiter's Redis holds every tenant's counters` });
    }
    if (!stack.kongRedis.ssl) {
        problems.push({ path: ["kongRedis", "ssl"], message: `must be true in ${stack.environment}: the Redis password and counters must not cross the network in the clear` });
    }
    return problems;
}

export type StackConfigInput = z.input<typeof StackConfigSchema>;
export type StackConfig = z.output<typeof StackConfigSchema>;
