/**
 * Every policy of the pack has at least one violating fixture (`expectViolation`) and one passing
 * fixture (`expectNoViolations`) in the policy tests, so a new policy cannot arrive untested.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import * as database from "../../policy-pack/database";
import * as gateway from "../../policy-pack/gateway";
import * as identity from "../../policy-pack/identity";
import * as ingress from "../../policy-pack/ingress";
import * as namespaces from "../../policy-pack/namespaces";
import * as network from "../../policy-pack/network";
import * as observability from "../../policy-pack/observability";
import * as placement from "../../policy-pack/placement";
import { policies } from "../../policy-pack/policies";
import * as protection from "../../policy-pack/protection";
import * as quotas from "../../policy-pack/quotas";
import * as rbac from "../../policy-pack/rbac";
import * as storage from "../../policy-pack/storage";
import * as workloads from "../../policy-pack/workloads";

const MODULES = [database, gateway, identity, ingress, namespaces, network, observability, placement, protection, quotas, rbac, storage, workloads];

/** The exported identifier of each policy object, as the tests import it. */
function exportNames(): Map<unknown, string> {
    const names = new Map<unknown, string>();
    for (const module of MODULES) for (const [name, value] of Object.entries(module)) names.set(value, name);
    return names;
}

const TESTS = fs
    .readdirSync(__dirname)
    .filter((file) => file.endsWith(".test.ts") && file !== path.basename(__filename))
    .map((file) => fs.readFileSync(path.join(__dirname, file), "utf8"))
    .join("\n");

/** The policies without a fixture of each kind: `[]` when every policy has both. */
function missingFixtures(names: Map<unknown, string>, tests: string): string[] {
    const missing: string[] = [];
    for (const policy of policies) {
        const name = names.get(policy);
        if (!name) {
            missing.push(`${policy.name}: not exported by a policy-pack module`);
            continue;
        }
        if (!new RegExp(`expectViolation\\(\\s*${name}\\b`).test(tests)) missing.push(`${policy.name}: no violating fixture (expectViolation(${name}, …))`);
        if (!new RegExp(`expectNoViolations\\(\\s*${name}\\b`).test(tests)) missing.push(`${policy.name}: no passing fixture (expectNoViolations(${name}, …))`);
    }
    return missing;
}

describe("policy fixtures", () => {
    it("give every policy of the pack a violating and a passing fixture", () => {
        expect(missingFixtures(exportNames(), TESTS)).toEqual([]);
    });
    it("notice a policy whose fixtures are gone", () => {
        const withoutPassing = TESTS.replace(/expectNoViolations\(\s*networkPolicyNoOpenCidr\b/g, "removed(");
        expect(missingFixtures(exportNames(), withoutPassing)).toEqual([
            "network-policy-no-open-cidr: no passing fixture (expectNoViolations(networkPolicyNoOpenCidr, …))",
        ]);
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
