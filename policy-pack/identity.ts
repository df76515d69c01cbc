/** Keycloak: one realm per tenant, named by its id; tenant objects stay in it; clients are hardened. */
import * as keycloak from "@pulumi/keycloak";
import { validateResourceOfType, type ResourceValidationPolicy, type StackValidationPolicy } from "@pulumi/policy";
import { LOOPBACK_HOST_PATTERN } from "../components/model/stackConfig";
import { policyConfig } from "./lib/config";
import { knownOnly, perResource } from "./lib/known";
import { owningTenant } from "./lib/stack";

const REALM_TYPE = "keycloak:index/realm:Realm";

const realmSchema: NonNullable<StackValidationPolicy["configSchema"]> = {
    properties: {
        reservedRealms: {
            type: "array",
            items: { type: "string" },
            default: ["master"],
            description: "Realms this program must never create or manage (Keycloak's own).",
        },
        platformRealm: {
            type: "string",
            default: "stoa",
            description: "The platform team's realm; no tenant may own it.",
        },
    },
};

export const keycloakRealmPerTenant: StackValidationPolicy = {
    name: "keycloak-realm-per-tenant",
    description: "Checks that each tenant has at most one Keycloak realm, named by its id, and that no realm takes a reserved name.",
    enforcementLevel: "mandatory",
    configSchema: realmSchema,
    validateStack: (args, reportViolation) => {
        const { reservedRealms, platformRealm } = policyConfig<{ reservedRealms: string[]; platformRealm: string }>(realmSchema, args);
        const realmsByTenant = new Map<string, string[]>();
        perResource(
            (resource) => resource.type === REALM_TYPE,
            (realm) => {
                const name = (realm.props as { realm?: string }).realm ?? "";
                if (reservedRealms.includes(name)) reportViolation(`Realm ${name} must not be managed here: the name is reserved.`, realm.urn);
                const owner = owningTenant(realm);
                if (!owner) return;
                if (name === platformRealm) reportViolation(`Realm ${name} of tenant ${owner.tenantId} must not be the platform realm.`, realm.urn);
                else if (name !== owner.tenantId) reportViolation(`Realm ${name} of tenant ${owner.tenantId} must be named ${owner.tenantId}.`, realm.urn);
                realmsByTenant.set(owner.tenantId, [...(realmsByTenant.get(owner.tenantId) ?? []), name]);
            },
            () => {
                for (const [tenantId, realms] of realmsByTenant) {
                    if (realms.length > 1) reportViolation(`Tenant ${tenantId} must have one realm, not ${realms.length} (${realms.join(", ")}).`);
                }
            },
        )(args, reportViolation);
    },
};

export const keycloakObjectsInTenantRealm: StackValidationPolicy = {
    name: "keycloak-objects-in-tenant-realm",
    description: "Checks that every Keycloak object under a TenantIsolation lives in that tenant's realm.",
    enforcementLevel: "mandatory",
    validateStack: perResource(
        (resource) => resource.type.startsWith("keycloak:") && resource.type !== REALM_TYPE,
        (resource, _args, reportViolation) => {
            const owner = owningTenant(resource);
            if (!owner) return;
            const realmId = (resource.props as { realmId?: unknown }).realmId;
            // The provider addresses realms by name: a tenant realm's id is the tenant id.
            if (realmId !== undefined && realmId !== owner.tenantId) {
                reportViolation(`${resource.type.split(":").pop()} ${resource.name} of tenant ${owner.tenantId} must be in realm ${owner.tenantId}, not ${String(realmId)}.`, resource.urn);
            }
        },
    ),
};

/** Redirect URIs or origins with a wildcard (`*` anywhere: Keycloak treats a trailing `*` as a prefix match). */
export function wildcards(uris: readonly string[] | undefined): string[] {
    return (uris ?? []).filter((uri) => uri.includes("*"));
}

interface ClientProps {
    clientId?: string;
    accessType?: string;
    standardFlowEnabled?: boolean;
    implicitFlowEnabled?: boolean;
    directAccessGrantsEnabled?: boolean;
    oauth2DeviceAuthorizationGrantEnabled?: boolean;
    standardTokenExchangeEnabled?: boolean;
    oauth2JwtAuthorizationGrantEnabled?: boolean;
    pkceCodeChallengeMethod?: string;
    validRedirectUris?: string[];
    validPostLogoutRedirectUris?: string[];
    webOrigins?: string[];
}

const LOOPBACK_HTTP = new RegExp(String.raw`^http://${LOOPBACK_HOST_PATTERN}(:\d+)?(/|$)`);

/**
 * https anywhere, or plain http to this machine's loopback (a native app's local listener, RFC 8252):
 * anything else sends authorization codes over the network in clear.
 */
export function isSafeRedirectScheme(uri: string): boolean {
    return uri.startsWith("https://") || LOOPBACK_HTTP.test(uri);
}

/** Every hardening problem of an OpenID client. Pure, so the rules can be read (and tested) as a table. */
export function clientProblems(client: ClientProps, rules: { allowDeviceAuthorizationGrant: boolean }): string[] {
    const problems: string[] = [];
    const type = client.accessType ?? "";
    for (const [field, uris] of [
        ["validRedirectUris", client.validRedirectUris],
        ["validPostLogoutRedirectUris", client.validPostLogoutRedirectUris],
        ["webOrigins", client.webOrigins],
    ] as const) {
        for (const uri of wildcards(uris)) problems.push(`must not use wildcard ${field} ${uri}`);
    }
    for (const uri of [...(client.validRedirectUris ?? []), ...(client.validPostLogoutRedirectUris ?? [])]) {
        if (!isSafeRedirectScheme(uri)) problems.push(`must redirect over https or to a loopback address, not ${uri}`);
    }
    if (type === "BEARER-ONLY") return problems;
    if (client.implicitFlowEnabled) problems.push("must not enable the implicit flow");
    if (type !== "PUBLIC") return problems;
    if (client.directAccessGrantsEnabled) problems.push("must not enable direct access grants (password grant) on a public client");
    if (client.standardTokenExchangeEnabled || client.oauth2JwtAuthorizationGrantEnabled) problems.push("must not enable token exchange or JWT grants on a public client");
    if (client.oauth2DeviceAuthorizationGrantEnabled) {
        if (!rules.allowDeviceAuthorizationGrant) problems.push("must not enable the device authorization grant");
        else if (client.standardFlowEnabled) problems.push("must not mix the device authorization grant with the standard flow");
    }
    if (client.standardFlowEnabled && client.pkceCodeChallengeMethod !== "S256") {
        problems.push(`must require PKCE S256 (got ${client.pkceCodeChallengeMethod ?? "none"})`);
    }
    return problems;
}

const clientSchema: NonNullable<ResourceValidationPolicy["configSchema"]> = {
    properties: {
        allowDeviceAuthorizationGrant: {
            type: "boolean",
            // Device codes can be phished: the program's kubectl client uses PKCE to a loopback redirect instead.
            default: false,
            description: "Allow a public client that uses only the device authorization grant (headless logins); default false: the standard flow with PKCE only.",
        },
    },
};

export const keycloakClientHardened: ResourceValidationPolicy = {
    name: "keycloak-client-hardened",
    description: "Checks that OpenID clients redirect only to exact https or loopback URIs and that public clients use the standard flow with PKCE S256, never implicit, password or device grants.",
    enforcementLevel: "mandatory",
    configSchema: clientSchema,
    validateResource: knownOnly(
        validateResourceOfType(keycloak.openid.Client, (client, args, reportViolation) => {
            const rules = policyConfig<{ allowDeviceAuthorizationGrant: boolean }>(clientSchema, args);
            for (const problem of clientProblems(client as ClientProps, rules)) {
                reportViolation(`Client ${client.clientId ?? args.name} (${client.accessType}) ${problem}.`);
            }
        }),
    ),
};
