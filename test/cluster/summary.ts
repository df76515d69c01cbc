/**
 * Closes `npm run test:cluster` with one summary line (server version, objects applied, access
 * checks, admission cases, result) and writes it as JSON to `<cache>/results/cluster.json`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Reporter, TestModule } from "vitest/node";
import { factsDir, resultsDir } from "./paths";

/** Passed and failed tests of a run; a module that failed before any test ran, and an unhandled error, count as failed. */
export function countTests(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): { passed: number; failed: number } {
    let passed = 0;
    let failed = unhandledErrors.length;
    for (const module of testModules) {
        for (const test of module.children.allTests()) {
            if (test.result().state === "passed") passed++;
            else failed++;
        }
        if (module.state() === "failed" && [...module.children.allTests()].length === 0) failed++;
    }
    return { passed, failed };
}

export default class ClusterSummaryReporter implements Reporter {
    onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
        const facts: Record<string, number | string> = {};
        if (fs.existsSync(factsDir())) {
            for (const file of fs.readdirSync(factsDir()).sort()) {
                Object.assign(facts, JSON.parse(fs.readFileSync(path.join(factsDir(), file), "utf8")) as Record<string, number | string>);
            }
        }
        const { passed, failed } = countTests(testModules, unhandledErrors);
        const summary = {
            finishedAt: new Date().toISOString(),
            serverVersion: facts.serverVersion ?? "not started",
            objectsApplied: facts.objectsApplied ?? 0,
            accessChecks: facts.accessChecks ?? 0,
            authenticationCases: facts.authenticationCases ?? 0,
            admissionCases: facts.admissionCases ?? 0,
            guardrailCases: facts.guardrailCases ?? 0,
            quotaCases: facts.quotaCases ?? 0,
            lifecycleChecks: facts.lifecycleChecks ?? 0,
            tests: { passed, failed },
            allPassed: failed === 0 && passed > 0,
        };
        fs.mkdirSync(resultsDir(), { recursive: true });
        const file = path.join(resultsDir(), "cluster.json");
        fs.writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
        process.stdout.write(
            `Cluster: kube-apiserver ${summary.serverVersion}, ${summary.objectsApplied} objects applied, ${summary.accessChecks} access checks, ` +
                `${summary.authenticationCases} authentication cases, ${summary.admissionCases} admission cases, ${summary.guardrailCases} guardrail cases, ${summary.quotaCases} quota cases, ` +
                `${summary.lifecycleChecks} lifecycle checks: ${verdict(passed, failed)} (${file})\n`,
        );
    }
}

function verdict(passed: number, failed: number): string {
    if (failed > 0) return `${failed} failed`;
    return passed > 0 ? "all passed" : "no test ran (the set-up failed: see the error above)";
}
