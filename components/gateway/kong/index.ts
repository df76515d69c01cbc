/**
 * Kong through the Kong Ingress Controller's resources: a KongConsumer, its credential Secrets and
 * consumer-scoped KongPlugins, all in the platform namespace where tenant roles cannot edit them; and
 * the route-side key-auth and ACL plugins the tenant's own Ingresses reference, in its namespace.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { LABEL_MANAGED_BY, LABEL_TENANT_ID, MANAGED_BY } from "../../model";
import type { LayerContext } from "../../context";
import type { GatewayAdapter, TenantGatewayArgs, TenantGateway } from "../adapter";
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

export const kongAdapter: GatewayAdapter = {
    name: "kong",
    createTenantGateway(ctx: LayerContext, { plan, clientCertificate, tenantNamespace }: TenantGatewayArgs): TenantGateway {
        const { tenant, stack } = ctx;
        const names = tenant.names;
        const namespace = stack.platformNamespace;
        const labels = { [LABEL_TENANT_ID]: tenant.id, [LABEL_MANAGED_BY]: MANAGED_BY };
        const annotations = { [INGRESS_CLASS_ANNOTATION]: stack.kongIngressClass };
        const plugins: string[] = [];
        const credentials: string[] = [];

        new k8s.apiextensions.CustomResource(
            ctx.name("kong-rate-limiting"),
            {
                apiVersion: KONG_API_VERSION,
                kind: "KongPlugin",
                metadata: { name: names.gatewayRateLimitPlugin, namespace, labels, annotations },
                plugin: "rate-limiting",
                config: rateLimitingConfig(plan.rateLimitPerMinute, stack),
                configPatches: rateLimitingConfigPatches(stack),
            },
            ctx.opts,
        );
        plugins.push(names.gatewayRateLimitPlugin);

        if (plan.termination) {
            new k8s.apiextensions.CustomResource(
                ctx.name("kong-request-termination"),
                {
                    apiVersion: KONG_API_VERSION,
                    kind: "KongPlugin",
                    metadata: { name: names.gatewayTerminationPlugin, namespace, labels, annotations },
                    plugin: "request-termination",
                    config: requestTerminationConfig(plan.termination),
                },
                ctx.opts,
            );
            plugins.push(names.gatewayTerminationPlugin);
        }

        let apiKey: pulumi.Output<string> | undefined;
        if (plan.credentials) {
            const key = new random.RandomPassword(ctx.name("kong-api-key"), { length: 48, special: false }, ctx.opts);
            apiKey = pulumi.secret(key.result);
            credentialSecret(ctx, "kong-key-auth", names.gatewayKeySecret, "key-auth", { key: apiKey });
            credentialSecret(ctx, "kong-acl", names.gatewayAclSecret, "acl", { group: plan.aclGroup });
            credentials.push(names.gatewayKeySecret, names.gatewayAclSecret);
            if (clientCertificate && stack.kongMtlsAuth) {
                // Kong Enterprise mtls-auth, matched on the certificate's URI SAN (mtlsCredential).
                credentialSecret(ctx, "kong-mtls-auth", names.gatewayMtlsSecret, "mtls-auth", mtlsCredential(clientCertificate));
                credentials.push(names.gatewayMtlsSecret);
            }
        }

        new k8s.apiextensions.CustomResource(
            ctx.name("kong-consumer"),
            {
                apiVersion: KONG_API_VERSION,
                kind: "KongConsumer",
                metadata: {
                    name: names.resourcePrefix,
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

        routePlugin(ctx, tenantNamespace, "kong-route-key-auth", ROUTE_KEY_AUTH_PLUGIN, "key-auth", routeKeyAuthConfig());
        routePlugin(ctx, tenantNamespace, "kong-route-acl", ROUTE_ACL_PLUGIN, "acl", routeAclConfig(plan.aclGroup));

        return { adapter: "kong", consumer: plan.consumer, apiKey };
    },
};

function routePlugin(ctx: LayerContext, namespace: pulumi.Input<string>, suffix: string, name: string, plugin: string, config: object): void {
    new k8s.apiextensions.CustomResource(
        ctx.name(suffix),
        {
            apiVersion: KONG_API_VERSION,
            kind: "KongPlugin",
            metadata: {
                name,
                namespace,
                labels: { [LABEL_TENANT_ID]: ctx.tenant.id, [LABEL_MANAGED_BY]: MANAGED_BY },
                annotations: { [INGRESS_CLASS_ANNOTATION]: ctx.stack.kongIngressClass },
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
