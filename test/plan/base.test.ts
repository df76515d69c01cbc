/**
 * `--base <rev>` on a temporary git repository: one commit with the base tenants, then a working
 * tree that adds a tenant, removes a live one, renames one (same file, new id), changes one and
 * re-activates an archived one. The plan must report each, with the warnings of the issue.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlanDocument } from "../../scripts/plan/json";
import { plan, tempProject, type PlanResult, removeTempDirs } from "./helpers";

afterAll(removeTempDirs);

const tenant = (id: string, body: string) => `id: ${id}\n${body.trim()}\n`;

const ALPHA_BASE = tenant(
    "alpha",
    `
name: Alpha Logistics
status: active
tier: business
created_at: 2025-02-01T09:00:00Z
settings:
  resources:
    cpu: "8"
  notifications:
    webhook_url: https://hooks.alpha.example/old-token-5f1c
`,
);
// A new cpu request, and a new webhook URL: a secret, so the plan may say it changes but never show it.
const ALPHA_HEAD = ALPHA_BASE.replace('cpu: "8"', 'cpu: "10"').replace("old-token-5f1c", "new-token-9e7a");
const BRAVO = tenant("bravo", "name: Bravo Media\nstatus: suspended\ntier: starter\ncreated_at: 2025-04-10T12:30:00Z");
const GOLF_BODY = "name: Golf Games\nstatus: active\ntier: community\ncreated_at: 2025-03-03T03:00:00Z";
const INDIA_BASE = tenant("india", "name: India Travel\nstatus: archived\ntier: starter\ncreated_at: 2024-01-01T00:00:00Z\narchived_at: 2025-01-01T00:00:00Z");
const INDIA_HEAD = tenant("india", "name: India Travel\nstatus: active\ntier: starter\ncreated_at: 2024-01-01T00:00:00Z");
const JULIET = tenant("juliet", "name: Juliet Health\nstatus: active\ntier: community\ncreated_at: 2026-01-15T09:00:00Z");

function git(cwd: string, ...args: string[]) {
    execFileSync("git", ["-c", "user.name=Plan Test", "-c", "user.email=plan@example.test", "-c", "commit.gpgsign=false", ...args], { cwd, stdio: "pipe" });
}

function write(dir: string, files: Record<string, string>) {
    fs.rmSync(path.join(dir, "tenants"), { recursive: true, force: true });
    fs.mkdirSync(path.join(dir, "tenants"));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, "tenants", name), text);
}

describe("plan --base on a git repository", () => {
    let repo: string;
    let result: PlanResult;
    let doc: PlanDocument;
    let markdown: string;

    beforeAll(async () => {
        repo = tempProject("base");
        write(repo, { "alpha.yaml": ALPHA_BASE, "bravo.yaml": BRAVO, "golf.yaml": tenant("golf", GOLF_BODY), "india.yaml": INDIA_BASE });
        git(repo, "init", "-q", "-b", "main");
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "base tenants");
        // The pull request: uncommitted changes are fine, the plan reads the working tree.
        write(repo, { "alpha.yaml": ALPHA_HEAD, "hotel.yaml": tenant("hotel", GOLF_BODY), "india.yaml": INDIA_HEAD, "juliet.yaml": JULIET });
        result = await plan(["--stack", "dev", "--base", "main", "--out", "plan.json", "--markdown", "plan.md"], { cwd: repo });
        doc = JSON.parse(fs.readFileSync(path.join(repo, "plan.json"), "utf8")) as PlanDocument;
        markdown = fs.readFileSync(path.join(repo, "plan.md"), "utf8");
    });

    it("exits on the policies alone (warnings do not fail the plan)", () => {
        expect(result.stderr).toBe("");
        // The head's tenants are valid and the pack's defaults hold for them: no mandatory violation, exit 0.
        expect(doc.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
        expect(result.status).toBe(0);
        expect(result.stdout).toContain("Compared with main: tenants 2 added, 2 removed, 2 changed, 1 renamed");
    });

    it("reports the added, removed, renamed and changed tenants", () => {
        const { added, removed, renamed, changed } = doc.changes.tenants;
        expect(doc.changes.base).toBe("main");
        expect(added).toEqual(["hotel", "juliet"]);
        expect(removed.map((t) => [t.id, t.status])).toEqual([
            ["bravo", "suspended"],
            ["golf", "active"],
        ]);
        expect(renamed).toEqual([{ from: "golf", to: "hotel", reason: "same file content apart from the id" }]);
        expect(changed).toEqual([
            { id: "alpha", fields: [{ field: "settings.notifications.webhook_url" }, { field: "settings.resources.cpu" }] },
            { id: "india", fields: [{ field: "archived_at" }, { field: "status", from: "archived", to: "active" }] },
        ]);
    });

    it("reports resources created, updated and deleted per tenant, matched by URN", () => {
        const group = (id: string) => doc.changes.resources.find((g) => g.tenant === id);
        const hotel = doc.resources.filter((r) => r.tenant === "hotel");
        expect(group("hotel")?.created.map((r) => r.urn)).toEqual(hotel.map((r) => r.urn));
        expect(group("juliet")?.created.length).toBe(doc.tenants.find((t) => t.id === "juliet")?.resources);
        expect(group("bravo")?.created).toEqual([]);
        expect(group("bravo")?.deleted.length).toBeGreaterThan(1);
        expect(group("bravo")?.deleted.every((r) => r.urn.includes("::bravo"))).toBe(true);
        expect(group("golf")?.deleted.some((r) => r.protect)).toBe(true);
        // A new cpu request changes the namespace quota, and nothing is deleted or created for alpha.
        expect(group("alpha")?.created).toEqual([]);
        expect(group("alpha")?.deleted).toEqual([]);
        expect(group("alpha")?.updated).toContainEqual(expect.objectContaining({ type: "kubernetes:core/v1:ResourceQuota", inputs: ["spec"] }));
        // The new webhook URL (a secret) updates the contact point; unchanged secrets update nothing.
        expect(group("alpha")?.updated).toContainEqual(expect.objectContaining({ type: "grafana:alerting/contactPoint:ContactPoint", inputs: ["webhooks"] }));
        expect(group("alpha")?.updated.map((r) => r.type).sort()).toEqual(["grafana:alerting/contactPoint:ContactPoint", "kubernetes:core/v1:ResourceQuota"]);
        // Re-activation protects the tenant's data again.
        expect(group("india")?.updated.some((r) => r.options.includes("protect"))).toBe(true);
    });

    it("never shows either webhook URL, in the JSON, the Markdown or the terminal", () => {
        for (const text of [JSON.stringify(doc), markdown, result.stdout, result.stderr]) {
            expect(text).not.toContain("token-5f1c");
            expect(text).not.toContain("token-9e7a");
        }
    });

    it("warns about the rename, the removed live tenant, the protected deletes and the re-activation", () => {
        const kinds = doc.warnings.map((w) => `${w.kind}:${w.tenant}`).sort();
        expect(kinds).toEqual([
            "id-rename:hotel",
            "protected-delete:bravo",
            "protected-delete:golf",
            "reactivated-tenant:india",
            "removed-live-tenant:bravo",
            "unretired-id:bravo",
            "unretired-id:golf",
        ]);
        expect(doc.warnings.find((w) => w.kind === "id-rename")?.message).toContain('tenant "golf" looks renamed to "hotel"');
        expect(doc.warnings.find((w) => w.kind === "removed-live-tenant")?.message).toContain('tenant "bravo" is removed but is suspended at main');
    });

    it("puts the warnings first in the Markdown, then the violations and every tenant", () => {
        const warnings = markdown.indexOf("#### ⚠️ Warnings");
        expect(warnings).toBeGreaterThan(0);
        expect(warnings).toBeLessThan(markdown.indexOf("#### Policy violations"));
        expect(markdown).toContain("Compared with `main`: tenants 2 added, 2 removed, 2 changed, 1 renamed");
        expect(markdown).toContain("- **id-rename** (`hotel`): tenant \"golf\" looks renamed");
        expect(markdown).toMatch(/\| `bravo` \| starter \| suspended \| removed \| 0 \| 0 \| \d+ \|/);
        expect(markdown).toContain("| `india` | starter | active | changed: `archived_at`, `status` archived → active |");
        expect(markdown).toMatch(/<details><summary><code>alpha<\/code>: 0 to create, [1-9]\d* to update, 0 to delete<\/summary>/);
        expect(markdown).toMatch(/- `kubernetes:core\/v1:ResourceQuota` `alpha\/[\w-]+`: `spec`/);
    });

    it("rejects an unknown base revision (exit 2)", async () => {
        const bad = await plan(["--stack", "dev", "--base", "no-such-branch"], { cwd: repo });
        expect(bad.status).toBe(2);
        expect(bad.stderr).toMatch(/^\(command line\): --base: unknown git revision "no-such-branch"/);
    });
});

describe("plan --base when the base has a file the current code rejects", () => {
    it("plans anyway, leaves the file out and says so (exit 0)", async () => {
        const repo = tempProject("base-invalid");
        write(repo, { "alpha.yaml": ALPHA_BASE, "kilo.yaml": tenant("kilo", "name: Kilo\nstatus: dormant\ntier: starter\ncreated_at: 2025-01-01T00:00:00Z") });
        git(repo, "init", "-q", "-b", "main");
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "base with a bad file");
        write(repo, { "alpha.yaml": ALPHA_BASE });
        const result = await plan(["--stack", "dev", "--base", "main", "--out", "plan.json"], { cwd: repo });
        expect(result.stderr).toBe("");
        const doc = JSON.parse(fs.readFileSync(path.join(repo, "plan.json"), "utf8")) as PlanDocument;
        expect(doc.warnings).toEqual([expect.objectContaining({ kind: "base-invalid", tenant: null })]);
        expect(doc.warnings[0].message).toMatch(/^main:tenants\/kilo\.yaml: status: must be one of/);
        expect(doc.changes.tenants).toEqual({ added: [], removed: [], renamed: [], changed: [] });
        expect(doc.changes.resources).toEqual([]);
    });
});

describe("plan --base and tenants/retired.yaml", () => {
    const RETIRED_INDIA = "retired:\n  - id: india\n    retired_at: 2026-10-01T00:00:00Z\n    reason: contract ended; data retained until 2027-10-01\n";
    let repo: string;

    beforeAll(() => {
        repo = tempProject("retired");
        write(repo, { "alpha.yaml": ALPHA_BASE, "india.yaml": INDIA_BASE });
        git(repo, "init", "-q", "-b", "main");
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "base tenants");
    });

    const planDoc = async () => {
        const result = await plan(["--stack", "dev", "--base", "main", "--out", "plan.json"], { cwd: repo });
        expect(result.stderr).toBe("");
        return JSON.parse(fs.readFileSync(path.join(repo, "plan.json"), "utf8")) as PlanDocument;
    };

    it("warns loudly when an archived tenant is removed without retiring its id", async () => {
        write(repo, { "alpha.yaml": ALPHA_BASE });
        const doc = await planDoc();
        expect(doc.changes.tenants.removed.map((t) => t.id)).toEqual(["india"]);
        expect(doc.warnings.map((w) => `${w.kind}:${w.tenant}`)).toEqual(["unretired-id:india"]);
        expect(doc.warnings[0].message).toContain('"india" is not in tenants/retired.yaml');
    });

    it("does not warn when the same change adds the id to tenants/retired.yaml", async () => {
        write(repo, { "alpha.yaml": ALPHA_BASE, "retired.yaml": RETIRED_INDIA });
        const doc = await planDoc();
        expect(doc.changes.tenants.removed.map((t) => t.id)).toEqual(["india"]);
        expect(doc.warnings).toEqual([]);
    });

    it("refuses a tenant file whose id is retired (exit 2, nothing written)", async () => {
        write(repo, { "alpha.yaml": ALPHA_BASE, "retired.yaml": RETIRED_INDIA, "india.yaml": INDIA_HEAD });
        const result = await plan(["--stack", "dev", "--base", "main", "--out", "again.json"], { cwd: repo });
        expect(result.status).toBe(2);
        expect(result.stderr).toMatch(/tenants\/india\.yaml: id: "india" is a retired id \([^(]*tenants\/retired\.yaml, retired\[0\]: retired 2026-10-01T00:00:00Z/);
        expect(fs.existsSync(path.join(repo, "again.json"))).toBe(false);
    });
});
