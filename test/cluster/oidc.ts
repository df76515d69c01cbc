/**
 * Test OIDC issuers standing in for Keycloak: one https server on 127.0.0.1 (test CA) that answers
 * `/realms/<realm>/.well-known/openid-configuration` and the realm's JWKS, like Keycloak does. Every
 * realm has its own signing key. Private keys are written as JWK files (0600) in the run's temporary
 * folder so that the test files can sign tokens; nothing outlives the run.
 */
import * as fs from "node:fs";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";

export const SIGNING_ALG = "RS256";

export interface RealmKey {
    realm: string;
    kid: string;
    /** Private JWK file, for the test files. */
    privateJwkFile: string;
}

export interface OidcIssuers {
    /** `https://127.0.0.1:<port>`: the test stack's `keycloakUrl`. */
    url: string;
    /** Serves `realm` from now on, with a new signing key. */
    addRealm(realm: string): Promise<RealmKey>;
    close(): Promise<void>;
}

export async function startOidcIssuers(options: { dir: string; cert: string; key: string }): Promise<OidcIssuers> {
    fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    const jwks = new Map<string, JWK>();
    let base = "";
    const server = https.createServer({ cert: fs.readFileSync(options.cert), key: fs.readFileSync(options.key) }, (req, res) => {
        const match = /^\/realms\/([^/]+)\/(\.well-known\/openid-configuration|protocol\/openid-connect\/certs)$/.exec(req.url ?? "");
        const key = match ? jwks.get(match[1]!) : undefined;
        if (!match || !key) {
            res.writeHead(404).end();
            return;
        }
        const issuer = `${base}/realms/${match[1]}`;
        const body =
            match[2] === "protocol/openid-connect/certs"
                ? { keys: [key] }
                : { issuer, jwks_uri: `${issuer}/protocol/openid-connect/certs`, id_token_signing_alg_values_supported: [SIGNING_ALG] };
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve());
    });
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
        url: base,
        async addRealm(realm) {
            const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
            const kid = `${realm}-key`;
            jwks.set(realm, { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: "sig" });
            const privateJwkFile = path.join(options.dir, `${realm}.jwk.json`);
            fs.writeFileSync(privateJwkFile, JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: SIGNING_ALG }), { mode: 0o600 });
            return { realm, kid, privateJwkFile };
        },
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}

export interface TokenClaims {
    iss: string;
    aud: string | string[];
    azp?: string;
    preferred_username?: string;
    groups?: string[];
    [claim: string]: unknown;
}

/** A signed access token with `claims`, valid for ten minutes, signed with the key in `privateJwkFile`. */
export async function signToken(privateJwkFile: string, claims: TokenClaims): Promise<string> {
    const jwk = JSON.parse(fs.readFileSync(privateJwkFile, "utf8")) as JWK;
    const key = await importJWK(jwk, SIGNING_ALG);
    return new SignJWT(claims)
        .setProtectedHeader({ alg: SIGNING_ALG, kid: jwk.kid!, typ: "JWT" })
        .setIssuedAt()
        .setSubject(String(claims.preferred_username ?? "subject"))
        .setExpirationTime("10m")
        .sign(key);
}
