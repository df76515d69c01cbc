/** What one benchmark process reports (`worker.ts`), and the median of several. */
export interface Measure {
    seconds: number;
    cpuSeconds: number;
    /** CPU seconds of the main thread alone (NaN where unknown). */
    mainCpuSeconds: number;
    resources: number;
    maxRssMiB: number;
    phases: Record<string, number>;
    phasesCpu: Record<string, number>;
}

/** The median of each figure over several runs of one process kind (the middle run for an odd count). */
export function medianMeasure(runs: readonly Measure[]): Measure {
    const median = (values: number[]) => {
        const sorted = [...values].sort((a, b) => a - b);
        const mid = Math.floor(sorted.length / 2);
        return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    };
    const phases = (pick: (m: Measure) => Record<string, number>) => Object.fromEntries(Object.keys(pick(runs[0])).map((k) => [k, median(runs.map((m) => pick(m)[k] ?? 0))]));
    return {
        seconds: median(runs.map((m) => m.seconds)),
        cpuSeconds: median(runs.map((m) => m.cpuSeconds)),
        mainCpuSeconds: median(runs.map((m) => m.mainCpuSeconds)),
        resources: runs[0].resources,
        maxRssMiB: median(runs.map((m) => m.maxRssMiB)),
        phases: phases((m) => m.phases),
        phasesCpu: phases((m) => m.phasesCpu),
    };
}

