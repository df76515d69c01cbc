/**
 * Compares the plan with the plan of the base revision: tenants added, removed, renamed and changed
 * (which fields), resources created, updated (which inputs) and deleted per tenant (matched by URN),
 * and the warnings a reviewer must not miss. Pure: the same two plans always give the same result.
 */
import { isDeepStrictEqual } from "node:util";
import type { PlanResource, PlanTenant } from "./json";
import type { TenantDocument } from "../../components/model";

/** One side of the comparison. */
export interface PlanSide {
    tenants: readonly PlanTenant[];
    resources: readonly PlanResource[];
    /** Tenant files as written, by id. */
    files: ReadonlyMap<string, TenantDocument>;
    /** The ids of tenants/retired.yaml on this side; absent counts as none. */
    retired?: ReadonlySet<string>;
    /** When each archived tenant's retention ends (ISO-8601), by id. */
    retainUntil?: ReadonlyMap<string, string>;
    /** `retired_at` of each id of tenants/retired.yaml on this side. */
    retiredAt?: ReadonlyMap<string, string>;
    /** Keyed digests of secret inputs by URN (`OfflineRun.secretDigests`), to see secret-only changes. */
    secretDigests?: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

export interface FieldChange {
    /** Dotted path in the tenant file, e.g. settings.quotas.max_apis. */
    field: string;
    /** Old and new values, shown only for fields that can never hold a secret (status, tier). */
    from?: unknown;
    to?: unknown;
}

export interface TenantRename {
    from: string;
    to: string;
    /** Why the two look like the same tenant: see `findRenames`. */
    reason: string;
}

export interface ResourceRef {
    urn: string;
    type: string;
    name: string;
    protect: boolean;
    retainOnDelete: boolean;
}

export interface ResourceUpdate extends ResourceRef {
    /** Top-level input keys whose value changes, secret values included (compared by digest, never shown). */
    inputs: string[];
    /** Resource options that change: protect, retainOnDelete. */
    options: string[];
}

export interface ResourceChanges {
    /** Tenant id, or null for the platform's own resources. */
    tenant: string | null;
    created: ResourceRef[];
    updated: ResourceUpdate[];
    deleted: ResourceRef[];
}

export interface PlanChanges {
    /** The revision compared with; null when there was none (everything is created). */
    base: string | null;
    tenants: {
        added: string[];
        /** Removed tenants as they were at the base. */
        removed: PlanTenant[];
        renamed: TenantRename[];
        changed: { id: string; fields: FieldChange[] }[];
    };
    /** One entry per tenant (then the platform) with at least one change. */
    resources: ResourceChanges[];
}

export type WarningKind =
    | "removed-live-tenant"
    | "unretired-id"
    | "id-rename"
    | "protected-delete"
    | "reactivated-tenant"
    | "secret-in-clear"
    | "retention-ended"
    | "removed-before-retention"
    | "base-invalid"
    | "isolation-model-change"
    | "shard-move";

export interface PlanWarning {
    kind: WarningKind;
    /** The tenant concerned; null for the platform or the stack. */
    tenant: string | null;
    message: string;
}

/** Fields whose values may be shown in a pull request: never secrets, always short. */
const SHOWN_FIELDS = new Set(["status", "tier"]);

export const EMPTY_SIDE: PlanSide = { tenants: [], resources: [], files: new Map() };

/** Leaf paths of a tenant file; arrays count as one value. */
function leaves(value: unknown, prefix = ""): Map<string, unknown> {
    const out = new Map<string, unknown>();
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        for (const [key, inner] of Object.entries(value)) {
            for (const [p, v] of leaves(inner, prefix ? `${prefix}.${key}` : key)) out.set(p, v);
        }
    } else if (prefix) {
        out.set(prefix, value);
    }
    return out;
}

/** The dotted fields that differ between two versions of a tenant file, sorted. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
    const a = leaves(before);
    const b = leaves(after);
    const fields = [...new Set([...a.keys(), ...b.keys()])].filter((f) => !isDeepStrictEqual(a.get(f), b.get(f))).sort();
    return fields.map((field) => (SHOWN_FIELDS.has(field) ? { field, from: a.get(field), to: b.get(field) } : { field }));
}

function withoutId(data: Record<string, unknown>): Record<string, unknown> {
    const rest = { ...data };
    delete rest.id;
    return rest;
}

/**
 * Pairs a removed tenant with an added one when they are evidently the same tenant under a new id:
 * the same `created_at` and the same display `name`, or the same file content apart from `id` (a
 * renamed file). Each tenant is paired at most once, in id order.
 */
export function findRenames(removed: readonly string[], added: readonly string[], base: PlanSide["files"], head: PlanSide["files"]): TenantRename[] {
    const renames: TenantRename[] = [];
    const taken = new Set<string>();
    for (const from of [...removed].sort()) {
        const old = base.get(from)?.data;
        if (!old) continue;
        for (const to of [...added].sort()) {
            const now = head.get(to)?.data;
            if (!now || taken.has(to)) continue;
            let reason: string | undefined;
            if (isDeepStrictEqual(withoutId(old), withoutId(now))) reason = "same file content apart from the id";
            else if (old.created_at !== undefined && old.created_at === now.created_at && old.name === now.name) reason = "same name and created_at";
            if (reason) {
                renames.push({ from, to, reason });
                taken.add(to);
                break;
            }
        }
    }
    return renames;
}

function ref(r: PlanResource): ResourceRef {
    return { urn: r.urn, type: r.type, name: r.name, protect: r.protect, retainOnDelete: r.retainOnDelete };
}

type Digests = Readonly<Record<string, string>>;

/** Input keys that differ: by value, or, where both sides hold "[secret]", by the secret's digest. */
function changedInputs(before: Record<string, unknown>, after: Record<string, unknown>, digestsBefore: Digests = {}, digestsAfter: Digests = {}): string[] {
    return [...new Set([...Object.keys(before), ...Object.keys(after)])]
        .filter((k) => !isDeepStrictEqual(before[k], after[k]) || digestsBefore[k] !== digestsAfter[k])
        .sort();
}

/** Resource changes grouped by tenant: tenants in id order, then the platform. */
export function resourceChanges(
    base: readonly PlanResource[],
    head: readonly PlanResource[],
    digests: { base?: PlanSide["secretDigests"]; head?: PlanSide["secretDigests"] } = {},
): ResourceChanges[] {
    const before = new Map(base.map((r) => [r.urn, r]));
    const after = new Map(head.map((r) => [r.urn, r]));
    const groups = new Map<string | null, ResourceChanges>();
    const group = (tenant: string | null) => {
        if (!groups.has(tenant)) groups.set(tenant, { tenant, created: [], updated: [], deleted: [] });
        return groups.get(tenant)!;
    };
    for (const r of head) {
        const old = before.get(r.urn);
        if (!old) {
            group(r.tenant).created.push(ref(r));
            continue;
        }
        const inputs = changedInputs(old.inputs, r.inputs, digests.base?.get(r.urn), digests.head?.get(r.urn));
        const options = (["protect", "retainOnDelete"] as const).filter((o) => old[o] !== r[o]);
        if (inputs.length > 0 || options.length > 0) group(r.tenant).updated.push({ ...ref(r), inputs, options });
    }
    for (const r of base) {
        if (!after.has(r.urn)) group(r.tenant).deleted.push(ref(r));
    }
    return [...groups.values()].sort((a, b) => (a.tenant === null ? 1 : b.tenant === null ? -1 : a.tenant.localeCompare(b.tenant)));
}

const describe = (r: ResourceRef) => `${r.type} ${r.name}`;

/**
 * Archived tenants removed, or whose id is retired, before their retention period ended: their data
 * must still be kept, and a removal invites deleting it early. One warning per tenant.
 */
export function removedBeforeRetention(removed: readonly string[], base: PlanSide, head: PlanSide, now: Date): PlanWarning[] {
    const warnings: PlanWarning[] = [];
    for (const id of removed) {
        const until = base.retainUntil?.get(id);
        if (until === undefined) continue;
        const retiredAt = head.retiredAt?.get(id);
        const early = [Date.parse(until) > now.getTime() ? "removed now" : "", retiredAt !== undefined && Date.parse(retiredAt) < Date.parse(until) ? `retired at ${retiredAt}` : ""].filter(Boolean);
        if (early.length === 0) continue;
        warnings.push({
            kind: "removed-before-retention",
            tenant: id,
            message:
                `archived tenant "${id}" is ${early.join(" and ")}, before its retention period ends on ${until.slice(0, 10)}: ` +
                "its data (namespace, realm, schema, backups) must be kept until then. Keep the file until the retention has ended, unless a documented decision shortens it.",
        });
    }
    return warnings;
}

/** Compares two plans; `baseLabel` names the base revision in messages; `now` decides whether a retention period is over. */
export function diffPlans(base: PlanSide, head: PlanSide, baseLabel: string | null, now: Date = new Date()): { changes: PlanChanges; warnings: PlanWarning[] } {
    const baseTenants = new Map(base.tenants.map((t) => [t.id, t]));
    const headTenants = new Map(head.tenants.map((t) => [t.id, t]));
    const added = [...headTenants.keys()].filter((id) => !baseTenants.has(id)).sort();
    const removed = [...baseTenants.keys()].filter((id) => !headTenants.has(id)).sort();
    const renamed = findRenames(removed, added, base.files, head.files);
    const changed = [...headTenants.keys()]
        .filter((id) => baseTenants.has(id))
        .sort()
        .map((id) => ({ id, fields: changedFields(base.files.get(id)?.data ?? {}, head.files.get(id)?.data ?? {}) }))
        .filter((c) => c.fields.length > 0);
    const resources = resourceChanges(base.resources, head.resources, { base: base.secretDigests, head: head.secretDigests });

    const at = baseLabel ?? "the base";
    const warnings: PlanWarning[] = [];
    for (const rename of renamed) {
        const status = baseTenants.get(rename.from)?.status;
        warnings.push({
            kind: "id-rename",
            tenant: rename.to,
            message:
                `tenant "${rename.from}" looks renamed to "${rename.to}" (${rename.reason}). Ids are immutable: every resource of ` +
                `"${rename.from}" would be deleted and new ones created for "${rename.to}" (new namespace, realm and schema; data is not moved)` +
                (status !== "archived" ? `, and "${rename.from}" is ${status} at ${at}` : "") +
                ". Keep the old id, or add the new tenant and archive the old one.",
        });
    }
    const renamedFrom = new Set(renamed.map((r) => r.from));
    for (const id of removed) {
        const status = baseTenants.get(id)!.status;
        if (status === "archived" || renamedFrom.has(id)) continue;
        warnings.push({
            kind: "removed-live-tenant",
            tenant: id,
            message:
                `tenant "${id}" is removed but is ${status} at ${at}, not archived: its resources would be deleted. ` +
                "Archive it first (status: archived, archived_at) and remove the file once its retention period has ended.",
        });
    }
    warnings.push(...removedBeforeRetention(removed, base, head, now));
    // Every removal, renames included: the old id's data is retained whatever its status was.
    for (const id of removed) {
        if (head.retired?.has(id)) continue;
        warnings.push({
            kind: "unretired-id",
            tenant: id,
            message:
                `tenant "${id}" is removed but "${id}" is not in tenants/retired.yaml: its data (namespace, realm, schema, backups) is retained, ` +
                `and a later tenant given the id "${id}" would adopt it. Add "${id}" to tenants/retired.yaml (id, retired_at, reason) in this change; ` +
                "the deployment refuses the removal until then.",
        });
    }
    for (const id of [...headTenants.keys()].sort()) {
        const before = baseTenants.get(id);
        const now = headTenants.get(id)!;
        if (before?.status === "archived" && now.status !== "archived") {
            warnings.push({
                kind: "reactivated-tenant",
                tenant: id,
                message:
                    `tenant "${id}" is archived at ${at} and becomes ${now.status}: access to its retained data is restored. ` +
                    "Check that this is intended and that its data still exists (the retention period may have ended).",
            });
        }
    }
    for (const group of resources) {
        const protectedDeletes = group.deleted.filter((r) => r.protect);
        if (protectedDeletes.length === 0) continue;
        const owner = group.tenant === null ? "the platform" : `tenant "${group.tenant}"`;
        warnings.push({
            kind: "protected-delete",
            tenant: group.tenant,
            message:
                `${protectedDeletes.length} protected resource${protectedDeletes.length === 1 ? "" : "s"} of ${owner} would be deleted: ` +
                `${protectedDeletes.map(describe).join(", ")}. \`pulumi up\` refuses to delete protected resources; ` +
                "archive the tenant first (an archived tenant's data is no longer protected, and is retained when deleted).",
        });
    }
    warnings.push(...isolationModelWarnings(base, head, baseTenants, at));
    const removedTenants = removed.map((id) => baseTenants.get(id)!);
    return { changes: { base: baseLabel, tenants: { added, removed: removedTenants, renamed, changed }, resources }, warnings };
}

/** The database a tenant's application role connects to (its CONNECT grant): the shared one, or its own. */
function tenantDatabaseOf(side: PlanSide, id: string): unknown {
    return side.resources.find((r) => r.tenant === id && r.name === `${id}/db-app-connect`)?.inputs.database;
}

/** A live tenant whose data moves to another database: its isolation model changes, a data migration. */
function isolationModelWarnings(base: PlanSide, head: PlanSide, baseTenants: ReadonlyMap<string, PlanTenant>, at: string): PlanWarning[] {
    const warnings: PlanWarning[] = [];
    for (const tenant of head.tenants) {
        const before = baseTenants.get(tenant.id);
        if (!before || before.status === "archived") continue;
        const from = tenantDatabaseOf(base, tenant.id);
        const to = tenantDatabaseOf(head, tenant.id);
        if (from === undefined || to === undefined || from === to) continue;
        warnings.push({
            kind: "isolation-model-change",
            tenant: tenant.id,
            message:
                `tenant "${tenant.id}" moves from database ${String(from)} (at ${at}) to database ${String(to)}: its PostgreSQL isolation model changes, ` +
                "a data migration. The deployment refuses it unless the tenant file sets settings.database_isolation_change; the old schema is kept, " +
                "nothing is dropped, and the data must be migrated (docs/data.md).",
        });
    }
    return warnings;
}
