import { mutationConfig } from "./base.mjs";

export default mutationConfig("plan", {
    mutate: ["scripts/plan/**/*.ts"],
    // Not cli.test.ts: it runs `npm run plan` in a child process, which Stryker cannot switch mutants in.
    // Not docs.test.ts: it asks git about ignored files, and Stryker's sandbox is itself git-ignored.
    testFiles: ["test/plan/!(cli|docs).test.ts"],
});
