/** CIDR maths of the network policies (policy-pack/lib/cidr.ts). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cidrContains, cidrIntersection, parseCidr } from "../../policy-pack/lib/cidr";

const cidr = (text: string) => {
    const parsed = parseCidr(text);
    if (!parsed) throw new Error(`not a CIDR: ${text}`);
    return parsed;
};

describe("parseCidr", () => {
    it("reads IPv4 and IPv6 ranges and clears the host bits", () => {
        expect(parseCidr("10.244.3.17/16")).toEqual({ family: 4, network: 0x0af40000n, prefix: 16 });
        expect(parseCidr("fd00::1/8")).toEqual({ family: 6, network: 0xfdn << 120n, prefix: 8 });
        expect(parseCidr("::ffff:10.0.0.1/128")).toEqual({ family: 6, network: (0xffffn << 32n) | 0x0a000001n, prefix: 128 });
        expect(parseCidr("2001:db8:0:0:0:0:0:0/32")?.network).toBe(0x20010db8n << 96n);
    });
    it("refuses what is not a range", () => {
        for (const text of ["10.0.0.0", "10.0.0/8", "10.0.0.256/8", "10.0.0.0/33", "fd00::/129", "1::2::3/64", "fd00:::/8", "1:2:3:4:5:6:7:8:9/64", "gggg::/16", "10.0.0.0/8x"]) {
            expect(parseCidr(text), text).toBeUndefined();
        }
    });
});

describe("cidrContains and cidrIntersection", () => {
    it("nest ranges of one family and never mix families", () => {
        expect(cidrContains(cidr("10.0.0.0/8"), cidr("10.244.0.0/16"))).toBe(true);
        expect(cidrContains(cidr("10.244.0.0/16"), cidr("10.0.0.0/8"))).toBe(false);
        expect(cidrContains(cidr("10.0.0.0/8"), cidr("11.0.0.0/16"))).toBe(false);
        expect(cidrContains(cidr("::/0"), cidr("10.0.0.0/8"))).toBe(false);
        expect(cidrIntersection(cidr("10.0.0.0/8"), cidr("10.96.0.0/12"))).toEqual(cidr("10.96.0.0/12"));
        expect(cidrIntersection(cidr("192.168.0.0/16"), cidr("10.96.0.0/12"))).toBeUndefined();
    });
    it("agree with address arithmetic for any IPv4 address and prefixes", () => {
        fc.assert(
            fc.property(fc.nat(0xffffffff), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 32 }), (address, a, b) => {
                const text = [24, 16, 8, 0].map((s) => (address >>> s) & 0xff).join(".");
                const [outer, inner] = [cidr(`${text}/${Math.min(a, b)}`), cidr(`${text}/${Math.max(a, b)}`)];
                // Ranges around one address always nest, the wider containing the narrower.
                expect(cidrContains(outer, inner)).toBe(true);
                expect(cidrIntersection(outer, inner)).toEqual(inner);
                // Flipping the last bit of the wider prefix moves the narrower range out of it.
                if (outer.prefix > 0) {
                    const flipped = { ...inner, network: inner.network ^ (1n << BigInt(32 - outer.prefix)) };
                    expect(cidrContains(outer, flipped)).toBe(false);
                    expect(cidrIntersection(outer, flipped)).toBeUndefined();
                }
            }),
        );
    });
});
