/** The tenant's realm (its own user store) and the realm's audit events. */
import * as keycloak from "@pulumi/keycloak";
import { LABEL_TENANT_ID, LABEL_TIER } from "../model";
import type { LayerContext } from "../context";
import {
    BRUTE_FORCE_DETECTION,
    EVENT_LISTENERS,
    EVENT_RETENTION_SECONDS,
    PASSWORD_POLICY,
    SSL_REQUIRED,
    realmLifespans,
} from "./settings";

export function createRealm(ctx: LayerContext): keycloak.Realm {
    const { tenant } = ctx;
    // The realm holds the tenant's users and credentials: tenant data, so protected and retained.
    const realm = new keycloak.Realm(
        ctx.name("realm"),
        {
            realm: tenant.names.realm,
            displayName: tenant.name,
            enabled: ctx.access.identity.realmEnabled,
            sslRequired: SSL_REQUIRED,
            passwordPolicy: PASSWORD_POLICY,
            ...realmLifespans(tenant.tier),
            // Users are invited by the tenant's admins; self-registration would let anyone into the realm.
            registrationAllowed: false,
            duplicateEmailsAllowed: false,
            resetPasswordAllowed: true,
            // A refresh token can be used once: a stolen one stops working as soon as its owner refreshes.
            revokeRefreshToken: true,
            refreshTokenMaxReuse: 0,
            attributes: { [LABEL_TENANT_ID]: tenant.id, [LABEL_TIER]: tenant.tierName },
            securityDefenses: {
                bruteForceDetection: { ...BRUTE_FORCE_DETECTION },
                headers: {
                    xFrameOptions: "DENY",
                    contentSecurityPolicy: "frame-src 'self'; frame-ancestors 'self'; object-src 'none';",
                    xContentTypeOptions: "nosniff",
                    xRobotsTag: "none",
                    strictTransportSecurity: "max-age=31536000; includeSubDomains",
                },
            },
        },
        ctx.dataOpts,
    );

    new keycloak.RealmEvents(
        ctx.name("realm-events"),
        {
            realmId: realm.id,
            eventsEnabled: true,
            eventsExpiration: EVENT_RETENTION_SECONDS,
            eventsListeners: [...EVENT_LISTENERS],
            adminEventsEnabled: true,
            adminEventsDetailsEnabled: true,
        },
        ctx.opts,
    );
    return realm;
}
