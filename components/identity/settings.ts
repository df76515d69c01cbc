/**
 * The realm settings every tenant gets, as pure data and functions: what the tests check and what the
 * realm, its clients and mappers are built from.
 */
import type { Tier } from "../model";

/**
 * `all`, not `external`: `external` lets clients on private addresses (every pod in the cluster, including
 * other tenants' pods) talk to Keycloak over plain http. Keycloak sits behind a TLS ingress and must be
 * told so (`KC_PROXY_HEADERS=xforwarded`) to see the original https scheme.
 */
export const SSL_REQUIRED = "all";

/**
 * Length over composition (NIST SP 800-63B): at least 12 characters, never the username or e-mail,
 * not one of the last 5 passwords.
 */
export const PASSWORD_POLICY = "length(12) and maxLength(128) and notUsername and notEmail and passwordHistory(5)";

/** Temporary lockouts that grow with each failure, never a permanent one (an attacker could lock out an admin). */
export const BRUTE_FORCE_DETECTION = {
    permanentLockout: false,
    maxLoginFailures: 5,
    waitIncrementSeconds: 60,
    quickLoginCheckMilliSeconds: 1000,
    minimumQuickLoginWaitSeconds: 60,
    maxFailureWaitSeconds: 900,
    failureResetTimeSeconds: 43200,
} as const;

/** Login and admin events are kept this long in Keycloak; `jboss-logging` also ships them to the log pipeline. */
export const EVENT_RETENTION_SECONDS = 90 * 24 * 60 * 60;
export const EVENT_LISTENERS = ["jboss-logging"] as const;

/** Claim with the user's group names, mapped by the cluster's OIDC authenticator and the gateway. */
export const GROUPS_CLAIM = "groups";
/** Claim with the tenant id, for the gateway's and OPA's tenant context. */
export const TENANT_CLAIM = "tenant";
/**
 * Session note the platform realm's identity provider of a tenant hardcodes to the tenant's id at each
 * login through it; Grafana's client reads its `tenant` claim from it (users cannot edit session notes).
 */
export const TENANT_SESSION_NOTE = "tenant";
/** Audience the Kubernetes API server accepts (its OIDC authenticator's `audiences`). */
export const KUBERNETES_AUDIENCE = "kubernetes";

/** Every grant off; each client switches on the one it needs. */
export const NO_GRANTS = {
    standardFlowEnabled: false,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    serviceAccountsEnabled: false,
    oauth2DeviceAuthorizationGrantEnabled: false,
} as const;

/** A confidential client that signs people in with the authorization code flow and PKCE S256, nothing else. */
export const CONFIDENTIAL_CODE_FLOW = {
    accessType: "CONFIDENTIAL",
    ...NO_GRANTS,
    standardFlowEnabled: true,
    pkceCodeChallengeMethod: "S256",
} as const;

/** Keycloak durations are Go duration strings. */
export function goDuration(seconds: number): string {
    if (!Number.isInteger(seconds) || seconds <= 0) throw new Error(`duration must be a positive whole number of seconds (got ${seconds})`);
    return `${seconds}s`;
}

export interface RealmLifespans {
    accessTokenLifespan: string;
    ssoSessionIdleTimeout: string;
    ssoSessionMaxLifespan: string;
}

/** The tier's token lifespans as realm settings. */
export function realmLifespans(tier: Pick<Tier, "tokenLifespans">): RealmLifespans {
    const { accessToken, ssoSessionIdle, ssoSessionMax } = tier.tokenLifespans;
    if (ssoSessionIdle > ssoSessionMax) throw new Error(`SSO idle timeout (${ssoSessionIdle}s) must not exceed the SSO maximum (${ssoSessionMax}s)`);
    return {
        accessTokenLifespan: goDuration(accessToken),
        ssoSessionIdleTimeout: goDuration(ssoSessionIdle),
        ssoSessionMaxLifespan: goDuration(ssoSessionMax),
    };
}

/**
 * The portal's exact redirect URIs: each stack template with `{tenant}` replaced by the tenant id.
 * Wildcards are refused here as well as in the stack schema, because one wildcard is enough to send a
 * tenant's authorization codes elsewhere.
 */
export function portalRedirectUris(templates: readonly string[], tenantId: string): string[] {
    return templates.map((template) => {
        if (!template.includes("{tenant}")) throw new Error(`portal redirect URI ${template} must contain {tenant}`);
        const uri = template.replaceAll("{tenant}", tenantId);
        if (uri.includes("*")) throw new Error(`portal redirect URI ${uri} must not contain a wildcard`);
        if (!uri.startsWith("https://")) throw new Error(`portal redirect URI ${uri} must use https`);
        return uri;
    });
}

/** CORS origins of the portal: exact https origins only (no `*`, no `+`). */
export function portalWebOrigins(origins: readonly string[]): string[] {
    for (const origin of origins) {
        if (!/^https:\/\/[^*\s/]+$/.test(origin)) throw new Error(`portal web origin ${origin} must be an exact https origin`);
    }
    return [...origins];
}

/** Issuer URL of a realm: what the cluster's authenticator and the gateway trust for this tenant. */
export function issuerUrl(keycloakUrl: string, realm: string): string {
    return `${keycloakUrl.replace(/\/+$/, "")}/realms/${realm}`;
}

/** OpenID Connect endpoints of a realm. */
export function realmEndpoints(keycloakUrl: string, realm: string) {
    const issuer = issuerUrl(keycloakUrl, realm);
    const base = `${issuer}/protocol/openid-connect`;
    return { issuer, auth: `${base}/auth`, token: `${base}/token`, userinfo: `${base}/userinfo`, jwks: `${base}/certs`, logout: `${base}/logout` };
}
