import { mutationConfig } from "./base.mjs";

export default mutationConfig("plan", {
    mutate: ["scripts/plan/**/*.ts"],
    testFiles: ["test/plan/*.test.ts"],
});
