/** Where the API server suite keeps what outlives a run: built binaries and results, outside git. */
import * as os from "node:os";
import * as path from "node:path";

export function cacheRoot(): string {
    return process.env.STOA_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "stoa-tenancy");
}

/** `results/cluster.json` is the summary of the last run; `results/cluster-facts/` holds each file's counts. */
export function resultsDir(): string {
    return path.join(cacheRoot(), "results");
}

export function factsDir(): string {
    return path.join(resultsDir(), "cluster-facts");
}
