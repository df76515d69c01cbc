/**
 * The platform realm's `cpi-admin` role. The realm itself belongs to the platform team and exists before
 * this program runs, so only the role is managed here: created, or adopted when it already exists
 * (`cpiAdminRoleExists`), and never deleted by Pulumi.
 */
import * as keycloak from "@pulumi/keycloak";
import type { PlatformLayerContext } from "./context";

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
    return { cpiAdminRole: role.name, platformRealm: ctx.stack.platformRealm };
}
