/** A plan document for the plan's pure tests: stack s1 of environment dev with nothing in it but `parts`. */
import type { PlanDocument } from "../../scripts/plan/json";

export function planDocument(parts: Partial<PlanDocument> = {}): PlanDocument {
    return {
        stack: "s1",
        environment: "dev",
        tenants: [],
        resources: [],
        violations: [],
        verdicts: [],
        warnings: [],
        changes: { base: null, tenants: { added: [], removed: [], renamed: [], changed: [] }, resources: [] },
        ...parts,
    };
}
