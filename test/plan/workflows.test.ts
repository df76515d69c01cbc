/**
 * The GitHub Actions workflows that run the plan (docs/ci.md), read as data: valid structure for
 * GitHub (triggers, `needs`, no secret in a job's `if:`), the fork case skipped rather than failed,
 * the comment posted with a token allowed to, and production behind its approval environment.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { PROJECT_DIR } from "./helpers";

const WORKFLOWS = path.join(PROJECT_DIR, ".github/workflows");

interface Step {
    id?: string;
    name?: string;
    if?: string;
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
}

interface Job {
    name?: string;
    needs?: string | string[];
    if?: string;
    uses?: string;
    with?: Record<string, unknown>;
    secrets?: unknown;
    environment?: string | { name: string };
    permissions?: Record<string, string>;
    outputs?: Record<string, string>;
    steps?: Step[];
}

interface Workflow {
    name?: string;
    on: Record<string, { branches?: string[]; inputs?: Record<string, { required?: boolean; type?: string }> } | null>;
    permissions?: Record<string, string>;
    jobs: Record<string, Job>;
}

function read(file: string): Workflow {
    // YAML 1.2: `on` is a key, not the boolean of YAML 1.1.
    return parseYaml(fs.readFileSync(path.join(WORKFLOWS, file), "utf8")) as Workflow;
}

const files = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
const needsOf = (job: Job) => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);

describe.each(files)("%s", (file) => {
    const workflow = read(file);

    it("has a name, a trigger and jobs that run somewhere", () => {
        expect(workflow.name).toBeTruthy();
        expect(Object.keys(workflow.on ?? {}).length).toBeGreaterThan(0);
        for (const [id, job] of Object.entries(workflow.jobs)) {
            expect(id).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);
            // A job either runs steps on a runner or calls a reusable workflow.
            expect(Boolean(job.uses) !== Boolean(job.steps), id).toBe(true);
            if (job.steps) expect((job as { "runs-on"?: string })["runs-on"], id).toBeTruthy();
        }
    });

    it("needs only jobs of the same workflow, without a cycle", () => {
        const jobs = workflow.jobs;
        for (const [id, job] of Object.entries(jobs)) for (const need of needsOf(job)) expect(Object.keys(jobs), `${id} needs ${need}`).toContain(need);
        const visit = (id: string, depth = 0): void => {
            expect(depth, `cycle through ${id}`).toBeLessThan(Object.keys(jobs).length + 1);
            for (const need of needsOf(jobs[id])) visit(need, depth + 1);
        };
        for (const id of Object.keys(jobs)) visit(id);
    });

    it("never reads a secret in a job's if: (GitHub rejects the workflow)", () => {
        for (const [id, job] of Object.entries(workflow.jobs)) expect(job.if ?? "", id).not.toMatch(/\bsecrets\./);
    });

    it("reads in if: only outputs that the jobs it needs declare", () => {
        for (const [id, job] of Object.entries(workflow.jobs)) {
            for (const match of (job.if ?? "").matchAll(/needs\.([\w-]+)\.outputs\.([\w-]+)/g)) {
                expect(needsOf(job), `${id} reads ${match[0]}`).toContain(match[1]);
                expect(Object.keys(workflow.jobs[match[1]].outputs ?? {}), `${id} reads ${match[0]}`).toContain(match[2]);
            }
        }
    });

    it("calls reusable workflows that exist, with the inputs they declare", () => {
        for (const [id, job] of Object.entries(workflow.jobs)) {
            if (!job.uses?.startsWith("./")) continue;
            const called = read(path.relative(WORKFLOWS, path.join(PROJECT_DIR, job.uses)));
            const inputs = called.on.workflow_call?.inputs ?? {};
            for (const key of Object.keys(job.with ?? {})) expect(Object.keys(inputs), `${id}.with.${key}`).toContain(key);
            for (const [key, input] of Object.entries(inputs)) if (input.required) expect(Object.keys(job.with ?? {}), `${id} must pass ${key}`).toContain(key);
        }
    });
});

interface MatrixJob extends Job {
    strategy?: { matrix?: { include?: unknown; stack?: unknown }; "fail-fast"?: boolean };
}

describe("tenants.yml (pull requests)", () => {
    const workflow = read("tenants.yml");
    const jobs = workflow.jobs as Record<string, MatrixJob>;
    const stepIn = (job: Job, pattern: RegExp) => job.steps!.find((s) => pattern.test(s.name ?? "") || pattern.test(s.run ?? ""));

    it("runs on pull requests and picks the stacks to plan against the base branch", () => {
        expect(Object.keys(workflow.on)).toContain("pull_request");
        const pick = jobs.stacks.steps!.find((s) => s.id === "pick")!;
        expect(pick.run).toBe('npm run --silent plan:stacks -- --base "$BASE" | tee -a "$GITHUB_OUTPUT"');
        expect(pick.env?.BASE).toBe("origin/${{ github.base_ref }}");
        expect(jobs.stacks.outputs?.stacks).toBe("${{ steps.pick.outputs.stacks }}");
        expect(jobs.stacks.steps!.find((s) => s.uses?.startsWith("actions/checkout@"))?.with?.["fetch-depth"]).toBe(0);
    });

    it("plans one stack per matrix job, against the base, with its environment's policy configuration, and keeps its exit status", () => {
        const plan = jobs.plan;
        expect(needsOf(plan)).toEqual(["stacks"]);
        expect(plan.strategy?.matrix?.include).toBe("${{ fromJSON(needs.stacks.outputs.stacks) }}");
        expect(plan.strategy?.["fail-fast"]).toBe(false);
        const run = stepIn(plan, /offline plan/i)!;
        expect(run.run).toMatch(/npm run --silent plan -- --stack "\$STACK" --base "\$BASE" --policy-config "policy-pack\/config\.\$ENVIRONMENT\.json"/);
        expect(run.run).toContain('echo $? > "plans/$STACK.status"');
        expect(run.env).toEqual(expect.objectContaining({ STACK: "${{ matrix.stack }}", ENVIRONMENT: "${{ matrix.environment }}" }));
        expect(plan.steps!.find((s) => s.uses?.startsWith("actions/upload-artifact@"))?.with?.name).toBe("plan-${{ matrix.stack }}");
        expect(plan.steps!.find((s) => s.uses?.startsWith("actions/checkout@"))?.with?.["fetch-depth"]).toBe(0);
    });

    it("merges every stack's plan into one comment, after failed plans too, and fails on the worst status", () => {
        const comment = jobs.comment;
        expect(needsOf(comment)).toEqual(["stacks", "plan"]);
        expect(comment.if).toContain("always()");
        const download = comment.steps!.find((s) => s.uses?.startsWith("actions/download-artifact@"))!;
        expect(download.with).toEqual({ pattern: "plan-*", "merge-multiple": true, path: "plans" });
        const merge = comment.steps!.find((s) => s.id === "merge")!;
        expect(merge.run).toContain("npm run --silent plan:comment -- --dir plans --out plans/comment.md");
        expect(merge.run).toContain("$GITHUB_STEP_SUMMARY");
        const fail = stepIn(comment, /fail on mandatory/i)!;
        expect(fail.if).toBe("steps.merge.outputs.status != '0'");
    });

    it("posts the comment with a token allowed to, and skips it for a fork", () => {
        expect(jobs.comment.permissions?.["pull-requests"]).toBe("write");
        const post = stepIn(jobs.comment, /post or update the plan comment/i)!;
        expect(post.uses).toMatch(/^actions\/github-script@/);
        expect(post.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
        // Only the job that comments may write to pull requests.
        for (const [id, job] of Object.entries(jobs)) if (id !== "comment") expect(job.permissions?.["pull-requests"], id).toBeUndefined();
    });

    it("runs pulumi preview with the pack only where the Pulumi token exists, on the stacks picked", () => {
        const { credentials, preview } = jobs;
        expect(credentials.steps!.some((s) => s.env?.PULUMI_ACCESS_TOKEN === "${{ secrets.PULUMI_ACCESS_TOKEN }}")).toBe(true);
        expect(needsOf(preview)).toEqual(["credentials", "stacks"]);
        expect(preview.if).toContain("needs.credentials.outputs.pulumi == 'true'");
        expect(preview.strategy?.matrix?.include).toBe("${{ fromJSON(needs.stacks.outputs.stacks) }}");
        const pulumi = preview.steps!.find((s) => s.uses?.startsWith("pulumi/actions@"));
        expect(pulumi?.with).toEqual(
            expect.objectContaining({ command: "preview", policyPacks: "./policy-pack", policyPackConfigs: "./policy-pack/config.${{ matrix.environment }}.json" }),
        );
    });
});

describe("deploy.yml and pulumi-up.yml (main)", () => {
    const deploy = read("deploy.yml");
    const up = read("pulumi-up.yml");
    const upJobs = up.jobs as Record<string, MatrixJob>;

    it("deploys dev, then staging, then prod, from main only", () => {
        expect(deploy.on.push?.branches).toEqual(["main"]);
        expect(needsOf(deploy.jobs.dev)).toEqual(["credentials"]);
        expect(needsOf(deploy.jobs.staging)).toEqual(["dev"]);
        expect(needsOf(deploy.jobs.prod)).toEqual(["staging"]);
        // A manual run (workflow_dispatch) can start from any branch: the first job refuses all but main,
        // and every later job needs it, so the chain is skipped.
        expect(deploy.jobs.credentials.if).toBe("github.ref == 'refs/heads/main'");
        expect(deploy.jobs.dev.if).toBe("needs.credentials.outputs.pulumi == 'true'");
    });

    it("deploys an environment's platform stack first, then every shard as a matrix", () => {
        expect(upJobs.stacks.steps!.find((s) => s.id === "list")?.run).toBe('npm run --silent plan:stacks -- --environment "$ENVIRONMENT" | tee -a "$GITHUB_OUTPUT"');
        expect(upJobs.platform.strategy?.matrix?.stack).toBe("${{ fromJSON(needs.stacks.outputs.platform) }}");
        expect(upJobs.up.strategy?.matrix?.stack).toBe("${{ fromJSON(needs.stacks.outputs.shards) }}");
        expect(needsOf(upJobs.up)).toEqual(["stacks", "platform"]);
        // An unsharded environment's one stack is in `platform`; a failed platform stack stops the shards.
        expect(upJobs.up.if).toContain("(needs.platform.result == 'success' || needs.platform.result == 'skipped')");
    });

    it("puts production behind its approval environment, and every stack through the plan gate and the pack", () => {
        expect(deploy.jobs.prod.with).toEqual({ stack: "prod", environment: "production" });
        for (const id of ["platform", "up"]) {
            const job = upJobs[id];
            expect(job.environment, id).toBe("${{ inputs.environment }}");
            const steps = job.steps!;
            const gate = steps.findIndex((s) => /npm run plan -- --stack "\$STACK" --policy-config "policy-pack\/config\.\$ENVIRONMENT\.json"/.test(s.run ?? ""));
            const pulumi = steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@"));
            expect(gate, id).toBeGreaterThan(-1);
            expect(pulumi, id).toBeGreaterThan(gate);
            expect(steps[gate].env, id).toEqual({ STACK: "${{ matrix.stack }}", ENVIRONMENT: "${{ inputs.stack }}" });
            // The offline gate and CrossGuard judge with the same per-environment configuration.
            expect(steps[pulumi].with, id).toEqual(expect.objectContaining({ command: "up", policyPacks: "./policy-pack", policyPackConfigs: "./policy-pack/config.${{ inputs.stack }}.json" }));
        }
    });
});

describe("mutation.yml (scheduled)", () => {
    const workflow = read("mutation.yml");
    const job = workflow.jobs.mutation;
    const scripts = (JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

    it("runs on a schedule and by hand, never on pull requests or pushes", () => {
        expect(Object.keys(workflow.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
        expect((workflow.on as unknown as { schedule: { cron: string }[] }).schedule).toEqual([{ cron: expect.stringMatching(/^\S+ \S+ \S+ \S+ \S+$/) }]);
    });

    it("runs each of the three targets with its npm script, after npm ci", () => {
        const matrix = (job as { strategy?: { matrix?: { target?: string[] } } }).strategy?.matrix?.target;
        expect(matrix).toEqual(["policy-pack", "model", "plan"]);
        for (const target of matrix!) expect(scripts[`test:mutation:${target}`]).toBe(`stryker run stryker/${target}.config.mjs`);
        const steps = job.steps!;
        const install = steps.findIndex((s) => s.run === "npm ci");
        const run = steps.findIndex((s) => s.run === 'npm run "test:mutation:$TARGET"');
        expect(install).toBeGreaterThan(-1);
        expect(run).toBeGreaterThan(install);
        expect(steps[run].env?.TARGET).toBe("${{ matrix.target }}");
    });

    it("restores the incremental file before the run and keeps the report even when the score is too low", () => {
        const steps = job.steps!;
        const cache = steps.findIndex((s) => s.uses?.startsWith("actions/cache@"));
        const run = steps.findIndex((s) => s.run?.includes("test:mutation"));
        expect(cache).toBeGreaterThan(-1);
        expect(cache).toBeLessThan(run);
        expect(steps[cache].with?.path).toBe("reports/mutation/${{ matrix.target }}/incremental.json");
        const upload = steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"));
        expect(upload?.if).toBe("success() || failure()");
    });

    it("is not part of npm test", () => {
        expect(scripts.test).not.toContain("mutation");
        expect(scripts.test).not.toContain("stryker");
        expect(scripts["test:mutation"]).toBe("npm run test:mutation:policy-pack && npm run test:mutation:model && npm run test:mutation:plan");
    });
});
