import { defineConfig } from "vitest/config";

/**
 * `npm run test:keycloak`: the identity layer on a real Keycloak server. One server for the whole run
 * (test/keycloak/globalSetup.ts); files run one after another, the server being the shared state.
 */
export default defineConfig({
    test: {
        include: ["test/keycloak/**/*.test.ts"],
        globalSetup: ["test/keycloak/globalSetup.ts"],
        pool: "forks",
        fileParallelism: false,
        // A busy 2-core machine: the server answers slowly, and the first run fetches and builds it.
        testTimeout: 300_000,
        hookTimeout: 1_800_000,
        reporters: ["default", "./test/support/summaryReporter.ts", "./test/keycloak/summaryReporter.ts"],
    },
});
