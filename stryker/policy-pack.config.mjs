import { mutationConfig } from "./base.mjs";

export default mutationConfig("policy-pack", {
    mutate: ["policy-pack/**/*.ts"],
    // Not crossguard.test.ts: it runs the pack in the Pulumi CLI's runner, a process Stryker cannot switch
    // mutants in. Not program.test.ts: it runs the whole program under Pulumi's mocks before its first test,
    // which per mutant costs more than the rest together; the policy fixtures must kill the pack's mutants.
    // Not gatewayProgram.test.ts: it runs the whole program, which never ends in Stryker's worker threads (see
    // plan.config.mjs). Not coverage.test.ts: it imports the fixture files again, and in one long-lived worker
    // (isolate: false) their tests would then register under it instead of under their own files.
    testFiles: ["test/policy/!(crossguard|program|gatewayProgram|coverage).test.ts"],
});
