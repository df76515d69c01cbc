/**
 * Every policy of the pack has at least one violating fixture (`expectViolation`) and one compliant
 * fixture (`expectNoViolations`) that actually ran and held, so a new policy cannot arrive untested.
 * The fixture files run here again, in this process: the helpers in util.ts record each expectation
 * that held, and the last test reads that record.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as k8s from "@pulumi/kubernetes";
import * as postgresql from "@pulumi/postgresql";
import { describe, expect, it } from "vitest";
import { policies } from "../../policy-pack/policies";
import { fixture, fixturesRun } from "./util";

/** Test files of this folder without fixtures, or too slow to run twice. */
const NOT_FIXTURE_FILES = new Set(["cidr.test.ts", "coverage.test.ts", "crossguard.test.ts", "gatewayProgram.test.ts", "offline.test.ts", "pack.test.ts", "program.test.ts"]);
const FIXTURE_FILES = fs
    .readdirSync(__dirname)
    .filter((file) => file.endsWith(".test.ts") && !NOT_FIXTURE_FILES.has(file))
    .sort();

// Their tests register in this suite and run before the checks below.
describe("fixture files", async () => {
    for (const file of FIXTURE_FILES) await import(path.join(__dirname, file));
});

/** The policies without a fixture of each kind that held: `[]` when every policy has both. */
export function missingFixtures(names: readonly string[], run: ReadonlyMap<string, { violating: number; compliant: number }>): string[] {
    return names.flatMap((name) => [
        ...((run.get(name)?.violating ?? 0) > 0 ? [] : [`${name}: no violating fixture (expectViolation) ran and held`]),
        ...((run.get(name)?.compliant ?? 0) > 0 ? [] : [`${name}: no compliant fixture (expectNoViolations) ran and held`]),
    ]);
}

describe("policy fixtures", () => {
    it("come from the fixture files of this folder", () => {
        expect(FIXTURE_FILES).toContain("quotas.test.ts");
        expect(FIXTURE_FILES).toContain("rbac.test.ts");
    });
    it("give every policy of the pack a violating and a compliant fixture that ran", () => {
        expect(policies.length).toBeGreaterThan(20);
        expect(missingFixtures(policies.map((p) => p.name), fixturesRun)).toEqual([]);
    });
    it("notice a policy whose fixtures did not run", () => {
        const run = new Map([
            ["network-policy-no-open-cidr", { violating: 2, compliant: 0 }],
            ["rolebinding-tenant-subjects", { violating: 1, compliant: 1 }],
        ]);
        expect(missingFixtures(["network-policy-no-open-cidr", "rolebinding-tenant-subjects", "tenant-ingress-hosts"], run)).toEqual([
            "network-policy-no-open-cidr: no compliant fixture (expectNoViolations) ran and held",
            "tenant-ingress-hosts: no violating fixture (expectViolation) ran and held",
            "tenant-ingress-hosts: no compliant fixture (expectNoViolations) ran and held",
        ]);
    });
});

describe("typed fixtures", () => {
    it("take the type token from the provider class", () => {
        expect(fixture(k8s.core.v1.Namespace, { metadata: { name: "tenant-acme-corp" } }).type).toBe("kubernetes:core/v1:Namespace");
        expect(fixture(postgresql.Schema, { name: "tenant_acme_corp" }).type).toBe("postgresql:index/schema:Schema");
    });
    it("refuse a misspelt field at compile time (tsc fails if these lines ever compile)", () => {
        // @ts-expect-error -- `metdata` is not a field of NamespaceArgs
        expect(fixture(k8s.core.v1.Namespace, { metdata: { name: "x" } }).inputs).toEqual({ metdata: { name: "x" } });
        // @ts-expect-error -- a Schema's owner is a role name, not a list
        expect(fixture(postgresql.Schema, { name: "s", owner: ["a"] }).inputs.owner).toEqual(["a"]);
    });
});

describe("docs/policy-pack.md", () => {
    const docs = fs.readFileSync(path.join(__dirname, "../../docs/policy-pack.md"), "utf8");
    it("lists every policy of the pack with its description and its knobs", () => {
        const stale = policies.flatMap((policy) => {
            const row = docs.split("\n").find((line) => line.startsWith(`| \`${policy.name}\` |`));
            if (!row) return [`${policy.name}: no row in the rules table`];
            const knobs = Object.keys(policy.configSchema?.properties ?? {});
            return [
                ...(row.includes(`| ${policy.description} |`) ? [] : [`${policy.name}: description differs from the policy's`]),
                ...knobs.filter((knob) => !row.includes(`\`${knob}\``)).map((knob) => `${policy.name}: knob ${knob} not documented`),
            ];
        });
        expect(stale).toEqual([]);
    });
});
