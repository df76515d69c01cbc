/**
 * Benchmark, run by hand: how long the program takes and how much memory it uses under the offline
 * runtime as the number of tenants grows. Not a test: numbers depend on the machine.
 *
 *   npx tsx scripts/bench/programScale.ts [counts…]     (default: 10 50 200)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { TIER_NAMES, TENANT_STATUSES } from "../../components/model";
import { stoaTenancy } from "../../components/program";
import { runOffline } from "../offline/runtime";

/** Writes `count` valid tenant files, cycling through tiers and statuses. */
function writeSyntheticTenants(dir: string, count: number): void {
    for (let i = 0; i < count; i++) {
        const id = `bench-${String(i).padStart(4, "0")}`;
        const status = TENANT_STATUSES[i % TENANT_STATUSES.length];
        const tenant = {
            id,
            name: `Benchmark tenant ${i}`,
            status,
            tier: TIER_NAMES[i % TIER_NAMES.length],
            created_at: "2025-01-01T00:00:00Z",
            ...(status === "archived" ? { archived_at: "2026-01-01T00:00:00Z" } : {}),
        };
        fs.writeFileSync(path.join(dir, `${id}.yaml`), stringify(tenant));
    }
}

async function measure(count: number) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stoa-bench-"));
    try {
        writeSyntheticTenants(dir, count);
        global.gc?.();
        const heapBefore = process.memoryUsage().heapUsed;
        const started = process.hrtime.bigint();
        const run = await runOffline({ stack: "dev", program: () => stoaTenancy({ tenantsDir: dir }) });
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const heapMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
        return { tenants: count, resources: run.resources.length, seconds: seconds.toFixed(2), heapGrowthMiB: heapMiB.toFixed(1), rssMiB: (process.memoryUsage().rss / 2 ** 20).toFixed(0) };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

async function main() {
    const counts = process.argv.slice(2).map(Number).filter((n) => n > 0);
    const rows = [];
    for (const count of counts.length > 0 ? counts : [10, 50, 200]) rows.push(await measure(count));
    console.table(rows);
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
