import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts"],
        // The real-server suites have their own commands and configs (vitest.cluster.config.ts,
        // vitest.keycloak.config.ts, vitest.e2e.config.ts, vitest.backup.config.ts).
        exclude: [...configDefaults.exclude, "test/cluster/**", "test/keycloak/**", "test/e2e/**", "test/backup/**"],
        // Pulumi's mock runtime is process-global state: each test file gets its own process.
        pool: "forks",
        // Everything the tests write goes below one folder, removed after the run.
        globalSetup: ["./test/support/tempRoot.ts"],
        testTimeout: 60_000,
        hookTimeout: 120_000,
        reporters: ["default", "./test/support/summaryReporter.ts"],
    },
});
