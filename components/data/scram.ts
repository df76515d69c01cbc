/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802 with SHA-256, RFC 7677), in
 * the server's own text form `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` (base64).
 * Roles are created with this verifier instead of the clear password: `CREATE ROLE … PASSWORD
 * 'SCRAM-SHA-256$…'` stores it as is, so the clear password never reaches the server's statement
 * log, pg_stat_statements or an error report. Pure: same password and salt, same verifier.
 */
import { createHash, createHmac, pbkdf2Sync } from "node:crypto";

/** PostgreSQL's own default (scram_iterations). */
export const SCRAM_ITERATIONS = 4096;
/** PostgreSQL's own salt length. */
export const SCRAM_SALT_BYTES = 16;

export interface ScramKeys {
    storedKey: Buffer;
    serverKey: Buffer;
}

/**
 * SaltedPassword = Hi(password, salt, i) (PBKDF2-HMAC-SHA-256); ClientKey = HMAC(SaltedPassword,
 * "Client Key"); StoredKey = SHA-256(ClientKey); ServerKey = HMAC(SaltedPassword, "Server Key").
 * SASLprep is the identity on printable ASCII, so only such passwords are accepted (the generated
 * ones are letters and digits); anything else is refused rather than hashed differently from the server.
 */
export function scramKeys(password: string, salt: Buffer, iterations = SCRAM_ITERATIONS): ScramKeys {
    if (!/^[\x20-\x7e]+$/.test(password)) throw new Error("a SCRAM verifier is computed only for non-empty printable ASCII passwords");
    if (salt.length === 0) throw new Error("the SCRAM salt must not be empty");
    if (!Number.isInteger(iterations) || iterations < 1) throw new Error(`the SCRAM iteration count must be a positive integer (got ${iterations})`);
    const salted = pbkdf2Sync(Buffer.from(password, "utf8"), salt, iterations, 32, "sha256");
    const clientKey = createHmac("sha256", salted).update("Client Key").digest();
    return {
        storedKey: createHash("sha256").update(clientKey).digest(),
        serverKey: createHmac("sha256", salted).update("Server Key").digest(),
    };
}

export function scramVerifier(password: string, salt: Buffer, iterations = SCRAM_ITERATIONS): string {
    const { storedKey, serverKey } = scramKeys(password, salt, iterations);
    return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}

/** The parts of a stored verifier, or undefined if `text` is not one. */
export function parseScramVerifier(text: string): { iterations: number; salt: Buffer; storedKey: Buffer; serverKey: Buffer } | undefined {
    const match = /^SCRAM-SHA-256\$(\d+):([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)$/.exec(text);
    if (!match) return undefined;
    return {
        iterations: Number(match[1]),
        salt: Buffer.from(match[2], "base64"),
        storedKey: Buffer.from(match[3], "base64"),
        serverKey: Buffer.from(match[4], "base64"),
    };
}

/**
 * Whether the verifier the server stores for a role (pg_authid.rolpassword) is still the one for
 * `password`: false once the role has changed its own password (ALTER ROLE … PASSWORD).
 */
export function verifierMatches(stored: string | null, password: string): boolean {
    const parsed = stored === null ? undefined : parseScramVerifier(stored);
    if (!parsed) return false;
    return scramVerifier(password, parsed.salt, parsed.iterations) === stored;
}
