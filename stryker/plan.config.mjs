import { mutationConfig } from "./base.mjs";

export default mutationConfig("plan", {
    mutate: ["scripts/plan/**/*.ts"],
    // Not cli.test.ts: it runs `npm run plan` in a child process, which Stryker cannot switch mutants in.
    // Not docs.test.ts: it asks git about ignored files, and Stryker's sandbox is itself git-ignored.
    // Not the files that run the project's whole program (plan, base, hostile, shards, agreement.property):
    // Stryker's vitest runner always runs tests in a worker thread, where the program's run under Pulumi's
    // mocks fails ("error serializing property "__provider": … Trace events are unavailable",
    // ERR_TRACE_EVENTS_UNAVAILABLE) and the plan never ends; the first such test stops the initial run.
    // They still run in `npm test`. The in-process tests of runPlan give it small programs of their own.
    testFiles: ["test/plan/!(cli|docs|plan|base|hostile|shards|agreement.property).test.ts"],
});
