/**
 * Pulumi mocks that answer like the real providers for the outputs this program reads: generated
 * passwords and client secrets (as secrets), ids, Kubernetes metadata names. Inputs are echoed back
 * as state, as `pulumi preview` would show them.
 */
import type * as pulumi from "@pulumi/pulumi";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";

/**
 * Outputs of previous deployments, by StackReference name (`<org>/<project>/<stack>`), for tests of the
 * removal guard. A stack not listed answers with no outputs, like a stack never deployed.
 */
export const previousStackOutputs = new Map<string, Record<string, unknown>>();

/** Organization of offline runs: the one Pulumi's self-managed backends report. */
export const OFFLINE_ORGANIZATION = "organization";

/**
 * Stack config every offline run starts from (a run's own config wins): offline runs have no previous
 * deployment, so the removal guard is off unless a test switches it on.
 */
export const OFFLINE_CONFIG_DEFAULTS: Readonly<Record<string, unknown>> = { removalGuard: false };

/**
 * The id Grafana would give an organization: stable per name (FNV-1a), never 1 (the main organization),
 * so that tests can check that every object of a tenant carries its organization's id. Within one run,
 * a name whose id another name already has gets the next free id instead (`createOfflineMocks`).
 */
export function mockGrafanaOrgId(name: string): number {
    let hash = 0x811c9dc5;
    for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
    return 2 + (hash % 9973);
}

/** Outputs a provider computes that the program depends on, by type token. */
function computedOutputs(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
    switch (args.type) {
        case "random:index/randomPassword:RandomPassword":
            return { result: `mock-password-${args.name}`, bcryptHash: `mock-bcrypt-${args.name}` };
        case "random:index/randomBytes:RandomBytes":
            return { base64: Buffer.from(`mock-bytes-${args.name}`).toString("base64"), hex: Buffer.from(`mock-bytes-${args.name}`).toString("hex") };
        case "random:index/randomId:RandomId":
            return { hex: Buffer.from(args.name).toString("hex"), b64Std: Buffer.from(args.name).toString("base64") };
        case "keycloak:openid/client:Client":
            return { clientSecret: args.inputs.clientSecret ?? `mock-client-secret-${args.name}`, serviceAccountUserId: `${args.name}-sa` };
        case "grafana:oss/organization:Organization":
            return { orgId: mockGrafanaOrgId(String(args.inputs.name)) };
        case "keycloak:index/realm:Realm":
            return { internalId: `${args.inputs.realm}-internal` };
        case "pulumi:pulumi:StackReference":
            return { outputs: previousStackOutputs.get(String(args.inputs.name)) ?? {} };
        default:
            return {};
    }
}

/**
 * Output names the real providers mark secret (`additionalSecretOutputs`), for types whose SDK class
 * the run has not seen declare them (the runtime learns the rest from the resources' options).
 */
const KNOWN_SECRET_OUTPUTS: Record<string, readonly string[]> = {
    "random:index/randomPassword:RandomPassword": ["bcryptHash", "result"],
    "random:index/randomBytes:RandomBytes": ["base64", "hex"],
    "keycloak:openid/client:Client": ["clientSecret", "clientSecretWo"],
    "kubernetes:core/v1:Secret": ["data", "stringData"],
    "postgresql:index/role:Role": ["password", "passwordWo"],
};

/** Pulumi's wire form of a secret: the SDK deserializes it into an Output marked secret. */
function asSecret(value: unknown): unknown {
    return { [specialSigKey]: specialSecretSig, value };
}

/**
 * Mocks whose outputs are secret where the real provider's are: `secretOutputsOf(type)` names the
 * outputs the resource's SDK class declares secret, in addition to KNOWN_SECRET_OUTPUTS.
 */
export function createOfflineMocks(secretOutputsOf: (type: string) => readonly string[] = () => []): pulumi.runtime.Mocks {
    // Grafana never gives two organizations one id: a name whose mock id another name of the run already
    // has takes the next free one (hash ids collide by the hundred tenants, and then look like one
    // tenant's objects in another's organization).
    const orgNames = new Map<number, string>();
    const orgIdOf = (name: string): number => {
        let id = mockGrafanaOrgId(name);
        while (orgNames.has(id) && orgNames.get(id) !== name) id++;
        orgNames.set(id, name);
        return id;
    };
    return {
        newResource(args) {
            const state: Record<string, unknown> = { ...args.inputs, ...computedOutputs(args) };
            if (args.type === "grafana:oss/organization:Organization") state.orgId = orgIdOf(String(args.inputs.name));
            if (args.type.startsWith("kubernetes:")) {
                const metadata = (args.inputs.metadata ?? {}) as Record<string, unknown>;
                state.metadata = { ...metadata, name: metadata.name ?? args.name };
            }
            const secretKeys = new Set([...(KNOWN_SECRET_OUTPUTS[args.type] ?? []), ...secretOutputsOf(args.type)]);
            for (const key of secretKeys) {
                const value = state[key];
                if (value !== undefined && !isSecretValue(value)) state[key] = asSecret(value);
            }
            return { id: args.inputs.name ?? args.inputs.realm ?? `${args.name}-id`, state };
        },
        call(args) {
            // Lookups of objects the platform owns: answer as if they exist.
            if (args.token === "grafana:oss/getTeam:getTeam") return { ...args.inputs, id: `team-${String(args.inputs.name)}`, teamId: 1 };
            // Keycloak creates a realm's realm-management client and its roles with the realm: ids carry the realm.
            if (args.token === "keycloak:openid/getClient:getClient") return { ...args.inputs, id: `${String(args.inputs.realmId)}/client/${String(args.inputs.clientId)}` };
            if (args.token === "keycloak:index/getRole:getRole") return { ...args.inputs, id: `${String(args.inputs.clientId)}/role/${String(args.inputs.name)}` };
            return args.inputs;
        },
    };
}

function isSecretValue(value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[specialSigKey] === specialSecretSig;
}

export const offlineMocks: pulumi.runtime.Mocks = createOfflineMocks();
