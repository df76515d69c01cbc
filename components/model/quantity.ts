/**
 * Kubernetes resource quantities ("500m", "10", "20Gi", "1.5G") as plain numbers, so that a tenant's
 * override can be compared with its tier's ceiling. Pure: no Pulumi here.
 */

const BINARY_SUFFIXES: Record<string, number> = {
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Pi: 2 ** 50,
    Ei: 2 ** 60,
};

const DECIMAL_SUFFIXES: Record<string, number> = {
    m: 1e-3,
    "": 1,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
};

/** Decimal digits with an optional binary or decimal suffix; stricter than Kubernetes (no sign, exponent or bare "."). */
export const QUANTITY_PATTERN = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/;

/** True when `text` is a Kubernetes quantity this project accepts (no exponents, no signs). */
export function isQuantity(text: string): boolean {
    return QUANTITY_PATTERN.test(text);
}

/** The value of a quantity in base units (cores for cpu, bytes for memory and storage). */
export function parseQuantity(text: string): number {
    const match = QUANTITY_PATTERN.exec(text);
    if (!match) {
        throw new Error(`"${text}" is not a Kubernetes quantity (examples: "500m", "2", "512Mi", "20Gi")`);
    }
    const [, digits, suffix = ""] = match;
    const multiplier = BINARY_SUFFIXES[suffix] ?? DECIMAL_SUFFIXES[suffix];
    return Number(digits) * multiplier;
}

/** Compares two quantities: negative when a < b, zero when equal, positive when a > b. */
export function compareQuantities(a: string, b: string): number {
    return parseQuantity(a) - parseQuantity(b);
}
