/** Tenant namespaces: who they belong to, their Pod Security level, and the guardrails inside them. */
import * as k8s from "@pulumi/kubernetes";
import { validateResourceOfType, type PolicyResource, type ResourceValidationPolicy, type StackValidationPolicy } from "@pulumi/policy";
import { LABEL_TENANT_ID, LABEL_TIER, POD_SECURITY_LEVEL, POD_SECURITY_VERSION } from "../components/model/labels";
import { TIER_NAMES } from "../components/model/tiers";
import { policyConfig } from "./lib/config";
import { isUnknownValueError, knownOnly, perResource } from "./lib/known";
import { labelsOf, namespaceOf, nameOf } from "./lib/kubernetes";
import { tenantOfNamespace } from "./lib/tenancy";

export const POD_SECURITY_MODES = ["enforce", "audit", "warn"] as const;
export const podSecurityLabel = (mode: (typeof POD_SECURITY_MODES)[number]) => `pod-security.kubernetes.io/${mode}`;

export const tenantNamespaceLabels: ResourceValidationPolicy = {
    name: "tenant-namespace-labels",
    description: "Checks that every tenant namespace carries its tenant and tier labels, and that no other namespace claims a tenant.",
    enforcementLevel: "mandatory",
    validateResource: knownOnly(
        validateResourceOfType(k8s.core.v1.Namespace, (namespace, args, reportViolation) => {
            const name = nameOf(namespace, args.name);
            const labels = labelsOf(namespace);
            const tenantId = tenantOfNamespace(namespace.metadata?.name);
            if (!tenantId) {
                if (labels[LABEL_TENANT_ID] !== undefined) {
                    reportViolation(`Namespace ${name} must not carry ${LABEL_TENANT_ID}: only tenant-<id> namespaces belong to a tenant.`);
                }
                return;
            }
            if (labels[LABEL_TENANT_ID] !== tenantId) {
                reportViolation(`Namespace ${name} must carry ${LABEL_TENANT_ID}=${tenantId}.`);
            }
            if (!(TIER_NAMES as readonly string[]).includes(labels[LABEL_TIER])) {
                reportViolation(`Namespace ${name} must carry ${LABEL_TIER} set to one of ${TIER_NAMES.join(", ")}.`);
            }
        }),
    ),
};

const podSecuritySchema: NonNullable<ResourceValidationPolicy["configSchema"]> = {
    properties: {
        minimumVersion: {
            type: "string",
            pattern: "^v1\\.[0-9]+$",
            default: POD_SECURITY_VERSION,
            description: "Oldest Kubernetes version whose `restricted` definition a tenant namespace may pin (`<mode>-version`); `latest` or no label always passes.",
        },
    },
};

/** Minor version of a `v1.N` Pod Security version label; undefined for `latest` or anything else. */
export function podSecurityMinor(version: string): number | undefined {
    const match = /^v1\.(\d+)$/.exec(version);
    return match ? Number(match[1]) : undefined;
}

export const tenantNamespacePodSecurity: ResourceValidationPolicy = {
    name: "tenant-namespace-pod-security",
    description: "Checks that every tenant namespace enforces the restricted Pod Security Standard, audits and warns at nothing weaker, and pins no older definition of it.",
    enforcementLevel: "mandatory",
    configSchema: podSecuritySchema,
    validateResource: knownOnly(
        validateResourceOfType(k8s.core.v1.Namespace, (namespace, args, reportViolation) => {
            if (!tenantOfNamespace(namespace.metadata?.name)) return;
            const name = nameOf(namespace, args.name);
            const labels = labelsOf(namespace);
            const { minimumVersion } = policyConfig<{ minimumVersion: string }>(podSecuritySchema, args);
            for (const mode of POD_SECURITY_MODES) {
                const level = labels[podSecurityLabel(mode)];
                // enforce is required; audit and warn may be left out, but never set weaker.
                if (!(level === POD_SECURITY_LEVEL || (level === undefined && mode !== "enforce"))) {
                    reportViolation(`Namespace ${name} must set ${podSecurityLabel(mode)}=${POD_SECURITY_LEVEL} (got ${level ?? "nothing"}).`);
                }
                // An old version pins an older, weaker `restricted` (each release has tightened it).
                const version = labels[`${podSecurityLabel(mode)}-version`];
                if (version === undefined || version === "latest") continue;
                const minor = podSecurityMinor(version);
                if (minor === undefined || minor < (podSecurityMinor(minimumVersion) ?? 0)) {
                    reportViolation(`Namespace ${name} must set ${podSecurityLabel(mode)}-version to latest or ${minimumVersion} or later (got ${version}).`);
                }
            }
        }),
    ),
};

interface NetworkPolicySpec {
    podSelector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
    policyTypes?: string[];
    ingress?: unknown[];
    egress?: unknown[];
}

/** True for a label selector that selects everything: `{}`, or no labels and no expressions. */
export function isEmptySelector(selector: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | undefined | null): boolean {
    return Object.keys(selector?.matchLabels ?? {}).length === 0 && (selector?.matchExpressions ?? []).length === 0;
}

/** Which directions a NetworkPolicy denies for every pod of its namespace (all pods selected, no rules). */
export function defaultDenies(spec: NetworkPolicySpec | undefined): { ingress: boolean; egress: boolean } {
    if (!spec || !isEmptySelector(spec.podSelector)) return { ingress: false, egress: false };
    // Without policyTypes, Kubernetes applies Ingress, and Egress only when egress rules exist.
    const types = spec.policyTypes ?? (spec.egress ? ["Ingress", "Egress"] : ["Ingress"]);
    return {
        ingress: types.includes("Ingress") && (spec.ingress ?? []).length === 0,
        egress: types.includes("Egress") && (spec.egress ?? []).length === 0,
    };
}

const GUARDRAIL_TYPES = {
    quota: "kubernetes:core/v1:ResourceQuota",
    limits: "kubernetes:core/v1:LimitRange",
    networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
} as const;

interface Guardrails {
    quota: boolean;
    limits: boolean;
    denyIngress: boolean;
    denyEgress: boolean;
}

/**
 * What each namespace of the stack holds, by namespace name, and the first unknown value met on the way
 * (a guardrail that cannot be read yet may be the missing one).
 */
function guardrailsByNamespace(resources: readonly PolicyResource[]): { found: Map<string, Guardrails>; unknown?: unknown } {
    const found = new Map<string, Guardrails>();
    let unknown: unknown;
    const entry = (namespace: string) => {
        let guardrails = found.get(namespace);
        if (!guardrails) found.set(namespace, (guardrails = { quota: false, limits: false, denyIngress: false, denyEgress: false }));
        return guardrails;
    };
    for (const resource of resources) {
        if (!(Object.values(GUARDRAIL_TYPES) as string[]).includes(resource.type)) continue;
        try {
            const namespace = namespaceOf(resource.props);
            if (!namespace) continue;
            if (resource.type === GUARDRAIL_TYPES.quota) entry(namespace).quota = true;
            if (resource.type === GUARDRAIL_TYPES.limits) entry(namespace).limits = true;
            if (resource.type === GUARDRAIL_TYPES.networkPolicy) {
                const denies = defaultDenies((resource.props as { spec?: NetworkPolicySpec }).spec);
                entry(namespace).denyIngress ||= denies.ingress;
                entry(namespace).denyEgress ||= denies.egress;
            }
        } catch (error) {
            if (!isUnknownValueError(error)) throw error;
            unknown ??= error;
        }
    }
    return { found, unknown };
}

export const tenantNamespaceGuardrails: StackValidationPolicy = {
    name: "tenant-namespace-guardrails",
    description: "Checks that every tenant namespace has a ResourceQuota, a LimitRange and a default-deny NetworkPolicy for ingress and egress.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        let guardrails: ReturnType<typeof guardrailsByNamespace> | undefined;
        perResource(
            (resource) => resource.type === "kubernetes:core/v1:Namespace",
            (namespace) => {
                const name = (namespace.props as { metadata?: { name?: string } }).metadata?.name;
                if (!tenantOfNamespace(name)) return;
                guardrails ??= guardrailsByNamespace(args.resources);
                const held = guardrails.found.get(name!) ?? { quota: false, limits: false, denyIngress: false, denyEgress: false };
                const missing = [
                    held.quota ? undefined : "a ResourceQuota",
                    held.limits ? undefined : "a LimitRange",
                    held.denyIngress ? undefined : "a default-deny ingress NetworkPolicy",
                    held.denyEgress ? undefined : "a default-deny egress NetworkPolicy",
                ].filter((item): item is string => item !== undefined);
                if (missing.length > 0 && guardrails.unknown) throw guardrails.unknown;
                if (missing.length > 0) reportViolation(`Namespace ${name} must have ${missing.join(", ")}.`, namespace.urn);
            },
        )(args, reportViolation);
    },
};
