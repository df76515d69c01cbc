/**
 * Multiplying Kubernetes quantities exactly enough for quotas ("10" × 2 = "20", "1Gi" × 1.5 =
 * "1536Mi", "500m" ÷ 1.5 = "334m"). Pure; rounding is always up, so that a limit derived from a
 * request never ends below request × ratio.
 */
import { parseQuantity } from "../model";

const QUANTITY = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/;
/** Each suffix and the next smaller one with its factor; "" (bytes, cores) steps to "m" only for decimal units. */
const BINARY_STEPS = ["Ei", "Pi", "Ti", "Gi", "Mi", "Ki", ""];
const DECIMAL_STEPS = ["E", "P", "T", "G", "M", "k", "", "m"];

function isWhole(value: number): boolean {
    return Math.abs(value - Math.round(value)) <= 1e-9 * Math.max(1, Math.abs(value));
}

/**
 * `quantity × factor`, in the quantity's own unit when the result is whole, else one unit smaller,
 * rounded up. Binary quantities stay binary ("Gi" → "Mi"); plain numbers step to milli ("1" → "m").
 */
export function scaleQuantity(quantity: string, factor: number): string {
    const match = QUANTITY.exec(quantity);
    if (!match || !(factor > 0) || !Number.isFinite(factor)) {
        throw new Error(`cannot scale "${quantity}" by ${factor}: need a Kubernetes quantity and a positive factor`);
    }
    const [, digits, suffix = ""] = match;
    const scaled = Number(digits) * factor;
    if (isWhole(scaled)) return `${Math.round(scaled)}${suffix}`;
    const binary = BINARY_STEPS.indexOf(suffix) >= 0 && suffix !== "";
    const steps = binary ? BINARY_STEPS : DECIMAL_STEPS;
    const next = steps[steps.indexOf(suffix) + 1];
    if (next === undefined) return `${Math.ceil(scaled)}${suffix}`; // "m" or bytes: nothing smaller
    const ratio = binary ? 1024 : 1000;
    const smaller = scaled * ratio;
    return `${isWhole(smaller) ? Math.round(smaller) : Math.ceil(smaller)}${next}`;
}

/** The larger of two quantities (the first when equal). */
export function maxQuantity(a: string, b: string): string {
    return parseQuantity(b) > parseQuantity(a) ? b : a;
}

/** The smaller of two quantities (the first when equal). */
export function minQuantity(a: string, b: string): string {
    return parseQuantity(b) < parseQuantity(a) ? b : a;
}
