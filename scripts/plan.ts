/**
 * `npm run plan -- --stack <dev|staging|prod> [--tenants <dir>] [--out <file.json>]
 * [--markdown <file.md>] [--base <git-rev>] [--policy-config <file.json>]`: see docs/plan.md.
 */
import { runPlan } from "./plan/run";

runPlan(process.argv.slice(2)).then(
    (status) => {
        process.exitCode = status;
    },
    (err: unknown) => {
        process.stderr.write(`plan failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exitCode = 2;
    },
);
