/**
 * `npm run plan` on fixtures, through `runPlan`: exit 0 with the JSON shape of the issue, no secret
 * anywhere in what it writes or prints, exit 1 on a mandatory violation, exit 2 on invalid input.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policies as packPolicies } from "../../policy-pack/policies";
import { TENANT_ISOLATION_TYPE } from "../../components/tenantIsolation";
import type { PlanDocument } from "../../scripts/plan/json";
import { FIXTURES, plan, tempDir, tempProject, type PlanResult, removeTempDirs } from "./helpers";

afterAll(removeTempDirs);

const TENANTS = path.join(FIXTURES, "tenants");
const WEBHOOK_TOKEN = "whk-7c1e5a93f2d84b06";
const CIPHERTEXT = "v1:AAABAGc1bmh0aGlzaXNjaXBoZXJ0ZXh0";
/** Values the mocks generate for provider secrets: none may reach a plan. */
const MOCK_SECRETS = ["mock-password-", "mock-client-secret-", "mock-bytes-"];

function expectNoSecrets(...texts: string[]) {
    for (const text of texts) {
        expect(text).not.toContain(WEBHOOK_TOKEN);
        expect(text).not.toContain("hooks.alpha.example");
        expect(text).not.toContain(CIPHERTEXT);
        for (const mock of MOCK_SECRETS) expect(text).not.toContain(mock);
    }
}

describe("plan of valid fixtures (exit 0)", () => {
    let result: PlanResult;
    let doc: PlanDocument;
    let json: string;
    let markdown: string;

    beforeAll(async () => {
        // A secure stack config value, as `pulumi config set --secret` writes it.
        const project = tempProject("valid", (text) => text.replace(/stoa-tenancy:backupBucket: .*/, `stoa-tenancy:backupBucket:\n    secure: ${CIPHERTEXT}`));
        result = await plan(["--stack", "dev", "--tenants", TENANTS, "--out", "out/plan.json", "--markdown", "out/plan.md"], { cwd: project });
        json = fs.readFileSync(path.join(project, "out/plan.json"), "utf8");
        markdown = fs.readFileSync(path.join(project, "out/plan.md"), "utf8");
        doc = JSON.parse(json) as PlanDocument;
    });

    it("exits 0 and prints a summary", () => {
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
        expect(result.stdout).toMatch(/^Offline plan for stack dev \(environment dev\): 2 tenants, \d+ resources/);
        expect(result.stdout).toContain("OK: no mandatory violation (exit 0)");
        expect(result.stdout).toContain("Plan written to out/plan.json");
    });

    it("writes the JSON shape of the issue", () => {
        expect(Object.keys(doc)).toEqual(expect.arrayContaining(["stack", "environment", "tenants", "resources", "violations"]));
        expect(doc.stack).toBe("dev");
        expect(doc.environment).toBe("dev");
        expect(doc.tenants.map((t) => Object.keys(t).sort())).toEqual([
            ["gateways", "id", "resources", "status", "tier"],
            ["gateways", "id", "resources", "status", "tier"],
        ]);
        // The dev stack runs one gateway: every tenant is on it.
        expect(doc.tenants.map((t) => t.gateways)).toEqual([["kong"], ["kong"]]);
        expect(doc.tenants.map(({ id, tier, status }) => ({ id, tier, status }))).toEqual([
            { id: "alpha", tier: "business", status: "active" },
            { id: "bravo", tier: "starter", status: "suspended" },
        ]);
        for (const r of doc.resources) {
            expect(Object.keys(r).sort()).toEqual(["inputs", "name", "parent", "protect", "retainOnDelete", "tenant", "type", "urn"]);
            expect(r.urn).toMatch(/^urn:pulumi:dev::stoa-tenancy::/);
            expect(r.type).toMatch(/^[\w.-]+:[\w./-]*:\w+$/);
        }
        for (const v of doc.violations) expect(Object.keys(v).sort()).toEqual(["enforcementLevel", "message", "policy", "urn"]);
    });

    it("gives every key the type of the issue, parent null only for children of the stack", () => {
        const kind = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value);
        expect([doc.stack, doc.environment, doc.tenants, doc.resources, doc.violations].map(kind)).toEqual(["string", "string", "array", "array", "array"]);
        for (const t of doc.tenants) expect([t.id, t.tier, t.status, t.resources].map(kind)).toEqual(["string", "string", "string", "number"]);
        const urns = new Set(doc.resources.map((r) => r.urn));
        for (const r of doc.resources) {
            expect([r.urn, r.type, r.name, r.inputs, r.protect, r.retainOnDelete].map(kind), r.urn).toEqual(["string", "string", "string", "object", "boolean", "boolean"]);
            expect(r.tenant === null || typeof r.tenant === "string", r.urn).toBe(true);
            // A parent is another resource of the plan; the stack itself is not one, so its children have null.
            if (r.parent !== null) expect(urns.has(r.parent), r.urn).toBe(true);
        }
        const topLevel = doc.resources.filter((r) => r.parent === null);
        expect(topLevel.map((r) => r.type).sort()).toEqual(["stoa:tenancy:Platform", TENANT_ISOLATION_TYPE, TENANT_ISOLATION_TYPE]);
        expect(topLevel.find((r) => r.type === "stoa:tenancy:Platform")?.tenant).toBeNull();
        for (const v of doc.violations) expect([v.policy, v.enforcementLevel, v.message].map(kind)).toEqual(["string", "string", "string"]);
    });

    it("gives each resource the tenant of the TenantIsolation it descends from, and counts them", () => {
        const byUrn = new Map(doc.resources.map((r) => [r.urn, r]));
        for (const r of doc.resources) {
            let node: (typeof doc.resources)[number] | undefined = r;
            while (node && node.type !== TENANT_ISOLATION_TYPE) node = node.parent ? byUrn.get(node.parent) : undefined;
            expect(r.tenant, r.urn).toBe(node ? node.inputs.tenantId : null);
        }
        for (const t of doc.tenants) {
            expect(t.resources).toBeGreaterThan(1);
            expect(t.resources).toBe(doc.resources.filter((r) => r.tenant === t.id).length);
        }
        expect(doc.resources.some((r) => r.tenant === null)).toBe(true);
    });

    it("records protect and retainOnDelete of data resources", () => {
        const alpha = doc.resources.filter((r) => r.tenant === "alpha");
        expect(alpha.some((r) => r.protect && r.retainOnDelete)).toBe(true);
        expect(alpha.some((r) => !r.protect)).toBe(true);
    });

    it("never lets a secret reach the JSON, the Markdown or the terminal", () => {
        expectNoSecrets(json, markdown, result.stdout, result.stderr);
        // The secrets are there, as "[secret]".
        expect(json).toContain('"[secret]"');
    });

    it("gives every policy of the pack a verdict, all pass, folded in the Markdown", () => {
        expect(doc.verdicts.map((v) => v.policy)).toEqual(packPolicies.map((p) => p.name));
        expect(doc.verdicts.filter((v) => v.verdict !== "pass")).toEqual([]);
        expect(result.stdout).toContain(`POLICY VERDICTS: ${packPolicies.length} policies: ${packPolicies.length} pass`);
        expect(markdown).toContain(`<details><summary>${packPolicies.length} policies: ${packPolicies.length} pass</summary>`);
    });

    it("writes a Markdown summary where everything is created", () => {
        expect(markdown).toContain("<!-- stoa-tenancy-plan:dev -->");
        expect(markdown).toContain("No base to compare with: everything is created (2 tenants)");
        expect(markdown).toMatch(/\| `alpha` \| business \| active \| added \| (\d+) \| 0 \| 0 \|/);
        expect(markdown).toMatch(/<details><summary><code>bravo<\/code>: \d+ to create, 0 to update, 0 to delete<\/summary>/);
    });
});

describe("plan with a mandatory violation (exit 1)", () => {
    // A fixture policy run by the pack's own evaluator: suspended tenants are "forbidden" here.
    const noSuspendedTenants: ResourceValidationPolicy = {
        name: "fixture-no-suspended-tenant",
        description: "Checks that no tenant is suspended (a test fixture).",
        enforcementLevel: "mandatory",
        validateResource: (args, report) => {
            if (args.type === TENANT_ISOLATION_TYPE && args.props.status === "suspended") report(`tenant ${args.props.tenantId} must not be suspended`);
        },
    };
    const advisoryNamespaces: ResourceValidationPolicy = {
        name: "fixture-advisory-namespace",
        description: "Checks nothing, advises on every namespace (a test fixture).",
        enforcementLevel: "advisory",
        validateResource: (args, report) => {
            if (args.type === "kubernetes:core/v1:Namespace") report("namespaces are worth a look");
        },
    };
    let result: PlanResult;
    let doc: PlanDocument;
    let markdown: string;

    beforeAll(async () => {
        const out = tempDir("violation");
        result = await plan(["--stack", "dev", "--tenants", TENANTS, "--out", path.join(out, "plan.json"), "--markdown", path.join(out, "plan.md")], {
            policies: [advisoryNamespaces, noSuspendedTenants],
        });
        doc = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8")) as PlanDocument;
        markdown = fs.readFileSync(path.join(out, "plan.md"), "utf8");
    });

    it("exits 1 and says why", () => {
        expect(result.status).toBe(1);
        expect(result.stdout).toContain("FAILED: 1 mandatory violation (exit 1)");
        expect(result.stdout).toContain("[mandatory] fixture-no-suspended-tenant: bravo stoa:tenancy:TenantIsolation bravo");
    });

    it("lists every violation, mandatory first, in the JSON and the Markdown", () => {
        const bravo = doc.resources.find((r) => r.type === TENANT_ISOLATION_TYPE && r.name === "bravo");
        expect(doc.violations[0]).toEqual({ policy: "fixture-no-suspended-tenant", enforcementLevel: "mandatory", urn: bravo?.urn, message: "tenant bravo must not be suspended" });
        const advisories = doc.violations.filter((v) => v.enforcementLevel === "advisory");
        expect(advisories.length).toBe(doc.resources.filter((r) => r.type === "kubernetes:core/v1:Namespace").length);
        expect(advisories.length).toBeGreaterThan(0);
        expect(markdown).toContain("| **mandatory** | `fixture-no-suspended-tenant` | `bravo` `stoa:tenancy:TenantIsolation` `bravo` | tenant bravo must not be suspended |");
        expect(markdown.match(/\| advisory \| `fixture-advisory-namespace` \|/g)?.length).toBe(advisories.length);
    });

    it("gives every policy run a verdict: fail for the mandatory one, warn for the advisory one, open in the Markdown", () => {
        expect(doc.verdicts).toEqual([
            expect.objectContaining({ policy: "fixture-advisory-namespace", enforcementLevel: "advisory", verdict: "warn", violations: doc.violations.length - 1, notApplicable: 0 }),
            expect.objectContaining({ policy: "fixture-no-suspended-tenant", enforcementLevel: "mandatory", verdict: "fail", violations: 1, notApplicable: 0 }),
        ]);
        expect(result.stdout).toContain("POLICY VERDICTS: 2 policies: 1 fail, 1 warn");
        expect(markdown).toContain("<details open><summary>2 policies: 1 fail, 1 warn</summary>");
        expect(markdown).toContain("| `fixture-no-suspended-tenant` | mandatory | ❌ **fail** | 1 | 0 | Checks that no tenant is suspended (a test fixture). |");
    });

    it("exits 1 with the real pack when --policy-config lowers the tier ceilings", async () => {
        // The fixture config names this policy: a rename must fail here, not skip.
        expect(packPolicies.map((p) => p.name)).toContain("resource-quota-within-tier");
        const tight = await plan(["--stack", "dev", "--tenants", TENANTS, "--policy-config", path.join(FIXTURES, "policy-config.tight-ceilings.json")]);
        expect(tight.status).toBe(1);
        // alpha is active with the business quota; bravo is suspended, its quota is already zero.
        expect(tight.stdout).toMatch(/\[mandatory\] resource-quota-within-tier: alpha kubernetes:core\/v1:ResourceQuota /);
    });
});

describe("invalid input (exit 2)", () => {
    const LINE = /^(\(command line\)|\S+): \S+: \S.*$/;

    async function invalid(argv: string[], cwd?: string): Promise<string[]> {
        const out = tempDir("invalid");
        const result = await plan([...argv, "--out", path.join(out, "plan.json"), "--markdown", path.join(out, "plan.md")], cwd ? { cwd } : {});
        expect(result.status).toBe(2);
        expect(result.stdout).toBe("");
        expect(fs.readdirSync(out)).toEqual([]);
        const lines = result.stderr.split("\n\n")[0].split("\n");
        for (const line of lines) expect(line).toMatch(LINE);
        return lines;
    }

    it("reports every problem of every tenant file as <file>: <field path>: <message>", async () => {
        const lines = await invalid(["--stack", "dev", "--tenants", "test/plan/fixtures/invalid-tenants"]);
        expect(lines).toEqual([
            expect.stringMatching(/^test\/plan\/fixtures\/invalid-tenants\/charlie\.yaml: status: must be one of "active", "suspended", "archived"/),
            expect.stringMatching(/^test\/plan\/fixtures\/invalid-tenants\/charlie\.yaml: settings\.colour: is not a known field/),
            expect.stringMatching(/^test\/plan\/fixtures\/invalid-tenants\/delta\.yaml: id: "delta-renamed" must equal the file name "delta"/),
        ]);
    });

    it("rejects an unknown stack, naming the stacks that exist", async () => {
        expect(await invalid(["--stack", "qa"])).toEqual(['(command line): --stack: unknown stack "qa" (no Pulumi.qa.yaml: the stacks are dev, prod, staging)']);
    });

    it("rejects bad arguments", async () => {
        expect(await invalid(["--tenants", "tenants"])).toEqual(["(command line): --stack: is required (dev, staging or prod)"]);
        const unknown = await invalid(["--stack", "dev", "--frobnicate"]);
        expect(unknown[0]).toMatch(/^\(command line\): \(arguments\): Unknown option '--frobnicate'/);
    });

    it("reports invalid stack configuration and invalid tenant files together", async () => {
        const project = tempProject("bad-stack", (text) => text.replace("stoa-tenancy:environment: dev", "stoa-tenancy:environment: qa").replace("https://auth.dev", "http://auth.dev"));
        const lines = await invalid(["--stack", "dev", "--tenants", path.join(FIXTURES, "invalid-tenants")], project);
        expect(lines[0]).toMatch(/^Pulumi\.dev\.yaml: stoa-tenancy:environment: /);
        expect(lines[1]).toMatch(/^Pulumi\.dev\.yaml: stoa-tenancy:keycloakUrl: /);
        expect(lines.filter((l) => l.includes("invalid-tenants/"))).toHaveLength(3);
    });

    it("rejects a policy configuration that is not a map of policies", async () => {
        const dir = tempDir("policy-config");
        fs.writeFileSync(path.join(dir, "bad.json"), JSON.stringify({ "some-policy": { enforcementLevel: "fatal" }, other: 3 }));
        const lines = await invalid(["--stack", "dev", "--tenants", TENANTS, "--policy-config", path.join(dir, "bad.json")]);
        expect(lines).toEqual([
            `${path.join(dir, "bad.json")}: some-policy.enforcementLevel: must be one of advisory, mandatory, remediate, disabled`,
            `${path.join(dir, "bad.json")}: other: must be an enforcement level or an object`,
        ]);
    });
});

describe("archived tenants past their retention", () => {
    it("get a retention-ended warning once their retention has ended (initech: 2027-03-29T17:00Z), never before", async () => {
        const dir = tempDir("retention");
        const at = async (now: string) => {
            expect((await plan(["--stack", "dev", "--out", path.join(dir, `${now}.json`)], { now: new Date(now) })).status).toBe(0);
            return JSON.parse(fs.readFileSync(path.join(dir, `${now}.json`), "utf8")) as PlanDocument;
        };
        const before = await at("2027-03-29T16:59:59Z");
        expect(before.warnings.filter((w) => w.kind === "retention-ended")).toEqual([]);
        const after = await at("2027-03-29T17:00:00Z");
        expect(after.warnings.filter((w) => w.kind === "retention-ended")).toEqual([
            expect.objectContaining({ tenant: "initech", message: expect.stringContaining("retention period ended on 2027-03-29") }),
        ]);
    });
});
