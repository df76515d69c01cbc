/** The Kong adapter's section of `stoa-tenancy:gateways` (`adapter: kong`). */
import { z } from "zod";
import { HARDENED_ENVIRONMENTS, k8sName, podLabels, type Environment } from "../../model/configParts";
import type { SectionProblem } from "../adapter";

export const KONG_DEFAULT_POD_LABELS = { "app.kubernetes.io/name": "kong" };
/** The proxy's HTTP and HTTPS ports (Kong's chart). */
export const KONG_PROXY_PORTS = [{ protocol: "TCP" as const, port: 8000 }, { protocol: "TCP" as const, port: 8443 }];
/** Annotations of the Kong Ingress Controller a tenant route may carry by default. */
export const KONG_TENANT_INGRESS_ANNOTATIONS = [
    "konghq.com/plugins",
    "konghq.com/strip-path",
    "konghq.com/protocols",
    "konghq.com/https-redirect-status-code",
    "konghq.com/methods",
];

export const KongSectionSchema = z
    .strictObject({
        adapter: z.literal("kong").describe("Kong through the Kong Ingress Controller (KongConsumer, KongPlugin, credential Secrets)."),
        ingressClass: z
            .string()
            .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, "must be a DNS subdomain (an IngressClass name)")
            .max(253)
            .default("kong")
            .describe("Ingress class of the Kong Ingress Controller; tenant Ingresses must name it (enforced at admission). Default kong."),
        rateLimitPolicy: z
            .enum(["redis", "cluster"])
            .default("redis")
            .describe(
                "Where Kong keeps rate-limit counters: redis (shared by every Kong replica; works with DB-less Kong Ingress Controller) or cluster (Kong's database; not available DB-less). Default redis.",
            ),
        redis: z
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
                "Redis of the rate-limiting plugin when rateLimitPolicy is redis. Default host redis.stoa-system.svc.cluster.local. Staging and prod must name passwordSecret and set ssl.",
            ),
        podLabels: podLabels
            .default(KONG_DEFAULT_POD_LABELS)
            .describe("Labels of the Kong proxy pods in the platform namespace (the only clients the Redis NetworkPolicy admits). Default app.kubernetes.io/name: kong."),
        mtlsAuth: z
            .boolean()
            .default(false)
            .describe("Kong Enterprise's mtls-auth plugin is available: give each consumer an mtls-auth credential matching its client certificate. Default false (Kong OSS)."),
    })
    .describe("Kong gateway.");

export type KongSection = z.output<typeof KongSectionSchema>;

/** In staging and prod the rate limiter's Redis needs a password and TLS. */
export function kongSectionProblems(section: Pick<KongSection, "rateLimitPolicy" | "redis">, environment: Environment): SectionProblem[] {
    if (!HARDENED_ENVIRONMENTS.includes(environment) || section.rateLimitPolicy !== "redis") return [];
    const problems: SectionProblem[] = [];
    if (!section.redis.passwordSecret) {
        problems.push({ path: ["redis", "passwordSecret"], message: `is required in ${environment}: the rate limiter's Redis holds every tenant's counters` });
    }
    if (!section.redis.ssl) {
        problems.push({ path: ["redis", "ssl"], message: `must be true in ${environment}: the Redis password and counters must not cross the network in the clear` });
    }
    return problems;
}
