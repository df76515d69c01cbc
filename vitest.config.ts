import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts"],
        // The real API server suite has its own command and config (vitest.cluster.config.ts).
        exclude: ["test/cluster/**", "**/node_modules/**"],
        // Pulumi's mock runtime is process-global state: each test file gets its own process.
        pool: "forks",
        testTimeout: 60_000,
        hookTimeout: 120_000,
        reporters: ["default", "./test/support/summaryReporter.ts"],
    },
});
