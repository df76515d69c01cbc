/** parseQuantity and friends: Kubernetes quantities as numbers, and what this project refuses. */
import { describe, expect, it } from "vitest";
import { compareQuantities, isQuantity, parseQuantity } from "../../components/model";

const valid: [string, number][] = [
    ["0", 0],
    ["1", 1],
    ["10", 10],
    ["500m", 0.5],
    ["1500m", 1.5],
    ["0.5", 0.5],
    ["1.5", 1.5],
    ["1k", 1000],
    ["1M", 1e6],
    ["1G", 1e9],
    ["1.5G", 1.5e9],
    ["1T", 1e12],
    ["1Ki", 1024],
    ["512Mi", 512 * 2 ** 20],
    ["20Gi", 20 * 2 ** 30],
    ["2Ti", 2 * 2 ** 40],
    ["1Pi", 2 ** 50],
    ["1Ei", 2 ** 60],
];

const invalid = ["", "-1", "+1", "1e3", "1E3", ".5", "1.", "1 Gi", "Gi", "1gi", "1GI", "1.5.2", "1Gb", "ten", "1Mi ", " 1"];

describe("parseQuantity", () => {
    it.each(valid)("%s = %d", (text, value) => {
        expect(isQuantity(text)).toBe(true);
        expect(parseQuantity(text)).toBeCloseTo(value, 9);
    });

    it.each(invalid)("refuses %j", (text) => {
        expect(isQuantity(text)).toBe(false);
        expect(() => parseQuantity(text)).toThrow(/is not a Kubernetes quantity/);
    });

    it("orders binary and decimal suffixes by value", () => {
        expect(compareQuantities("1Gi", "1G")).toBeGreaterThan(0);
        expect(compareQuantities("1000m", "1")).toBe(0);
        expect(compareQuantities("8Gi", "8193Mi")).toBeLessThan(0);
    });
});
