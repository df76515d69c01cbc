/**
 * Finds every known secret inside a string in one pass, whatever the number of secrets: secrets are
 * indexed by their first `keyLength` characters, and each position of the text is looked up once.
 * The cost is linear in the text (plus the candidates sharing a prefix), where comparing every string
 * with every secret grows with strings × secrets.
 */
export class SecretMatcher {
    private readonly byPrefix = new Map<string, string[]>();

    /** `keyLength`: every secret is at least this long (shorter ones are not searched for). */
    constructor(
        secrets: Iterable<string>,
        private readonly keyLength: number,
    ) {
        for (const secret of secrets) {
            if (secret.length < keyLength) continue;
            const key = secret.slice(0, keyLength);
            const list = this.byPrefix.get(key);
            if (list) list.push(secret);
            else this.byPrefix.set(key, [secret]);
        }
        // Longest first: at a position where several secrets start, the longest one is replaced whole.
        for (const list of this.byPrefix.values()) list.sort((a, b) => b.length - a.length);
    }

    get size(): number {
        return this.byPrefix.size;
    }

    /** `text` with every occurrence of a secret replaced by `placeholder` (leftmost, longest first). */
    replace(text: string, placeholder: string): string {
        if (this.byPrefix.size === 0 || text.length < this.keyLength) return text;
        let result = "";
        let copied = 0;
        for (let i = 0; i + this.keyLength <= text.length; ) {
            const candidates = this.byPrefix.get(text.slice(i, i + this.keyLength));
            const secret = candidates?.find((s) => text.startsWith(s, i));
            if (secret === undefined) {
                i++;
                continue;
            }
            result += text.slice(copied, i) + placeholder;
            i += secret.length;
            copied = i;
        }
        return copied === 0 ? text : result + text.slice(copied);
    }
}
