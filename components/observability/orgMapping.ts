/**
 * Where each user lands in Grafana: the `org_mapping` of the platform's generic OAuth login, as pure
 * data. Grafana reads a list of strings from the ID token (`ORG_ATTRIBUTE_PATH`: the user's platform
 * realm groups and realm roles) and puts the user in every organization whose mapping matches one of
 * them, with that mapping's role, and removes the user from every other organization at each login.
 *
 * A tenant's people reach the platform realm through that tenant's identity provider, which puts them
 * in the platform groups `/<platformGroup>/<tenant group>` (see components/platform/brokering.ts). Each
 * such group maps to the tenant's own organization only, so a user lands in their tenant's
 * organization with the role of their group, and in no other. The platform's cpi-admin role maps to
 * the main organization.
 */
import { TENANT_GROUPS, type TenantGroup, type TenantNames, type TenantStatus } from "../model";

export type GrafanaRole = "Admin" | "Editor" | "Viewer";

/** The role each tenant group gets in its tenant's organization while the tenant is active. */
export const GRAFANA_ROLE_OF_GROUP: Readonly<Record<TenantGroup, GrafanaRole>> = {
    "tenant-admin": "Admin",
    devops: "Editor",
    viewer: "Viewer",
};

/** Grafana's main organization (id 1): the platform's own objects only. */
export const MAIN_ORG_ID = "1";

/**
 * JMESPath over the ID token: the platform realm groups (full paths) and realm roles, as one list.
 * Used for both `org_attribute_path` and `groups_attribute_path` (which `allowed_groups` checks).
 */
export const ORG_ATTRIBUTE_PATH = "[groups || `[]`, roles || `[]`][]";

export interface OrgMappingEntry {
    /** A value of ORG_ATTRIBUTE_PATH: a platform group path or a platform realm role. */
    external: string;
    /** Grafana organization id. */
    orgId: string;
    role: GrafanaRole;
}

export interface OrgMappingTenant {
    id: string;
    status: TenantStatus;
    names: Pick<TenantNames, "platformGroup">;
}

/** `/tenant-acme-corp/devops`: the platform realm group a tenant group is carried over to. */
export function platformGroupPath(names: Pick<TenantNames, "platformGroup">, group: TenantGroup): string {
    return `/${names.platformGroup}/${group}`;
}

/**
 * One tenant's mappings: active, each group with its role; suspended, every group Viewer (read-only);
 * archived, none (its people are refused at login and keep no membership; the organization stays).
 */
export function tenantOrgMapping(tenant: OrgMappingTenant, orgId: string): OrgMappingEntry[] {
    if (tenant.status === "archived") return [];
    return TENANT_GROUPS.map((group) => ({
        external: platformGroupPath(tenant.names, group),
        orgId,
        role: tenant.status === "active" ? GRAFANA_ROLE_OF_GROUP[group] : "Viewer",
    }));
}

/**
 * The whole mapping: the platform admins' role to the main organization, then every tenant's groups to
 * its own organization. Refuses a tenant organization id that is the main organization's or another
 * tenant's: one wrong id would put a tenant's people in someone else's organization.
 */
export function orgMapping(platformAdminRole: string, tenants: readonly { tenant: OrgMappingTenant; orgId: string }[]): OrgMappingEntry[] {
    const owners = new Map<string, string>();
    for (const { tenant, orgId } of tenants) {
        if (!/^[1-9][0-9]*$/.test(orgId)) throw new Error(`tenant ${tenant.id}: Grafana organization id "${orgId}" is not a positive integer`);
        if (orgId === MAIN_ORG_ID) throw new Error(`tenant ${tenant.id}: Grafana organization ${orgId} is the main organization`);
        const other = owners.get(orgId);
        if (other !== undefined) throw new Error(`tenants ${other} and ${tenant.id} share Grafana organization ${orgId}`);
        owners.set(orgId, tenant.id);
    }
    return [{ external: platformAdminRole, orgId: MAIN_ORG_ID, role: "Admin" }, ...tenants.flatMap(({ tenant, orgId }) => tenantOrgMapping(tenant, orgId))];
}

/** Grafana's `org_mapping` text: `external:orgId:role`, comma-separated; `:` in a value escaped as `\:`. */
export function formatOrgMapping(entries: readonly OrgMappingEntry[]): string {
    return entries.map((e) => `${e.external.replaceAll(":", "\\:")}:${e.orgId}:${e.role}`).join(",");
}

/** Grafana's `allowed_groups`: only a user with at least one mapped value may sign in. */
export function allowedGroups(entries: readonly OrgMappingEntry[]): string {
    return [...new Set(entries.map((e) => e.external))].join(",");
}

/**
 * Reads `org_mapping` text back the way Grafana splits it (commas or spaces between mappings, `:`
 * between fields, `\:` for a literal colon). A mapping Grafana would skip (not 2 or 3 fields) comes back
 * with an empty `orgId` and no `role`; a missing role means Viewer to Grafana.
 */
export function parseOrgMapping(text: string): { external: string; orgId: string; role?: string }[] {
    return text
        .split(/[\s,]+/)
        .filter((item) => item !== "")
        .map((item) => {
            const fields: string[] = [];
            let current = "";
            for (let i = 0; i < item.length; i++) {
                if (item[i] === "\\" && item[i + 1] === ":") {
                    current += ":";
                    i++;
                } else if (item[i] === ":") {
                    fields.push(current);
                    current = "";
                } else current += item[i];
            }
            fields.push(current);
            if (fields.length < 2 || fields.length > 3) return { external: item, orgId: "", role: undefined };
            return { external: fields[0], orgId: fields[1], role: fields[2] ?? "Viewer" };
        });
}
