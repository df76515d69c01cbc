/**
 * The pull-request comment of a few stacks, whole and literal: the stacks table, invalid input,
 * warnings, mandatory violations, policies, the cross-stack tenant rows and the unusual changes.
 */
import { describe, expect, it } from "vitest";
import type { ResourceRef } from "../../scripts/plan/diff";
import type { PlanDocument } from "../../scripts/plan/json";
import { renderComment } from "../../scripts/plan/comment";
import { mergePlans, type StackRun } from "../../scripts/plan/merge";

const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
const NAMESPACE = "kubernetes:core/v1:Namespace";
const ref = (type: string, name: string, protect = false, retainOnDelete = false): ResourceRef => ({ urn: `urn:pulumi:s::stoa-tenancy::${type}::${name}`, type, name, protect, retainOnDelete });
const verdict = (policy: string, v: "pass" | "fail" | "warn", violations: number) => ({
    policy,
    description: policy,
    enforcementLevel: "mandatory" as const,
    verdict: v,
    violations,
    notApplicable: 0,
});
const noChanges = (base: string | null): PlanDocument["changes"] => ({ base, tenants: { added: [], removed: [], renamed: [], changed: [] }, resources: [] });
const tierChange = { id: "acme", fields: [{ field: "tier", from: "starter", to: "business" }] };

const PROD_A: PlanDocument = {
    stack: "prod-a",
    environment: "prod",
    tenants: [
        { id: "acme", tier: "business", status: "active", resources: 2 },
        { id: "globex", tier: "starter", status: "active", resources: 1 },
        { id: "hooli", tier: "community", status: "active", resources: 2 },
    ],
    resources: [{ ...ref(NAMESPACE, "tenant-acme"), parent: null, tenant: "acme", inputs: {} }],
    violations: [
        { policy: "p1", enforcementLevel: "mandatory", urn: ref(NAMESPACE, "tenant-acme").urn, message: "quota <too> high" },
        { policy: "p2", enforcementLevel: "advisory", urn: null, message: "advice" },
        { policy: "p3", enforcementLevel: "mandatory", urn: "urn:pulumi:s::stoa-tenancy::kubernetes:core/v1:Secret::gone", message: "gone" },
    ],
    verdicts: [verdict("p1", "fail", 2), verdict("p2", "warn", 1), verdict("p4", "pass", 0)],
    warnings: [
        { kind: "protected-delete", tenant: "globex", message: "deleting & protected" },
        { kind: "base-invalid", tenant: null, message: "bad base" },
    ],
    changes: {
        base: "main",
        tenants: { added: ["hooli"], removed: [{ id: "initech", tier: "starter", status: "archived", resources: 1 }], renamed: [], changed: [tierChange] },
        resources: [
            { tenant: "acme", created: [], updated: [{ ...ref(CONFIG_MAP, "acme-cm"), inputs: ["data"], options: [] }], deleted: [] },
            { tenant: "globex", created: [], updated: [], deleted: [ref(NAMESPACE, "tenant-globex", true, true)] },
            { tenant: "hooli", created: [ref(CONFIG_MAP, "hooli-1"), ref(CONFIG_MAP, "hooli-2")], updated: [], deleted: [] },
            { tenant: "initech", created: [], updated: [], deleted: [ref(CONFIG_MAP, "initech-1")] },
            { tenant: null, created: [], updated: [{ ...ref(CONFIG_MAP, "platform-cm", false, true), inputs: [], options: ["retainOnDelete"] }], deleted: [] },
        ],
    },
};

const PROD_B: PlanDocument = {
    stack: "prod-b",
    environment: "prod",
    tenants: [
        { id: "acme", tier: "business", status: "active", resources: 2 },
        { id: "umbrella", tier: "starter", status: "active", resources: 2 },
    ],
    resources: [],
    violations: [],
    verdicts: [verdict("p1", "pass", 0), verdict("p2", "pass", 0), verdict("p4", "pass", 0)],
    warnings: [],
    changes: {
        base: "main",
        tenants: { added: ["umbrella"], removed: [], renamed: [], changed: [tierChange] },
        resources: [
            { tenant: "acme", created: [], updated: [{ ...ref(CONFIG_MAP, "acme-cm"), inputs: ["data"], options: [] }], deleted: [] },
            { tenant: "umbrella", created: [ref(CONFIG_MAP, "umbrella-1"), ref(CONFIG_MAP, "umbrella-2")], updated: [], deleted: [] },
        ],
    },
};

describe("renderComment of three stacks", () => {
    it("shows every section, in order, escaped", () => {
        const runs: StackRun[] = [
            { stack: "prod-a", status: 1, plan: PROD_A },
            { stack: "prod-b", status: 0, plan: PROD_B },
            { stack: "prod-c", status: 2, errors: "tenants/x.yaml: id: is taken\n```evil\n" },
        ];
        expect(renderComment(mergePlans(runs)).split("\n")).toEqual([
            "<!-- stoa-tenancy-plan -->",
            "## stoa-tenancy: offline plan against `main`",
            "",
            "_Made by `npm run plan` under Pulumi's mock runtime: no servers, no credentials. Secrets show as `[secret]`._",
            "",
            "3 stacks, exit 2 · 5 tenants · resources 4 to create, 3 to update, 2 to delete · **2 mandatory violations** · 1 advisory violation · **2 warnings**",
            "",
            "### Stacks",
            "",
            "| Stack | Environment | Exit | Tenants | Create | Update | Delete | Mandatory | Warnings |",
            "|---|---|---|--:|--:|--:|--:|--:|--:|",
            "| `prod-a` | prod | ❌ 1 (mandatory violation) | 3 | 2 | 2 | 2 | 2 | 2 |",
            "| `prod-b` | prod | ✅ 0 | 2 | 2 | 1 | 0 | 0 | 0 |",
            "| `prod-c` |  | ⛔ 2 (invalid input) | 0 | 0 | 0 | 0 | 0 | 0 |",
            "",
            "#### `prod-c`: invalid input (exit 2)",
            "",
            "```text",
            "tenants/x.yaml: id: is taken",
            "'''evil",
            "```",
            "",
            "### ⚠️ Warnings",
            "",
            "- **protected-delete** (1):",
            "  - `prod-a` `globex`: deleting &amp; protected",
            "- **base-invalid** (1):",
            "  - `prod-a`: bad base",
            "",
            "### Mandatory policy violations",
            "",
            "- `prod-a` `p1` `acme` `kubernetes:core/v1:Namespace` `tenant-acme`: quota &lt;too&gt; high",
            "- `prod-a` `p3`: gone",
            "",
            "**Policies:** 3 policies; `p1` fail (2), `p2` warn (1)",
            "",
            "### Tenant changes across stacks",
            "",
            "_Tenants whose change is the same share a row; a change made in every stack is shown once._",
            "",
            "| Change | Per tenant: create / update / delete | Stacks | Tenants |",
            "|---|---|---|---|",
            "| removed | 0 / 0 / 1 | `prod-a` | 1: `initech` |",
            "| changed: tier starter → business | 0 / 1 / 0 | `prod-a`, `prod-b` | 1: `acme` |",
            "| added | 2 / 0 / 0 | `prod-a` | 1: `hooli` |",
            "| added | 2 / 0 / 0 | `prod-b` | 1: `umbrella` |",
            "| unchanged | 0 / 0 / 1 | `prod-a` | 1: `globex` |",
            "",
            "### Unusual changes (deletes, protection, retention)",
            "",
            "- `globex` in `prod-a`:",
            "  - delete `kubernetes:core/v1:Namespace`: `tenant-globex` **(protected)** (retained)",
            "- `initech` in `prod-a`:",
            "  - delete `kubernetes:core/v1:ConfigMap`: `initech-1`",
            "- (platform) in `prod-a`:",
            "  - `kubernetes:core/v1:ConfigMap` `platform-cm`: option `retainOnDelete: false → true`",
            "",
            "_Every resource of every stack: the full plans (job summary and the `offline-plans` artifact)._",
            "",
        ]);
    });
});

describe("renderComment of the same change in every stack", () => {
    const stack = (name: string): PlanDocument => ({
        stack: name,
        environment: "dev",
        tenants: ["t1", "t2", "t3"].map((id) => ({ id, tier: "starter", status: "active", resources: 1 })),
        resources: [],
        violations: [],
        verdicts: [verdict("p1", "pass", 0)],
        warnings: Array.from({ length: 11 }, (_, i) => ({ kind: "retention-ended" as const, tenant: `t${i}`, message: `ended ${i}` })),
        changes: {
            base: null,
            tenants: { added: ["t1", "t2", "t3"], removed: [], renamed: [], changed: [] },
            resources: [
                ...["t1", "t2", "t3"].map((t) => ({ tenant: t, created: [ref(CONFIG_MAP, `${t}-cm`)], updated: [], deleted: [] })),
                { tenant: "t9", created: [], updated: [], deleted: Array.from({ length: 10 }, (_, i) => ref(CONFIG_MAP, `old-${i}`)) },
            ],
        },
    });
    const text = renderComment(mergePlans([{ stack: "dev-a", status: 0, plan: stack("dev-a") }, { stack: "dev-b", status: 0, plan: stack("dev-b") }]), {
        detailsUrl: "https://ci.example/run/7",
        namesPerRow: 2,
    });
    const lines = text.split("\n");

    it("names no base, and every policy passing", () => {
        expect(lines[1]).toBe("## stoa-tenancy: offline plan");
        expect(lines[5]).toBe("2 stacks, exit 0 · 6 tenants · resources 6 to create, 0 to update, 20 to delete · no mandatory violation · **22 warnings**");
        expect(lines).toContain("**Policies:** 1 policy; every one passes.");
    });

    it("shows a row once for every stack, with at most namesPerRow names", () => {
        expect(lines).toContain("| added | 1 / 0 / 0 | every stack | 3: `t1`, `t2` +1 more |");
    });

    it("shows at most 20 warnings of a kind, then how many more", () => {
        const start = lines.indexOf("- **retention-ended** (22):");
        expect(lines.slice(start + 1, start + 3)).toEqual(["  - `dev-a` `t0`: ended 0", "  - `dev-a` `t1`: ended 1"]);
        expect(lines[start + 20]).toBe("  - `dev-b` `t8`: ended 8");
        expect(lines[start + 21]).toBe("  - _… 2 more retention-ended._");
    });

    it("shows the same unusual change once for every stack, at most eight names a type", () => {
        expect(lines).toContain("- `t9` in every stack:");
        expect(lines).toContain("  - delete `kubernetes:core/v1:ConfigMap` ×10: `old-0`, `old-1`, `old-2`, `old-3`, `old-4`, `old-5`, `old-6`, `old-7` +2 more");
        expect(lines.filter((l) => l.startsWith("- `t9` in"))).toHaveLength(1);
    });

    it("links the full plans", () => {
        expect(text.endsWith("\n\n_Every resource of every stack: [the full plans](https://ci.example/run/7)._\n")).toBe(true);
    });
});

describe("renderComment over its limit", () => {
    it("stops a section where the budget ends, says how much is left out, and links the full plans", () => {
        const many = Array.from({ length: 40 }, (_, i) => `s${String(i).padStart(2, "0")}`);
        const text = renderComment(mergePlans(many.map((stack) => ({ stack, status: 0 as const, plan: { ...PROD_B, stack, changes: noChanges(null), tenants: [] } }))), {
            limit: 1500,
            detailsUrl: "https://ci.example/run/8",
        });
        expect(text.length).toBeLessThanOrEqual(1500);
        const lines = text.split("\n");
        expect(lines.filter((l) => /^\| `s\d\d` \| prod \| ✅ 0 \| 0 \| 0 \| 0 \| 0 \| 0 \| 0 \|$/.test(l)).length).toBeLessThan(40);
        expect(lines).toContainEqual(expect.stringMatching(/^_… \d+ more stacks\._$/));
        expect(text.endsWith("\n\n_Left out here: see [the full plans](https://ci.example/run/8), one per stack, with every resource._\n")).toBe(true);
    });
});
