/**
 * The webhook rule's reading of host names, pinned by literal expectations: addresses written inside
 * a name (dotted and dashed), what counts as an octet (decimal, one to three digits, at most 255),
 * what makes a last label an IP address, and where the scheme is looked for.
 */
import { describe, expect, it } from "vitest";
import { webhookUrlProblem } from "../../components/model/webhook";

const MESSAGE = "must be an https URL to a public host name, e.g. https://hooks.example.com/stoa";
const embeds = (host: string) => `${MESSAGE}: "${host}" embeds a private, loopback or link-local address`;

describe("webhookUrlProblem: addresses written inside a host name", () => {
    it("a private address in four dotted labels is refused, up to its last octet 255", () => {
        expect(webhookUrlProblem("https://10.0.0.1.example.com/")).toBe(embeds("10.0.0.1.example.com"));
        expect(webhookUrlProblem("https://10.1.2.255.example.com/")).toBe(embeds("10.1.2.255.example.com"));
    });

    it("labels that are not all octets are no address: a word, a number above 255, hex or an exponent", () => {
        expect(webhookUrlProblem("https://10.hooks.example.com/")).toBeUndefined();
        expect(webhookUrlProblem("https://999.1.2.3.example.com/")).toBeUndefined();
        expect(webhookUrlProblem("https://10.0.0.0x10.example.com/")).toBeUndefined();
        expect(webhookUrlProblem("https://10.0.0.1e2.example.com/")).toBeUndefined();
        expect(webhookUrlProblem("https://10.0.0.0001.example.com/")).toBeUndefined();
    });

    it("a private address written with dashes is refused wherever it is in the label, with three-digit octets", () => {
        expect(webhookUrlProblem("https://hooks-127-1-1-1.example.com/")).toBe(embeds("hooks-127-1-1-1.example.com"));
        expect(webhookUrlProblem("https://hooks-192-168-1-1.example.com/")).toBe(embeds("hooks-192-168-1-1.example.com"));
        expect(webhookUrlProblem("https://hooks-192-168-100-10-x.example.com/")).toBe(embeds("hooks-192-168-100-10-x.example.com"));
        expect(webhookUrlProblem("https://hooks-192-168-1-1-x.example.com/")).toBe(embeds("hooks-192-168-1-1-x.example.com"));
    });

    it("dashed numbers with one above 255 are no address", () => {
        expect(webhookUrlProblem("https://hooks-10-1-2-300.example.com/")).toBeUndefined();
    });
});

describe("webhookUrlProblem: the last label", () => {
    it("a last label of decimal digits or 0x and hex digits is an IP address", () => {
        expect(webhookUrlProblem("https://hooks.example.0x10/")).toBe(`${MESSAGE}: IP addresses are not allowed, only host names`);
    });

    it("a last label that only begins or ends like a number is a name", () => {
        expect(webhookUrlProblem("https://hooks.example.com1/")).toBeUndefined();
        expect(webhookUrlProblem("https://hooks.example.1a/")).toBeUndefined();
        expect(webhookUrlProblem("https://hooks.example.a0x1/")).toBeUndefined();
        expect(webhookUrlProblem("https://hooks.example.0x1z/")).toBeUndefined();
    });
});

describe("webhookUrlProblem: the scheme", () => {
    it("https: later in a URL of another scheme is not a misspelt https scheme", () => {
        expect(webhookUrlProblem("http://hooks.example.com/?from=https:")).toBe(`${MESSAGE}: the scheme must be https`);
    });
});
