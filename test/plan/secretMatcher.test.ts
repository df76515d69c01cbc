/** The one-pass secret search that scrubs the offline run's inputs and outputs. */
import { describe, expect, it } from "vitest";
import { SecretMatcher } from "../../scripts/offline/secretMatcher";

describe("SecretMatcher", () => {
    const matcher = new SecretMatcher(["s3cr3t-value-1", "s3cr3t-value-12345", "another-secret", "short"], 8);

    it("replaces every occurrence of every secret, the longest at a shared start", () => {
        expect(matcher.replace("a=s3cr3t-value-12345&b=another-secret&c=s3cr3t-value-1!", "[secret]")).toBe("a=[secret]&b=[secret]&c=[secret]!");
        expect(matcher.replace("another-secretanother-secret", "[secret]")).toBe("[secret][secret]");
    });

    it("leaves text without a secret, and secrets shorter than the key, untouched (the same string)", () => {
        const text = "nothing to see here, not even short";
        expect(matcher.replace(text, "[secret]")).toBe(text);
        expect(matcher.replace("s3cr3t-value", "[secret]")).toBe("s3cr3t-value");
    });

    it("finds a secret at the very end and at the very start", () => {
        expect(matcher.replace("another-secret", "[secret]")).toBe("[secret]");
        expect(matcher.replace("x another-secret", "[secret]")).toBe("x [secret]");
    });

    it("does the same as replacing each secret in turn, on many secrets", () => {
        const secrets = Array.from({ length: 500 }, (_, i) => `mock-password-tenant-${i}-db`);
        const many = new SecretMatcher(secrets, 8);
        const text = `postgres://u:mock-password-tenant-17-db@h/x?k=mock-password-tenant-499-db&z=mock-password-tenant-5`;
        expect(many.replace(text, "[secret]")).toBe("postgres://u:[secret]@h/x?k=[secret]&z=mock-password-tenant-5");
    });
});
