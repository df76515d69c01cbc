/**
 * Where tenant traffic may enter and leave, enforced at admission for objects tenants create
 * themselves (the program creates none of these):
 * - Ingress hosts: a tenant publishes only under `<id>.<tenantIngressDomain>`. The gateway serves every
 *   tenant's Ingresses, so a host or a catch-all rule in one namespace would take another tenant's traffic.
 * - ExternalName Services are refused: the gateway (trusted by every tenant's NetworkPolicy) would
 *   proxy a tenant's route to whatever name it points at, another tenant's Service included.
 */
import { LABEL_TENANT_ID } from "../model";
import { createTenantAdmissionPolicy } from "./admission";
import type { PlatformLayerContext } from "./context";

export const INGRESS_HOSTS_POLICY = "stoa-tenant-ingress-hosts";
export const NO_EXTERNAL_NAME_POLICY = "stoa-tenant-no-externalname";

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

export function createPlatformTraffic(ctx: PlatformLayerContext): { ingressHostsPolicy: string; noExternalNamePolicy: string } {
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
    return { ingressHostsPolicy: INGRESS_HOSTS_POLICY, noExternalNamePolicy: NO_EXTERNAL_NAME_POLICY };
}
