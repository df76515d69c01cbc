/** Counts each test file records for the suite's closing summary (test/cluster/summary.ts). */
import * as fs from "node:fs";
import * as path from "node:path";
import { factsDir } from "./paths";

export type Fact = "objectsApplied" | "accessChecks" | "authenticationCases" | "admissionCases" | "guardrailCases" | "quotaCases" | "lifecycleChecks";

export function recordFact(file: string, facts: Partial<Record<Fact, number>>): void {
    fs.mkdirSync(factsDir(), { recursive: true });
    fs.writeFileSync(path.join(factsDir(), `${file}.json`), JSON.stringify(facts));
}
