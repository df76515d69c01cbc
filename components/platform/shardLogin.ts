/**
 * Grafana's one login in a sharded environment. Each shard creates its tenants' Grafana organizations
 * and broker clients, and exports their ids and secrets (`shardLoginOutputs`); the platform's stack
 * reads every shard's exports through a StackReference and makes the login over all of them, as the
 * unsharded stack does over its own tenants (components/platform/tenantLogin.ts).
 *
 * A tenant no shard has exported yet (its shard has not deployed it) is left out of the login: no
 * identity provider and no org mapping, so its people are refused at login until the platform's stack
 * runs again after the shard. Never mapped by organization *name*: Grafana resolves names when it loads
 * the settings and skips a name it does not find, and a person whose group is allowed but unmapped lands
 * in the main organization (docs/shards.md).
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedTenant, ShardMap, StackConfig } from "../model";
import type { TenantIsolation } from "../tenantIsolation";
import { createGrafanaLogin } from "../observability/login";
import { createTenantBrokering } from "./brokering";
import type { Platform } from "./index";

/** The shard's stack outputs the platform's stack reads: tenant id → Grafana organization id, tenant id → broker client secret. */
export const SHARD_LOGIN_OUTPUTS = { orgIds: "grafanaOrganizations", brokerClientSecrets: "brokerClientSecrets" } as const;

/** What a shard exports for the login: its tenants' organization ids (plain) and broker client secrets (one secret). */
export function shardLoginOutputs(isolations: readonly { tenant: Pick<ResolvedTenant, "id">; isolation: TenantIsolation }[]) {
    return {
        [SHARD_LOGIN_OUTPUTS.orgIds]: Object.fromEntries(isolations.map(({ tenant, isolation }) => [tenant.id, isolation.observability.orgId])),
        [SHARD_LOGIN_OUTPUTS.brokerClientSecrets]: pulumi.secret(Object.fromEntries(isolations.map(({ tenant, isolation }) => [tenant.id, isolation.identity.brokerClientSecret]))),
    };
}

/** One shard's exports as read back; absent when the shard was never deployed. */
export interface ShardExports {
    orgIds?: Readonly<Record<string, unknown>>;
    brokerClientSecrets?: Readonly<Record<string, unknown>>;
}

export interface ShardLoginTenant {
    tenant: ResolvedTenant;
    orgId: string;
    brokerClientSecret: string;
}

/**
 * Pure: each tenant's organization id and broker client secret from its shard's exports, or, while a
 * tenant moves between shards, from the shard that still holds it. Tenants no shard exports are
 * `missing`. Two shards exporting different organizations for one tenant is an error.
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
        const found: { shard: string; orgId: string; secret: string }[] = [];
        for (const [shard, exported] of exports) {
            const orgId = exported.orgIds?.[tenant.id];
            const secret = exported.brokerClientSecrets?.[tenant.id];
            if (orgId === undefined || orgId === null || typeof secret !== "string") continue;
            found.push({ shard, orgId: String(orgId), secret });
        }
        const distinct = [...new Set(found.map((f) => f.orgId))];
        if (distinct.length > 1) {
            throw new Error(`tenant ${tenant.id}: shards ${found.map((f) => `${f.shard} (organization ${f.orgId})`).join(" and ")} export different Grafana organizations`);
        }
        const chosen = found.find((f) => f.shard === own) ?? found[0];
        if (chosen === undefined) missing.push({ tenant: tenant.id, shard: own });
        else ready.push({ tenant, orgId: chosen.orgId, brokerClientSecret: chosen.secret });
    }
    return { ready, missing };
}

/** `<org>/<project>/<shard>`: a shard's stack is named after its shard (docs/shards.md). */
export function shardStackName(shard: string): string {
    return `${pulumi.getOrganization()}/${pulumi.getProject()}/${shard}`;
}

/**
 * The platform stack's login over every shard's tenants: one StackReference per shard of the
 * environment, then the identity providers and Grafana's login for the tenants the shards export.
 */
export async function createShardedTenantLogin(platform: Platform, stack: StackConfig, tenants: readonly ResolvedTenant[], shards: ShardMap): Promise<void> {
    const entries = shards.get(stack.environment) ?? new Map();
    const shardOf = new Map([...entries].map(([id, entry]) => [id, entry.shard]));
    const exports = new Map<string, ShardExports>();
    for (const shard of [...new Set(shardOf.values())].sort()) {
        const reference = new pulumi.StackReference(`shard-${shard}`, { name: shardStackName(shard) }, { parent: platform });
        const read = async (name: string) => {
            const details = await reference.getOutputDetails(name);
            return (details.value ?? details.secretValue) as Record<string, unknown> | undefined;
        };
        exports.set(shard, { orgIds: await read(SHARD_LOGIN_OUTPUTS.orgIds), brokerClientSecrets: await read(SHARD_LOGIN_OUTPUTS.brokerClientSecrets) });
    }
    // Tenants no shard exports yet get no login (their people are refused) until the platform's stack runs after their shard.
    const { ready } = shardLoginTenants(tenants, shardOf, exports);
    const ctx = { stack, tenants: ready.map((r) => r.tenant), opts: { parent: platform } };
    createTenantBrokering(
        ctx,
        ready.map(({ tenant, brokerClientSecret }) => ({ tenant, brokerClientSecret: pulumi.secret(brokerClientSecret) })),
    );
    createGrafanaLogin(
        ctx,
        ready.map(({ tenant, orgId }) => ({ tenant, orgId })),
    );
}
