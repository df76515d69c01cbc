/**
 * How tenant users reach Grafana: the platform realm brokers each tenant realm, and Grafana's login
 * sends each user to their tenant's organization. Registered after the tenants, because both need
 * what each TenantIsolation created (the broker client's secret, the organization's id).
 */
import type { ResolvedTenant, StackConfig } from "../model";
import type { TenantIsolation } from "../tenantIsolation";
import { createGrafanaLogin } from "../observability/login";
import { createTenantBrokering } from "./brokering";
import type { Platform } from "./index";

export function createTenantLogin(platform: Platform, stack: StackConfig, isolations: readonly { tenant: ResolvedTenant; isolation: TenantIsolation }[]): void {
    const ctx = { stack, tenants: isolations.map((i) => i.tenant), opts: { parent: platform } };
    createTenantBrokering(
        ctx,
        isolations.map(({ tenant, isolation }) => ({ tenant, brokerClientSecret: isolation.identity.brokerClientSecret })),
    );
    createGrafanaLogin(
        ctx,
        isolations.map(({ tenant, isolation }) => ({ tenant, orgId: isolation.observability.orgId })),
    );
}
