/** Realm roles and groups tenant-admin, devops and viewer, each group granted the role of the same name. */
import * as keycloak from "@pulumi/keycloak";
import type * as pulumi from "@pulumi/pulumi";
import { TENANT_GROUPS, type TenantGroup } from "../model";
import type { LayerContext } from "../context";

export const TENANT_ROLE_DESCRIPTIONS: Record<TenantGroup, string> = {
    "tenant-admin": "Full access to this tenant only",
    devops: "Deploy and promote within this tenant",
    viewer: "Read-only access to this tenant",
};

export function createRolesAndGroups(ctx: LayerContext, realmId: pulumi.Input<string>): Record<TenantGroup, keycloak.Group> {
    const groups = {} as Record<TenantGroup, keycloak.Group>;
    for (const name of TENANT_GROUPS) {
        const role = new keycloak.Role(ctx.name(`role-${name}`), { realmId, name, description: TENANT_ROLE_DESCRIPTIONS[name] }, ctx.opts);
        // A group holds its members (who is tenant-admin): tenant data, kept like the realm.
        const group = new keycloak.Group(ctx.name(`group-${name}`), { realmId, name }, ctx.dataOpts);
        // Exhaustive: a role added to the group by hand is removed on the next run.
        new keycloak.GroupRoles(ctx.name(`group-${name}-roles`), { realmId, groupId: group.id, roleIds: [role.id], exhaustive: true }, ctx.opts);
        groups[name] = group;
    }
    return groups;
}
