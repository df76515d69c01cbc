/**
 * `runPlan --base` in process with a small program of its own: a base tenant file or stack file that
 * the current code refuses becomes a base-invalid warning, and a removed tenant is compared with the base.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { PlanDocument } from "../../scripts/plan/json";
import { FIXTURES, plan, removeTempDirs, tempProject } from "./helpers";

afterAll(removeTempDirs);

const git = (cwd: string, ...args: string[]) => execFileSync("git", ["-c", "user.name=Plan Test", "-c", "user.email=plan@example.test", "-c", "commit.gpgsign=false", ...args], { cwd, stdio: "pipe" });

describe("runPlan --base", () => {
    it("leaves out an invalid base file and an invalid base stack file, with a warning each, and compares the rest", async () => {
        const repo = tempProject("run-base");
        fs.mkdirSync(path.join(repo, "tenants"));
        for (const file of ["alpha.yaml", "bravo.yaml"]) fs.copyFileSync(path.join(FIXTURES, "tenants", file), path.join(repo, "tenants", file));
        fs.writeFileSync(path.join(repo, "tenants", "broken.yaml"), "id: broken\n");
        const stackFile = path.join(repo, "Pulumi.dev.yaml");
        const stack = fs.readFileSync(stackFile, "utf8");
        fs.writeFileSync(stackFile, stack.replace(/stoa-tenancy:environment: dev/, "stoa-tenancy:environment: qa"));
        git(repo, "init", "-q", "-b", "main");
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "base");
        fs.writeFileSync(stackFile, stack);
        fs.rmSync(path.join(repo, "tenants", "bravo.yaml"));
        fs.rmSync(path.join(repo, "tenants", "broken.yaml"));

        const result = await plan(["--stack", "dev", "--base", "main", "--out", "plan.json"], { cwd: repo, policies: [], program: () => ({}) });
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
        const doc = JSON.parse(fs.readFileSync(path.join(repo, "plan.json"), "utf8")) as PlanDocument;
        expect(doc.changes.base).toBe("main");
        expect(doc.changes.tenants.removed.map((t) => t.id)).toEqual(["bravo"]);
        expect(doc.changes.tenants.added).toEqual([]);
        const kinds = doc.warnings.map((w) => [w.kind, w.tenant]);
        expect(kinds).toEqual([
            ["base-invalid", null],
            ["base-invalid", null],
            ["removed-live-tenant", "bravo"],
            ["unretired-id", "bravo"],
        ]);
        expect(doc.warnings[0].message).toBe(
            'main:Pulumi.dev.yaml: stoa-tenancy:environment: must be one of "dev", "staging", "prod", got the text "qa" (line 5, column 29): invalid under the current code, so the base is planned with the current stack file.',
        );
        expect(doc.warnings[1].message).toMatch(/^main:tenants\/broken\.yaml: .*: invalid under the current code, so the comparison leaves those base files out \(they show as added if they still exist\)\.$/);
        expect(doc.warnings[2].message).toBe(
            'tenant "bravo" is removed but is suspended at main, not archived: its resources would be deleted. Archive it first (status: archived, archived_at) and remove the file once its retention period has ended.',
        );
        expect(result.stdout).toMatch(/\nPlan written to plan\.json\n$/);
    });
});
