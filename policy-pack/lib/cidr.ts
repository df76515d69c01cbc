/**
 * CIDR maths for NetworkPolicy ipBlocks: parse IPv4 and IPv6 ranges and compare them. Two CIDR
 * ranges are either nested or disjoint, so "overlap" is "one contains the other".
 */

export interface Cidr {
    family: 4 | 6;
    /** The network address, host bits cleared. */
    network: bigint;
    prefix: number;
}

const BITS = { 4: 32, 6: 128 } as const;

function parseIpv4(text: string): bigint | undefined {
    const parts = text.split(".");
    if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
    return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function parseIpv6(text: string): bigint | undefined {
    const halves = text.split("::");
    if (halves.length > 2) return undefined;
    const groups = (half: string) => (half === "" ? [] : half.split(":"));
    let head = groups(halves[0]);
    let tail = halves.length === 2 ? groups(halves[1]) : [];
    // A dotted IPv4 tail (`::ffff:10.0.0.1`) is two groups.
    const last = (halves.length === 2 ? tail : head).at(-1);
    if (last?.includes(".")) {
        const v4 = parseIpv4(last);
        if (v4 === undefined) return undefined;
        const extra = [(v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16)];
        if (halves.length === 2) tail = [...tail.slice(0, -1), ...extra];
        else head = [...head.slice(0, -1), ...extra];
    }
    const missing = 8 - head.length - tail.length;
    if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
    const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
    if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
    return all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** `10.0.0.0/8`, `fd00::/8`; undefined when the text is not a CIDR range. */
export function parseCidr(text: string): Cidr | undefined {
    const match = /^([^/\s]+)\/(\d{1,3})$/.exec(text.trim());
    if (!match) return undefined;
    const family = match[1].includes(":") ? 6 : 4;
    const address = family === 4 ? parseIpv4(match[1]) : parseIpv6(match[1]);
    const prefix = Number(match[2]);
    if (address === undefined || prefix > BITS[family]) return undefined;
    const hostBits = BigInt(BITS[family] - prefix);
    return { family, network: (address >> hostBits) << hostBits, prefix };
}

/** True when every address of `inner` is in `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
    if (outer.family !== inner.family || outer.prefix > inner.prefix) return false;
    const hostBits = BigInt(BITS[outer.family] - outer.prefix);
    return inner.network >> hostBits === outer.network >> hostBits;
}

/** The addresses two ranges share: the narrower one when nested, undefined when disjoint. */
export function cidrIntersection(a: Cidr, b: Cidr): Cidr | undefined {
    if (cidrContains(a, b)) return b;
    if (cidrContains(b, a)) return a;
    return undefined;
}
