/**
 * Kong through the Kong Ingress Controller's resources: a KongConsumer, its credential Secrets and
 * consumer-scoped KongPlugins, all in the platform namespace where tenant roles cannot edit them; and
 * the route-side key-auth and ACL plugins the tenant's own Ingresses reference, in its namespace.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { LABEL_MANAGED_BY, LABEL_TENANT_ID, MANAGED_BY } from "../../model/labels";
import type { LayerContext } from "../../context";
import type { GatewayAdapter, TenantGatewayArgs, TenantGateway } from "../adapter";
import { KONG_DEFAULT_POD_LABELS, KONG_PROXY_PORTS, KONG_TENANT_INGRESS_ANNOTATIONS, KongSectionSchema, kongSectionProblems, type KongSection } from "./config";
import { kongNames } from "./names";
import { kongPack } from "./pack";
import {
    INGRESS_CLASS_ANNOTATION,
    KONG_API_VERSION,
    KONG_CREDENTIAL_LABEL,
    KONG_PLUGINS_ANNOTATION,
    mtlsCredential,
    ROUTE_ACL_PLUGIN,
    ROUTE_KEY_AUTH_PLUGIN,
    routeAclConfig,
    routeKeyAuthConfig,
    rateLimitingConfig,
    rateLimitingConfigPatches,
    requestTerminationConfig,
} from "./plugins";

export const kongAdapter: GatewayAdapter<typeof KongSectionSchema> = {
    name: "kong",
    config: KongSectionSchema,
    pack: kongPack,
    proxyEgress: { podLabels: KONG_DEFAULT_POD_LABELS, ports: KONG_PROXY_PORTS },
    ingressAnnotations: KONG_TENANT_INGRESS_ANNOTATIONS,
    sectionProblems: kongSectionProblems,
    ingressClass: (section) => section.ingressClass,
    counterStore: (section) =>
        section.rateLimitPolicy === "redis" ? { redisPodLabels: section.redis.podLabels, redisPort: section.redis.port, gatewayPodLabels: section.podLabels } : undefined,
    createTenantGateway(ctx: LayerContext, { section, plan, clientCertificate, tenantNamespace }: TenantGatewayArgs<KongSection>): TenantGateway {
        const { tenant, stack } = ctx;
        const names = kongNames(tenant.id);
        const namespace = stack.platformNamespace;
        const labels = { [LABEL_TENANT_ID]: tenant.id, [LABEL_MANAGED_BY]: MANAGED_BY };
        const annotations = { [INGRESS_CLASS_ANNOTATION]: section.ingressClass };
        const plugins: string[] = [];
        const credentials: string[] = [];

        new k8s.apiextensions.CustomResource(
            ctx.name("kong-rate-limiting"),
            {
                apiVersion: KONG_API_VERSION,
                kind: "KongPlugin",
                metadata: { name: names.rateLimitPlugin, namespace, labels, annotations },
                plugin: "rate-limiting",
                config: rateLimitingConfig(plan.rateLimitPerMinute, plan.quotaPerMonth, section),
                configPatches: rateLimitingConfigPatches(section),
            },
            ctx.opts,
        );
        plugins.push(names.rateLimitPlugin);

        if (plan.termination) {
            new k8s.apiextensions.CustomResource(
                ctx.name("kong-request-termination"),
                {
                    apiVersion: KONG_API_VERSION,
                    kind: "KongPlugin",
                    metadata: { name: names.terminationPlugin, namespace, labels, annotations },
                    plugin: "request-termination",
                    config: requestTerminationConfig(plan.termination),
                },
                ctx.opts,
            );
            plugins.push(names.terminationPlugin);
        }

        let apiKey: pulumi.Output<string> | undefined;
        if (plan.credentials) {
            const key = new random.RandomPassword(ctx.name("kong-api-key"), { length: 48, special: false }, ctx.opts);
            apiKey = pulumi.secret(key.result);
            credentialSecret(ctx, "kong-key-auth", names.keySecret, "key-auth", { key: apiKey });
            credentialSecret(ctx, "kong-acl", names.aclSecret, "acl", { group: plan.aclGroup });
            credentials.push(names.keySecret, names.aclSecret);
            if (clientCertificate && section.mtlsAuth) {
                // Kong Enterprise mtls-auth: the certificate whose SAN equals subject_name is this consumer. Kong
                // reads the CN only when a certificate has no SAN at all, so the match is on the URI SAN the
                // platform's own Certificate carries (spiffe://stoa/tenant/<id>), never on a common name.
                credentialSecret(ctx, "kong-mtls-auth", names.mtlsSecret, "mtls-auth", mtlsCredential(clientCertificate));
                credentials.push(names.mtlsSecret);
            }
        }

        new k8s.apiextensions.CustomResource(
            ctx.name("kong-consumer"),
            {
                apiVersion: KONG_API_VERSION,
                kind: "KongConsumer",
                metadata: {
                    name: names.consumer,
                    namespace,
                    labels,
                    annotations: { ...annotations, [KONG_PLUGINS_ANNOTATION]: plugins.join(",") },
                },
                username: plan.consumer,
                custom_id: tenant.id,
                credentials,
            },
            ctx.opts,
        );

        routePlugin(ctx, section, tenantNamespace, "kong-route-key-auth", ROUTE_KEY_AUTH_PLUGIN, "key-auth", routeKeyAuthConfig());
        routePlugin(ctx, section, tenantNamespace, "kong-route-acl", ROUTE_ACL_PLUGIN, "acl", routeAclConfig(plan.aclGroup));

        return { adapter: "kong", consumer: plan.consumer, rateLimitPerMinute: plan.rateLimitPerMinute, quotaPerMonth: plan.quotaPerMonth, apiKey };
    },
};

function routePlugin(ctx: LayerContext, section: KongSection, namespace: pulumi.Input<string>, suffix: string, name: string, plugin: string, config: object): void {
    new k8s.apiextensions.CustomResource(
        ctx.name(suffix),
        {
            apiVersion: KONG_API_VERSION,
            kind: "KongPlugin",
            metadata: {
                name,
                namespace,
                labels: { [LABEL_TENANT_ID]: ctx.tenant.id, [LABEL_MANAGED_BY]: MANAGED_BY },
                annotations: { [INGRESS_CLASS_ANNOTATION]: section.ingressClass },
            },
            plugin,
            config,
        },
        ctx.opts,
    );
}

function credentialSecret(ctx: LayerContext, suffix: string, name: string, type: string, stringData: Record<string, pulumi.Input<string>>): void {
    new k8s.core.v1.Secret(
        ctx.name(suffix),
        {
            metadata: {
                name,
                namespace: ctx.stack.platformNamespace,
                labels: { [KONG_CREDENTIAL_LABEL]: type, [LABEL_TENANT_ID]: ctx.tenant.id, [LABEL_MANAGED_BY]: MANAGED_BY },
            },
            type: "Opaque",
            stringData,
        },
        ctx.opts,
    );
}
