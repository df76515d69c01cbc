/**
 * Puts the program's identity layer for the sample tenants (dev stack) on a real server: runs the
 * program under the mocks, translates its Keycloak resources, applies them with the bootstrap admin,
 * then adds the tests' own users. The platform realm exists before the program runs (the platform
 * team owns it), so it is created first, empty, as on a real installation.
 */
import { randomBytes } from "node:crypto";
import { adminTokens, type KeycloakServer } from "../../scripts/servers/keycloak";
import type { RecordedResource } from "../../scripts/offline/runtime";
import { runProgram } from "../identity/offline";
import { AdminApi, createUser, type TestUser } from "./admin";
import { applyCalls } from "./apply";
import { translate, TYPES } from "./translate";

/** The sample tenants the suite uses, by what they stand for. */
export const TENANTS = {
    /** Active enterprise tenant: portal, kubectl and API clients. */
    a: "acme-corp",
    /** Active community tenant: no portal. */
    b: "oasis",
    suspended: "globex",
    archived: "initech",
} as const;

/** The dev stack's platform realm (Pulumi.dev.yaml `platformRealm`). */
export const PLATFORM_REALM = "stoa";

export interface Deployment {
    baseUrl: string;
    caPem: string;
    caFile: string;
    adminClientId: string;
    adminClientSecret: string;
    /** Users the tests created, by realm and username. */
    users: Record<string, Record<string, TestUser>>;
    /** The API clients' secrets the tests chose (the program generates them), by realm. */
    apiSecrets: Record<string, string>;
    /** Client ids of the program's clients, by realm and kind. */
    clients: Record<string, { portal?: string; kubectl: string; api: string }>;
    /** The dev stack's redirect URIs (portal per tenant; kubectl: kubelogin's default loopback). */
    portalRedirectUri: Record<string, string>;
    kubectlRedirectUri: string;
    /** Calls applied, by resource type. */
    applied: Record<string, number>;
    applyMs: number;
}

function password(): string {
    return `${randomBytes(15).toString("base64url")}-Aa1`;
}

function user(username: string, groups: string[]): TestUser {
    return { username, password: password(), groups };
}

/** `omit`: resources left out of the deployment (a suite that does not need them). */
export async function deploy(server: KeycloakServer, options: { omit?: (resource: RecordedResource) => boolean } = {}): Promise<Deployment> {
    const started = Date.now();
    const run = await runProgram();
    const omit = options.omit ?? (() => false);
    const apiSecrets: Record<string, string> = {};
    // One secret per client id: a tenant's broker client and the platform realm's identity provider that signs in with it share it.
    const secrets = new Map<string, string>();
    const calls = translate(run.resources.filter((r) => !omit(r)), (resource, input) => {
        if (input !== "clientSecret") throw new Error(`${resource.name}: no test value for secret input ${input}`);
        const clientId = String(resource.inputs.clientId);
        const secret = secrets.get(clientId) ?? randomBytes(24).toString("hex");
        secrets.set(clientId, secret);
        if (resource.type === TYPES.client && resource.name.endsWith("/api-client")) apiSecrets[String(resource.inputs.realmId)] = secret;
        return secret;
    });
    const api = new AdminApi(server, adminTokens(server));
    await api.ok("POST", "", { realm: PLATFORM_REALM, enabled: true });
    await applyCalls(api, calls);

    const users: Deployment["users"] = {
        [TENANTS.a]: { admin: user("acme-admin", ["tenant-admin"]), devops: user("acme-dev", ["devops"]), viewer: user("acme-viewer", ["viewer"]) },
        [TENANTS.b]: { admin: user("oasis-admin", ["tenant-admin"]), devops: user("oasis-dev", ["devops"]) },
        [TENANTS.suspended]: { devops: user("globex-dev", ["devops"]) },
        [TENANTS.archived]: { devops: user("initech-dev", ["devops"]) },
    };
    for (const [realm, byRole] of Object.entries(users)) {
        for (const u of Object.values(byRole)) await createUser(api, realm, u);
    }

    const clients: Deployment["clients"] = {};
    for (const tenant of Object.values(TENANTS)) {
        clients[tenant] = { kubectl: `${tenant}-kubectl`, api: `${tenant}-api`, ...(tenant === TENANTS.b ? {} : { portal: `${tenant}-portal` }) };
    }
    const applied: Record<string, number> = {};
    for (const call of calls) applied[call.type] = (applied[call.type] ?? 0) + 1;
    return {
        baseUrl: server.baseUrl,
        caPem: server.caPem,
        caFile: server.caFile,
        adminClientId: server.adminClientId,
        adminClientSecret: server.adminClientSecret,
        users,
        apiSecrets,
        clients,
        portalRedirectUri: Object.fromEntries([TENANTS.a, TENANTS.suspended, TENANTS.archived].map((t) => [t, `https://portal.dev.stoa.example/${t}/callback`])),
        kubectlRedirectUri: "http://localhost:8000",
        applied,
        applyMs: Date.now() - started,
    };
}
