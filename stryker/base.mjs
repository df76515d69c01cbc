import process from "node:process";

// Shared Stryker settings for the three mutation targets (see docs/testing.md, "Mutation testing").
// Each target config names the source it mutates and the test files that may kill its mutants.

/**
 * @param {string} target short name, used for the report folder
 * @param {{ mutate: string[], testFiles: string[] }} scope
 * @returns {import("@stryker-mutator/api/core").PartialStrykerOptions}
 */
export function mutationConfig(target, { mutate, testFiles }) {
    const reports = `reports/mutation/${target}`;
    return {
        testRunner: "vitest",
        plugins: ["@stryker-mutator/vitest-runner", "./stryker/result-log-reporter.mjs"],
        vitest: { configFile: "stryker/vitest.config.ts", related: false },
        mutate,
        testFiles,
        // Only the tests that reach a mutant run against it.
        coverageAnalysis: "perTest",
        // Mutants in module-level code (the zod schemas, the tier table) need every test file reloaded per
        // mutant: about nine tenths of the time for a sixth of the mutants. Left out of the score; the values
        // they would change are pinned by literal expectations in the tests (see docs/testing.md).
        ignoreStatic: true,
        // The machine is shared: one test process at a time unless STRYKER_CONCURRENCY says otherwise.
        concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 1),
        // Pulumi's mock runtime makes a cold test file slow; leave room before calling a mutant a timeout.
        timeoutMS: 60_000,
        timeoutFactor: 2,
        // The first run of every test, with coverage recorded per test, takes about a minute alone on two cores
        // and more than Stryker's default five when other work shares the machine.
        dryRunTimeoutMinutes: 45,
        // Reuse the previous results for unchanged code and tests; the file lives in the git-ignored reports folder.
        incremental: true,
        incrementalFile: `${reports}/incremental.json`,
        reporters: ["clear-text", "progress-append-only", "html", "json", "result-log"],
        htmlReporter: { fileName: `${reports}/index.html` },
        jsonReporter: { fileName: `${reports}/mutation.json` },
        clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
        // Stryker's score counts timeouts as detected: (killed + timeout) / (killed + timeout + survived + no coverage).
        thresholds: { high: 90, low: 85, break: 85 },
        // One sandbox folder per target, so that two targets can run side by side.
        tempDirName: `.stryker-tmp/${target}`,
        cleanTempDir: "always",
        ignorePatterns: ["reports", ".tmp", ".stryker-tmp", "coverage", "bin"],
    };
}
