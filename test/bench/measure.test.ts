/** `npm run bench --repeat R` reports the median of each figure, run by run. */
import { describe, expect, it } from "vitest";
import { medianMeasure, type Measure } from "../../scripts/bench/measure";

const run = (seconds: number, cpuSeconds: number, maxRssMiB: number, policies: number): Measure => ({
    seconds,
    cpuSeconds,
    mainCpuSeconds: cpuSeconds / 2,
    resources: 1056,
    maxRssMiB,
    phases: { program: seconds - policies, policies },
    phasesCpu: { policies: policies * 2 },
});

describe("medianMeasure", () => {
    it("takes each figure's middle value of an odd number of runs, figure by figure", () => {
        expect(medianMeasure([run(3, 9, 500, 0.3), run(1, 7, 700, 0.1), run(2, 8, 600, 0.5)])).toEqual({
            seconds: 2,
            cpuSeconds: 8,
            mainCpuSeconds: 4,
            resources: 1056,
            maxRssMiB: 600,
            phases: { program: 1.5, policies: 0.3 },
            phasesCpu: { policies: 0.6 },
        });
    });

    it("averages the two middle values of an even number", () => {
        const median = medianMeasure([run(4, 10, 100, 0), run(1, 1, 400, 0), run(2, 3, 200, 0), run(3, 5, 300, 0)]);
        expect([median.seconds, median.cpuSeconds, median.mainCpuSeconds, median.maxRssMiB]).toEqual([2.5, 4, 2, 250]);
    });

    it("is the run itself for one run", () => {
        expect(medianMeasure([run(1.5, 2.5, 350, 0.2)])).toEqual(run(1.5, 2.5, 350, 0.2));
    });
});
