/**
 * A full garbage collection on demand, for a process that runs the program twice (`npm run plan
 * --base`: the base revision, then the current one). Without it, the first run's garbage stays in the
 * heap V8 grew for that run and the second run grows it further: a 100-tenant plan with `--base`
 * peaked at 2.7 GB, and at 2.1 GB with one collection between the runs (docs/benchmarks.md).
 */
import * as v8 from "node:v8";
import * as vm from "node:vm";

let gc: (() => void) | undefined;

export function collectGarbage(): void {
    if (gc === undefined) {
        // Node exposes `gc` only with --expose-gc; the flag set now applies to contexts created afterwards.
        v8.setFlagsFromString("--expose-gc");
        gc = vm.runInNewContext("gc") as () => void;
    }
    gc();
}
