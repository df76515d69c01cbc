/**
 * The platform realm's `cpi-admin`: the role, and the top-level group `cpi-admin` holding it. The
 * cluster's ClusterRoleBinding matches the group (`platform:cpi-admin`, from the `groups` claim), so
 * the group is what grants cluster-admin: managing it here means its name is taken by the program
 * rather than by whoever creates it first, and the role and the group stay together. The realm itself
 * belongs to the platform team and exists before this program runs; the role is created, or adopted
 * when it already exists (`cpiAdminRoleExists`). Neither is ever deleted by Pulumi. Membership is the
 * platform team's business.
 */
import * as keycloak from "@pulumi/keycloak";
import type { PlatformLayerContext } from "./context";
import { CPI_ADMIN_GROUP } from "./kubernetes";

export const CPI_ADMIN_ROLE = "cpi-admin";

export function createPlatformIdentity(ctx: PlatformLayerContext): Record<string, unknown> {
    const role = new keycloak.Role(
        "platform-cpi-admin",
        {
            // The provider addresses realms by name.
            realmId: ctx.stack.platformRealm,
            name: CPI_ADMIN_ROLE,
            description: "Platform administrator: full access to all tenants, all operations",
            import: ctx.stack.cpiAdminRoleExists,
        },
        { ...ctx.opts, retainOnDelete: true },
    );
    const group = new keycloak.Group("platform-cpi-admin", { realmId: ctx.stack.platformRealm, name: CPI_ADMIN_GROUP }, { ...ctx.opts, retainOnDelete: true });
    // Not exhaustive: roles the platform team gives the group besides cpi-admin stay.
    new keycloak.GroupRoles("platform-cpi-admin", { realmId: ctx.stack.platformRealm, groupId: group.id, roleIds: [role.id], exhaustive: false }, ctx.opts);
    return { cpiAdminRole: role.name, cpiAdminGroup: group.name, platformRealm: ctx.stack.platformRealm };
}
