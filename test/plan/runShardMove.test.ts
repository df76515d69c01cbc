/**
 * `runPlan --base` on a shard with a small program of its own: a tenant moved to another shard with
 * `moved_from` leaves the shard with a shard-move warning instead of removal warnings (a tenant removed
 * without a move keeps them), and a shard that changes without `moved_from` is refused.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, describe, expect, it } from "vitest";
import type { LoadedInput } from "../../components/model";
import type { PlanDocument } from "../../scripts/plan/json";
import { FIXTURES, PROJECT_DIR, plan, removeTempDirs, tempDir } from "./helpers";

afterAll(removeTempDirs);

const NOW = new Date("2026-12-01T00:00:00Z");
const DEV_STACK = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8");
const shardStack = (name: string) => `${DEV_STACK.trimEnd()}\n  stoa-tenancy:shard: ${name}\n  stoa-tenancy:platformStack: organization/stoa-tenancy/dev\n`;
const git = (cwd: string, ...args: string[]) => execFileSync("git", ["-c", "user.name=Plan Test", "-c", "user.email=plan@example.test", "-c", "commit.gpgsign=false", ...args], { cwd, stdio: "pipe" });

/** Each tenant of the input: its TenantIsolation with a protected ConfigMap inside. */
const program = (input: LoadedInput) => {
    for (const t of input.tenants) {
        const tenant = new pulumi.ComponentResource("stoa:tenancy:TenantIsolation", t.id);
        new k8s.core.v1.ConfigMap(`${t.id}-data`, { data: { tenant: t.id } }, { parent: tenant, protect: true });
    }
    return {};
};

/** Shards dev-a and dev-b with alpha and bravo in dev-a, committed as `main`; `shards` is the head's shards.yaml. */
function project(shards: string, removeBravo = false): string {
    const dir = tempDir("shard-move");
    fs.writeFileSync(path.join(dir, "Pulumi.dev-a.yaml"), shardStack("dev-a"));
    fs.writeFileSync(path.join(dir, "Pulumi.dev-b.yaml"), shardStack("dev-b"));
    fs.mkdirSync(path.join(dir, "tenants"));
    for (const file of ["alpha.yaml", "bravo.yaml"]) fs.copyFileSync(path.join(FIXTURES, "tenants", file), path.join(dir, "tenants", file));
    fs.writeFileSync(path.join(dir, "tenants", "shards.yaml"), "dev:\n  alpha: dev-a\n  bravo: dev-a\n");
    git(dir, "init", "-q", "-b", "main");
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "base");
    fs.writeFileSync(path.join(dir, "tenants", "shards.yaml"), shards);
    if (removeBravo) fs.rmSync(path.join(dir, "tenants", "bravo.yaml"));
    return dir;
}

describe("a tenant that changes shard", () => {
    it("leaves its old shard with a shard-move warning and no removal warnings; a tenant removed without a move keeps them", async () => {
        const dir = project("dev:\n  alpha: { shard: dev-b, moved_from: dev-a }\n", true);
        const result = await plan(["--stack", "dev-a", "--base", "main", "--out", "plan.json"], { cwd: dir, now: NOW, policies: [], program });
        expect(result.stderr).toBe("");
        const doc = JSON.parse(fs.readFileSync(path.join(dir, "plan.json"), "utf8")) as PlanDocument;
        expect(result.status).toBe(0);
        expect(doc.warnings.map((w) => [w.kind, w.tenant])).toEqual([
            ["shard-move", "alpha"],
            ["removed-live-tenant", "bravo"],
            ["unretired-id", "bravo"],
            ["protected-delete", "bravo"],
        ]);
        expect(doc.warnings[0].message).toBe(
            'tenant "alpha" moves from shard dev-a to dev-b: before deploying, move its resources with `pulumi state move --source <org>/<project>/dev-a --dest <org>/<project>/dev-b <its URNs>`, ' +
                "then deploy dev-b (it adopts them, no replacement) and dev-a (its removal guard lets the tenant go); remove moved_from afterwards (docs/shards.md).",
        );
        // alpha's resources still leave this shard's plan: moved by `pulumi state move`, not deleted.
        expect(doc.changes.tenants.removed.map((t) => t.id)).toEqual(["alpha", "bravo"]);
    });

    it("is refused without moved_from (exit 2, nothing written)", async () => {
        const dir = project("dev:\n  alpha: dev-b\n  bravo: dev-a\n");
        const result = await plan(["--stack", "dev-a", "--base", "main", "--out", "plan.json"], { cwd: dir, now: NOW, policies: [], program });
        expect(result.status).toBe(2);
        expect(result.stdout).toBe("");
        // The file is named by its path from the working directory, which this test does not set.
        expect(result.stderr).toMatch(
            /^\S*tenants\/shards\.yaml: dev\.alpha: tenant "alpha" moves from shard dev-a to dev-b without an explicit move: write \{ shard: dev-b, moved_from: dev-a \} and follow the move procedure \(docs\/shards\.md\), or keep its shard\n\nNo plan was written \(exit 2\)\.\n$/,
        );
        expect(fs.existsSync(path.join(dir, "plan.json"))).toBe(false);
    });
});
