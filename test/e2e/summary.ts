/**
 * Closes `npm run test:e2e` with one line (the servers and the result) and writes it as JSON to
 * `<cache>/results/e2e.json`, beside the API server suite's `cluster.json`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Reporter, TestModule } from "vitest/node";
import { resultsDir } from "../cluster/paths";
import { countTests } from "../cluster/summary";

export default class E2eSummaryReporter implements Reporter {
    onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
        const { passed, failed } = countTests(testModules, unhandledErrors);
        const summary = { finishedAt: new Date().toISOString(), suite: "Keycloak → kube-apiserver", tests: { passed, failed }, allPassed: failed === 0 && passed > 0 };
        fs.mkdirSync(resultsDir(), { recursive: true });
        const file = path.join(resultsDir(), "e2e.json");
        fs.writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
        const verdict = failed > 0 ? `${failed} failed` : passed > 0 ? "all passed" : "no test ran (the set-up failed: see the error above)";
        process.stdout.write(`E2E: Keycloak token on kube-apiserver, ${passed} tests: ${verdict} (${file})\n`);
    }
}
