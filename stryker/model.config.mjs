import { mutationConfig } from "./base.mjs";

export default mutationConfig("model", {
    mutate: ["components/model/**/*.ts"],
    // Not program.test.ts: it runs the whole program under Pulumi's mocks, which reaches nearly every line of
    // the model, so it would run against nearly every mutant at minutes each; the model's own tests must kill
    // the model's mutants (the loader's refusals are tested on loadInput itself).
    testFiles: ["test/model/!(program).test.ts"],
});
