/** `npm run validate` (scripts/validate.ts): in-process for the cases, once as a real process for the exit code. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { validateCommand } from "../../scripts/validate";
import { PROJECT_DIR } from "./helpers";

/** A fixed clock: initech's retention (until 2027-03-29) has not ended, whenever the tests run. */
const NOW = () => new Date("2026-12-01T00:00:00Z");

async function run(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await validateCommand(argv, { out: (l) => out.push(l), err: (l) => err.push(l), now: NOW }, PROJECT_DIR);
    return { code, out, err };
}

describe("npm run validate", () => {
    it("passes the samples and prints a summary per tenant (id, tier, status)", async () => {
        const { code, out, err } = await run();
        expect(err).toEqual([]);
        expect(code).toBe(0);
        expect(out[0]).toBe("tenants: 4 tenant files valid");
        expect(out).toContainEqual(expect.stringMatching(/^ {2}globex +business +suspended$/));
        expect(out).toContainEqual(expect.stringMatching(/^ {2}initech +starter +archived +\(data kept until 2027-03-29\)$/));
    });

    it("says when an archived tenant's retention has ended (initech: archived 2026-09-30, 180 days)", async () => {
        const lines = (now: string) => {
            const out: string[] = [];
            return validateCommand([], { out: (l) => out.push(l), err: () => undefined, now: () => new Date(now) }, PROJECT_DIR).then(() => out);
        };
        expect(await lines("2027-03-28T00:00:00Z")).toContainEqual(expect.stringMatching(/^ {2}initech +starter +archived +\(data kept until 2027-03-29\)$/));
        expect(await lines("2027-03-30T00:00:00Z")).toContainEqual(
            expect.stringMatching(/^ {2}initech +starter +archived +\(retention ended 2027-03-29: delete its data by hand, then retire the id\)$/),
        );
    });

    it("prints every error of every file on stderr as <file>: <field>: <message> (line L, column C) and exits 1", async () => {
        const { code, out, err } = await run("test/fixtures/tenants/invalid");
        expect(code).toBe(1);
        expect(out).toEqual([]);
        expect(err).toContain("test/fixtures/tenants/invalid/bad-tier.yaml: tier: must be one of \"community\", \"starter\", \"business\", \"enterprise\", got the text \"gold\" (line 5, column 7)");
        expect(err).toContainEqual(expect.stringMatching(/^test\/fixtures\/tenants\/invalid\/yaml-syntax-error\.yaml: \(yaml\): .* \(line 9, column 3\)$/));
        const files = new Set(err.slice(0, -1).map((line) => line.split(":")[0]));
        expect(files.size).toBeGreaterThanOrEqual(25);
        expect(err.at(-1)).toMatch(/^\d+ problems found/);
    });

    it("checks the tenants against a stack's platform realm and namespace with --stack", async () => {
        const ok = await run("--stack", "dev");
        expect(ok.code).toBe(0);
        expect(ok.out[0]).toBe("tenants: 4 tenant files valid, checked against stack dev");
        // A stack whose platform realm is a tenant's id: that tenant would take over the platform's realm.
        const project = fs.mkdtempSync(path.join(os.tmpdir(), "stack-"));
        try {
            const dev = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8");
            fs.writeFileSync(path.join(project, "Pulumi.clash.yaml"), dev.replace(/stoa-tenancy:platformRealm: .*/, "stoa-tenancy:platformRealm: oasis"));
            const out: string[] = [];
            const err: string[] = [];
            const code = await validateCommand([path.join(PROJECT_DIR, "tenants"), "--stack", "clash"], { out: (l) => out.push(l), err: (l) => err.push(l) }, project);
            expect(code).toBe(1);
            expect(err[0]).toMatch(/oasis\.yaml: id: "oasis" would collide with the platform's own realm or namespace \(oasis, stoa-system\)$/);
        } finally {
            fs.rmSync(project, { recursive: true });
        }
    });

    it("reports an invalid stack file by its config key", async () => {
        const project = fs.mkdtempSync(path.join(os.tmpdir(), "stack-"));
        try {
            fs.writeFileSync(path.join(project, "Pulumi.bad.yaml"), "config:\n  stoa-tenancy:environment: production\n");
            const err: string[] = [];
            const code = await validateCommand([path.join(PROJECT_DIR, "tenants"), "--stack", "bad"], { out: () => undefined, err: (l) => err.push(l) }, project);
            expect(code).toBe(1);
            expect(err).toContainEqual(expect.stringMatching(/^Pulumi\.bad\.yaml: stoa-tenancy:environment: /));
        } finally {
            fs.rmSync(project, { recursive: true });
        }
    });

    it("treats usage mistakes as exit 2 with the usage line", async () => {
        for (const argv of [["--stack"], ["--frobnicate"], ["a", "b"], ["no-such-folder"], ["--stack", "no-such-stack"]]) {
            const { code, err } = await run(...argv);
            expect(code, argv.join(" ")).toBe(2);
            expect(err.join("\n")).toContain("usage: npm run validate");
        }
    });

    it("runs as a process: exit 1 and errors on stderr", () => {
        const result = spawnSync(process.execPath, [path.join(PROJECT_DIR, "node_modules/tsx/dist/cli.mjs"), "scripts/validate.ts", "test/fixtures/tenants/one-bad"], {
            cwd: PROJECT_DIR,
            encoding: "utf8",
        });
        expect(result.status).toBe(1);
        expect(result.stdout).toBe("");
        expect(result.stderr).toContain("test/fixtures/tenants/one-bad/broken.yaml: settings.quotas.max_apis: 11 is above the community tier's ceiling of 10 (line 9, column 15)");
    });
});
