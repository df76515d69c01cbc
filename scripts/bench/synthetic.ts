/** Synthetic projects for `npm run bench`: valid tenant files of mixed tiers and statuses, optionally sharded. */
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { TENANT_STATUSES, TIER_NAMES } from "../../components/model";

export const BENCH_ID = (i: number) => `bench-${String(i).padStart(5, "0")}`;

/** Writes `count` tenant files into `<projectDir>/tenants`, cycling through tiers and statuses. */
export function writeSyntheticTenants(projectDir: string, count: number): string[] {
    const dir = path.join(projectDir, "tenants");
    fs.mkdirSync(dir, { recursive: true });
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
        const id = BENCH_ID(i);
        const status = TENANT_STATUSES[i % TENANT_STATUSES.length];
        const tenant = {
            id,
            name: `Benchmark tenant ${i}`,
            status,
            tier: TIER_NAMES[Math.floor(i / TENANT_STATUSES.length) % TIER_NAMES.length],
            created_at: "2025-01-01T00:00:00Z",
            ...(status === "archived" ? { archived_at: "2026-01-01T00:00:00Z" } : {}),
        };
        fs.writeFileSync(path.join(dir, `${id}.yaml`), stringify(tenant));
        ids.push(id);
    }
    return ids;
}

/**
 * The shipped Pulumi.dev.yaml for a synthetic tenant set: the database server is taken to be sized for
 * it (connection capacity raised), since the benchmark measures the program, not one server's limits.
 */
function benchStackFile(sourceDir: string): string {
    const dev = fs.readFileSync(path.join(sourceDir, "Pulumi.dev.yaml"), "utf8").trimEnd();
    const capacity = /^(\s*stoa-tenancy:databaseConnectionCapacity:).*$/m;
    if (!capacity.test(dev)) throw new Error("Pulumi.dev.yaml sets no stoa-tenancy:databaseConnectionCapacity");
    return dev.replace(capacity, "$1 1000000");
}

/** A project folder: Pulumi.yaml, the shipped Pulumi.dev.yaml, and `count` tenants. */
export function writeProject(projectDir: string, sourceDir: string, count: number): string[] {
    fs.copyFileSync(path.join(sourceDir, "Pulumi.yaml"), path.join(projectDir, "Pulumi.yaml"));
    fs.writeFileSync(path.join(projectDir, "Pulumi.dev.yaml"), `${benchStackFile(sourceDir)}\n`);
    return writeSyntheticTenants(projectDir, count);
}

/** The same, sharded: `dev-platform` plus `shards` shard stacks, tenants assigned round-robin in shards.yaml. */
export function writeShardedProject(projectDir: string, sourceDir: string, count: number, shards: number): void {
    fs.copyFileSync(path.join(sourceDir, "Pulumi.yaml"), path.join(projectDir, "Pulumi.yaml"));
    const dev = benchStackFile(sourceDir);
    fs.writeFileSync(path.join(projectDir, "Pulumi.dev-platform.yaml"), `${dev}\n  stoa-tenancy:platformOnly: true\n`);
    const names = Array.from({ length: shards }, (_, i) => `dev-${String(i + 1).padStart(2, "0")}`);
    for (const shard of names) {
        fs.writeFileSync(path.join(projectDir, `Pulumi.${shard}.yaml`), `${dev}\n  stoa-tenancy:shard: ${shard}\n  stoa-tenancy:platformStack: organization/stoa-tenancy/dev-platform\n`);
    }
    const ids = writeSyntheticTenants(projectDir, count);
    fs.writeFileSync(path.join(projectDir, "tenants", "shards.yaml"), stringify({ dev: Object.fromEntries(ids.map((id, i) => [id, names[i % shards]])) }));
}
