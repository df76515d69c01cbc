/**
 * The plan as a pull-request comment: warnings first, then every policy violation and every policy's
 * verdict, then per tenant what is created, changed and deleted. Stable (same plan, same text), compact, and built only from
 * the plan document, in which every secret is already "[secret]".
 */
import type { PlanDocument } from "./json";
import type { ResourceChanges, ResourceRef } from "./diff";
import { changesOf, countChanges, optionChange, groupByType, plural, tenantRows, verdictCounts, violationCounts, violationTarget } from "./format";

/** Marks the comment section of one stack, so a workflow can find and replace it. */
export function markdownMarker(stack: string): string {
    return `<!-- stoa-tenancy-plan:${stack} -->`;
}

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
/** Text from the plan shown as prose: no HTML (a file name or value could carry a tag). */
const prose = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
/** Table cells: no pipes, line breaks or HTML. */
const cell = (text: string) => prose(text).replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

function headline(plan: PlanDocument): string {
    const { added, removed, changed, renamed } = plan.changes.tenants;
    const counts = countChanges(plan.changes.resources);
    const levels = violationCounts(plan.violations);
    const parts: string[] = [];
    if (plan.changes.base === null) {
        parts.push(`No base to compare with: everything is created (${plural(plan.tenants.length, "tenant")})`);
    } else {
        const tenants = [`${added.length} added`, `${removed.length} removed`, `${changed.length} changed`];
        if (renamed.length > 0) tenants.push(`${renamed.length} renamed`);
        parts.push(`Compared with ${code(plan.changes.base)}: tenants ${tenants.join(", ")}`);
    }
    parts.push(`resources ${counts.create} to create, ${counts.update} to update, ${counts.delete} to delete`);
    parts.push(levels.mandatory > 0 ? `**${plural(levels.mandatory, "mandatory violation")}**` : "no mandatory violation");
    if (levels.advisory > 0) parts.push(plural(levels.advisory, "advisory violation"));
    if (plan.warnings.length > 0) parts.push(`**${plural(plan.warnings.length, "warning")}**`);
    return parts.join(" · ");
}

function warningsSection(plan: PlanDocument): string[] {
    if (plan.warnings.length === 0) return [];
    return ["#### ⚠️ Warnings", "", ...plan.warnings.map((w) => `- **${w.kind}**${w.tenant ? ` (${code(w.tenant)})` : ""}: ${prose(w.message)}`), ""];
}

function violationsSection(plan: PlanDocument): string[] {
    if (plan.violations.length === 0) return ["#### Policy violations", "", "None.", ""];
    const rows = plan.violations.map((v) => {
        const target = violationTarget(plan, v.urn);
        const where = target ? `${target.tenant ? `${code(target.tenant)} ` : ""}${code(target.type)} ${code(target.name)}` : "(stack)";
        return `| ${v.enforcementLevel === "mandatory" ? "**mandatory**" : v.enforcementLevel} | ${code(v.policy)} | ${where} | ${cell(v.message)} |`;
    });
    return ["#### Policy violations", "", "| Level | Policy | Resource | Message |", "|---|---|---|---|", ...rows, ""];
}

const VERDICT_MARK = { pass: "✅ pass", fail: "❌ **fail**", warn: "⚠️ warn", disabled: "➖ disabled" } as const;

/** Every policy's verdict; folded when all pass, open otherwise. */
function verdictsSection(plan: PlanDocument): string[] {
    const rows = plan.verdicts.map((v) => `| ${code(v.policy)} | ${v.enforcementLevel} | ${VERDICT_MARK[v.verdict]} | ${v.violations} | ${v.notApplicable} | ${cell(v.description)} |`);
    const allPass = plan.verdicts.every((v) => v.verdict === "pass");
    return [
        "#### Policy verdicts",
        "",
        `<details${allPass ? "" : " open"}><summary>${verdictCounts(plan)}</summary>`,
        "",
        "| Policy | Level | Verdict | Violations | Not applicable | Checks |",
        "|---|---|---|--:|--:|---|",
        ...rows,
        "",
        "</details>",
        "",
    ];
}

function tenantsSection(plan: PlanDocument): string[] {
    const rows = tenantRows(plan).map((t) => {
        const fields = plan.changes.tenants.changed.find((c) => c.id === t.id)?.fields ?? [];
        const change =
            t.change === "changed"
                ? `changed: ${fields.map((f) => (f.from !== undefined || f.to !== undefined ? `${code(f.field)} ${f.from ?? "∅"} → ${f.to ?? "∅"}` : code(f.field))).join(", ")}`
                : t.change;
        return `| ${code(t.id)} | ${t.tier} | ${t.status} | ${cell(change)} | ${t.counts.create} | ${t.counts.update} | ${t.counts.delete} | ${(t.gateways ?? []).map(code).join(", ")} |`;
    });
    const platform = countChanges([changesOf(plan, null)]);
    rows.push(`| (platform) | | | | ${platform.create} | ${platform.update} | ${platform.delete} | |`);
    return ["#### Tenants", "", "| Tenant | Tier | Status | Change | Create | Update | Delete | Gateways |", "|---|---|---|---|--:|--:|--:|---|", ...rows, ""];
}

/** `name` plus what deleting it means: protected ones block `pulumi up`, retained ones stay in the system. */
function deletedName(r: ResourceRef): string {
    return `${code(r.name)}${r.protect ? " **(protected)**" : ""}${r.retainOnDelete ? " (retained)" : ""}`;
}

const count = (items: readonly unknown[]) => (items.length > 1 ? ` ×${items.length}` : "");

function groupDetails(group: ResourceChanges): string[] {
    const lines: string[] = [];
    if (group.deleted.length > 0) {
        lines.push("**Delete**", "", ...groupByType(group.deleted).map((g) => `- ${code(g.type)}${count(g.items)}: ${g.items.map(deletedName).join(", ")}`), "");
    }
    if (group.updated.length > 0) {
        lines.push(
            "**Update**",
            "",
            ...group.updated.map((r) => {
                const what = [...r.inputs.map(code), ...r.options.map((o) => `option ${code(optionChange(r, o))}`)].join(", ");
                return `- ${code(r.type)} ${code(r.name)}: ${what}`;
            }),
            "",
        );
    }
    if (group.created.length > 0) {
        lines.push(
            "**Create**",
            "",
            ...groupByType(group.created).map((g) => `- ${code(g.type)}${count(g.items)}: ${g.items.map((r) => code(r.name)).join(", ")}`),
            "",
        );
    }
    return lines;
}

function changesSection(plan: PlanDocument): string[] {
    const lines: string[] = [];
    for (const group of plan.changes.resources) {
        const counts = countChanges([group]);
        const title = group.tenant === null ? "(platform)" : `<code>${group.tenant}</code>`;
        lines.push(
            `<details><summary>${title}: ${counts.create} to create, ${counts.update} to update, ${counts.delete} to delete</summary>`,
            "",
            ...groupDetails(group),
            "</details>",
            "",
        );
    }
    return lines.length > 0 ? ["#### Changes per tenant", "", ...lines] : ["#### Changes per tenant", "", "No resource changes.", ""];
}

export function renderMarkdown(plan: PlanDocument): string {
    const lines = [
        markdownMarker(plan.stack),
        `### Offline plan: stack ${code(plan.stack)} (environment ${plan.environment})`,
        "",
        headline(plan),
        "",
        ...warningsSection(plan),
        ...violationsSection(plan),
        ...verdictsSection(plan),
        ...tenantsSection(plan),
        ...changesSection(plan),
    ];
    return `${lines.join("\n").trimEnd()}\n`;
}
