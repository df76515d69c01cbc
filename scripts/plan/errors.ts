/**
 * Invalid input (exit 2): every problem names a file, a field path and a message, printed one per
 * line as `<file>: <field path>: <message>`, like the tenant loader's errors.
 */
import { formatTenantFileError, type TenantFileError } from "../../components/model";

export type InputProblem = TenantFileError;

/** What `--stack`, `--tenants` and the other flags are reported against. */
export const COMMAND_LINE = "(command line)";

export class InvalidInputError extends Error {
    constructor(readonly problems: InputProblem[]) {
        super(problems.map(formatProblem).join("\n"));
        this.name = "InvalidInputError";
    }
}

export function formatProblem(problem: InputProblem): string {
    return formatTenantFileError(problem);
}
