import { defineConfig } from "vitest/config";

/**
 * `npm run test:e2e`: a token of the real Keycloak on the real kube-apiserver (docs/testing.md,
 * "End to end"). Both servers start in the global set-up; their binaries come from the caches the
 * Keycloak and API server suites fill.
 */
export default defineConfig({
    test: {
        include: ["test/e2e/**/*.test.ts"],
        globalSetup: ["./test/e2e/globalSetup.ts"],
        pool: "forks",
        fileParallelism: false,
        testTimeout: 120_000,
        hookTimeout: 600_000,
        reporters: ["default", "./test/support/summaryReporter.ts", "./test/e2e/summary.ts"],
    },
});
