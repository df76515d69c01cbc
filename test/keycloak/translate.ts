/**
 * Turns the Keycloak resources the program registers (as recorded under the mocks) into the Admin
 * REST API calls the `keycloak` provider makes for them, so the real-server tests apply exactly what
 * the program declares. Read from keycloak/terraform-provider-keycloak (the provider
 * @pulumi/keycloak 6.13.0 wraps), `provider/resource_keycloak_*.go` for the argument defaults and
 * `keycloak/*.go` for the JSON:
 * - realm (getRealmFromData): `POST /realms` with the realm representation; durations
 *   (`"900s"`) become seconds; `security_defenses.headers` → `browserSecurityHeaders`;
 *   `brute_force_detection` → `bruteForceProtected: true` and `failureFactor` (max_login_failures),
 *   `maxDeltaTimeSeconds` (failure_reset_time_seconds) and the same-named fields; `attributes` as is.
 * - realm events: `PUT /realms/{realm}/events/config` with eventsEnabled, eventsExpiration,
 *   eventsListeners, adminEventsEnabled, adminEventsDetailsEnabled, enabledEventTypes (empty: all).
 * - role: `POST /realms/{realm}/roles` {name, description}; with `import: true` the provider adopts
 *   the existing role (it must exist) and then updates it.
 * - group: `POST /realms/{realm}/groups` {name}.
 * - group roles: role ids are split into realm roles and client roles, then `POST
 *   /groups/{id}/role-mappings/realm` and `…/role-mappings/clients/{client}` with the role
 *   representations; `exhaustive` removes other mappings (a new group has none).
 * - openid client: `POST /realms/{realm}/clients` with publicClient/bearerOnly from `access_type`,
 *   the five grant switches, `redirectUris`, `webOrigins`, `secret`, and the attributes
 *   `pkce.code.challenge.method`, `oauth2.device.authorization.grant.enabled` ("true"/"false") and
 *   `post.logout.redirect.uris` (joined with `##`).
 * - protocol mappers (convertToGenericProtocolMapper): `POST /clients/{id}/protocol-mappers/models`
 *   with `oidc-audience-mapper`, `oidc-group-membership-mapper` or `oidc-hardcoded-claim-mapper`
 *   and the config keys `id.token.claim`, `access.token.claim`, `userinfo.token.claim`,
 *   `introspection.token.claim`, `claim.name`, `claim.value`, `jsonType.label`, `full.path`,
 *   `included.custom.audience`, `included.client.audience`, booleans as "true"/"false", with the
 *   provider's schema defaults for arguments the program leaves out.
 *
 * Not covered, on purpose: arguments the program does not set are left to Keycloak's defaults (the
 * provider sends its own schema defaults for some of them, e.g. a realm's login settings); an input
 * this translator does not know, and a `keycloak:` resource type it does not know, make it throw, so
 * nothing the program registers is silently left out.
 */
import type { RecordedResource } from "../../scripts/offline/runtime";

export const TYPES = {
    realm: "keycloak:index/realm:Realm",
    realmEvents: "keycloak:index/realmEvents:RealmEvents",
    role: "keycloak:index/role:Role",
    group: "keycloak:index/group:Group",
    groupRoles: "keycloak:index/groupRoles:GroupRoles",
    client: "keycloak:openid/client:Client",
    groupsMapper: "keycloak:openid/groupMembershipProtocolMapper:GroupMembershipProtocolMapper",
    audienceMapper: "keycloak:openid/audienceProtocolMapper:AudienceProtocolMapper",
    claimMapper: "keycloak:openid/hardcodedClaimProtocolMapper:HardcodedClaimProtocolMapper",
    realmRolesMapper: "keycloak:openid/userRealmRoleProtocolMapper:UserRealmRoleProtocolMapper",
    sessionNoteMapper: "keycloak:openid/userSessionNoteProtocolMapper:UserSessionNoteProtocolMapper",
    identityProvider: "keycloak:oidc/identityProvider:IdentityProvider",
    attributeIdpMapper: "keycloak:index/hardcodedAttributeIdentityProviderMapper:HardcodedAttributeIdentityProviderMapper",
    usernameIdpMapper: "keycloak:index/userTemplateImporterIdentityProviderMapper:UserTemplateImporterIdentityProviderMapper",
    customIdpMapper: "keycloak:index/customIdentityProviderMapping:CustomIdentityProviderMapping",
} as const;

/** The order a real `pulumi up` reaches them in (each kind depends on earlier ones). */
export const APPLY_ORDER: readonly string[] = [
    TYPES.realm,
    TYPES.realmEvents,
    TYPES.role,
    TYPES.group,
    TYPES.groupRoles,
    TYPES.client,
    TYPES.groupsMapper,
    TYPES.audienceMapper,
    TYPES.claimMapper,
    TYPES.realmRolesMapper,
    TYPES.sessionNoteMapper,
    TYPES.identityProvider,
    TYPES.attributeIdpMapper,
    TYPES.usernameIdpMapper,
    // After the groups: Keycloak refuses an advanced claim-to-group mapper whose group path does not exist.
    TYPES.customIdpMapper,
];

/** A placeholder for the server id of an object created by an earlier call. */
export interface Ref {
    ref: string;
}

export type AdminCall =
    /** `method` on `/admin/realms/<path>`; `creates` records the new object's id (Location header). */
    | { kind: "request"; resource: string; type: string; method: "POST" | "PUT"; path: (string | Ref)[]; body: unknown; creates?: string }
    /** The provider's `import: true`: the realm role must exist; then it is updated to `body`. */
    | { kind: "adopt-role"; resource: string; type: string; realm: string; body: { name: string; description?: string } }
    /** Role mappings of a group: realm roles by name, client roles by client id and name. */
    | { kind: "group-roles"; resource: string; type: string; realm: string; group: Ref; realmRoles: string[]; clientRoles: Record<string, string[]> };

type Inputs = Record<string, unknown>;

function only(resource: RecordedResource, inputs: Inputs, known: readonly string[], where = ""): Inputs {
    const unknown = Object.keys(inputs).filter((key) => !known.includes(key));
    if (unknown.length > 0) throw new Error(`${resource.name}: the translator does not know ${resource.type} inputs ${unknown.map((k) => where + k).join(", ")}`);
    return inputs;
}

function str(resource: RecordedResource, inputs: Inputs, key: string): string {
    const value = inputs[key];
    if (typeof value !== "string" || value === "") throw new Error(`${resource.name}: ${key} must be a non-empty string (got ${JSON.stringify(value)})`);
    return value;
}

function bool(inputs: Inputs, key: string, byDefault: boolean): boolean {
    const value = inputs[key];
    return value === undefined ? byDefault : value === true;
}

function list(inputs: Inputs, key: string): string[] {
    const value = inputs[key] ?? [];
    if (!Array.isArray(value)) throw new Error(`${key} must be a list`);
    return value.map(String);
}

/** Go's time.ParseDuration for the forms the provider accepts here (`1h30m`, `900s`), in whole seconds. */
export function durationSeconds(value: string): number {
    const units: Record<string, number> = { h: 3600, m: 60, s: 1 };
    const parts = [...value.matchAll(/(\d+)(h|m|s)/g)];
    if (parts.length === 0 || parts.map((p) => p[0]).join("") !== value) throw new Error(`not a duration: ${JSON.stringify(value)}`);
    return parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2]!]!, 0);
}

/** The id the offline mocks give a resource (scripts/offline/mocks.ts): its `name` or `realm` input, else `<name>-id`. */
export function mockId(resource: RecordedResource): string {
    const { name, realm } = resource.inputs;
    return String(name ?? realm ?? `${resource.name}-id`);
}

/** A client role id as the mocked lookups return it: `<realm>/client/<clientId>/role/<name>`. */
const CLIENT_ROLE_ID = /^([^/]+)\/client\/([^/]+)\/role\/([^/]+)$/;

const REALM_INPUTS = [
    "realm",
    "displayName",
    "enabled",
    "sslRequired",
    "passwordPolicy",
    "accessTokenLifespan",
    "ssoSessionIdleTimeout",
    "ssoSessionMaxLifespan",
    "registrationAllowed",
    "duplicateEmailsAllowed",
    "resetPasswordAllowed",
    "revokeRefreshToken",
    "refreshTokenMaxReuse",
    "attributes",
    "securityDefenses",
] as const;
const HEADER_INPUTS = ["contentSecurityPolicy", "contentSecurityPolicyReportOnly", "strictTransportSecurity", "xContentTypeOptions", "xFrameOptions", "xRobotsTag", "xXssProtection", "referrerPolicy"];
/** Brute-force inputs → realm representation fields. */
const BRUTE_FORCE_FIELDS: Record<string, string> = {
    permanentLockout: "permanentLockout",
    maxTemporaryLockouts: "maxTemporaryLockouts",
    maxLoginFailures: "failureFactor",
    waitIncrementSeconds: "waitIncrementSeconds",
    quickLoginCheckMilliSeconds: "quickLoginCheckMilliSeconds",
    minimumQuickLoginWaitSeconds: "minimumQuickLoginWaitSeconds",
    maxFailureWaitSeconds: "maxFailureWaitSeconds",
    failureResetTimeSeconds: "maxDeltaTimeSeconds",
    bruteForceStrategy: "bruteForceStrategy",
};

function realmCall(resource: RecordedResource): AdminCall {
    const inputs = only(resource, resource.inputs, REALM_INPUTS);
    const body: Record<string, unknown> = { realm: str(resource, inputs, "realm"), enabled: bool(inputs, "enabled", true) };
    for (const key of ["displayName", "sslRequired", "passwordPolicy", "registrationAllowed", "duplicateEmailsAllowed", "resetPasswordAllowed", "revokeRefreshToken", "refreshTokenMaxReuse", "attributes"]) {
        if (inputs[key] !== undefined) body[key] = inputs[key];
    }
    for (const key of ["accessTokenLifespan", "ssoSessionIdleTimeout", "ssoSessionMaxLifespan"]) {
        if (inputs[key] !== undefined) body[key] = durationSeconds(str(resource, inputs, key));
    }
    const defenses = (inputs.securityDefenses ?? {}) as Inputs;
    only(resource, defenses, ["headers", "bruteForceDetection"], "securityDefenses.");
    if (defenses.headers !== undefined) {
        body.browserSecurityHeaders = { ...only(resource, defenses.headers as Inputs, HEADER_INPUTS, "securityDefenses.headers.") };
    }
    if (defenses.bruteForceDetection !== undefined) {
        const bruteForce = only(resource, defenses.bruteForceDetection as Inputs, Object.keys(BRUTE_FORCE_FIELDS), "securityDefenses.bruteForceDetection.");
        body.bruteForceProtected = true;
        for (const [input, value] of Object.entries(bruteForce)) body[BRUTE_FORCE_FIELDS[input]!] = value;
    }
    return { kind: "request", resource: resource.name, type: resource.type, method: "POST", path: [], body };
}

function realmEventsCall(resource: RecordedResource): AdminCall {
    const inputs = only(resource, resource.inputs, ["realmId", "eventsEnabled", "eventsExpiration", "eventsListeners", "enabledEventTypes", "adminEventsEnabled", "adminEventsDetailsEnabled"]);
    return {
        kind: "request",
        resource: resource.name,
        type: resource.type,
        method: "PUT",
        path: [str(resource, inputs, "realmId"), "events", "config"],
        body: {
            adminEventsDetailsEnabled: bool(inputs, "adminEventsDetailsEnabled", false),
            adminEventsEnabled: bool(inputs, "adminEventsEnabled", false),
            enabledEventTypes: list(inputs, "enabledEventTypes"),
            eventsEnabled: bool(inputs, "eventsEnabled", false),
            eventsExpiration: Number(inputs.eventsExpiration ?? 0),
            eventsListeners: list(inputs, "eventsListeners"),
        },
    };
}

function roleCall(resource: RecordedResource): AdminCall {
    const inputs = only(resource, resource.inputs, ["realmId", "name", "description", "import"]);
    const realm = str(resource, inputs, "realmId");
    const body = { name: str(resource, inputs, "name"), ...(inputs.description !== undefined ? { description: String(inputs.description) } : {}) };
    if (inputs.import === true) return { kind: "adopt-role", resource: resource.name, type: resource.type, realm, body };
    return { kind: "request", resource: resource.name, type: resource.type, method: "POST", path: [realm, "roles"], body };
}

/** A top-level group: `POST /groups`; a subgroup (`parentId`): `POST /groups/{parentId}/children`, the parent created earlier. */
function groupCall(resource: RecordedResource, groups: ReadonlySet<string>): AdminCall {
    const inputs = only(resource, resource.inputs, ["realmId", "name", "parentId"]);
    const realm = str(resource, inputs, "realmId");
    const body = { name: str(resource, inputs, "name") };
    if (inputs.parentId === undefined) {
        return { kind: "request", resource: resource.name, type: resource.type, method: "POST", path: [realm, "groups"], body, creates: `group:${realm}/${mockId(resource)}` };
    }
    const parent = `group:${realm}/${str(resource, inputs, "parentId")}`;
    if (!groups.has(parent)) throw new Error(`${resource.name}: parentId ${String(inputs.parentId)} is no top-level group the program registers in realm ${realm}`);
    return {
        kind: "request",
        resource: resource.name,
        type: resource.type,
        method: "POST",
        path: [realm, "groups", { ref: parent }, "children"],
        body,
        creates: `${parent}/${mockId(resource)}`,
    };
}

function groupRolesCall(resource: RecordedResource, realmRoleIds: ReadonlyMap<string, string>): AdminCall {
    const inputs = only(resource, resource.inputs, ["realmId", "groupId", "roleIds", "exhaustive"]);
    const realm = str(resource, inputs, "realmId");
    const realmRoles: string[] = [];
    const clientRoles: Record<string, string[]> = {};
    for (const id of list(inputs, "roleIds")) {
        const clientRole = CLIENT_ROLE_ID.exec(id);
        if (clientRole) {
            if (clientRole[1] !== realm) throw new Error(`${resource.name}: role ${id} belongs to realm ${clientRole[1]}, not ${realm}`);
            (clientRoles[clientRole[2]!] ??= []).push(clientRole[3]!);
            continue;
        }
        const name = realmRoleIds.get(`${realm}/${id}`);
        if (name === undefined) throw new Error(`${resource.name}: role id ${id} is no role the program registers in realm ${realm}`);
        realmRoles.push(name);
    }
    return { kind: "group-roles", resource: resource.name, type: resource.type, realm, group: { ref: `group:${realm}/${str(resource, inputs, "groupId")}` }, realmRoles, clientRoles };
}

const CLIENT_INPUTS = [
    "realmId",
    "clientId",
    "name",
    "accessType",
    "enabled",
    "clientSecret",
    "standardFlowEnabled",
    "implicitFlowEnabled",
    "directAccessGrantsEnabled",
    "serviceAccountsEnabled",
    "oauth2DeviceAuthorizationGrantEnabled",
    "pkceCodeChallengeMethod",
    "validRedirectUris",
    "validPostLogoutRedirectUris",
    "webOrigins",
];

/** `secretOf` gives the real value of an input recorded as "[secret]" (the API client's secret). */
function clientCall(resource: RecordedResource, secretOf: (resource: RecordedResource, input: string) => string): AdminCall {
    const inputs = only(resource, resource.inputs, CLIENT_INPUTS);
    const realm = str(resource, inputs, "realmId");
    const accessType = str(resource, inputs, "accessType");
    if (!["PUBLIC", "CONFIDENTIAL", "BEARER-ONLY"].includes(accessType)) throw new Error(`${resource.name}: accessType ${accessType} is not PUBLIC, CONFIDENTIAL or BEARER-ONLY`);
    const flows = bool(inputs, "standardFlowEnabled", false) || bool(inputs, "implicitFlowEnabled", false);
    if (!flows && list(inputs, "validRedirectUris").length > 0) throw new Error(`${resource.name}: validRedirectUris cannot be set when standard or implicit flow is not enabled`);
    const attributes: Record<string, string> = {
        "pkce.code.challenge.method": inputs.pkceCodeChallengeMethod === undefined ? "" : String(inputs.pkceCodeChallengeMethod),
        "oauth2.device.authorization.grant.enabled": String(bool(inputs, "oauth2DeviceAuthorizationGrantEnabled", false)),
        "use.refresh.tokens": "true",
        "backchannel.logout.session.required": "true",
    };
    const postLogout = list(inputs, "validPostLogoutRedirectUris");
    if (postLogout.length > 0) attributes["post.logout.redirect.uris"] = postLogout.join("##");
    const body: Record<string, unknown> = {
        clientId: str(resource, inputs, "clientId"),
        name: inputs.name === undefined ? "" : String(inputs.name),
        protocol: "openid-connect",
        clientAuthenticatorType: "client-secret",
        enabled: bool(inputs, "enabled", true),
        publicClient: accessType === "PUBLIC",
        bearerOnly: accessType === "BEARER-ONLY",
        standardFlowEnabled: bool(inputs, "standardFlowEnabled", false),
        implicitFlowEnabled: bool(inputs, "implicitFlowEnabled", false),
        directAccessGrantsEnabled: bool(inputs, "directAccessGrantsEnabled", false),
        serviceAccountsEnabled: bool(inputs, "serviceAccountsEnabled", false),
        redirectUris: list(inputs, "validRedirectUris"),
        webOrigins: list(inputs, "webOrigins"),
        fullScopeAllowed: true,
        attributes,
    };
    if (inputs.clientSecret !== undefined) body.secret = inputs.clientSecret === "[secret]" ? secretOf(resource, "clientSecret") : String(inputs.clientSecret);
    return { kind: "request", resource: resource.name, type: resource.type, method: "POST", path: [realm, "clients"], body, creates: `client:${realm}/${mockId(resource)}` };
}

/** Per mapper type: the provider's protocolMapper id, and each input's config key and default. */
const MAPPERS: Record<string, { protocolMapper: string; config: Record<string, [key: string, byDefault: boolean | string | undefined]> }> = {
    [TYPES.audienceMapper]: {
        protocolMapper: "oidc-audience-mapper",
        config: {
            addToIdToken: ["id.token.claim", true],
            addToAccessToken: ["access.token.claim", true],
            addToTokenIntrospection: ["introspection.token.claim", true],
            includedClientAudience: ["included.client.audience", ""],
            includedCustomAudience: ["included.custom.audience", ""],
        },
    },
    [TYPES.groupsMapper]: {
        protocolMapper: "oidc-group-membership-mapper",
        config: {
            fullPath: ["full.path", true],
            addToIdToken: ["id.token.claim", true],
            addToAccessToken: ["access.token.claim", true],
            addToUserinfo: ["userinfo.token.claim", true],
            addToTokenIntrospection: ["introspection.token.claim", false],
            claimName: ["claim.name", undefined],
        },
    },
    [TYPES.claimMapper]: {
        protocolMapper: "oidc-hardcoded-claim-mapper",
        config: {
            addToIdToken: ["id.token.claim", true],
            addToAccessToken: ["access.token.claim", true],
            addToUserinfo: ["userinfo.token.claim", true],
            claimName: ["claim.name", undefined],
            claimValue: ["claim.value", undefined],
            claimValueType: ["jsonType.label", "String"],
        },
    },
    [TYPES.realmRolesMapper]: {
        protocolMapper: "oidc-usermodel-realm-role-mapper",
        config: {
            addToIdToken: ["id.token.claim", true],
            addToAccessToken: ["access.token.claim", true],
            addToUserinfo: ["userinfo.token.claim", true],
            addToTokenIntrospection: ["introspection.token.claim", true],
            claimName: ["claim.name", undefined],
            claimValueType: ["jsonType.label", "String"],
            multivalued: ["multivalued", false],
            realmRolePrefix: ["usermodel.realmRoleMapping.rolePrefix", ""],
        },
    },
    [TYPES.sessionNoteMapper]: {
        protocolMapper: "oidc-usersessionmodel-note-mapper",
        config: {
            addToIdToken: ["id.token.claim", true],
            addToAccessToken: ["access.token.claim", true],
            addToUserinfo: ["userinfo.token.claim", true],
            addToTokenIntrospection: ["introspection.token.claim", true],
            claimName: ["claim.name", undefined],
            claimValueType: ["jsonType.label", "String"],
            sessionNote: ["user.session.note", ""],
        },
    },
};

function mapperCall(resource: RecordedResource, clients: ReadonlySet<string>): AdminCall {
    const mapper = MAPPERS[resource.type]!;
    const inputs = only(resource, resource.inputs, ["realmId", "clientId", "name", ...Object.keys(mapper.config)]);
    const realm = str(resource, inputs, "realmId");
    const client = `client:${realm}/${str(resource, inputs, "clientId")}`;
    if (!clients.has(client)) throw new Error(`${resource.name}: clientId ${String(inputs.clientId)} is no client the program registers in realm ${realm}`);
    const config: Record<string, string> = {};
    for (const [input, [key, byDefault]] of Object.entries(mapper.config)) {
        const value = inputs[input] ?? byDefault;
        if (value === undefined) throw new Error(`${resource.name}: ${input} is required`);
        config[key] = String(value);
    }
    return {
        kind: "request",
        resource: resource.name,
        type: resource.type,
        method: "POST",
        path: [realm, "clients", { ref: client }, "protocol-mappers", "models"],
        body: { name: str(resource, inputs, "name"), protocol: "openid-connect", protocolMapper: mapper.protocolMapper, config },
    };
}

const IDENTITY_PROVIDER_INPUTS = [
    "realm",
    "alias",
    "displayName",
    "providerId",
    "enabled",
    "clientId",
    "clientSecret",
    "authorizationUrl",
    "tokenUrl",
    "userInfoUrl",
    "jwksUrl",
    "logoutUrl",
    "issuer",
    "validateSignature",
    "backchannelSupported",
    "defaultScopes",
    "syncMode",
    "trustEmail",
    "storeToken",
    "linkOnly",
    "extraConfig",
];

/** Keycloak's quoted booleans; the provider leaves out those it tags `omitempty` when false. */
function quoted(value: boolean, omitWhenFalse: boolean): string | undefined {
    return value ? "true" : omitWhenFalse ? undefined : "false";
}

/** An identity provider: `POST /{realm}/identity-provider/instances` with the provider's schema defaults and `extraConfig` merged into `config`. */
function identityProviderCall(resource: RecordedResource, secretOf: (resource: RecordedResource, input: string) => string): AdminCall {
    const inputs = only(resource, resource.inputs, IDENTITY_PROVIDER_INPUTS);
    const realm = str(resource, inputs, "realm");
    const optional = (key: string): string | undefined => (inputs[key] === undefined || inputs[key] === "" ? undefined : String(inputs[key]));
    const syncMode = inputs.syncMode === undefined ? "LEGACY" : str(resource, inputs, "syncMode");
    if (!["IMPORT", "FORCE", "LEGACY"].includes(syncMode)) throw new Error(`${resource.name}: syncMode ${syncMode} is not IMPORT, FORCE or LEGACY`);
    const secret = inputs.clientSecret === "[secret]" ? secretOf(resource, "clientSecret") : optional("clientSecret");
    const config: Record<string, string | undefined> = {
        useJwksUrl: quoted(optional("jwksUrl") !== undefined, true),
        jwksUrl: optional("jwksUrl"),
        clientId: str(resource, inputs, "clientId"),
        clientSecret: secret,
        disableUserInfo: "false",
        disableTypeClaimCheck: "false",
        userInfoUrl: optional("userInfoUrl"),
        backchannelSupported: quoted(bool(inputs, "backchannelSupported", true), true),
        validateSignature: quoted(bool(inputs, "validateSignature", false), true),
        authorizationUrl: str(resource, inputs, "authorizationUrl"),
        tokenUrl: str(resource, inputs, "tokenUrl"),
        logoutUrl: optional("logoutUrl"),
        defaultScope: inputs.defaultScopes === undefined ? "openid" : String(inputs.defaultScopes),
        syncMode,
        issuer: optional("issuer"),
    };
    const extra = (inputs.extraConfig ?? {}) as Inputs;
    for (const [key, value] of Object.entries(extra)) {
        if (key in config) throw new Error(`${resource.name}: extraConfig.${key} is an argument of its own`);
        config[key] = String(value);
    }
    const body = {
        alias: str(resource, inputs, "alias"),
        displayName: inputs.displayName === undefined ? "" : String(inputs.displayName),
        providerId: inputs.providerId === undefined ? "oidc" : str(resource, inputs, "providerId"),
        enabled: bool(inputs, "enabled", true),
        storeToken: bool(inputs, "storeToken", true),
        addReadTokenRoleOnCreate: false,
        authenticateByDefault: false,
        linkOnly: bool(inputs, "linkOnly", false),
        trustEmail: bool(inputs, "trustEmail", false),
        firstBrokerLoginFlowAlias: "first broker login",
        postBrokerLoginFlowAlias: "",
        config: Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined)),
    };
    return { kind: "request", resource: resource.name, type: resource.type, method: "POST", path: [realm, "identity-provider", "instances"], body };
}

/**
 * An identity provider mapper: `POST /{realm}/identity-provider/instances/{alias}/mappers` with
 * {name, identityProviderAlias, identityProviderMapper, config}; `extraConfig` merged into `config`.
 * Hardcoded attribute: `hardcoded-attribute-idp-mapper` (`hardcoded-user-session-attribute-idp-mapper`
 * with `userSession`), config `attribute` and `attribute.value`. Username template:
 * `<providerId>-username-idp-mapper` of its identity provider, config `template`. Custom: the
 * `identityProviderMapper` given, config only `extraConfig`.
 */
function identityProviderMapperCall(resource: RecordedResource, providers: ReadonlyMap<string, string>): AdminCall {
    const specific: Record<string, string[]> = {
        [TYPES.attributeIdpMapper]: ["attributeName", "attributeValue", "userSession"],
        [TYPES.usernameIdpMapper]: ["template"],
        [TYPES.customIdpMapper]: ["identityProviderMapper"],
    };
    const inputs = only(resource, resource.inputs, ["realm", "identityProviderAlias", "name", "extraConfig", ...specific[resource.type]!]);
    const realm = str(resource, inputs, "realm");
    const alias = str(resource, inputs, "identityProviderAlias");
    const providerId = providers.get(`${realm}/${alias}`);
    if (providerId === undefined) throw new Error(`${resource.name}: identityProviderAlias ${alias} is no identity provider the program registers in realm ${realm}`);
    let mapperType: string;
    const config: Record<string, string> = {};
    switch (resource.type) {
        case TYPES.attributeIdpMapper:
            if (typeof inputs.userSession !== "boolean") throw new Error(`${resource.name}: userSession is required`);
            mapperType = inputs.userSession ? "hardcoded-user-session-attribute-idp-mapper" : "hardcoded-attribute-idp-mapper";
            if (inputs.attributeName !== undefined) config.attribute = String(inputs.attributeName);
            if (inputs.attributeValue !== undefined) config["attribute.value"] = String(inputs.attributeValue);
            break;
        case TYPES.usernameIdpMapper:
            mapperType = ["facebook", "google", "keycloak-oidc"].includes(providerId) ? "oidc-username-idp-mapper" : `${providerId}-username-idp-mapper`;
            if (inputs.template !== undefined) config.template = String(inputs.template);
            break;
        default:
            mapperType = str(resource, inputs, "identityProviderMapper");
    }
    for (const [key, value] of Object.entries((inputs.extraConfig ?? {}) as Inputs)) {
        if (key in config) throw new Error(`${resource.name}: extraConfig.${key} is an argument of its own`);
        config[key] = String(value);
    }
    return {
        kind: "request",
        resource: resource.name,
        type: resource.type,
        method: "POST",
        path: [realm, "identity-provider", "instances", alias, "mappers"],
        body: { name: str(resource, inputs, "name"), identityProviderAlias: alias, identityProviderMapper: mapperType, config },
    };
}

/**
 * The calls for every `keycloak:` resource in `resources`, in APPLY_ORDER. Throws on a `keycloak:`
 * type or input the translator does not know.
 */
export function translate(resources: readonly RecordedResource[], secretOf: (resource: RecordedResource, input: string) => string): AdminCall[] {
    const keycloak = resources.filter((r) => r.type.startsWith("keycloak:"));
    const unknown = [...new Set(keycloak.map((r) => r.type).filter((t) => !APPLY_ORDER.includes(t)))];
    if (unknown.length > 0) throw new Error(`the translator does not cover ${unknown.join(", ")}`);
    const sorted = [...keycloak].sort((a, b) => APPLY_ORDER.indexOf(a.type) - APPLY_ORDER.indexOf(b.type));
    const realmRoleIds = new Map(sorted.filter((r) => r.type === TYPES.role).map((r) => [`${String(r.inputs.realmId)}/${mockId(r)}`, String(r.inputs.name)]));
    const clients = new Set(sorted.filter((r) => r.type === TYPES.client).map((r) => `client:${String(r.inputs.realmId)}/${mockId(r)}`));
    const topGroups = new Set(sorted.filter((r) => r.type === TYPES.group && r.inputs.parentId === undefined).map((r) => `group:${String(r.inputs.realmId)}/${mockId(r)}`));
    const providers = new Map(sorted.filter((r) => r.type === TYPES.identityProvider).map((r) => [`${String(r.inputs.realm)}/${String(r.inputs.alias)}`, String(r.inputs.providerId ?? "oidc")]));
    return sorted.map((resource) => {
        switch (resource.type) {
            case TYPES.realm:
                return realmCall(resource);
            case TYPES.realmEvents:
                return realmEventsCall(resource);
            case TYPES.role:
                return roleCall(resource);
            case TYPES.group:
                return groupCall(resource, topGroups);
            case TYPES.groupRoles:
                return groupRolesCall(resource, realmRoleIds);
            case TYPES.client:
                return clientCall(resource, secretOf);
            case TYPES.identityProvider:
                return identityProviderCall(resource, secretOf);
            case TYPES.attributeIdpMapper:
            case TYPES.usernameIdpMapper:
            case TYPES.customIdpMapper:
                return identityProviderMapperCall(resource, providers);
            default:
                return mapperCall(resource, clients);
        }
    });
}
