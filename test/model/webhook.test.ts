/**
 * A tenant's alert webhook URL, on the pure check of components/model/webhook.ts: the special-purpose
 * IPv4 ranges at their edges, and each refusal with its literal message.
 */
import { describe, expect, it } from "vitest";
import { isNonPublicIpv4, webhookUrlProblem } from "../../components/model/webhook";

const MESSAGE = "must be an https URL to a public host name, e.g. https://hooks.example.com/stoa";

describe("isNonPublicIpv4", () => {
    it("the special-purpose ranges, each at its first and last address", () => {
        for (const octets of [
            [0, 0],
            [10, 255],
            [127, 0],
            [100, 64],
            [100, 127],
            [169, 254],
            [172, 16],
            [172, 31],
            [192, 168],
            [192, 0],
            [198, 18],
            [198, 19],
            [224, 0],
            [255, 255],
        ]) {
            expect(isNonPublicIpv4([...octets, 0, 1]), octets.join(".")).toBe(true);
        }
    });

    it("the public addresses just outside them", () => {
        for (const octets of [
            [1, 0],
            [9, 255],
            [11, 0],
            [126, 255],
            [128, 0],
            [100, 63],
            [100, 128],
            [169, 253],
            [169, 255],
            [172, 15],
            [172, 32],
            [192, 167],
            [192, 169],
            [192, 1],
            [198, 17],
            [198, 20],
            [223, 255],
            // The second octets of the ranges, after a first octet that is not the range's.
            ...[0, 16, 18, 19, 31, 64, 127, 168, 254].map((b) => [8, b]),
        ]) {
            expect(isNonPublicIpv4([...octets, 0, 1]), octets.join(".")).toBe(false);
        }
    });
});

describe("webhookUrlProblem", () => {
    it("accepts a public https URL, with a port from 1 to 65535, up to 2048 characters", () => {
        expect(webhookUrlProblem("https://hooks.example.com/stoa")).toBeUndefined();
        expect(webhookUrlProblem("https://hooks.example.com:1/stoa")).toBeUndefined();
        expect(webhookUrlProblem("https://hooks.example.com:65535/stoa")).toBeUndefined();
        const prefix = "https://hooks.example.com/";
        expect(webhookUrlProblem(prefix + "x".repeat(2048 - prefix.length))).toBeUndefined();
        expect(webhookUrlProblem("https://08080808.example.com/")).toBeUndefined();
    });

    it("refuses a URL longer than 2048 characters", () => {
        const prefix = "https://hooks.example.com/";
        expect(webhookUrlProblem(prefix + "x".repeat(2049 - prefix.length))).toBe(`${MESSAGE} (at most 2048 characters)`);
    });

    it("refuses another scheme, and https written otherwise than https://", () => {
        expect(webhookUrlProblem("http://hooks.example.com/")).toBe(`${MESSAGE}: the scheme must be https`);
        expect(webhookUrlProblem("HTTPS://hooks.example.com/")).toBe(`${MESSAGE}: write the scheme as "https://" exactly (lower case, two slashes)`);
        expect(webhookUrlProblem("https:/hooks.example.com/")).toBe(`${MESSAGE}: write the scheme as "https://" exactly (lower case, two slashes)`);
    });

    it("refuses a bracketed address, a port that is not a number or out of range, and a missing host", () => {
        expect(webhookUrlProblem("https://[::1]/stoa")).toBe(`${MESSAGE}: IP addresses are not allowed, only host names`);
        expect(webhookUrlProblem("https://hooks.example.com:https/stoa")).toBe(`${MESSAGE}: the port must be a number`);
        expect(webhookUrlProblem("https://hooks.example.com:0/stoa")).toBe(`${MESSAGE}: the port must be 1 to 65535`);
        expect(webhookUrlProblem("https://hooks.example.com:65536/stoa")).toBe(`${MESSAGE}: the port must be 1 to 65535`);
        expect(webhookUrlProblem("https:///stoa")).toBe(`${MESSAGE}: the host is missing`);
    });

    it("refuses a host that embeds a private address as 8 hex digits", () => {
        expect(webhookUrlProblem("https://0a000001.example.com/")).toBe(`${MESSAGE}: "0a000001.example.com" embeds a private, loopback or link-local address`);
        expect(webhookUrlProblem("https://hooks-c0a80001-x.example.com/")).toBe(`${MESSAGE}: "hooks-c0a80001-x.example.com" embeds a private, loopback or link-local address`);
    });

    it("refuses a host the URL parser cannot read (invalid punycode) with the plain message", () => {
        expect(webhookUrlProblem("https://xn--a.example.com/stoa")).toBe(MESSAGE);
    });
});
