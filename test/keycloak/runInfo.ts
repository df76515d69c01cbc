/**
 * What the suite's setup learned about the server (version, Java, timings), for the summary reporter.
 * Both run in vitest's main process; a global symbol carries it between their module graphs.
 */
export interface RunInfo {
    version: string;
    javaMajor: number;
    startMs: number;
    applyMs: number;
    setupMs: number;
    /** Admin API calls applied, by provider resource type. */
    applied: Record<string, number>;
}

const KEY = Symbol.for("stoa-tenancy.keycloak.run");

export function recordRun(info: RunInfo): void {
    (globalThis as Record<symbol, unknown>)[KEY] = info;
}

export function recordedRun(): RunInfo | undefined {
    return (globalThis as Record<symbol, unknown>)[KEY] as RunInfo | undefined;
}
