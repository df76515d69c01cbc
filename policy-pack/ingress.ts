/**
 * Ingresses in tenant namespaces: the gateway serves every tenant's Ingresses, so a catch-all or
 * another tenant's host would take that tenant's traffic. The platform's admission rule
 * (components/platform/traffic.ts) refuses the same at runtime; this rule stops it in a change.
 */
import * as k8s from "@pulumi/kubernetes";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { inTenantNamespace } from "./lib/tenantNamespace";

interface IngressSpec {
    defaultBackend?: unknown;
    rules?: { host?: string }[];
    tls?: { hosts?: string[] }[];
}

/** Every reason an Ingress of `tenantId` could take traffic that is not its own; [] when it cannot. */
export function ingressHostProblems(spec: IngressSpec, tenantId: string, tenantIngressDomain: string): string[] {
    const problems: string[] = [];
    if (spec.defaultBackend) problems.push("sets a defaultBackend, which catches every host of its ingress class");
    const rules = spec.rules ?? [];
    if (rules.length === 0) problems.push("has no rules, so it catches every host of its ingress class");
    rules.forEach((rule, i) => {
        if (!rule.host) problems.push(`rules[${i}] has no host, so it catches every host of its ingress class`);
    });
    if (!tenantIngressDomain) return problems;
    const own = `${tenantId}.${tenantIngressDomain}`;
    const outside = (host: string) => host !== own && !host.endsWith(`.${own}`);
    const hosts = [...rules.flatMap((r) => (r.host ? [r.host] : [])), ...(spec.tls ?? []).flatMap((t) => t.hosts ?? [])];
    for (const host of new Set(hosts.filter(outside))) problems.push(`publishes ${host}, outside ${own}`);
    return problems;
}

const ingressSchema: NonNullable<ResourceValidationPolicy["configSchema"]> = {
    properties: {
        tenantIngressDomain: {
            type: "string",
            default: "",
            description: "The stack's stoa-tenancy:tenantIngressDomain: hosts must be <id>.<domain> or under it. Empty: only catch-alls are checked (npm run plan fills it in).",
        },
    },
};

export const tenantIngressHosts: ResourceValidationPolicy = {
    name: "tenant-ingress-hosts",
    description: "Checks that every Ingress in a tenant namespace names its hosts, within the tenant's own domain, and catches no other traffic.",
    enforcementLevel: "mandatory",
    configSchema: ingressSchema,
    validateResource: inTenantNamespace<k8s.networking.v1.Ingress, k8s.networking.v1.IngressArgs | undefined, { tenantIngressDomain: string }>(
        k8s.networking.v1.Ingress,
        "Ingress",
        ({ object, tenantId, label, config, report }) => {
            for (const problem of ingressHostProblems((object.spec ?? {}) as IngressSpec, tenantId, config.tenantIngressDomain)) report(`${label} ${problem}.`);
        },
        ingressSchema,
    ),
};
