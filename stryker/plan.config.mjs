import { mutationConfig } from "./base.mjs";

export default mutationConfig("plan", {
    mutate: ["scripts/plan/**/*.ts"],
    // Not cli.test.ts: it runs `npm run plan` in a child process, which Stryker cannot switch mutants in.
    testFiles: ["test/plan/!(cli).test.ts"],
});
