/**
 * A leaner stand-in for the SDK's `debuggablePromise`, for the time a program runs under the mocks.
 *
 * The SDK passes every promise it makes through `debuggablePromise` (about 25 per resource: one per
 * output property and a few per registration). That tags the promise with three non-enumerable
 * properties and a `new Error().stack` (read only by the leak report of `PULUMI_DEBUG_PROMISE_LEAKS`),
 * adds it to the leak candidates, and chains `.then().catch()` to take it out again: two more
 * promises each time. The stand-in keeps what the SDK's exit-time leak check reads (the candidates,
 * taken out when the promise settles, and `err.promise` on a rejection) with one chained promise and
 * no tags. With `PULUMI_DEBUG_PROMISE_LEAKS` set, the SDK's own function is used throughout, so its
 * detailed report is unchanged.
 */
interface DebuggableModule {
    debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T>;
    debugPromiseLeaks: boolean;
}
interface StateModule {
    getStore: () => { leakCandidates: Set<Promise<unknown>> };
}

// The SDK's own modules (internal, not in its typings): replaced on the exports object the SDK reads at each call.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as DebuggableModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const state = require("@pulumi/pulumi/runtime/state") as StateModule;

/** The stand-in: leak bookkeeping only. */
export function leanDebuggablePromise<T>(p: Promise<T>): Promise<T> {
    const candidates = state.getStore().leakCandidates;
    candidates.add(p);
    return p.then(
        (value) => {
            candidates.delete(p);
            return value;
        },
        (err: unknown) => {
            candidates.delete(p);
            if (typeof err === "object" && err !== null) (err as { promise?: unknown }).promise = p;
            throw err;
        },
    );
}

/** Runs `run` with the stand-in in place (unless leak debugging is on), and puts the SDK's back after. */
export async function withLeanPromises<T>(run: () => Promise<T>): Promise<T> {
    const original = debuggable.debuggablePromise;
    if (debuggable.debugPromiseLeaks) return run();
    // The SDK's own function schedules its leak check for the process's exit on its first call.
    original(Promise.resolve(), "leak check").catch(() => undefined);
    debuggable.debuggablePromise = leanDebuggablePromise;
    try {
        return await run();
    } finally {
        debuggable.debuggablePromise = original;
    }
}
