/** The pure comparison behind `--base`: renames, field changes and resource changes, as tables. */
import { describe, expect, it } from "vitest";
import { EMPTY_SIDE, changedFields, diffPlans, findRenames, removedBeforeRetention, resourceChanges, type PlanSide } from "../../scripts/plan/diff";
import { optionChange } from "../../scripts/plan/format";
import type { PlanDocument, PlanResource } from "../../scripts/plan/json";
import { renderMarkdown } from "../../scripts/plan/markdown";
import { renderSummary } from "../../scripts/plan/summary";

const file = (data: Record<string, unknown>) => ({ file: `${String(data.id)}.yaml`, data });
const files = (...tenants: Record<string, unknown>[]) => new Map(tenants.map((t) => [String(t.id), file(t)]));

const resource = (urn: string, over: Partial<PlanResource> = {}): PlanResource => ({
    urn,
    type: "kubernetes:core/v1:ConfigMap",
    name: urn,
    parent: null,
    tenant: "t1",
    inputs: {},
    protect: false,
    retainOnDelete: false,
    ...over,
});

describe("findRenames", () => {
    const old = { id: "old", name: "Old Co", created_at: "2025-01-01T00:00:00Z", tier: "starter", status: "active" };
    it.each([
        ["same name and created_at, other fields changed", { ...old, id: "new", tier: "business" }, "same name and created_at"],
        ["same content apart from the id", { ...old, id: "new" }, "same file content apart from the id"],
        ["same content, the name changed too", { ...old, id: "new", name: "New Co" }, undefined],
        ["same name, another created_at", { ...old, id: "new", created_at: "2025-02-01T00:00:00Z", tier: "business" }, undefined],
    ])("%s", (_, added, reason) => {
        const renames = findRenames(["old"], ["new"], files(old), files(added));
        expect(renames).toEqual(reason ? [{ from: "old", to: "new", reason }] : []);
    });

    it("pairs each tenant at most once", () => {
        const twin = { ...old, id: "twin" };
        expect(findRenames(["old", "twin"], ["new"], files(old, twin), files({ ...old, id: "new" }))).toEqual([
            { from: "old", to: "new", reason: "same file content apart from the id" },
        ]);
    });
});

describe("changedFields", () => {
    it("names changed leaf fields and shows values only for status and tier", () => {
        const before = { id: "a", status: "active", tier: "starter", settings: { notifications: { webhook_url: "https://h.example/old-token" }, quotas: { max_apis: 5 } } };
        const after = { id: "a", status: "suspended", tier: "starter", settings: { notifications: { webhook_url: "https://h.example/new-token" } } };
        const fields = changedFields(before, after);
        expect(fields).toEqual([{ field: "settings.notifications.webhook_url" }, { field: "settings.quotas.max_apis" }, { field: "status", from: "active", to: "suspended" }]);
        expect(JSON.stringify(fields)).not.toContain("token");
    });
});

describe("resourceChanges", () => {
    it("matches by URN and names changed inputs and options", () => {
        const base = [resource("a", { inputs: { data: { x: "1" }, metadata: { name: "a" } } }), resource("b", { protect: true }), resource("p", { tenant: null })];
        const head = [resource("a", { inputs: { data: { x: "2" }, metadata: { name: "a" } } }), resource("c", { tenant: "t2" }), resource("p", { tenant: null, retainOnDelete: true })];
        expect(resourceChanges(base, head)).toEqual([
            { tenant: "t1", created: [], updated: [expect.objectContaining({ urn: "a", inputs: ["data"], options: [] })], deleted: [expect.objectContaining({ urn: "b", protect: true })] },
            { tenant: "t2", created: [expect.objectContaining({ urn: "c" })], updated: [], deleted: [] },
            { tenant: null, created: [], updated: [expect.objectContaining({ urn: "p", inputs: [], options: ["retainOnDelete"] })], deleted: [] },
        ]);
    });
    it("reports a secret that changes behind \"[secret]\" by its digest, and one that does not as unchanged", () => {
        const secretInputs = { inputs: { stringData: "[secret]", metadata: { name: "s" } } };
        const base = [resource("s", secretInputs), resource("u", secretInputs)];
        const head = [resource("s", secretInputs), resource("u", secretInputs)];
        const digests = (s: string, u: string) => new Map([["s", { stringData: s }], ["u", { stringData: u }]]);
        expect(resourceChanges(base, head, { base: digests("d1", "d2"), head: digests("d9", "d2") })).toEqual([
            { tenant: "t1", created: [], updated: [expect.objectContaining({ urn: "s", inputs: ["stringData"] })], deleted: [] },
        ]);
        expect(resourceChanges(base, head)).toEqual([]);
    });
});

describe("diffPlans warnings", () => {
    const side = (tenants: { id: string; status: string }[], resources: PlanResource[] = [], retired: string[] = []): PlanSide => ({
        tenants: tenants.map((t) => ({ ...t, tier: "starter", resources: 1 })),
        resources,
        files: files(...tenants.map((t) => ({ ...t, name: t.id, created_at: `2025-01-0${t.id.length}T00:00:00Z` }))),
        retired: new Set(retired),
    });

    it("does not warn when an archived tenant is removed and its id retired, or nothing changes", () => {
        expect(diffPlans(side([{ id: "gone", status: "archived" }]), side([], [], ["gone"]), "main").warnings).toEqual([]);
        expect(diffPlans(side([{ id: "same", status: "active" }]), side([{ id: "same", status: "active" }]), "main").warnings).toEqual([]);
    });

    it.each([
        ["active", ["gone"], ["removed-live-tenant"]],
        ["suspended", ["gone"], ["removed-live-tenant"]],
        ["active", [], ["removed-live-tenant", "unretired-id"]],
        ["archived", [], ["unretired-id"]],
        ["archived", ["other"], ["unretired-id"]],
    ])("warns when a %s tenant is removed (retired at head: %j)", (status, retired, kinds) => {
        expect(diffPlans(side([{ id: "gone", status }]), side([], [], retired), "main").warnings.map((w) => w.kind)).toEqual(kinds);
    });

    it("the unretired-id warning names the id, the data at stake and the registry; a retired id at the base only does not count", () => {
        const base = { ...side([{ id: "gone", status: "archived" }]), retired: new Set(["gone"]) };
        const { warnings } = diffPlans(base, side([]), "main");
        expect(warnings).toEqual([expect.objectContaining({ kind: "unretired-id", tenant: "gone" })]);
        expect(warnings[0].message).toContain('tenant "gone" is removed but "gone" is not in tenants/retired.yaml');
        expect(warnings[0].message).toMatch(/would adopt it/);
    });

    it.each(["active", "suspended"])("warns when an archived tenant becomes %s", (status) => {
        const { warnings } = diffPlans(side([{ id: "back", status: "archived" }]), side([{ id: "back", status }]), "main");
        expect(warnings).toEqual([expect.objectContaining({ kind: "reactivated-tenant", tenant: "back" })]);
    });

    it("warns once per owner about protected resources that would be deleted", () => {
        const base = side([{ id: "t1", status: "archived" }], [resource("a", { protect: true }), resource("b", { protect: true }), resource("c")]);
        const { warnings } = diffPlans(base, side([], [], ["t1"]), "main");
        expect(warnings).toEqual([expect.objectContaining({ kind: "protected-delete", tenant: "t1" })]);
        expect(warnings[0].message).toMatch(/^2 protected resources of tenant "t1" would be deleted/);
    });
});

describe("removed-before-retention", () => {
    const now = new Date("2026-12-01T00:00:00Z");
    const base = (retainUntil: string): PlanSide => ({ ...EMPTY_SIDE, retainUntil: new Map([["old", retainUntil]]) });
    const head = (retiredAt?: string): PlanSide => ({ ...EMPTY_SIDE, retiredAt: new Map(retiredAt ? [["old", retiredAt]] : []) });

    it.each([
        ["removed while its retention runs", "2027-01-01T00:00:00Z", undefined, ["removed now"]],
        ["removed and retired while its retention runs", "2027-01-01T00:00:00Z", "2026-11-30T00:00:00Z", ["removed now", "retired at 2026-11-30T00:00:00Z"]],
        ["retention over, but retired with a date before it ended", "2026-11-01T00:00:00Z", "2026-10-01T00:00:00Z", ["retired at 2026-10-01T00:00:00Z"]],
        ["retention over, retired after it ended", "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", []],
    ])("%s", (_, until, retiredAt, says) => {
        const warnings = removedBeforeRetention(["old"], base(until), head(retiredAt), now);
        expect(warnings.map((w) => w.kind)).toEqual(says.length > 0 ? ["removed-before-retention"] : []);
        for (const part of says) expect(warnings[0].message).toContain(part);
        if (says.length > 0) expect(warnings[0].message).toContain(`before its retention period ends on ${until.slice(0, 10)}`);
    });

    it("says nothing about a tenant that was not archived (removed-live-tenant covers it)", () => {
        expect(removedBeforeRetention(["old"], EMPTY_SIDE, head("2026-11-30T00:00:00Z"), now)).toEqual([]);
    });
});

describe("the direction of an option change", () => {
    it.each([
        [{ protect: false, retainOnDelete: true }, "protect", "protect: true → false"],
        [{ protect: true, retainOnDelete: true }, "protect", "protect: false → true"],
        [{ protect: true, retainOnDelete: false }, "retainOnDelete", "retainOnDelete: true → false"],
    ])("%o %s", (update, option, shown) => {
        expect(optionChange(update, option)).toBe(shown);
    });

    it("is shown in the summary and the Markdown", () => {
        const before = resource("urn:ns", { protect: true });
        const after = resource("urn:ns", { protect: false });
        const changes = resourceChanges([before], [after]);
        expect(changes[0].updated[0].options).toEqual(["protect"]);
        const plan: PlanDocument = {
            stack: "dev",
            environment: "dev",
            tenants: [{ id: "t1", tier: "starter", status: "archived", resources: 1 }],
            resources: [after],
            violations: [],
            verdicts: [],
            warnings: [],
            changes: { base: "main", tenants: { added: [], removed: [], renamed: [], changed: [] }, resources: changes },
        };
        expect(renderSummary(plan)).toContain("~ update kubernetes:core/v1:ConfigMap urn:ns: option protect: true → false");
        expect(renderMarkdown(plan)).toContain("- `kubernetes:core/v1:ConfigMap` `urn:ns`: option `protect: true → false`");
    });
});

describe("the Markdown never carries HTML from a message", () => {
    it("escapes tags in warnings", () => {
        const plan: PlanDocument = {
            stack: "dev",
            environment: "dev",
            tenants: [],
            resources: [],
            violations: [],
            verdicts: [],
            warnings: [{ kind: "base-invalid", tenant: null, message: 'main:tenants/<img src=x onerror=alert(1)>.yaml: (file): is not a tenant file' }],
            changes: { base: "main", tenants: { added: [], removed: [], renamed: [], changed: [] }, resources: [] },
        };
        const markdown = renderMarkdown(plan);
        expect(markdown).toContain("main:tenants/&lt;img src=x onerror=alert(1)&gt;.yaml");
        expect(markdown).not.toContain("<img");
    });
});
