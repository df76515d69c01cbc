/**
 * One `--all-shards` worker (`reusableWorkers` in allShards.ts starts it with an IPC channel, in the
 * project folder): it plans each stack its parent sends, `{ argv }` with `plan.ts`'s arguments, one
 * after the other, by `runPlan` in this process as `scripts/plan.ts` does (its working folder, its
 * arguments), its stdout dropped and its stderr kept; it answers `{ code, stderr }`. The heap is
 * collected after each stack, so the next one starts from what the program keeps, not from the last
 * stack's garbage. It ends when its parent closes the channel (or dies).
 */
import { collectGarbage } from "../offline/gc";
import { STDERR_KEPT, type WorkerReply, type WorkerRequest } from "./allShards";
import { runPlan, type PlanIO } from "./run";

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
