/**
 * `npm run --silent plan:comment -- --dir plans --out plans/comment.md [--details-url <url>] [--json plans/merged.json]`:
 * merges the per-stack plans a workflow's matrix wrote (`<stack>.json`, `<stack>.status`,
 * `<stack>.err`) into one pull-request comment at scale (docs/plan.md) and exits with the worst
 * status. See docs/ci.md.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { renderComment } from "./plan/comment";
import type { PlanDocument } from "./plan/json";
import { mergePlans, type ExitCode, type StackRun } from "./plan/merge";

const { values } = parseArgs({ options: { dir: { type: "string" }, out: { type: "string" }, json: { type: "string" }, "details-url": { type: "string" } }, strict: true });
if (!values.dir || !values.out) {
    process.stderr.write("usage: plan-comment --dir <folder> --out <comment.md> [--json <merged.json>] [--details-url <url>]\n");
    process.exit(2);
}
const dir = values.dir;
const read = (file: string) => (fs.existsSync(path.join(dir, file)) ? fs.readFileSync(path.join(dir, file), "utf8") : undefined);
const stacks = fs
    .readdirSync(dir)
    .map((f) => /^(.+)\.status$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
const runs: StackRun[] = stacks.map((stack) => {
    const code = Number((read(`${stack}.status`) ?? "2").trim());
    const status: ExitCode = code === 0 || code === 1 ? code : 2;
    const json = read(`${stack}.json`);
    let plan: PlanDocument | undefined;
    try {
        plan = status !== 2 && json ? (JSON.parse(json) as PlanDocument) : undefined;
    } catch {
        plan = undefined;
    }
    return plan ? { stack, status, plan } : { stack, status: 2, errors: read(`${stack}.err`) || "no plan was written\n" };
});
const merged = mergePlans(runs);
fs.writeFileSync(values.out, renderComment(merged, { detailsUrl: values["details-url"] }));
if (values.json) fs.writeFileSync(values.json, `${JSON.stringify(merged, null, 2)}\n`);
process.stdout.write(`${stacks.length} stack plans merged into ${values.out}; worst exit status ${merged.status}\n`);
process.exitCode = merged.status;
