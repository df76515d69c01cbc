/**
 * The stack's own configuration (`stoa-tenancy:*` in Pulumi.<stack>.yaml): one schema, defaults here.
 * Provider settings (kubernetes:context, keycloak:url, postgresql:host, grafana:url…) are the
 * providers' own keys and are not read by this program.
 */
import { z } from "zod";
import { DEFAULT_GATEWAYS, GATEWAY_ADAPTERS, GATEWAY_NAMES, GatewaySectionSchema, gatewayAdapter } from "../gateway/registry";
import { ENVIRONMENTS, labelValue, podLabels, port, qualifiedName, k8sName } from "./configParts";
import { TENANT_ID_MAX_LENGTH } from "./names";

export { ENVIRONMENTS, HARDENED_ENVIRONMENTS, type Environment } from "./configParts";

export const CONFIG_NAMESPACE = "stoa-tenancy";

/** This machine's own addresses (RFC 8252 loopback redirects), as a regular-expression group. */
export const LOOPBACK_HOST_PATTERN = String.raw`(localhost|127\.0\.0\.1|\[::1\])`;

/** The default gateway's proxy: what tenant pods reach in the platform namespace to call APIs. */
const DEFAULT_GATEWAY_PROXY = GATEWAY_ADAPTERS[0].proxyEgress;

/** Where tenant pods may connect in the platform namespace by default: the gateway proxy, the control plane's API, PostgreSQL. */
export const DEFAULT_PLATFORM_EGRESS = [
    { name: "gateway-proxy", podLabels: DEFAULT_GATEWAY_PROXY.podLabels, ports: DEFAULT_GATEWAY_PROXY.ports },
    { name: "control-plane-api", podLabels: { "app.kubernetes.io/name": "stoa-control-plane" }, ports: [{ protocol: "TCP" as const, port: 8080 }] },
    { name: "database", podLabels: { "app.kubernetes.io/name": "postgresql" }, ports: [{ protocol: "TCP" as const, port: 5432 }] },
];

/** Tolerations every pod receives from the DefaultTolerationSeconds admission plugin before validation. */
export const DEFAULT_TENANT_TOLERATIONS = [
    { key: "node.kubernetes.io/not-ready", operator: "Exists" as const, effect: "NoExecute" as const },
    { key: "node.kubernetes.io/unreachable", operator: "Exists" as const, effect: "NoExecute" as const },
];

/** Ingress annotations tenants may set by default: those the default gateway reads on a tenant route. */
export const DEFAULT_TENANT_INGRESS_ANNOTATIONS: string[] = [...GATEWAY_ADAPTERS[0].ingressAnnotations];

const describeEntries = (entries: readonly { podLabels: Record<string, string>; ports: readonly { port: number }[] }[]) =>
    entries.map((e) => `${Object.entries(e.podLabels).map(([k, v]) => `${k}: ${v}`).join(", ")} (${e.ports.map((p) => p.port).join(", ")})`).join("; ");

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
        databaseConnectionCapacity: z
            .number()
            .int()
            .positive()
            .default(97)
            .describe(
                "Connections the tenants' PostgreSQL roles may hold together: the server's max_connections minus superuser_reserved_connections, reserved_connections and the platform's own connections. The program refuses a tenant set whose connection limits add up to more. Default 97 (PostgreSQL's defaults, 100 - 3).",
            ),
        databasePlatformLogin: z
            .string()
            .regex(/^[a-z_][a-z0-9_]*$/)
            .max(63)
            .optional()
            .describe(
                "The platform's own non-superuser PostgreSQL login (migrations, the provider's login on a managed server): granted pg_use_reserved_connections, so that tenants filling the server cannot lock it out (set reserved_connections on the server). Default none.",
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
        gateways: z
            .array(GatewaySectionSchema)
            .min(1)
            .prefault(DEFAULT_GATEWAYS)
            .describe(
                `Gateways the stack runs, each an entry with its adapter (${GATEWAY_NAMES.join(", ")}) and that adapter's keys (docs/gateway.md); at most one per adapter. The first is the default gateway: every tenant is on it, and a tenant whose tier and features allow multi_gateway is on every one. Default one ${GATEWAY_NAMES[0]} gateway with its defaults.`,
            ),
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
                `Pods and ports of the platform namespace tenant pods may connect to (everything else there, such as Redis, stays closed). Default the default gateway's proxy, the control plane's API and PostgreSQL: ${describeEntries(DEFAULT_PLATFORM_EGRESS)}.`,
            ),
        tenantIngressAnnotations: z
            .array(qualifiedName.refine((key) => key.includes("/"), "must be a prefixed annotation key"))
            .default(DEFAULT_TENANT_INGRESS_ANNOTATIONS)
            .describe(
                `Annotations under the gateway's, cert-manager.io/ and acme.cert-manager.io/ prefixes tenant Ingresses may carry; every other one is refused at admission; the plugins annotation may only name the platform's route plugins. Default the ones the default gateway reads: ${DEFAULT_TENANT_INGRESS_ANNOTATIONS.join(", ")}.`,
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

/** Rules across keys: one gateway per adapter, and each adapter's own rules (for one, a counter store that must be hardened in staging and prod). */
export function stackConfigProblems(stack: Pick<StackConfig, "environment" | "gateways">): { path: (string | number)[]; message: string }[] {
    const problems: { path: (string | number)[]; message: string }[] = [];
    stack.gateways.forEach((section, i) => {
        if (stack.gateways.findIndex((other) => other.adapter === section.adapter) !== i) {
            problems.push({ path: ["gateways", i, "adapter"], message: `names ${section.adapter} a second time: a stack runs at most one gateway per adapter` });
        }
        for (const problem of gatewayAdapter(section.adapter).sectionProblems(section, stack.environment)) {
            problems.push({ path: ["gateways", i, ...problem.path], message: problem.message });
        }
    });
    return problems;
}

export type StackConfigInput = z.input<typeof StackConfigSchema>;
export type StackConfig = z.output<typeof StackConfigSchema>;
