/**
 * The terminal summary and the pull-request Markdown of a plan document, whole and literal: every
 * section, count, column and escape. One plan with a base and something of everything, one without.
 */
import { describe, expect, it } from "vitest";
import type { ResourceRef, ResourceUpdate } from "../../scripts/plan/diff";
import type { PlanDocument, PlanResource } from "../../scripts/plan/json";
import { renderMarkdown } from "../../scripts/plan/markdown";
import { renderSummary } from "../../scripts/plan/summary";

const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
const NAMESPACE = "kubernetes:core/v1:Namespace";
const urn = (type: string, name: string) => `urn:pulumi:prod-a::stoa-tenancy::${type}::${name}`;
const ref = (type: string, name: string, protect = false, retainOnDelete = false): ResourceRef => ({ urn: urn(type, name), type, name, protect, retainOnDelete });
const resource = (type: string, name: string, tenant: string | null): PlanResource => ({ ...ref(type, name), parent: null, tenant, inputs: {} });
const update: ResourceUpdate = { ...ref(CONFIG_MAP, "acme-limits"), inputs: ["data", "metadata"], options: ["protect"] };

const RICH: PlanDocument = {
    stack: "prod-a",
    environment: "prod",
    tenants: [
        { id: "globex", tier: "starter", status: "suspended", resources: 3 },
        { id: "acme", tier: "business", status: "active", resources: 12, gateways: ["stoa", "kong"] },
        { id: "zeta", tier: "community", status: "active", resources: 1, gateways: [] },
    ],
    resources: [resource(NAMESPACE, "tenant-acme", "acme"), resource(CONFIG_MAP, "platform-settings", null), resource(NAMESPACE, "stoa-system", null)],
    violations: [
        { policy: "tenant-quota", enforcementLevel: "mandatory", urn: urn(NAMESPACE, "tenant-acme"), message: "quota too high | see the tier table" },
        {
            policy: "ingress-hosts",
            enforcementLevel: "advisory",
            urn: "urn:pulumi:prod-a::stoa-tenancy::stoa:tenancy:TenantIsolation$kubernetes:networking.k8s.io/v1:Ingress::web",
            message: "host <b>x</b>\nnot allowed",
        },
        { policy: "stack-policy", enforcementLevel: "remediate", urn: null, message: "stack-wide" },
    ],
    verdicts: [
        { policy: "tenant-quota", description: "Quotas | tiers", enforcementLevel: "mandatory", verdict: "fail", violations: 1, notApplicable: 0 },
        { policy: "ingress-hosts", description: "Hosts", enforcementLevel: "advisory", verdict: "warn", violations: 1, notApplicable: 2 },
        { policy: "stack-policy", description: "Stack", enforcementLevel: "remediate", verdict: "pass", violations: 0, notApplicable: 0 },
        { policy: "old-policy", description: "Old", enforcementLevel: "disabled", verdict: "disabled", violations: 0, notApplicable: 0 },
    ],
    warnings: [
        { kind: "protected-delete", tenant: "initech", message: "deleting <protected> resources & data" },
        { kind: "base-invalid", tenant: null, message: "main:tenants/x.yaml: (file): bad" },
    ],
    changes: {
        base: "origin/main",
        tenants: {
            added: ["zeta"],
            removed: [{ id: "initech", tier: "enterprise", status: "archived", resources: 5 }],
            renamed: [{ from: "old-zeta", to: "zeta", reason: "same name and created_at" }],
            changed: [{ id: "globex", fields: [{ field: "status", from: "active", to: "suspended" }, { field: "settings.notifications.webhook_url" }, { field: "tier", to: "starter" }] }],
        },
        resources: [
            { tenant: "acme", created: [ref(CONFIG_MAP, "acme-a1"), ref(CONFIG_MAP, "acme-a2"), ref("kubernetes:core/v1:Secret", "acme-s1")], updated: [update], deleted: [] },
            {
                tenant: "initech",
                created: [],
                updated: [],
                deleted: [ref(NAMESPACE, "tenant-initech", true, true), ref(CONFIG_MAP, "initech-`1`"), ref(CONFIG_MAP, "initech-2", false, true)],
            },
            { tenant: null, created: [ref(CONFIG_MAP, "platform-settings")], updated: [], deleted: [] },
        ],
    },
};

const PLAIN: PlanDocument = {
    stack: "dev",
    environment: "dev",
    tenants: [{ id: "alpha", tier: "community", status: "active", resources: 5, gateways: ["stoa"] }],
    resources: [],
    violations: [],
    verdicts: [{ policy: "tenant-quota", description: "Quotas", enforcementLevel: "mandatory", verdict: "pass", violations: 0, notApplicable: 0 }],
    warnings: [],
    changes: { base: null, tenants: { added: ["alpha"], removed: [], renamed: [], changed: [] }, resources: [] },
};

describe("renderSummary", () => {
    it("prints a plan with a base: counts, warnings, tenants, changes, verdicts, violations and the exit line", () => {
        expect(renderSummary(RICH).split("\n")).toEqual([
            "Offline plan for stack prod-a (environment prod): 3 tenants, 3 resources",
            "Compared with origin/main: tenants 1 added, 1 removed, 1 changed, 1 renamed; resources 4 to create, 1 to update, 3 to delete",
            "",
            "WARNINGS (2)",
            "  ! protected-delete: deleting <protected> resources & data",
            "  ! base-invalid: main:tenants/x.yaml: (file): bad",
            "",
            "TENANTS",
            "  tenant      tier        status     change     resources  create  update  delete  gateways",
            "  acme        business    active     unchanged  12         3       1       0       stoa, kong",
            "  globex      starter     suspended  changed    3          0       0       0",
            "  initech     enterprise  archived   removed    0          0       0       3",
            "  zeta        community   active     added      1          0       0       0",
            `  (platform)${" ".repeat(36)}2          1       0       0`,
            "",
            "CHANGES",
            "  acme",
            "    ~ update kubernetes:core/v1:ConfigMap acme-limits: data, metadata, option protect: true → false",
            "    + create kubernetes:core/v1:ConfigMap ×2: acme-a1, acme-a2",
            "    + create kubernetes:core/v1:Secret: acme-s1",
            "  initech",
            "    - delete kubernetes:core/v1:Namespace: tenant-initech (PROTECTED) (retained)",
            "    - delete kubernetes:core/v1:ConfigMap ×2: initech-`1`, initech-2 (retained)",
            "  (platform)",
            "    + create kubernetes:core/v1:ConfigMap: platform-settings",
            "",
            "POLICY VERDICTS: 4 policies: 1 pass, 1 fail, 1 warn, 1 disabled",
            "  policy         level      verdict   violations  not applicable",
            "  tenant-quota   mandatory  fail      1           0",
            "  ingress-hosts  advisory   warn      1           2",
            "  stack-policy   remediate  pass      0           0",
            "  old-policy     disabled   disabled  0           0",
            "",
            "POLICY VIOLATIONS: 1 mandatory, 1 advisory, 1 remediate",
            "  [mandatory] tenant-quota: acme kubernetes:core/v1:Namespace tenant-acme",
            "      quota too high | see the tier table",
            "  [advisory] ingress-hosts: kubernetes:networking.k8s.io/v1:Ingress web",
            "      host <b>x</b>",
            "not allowed",
            "  [remediate] stack-policy: (stack)",
            "      stack-wide",
            "",
            "FAILED: 1 mandatory violation (exit 1)",
            "",
        ]);
    });

    it("prints a plan without a base and without violations", () => {
        expect(renderSummary(PLAIN).split("\n")).toEqual([
            "Offline plan for stack dev (environment dev): 1 tenant, 0 resources",
            "No --base: everything is to be created.",
            "",
            "TENANTS",
            "  tenant      tier       status  change  resources  create  update  delete  gateways",
            "  alpha       community  active  added   5          0       0       0       stoa",
            `  (platform)${" ".repeat(29)}0          0       0       0`,
            "",
            "POLICY VERDICTS: 1 policy: 1 pass",
            "  policy        level      verdict  violations  not applicable",
            "  tenant-quota  mandatory  pass     0           0",
            "",
            "POLICY VIOLATIONS: 0 mandatory, 0 advisory",
            "",
            "OK: no mandatory violation (exit 0)",
            "",
        ]);
    });

    it("counts two mandatory violations in the plural and shows no CHANGES section when nothing changes", () => {
        const plan: PlanDocument = {
            ...PLAIN,
            violations: [
                { policy: "a", enforcementLevel: "mandatory", urn: null, message: "one" },
                { policy: "b", enforcementLevel: "mandatory", urn: null, message: "two" },
            ],
            changes: { ...PLAIN.changes, base: "main", resources: [] },
        };
        const text = renderSummary(plan);
        expect(text).toContain("\nCompared with main: tenants 1 added, 0 removed, 0 changed; resources 0 to create, 0 to update, 0 to delete\n");
        expect(text).not.toContain("CHANGES");
        expect(text.endsWith("\nFAILED: 2 mandatory violations (exit 1)\n")).toBe(true);
    });
});

describe("renderMarkdown", () => {
    it("writes a plan with a base: headline, escaped warnings and violations, open verdicts, tenants and changes", () => {
        expect(renderMarkdown(RICH).split("\n")).toEqual([
            "<!-- stoa-tenancy-plan:prod-a -->",
            "### Offline plan: stack `prod-a` (environment prod)",
            "",
            "Compared with `origin/main`: tenants 1 added, 1 removed, 1 changed, 1 renamed · resources 4 to create, 1 to update, 3 to delete · **1 mandatory violation** · 1 advisory violation · **2 warnings**",
            "",
            "#### ⚠️ Warnings",
            "",
            "- **protected-delete** (`initech`): deleting &lt;protected&gt; resources &amp; data",
            "- **base-invalid**: main:tenants/x.yaml: (file): bad",
            "",
            "#### Policy violations",
            "",
            "| Level | Policy | Resource | Message |",
            "|---|---|---|---|",
            "| **mandatory** | `tenant-quota` | `acme` `kubernetes:core/v1:Namespace` `tenant-acme` | quota too high \\| see the tier table |",
            "| advisory | `ingress-hosts` | `kubernetes:networking.k8s.io/v1:Ingress` `web` | host &lt;b&gt;x&lt;/b&gt; not allowed |",
            "| remediate | `stack-policy` | (stack) | stack-wide |",
            "",
            "#### Policy verdicts",
            "",
            "<details open><summary>4 policies: 1 pass, 1 fail, 1 warn, 1 disabled</summary>",
            "",
            "| Policy | Level | Verdict | Violations | Not applicable | Checks |",
            "|---|---|---|--:|--:|---|",
            "| `tenant-quota` | mandatory | ❌ **fail** | 1 | 0 | Quotas \\| tiers |",
            "| `ingress-hosts` | advisory | ⚠️ warn | 1 | 2 | Hosts |",
            "| `stack-policy` | remediate | ✅ pass | 0 | 0 | Stack |",
            "| `old-policy` | disabled | ➖ disabled | 0 | 0 | Old |",
            "",
            "</details>",
            "",
            "#### Tenants",
            "",
            "| Tenant | Tier | Status | Change | Create | Update | Delete | Gateways |",
            "|---|---|---|---|--:|--:|--:|---|",
            "| `acme` | business | active | unchanged | 3 | 1 | 0 | `stoa`, `kong` |",
            "| `globex` | starter | suspended | changed: `status` active → suspended, `settings.notifications.webhook_url`, `tier` ∅ → starter | 0 | 0 | 0 |  |",
            "| `initech` | enterprise | archived | removed | 0 | 0 | 3 |  |",
            "| `zeta` | community | active | added | 0 | 0 | 0 |  |",
            "| (platform) | | | | 1 | 0 | 0 | |",
            "",
            "#### Changes per tenant",
            "",
            "<details><summary><code>acme</code>: 3 to create, 1 to update, 0 to delete</summary>",
            "",
            "**Update**",
            "",
            "- `kubernetes:core/v1:ConfigMap` `acme-limits`: `data`, `metadata`, option `protect: true → false`",
            "",
            "**Create**",
            "",
            "- `kubernetes:core/v1:ConfigMap` ×2: `acme-a1`, `acme-a2`",
            "- `kubernetes:core/v1:Secret`: `acme-s1`",
            "",
            "</details>",
            "",
            "<details><summary><code>initech</code>: 0 to create, 0 to update, 3 to delete</summary>",
            "",
            "**Delete**",
            "",
            "- `kubernetes:core/v1:Namespace`: `tenant-initech` **(protected)** (retained)",
            "- `kubernetes:core/v1:ConfigMap` ×2: `initech-'1'`, `initech-2` (retained)",
            "",
            "</details>",
            "",
            "<details><summary>(platform): 1 to create, 0 to update, 0 to delete</summary>",
            "",
            "**Create**",
            "",
            "- `kubernetes:core/v1:ConfigMap`: `platform-settings`",
            "",
            "</details>",
            "",
        ]);
    });

    it("writes a plan without a base: folded verdicts when all pass, no warnings, no violations, no changes", () => {
        expect(renderMarkdown(PLAIN).split("\n")).toEqual([
            "<!-- stoa-tenancy-plan:dev -->",
            "### Offline plan: stack `dev` (environment dev)",
            "",
            "No base to compare with: everything is created (1 tenant) · resources 0 to create, 0 to update, 0 to delete · no mandatory violation",
            "",
            "#### Policy violations",
            "",
            "None.",
            "",
            "#### Policy verdicts",
            "",
            "<details><summary>1 policy: 1 pass</summary>",
            "",
            "| Policy | Level | Verdict | Violations | Not applicable | Checks |",
            "|---|---|---|--:|--:|---|",
            "| `tenant-quota` | mandatory | ✅ pass | 0 | 0 | Quotas |",
            "",
            "</details>",
            "",
            "#### Tenants",
            "",
            "| Tenant | Tier | Status | Change | Create | Update | Delete | Gateways |",
            "|---|---|---|---|--:|--:|--:|---|",
            "| `alpha` | community | active | added | 0 | 0 | 0 | `stoa` |",
            "| (platform) | | | | 0 | 0 | 0 | |",
            "",
            "#### Changes per tenant",
            "",
            "No resource changes.",
            "",
        ]);
    });

    it("counts advisory violations and warnings in the plural, and one of each in the singular", () => {
        const advisory = (policy: string) => ({ policy, enforcementLevel: "advisory" as const, urn: null, message: "m" });
        const warning = { kind: "retention-ended" as const, tenant: "alpha", message: "m" };
        const two = renderMarkdown({ ...PLAIN, violations: [advisory("a"), advisory("b")], warnings: [warning, warning] }).split("\n")[3];
        expect(two).toBe("No base to compare with: everything is created (1 tenant) · resources 0 to create, 0 to update, 0 to delete · no mandatory violation · 2 advisory violations · **2 warnings**");
        const one = renderMarkdown({ ...PLAIN, violations: [advisory("a")], warnings: [warning] }).split("\n")[3];
        expect(one).toBe("No base to compare with: everything is created (1 tenant) · resources 0 to create, 0 to update, 0 to delete · no mandatory violation · 1 advisory violation · **1 warning**");
    });
});
