/**
 * Where tenant traffic may enter and leave, enforced at admission for objects tenants create
 * themselves (the program creates none of these):
 * - Ingress hosts: a tenant publishes only under `<id>.<tenantIngressDomain>`. The gateway serves every
 *   tenant's Ingresses, so a host or a catch-all rule in one namespace would take another tenant's traffic.
 * - ExternalName Services are refused: the gateway (trusted by every tenant's NetworkPolicy) would
 *   proxy a tenant's route to whatever name it points at, another tenant's Service included.
 * - Ingresses belong to the platform's ingress class, and carry no gateway or cert-manager annotation
 *   outside the stack's allow-list: `konghq.com/host-aliases` and `konghq.com/snis` add hosts the host
 *   rule never sees, and cert-manager's ingress-shim would issue from the tenant CA whatever
 *   `cert-manager.io/common-name` says, into a Secret the tenant reads.
 * - Services expose no `externalIPs` (CVE-2020-8554: the cluster would send traffic for that address to
 *   the tenant), ask for a load-balancer address or source ranges only from the stack's lists, and
 *   name no gateway plugin but the platform's route plugins.
 */
import { ROUTE_ACL_PLUGIN, ROUTE_KEY_AUTH_PLUGIN } from "../gateway/kong/plugins";
import { LABEL_TENANT_ID, type StackConfig } from "../model";
import { celOneOf, celString, createTenantAdmissionPolicy } from "./admission";
import type { PlatformLayerContext } from "./context";
import { tenantIngressClass } from "../gateway/stack";

export const INGRESS_HOSTS_POLICY = "stoa-tenant-ingress-hosts";
export const NO_EXTERNAL_NAME_POLICY = "stoa-tenant-no-externalname";
export const INGRESS_GATEWAY_POLICY = "stoa-tenant-ingress-gateway";
export const SERVICE_EXPOSURE_POLICY = "stoa-tenant-service-exposure";

/** Annotation prefixes read by the gateway and by cert-manager: tenants set only the allow-listed keys under them. */
export const GUARDED_ANNOTATION_PREFIXES = ["konghq.com/", "configuration.konghq.com", "cert-manager.io/", "acme.cert-manager.io/"] as const;
/** cert-manager's ingress-shim also issues for this one (with the controller's default issuer). */
export const GUARDED_ANNOTATION_KEYS = ["kubernetes.io/tls-acme"] as const;
export const LEGACY_INGRESS_CLASS_ANNOTATION = "kubernetes.io/ingress.class";
export const KONG_PLUGINS_ANNOTATION_KEY = "konghq.com/plugins";
/** The plugins the platform puts in each tenant namespace: the only ones a tenant route may name. */
export const TENANT_ROUTE_PLUGINS = [ROUTE_KEY_AUTH_PLUGIN, ROUTE_ACL_PLUGIN] as const;
export const LOAD_BALANCER_SOURCE_RANGES_ANNOTATION = "service.beta.kubernetes.io/load-balancer-source-ranges";

const annotation = (key: string) => `object.metadata.annotations[${celString(key)}]`;
const withoutAnnotation = (key: string) => `!has(object.metadata.annotations) || !(${celString(key)} in object.metadata.annotations)`;

/** CEL validations of a tenant Ingress's class and annotations, each with its message. */
export function ingressGatewayValidations(stack: Pick<StackConfig, "gateways" | "tenantIngressAnnotations">): { expression: string; message: string }[] {
    // No gateway of the stack serves Ingresses: no class matches "", so every tenant Ingress is refused.
    const ingressClass = tenantIngressClass(stack) ?? "";
    const allowed = stack.tenantIngressAnnotations;
    const guarded = [...GUARDED_ANNOTATION_PREFIXES.map((p) => `k.startsWith(${celString(p)})`), ...GUARDED_ANNOTATION_KEYS.map((key) => `k == ${celString(key)}`)].join(" || ");
    const allowedText = allowed.length > 0 ? allowed.join(", ") : "none";
    return [
        {
            expression: `has(object.spec.ingressClassName) && object.spec.ingressClassName == ${celString(ingressClass)}`,
            message: `spec.ingressClassName of a tenant Ingress must be "${ingressClass}", the platform gateway's class`,
        },
        {
            expression: `${withoutAnnotation(LEGACY_INGRESS_CLASS_ANNOTATION)} || ${annotation(LEGACY_INGRESS_CLASS_ANNOTATION)} == ${celString(ingressClass)}`,
            message: `the annotation ${LEGACY_INGRESS_CLASS_ANNOTATION} of a tenant Ingress may only name "${ingressClass}"`,
        },
        {
            expression: `!has(object.metadata.annotations) || object.metadata.annotations.all(k, !(${guarded}) || ${celOneOf("k", allowed)})`,
            message: `annotations under ${GUARDED_ANNOTATION_PREFIXES.join(", ")} and ${GUARDED_ANNOTATION_KEYS.join(", ")} are refused on tenant Ingresses; allowed: ${allowedText}`,
        },
        routePluginsOnly("Ingress"),
    ];
}

/**
 * `konghq.com/plugins` (on an Ingress or a Service) names only the platform's route plugins: the
 * annotation may also name a KongClusterPlugin, which any namespace can reference.
 */
function routePluginsOnly(kind: "Ingress" | "Service"): { expression: string; message: string } {
    const plugin = `(${TENANT_ROUTE_PLUGINS.join("|")})`;
    return {
        expression: `${withoutAnnotation(KONG_PLUGINS_ANNOTATION_KEY)} || ${annotation(KONG_PLUGINS_ANNOTATION_KEY)}.matches('^ *${plugin} *(, *${plugin} *)*$')`,
        message: `the annotation ${KONG_PLUGINS_ANNOTATION_KEY} of a tenant ${kind} may only name the platform's route plugins: ${TENANT_ROUTE_PLUGINS.join(", ")}`,
    };
}

/** CEL validations of a tenant Service's addresses, each with its message. */
export function serviceExposureValidations(stack: Pick<StackConfig, "tenantLoadBalancerIPs" | "tenantLoadBalancerSourceRanges">): { expression: string; message: string }[] {
    const ips = stack.tenantLoadBalancerIPs;
    const ranges = stack.tenantLoadBalancerSourceRanges;
    const listed = (values: readonly string[]) => (values.length > 0 ? `one of ${values.join(", ")}` : "refused (none is allowed)");
    return [
        {
            expression: "!has(object.spec.externalIPs) || size(object.spec.externalIPs) == 0",
            message: "spec.externalIPs is refused on tenant Services: the cluster would hand the tenant traffic sent to those addresses (CVE-2020-8554)",
        },
        {
            expression: `!has(object.spec.loadBalancerIP) || object.spec.loadBalancerIP == '' || ${celOneOf("object.spec.loadBalancerIP", ips)}`,
            message: `spec.loadBalancerIP of a tenant Service: ${listed(ips)}`,
        },
        {
            expression: `!has(object.spec.loadBalancerSourceRanges) || object.spec.loadBalancerSourceRanges.all(r, ${celOneOf("r", ranges)})`,
            message: `spec.loadBalancerSourceRanges of a tenant Service: each must be ${listed(ranges)}`,
        },
        {
            expression: withoutAnnotation(LOAD_BALANCER_SOURCE_RANGES_ANNOTATION),
            message: `the annotation ${LOAD_BALANCER_SOURCE_RANGES_ANNOTATION} is refused on tenant Services: use spec.loadBalancerSourceRanges`,
        },
        routePluginsOnly("Service"),
    ];
}

/** CEL variables: the requesting namespace's tenant domain. The domain is a DNS name (no quotes to escape). */
export function ingressHostVariables(domain: string): { name: string; expression: string }[] {
    return [{ name: "tenantDomain", expression: `namespaceObject.metadata.labels['${LABEL_TENANT_ID}'] + '.${domain}'` }];
}

const withinTenantDomain = (host: string) => `(${host} == variables.tenantDomain || ${host}.endsWith('.' + variables.tenantDomain))`;

/** CEL validations of a tenant Ingress, each with its message. */
export function ingressHostValidations(domain: string): { expression: string; message: string }[] {
    return [
        {
            expression: "!has(object.spec.defaultBackend)",
            message: "a tenant Ingress may not set a defaultBackend: it would catch every host of the ingress class",
        },
        {
            expression: `has(object.spec.rules) && size(object.spec.rules) > 0 && object.spec.rules.all(r, has(r.host) && ${withinTenantDomain("r.host")})`,
            message: `every rule of a tenant Ingress needs a host under <tenant id>.${domain}`,
        },
        {
            expression: `!has(object.spec.tls) || object.spec.tls.all(t, !has(t.hosts) || t.hosts.all(h, ${withinTenantDomain("h")}))`,
            message: `TLS hosts of a tenant Ingress must be under <tenant id>.${domain}`,
        },
    ];
}

export const NO_EXTERNAL_NAME_EXPRESSION = "!has(object.spec.type) || object.spec.type != 'ExternalName'";

export function createPlatformTraffic(ctx: PlatformLayerContext): {
    ingressHostsPolicy: string;
    noExternalNamePolicy: string;
    ingressGatewayPolicy: string;
    serviceExposurePolicy: string;
} {
    const domain = ctx.stack.tenantIngressDomain;
    createTenantAdmissionPolicy(ctx, "platform-ingress-hosts", {
        name: INGRESS_HOSTS_POLICY,
        resourceRules: [{ apiGroups: ["networking.k8s.io"], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["ingresses"] }],
        variables: ingressHostVariables(domain),
        validations: ingressHostValidations(domain),
    });
    createTenantAdmissionPolicy(ctx, "platform-no-externalname", {
        name: NO_EXTERNAL_NAME_POLICY,
        resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["services"] }],
        validations: [{ expression: NO_EXTERNAL_NAME_EXPRESSION, message: "tenant Services may not be of type ExternalName: the gateway would proxy to any name it points at" }],
    });
    createTenantAdmissionPolicy(ctx, "platform-ingress-gateway", {
        name: INGRESS_GATEWAY_POLICY,
        resourceRules: [{ apiGroups: ["networking.k8s.io"], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["ingresses"] }],
        validations: ingressGatewayValidations(ctx.stack),
    });
    createTenantAdmissionPolicy(ctx, "platform-service-exposure", {
        name: SERVICE_EXPOSURE_POLICY,
        resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["services"] }],
        validations: serviceExposureValidations(ctx.stack),
    });
    return {
        ingressHostsPolicy: INGRESS_HOSTS_POLICY,
        noExternalNamePolicy: NO_EXTERNAL_NAME_POLICY,
        ingressGatewayPolicy: INGRESS_GATEWAY_POLICY,
        serviceExposurePolicy: SERVICE_EXPOSURE_POLICY,
    };
}
