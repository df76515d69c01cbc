/**
 * Ends `npm run test:keycloak` with the Keycloak version, Java, timings and one line per check, and
 * writes the same as JSON to `<cache>/results/keycloak.json` (outside git).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Reporter, TestModule } from "vitest/node";
import { cacheRoot } from "../../scripts/servers/keycloakDist";
import { recordedRun } from "./runInfo";

interface Check {
    file: string;
    name: string;
    state: string;
    error?: string;
}

export function resultsFile(env: NodeJS.ProcessEnv = process.env): string {
    return path.join(cacheRoot(env), "results", "keycloak.json");
}

export default class KeycloakSummaryReporter implements Reporter {
    onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
        const checks: Check[] = [];
        for (const module of testModules) {
            const file = path.relative(process.cwd(), module.moduleId);
            for (const test of module.children.allTests()) {
                const result = test.result();
                const error = result.state === "failed" ? result.errors?.[0]?.message?.split("\n")[0] : undefined;
                checks.push({ file, name: test.fullName, state: result.state, ...(error ? { error } : {}) });
            }
            if (module.state() === "failed" && [...module.children.allTests()].length === 0) checks.push({ file, name: "(file failed to load)", state: "failed" });
        }
        const run = recordedRun();
        const count = (state: string) => checks.filter((c) => c.state === state).length;
        const summary = {
            keycloakVersion: run?.version ?? null,
            javaMajor: run?.javaMajor ?? null,
            serverStartSeconds: run ? Math.round(run.startMs / 1000) : null,
            applySeconds: run ? Math.round(run.applyMs / 1000) : null,
            applied: run?.applied ?? {},
            passed: count("passed"),
            failed: count("failed") + unhandledErrors.length,
            skipped: checks.length - count("passed") - count("failed"),
            checks,
        };
        const lines = [
            "",
            `Keycloak ${summary.keycloakVersion ?? "(setup failed: no server info)"} on Java ${summary.javaMajor ?? "?"}: server ready in ${summary.serverStartSeconds ?? "?"}s, program applied in ${summary.applySeconds ?? "?"}s`,
            ...checks.map((c) => `  ${c.state === "passed" ? "ok  " : c.state === "failed" ? "FAIL" : "skip"} ${c.name}${c.error ? ` — ${c.error}` : ""}`),
        ];
        const file = resultsFile();
        try {
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
            lines.push(`Summary written to ${file}`);
        } catch (error) {
            lines.push(`Summary not written to ${file}: ${(error as Error).message}`);
        }
        process.stdout.write(`${lines.join("\n")}\n`);
    }
}
