/**
 * Ends a test run with one plain line, `Tests: N passed, N failed, N skipped`, that any CI log
 * reader understands, after vitest's own report.
 */
import type { Reporter, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
    onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
        const counts = { passed: 0, failed: unhandledErrors.length, skipped: 0 };
        for (const module of testModules) {
            for (const test of module.children.allTests()) {
                const state = test.result().state;
                if (state === "passed") counts.passed++;
                else if (state === "failed") counts.failed++;
                else counts.skipped++;
            }
            // A file that fails to load has no tests to count but must still count as a failure.
            if (module.state() === "failed" && [...module.children.allTests()].length === 0) counts.failed++;
        }
        process.stdout.write(`\nTests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
    }
}
