/**
 * The tenant's own Grafana organization. Data sources, folders, dashboards, alert rules, contact points
 * and teams belong to one organization in Grafana, and a member of one organization cannot query a
 * data source of another: this is what keeps a tenant's users away from other tenants' metrics.
 *
 * Members come from the login (the platform's generic OAuth `org_mapping`, see `login.ts`), not from
 * this program; the organization holds tenant data (dashboards, alert state and history), so it is
 * protected while the tenant is live and never deleted by Pulumi (`ctx.dataOpts`).
 */
import * as grafana from "@pulumiverse/grafana";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedTenant } from "../model";
import type { LayerContext } from "../context";

/** The organization's member lists as the provider manages them (by e-mail address). */
export const MEMBER_LISTS = ["admins", "editors", "viewers", "usersWithoutAccesses"] as const;

/**
 * What this program says about the organization's members. Live tenants: nothing, and the provider's
 * lists are ignored, because the login adds and removes members at each sign-in (and the provider
 * would remove whoever it did not create). Archived tenants: every list empty, so that an update (with
 * `--refresh`, which reads the current members) removes every member but Grafana's own admin user.
 */
export function organizationMembers(tenant: Pick<ResolvedTenant, "status">): {
    members: Partial<Record<(typeof MEMBER_LISTS)[number], string[]>>;
    ignoreChanges: string[];
} {
    if (tenant.status === "archived") return { members: { admins: [], editors: [], viewers: [], usersWithoutAccesses: [] }, ignoreChanges: [] };
    return { members: {}, ignoreChanges: [...MEMBER_LISTS] };
}

export interface TenantOrganization {
    resource: grafana.oss.Organization;
    /** The organization's id as Grafana's `orgId` inputs take it (a string). */
    orgId: pulumi.Output<string>;
}

export function createOrganization(ctx: LayerContext): TenantOrganization {
    const { members, ignoreChanges } = organizationMembers(ctx.tenant);
    const resource = new grafana.oss.Organization(
        ctx.name("organization"),
        // createUsers false: the provider must never invent a user; members are people who signed in.
        { name: ctx.tenant.names.grafanaOrganization, createUsers: false, ...members },
        { ...ctx.dataOpts, ignoreChanges },
    );
    return { resource, orgId: resource.orgId.apply((id) => String(id)) };
}
