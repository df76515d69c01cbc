/** What the policy pack knows about Gravitee's objects: which carry a rate limit and a quota, what they reference. */
import type { GatewayPackDescriptor, GatewayReference } from "../adapter";
import { GRAVITEE_API_VERSION } from "./objects";

export const GRAVITEE_API_V4_TYPE = `kubernetes:${GRAVITEE_API_VERSION}:ApiV4Definition`;
export const GRAVITEE_API_V2_TYPE = `kubernetes:${GRAVITEE_API_VERSION}:ApiDefinition`;
export const GRAVITEE_APPLICATION_TYPE = `kubernetes:${GRAVITEE_API_VERSION}:Application`;
export const GRAVITEE_SUBSCRIPTION_TYPE = `kubernetes:${GRAVITEE_API_VERSION}:Subscription`;

const MINUTE_BOUND: Record<string, number> = { SECONDS: 60, MINUTES: 1 };

/** Requests per minute of one flow step, when it is a rate-limit (or spike-arrest) step; null: not one (a quota is read apart). */
function stepPerMinute(step: Record<string, unknown>): number | undefined | null {
    const configuration = (step.configuration ?? {}) as Record<string, Record<string, unknown> | undefined>;
    const window = step.policy === "rate-limit" ? configuration.rate : step.policy === "spike-arrest" ? configuration.spike : undefined;
    if (!window) return step.policy === "rate-limit" || step.policy === "spike-arrest" ? undefined : null;
    const limit = Number(window.limit);
    const periodTime = Number(window.periodTime ?? 1);
    const unit = String(window.periodTimeUnit ?? "");
    // A static limit of 0 means an expression (dynamicLimit) decides: not readable, so not within any tier.
    if (!Number.isFinite(limit) || limit <= 0 || !Number.isFinite(periodTime) || periodTime <= 0 || !(unit in MINUTE_BOUND)) return undefined;
    // `limit` per `periodTime` seconds: a minute sees at most limit × ceil(60 / periodTime) calls.
    return unit === "SECONDS" ? limit * Math.ceil(60 / periodTime) : limit;
}

/** How many windows of each quota unit a calendar month can hold at most (31 days). */
const MONTH_BOUND: Record<string, (periodTime: number) => number> = {
    HOURS: (p) => Math.ceil((31 * 24) / p),
    DAYS: (p) => Math.ceil(31 / p),
    WEEKS: (p) => Math.ceil(31 / (7 * p)),
    MONTHS: () => 1,
};

/** Calls per month of one flow step, when it is a quota step; null: not one. */
function stepPerMonth(step: Record<string, unknown>): number | undefined | null {
    if (step.policy !== "quota") return null;
    const quota = ((step.configuration ?? {}) as { quota?: Record<string, unknown> }).quota;
    const limit = Number(quota?.limit);
    const periodTime = Number(quota?.periodTime ?? 1);
    // Gravitee's default unit is MONTHS; a dynamic period (an expression) is not readable.
    const unit = String(quota?.periodTimeUnit ?? "MONTHS");
    const bound = MONTH_BOUND[unit];
    // A static limit of 0 means an expression (dynamicLimit) decides: not readable, so not within any tier.
    if (!bound || quota?.dynamicPeriodTime || !Number.isFinite(limit) || limit <= 0 || !Number.isInteger(periodTime) || periodTime <= 0) return undefined;
    return limit * bound(periodTime);
}

type StepReader = (step: Record<string, unknown>) => number | undefined | null;

/** The limits of every enabled step of some flows that `read` recognises; undefined when one has no readable limit. */
function flowLimits(flows: readonly unknown[], read: StepReader = stepPerMinute): number[] | undefined {
    const limits: number[] = [];
    for (const flow of flows as Record<string, unknown>[]) {
        if (flow?.enabled === false) continue;
        for (const phase of ["request", "response", "pre", "post"]) {
            for (const step of (flow[phase] ?? []) as Record<string, unknown>[]) {
                if (step.enabled === false) continue;
                const limit = read(step);
                if (limit === undefined) return undefined;
                if (limit !== null) limits.push(limit);
            }
        }
    }
    return limits;
}

/**
 * An API's limits read by `read`, API-level and per plan. Every API of a tenant must limit: undefined when a
 * limit is unreadable, or when no API-level flow limits and some plan has no limit of its own.
 */
function apiLimits(props: Record<string, unknown>, read: StepReader): number[] | undefined {
    const spec = (props.spec ?? {}) as { flows?: unknown[]; plans?: Record<string, { flows?: unknown[] } | undefined> | { flows?: unknown[] }[] };
    const apiLevel = flowLimits(spec.flows ?? [], read);
    if (apiLevel === undefined) return undefined;
    const limits = [...apiLevel];
    const plans = Object.values(spec.plans ?? {});
    for (const plan of plans) {
        const planLimits = flowLimits(plan?.flows ?? [], read);
        if (planLimits === undefined || (planLimits.length === 0 && apiLevel.length === 0)) return undefined;
        limits.push(...planLimits);
    }
    return limits.length > 0 ? limits : undefined;
}

/** An API's rate limits in requests per minute (rate-limit and spike-arrest steps). */
export function graviteeRateLimits(props: Record<string, unknown>): number[] | undefined {
    return apiLimits(props, stepPerMinute);
}

/** An API's quotas in calls per month (quota steps): a calendar month bounds HOURS, DAYS and WEEKS windows by how many it holds. */
export function graviteeQuotas(props: Record<string, unknown>): number[] | undefined {
    return apiLimits(props, stepPerMonth);
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
    quotas: { [GRAVITEE_API_V4_TYPE]: graviteeQuotas, [GRAVITEE_API_V2_TYPE]: graviteeQuotas },
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
