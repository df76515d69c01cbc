/** The plan as a terminal summary: what `npm run plan` prints. Plain text, aligned columns, no secrets. */
import type { PlanDocument } from "./json";
import { changesOf, countChanges, optionChange, exitStatus, groupByType, plural, tenantRows, verdictCounts, violationCounts, violationTarget } from "./format";

function table(rows: string[][]): string[] {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
    return rows.map((r) => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ")}`.trimEnd());
}

export function renderSummary(plan: PlanDocument): string {
    const lines: string[] = [];
    const counts = countChanges(plan.changes.resources);
    const levels = violationCounts(plan.violations);
    lines.push(`Offline plan for stack ${plan.stack} (environment ${plan.environment}): ${plural(plan.tenants.length, "tenant")}, ${plural(plan.resources.length, "resource")}`);
    if (plan.changes.base === null) {
        lines.push("No --base: everything is to be created.");
    } else {
        const { added, removed, changed, renamed } = plan.changes.tenants;
        lines.push(
            `Compared with ${plan.changes.base}: tenants ${added.length} added, ${removed.length} removed, ${changed.length} changed` +
                `${renamed.length > 0 ? `, ${renamed.length} renamed` : ""}; resources ${counts.create} to create, ${counts.update} to update, ${counts.delete} to delete`,
        );
    }

    if (plan.warnings.length > 0) {
        lines.push("", `WARNINGS (${plan.warnings.length})`);
        for (const w of plan.warnings) lines.push(`  ! ${w.kind}: ${w.message}`);
    }

    lines.push("", "TENANTS");
    const rows = [["tenant", "tier", "status", "change", "resources", "create", "update", "delete", "gateways"]];
    for (const t of tenantRows(plan)) {
        rows.push([t.id, t.tier, t.status, t.change, String(t.resources), String(t.counts.create), String(t.counts.update), String(t.counts.delete), (t.gateways ?? []).join(", ")]);
    }
    const platform = countChanges([changesOf(plan, null)]);
    const platformResources = plan.resources.filter((r) => r.tenant === null).length;
    rows.push(["(platform)", "", "", "", String(platformResources), String(platform.create), String(platform.update), String(platform.delete), ""]);
    lines.push(...table(rows));

    if (plan.changes.base !== null && plan.changes.resources.length > 0) {
        lines.push("", "CHANGES");
        for (const group of plan.changes.resources) {
            lines.push(`  ${group.tenant ?? "(platform)"}`);
            const count = (items: readonly unknown[]) => (items.length > 1 ? ` ×${items.length}` : "");
            for (const g of groupByType(group.deleted)) {
                const names = g.items.map((r) => `${r.name}${r.protect ? " (PROTECTED)" : ""}${r.retainOnDelete ? " (retained)" : ""}`);
                lines.push(`    - delete ${g.type}${count(g.items)}: ${names.join(", ")}`);
            }
            for (const r of group.updated) lines.push(`    ~ update ${r.type} ${r.name}: ${[...r.inputs, ...r.options.map((o) => `option ${optionChange(r, o)}`)].join(", ")}`);
            for (const g of groupByType(group.created)) lines.push(`    + create ${g.type}${count(g.items)}: ${g.items.map((r) => r.name).join(", ")}`);
        }
    }

    lines.push("", `POLICY VERDICTS: ${verdictCounts(plan)}`);
    const verdictRows = [["policy", "level", "verdict", "violations", "not applicable"]];
    for (const v of plan.verdicts) verdictRows.push([v.policy, v.enforcementLevel, v.verdict, String(v.violations), String(v.notApplicable)]);
    lines.push(...table(verdictRows));

    lines.push("", `POLICY VIOLATIONS: ${levels.mandatory} mandatory, ${levels.advisory} advisory${levels.remediate > 0 ? `, ${levels.remediate} remediate` : ""}`);
    for (const v of plan.violations) {
        const target = violationTarget(plan, v.urn);
        const where = target ? `${target.tenant ? `${target.tenant} ` : ""}${target.type} ${target.name}` : "(stack)";
        lines.push(`  [${v.enforcementLevel}] ${v.policy}: ${where}`, `      ${v.message}`);
    }

    const status = exitStatus(plan);
    lines.push("", status === 1 ? `FAILED: ${plural(levels.mandatory, "mandatory violation")} (exit 1)` : "OK: no mandatory violation (exit 0)");
    return `${lines.join("\n")}\n`;
}
