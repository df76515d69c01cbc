/**
 * The plan as data: what `--out` writes and what the Markdown and the terminal summary are made
 * from. The shape is documented in docs/plan.md; keys may be added, never renamed.
 */
import type { ResolvedTenant } from "../../components/model";
import { TENANT_ISOLATION_TYPE } from "../../components/tenantIsolation";
import type { OfflineRun } from "../offline/runtime";
import type { PolicyVerdict, PolicyViolation } from "../../policy-pack/offline";
import type { PlanChanges, PlanWarning } from "./diff";

export interface PlanTenant {
    id: string;
    tier: string;
    status: string;
    /** How many resources belong to the tenant (its TenantIsolation and every descendant). */
    resources: number;
    /** The gateways (adapter names) the tenant is on, the stack's default first (absent in older plans). */
    gateways?: string[];
}

export interface PlanResource {
    urn: string;
    /** Pulumi type token, e.g. kubernetes:core/v1:Namespace. */
    type: string;
    name: string;
    /** Parent URN; null for children of the stack. */
    parent: string | null;
    /** Id of the tenant whose TenantIsolation this descends from; null for platform resources. */
    tenant: string | null;
    /** Inputs as registered; every secret is "[secret]". */
    inputs: Record<string, unknown>;
    protect: boolean;
    retainOnDelete: boolean;
}

export interface PlanDocument {
    stack: string;
    environment: string;
    tenants: PlanTenant[];
    resources: PlanResource[];
    violations: PolicyViolation[];
    /** One verdict per policy of the pack (pass, fail, warn, disabled), with counts. */
    verdicts: PolicyVerdict[];
    /** Dangerous changes and program problems a reviewer must see (never affects the exit status). */
    warnings: PlanWarning[];
    /** What changes compared with `--base` (everything is created when there is no base). */
    changes: PlanChanges;
}

/** The tenant each resource belongs to: the TenantIsolation found by walking up its parents. */
export function tenantOwners(resources: readonly { urn: string; type: string; parent: string | null; inputs: Record<string, unknown>; name: string }[]): Map<string, string | null> {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const owners = new Map<string, string | null>();
    const ownerOf = (urn: string, seen: Set<string>): string | null => {
        if (owners.has(urn)) return owners.get(urn)!;
        const resource = byUrn.get(urn);
        if (!resource || seen.has(urn)) return null;
        seen.add(urn);
        const owner =
            resource.type === TENANT_ISOLATION_TYPE
                ? typeof resource.inputs.tenantId === "string"
                    ? resource.inputs.tenantId
                    : resource.name
                : resource.parent
                  ? ownerOf(resource.parent, seen)
                  : null;
        owners.set(urn, owner);
        return owner;
    };
    for (const resource of resources) ownerOf(resource.urn, new Set());
    return owners;
}

const LEVEL_ORDER: Record<PolicyViolation["enforcementLevel"], number> = { mandatory: 0, remediate: 1, advisory: 2, disabled: 3 };

/** Mandatory first, then by policy, resource and message: the same plan always reads the same. */
export function sortViolations(violations: readonly PolicyViolation[]): PolicyViolation[] {
    return [...violations].sort(
        (a, b) =>
            LEVEL_ORDER[a.enforcementLevel] - LEVEL_ORDER[b.enforcementLevel] ||
            a.policy.localeCompare(b.policy) ||
            (a.urn ?? "").localeCompare(b.urn ?? "") ||
            a.message.localeCompare(b.message),
    );
}

/** The recorded run as plan resources (the `custom` flag dropped, `tenant` added). */
export function planResources(run: OfflineRun): PlanResource[] {
    const owners = tenantOwners(run.resources);
    return run.resources.map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        parent: r.parent,
        tenant: owners.get(r.urn) ?? null,
        inputs: r.inputs,
        protect: r.protect,
        retainOnDelete: r.retainOnDelete,
    }));
}

export function planTenants(tenants: readonly ResolvedTenant[], resources: readonly PlanResource[], outputs: Record<string, unknown> = {}): PlanTenant[] {
    const counts = new Map<string, number>();
    for (const r of resources) if (r.tenant !== null) counts.set(r.tenant, (counts.get(r.tenant) ?? 0) + 1);
    // The program's `tenants` output says which gateways each tenant is on.
    const summaries = (outputs.tenants ?? {}) as Record<string, { gateways?: unknown } | undefined>;
    const gatewaysOf = (id: string) => {
        const gateways = summaries[id]?.gateways;
        return Array.isArray(gateways) ? gateways.filter((g): g is string => typeof g === "string") : [];
    };
    return [...tenants]
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((t) => ({ id: t.id, tier: t.tierName, status: t.status, resources: counts.get(t.id) ?? 0, gateways: gatewaysOf(t.id) }));
}

export function isMandatory(violation: PolicyViolation): boolean {
    return violation.enforcementLevel === "mandatory";
}
