/**
 * The SCRAM-SHA-256 verifier against RFC 7677's worked example: the keys derived from "pencil" must
 * verify the example's client proof and produce its server signature. The real-server tests check the
 * same function against PostgreSQL itself (test/postgres/isolation.test.ts, "passwords").
 */
import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseScramVerifier, scramKeys, scramVerifier, verifierMatches } from "../../components/data/scram";

const salt = Buffer.from("W22ZaJ0SNY7soEsUEjb6gQ==", "base64");
const clientFirstBare = "n=user,r=rOprNGfwEbeRWgbNEkqO";
const serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
const clientFinalWithoutProof = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
const clientProof = Buffer.from("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", "base64");
const serverSignature = "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

describe("SCRAM-SHA-256 verifier (RFC 5802, RFC 7677)", () => {
    const authMessage = `${clientFirstBare},${serverFirst},${clientFinalWithoutProof}`;
    const keys = scramKeys("pencil", salt, 4096);

    it("produces RFC 7677's server signature", () => {
        expect(createHmac("sha256", keys.serverKey).update(authMessage).digest("base64")).toBe(serverSignature);
    });

    it("verifies RFC 7677's client proof as the server does: SHA-256(proof XOR ClientSignature) = StoredKey", () => {
        const clientSignature = createHmac("sha256", keys.storedKey).update(authMessage).digest();
        const clientKey = Buffer.from(clientProof.map((byte, i) => byte ^ clientSignature[i]));
        expect(createHash("sha256").update(clientKey).digest().equals(keys.storedKey)).toBe(true);
    });

    it("writes PostgreSQL's text form and reads it back", () => {
        const verifier = scramVerifier("pencil", salt);
        expect(verifier.startsWith("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$")).toBe(true);
        expect(parseScramVerifier(verifier)).toEqual({ iterations: 4096, salt, storedKey: keys.storedKey, serverKey: keys.serverKey });
        expect(verifierMatches(verifier, "pencil")).toBe(true);
        expect(verifierMatches(verifier, "pencil2")).toBe(false);
        expect(verifierMatches(null, "pencil")).toBe(false);
        expect(verifierMatches("md5abc", "pencil")).toBe(false);
    });

    it("refuses what SASLprep would change and an empty salt, instead of hashing differently from the server", () => {
        expect(() => scramVerifier("pässword", salt)).toThrow(/printable ASCII/);
        expect(() => scramVerifier("", salt)).toThrow(/printable ASCII/);
        expect(() => scramVerifier("pencil", Buffer.alloc(0))).toThrow(/salt/);
    });
});
