/**
 * The pull-request comment's edges, on small synthetic plan documents: a field change with one side
 * missing, rows of one kind ordered by their first tenant, a mandatory violation on a platform
 * resource, and each section cut at the limit saying what it left out.
 */
import { describe, expect, it } from "vitest";
import type { ResourceRef } from "../../scripts/plan/diff";
import type { PlanDocument } from "../../scripts/plan/json";
import { renderComment } from "../../scripts/plan/comment";
import { mergePlans } from "../../scripts/plan/merge";
import { planDocument } from "./planDocument";

const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
const ref = (name: string): ResourceRef => ({ urn: `urn:pulumi:s1::stoa-tenancy::${CONFIG_MAP}::${name}`, type: CONFIG_MAP, name, protect: false, retainOnDelete: false });

/** A plan of stack s1 (environment dev) with nothing in it but `parts`. */
const doc = planDocument;
const comment = (plan: PlanDocument, limit?: number) => renderComment(mergePlans([{ stack: "s1", status: 0, plan }]), limit === undefined ? {} : { limit });
/** Longer than the whole budget of a 2,000-character comment: never fits. */
const TOO_LONG = "y".repeat(2500);
const LEFT_OUT = "_Left out here: see the full plans (job summary and the `offline-plans` artifact), one per stack, with every resource._";

describe("tenant rows", () => {
    it("shows a field change with a missing side as ∅, and a field without values by its name", () => {
        const plan = doc({
            tenants: [{ id: "acme", tier: "starter", status: "suspended", resources: 1 }],
            changes: {
                base: "main",
                tenants: {
                    added: [],
                    removed: [],
                    renamed: [],
                    changed: [{ id: "acme", fields: [{ field: "settings.quotas.max_apis" }, { field: "status", to: "suspended" }, { field: "tier", from: "starter" }] }],
                },
                resources: [],
            },
        });
        expect(comment(plan).split("\n")).toContain("| changed: settings.quotas.max_apis, status ∅ → suspended, tier starter → ∅ | 0 / 0 / 0 | `s1` | 1: `acme` |");
    });

    it("escapes a table pipe in a field name", () => {
        const plan = doc({
            tenants: [{ id: "acme", tier: "starter", status: "active", resources: 1 }],
            changes: { base: "main", tenants: { added: [], removed: [], renamed: [], changed: [{ id: "acme", fields: [{ field: "settings.labels.a|b" }] }] }, resources: [] },
        });
        expect(comment(plan).split("\n")).toContain("| changed: settings.labels.a\\|b | 0 / 0 / 0 | `s1` | 1: `acme` |");
    });

    it("never counts the platform's changes for a tenant whose id is null", () => {
        const plan = doc({
            tenants: [{ id: "null", tier: "starter", status: "active", resources: 0 }],
            changes: { base: "main", tenants: { added: [], removed: [], renamed: [], changed: [] }, resources: [{ tenant: null, created: [ref("platform-cm")], updated: [], deleted: [] }] },
        });
        const lines = comment(plan).split("\n");
        expect(lines.slice(lines.indexOf("|---|---|---|---|") + 1, lines.indexOf("|---|---|---|---|") + 2)).toEqual([""]);
    });

    it("keeps apart changes whose counts only read alike when run together (1 / 11 and 11 / 1)", () => {
        const update = (name: string) => ({ ...ref(name), inputs: ["data"], options: [] });
        const plan = doc({
            tenants: ["acme", "globex"].map((id) => ({ id, tier: "starter", status: "active", resources: 12 })),
            changes: {
                base: "main",
                tenants: { added: [], removed: [], renamed: [], changed: [] },
                resources: [
                    { tenant: "acme", created: [ref("a-0")], updated: Array.from({ length: 11 }, (_, i) => update(`a-${i + 1}`)), deleted: [] },
                    { tenant: "globex", created: Array.from({ length: 11 }, (_, i) => ref(`g-${i}`)), updated: [update("g-11")], deleted: [] },
                ],
            },
        });
        expect(comment(plan).split("\n").filter((l) => l.startsWith("| unchanged"))).toEqual(["| unchanged | 1 / 11 / 0 | `s1` | 1: `acme` |", "| unchanged | 11 / 1 / 0 | `s1` | 1: `globex` |"]);
    });

    it("keeps apart tenants whose lists of stacks only read alike when run together (ab, c and a, bc)", () => {
        const added = (stack: string, id: string): PlanDocument => ({
            ...doc({ tenants: [{ id, tier: "starter", status: "active", resources: 0 }], changes: { base: null, tenants: { added: [id], removed: [], renamed: [], changed: [] }, resources: [] } }),
            stack,
        });
        const runs = [added("a", "yuma"), added("ab", "xeno"), added("bc", "yuma"), added("c", "xeno")].map((plan) => ({ stack: plan.stack, status: 0 as const, plan }));
        expect(renderComment(mergePlans(runs)).split("\n").filter((l) => l.startsWith("| added"))).toEqual([
            "| added | 0 / 0 / 0 | `ab`, `c` | 1: `xeno` |",
            "| added | 0 / 0 / 0 | `a`, `bc` | 1: `yuma` |",
        ]);
    });

    it("lists exactly namesPerRow tenants whole, with no '+0 more'", () => {
        const plan = doc({
            tenants: ["acme", "globex"].map((id) => ({ id, tier: "starter", status: "active", resources: 0 })),
            changes: { base: null, tenants: { added: ["acme", "globex"], removed: [], renamed: [], changed: [] }, resources: [] },
        });
        const lines = renderComment(mergePlans([{ stack: "s1", status: 0, plan }]), { namesPerRow: 2 }).split("\n");
        expect(lines.filter((l) => l.startsWith("| added"))).toEqual(["| added | 0 / 0 / 0 | `s1` | 2: `acme`, `globex` |"]);
    });

    it("puts the row with more tenants first among rows of one kind", () => {
        const plan = doc({
            tenants: ["mike", "zulu", "alpha"].map((id) => ({ id, tier: "starter", status: "active", resources: 1 })),
            changes: {
                base: null,
                tenants: { added: ["mike", "zulu", "alpha"], removed: [], renamed: [], changed: [] },
                resources: [
                    { tenant: "mike", created: [ref("m-1"), ref("m-2"), ref("m-3")], updated: [], deleted: [] },
                    { tenant: "zulu", created: [ref("z-1"), ref("z-2")], updated: [], deleted: [] },
                    { tenant: "alpha", created: [ref("a-1"), ref("a-2")], updated: [], deleted: [] },
                ],
            },
        });
        expect(comment(plan).split("\n").filter((l) => l.startsWith("| added"))).toEqual(["| added | 2 / 0 / 0 | `s1` | 2: `alpha`, `zulu` |", "| added | 3 / 0 / 0 | `s1` | 1: `mike` |"]);
    });

    it("keeps the stacks' order for rows of one kind and size that start with the same tenant", () => {
        const stack = (name: string, creates: number): PlanDocument => ({
            ...doc({
                tenants: [{ id: "acme", tier: "starter", status: "active", resources: creates }],
                changes: {
                    base: null,
                    tenants: { added: ["acme"], removed: [], renamed: [], changed: [] },
                    resources: [{ tenant: "acme", created: Array.from({ length: creates }, (_, i) => ref(`${name}-${i}`)), updated: [], deleted: [] }],
                },
            }),
            stack: name,
        });
        const text = renderComment(mergePlans([{ stack: "s1", status: 0, plan: stack("s1", 1) }, { stack: "s2", status: 0, plan: stack("s2", 2) }]));
        expect(text.split("\n").filter((l) => l.startsWith("| added"))).toEqual(["| added | 1 / 0 / 0 | `s1` | 1: `acme` |", "| added | 2 / 0 / 0 | `s2` | 1: `acme` |"]);
    });

    it("orders rows of one kind and size by their first tenant, whatever order the plan lists them in", () => {
        const plan = doc({
            tenants: ["zulu", "mike", "alpha"].map((id) => ({ id, tier: "starter", status: "active", resources: 1 })),
            changes: {
                base: null,
                tenants: { added: ["zulu", "mike", "alpha"], removed: [], renamed: [], changed: [] },
                resources: [
                    { tenant: "zulu", created: [ref("z-1")], updated: [], deleted: [] },
                    { tenant: "mike", created: [ref("m-1"), ref("m-2"), ref("m-3")], updated: [], deleted: [] },
                    { tenant: "alpha", created: [ref("a-1"), ref("a-2")], updated: [], deleted: [] },
                ],
            },
        });
        expect(comment(plan).split("\n").filter((l) => l.startsWith("| added"))).toEqual([
            "| added | 2 / 0 / 0 | `s1` | 1: `alpha` |",
            "| added | 3 / 0 / 0 | `s1` | 1: `mike` |",
            "| added | 1 / 0 / 0 | `s1` | 1: `zulu` |",
        ]);
    });
});

describe("line breaks in the plan's texts", () => {
    it("become spaces, in code and in prose", () => {
        const plan = doc({
            violations: [{ policy: "bad\npolicy", enforcementLevel: "mandatory", urn: null, message: "one\ntwo\r\nthree" }],
            warnings: [{ kind: "base-invalid", tenant: null, message: "first\nsecond" }],
        });
        const lines = comment(plan).split("\n");
        expect(lines).toContain("- `s1` `bad policy`: one two three");
        expect(lines).toContain("  - `s1`: first second");
    });
});

describe("the headline", () => {
    it("says there is no mandatory violation, and counts advisory ones and warnings only when there are some", () => {
        expect(comment(doc({})).split("\n")[5]).toBe("1 stack, exit 0 · 0 tenants · resources 0 to create, 0 to update, 0 to delete · no mandatory violation");
        const advised = doc({ violations: [{ policy: "p", enforcementLevel: "advisory", urn: null, message: "m" }], warnings: [{ kind: "base-invalid", tenant: null, message: "w" }] });
        expect(comment(advised).split("\n")[5]).toBe("1 stack, exit 0 · 0 tenants · resources 0 to create, 0 to update, 0 to delete · no mandatory violation · 1 advisory violation · **1 warning**");
    });
});

describe("the sections that depend on counts", () => {
    it("shows no mandatory section without mandatory violations, 20 warnings of a kind whole, and one policy passing", () => {
        const verdict = { policy: "p1", description: "p1", enforcementLevel: "mandatory" as const, verdict: "pass" as const, violations: 0, notApplicable: 0 };
        const plan = doc({
            verdicts: [verdict],
            warnings: Array.from({ length: 20 }, (_, i) => ({ kind: "retention-ended" as const, tenant: `t${String(i).padStart(2, "0")}`, message: "ended" })),
        });
        const lines = comment(plan).split("\n");
        expect(lines).not.toContain("### Mandatory policy violations");
        const start = lines.indexOf("- **retention-ended** (20):");
        expect(lines[start + 20]).toBe("  - `s1` `t19`: ended");
        expect(lines[start + 21]).toBe("");
        expect(lines).toContain("**Policies:** 1 policy; every one passes.");
        expect(lines).not.toContain("### Unusual changes (deletes, protection, retention)");
    });

    it("gives a warned tenant whose only changes are input updates no unusual details", () => {
        const plan = doc({
            tenants: [{ id: "acme", tier: "starter", status: "active", resources: 1 }],
            warnings: [{ kind: "reactivated-tenant", tenant: "acme", message: "back" }],
            changes: { base: "main", tenants: { added: [], removed: [], renamed: [], changed: [] }, resources: [{ tenant: "acme", created: [], updated: [{ ...ref("acme-cm"), inputs: ["data"], options: [] }], deleted: [] }] },
        });
        const lines = comment(plan).split("\n");
        expect(lines).toContain("  - `s1` `acme`: back");
        expect(lines).not.toContain("### Unusual changes (deletes, protection, retention)");
        expect(lines.filter((l) => l.startsWith("- `acme` in"))).toEqual([]);
    });
});

describe("mandatory violations", () => {
    it("names a platform resource by type and name, without a tenant", () => {
        const platform = { ...ref("platform-cm"), parent: null, tenant: null, inputs: {} };
        const plan = doc({ resources: [platform], violations: [{ policy: "p1", enforcementLevel: "mandatory", urn: platform.urn, message: "too open" }] });
        expect(comment(plan).split("\n")).toContain("- `s1` `p1` `kubernetes:core/v1:ConfigMap` `platform-cm`: too open");
    });
});

describe("unusual changes", () => {
    it("lists deletes and protection or retention changes, both options of one resource on one line, and no input-only update", () => {
        const plan = doc({
            tenants: [{ id: "acme", tier: "starter", status: "active", resources: 2 }],
            changes: {
                base: "main",
                tenants: { added: [], removed: [], renamed: [], changed: [] },
                resources: [
                    {
                        tenant: "acme",
                        created: [],
                        updated: [
                            { ...ref("both"), protect: true, retainOnDelete: true, inputs: [], options: ["protect", "retainOnDelete"] },
                            { ...ref("unprotected"), inputs: ["data"], options: ["protect"] },
                            { ...ref("inputs-only"), inputs: ["data"], options: [] },
                        ],
                        deleted: [ref("old")],
                    },
                ],
            },
        });
        const lines = comment(plan).split("\n");
        const start = lines.indexOf("- `acme` in `s1`:");
        expect(lines.slice(start, start + 5)).toEqual([
            "- `acme` in `s1`:",
            "  - delete `kubernetes:core/v1:ConfigMap`: `old`",
            "  - `kubernetes:core/v1:ConfigMap` `both`: option `protect: false → true`, option `retainOnDelete: false → true`",
            "  - `kubernetes:core/v1:ConfigMap` `unprotected`: option `protect: true → false`",
            "",
        ]);
    });
});

describe("a stack's invalid input", () => {
    it("shows at most its first 4,000 characters", () => {
        const errors = Array.from({ length: 100 }, (_, i) => `tenants/t${String(i).padStart(3, "0")}.yaml: tier: must be one of community, starter, business, enterprise\n`).join("");
        const lines = renderComment(mergePlans([{ stack: "bad", status: 2, errors }])).split("\n");
        const start = lines.indexOf("```text");
        const end = lines.indexOf("```", start);
        expect(end - start - 1).toBe(50);
        expect(lines[start + 1]).toBe("tenants/t000.yaml: tier: must be one of community, starter, business, enterprise");
        expect(lines[end - 2]).toBe("tenants/t048.yaml: tier: must be one of community, starter, business, enterprise");
        expect(lines[end - 1]).toBe("tenants/t049.yaml: tier: must b");
    });
});

describe("a section cut at the limit", () => {
    it("adds a title that fills the budget to the last character", () => {
        // 839 leaves a budget of 518 characters: the stacks table ends at 484, and the next title needs exactly 34.
        const plan = doc({ violations: [{ policy: "p", enforcementLevel: "mandatory", urn: null, message: "m" }] });
        const lines = renderComment(mergePlans([{ stack: "s1", status: 1, plan }]), { limit: 839 }).split("\n");
        expect(lines.slice(11)).toEqual(["| `s1` | dev | ❌ 1 (mandatory violation) | 0 | 0 | 0 | 0 | 1 | 0 |", "", "### Mandatory policy violations", "", LEFT_OUT, ""]);
    });

    it("leaves a section out whole when its title does not fit, even if a line of it would", () => {
        // 830 leaves a budget of 509 characters: the stacks table ends at 484, the next title needs 34, its line 14.
        const plan = doc({ violations: [{ policy: "p", enforcementLevel: "mandatory", urn: null, message: "m" }] });
        expect(renderComment(mergePlans([{ stack: "s1", status: 1, plan }]), { limit: 830 }).split("\n")).toEqual([
            "<!-- stoa-tenancy-plan -->",
            "## stoa-tenancy: offline plan",
            "",
            "_Made by `npm run plan` under Pulumi's mock runtime: no servers, no credentials. Secrets show as `[secret]`._",
            "",
            "1 stack, exit 1 · 0 tenants · resources 0 to create, 0 to update, 0 to delete · **1 mandatory violation**",
            "",
            "### Stacks",
            "",
            "| Stack | Environment | Exit | Tenants | Create | Update | Delete | Mandatory | Warnings |",
            "|---|---|---|--:|--:|--:|--:|--:|--:|",
            "| `s1` | dev | ❌ 1 (mandatory violation) | 0 | 0 | 0 | 0 | 1 | 0 |",
            "",
            LEFT_OUT,
            "",
        ]);
    });

    it("closes a stack's invalid input block", () => {
        const text = renderComment(mergePlans([{ stack: "bad", status: 2, errors: `tenants/a.yaml: id: is taken\n${TOO_LONG}\n` }]), { limit: 2000 });
        const lines = text.split("\n");
        const start = lines.indexOf("#### `bad`: invalid input (exit 2)");
        expect(lines.slice(start, start + 5)).toEqual(["#### `bad`: invalid input (exit 2)", "", "```text", "tenants/a.yaml: id: is taken", "```"]);
        expect(text.endsWith(`\n${LEFT_OUT}\n`)).toBe(true);
    });

    it("says how many lines of warnings it left out", () => {
        const text = comment(
            doc({
                warnings: [
                    { kind: "base-invalid", tenant: null, message: "short" },
                    { kind: "retention-ended", tenant: "acme", message: TOO_LONG },
                ],
            }),
            2000,
        );
        const lines = text.split("\n");
        const start = lines.indexOf("### ⚠️ Warnings");
        expect(lines.slice(start, start + 6)).toEqual(["### ⚠️ Warnings", "", "- **base-invalid** (1):", "  - `s1`: short", "- **retention-ended** (1):", "_… 1 more lines of warnings._"]);
        expect(text.endsWith(`\n${LEFT_OUT}\n`)).toBe(true);
    });

    it("says how many mandatory violations it left out", () => {
        const text = comment(
            doc({
                violations: [
                    { policy: "p1", enforcementLevel: "mandatory", urn: null, message: "short" },
                    { policy: "p2", enforcementLevel: "mandatory", urn: null, message: TOO_LONG },
                    { policy: "p3", enforcementLevel: "mandatory", urn: null, message: TOO_LONG },
                ],
            }),
            2000,
        );
        const lines = text.split("\n");
        const start = lines.indexOf("### Mandatory policy violations");
        expect(lines.slice(start, start + 4)).toEqual(["### Mandatory policy violations", "", "- `s1` `p1`: short", "_… 2 more mandatory violations._"]);
        expect(text.endsWith(`\n${LEFT_OUT}\n`)).toBe(true);
    });

    it("says how many lines of unusual changes it left out", () => {
        const plan = doc({
            tenants: [{ id: "acme", tier: "starter", status: "active", resources: 0 }],
            changes: { base: "main", tenants: { added: [], removed: [], renamed: [], changed: [] }, resources: [{ tenant: "acme", created: [], updated: [], deleted: [ref(TOO_LONG)] }] },
        });
        const text = comment(plan, 2000);
        const lines = text.split("\n");
        const start = lines.indexOf("### Unusual changes (deletes, protection, retention)");
        expect(lines.slice(start, start + 4)).toEqual(["### Unusual changes (deletes, protection, retention)", "", "- `acme` in `s1`:", "_… 1 more lines of details._"]);
        expect(text.endsWith(`\n${LEFT_OUT}\n`)).toBe(true);
    });

    it("says how many tenant rows it left out", () => {
        const long = `t-${"y".repeat(2500)}`;
        const text = comment(
            doc({
                tenants: ["alpha", long].map((id) => ({ id, tier: "starter", status: "active", resources: 1 })),
                changes: {
                    base: null,
                    tenants: { added: ["alpha", long], removed: [], renamed: [], changed: [] },
                    resources: [{ tenant: "alpha", created: [ref("a-1")], updated: [], deleted: [] }],
                },
            }),
            2000,
        );
        const lines = text.split("\n");
        const start = lines.indexOf("|---|---|---|---|");
        expect(lines.slice(start, start + 3)).toEqual(["|---|---|---|---|", "| added | 1 / 0 / 0 | `s1` | 1: `alpha` |", "_… 1 more rows._"]);
        expect(text.endsWith(`\n${LEFT_OUT}\n`)).toBe(true);
    });
});

describe("the same change in two stacks, rendered inside the test", () => {
    it("shows rows and details once for every stack, names per row, at most 20 warnings of a kind and 8 names of a type, and the link", () => {
        const stack = (name: string): PlanDocument => ({
            ...doc({
                tenants: ["t1", "t2", "t3"].map((id) => ({ id, tier: "starter", status: "active", resources: 1 })),
                warnings: Array.from({ length: 11 }, (_, i) => ({ kind: "retention-ended" as const, tenant: `t${i}`, message: `ended ${i}` })),
                changes: {
                    base: null,
                    tenants: { added: ["t1", "t2", "t3"], removed: [], renamed: [], changed: [] },
                    resources: [
                        ...["t1", "t2", "t3"].map((t) => ({ tenant: t, created: [ref(`${t}-cm`)], updated: [], deleted: [] })),
                        { tenant: "t7", created: [], updated: [], deleted: [ref("one")] },
                        { tenant: "t8", created: [], updated: [], deleted: Array.from({ length: 8 }, (_, i) => ref(`eight-${i}`)) },
                        { tenant: "t9", created: [], updated: [], deleted: Array.from({ length: 10 }, (_, i) => ref(`old-${i}`)) },
                    ],
                },
            }),
            stack: name,
        });
        const text = renderComment(mergePlans([{ stack: "dev-a", status: 0, plan: stack("dev-a") }, { stack: "dev-b", status: 0, plan: stack("dev-b") }]), {
            detailsUrl: "https://ci.example/run/7",
            namesPerRow: 2,
        });
        const lines = text.split("\n");
        expect(lines).toContain("| added | 1 / 0 / 0 | every stack | 3: `t1`, `t2` +1 more |");
        const start = lines.indexOf("- **retention-ended** (22):");
        expect(lines.slice(start + 1, start + 3)).toEqual(["  - `dev-a` `t0`: ended 0", "  - `dev-a` `t1`: ended 1"]);
        expect(lines[start + 20]).toBe("  - `dev-b` `t8`: ended 8");
        expect(lines[start + 21]).toBe("  - _… 2 more retention-ended._");
        expect(lines).toContain("- `t7` in every stack:");
        expect(lines).toContain("  - delete `kubernetes:core/v1:ConfigMap`: `one`");
        expect(lines).toContain("  - delete `kubernetes:core/v1:ConfigMap` ×8: `eight-0`, `eight-1`, `eight-2`, `eight-3`, `eight-4`, `eight-5`, `eight-6`, `eight-7`");
        expect(lines).toContain("  - delete `kubernetes:core/v1:ConfigMap` ×10: `old-0`, `old-1`, `old-2`, `old-3`, `old-4`, `old-5`, `old-6`, `old-7` +2 more");
        expect(lines.filter((l) => l.startsWith("- `t9` in"))).toEqual(["- `t9` in every stack:"]);
        expect(text.endsWith("\n\n_Every resource of every stack: [the full plans](https://ci.example/run/7)._\n")).toBe(true);
    });
});
