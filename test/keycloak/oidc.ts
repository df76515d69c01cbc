/**
 * OpenID Connect as a browser and kubelogin drive it, over plain HTTPS: the authorization request,
 * the login form posted with the user's credentials, the redirect read from `Location` (nothing
 * listens on the loopback redirect URI), the code exchanged with the PKCE verifier; also the other
 * grants, userinfo and introspection, so tests can show which ones the server refuses.
 */
import { createHash, randomBytes } from "node:crypto";
import { httpsRequest, type HttpResponse } from "../../scripts/servers/keycloakHttp";
import type { Connection } from "./admin";

export interface Pkce {
    verifier: string;
    challenge: string;
}

export function newPkce(): Pkce {
    const verifier = randomBytes(32).toString("base64url");
    return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export interface AuthorizeRequest {
    realm: string;
    clientId: string;
    redirectUri: string;
    username: string;
    password: string;
    /** Default "code". */
    responseType?: string;
    /** S256 challenge sent; none when null. */
    pkce?: Pkce | null;
}

/** Where the flow ended: an authorization code at the redirect URI, or a refusal and the reason seen. */
export type AuthorizeResult =
    | { outcome: "code"; code: string; pkce: Pkce | null; location: string }
    | { outcome: "refused"; stage: "authorize" | "login"; status: number; detail: string };

function endpoint(server: Connection, realm: string, name: string): string {
    return `${server.baseUrl}/realms/${encodeURIComponent(realm)}/protocol/openid-connect/${name}`;
}

function htmlDecode(value: string): string {
    return value.replace(/&amp;/g, "&").replace(/&#x3d;|&#61;/gi, "=").replace(/&quot;/g, '"');
}

/** The visible error of a Keycloak page (or the start of the body), for refusal details. */
function pageText(res: HttpResponse): string {
    const message = /class="[^"]*(?:kc-feedback-text|alert-error|pf-v5-c-alert__title|instruction)[^"]*"[^>]*>([^<]+)</.exec(res.body);
    const text = message?.[1] ?? res.body.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").slice(0, 200);
    return text.trim();
}

function redirectedTo(res: HttpResponse, redirectUri: string): URL | undefined {
    const location = res.headers.location;
    if (res.status !== 302 && res.status !== 303) return undefined;
    if (typeof location !== "string" || !location.startsWith(redirectUri)) return undefined;
    return new URL(location);
}

/** Runs the authorization endpoint and the login form; returns the code, or where and why it stopped. */
export async function authorize(server: Connection, request: AuthorizeRequest): Promise<AuthorizeResult> {
    const pkce = request.pkce === undefined ? newPkce() : request.pkce;
    const params = new URLSearchParams({
        client_id: request.clientId,
        redirect_uri: request.redirectUri,
        response_type: request.responseType ?? "code",
        scope: "openid",
        state: randomBytes(8).toString("hex"),
        nonce: randomBytes(8).toString("hex"),
    });
    if (pkce) {
        params.set("code_challenge", pkce.challenge);
        params.set("code_challenge_method", "S256");
    }
    const page = await httpsRequest(server.caPem, `${endpoint(server, request.realm, "auth")}?${params}`);
    const early = redirectedTo(page, request.redirectUri);
    if (early) return { outcome: "refused", stage: "authorize", status: page.status, detail: early.searchParams.get("error") ?? early.hash };
    const action = /<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"/.exec(page.body) ?? /<form[^>]*action="([^"]+)"[^>]*id="kc-form-login"/.exec(page.body);
    if (page.status !== 200 || !action) return { outcome: "refused", stage: "authorize", status: page.status, detail: pageText(page) };

    const posted = await httpsRequest(server.caPem, htmlDecode(action[1]!), {
        headers: { cookie: page.cookies().join("; ") },
        body: new URLSearchParams({ username: request.username, password: request.password, credentialId: "" }),
    });
    const back = redirectedTo(posted, request.redirectUri);
    const code = back?.searchParams.get("code");
    if (back && code) return { outcome: "code", code, pkce, location: back.toString() };
    return { outcome: "refused", stage: "login", status: posted.status, detail: back ? (back.searchParams.get("error") ?? back.hash) : pageText(posted) };
}

export interface TokenResponse {
    access_token: string;
    id_token?: string;
    refresh_token?: string;
}

/** The token endpoint with `form`; any status is returned. */
export function tokenRequest(server: Connection, realm: string, form: Record<string, string>): Promise<HttpResponse> {
    return httpsRequest(server.caPem, endpoint(server, realm, "token"), { body: new URLSearchParams(form) });
}

/** Exchanges a code; `verifier` undefined uses the flow's own, null sends none. */
export function exchangeCode(server: Connection, request: Pick<AuthorizeRequest, "realm" | "clientId" | "redirectUri">, code: string, verifier: string | null): Promise<HttpResponse> {
    const form: Record<string, string> = { grant_type: "authorization_code", code, client_id: request.clientId, redirect_uri: request.redirectUri };
    if (verifier !== null) form.code_verifier = verifier;
    return tokenRequest(server, request.realm, form);
}

/** The whole authorization-code + PKCE login; fails unless it yields tokens. */
export async function login(server: Connection, request: Omit<AuthorizeRequest, "pkce" | "responseType">): Promise<TokenResponse> {
    const result = await authorize(server, request);
    if (result.outcome !== "code") throw new Error(`login of ${request.username} to ${request.realm}/${request.clientId} refused at ${result.stage}: HTTP ${result.status} ${result.detail}`);
    const res = await exchangeCode(server, request, result.code, result.pkce!.verifier);
    if (res.status !== 200) throw new Error(`code exchange for ${request.username}: HTTP ${res.status} ${res.body}`);
    return res.json<TokenResponse>();
}

export function userinfo(server: Connection, realm: string, accessToken: string): Promise<HttpResponse> {
    return httpsRequest(server.caPem, endpoint(server, realm, "userinfo"), { headers: { authorization: `Bearer ${accessToken}` } });
}

/** Token introspection by a confidential client of `realm`. */
export function introspect(server: Connection, realm: string, token: string, clientId: string, clientSecret: string): Promise<HttpResponse> {
    return httpsRequest(server.caPem, endpoint(server, realm, "token/introspect"), {
        body: new URLSearchParams({ token, client_id: clientId, client_secret: clientSecret }),
    });
}

/** A JWT's header and payload (not verified: the tests read what the server put in). */
export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
    const [header, payload] = token.split(".");
    const part = (segment: string | undefined) => JSON.parse(Buffer.from(segment ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
    return { header: part(header), payload: part(payload) };
}

/** `aud` as a list (a JWT may carry one string). */
export function audiences(payload: Record<string, unknown>): string[] {
    const aud = payload.aud;
    return aud === undefined ? [] : Array.isArray(aud) ? aud.map(String) : [String(aud)];
}
