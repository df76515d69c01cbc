/** A small client of Keycloak's Admin REST API (`/admin/realms/...`) with one bearer token. */
import { httpsRequest, type HttpResponse } from "../../scripts/servers/keycloakHttp";

export interface Connection {
    baseUrl: string;
    caPem: string;
}

/** A fixed token (a test user's), or a function that gives a fresh one (the admin client's expire within a minute). */
export type TokenSource = string | (() => Promise<string>);

export class AdminApi {
    constructor(
        private readonly server: Connection,
        private readonly token: TokenSource,
    ) {}

    /** `method` on `/admin/realms/<path>`; any status is returned (tests check refusals). */
    async call(method: string, path: string, body?: unknown): Promise<HttpResponse> {
        const token = typeof this.token === "string" ? this.token : await this.token();
        return httpsRequest(this.server.caPem, `${this.server.baseUrl}/admin/realms${path}`, {
            method,
            headers: { authorization: `Bearer ${token}`, accept: "application/json" },
            body: body as object | undefined,
        });
    }

    /** Like `call`, and fails unless the status is 2xx. */
    async ok(method: string, path: string, body?: unknown): Promise<HttpResponse> {
        const res = await this.call(method, path, body);
        if (res.status < 200 || res.status > 299) throw new Error(`${method} /admin/realms${path}: HTTP ${res.status} ${res.body.slice(0, 300)}`);
        return res;
    }

    async get<T>(path: string): Promise<T> {
        return (await this.ok("GET", path)).json<T>();
    }

    /** POSTs and returns the id of the created object (last segment of `Location`). */
    async create(path: string, body: unknown): Promise<string> {
        const res = await this.ok("POST", path, body);
        const location = res.headers.location;
        if (typeof location !== "string") throw new Error(`POST /admin/realms${path}: no Location header`);
        return decodeURIComponent(location.split("/").pop()!);
    }
}

export interface TestUser {
    username: string;
    password: string;
    groups: string[];
}

/** Creates a user with a permanent password (long enough for the realm's policy), verified e-mail and full profile. */
export async function createUser(api: AdminApi, realm: string, user: TestUser): Promise<string> {
    const id = await api.create(`/${realm}/users`, {
        username: user.username,
        enabled: true,
        email: `${user.username}@${realm}.example`,
        emailVerified: true,
        firstName: user.username,
        lastName: "Test",
        credentials: [{ type: "password", value: user.password, temporary: false }],
    });
    const groups = await api.get<{ id: string; name: string }[]>(`/${realm}/groups?briefRepresentation=true`);
    for (const name of user.groups) {
        const group = groups.find((g) => g.name === name);
        if (!group) throw new Error(`realm ${realm} has no group ${name}`);
        await api.ok("PUT", `/${realm}/users/${id}/groups/${group.id}`);
    }
    return id;
}
