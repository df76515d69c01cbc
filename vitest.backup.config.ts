import { defineConfig } from "vitest/config";

/**
 * `npm run test:backup`: the backup job's dump step and the documented restore and model-change
 * migration, with PostgreSQL 18's own pg_dump and pg_restore against the real server (docs/testing.md,
 * "Backup suite"). The global set-up fetches the client tools once (Debian sid, network), so this is
 * not part of `npm test`.
 */
export default defineConfig({
    test: {
        include: ["test/backup/**/*.test.ts"],
        globalSetup: ["./test/backup/globalSetup.ts"],
        pool: "forks",
        fileParallelism: false,
        testTimeout: 120_000,
        hookTimeout: 600_000,
        reporters: ["default", "./test/support/summaryReporter.ts"],
    },
});
