/**
 * Gravitee APIM through the Gravitee Kubernetes Operator's resources, all in the platform namespace where
 * tenant roles cannot edit them: the tenant's API (an ApiV4Definition with its plans and rate limit), its
 * application (its identity at the gateway, with its client certificate under mTLS), and the
 * subscriptions of that application to the plans of its own API, carrying its API key.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { LABEL_MANAGED_BY, LABEL_TENANT_ID, MANAGED_BY } from "../../model/labels";
import type { LayerContext } from "../../context";
import type { GatewayAdapter, TenantGateway, TenantGatewayArgs } from "../adapter";
import { GraviteeSectionSchema, graviteeSectionProblems, type GraviteeSection } from "./config";
import { API_KEY_PLAN, MTLS_PLAN, graviteeNames } from "./names";
import { GRAVITEE_API_VERSION, apiSpec, applicationSpec, subscriptionSpec } from "./objects";
import { graviteePack } from "./pack";

export const graviteeAdapter: GatewayAdapter<typeof GraviteeSectionSchema> = {
    name: "gravitee",
    config: GraviteeSectionSchema,
    pack: graviteePack,
    // The APIM gateway of Gravitee's Helm chart and its HTTP port.
    proxyEgress: { podLabels: { "app.kubernetes.io/name": "apim", "app.kubernetes.io/component": "gateway" }, ports: [{ protocol: "TCP", port: 8082 }] },
    ingressAnnotations: [],
    sectionProblems: graviteeSectionProblems,
    // Tenant routes on Gravitee are the platform's ApiV4Definitions, not tenant Ingresses.
    ingressClass: () => undefined,
    // Gravitee keeps its counters in its own rate-limit repository (gravitee.yml), outside this program.
    counterStore: () => undefined,
    createTenantGateway(ctx: LayerContext, { section, plan, clientCertificate }: TenantGatewayArgs<GraviteeSection>): TenantGateway {
        const { tenant, stack } = ctx;
        const names = graviteeNames(tenant.id);
        const platformNamespace = stack.platformNamespace;
        const object = (suffix: string, kind: string, name: string, spec: pulumi.Input<Record<string, unknown>>, opts = ctx.opts) =>
            new k8s.apiextensions.CustomResource(
                ctx.name(suffix),
                {
                    apiVersion: GRAVITEE_API_VERSION,
                    kind,
                    metadata: { name, namespace: platformNamespace, labels: { [LABEL_TENANT_ID]: tenant.id, [LABEL_MANAGED_BY]: MANAGED_BY } },
                    spec,
                },
                opts,
            );

        const api = object("gravitee-api", "ApiV4Definition", names.api, apiSpec(tenant.id, tenant.names.namespace, section, plan, platformNamespace));
        // Archived: no certificate on the application, no subscription, no key.
        const certificateSecret = plan.credentials ? clientCertificate?.secretName : undefined;
        const application = object("gravitee-application", "Application", names.application, applicationSpec(tenant.id, section, platformNamespace, certificateSecret));

        let apiKey: pulumi.Output<string> | undefined;
        if (plan.credentials) {
            // Gravitee accepts custom keys of 32 to 256 characters (Subscription spec.apiKeys[].key).
            const key = new random.RandomPassword(ctx.name("gravitee-api-key"), { length: 48, special: false }, ctx.opts);
            apiKey = pulumi.secret(key.result);
            const dependsOn = { ...ctx.opts, dependsOn: [api, application] };
            object("gravitee-api-key-subscription", "Subscription", names.apiKeySubscription, subscriptionSpec(tenant.id, platformNamespace, API_KEY_PLAN, apiKey), dependsOn);
            if (section.mtls && certificateSecret) {
                object("gravitee-mtls-subscription", "Subscription", names.mtlsSubscription, subscriptionSpec(tenant.id, platformNamespace, MTLS_PLAN), dependsOn);
            }
        }
        return { adapter: "gravitee", consumer: names.application, rateLimitPerMinute: plan.rateLimitPerMinute, quotaPerMonth: plan.quotaPerMonth, apiKey };
    },
};
