/** What the policy pack knows about Gravitee's objects: which carry a rate limit, what they reference. */
import type { GatewayPackDescriptor, GatewayReference } from "../adapter";
import { GRAVITEE_API_VERSION } from "./objects";

export const GRAVITEE_API_V4_TYPE = `kubernetes:${GRAVITEE_API_VERSION}:ApiV4Definition`;
export const GRAVITEE_API_V2_TYPE = `kubernetes:${GRAVITEE_API_VERSION}:ApiDefinition`;
export const GRAVITEE_APPLICATION_TYPE = `kubernetes:${GRAVITEE_API_VERSION}:Application`;
export const GRAVITEE_SUBSCRIPTION_TYPE = `kubernetes:${GRAVITEE_API_VERSION}:Subscription`;

const MINUTE_BOUND: Record<string, number> = { SECONDS: 60, MINUTES: 1 };

/** Requests per minute of one flow step, when it is a rate-limit (or spike-arrest, quota) step; null: not one. */
function stepPerMinute(step: Record<string, unknown>): number | undefined | null {
    const configuration = (step.configuration ?? {}) as Record<string, Record<string, unknown> | undefined>;
    const window = step.policy === "rate-limit" ? configuration.rate : step.policy === "spike-arrest" ? configuration.spike : undefined;
    if (step.policy === "quota") {
        // A quota's window is an hour or more: it caps one minute at its own limit.
        const limit = Number(configuration.quota?.limit);
        return Number.isFinite(limit) && limit > 0 ? limit : undefined;
    }
    if (!window) return step.policy === "rate-limit" || step.policy === "spike-arrest" ? undefined : null;
    const limit = Number(window.limit);
    const periodTime = Number(window.periodTime ?? 1);
    const unit = String(window.periodTimeUnit ?? "");
    // A static limit of 0 means an expression (dynamicLimit) decides: not readable, so not within any tier.
    if (!Number.isFinite(limit) || limit <= 0 || !Number.isFinite(periodTime) || periodTime <= 0 || !(unit in MINUTE_BOUND)) return undefined;
    // `limit` per `periodTime` seconds: a minute sees at most limit × ceil(60 / periodTime) calls.
    return unit === "SECONDS" ? limit * Math.ceil(60 / periodTime) : limit;
}

/** The requests per minute of every enabled rate-limiting step of some flows; undefined when one has no readable limit. */
function flowLimits(flows: readonly unknown[]): number[] | undefined {
    const limits: number[] = [];
    for (const flow of flows as Record<string, unknown>[]) {
        if (flow?.enabled === false) continue;
        for (const phase of ["request", "response", "pre", "post"]) {
            for (const step of (flow[phase] ?? []) as Record<string, unknown>[]) {
                if (step.enabled === false) continue;
                const perMinute = stepPerMinute(step);
                if (perMinute === undefined) return undefined;
                if (perMinute !== null) limits.push(perMinute);
            }
        }
    }
    return limits;
}

/**
 * An API's rate limits, API-level and per plan. Every API of a tenant must limit: undefined when a limit is
 * unreadable, or when no API-level flow limits and some plan has no limit of its own.
 */
export function graviteeRateLimits(props: Record<string, unknown>): number[] | undefined {
    const spec = (props.spec ?? {}) as { flows?: unknown[]; plans?: Record<string, { flows?: unknown[] } | undefined> | { flows?: unknown[] }[] };
    const apiLevel = flowLimits(spec.flows ?? []);
    if (apiLevel === undefined) return undefined;
    const limits = [...apiLevel];
    const plans = Object.values(spec.plans ?? {});
    for (const plan of plans) {
        const planLimits = flowLimits(plan?.flows ?? []);
        if (planLimits === undefined || (planLimits.length === 0 && apiLevel.length === 0)) return undefined;
        limits.push(...planLimits);
    }
    return limits.length > 0 ? limits : undefined;
}

function ref(value: unknown, kind: string, field: string): GatewayReference[] {
    const r = value as { name?: unknown; namespace?: unknown; kind?: unknown } | undefined;
    if (typeof r?.name !== "string") return [];
    return [{ kind: typeof r.kind === "string" && r.kind !== "" ? r.kind : kind, name: r.name, namespace: typeof r.namespace === "string" ? r.namespace : undefined, field }];
}

function subscriptionReferences(props: Record<string, unknown>): GatewayReference[] {
    const spec = (props.spec ?? {}) as Record<string, unknown>;
    return [...ref(spec.api, "ApiV4Definition", "spec.api"), ...ref(spec.application, "Application", "spec.application")];
}

function applicationReferences(props: Record<string, unknown>): GatewayReference[] {
    const spec = (props.spec ?? {}) as { settings?: { tls?: { clientCertificates?: { ref?: { kind?: string; name?: string; namespace?: string } }[] } } };
    return (spec.settings?.tls?.clientCertificates ?? []).flatMap((certificate, i) =>
        ref({ ...certificate.ref, kind: certificate.ref?.kind === "configmaps" ? "ConfigMap" : "Secret" }, "Secret", `spec.settings.tls.clientCertificates[${i}].ref`),
    );
}

export const graviteePack: GatewayPackDescriptor = {
    rateLimits: { [GRAVITEE_API_V4_TYPE]: graviteeRateLimits, [GRAVITEE_API_V2_TYPE]: graviteeRateLimits },
    references: { [GRAVITEE_SUBSCRIPTION_TYPE]: subscriptionReferences, [GRAVITEE_APPLICATION_TYPE]: applicationReferences },
    claimedTenants: {
        // The application's client id is its tenant's id (components/gateway/gravitee/objects.ts).
        [GRAVITEE_APPLICATION_TYPE]: (props) => {
            const clientId = ((props.spec as { settings?: { app?: { clientId?: unknown } } } | undefined)?.settings?.app?.clientId);
            return typeof clientId === "string" ? [clientId] : [];
        },
    },
    protectedResources: ["gravitee.io/*"],
    clusterScopedKinds: [],
};
