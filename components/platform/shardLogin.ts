/**
 * Grafana's one login in a sharded environment. Each shard creates, with its tenants, their identity
 * providers in the platform realm (per-tenant objects stay with their tenant, so the platform's stack
 * does not grow with the tenants and no secret crosses stacks) and exports their Grafana organization
 * ids (`shardLoginOutputs`); the platform's stack reads every shard's ids through a StackReference and
 * makes Grafana's client and settings over all of them (components/observability/login.ts).
 *
 * A tenant no shard has exported yet (its shard has not deployed it) is left out of the org mapping
 * and of `allowed_groups`, so its people are refused at login until the platform's stack runs again
 * after the shard. Never mapped by organization *name*: Grafana resolves names when it loads the
 * settings and skips a name it does not find, and a person whose group is allowed but unmapped lands in
 * the main organization (docs/shards.md).
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedTenant, ShardMap, StackConfig } from "../model";
import type { TenantIsolation } from "../tenantIsolation";
import { createGrafanaLogin } from "../observability/login";
import { createTenantBrokering } from "./brokering";
import type { Platform } from "./index";

/** The shard's stack output the platform's stack reads: tenant id → Grafana organization id. */
export const SHARD_LOGIN_OUTPUT = "grafanaOrganizations";

/** What a shard exports for the login: its tenants' organization ids (plain). */
export function shardLoginOutputs(isolations: readonly { tenant: Pick<ResolvedTenant, "id">; isolation: TenantIsolation }[]) {
    return { [SHARD_LOGIN_OUTPUT]: Object.fromEntries(isolations.map(({ tenant, isolation }) => [tenant.id, isolation.observability.orgId])) };
}

/**
 * A shard's part of the login: its tenants' identity providers in the platform realm, with the broker
 * clients' secrets the shard generated. At the stack's root, not under the tenant's component (they
 * live in the platform realm, not the tenant's): a move between shards names them too (docs/shards.md).
 */
export function createShardBrokering(stack: StackConfig, isolations: readonly { tenant: ResolvedTenant; isolation: TenantIsolation }[]): void {
    createTenantBrokering(
        { stack, tenants: isolations.map((i) => i.tenant), opts: {} },
        isolations.map(({ tenant, isolation }) => ({ tenant, brokerClientSecret: isolation.identity.brokerClientSecret })),
    );
}

/** One shard's export as read back (tenant id → organization id); absent when the shard was never deployed. */
export type ShardExports = Readonly<Record<string, unknown>> | undefined;

export interface ShardLoginTenant {
    tenant: ResolvedTenant;
    orgId: string;
}

/**
 * Pure: each tenant's organization id from its shard's export, or, while a tenant moves between
 * shards, from the shard that still holds it. Tenants no shard exports are `missing`. Two shards
 * exporting different organizations for one tenant is an error.
 */
export function shardLoginTenants(
    tenants: readonly ResolvedTenant[],
    shardOf: ReadonlyMap<string, string>,
    exports: ReadonlyMap<string, ShardExports>,
): { ready: ShardLoginTenant[]; missing: { tenant: string; shard: string | undefined }[] } {
    const ready: ShardLoginTenant[] = [];
    const missing: { tenant: string; shard: string | undefined }[] = [];
    for (const tenant of tenants) {
        const own = shardOf.get(tenant.id);
        const found: { shard: string; orgId: string }[] = [];
        for (const [shard, exported] of exports) {
            const orgId = exported?.[tenant.id];
            if (orgId === undefined || orgId === null) continue;
            found.push({ shard, orgId: String(orgId) });
        }
        const distinct = [...new Set(found.map((f) => f.orgId))];
        if (distinct.length > 1) {
            throw new Error(`tenant ${tenant.id}: shards ${found.map((f) => `${f.shard} (organization ${f.orgId})`).join(" and ")} export different Grafana organizations`);
        }
        const chosen = found.find((f) => f.shard === own) ?? found[0];
        if (chosen === undefined) missing.push({ tenant: tenant.id, shard: own });
        else ready.push({ tenant, orgId: chosen.orgId });
    }
    return { ready, missing };
}

/** `<org>/<project>/<shard>`: a shard's stack is named after its shard (docs/shards.md). */
export function shardStackName(shard: string): string {
    return `${pulumi.getOrganization()}/${pulumi.getProject()}/${shard}`;
}

/**
 * The platform stack's part: one StackReference per shard of the environment, then Grafana's client
 * and settings over the tenants the shards export.
 */
export async function createShardedGrafanaLogin(platform: Platform, stack: StackConfig, tenants: readonly ResolvedTenant[], shards: ShardMap): Promise<void> {
    const entries = shards.get(stack.environment) ?? new Map();
    const shardOf = new Map([...entries].map(([id, entry]) => [id, entry.shard]));
    const exports = new Map<string, ShardExports>();
    for (const shard of [...new Set(shardOf.values())].sort()) {
        const reference = new pulumi.StackReference(`shard-${shard}`, { name: shardStackName(shard) }, { parent: platform });
        const details = await reference.getOutputDetails(SHARD_LOGIN_OUTPUT);
        exports.set(shard, (details.value ?? details.secretValue) as ShardExports);
    }
    // Tenants no shard exports yet get no mapping (their people are refused) until the platform's stack runs after their shard.
    const { ready } = shardLoginTenants(tenants, shardOf, exports);
    createGrafanaLogin({ stack, tenants: ready.map((r) => r.tenant), opts: { parent: platform } }, ready);
}
