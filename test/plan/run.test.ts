/**
 * `runPlan` in process, with a small program of each test's own instead of the project's: a program
 * that throws (exit 2, one line, nothing written), a secret copied in clear (a `secret-in-clear`
 * warning naming where), the default writers and folder, the phase timings and an error that is not
 * the input's (thrown, not turned into exit 2).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { TenantValidationError } from "../../components/model";
import type { PlanDocument } from "../../scripts/plan/json";
import { runPlan, type PlanIO } from "../../scripts/plan/run";
import { FIXTURES, plan, removeTempDirs, tempDir } from "./helpers";

afterAll(removeTempDirs);
afterEach(() => void vi.restoreAllMocks());

const TENANTS = path.join(FIXTURES, "tenants");
const NO_PLAN = "No plan was written (exit 2).\n";
const USAGE_LINE = "usage: npm run plan -- --stack <dev|staging|prod> [--tenants <dir>] [--out <file.json>]";

/** Plans the fixture tenants for stack dev with `program` and no policy; the JSON goes to a temporary folder. */
async function planWith(program: PlanIO["program"], io: Omit<PlanIO, "stdout" | "stderr" | "program"> = {}) {
    const out = path.join(tempDir("run"), "plan.json");
    const result = await plan(["--stack", "dev", "--tenants", TENANTS, "--out", out], { policies: [], program, ...io });
    return { ...result, out, doc: fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, "utf8")) as PlanDocument) : undefined };
}

describe("a program that throws", () => {
    it("is invalid input (exit 2) in one line, with nothing written or printed", async () => {
        const result = await planWith(() => {
            throw new Error("cannot place tenant alpha:\n  - no shard left\n\n  - capacity 0  ");
        });
        expect(result.status).toBe(2);
        expect(result.stdout).toBe("");
        expect(result.stderr).toBe(`(program): dev: the program failed: cannot place tenant alpha: - no shard left - capacity 0\n\n${NO_PLAN}`);
        expect(fs.existsSync(result.out)).toBe(false);
    });

    it("names a thrown value that is not an Error by its text", async () => {
        const result = await planWith(() => {
            throw "no tenants for this shard";
        });
        expect(result.status).toBe(2);
        expect(result.stderr).toBe(`(program): dev: the program failed: no tenants for this shard\n\n${NO_PLAN}`);
    });

    it("reports a TenantValidationError's own problems, one per line, each at its file, field and line", async () => {
        const result = await planWith(() => {
            throw new TenantValidationError([
                { file: "tenants/alpha.yaml", field: "tier", message: "must be one of community, starter, business, enterprise", line: 4, column: 7 },
                { file: "tenants/bravo.yaml", field: "id", message: "is taken by tenants/alpha.yaml" },
            ]);
        });
        expect(result.status).toBe(2);
        expect(result.stdout).toBe("");
        expect(result.stderr).toBe(
            "tenants/alpha.yaml: tier: must be one of community, starter, business, enterprise (line 4, column 7)\n" +
                "tenants/bravo.yaml: id: is taken by tenants/alpha.yaml\n\n" +
                NO_PLAN,
        );
        expect(fs.existsSync(result.out)).toBe(false);
    });
});

describe("a secret copied in clear", () => {
    it("is a secret-in-clear warning naming the resource, its tenant and the input path", async () => {
        const result = await planWith(() => {
            const password = new random.RandomPassword("db", { length: 24 });
            const tenant = new pulumi.ComponentResource("stoa:tenancy:TenantIsolation", "alpha");
            new k8s.core.v1.ConfigMap("leaky", { data: { copy: pulumi.unsecret(password.result) } }, { parent: tenant });
            new k8s.core.v1.ConfigMap("platform-leak", { data: { nested: pulumi.unsecret(password.result) } });
            return { exported: { plain: pulumi.unsecret(password.result) } };
        });
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
        expect(result.doc?.warnings.filter((w) => w.kind === "secret-in-clear")).toEqual([
            {
                kind: "secret-in-clear",
                tenant: "alpha",
                message:
                    "a secret value appears in clear in the inputs of urn:pulumi:dev::stoa-tenancy::stoa:tenancy:TenantIsolation$kubernetes:core/v1:ConfigMap::leaky at data.copy: " +
                    "Pulumi would store it in plain text. Wrap it with pulumi.secret (it is redacted in this plan).",
            },
            {
                kind: "secret-in-clear",
                tenant: null,
                message:
                    "a secret value appears in clear in the inputs of urn:pulumi:dev::stoa-tenancy::pulumi:pulumi:Stack$kubernetes:core/v1:ConfigMap::platform-leak at data.nested: " +
                    "Pulumi would store it in plain text. Wrap it with pulumi.secret (it is redacted in this plan).",
            },
            {
                kind: "secret-in-clear",
                tenant: null,
                message: "a secret value appears in clear in the stack outputs at exported.plain: Pulumi would store it in plain text. Wrap it with pulumi.secret (it is redacted in this plan).",
            },
        ]);
    });

    it("names the whole value when the program's output is the secret itself", async () => {
        const result = await planWith(() => pulumi.unsecret(new random.RandomPassword("db", { length: 24 }).result));
        expect(result.status).toBe(0);
        expect(result.doc?.warnings.filter((w) => w.kind === "secret-in-clear").map((w) => [w.tenant, w.message])).toEqual([
            [null, "a secret value appears in clear in the stack outputs at (value): Pulumi would store it in plain text. Wrap it with pulumi.secret (it is redacted in this plan)."],
        ]);
    });

    it("gives no warning for a secret kept secret", async () => {
        const result = await planWith(() => {
            const password = new random.RandomPassword("db", { length: 24 });
            new k8s.core.v1.Secret("creds", { stringData: { password: password.result } });
            return { password: password.result };
        });
        expect(result.status).toBe(0);
        expect(result.doc?.warnings.filter((w) => w.kind === "secret-in-clear")).toEqual([]);
    });
});

describe("the defaults of runPlan", () => {
    it("writes the usage to the process's standard output, exit 0", async () => {
        const written: string[] = [];
        vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (written.push(String(chunk)), true));
        expect(await runPlan(["--help"])).toBe(0);
        expect(written).toHaveLength(1);
        expect(written[0].startsWith(`${USAGE_LINE}\n`)).toBe(true);
        expect(written[0].endsWith("\nSee docs/plan.md.\n")).toBe(true);
    });

    it("writes a command-line problem and the usage line to the process's standard error, exit 2", async () => {
        const written: string[] = [];
        vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (written.push(String(chunk)), true));
        expect(await runPlan([])).toBe(2);
        expect(written).toEqual([`(command line): --stack: is required (dev, staging or prod)\n\n${USAGE_LINE}\n${NO_PLAN}`]);
    });

    it("reads the stack files of the working directory", async () => {
        let stderr = "";
        const status = await runPlan(["--stack", "qa"], { stdout: () => undefined, stderr: (text) => (stderr += text) });
        expect(status).toBe(2);
        expect(stderr).toBe(`(command line): --stack: unknown stack "qa" (no Pulumi.qa.yaml: the stacks are dev, prod, staging)\n\n${USAGE_LINE}\n${NO_PLAN}`);
    });
});

describe("phases and errors that are not the input's", () => {
    it("reports the four phases in order, in seconds, within the time the whole run took", async () => {
        const phases: { phase: string; seconds: number; cpuSeconds: number }[] = [];
        const wallStart = process.hrtime.bigint();
        const cpuStart = process.cpuUsage();
        const result = await planWith(() => ({}), { onPhase: (phase, seconds, cpuSeconds) => phases.push({ phase, seconds, cpuSeconds }) });
        const wall = Number(process.hrtime.bigint() - wallStart) / 1e9;
        const cpuUsed = process.cpuUsage(cpuStart);
        const cpu = (cpuUsed.user + cpuUsed.system) / 1e6;
        expect(result.status).toBe(0);
        expect(phases.map((p) => p.phase)).toEqual(["load", "program", "policies", "report"]);
        for (const p of phases) {
            expect(p.seconds).toBeGreaterThanOrEqual(0);
            expect(p.cpuSeconds).toBeGreaterThanOrEqual(0);
        }
        expect(phases.reduce((sum, p) => sum + p.seconds, 0)).toBeLessThanOrEqual(wall);
        expect(phases.reduce((sum, p) => sum + p.cpuSeconds, 0)).toBeLessThanOrEqual(cpu + 0.001);
    });

    it("lets an error that is not about the input through, instead of calling it exit 2", async () => {
        await expect(
            planWith(() => ({}), {
                onPhase: () => {
                    throw new Error("phase observer failed");
                },
            }),
        ).rejects.toThrow(/^phase observer failed$/);
    });
});
