/** The error that carries invalid input through a plan run: its problems, and one line per problem as its message. */
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../scripts/plan/errors";

describe("InvalidInputError", () => {
    it("keeps its problems and says them one per line", () => {
        const problems = [
            { file: "tenants/alpha.yaml", field: "tier", message: "must be one of community, starter, business, enterprise", line: 4, column: 7 },
            { file: "(program)", field: "dev", message: "the program failed: boom" },
        ];
        const error = new InvalidInputError(problems);
        expect(error).toBeInstanceOf(Error);
        expect(error.name).toBe("InvalidInputError");
        expect(error.problems).toBe(problems);
        expect(error.message).toBe("tenants/alpha.yaml: tier: must be one of community, starter, business, enterprise (line 4, column 7)\n(program): dev: the program failed: boom");
    });
});
