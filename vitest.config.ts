import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts"],
        // The real-Keycloak suite has its own command (npm run test:keycloak, vitest.keycloak.config.ts).
        exclude: [...configDefaults.exclude, "test/keycloak/**"],
        // Pulumi's mock runtime is process-global state: each test file gets its own process.
        pool: "forks",
        testTimeout: 60_000,
        hookTimeout: 120_000,
        reporters: ["default", "./test/support/summaryReporter.ts"],
    },
});
