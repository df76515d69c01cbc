/**
 * The rule for a tenant's alert webhook: https, to a public host name. Grafana posts alerts from
 * inside the cluster, so a URL naming a cluster-internal, link-local or metadata address would let a
 * tenant make the platform call its own internals. Checked on the text as written: no scheme or host
 * spelling that a URL parser normalises into something else is accepted.
 *
 * This is a check of the file, at validation time. A public name can still resolve to a private
 * address (DNS rebinding); only an egress rule on the alerting component holds at runtime.
 */

/** Hosts and suffixes that always name something inside the cluster, the machine or the cloud provider. */
const INTERNAL_NAMES = ["localhost", "kubernetes", "metadata", "metadata.google.internal", "instance-data"];
const INTERNAL_SUFFIXES = [".localhost", ".local", ".internal", ".svc", ".cluster.local", ".home.arpa", ".arpa", ".intranet", ".lan", ".corp"];
/** Wildcard DNS services that resolve a name to the address written inside it (`10.0.0.1.nip.io`). */
const WILDCARD_DNS_SUFFIXES = [".nip.io", ".sslip.io", ".xip.io", ".traefik.me", ".localtest.me", ".lvh.me", ".vcap.me"];

const MAX_URL_LENGTH = 2048;
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** True for an IPv4 address that is not on the public internet (RFC 6890 special-purpose ranges). */
export function isNonPublicIpv4(octets: readonly number[]): boolean {
    const [a, b] = octets;
    return (
        a === 0 ||
        a === 10 ||
        a === 127 ||
        (a === 100 && b >= 64 && b <= 127) ||
        (a === 169 && b === 254) ||
        (a === 172 && b >= 16 && b <= 31) ||
        (a === 192 && b === 168) ||
        (a === 192 && b === 0) ||
        (a === 198 && (b === 18 || b === 19)) ||
        a >= 224
    );
}

/** The IPv4 addresses written inside a host name: dotted (`10.0.0.1.nip.io`), dashed (`10-0-0-1.x`) or as 8 hex digits. */
function embeddedIpv4(host: string): number[][] {
    const found: number[][] = [];
    const labels = host.split(".");
    const byte = (text: string) => (/^\d{1,3}$/.test(text) && Number(text) <= 255 ? Number(text) : undefined);
    for (let i = 0; i + 4 <= labels.length; i++) {
        const octets = labels.slice(i, i + 4).map(byte);
        if (octets.every((o) => o !== undefined)) found.push(octets as number[]);
    }
    for (const label of labels) {
        for (const match of label.matchAll(/(?:^|[^0-9])(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})(?![0-9])/g)) {
            const octets = match.slice(1, 5).map(byte);
            if (octets.every((o) => o !== undefined)) found.push(octets as number[]);
        }
        for (const match of label.matchAll(/(?:^|-)([0-9a-f]{8})(?:$|-)/g)) {
            const value = parseInt(match[1], 16);
            found.push([value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255]);
        }
    }
    return found;
}

const MESSAGE = "must be an https URL to a public host name, e.g. https://hooks.example.com/stoa";

/** Why `text` cannot be a tenant's webhook URL, or undefined. One message per URL. */
export function webhookUrlProblem(text: string): string | undefined {
    if (text.length > MAX_URL_LENGTH) return `${MESSAGE} (at most ${MAX_URL_LENGTH} characters)`;
    if (!text.startsWith("https://")) {
        if (/^https:/i.test(text)) return `${MESSAGE}: write the scheme as "https://" exactly (lower case, two slashes)`;
        return `${MESSAGE}: the scheme must be https`;
    }
    // The authority as written: up to the first "/", "?" or "#". Backslashes are read as "/" by URL parsers.
    const authority = /^https:\/\/([^/?#]*)/.exec(text)![1];
    if (/[\\\s]/.test(text)) return `${MESSAGE}: no spaces or backslashes`;
    if (authority.includes("@")) return `${MESSAGE}: no user name or password in the URL (store credentials elsewhere)`;
    const hostPort = /^([^:]*)(?::(\d{1,5}))?$/.exec(authority);
    if (!hostPort) {
        return authority.startsWith("[") ? `${MESSAGE}: IP addresses are not allowed, only host names` : `${MESSAGE}: the port must be a number`;
    }
    const host = hostPort[1].toLowerCase();
    if (hostPort[2] !== undefined && (Number(hostPort[2]) < 1 || Number(hostPort[2]) > 65535)) return `${MESSAGE}: the port must be 1 to 65535`;
    if (host === "") return `${MESSAGE}: the host is missing`;
    const labels = host.split(".");
    if (labels.some((label) => !LABEL.test(label))) {
        return `${MESSAGE}: the host must be a DNS name of letters, digits, "-" and "." (IDN names in their xn-- form)`;
    }
    if (/^\d+$/.test(labels.at(-1)!) || /^0x[0-9a-f]+$/.test(labels.at(-1)!)) return `${MESSAGE}: IP addresses are not allowed, only host names`;
    if (INTERNAL_NAMES.includes(host) || INTERNAL_SUFFIXES.some((suffix) => host.endsWith(suffix))) {
        return `${MESSAGE}: "${host}" names a cluster-internal, local or metadata host`;
    }
    if (labels.length < 2) return `${MESSAGE}: the host needs a domain (e.g. hooks.example.com)`;
    if (WILDCARD_DNS_SUFFIXES.some((suffix) => host.endsWith(suffix))) {
        return `${MESSAGE}: "${host}" is a wildcard DNS name that resolves to the address written in it`;
    }
    if (embeddedIpv4(host).some(isNonPublicIpv4)) return `${MESSAGE}: "${host}" embeds a private, loopback or link-local address`;
    let parsed: URL;
    try {
        parsed = new URL(text);
    } catch {
        return MESSAGE;
    }
    // Belt and braces: the parser must see the same host as this check did.
    if (parsed.protocol !== "https:" || parsed.hostname !== host || parsed.username !== "" || parsed.password !== "") return MESSAGE;
    return undefined;
}
