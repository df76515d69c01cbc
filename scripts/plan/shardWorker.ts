/**
 * One `--all-shards` worker (`reusableWorkers` in allShards.ts starts it with an IPC channel, in the
 * project folder): it plans each stack its parent sends, `{ argv }` with `plan.ts`'s arguments, one
 * after the other, by `runPlan` in this process as `scripts/plan.ts` does (its working folder, its
 * arguments), its stdout dropped and its stderr kept; it answers `{ code, stderr }`. The heap is
 * collected after each stack, so the next one starts from what the program keeps, not from the last
 * stack's garbage (`releaseFirstStack`). It ends when its parent closes the channel (or dies).
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { collectGarbage } from "../offline/gc";
import { STDERR_KEPT, type WorkerReply, type WorkerRequest } from "./allShards";
import { runPlan, type PlanIO } from "./run";

/**
 * Lets go of the first stack's resources. The SDK serializes the PostgreSQL dynamic provider once per
 * process, and that serialization awaits a promise the SDK keeps for the process (its list of Node's
 * built-in modules); V8 remembers on that promise the last async function that awaited it, and with
 * it that serialization's context, which reaches the stack resource and so every resource of the
 * stack. A worker kept its first stack alive that way to its end: about 200 MB at 100 tenants, and a
 * 2.4 GB peak instead of 2.0 GB. Serializing a function that captures a built-in module awaits that
 * promise again, from a context that holds nothing. Memory only: a failure here changes no plan.
 */
async function releaseFirstStack(): Promise<void> {
    await pulumi.runtime.serializeFunction(() => path.sep).catch(() => undefined);
}

/** The first line of what was thrown, for a one-line reason. */
function reason(err: unknown): string {
    const text = err instanceof Error ? err.message : String(err);
    return text.split("\n").find((line) => line.trim() !== "")?.trim() ?? "no reason given";
}

function isRequest(message: unknown): message is WorkerRequest {
    const argv = (message as Partial<WorkerRequest> | null)?.argv;
    return Array.isArray(argv) && argv.every((a) => typeof a === "string");
}

/**
 * Plans one stack; a throw that escapes `runPlan` is exit 2 with a one-line reason. `io`: tests only
 * (the worker gives none, as `scripts/plan.ts`).
 */
export async function planOneStack(argv: readonly string[], io: Omit<PlanIO, "stdout" | "stderr"> = {}): Promise<WorkerReply> {
    let stderr = "";
    const keep = (text: string) => {
        if (stderr.length < STDERR_KEPT) stderr += text;
    };
    try {
        const code = await runPlan(argv, { ...io, stdout: () => undefined, stderr: keep });
        return { code, stderr };
    } catch (err) {
        return { code: 2, stderr: `${stderr}plan failed: ${reason(err)}\n` };
    } finally {
        await releaseFirstStack();
        collectGarbage();
    }
}

// Only as the worker process's entry: a test that imports this file must not answer its own parent.
if (require.main === module && process.send !== undefined) {
    let queue = Promise.resolve();
    process.on("message", (message: unknown) => {
        queue = queue.then(async () => {
            const reply: WorkerReply = isRequest(message) ? await planOneStack(message.argv) : { code: 2, stderr: "the worker was sent something that is not a stack to plan\n" };
            if (process.connected) process.send!(reply);
        });
    });
    process.on("disconnect", () => process.exit(0));
}
