/** diffPlans on one change with something of everything: the changes and every warning, whole and literal. */
import { describe, expect, it } from "vitest";
import { diffPlans, type PlanSide } from "../../scripts/plan/diff";
import type { PlanResource } from "../../scripts/plan/json";

const NOW = new Date("2026-12-01T00:00:00Z");
const resource = (tenant: string | null, type: string, name: string, over: Partial<PlanResource> = {}): PlanResource => ({
    urn: `urn:pulumi:dev::stoa-tenancy::${type}::${name}`,
    type,
    name,
    parent: null,
    tenant,
    inputs: {},
    protect: false,
    retainOnDelete: false,
    ...over,
});
const tenantFile = (id: string, status: string) => ({ id, name: `${id} Inc`, created_at: "2025-01-01T00:00:00Z", tier: "starter", status });
const side = (tenants: [string, string][], resources: PlanResource[], extra: Partial<PlanSide> = {}): PlanSide => ({
    tenants: tenants.map(([id, status]) => ({ id, tier: "starter", status, resources: 1 })),
    resources,
    files: new Map(tenants.map(([id, status]) => [id, { file: `tenants/${id}.yaml`, data: { ...tenantFile(id, status), ...(id === "acme-corp" ? { id } : {}) } }])),
    ...extra,
});

const connect = (tenant: string, database: string) => resource(tenant, "postgresql:index/grant:Grant", `${tenant}/db-app-connect`, { inputs: { database } });
const BASE = side(
    [
        ["acme", "active"],
        ["gone", "suspended"],
        ["old", "archived"],
        ["back", "archived"],
        ["db", "active"],
    ],
    [
        connect("db", "stoa"),
        resource("gone", "kubernetes:core/v1:ConfigMap", "g1", { protect: true }),
        resource("gone", "kubernetes:core/v1:ConfigMap", "g2", { protect: true }),
        resource("gone", "kubernetes:core/v1:ConfigMap", "g3"),
        resource(null, "kubernetes:core/v1:Namespace", "stoa-system", { protect: true }),
    ],
    { retainUntil: new Map([["old", "2027-01-01T00:00:00Z"]]) },
);
const HEAD = side(
    [
        ["acme-corp", "active"],
        ["back", "active"],
        ["db", "active"],
    ],
    [connect("db", "tenant_db")],
    { retired: new Set(["old"]), retiredAt: new Map([["old", "2026-11-30T00:00:00Z"]]) },
);
// acme-corp's file is acme's with the new id: a rename.
(HEAD.files as Map<string, { file: string; data: Record<string, unknown> }>).set("acme-corp", { file: "tenants/acme-corp.yaml", data: { ...tenantFile("acme", "active"), id: "acme-corp" } });

describe("diffPlans", () => {
    const { changes, warnings } = diffPlans(BASE, HEAD, "main", NOW);

    it("lists the tenants added, removed (as they were), renamed and changed", () => {
        expect(changes.base).toBe("main");
        expect(changes.tenants).toEqual({
            added: ["acme-corp"],
            removed: [
                { id: "acme", tier: "starter", status: "active", resources: 1 },
                { id: "gone", tier: "starter", status: "suspended", resources: 1 },
                { id: "old", tier: "starter", status: "archived", resources: 1 },
            ],
            renamed: [{ from: "acme", to: "acme-corp", reason: "same file content apart from the id" }],
            changed: [{ id: "back", fields: [{ field: "status", from: "archived", to: "active" }] }],
        });
        expect(changes.resources.map((g) => [g.tenant, g.created.length, g.updated.length, g.deleted.length])).toEqual([
            ["db", 0, 1, 0],
            ["gone", 0, 0, 3],
            [null, 0, 0, 1],
        ]);
    });

    it("warns, in order: the rename, the live removal, the early removal, each unretired id, the reactivation, protected deletes, the isolation change", () => {
        expect(warnings).toEqual([
            {
                kind: "id-rename",
                tenant: "acme-corp",
                message:
                    'tenant "acme" looks renamed to "acme-corp" (same file content apart from the id). Ids are immutable: every resource of "acme" would be deleted and new ones created for "acme-corp" ' +
                    '(new namespace, realm and schema; data is not moved), and "acme" is active at main. Keep the old id, or add the new tenant and archive the old one.',
            },
            {
                kind: "removed-live-tenant",
                tenant: "gone",
                message:
                    'tenant "gone" is removed but is suspended at main, not archived: its resources would be deleted. Archive it first (status: archived, archived_at) and remove the file once its retention period has ended.',
            },
            {
                kind: "removed-before-retention",
                tenant: "old",
                message:
                    'archived tenant "old" is removed now and retired at 2026-11-30T00:00:00Z, before its retention period ends on 2027-01-01: its data (namespace, realm, schema, backups) must be kept until then. ' +
                    "Keep the file until the retention has ended, unless a documented decision shortens it.",
            },
            {
                kind: "unretired-id",
                tenant: "acme",
                message:
                    'tenant "acme" is removed but "acme" is not in tenants/retired.yaml: its data (namespace, realm, schema, backups) is retained, and a later tenant given the id "acme" would adopt it. ' +
                    'Add "acme" to tenants/retired.yaml (id, retired_at, reason) in this change; the deployment refuses the removal until then.',
            },
            {
                kind: "unretired-id",
                tenant: "gone",
                message:
                    'tenant "gone" is removed but "gone" is not in tenants/retired.yaml: its data (namespace, realm, schema, backups) is retained, and a later tenant given the id "gone" would adopt it. ' +
                    'Add "gone" to tenants/retired.yaml (id, retired_at, reason) in this change; the deployment refuses the removal until then.',
            },
            {
                kind: "reactivated-tenant",
                tenant: "back",
                message:
                    'tenant "back" is archived at main and becomes active: access to its retained data is restored. Check that this is intended and that its data still exists (the retention period may have ended).',
            },
            {
                kind: "protected-delete",
                tenant: "gone",
                message:
                    '2 protected resources of tenant "gone" would be deleted: kubernetes:core/v1:ConfigMap g1, kubernetes:core/v1:ConfigMap g2. `pulumi up` refuses to delete protected resources; ' +
                    "archive the tenant first (an archived tenant's data is no longer protected, and is retained when deleted).",
            },
            {
                kind: "protected-delete",
                tenant: null,
                message:
                    "1 protected resource of the platform would be deleted: kubernetes:core/v1:Namespace stoa-system. `pulumi up` refuses to delete protected resources; " +
                    "archive the tenant first (an archived tenant's data is no longer protected, and is retained when deleted).",
            },
            {
                kind: "isolation-model-change",
                tenant: "db",
                message:
                    'tenant "db" moves from database stoa (at main) to database tenant_db: its PostgreSQL isolation model changes, a data migration. ' +
                    "The deployment refuses it unless the tenant file sets settings.database_isolation_change; the old schema is kept, nothing is dropped, and the data must be migrated (docs/data.md).",
            },
        ]);
    });

    it('says "the base" when the base revision has no name, and no status for a renamed archived tenant', () => {
        const base = side([["live", "active"]], []);
        expect(diffPlans(base, side([], [], { retired: new Set(["live"]) }), null, NOW).warnings.map((w) => w.message)).toEqual([
            'tenant "live" is removed but is active at the base, not archived: its resources would be deleted. Archive it first (status: archived, archived_at) and remove the file once its retention period has ended.',
        ]);
        const archived = side([["acme", "archived"]], []);
        const renamed = side([["acme-corp", "archived"]], [], { retired: new Set(["acme"]) });
        (renamed.files as Map<string, { file: string; data: Record<string, unknown> }>).set("acme-corp", { file: "tenants/acme-corp.yaml", data: { ...tenantFile("acme", "archived"), id: "acme-corp" } });
        expect(diffPlans(archived, renamed, "main", NOW).warnings.map((w) => w.message)).toEqual([
            'tenant "acme" looks renamed to "acme-corp" (same file content apart from the id). Ids are immutable: every resource of "acme" would be deleted and new ones created for "acme-corp" ' +
                "(new namespace, realm and schema; data is not moved). Keep the old id, or add the new tenant and archive the old one.",
        ]);
    });

    it("gives no isolation warning for an archived tenant, a new tenant, or the same database", () => {
        const before = side([["a", "archived"], ["c", "active"]], [connect("a", "stoa"), connect("c", "stoa")]);
        const after = side([["a", "archived"], ["b", "active"], ["c", "active"]], [connect("a", "tenant_a"), connect("b", "tenant_b"), connect("c", "stoa")]);
        expect(diffPlans(before, after, "main", NOW).warnings.filter((w) => w.kind === "isolation-model-change")).toEqual([]);
    });
});
