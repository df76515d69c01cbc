import { mutationConfig } from "./base.mjs";

export default mutationConfig("model", {
    mutate: ["components/model/**/*.ts"],
    testFiles: ["test/model/*.test.ts"],
});
