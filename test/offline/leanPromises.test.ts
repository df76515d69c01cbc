/**
 * The stand-in for the SDK's `debuggablePromise` keeps what the SDK's exit-time leak check reads, and
 * is in place only while a program runs under the mocks.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { leanDebuggablePromise, withLeanPromises } from "../../scripts/offline/leanPromises";
import { runOffline } from "../../scripts/offline/runtime";

/* eslint-disable @typescript-eslint/no-require-imports */
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: unknown; debugPromiseLeaks: boolean; leakedPromises: () => [Set<Promise<unknown>>, string] };
const state = require("@pulumi/pulumi/runtime/state") as { getStore: () => { leakCandidates: Set<Promise<unknown>> } };
/* eslint-enable @typescript-eslint/no-require-imports */

const candidates = () => state.getStore().leakCandidates;

describe("leanDebuggablePromise", () => {
    it("gives the promise's value and takes it out of the leak candidates once it settles", async () => {
        let resolve: (v: string) => void = () => undefined;
        const p = new Promise<string>((r) => (resolve = r));
        const chained = leanDebuggablePromise(p);
        expect(candidates().has(p)).toBe(true);
        resolve("value");
        expect(await chained).toBe("value");
        expect(candidates().has(p)).toBe(false);
    });

    it("passes a rejection on with the promise it came from, and takes it out of the candidates", async () => {
        const err = new Error("refused");
        const p = Promise.reject(err);
        const chained = leanDebuggablePromise(p);
        await expect(chained).rejects.toBe(err);
        expect((err as Error & { promise?: unknown }).promise).toBe(p);
        expect(candidates().has(p)).toBe(false);
        await expect(leanDebuggablePromise(Promise.reject("text"))).rejects.toBe("text");
    });

    it("leaves a promise that never settles among the candidates the SDK reports as leaked", () => {
        const never = new Promise<void>(() => undefined);
        void leanDebuggablePromise(never);
        const [leaked, message] = debuggable.leakedPromises();
        expect(leaked.has(never)).toBe(true);
        expect(message).toContain("The Pulumi runtime detected that");
    });
});

describe("withLeanPromises", () => {
    it("puts the stand-in in place while the run lasts and the SDK's function back after it, also when it throws", async () => {
        const original = debuggable.debuggablePromise;
        let during: unknown;
        await withLeanPromises(async () => {
            during = debuggable.debuggablePromise;
        });
        expect(during).toBe(leanDebuggablePromise);
        expect(debuggable.debuggablePromise).toBe(original);
        await expect(
            withLeanPromises(async () => {
                throw new Error("program failed");
            }),
        ).rejects.toThrow("program failed");
        expect(debuggable.debuggablePromise).toBe(original);
    });

    it("keeps the SDK's own function when PULUMI_DEBUG_PROMISE_LEAKS asks for the detailed report", async () => {
        const original = debuggable.debuggablePromise;
        debuggable.debugPromiseLeaks = true;
        try {
            let during: unknown;
            await withLeanPromises(async () => {
                during = debuggable.debuggablePromise;
            });
            expect(during).toBe(original);
        } finally {
            debuggable.debugPromiseLeaks = false;
        }
    });

    it("is what a program under runOffline runs with, and the outputs still resolve", async () => {
        let during: unknown;
        const run = await runOffline({
            stack: "dev",
            config: {},
            program: async () => {
                during = debuggable.debuggablePromise;
                const a = new pulumi.ComponentResource("stoa:test:Thing", "a", {});
                return { urn: a.urn };
            },
        });
        expect(during).toBe(leanDebuggablePromise);
        expect(run.outputs).toEqual({ urn: "urn:pulumi:dev::stoa-tenancy::pulumi:pulumi:Stack$stoa:test:Thing::a" });
        // Nothing the run made is left unsettled.
        expect(debuggable.leakedPromises()[0].size).toBe(0);
    });
});
