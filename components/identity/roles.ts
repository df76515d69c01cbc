/**
 * Realm roles and groups tenant-admin, devops and viewer, each group granted the role of the same name.
 * tenant-admin also gets user administration in its own realm: roles of that realm's
 * `realm-management` client, which act on that realm only ("tenant-admin can only manage their own
 * tenant"). Never `realm-admin` or `manage-realm`/`manage-clients`: those would let a tenant undo the
 * realm's hardening (brute-force protection, exact redirect URIs).
 */
import * as keycloak from "@pulumi/keycloak";
import * as pulumi from "@pulumi/pulumi";
import { TENANT_GROUPS, type AccessPlan, type TenantGroup } from "../model";
import type { LayerContext } from "../context";

export const TENANT_ROLE_DESCRIPTIONS: Record<TenantGroup, string> = {
    "tenant-admin": "Full access to this tenant only",
    devops: "Deploy and promote within this tenant",
    viewer: "Read-only access to this tenant",
};

/** Keycloak's per-realm administration client. */
export const REALM_MANAGEMENT_CLIENT = "realm-management";

const VIEW_USERS = ["view-users", "query-users", "query-groups", "view-events"];

/** The realm-management roles of tenant-admin: users and their groups, and the realm's events (audit). */
export function userAdministrationRoles(mode: AccessPlan["identity"]["userAdministration"]): string[] {
    return mode === "manage" ? ["manage-users", ...VIEW_USERS] : mode === "view" ? [...VIEW_USERS] : [];
}

export function createRolesAndGroups(ctx: LayerContext, realmId: pulumi.Output<string>): Record<TenantGroup, keycloak.Group> {
    const groups = {} as Record<TenantGroup, keycloak.Group>;
    const adminRoleIds = realmManagementRoleIds(ctx, realmId, userAdministrationRoles(ctx.access.identity.userAdministration));
    for (const name of TENANT_GROUPS) {
        const role = new keycloak.Role(ctx.name(`role-${name}`), { realmId, name, description: TENANT_ROLE_DESCRIPTIONS[name] }, ctx.opts);
        // A group holds its members (who is tenant-admin): tenant data, kept like the realm.
        const group = new keycloak.Group(ctx.name(`group-${name}`), { realmId, name }, ctx.dataOpts);
        const roleIds = name === "tenant-admin" ? pulumi.all([role.id, ...adminRoleIds]) : [role.id];
        // Exhaustive: a role added to the group by hand is removed on the next run.
        new keycloak.GroupRoles(ctx.name(`group-${name}-roles`), { realmId, groupId: group.id, roleIds, exhaustive: true }, ctx.opts);
        groups[name] = group;
    }
    return groups;
}

/** Ids of `names`, roles of the realm's own realm-management client (looked up: Keycloak creates them with the realm). */
function realmManagementRoleIds(ctx: LayerContext, realmId: pulumi.Output<string>, names: readonly string[]): pulumi.Output<string>[] {
    if (names.length === 0) return [];
    const invokeOpts = { parent: ctx.opts.parent };
    const client = keycloak.openid.getClientOutput({ realmId, clientId: REALM_MANAGEMENT_CLIENT }, invokeOpts);
    return names.map((name) => keycloak.getRoleOutput({ realmId, clientId: client.id, name }, invokeOpts).id);
}
