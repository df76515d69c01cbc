import { defineConfig } from "vitest/config";

/**
 * `npm run test:cluster`: the Kubernetes layer against a real kube-apiserver and etcd on loopback
 * (docs/testing.md, "Kubernetes API server suite"). One server for the whole run, started in the
 * global set-up; the files run one after another because they share it.
 */
export default defineConfig({
    test: {
        include: ["test/cluster/**/*.test.ts"],
        globalSetup: ["./test/cluster/globalSetup.ts"],
        pool: "forks",
        fileParallelism: false,
        testTimeout: 120_000,
        // The first run builds kube-apiserver (many minutes); the build runs in the global set-up.
        hookTimeout: 300_000,
        reporters: ["default", "./test/support/summaryReporter.ts", "./test/cluster/summary.ts"],
    },
});
