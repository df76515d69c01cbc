/**
 * The pull-request comment at scale: the plans of every stack (dev, staging, prod, or the shards of an
 * environment) as one comment that stays readable and under GitHub's limit at thousands of tenants.
 *
 * - one table of stacks (exit status, counts);
 * - one table of tenant changes across stacks: tenants whose change is the same (kind, fields, resource
 *   counts) share a row, and a row lists the stacks it happens in, so a change made in every stack is
 *   shown once;
 * - resource details only where a change is unusual: deletes, protection or retention changes,
 *   warnings, mandatory violations;
 * - everything else in the full per-stack plans (job summary, artifact), linked.
 *
 * Built only from plan documents, in which every secret is already "[secret]". Pure and stable.
 */
import type { ResourceChanges } from "./diff";
import { countChanges, optionChange, plural, type ChangeCounts } from "./format";
import type { MergedPlan } from "./merge";

/** GitHub refuses a comment over 65,536 characters; the rest is margin for the workflow's own lines. */
export const COMMENT_LIMIT = 60_000;

export const COMMENT_MARKER = "<!-- stoa-tenancy-plan -->";

export interface CommentOptions {
    /** Where the full plans are (the run's summary or artifact); shown whenever something is left out. */
    detailsUrl?: string;
    /** Default COMMENT_LIMIT. */
    limit?: number;
    /** Tenant names listed per row before "+N more". Default 12. */
    namesPerRow?: number;
}

const code = (text: string) => `\`${text.replace(/`/g, "'").replace(/\r?\n/g, " ")}\``;
const prose = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r?\n/g, " ");
const cell = (text: string) => prose(text).replace(/\|/g, "\\|");
const STATUS_TEXT = { 0: "✅ 0", 1: "❌ 1 (mandatory violation)", 2: "⛔ 2 (invalid input)" } as const;

/** Stacks as a short list: "every stack" when all of them, else their names. */
function stackList(stacks: readonly string[], all: readonly string[]): string {
    return stacks.length === all.length && all.length > 1 ? "every stack" : stacks.map(code).join(", ");
}

function names(ids: readonly string[], max: number): string {
    const shown = ids.slice(0, max).map(code).join(", ");
    return ids.length > max ? `${shown} +${ids.length - max} more` : shown;
}

/** Lines added until the budget runs out; then one line saying how many were left out. */
class Budget {
    private used = 0;
    readonly lines: string[] = [];
    constructor(private readonly limit: number) {}
    add(...lines: string[]): boolean {
        const size = lines.reduce((n, l) => n + l.length + 1, 0);
        if (this.used + size > this.limit) return false;
        this.lines.push(...lines);
        this.used += size;
        return true;
    }
}

interface TenantChange {
    stack: string;
    tenant: string;
    kind: "added" | "removed" | "changed" | "unchanged";
    fields: string;
    counts: ChangeCounts;
}

/** Every tenant with something to show, per stack. */
function tenantChanges(plan: MergedPlan): TenantChange[] {
    const groups = new Map<string, ResourceChanges>();
    for (const g of plan.changes.resources) if (g.tenant !== null) groups.set(`${g.stack}\0${g.tenant}`, g);
    const added = new Set(plan.changes.tenants.added.map((a) => `${a.stack}\0${a.id}`));
    const changed = new Map(plan.changes.tenants.changed.map((c) => [`${c.stack}\0${c.id}`, c.fields]));
    const rows: TenantChange[] = [];
    const push = (stack: string, tenant: string, kind: TenantChange["kind"]) => {
        const key = `${stack}\0${tenant}`;
        const group = groups.get(key);
        const counts = group ? countChanges([group]) : { create: 0, update: 0, delete: 0 };
        const fields = (changed.get(key) ?? []).map((f) => (f.from !== undefined || f.to !== undefined ? `${f.field} ${String(f.from ?? "∅")} → ${String(f.to ?? "∅")}` : f.field)).join(", ");
        if (kind === "unchanged" && counts.create + counts.update + counts.delete === 0) return;
        rows.push({ stack, tenant, kind, fields, counts });
    };
    for (const t of plan.tenants) push(t.stack, t.id, added.has(`${t.stack}\0${t.id}`) ? "added" : changed.has(`${t.stack}\0${t.id}`) ? "changed" : "unchanged");
    for (const t of plan.changes.tenants.removed) push(t.stack, t.id, "removed");
    return rows;
}

/** Rows of the cross-stack table: same change, same stacks → one row listing its tenants. */
function changeRows(changes: readonly TenantChange[]): { kind: string; fields: string; counts: ChangeCounts; stacks: string[]; tenants: string[] }[] {
    const signature = (c: TenantChange) => [c.kind, c.fields, c.counts.create, c.counts.update, c.counts.delete].join("\0");
    // First the stacks each (tenant, change) happens in, then the tenants that share change and stacks.
    const perTenant = new Map<string, { change: TenantChange; stacks: string[] }>();
    for (const c of changes) {
        const key = `${signature(c)}\0${c.tenant}`;
        const seen = perTenant.get(key);
        if (seen) seen.stacks.push(c.stack);
        else perTenant.set(key, { change: c, stacks: [c.stack] });
    }
    const rows = new Map<string, { kind: string; fields: string; counts: ChangeCounts; stacks: string[]; tenants: string[] }>();
    for (const { change, stacks } of perTenant.values()) {
        const key = `${signature(change)}\0${stacks.join(",")}`;
        const row = rows.get(key);
        if (row) row.tenants.push(change.tenant);
        else rows.set(key, { kind: change.kind, fields: change.fields, counts: change.counts, stacks, tenants: [change.tenant] });
    }
    const order = { removed: 0, changed: 1, added: 2, unchanged: 3 } as Record<string, number>;
    return [...rows.values()]
        .map((r) => ({ ...r, tenants: r.tenants.sort() }))
        .sort((a, b) => order[a.kind] - order[b.kind] || b.tenants.length - a.tenants.length || (a.tenants[0] < b.tenants[0] ? -1 : 1));
}

/** Resource details of one tenant's unusual change in one stack: deletes and protection/retention changes. */
function unusualDetail(group: ResourceChanges): string[] {
    const lines: string[] = [];
    const deletedByType = new Map<string, string[]>();
    for (const r of group.deleted) {
        const label = `${code(r.name)}${r.protect ? " **(protected)**" : ""}${r.retainOnDelete ? " (retained)" : ""}`;
        const list = deletedByType.get(r.type);
        if (list) list.push(label);
        else deletedByType.set(r.type, [label]);
    }
    for (const [type, labels] of deletedByType) lines.push(`  - delete ${code(type)}${labels.length > 1 ? ` ×${labels.length}` : ""}: ${labels.slice(0, 8).join(", ")}${labels.length > 8 ? ` +${labels.length - 8} more` : ""}`);
    for (const r of group.updated) {
        const options = r.options.filter((o) => o === "protect" || o === "retainOnDelete");
        if (options.length > 0) lines.push(`  - ${code(r.type)} ${code(r.name)}: ${options.map((o) => `option ${code(optionChange(r, o))}`).join(", ")}`);
    }
    return lines;
}

export function renderComment(plan: MergedPlan, options: CommentOptions = {}): string {
    const limit = options.limit ?? COMMENT_LIMIT;
    const perRow = options.namesPerRow ?? 12;
    const link = options.detailsUrl ? `[the full plans](${options.detailsUrl})` : "the full plans (job summary and the `offline-plans` artifact)";
    const footer = `\n_Left out here: see ${link}, one per stack, with every resource._\n`;
    const budget = new Budget(limit - footer.length - 200);
    const allStacks = plan.stacks.map((s) => s.stack);
    let omitted = false;
    const section = (title: string, lines: string[], more: (shown: number) => string) => {
        if (!budget.add("", title, "")) {
            omitted = true;
            return;
        }
        let shown = 0;
        for (const line of lines) {
            if (!budget.add(line)) break;
            shown++;
        }
        if (shown < lines.length) {
            omitted = true;
            budget.add(more(lines.length - shown));
        }
    };

    const totals = countChanges(plan.changes.resources);
    const mandatory = plan.violations.filter((v) => v.enforcementLevel === "mandatory");
    const advisory = plan.violations.filter((v) => v.enforcementLevel === "advisory");
    budget.add(
        COMMENT_MARKER,
        `## stoa-tenancy: offline plan${plan.changes.base ? ` against ${code(plan.changes.base)}` : ""}`,
        "",
        "_Made by `npm run plan` under Pulumi's mock runtime: no servers, no credentials. Secrets show as `[secret]`._",
        "",
        [
            `${plural(plan.stacks.length, "stack")}, exit ${plan.status}`,
            `${plural(plan.tenants.length, "tenant")}`,
            `resources ${totals.create} to create, ${totals.update} to update, ${totals.delete} to delete`,
            mandatory.length > 0 ? `**${plural(mandatory.length, "mandatory violation")}**` : "no mandatory violation",
            ...(advisory.length > 0 ? [plural(advisory.length, "advisory violation")] : []),
            ...(plan.warnings.length > 0 ? [`**${plural(plan.warnings.length, "warning")}**`] : []),
        ].join(" · "),
    );

    // The stacks: always complete (a few dozen rows at most).
    const stackRows = plan.stacks.map((s) => {
        const groups = plan.changes.resources.filter((g) => g.stack === s.stack);
        const counts = countChanges(groups);
        const violations = plan.violations.filter((v) => v.stack === s.stack && v.enforcementLevel === "mandatory").length;
        const warnings = plan.warnings.filter((w) => w.stack === s.stack).length;
        return `| ${code(s.stack)} | ${s.environment ?? ""} | ${STATUS_TEXT[s.status]} | ${s.tenants} | ${counts.create} | ${counts.update} | ${counts.delete} | ${violations} | ${warnings} |`;
    });
    section("### Stacks", ["| Stack | Environment | Exit | Tenants | Create | Update | Delete | Mandatory | Warnings |", "|---|---|---|--:|--:|--:|--:|--:|--:|", ...stackRows], (n) => `_… ${n} more stacks._`);

    // Invalid input: the problems, bounded per stack.
    for (const s of plan.stacks.filter((x) => x.errors)) {
        section(`#### ${code(s.stack)}: invalid input (exit ${s.status})`, ["```text", ...s.errors!.replace(/```/g, "'''").slice(0, 4000).split("\n").filter(Boolean), "```"], () => "```");
    }

    const byKind = new Map<string, typeof plan.warnings>();
    for (const w of plan.warnings) byKind.set(w.kind, [...(byKind.get(w.kind) ?? []), w]);
    const warningLines = [...byKind].flatMap(([kind, list]) => [
        `- **${kind}** (${list.length}):`,
        ...list.slice(0, 20).map((w) => `  - ${code(w.stack)}${w.tenant ? ` ${code(w.tenant)}` : ""}: ${prose(w.message)}`),
        ...(list.length > 20 ? [`  - _… ${list.length - 20} more ${kind}._`] : []),
    ]);
    if (warningLines.length > 0) section("### ⚠️ Warnings", warningLines, (n) => `_… ${n} more lines of warnings._`);

    if (mandatory.length > 0) {
        const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
        section(
            "### Mandatory policy violations",
            mandatory.map((v) => {
                const r = v.urn ? byUrn.get(v.urn) : undefined;
                return `- ${code(v.stack)} ${code(v.policy)}${r ? ` ${r.tenant ? `${code(r.tenant)} ` : ""}${code(r.type)} ${code(r.name)}` : ""}: ${prose(v.message)}`;
            }),
            (n) => `_… ${n} more mandatory violations._`,
        );
    }
    const failing = plan.verdicts.filter((v) => v.verdict === "fail" || v.verdict === "warn");
    budget.add(
        "",
        `**Policies:** ${plural(plan.verdicts.length, "policy", "policies")}; ${failing.length === 0 ? "every one passes." : failing.map((v) => `${code(v.policy)} ${v.verdict} (${v.violations})`).join(", ")}`,
    );

    const rows = changeRows(tenantChanges(plan));
    section(
        "### Tenant changes across stacks",
        [
            "_Tenants whose change is the same share a row; a change made in every stack is shown once._",
            "",
            "| Change | Per tenant: create / update / delete | Stacks | Tenants |",
            "|---|---|---|---|",
            ...rows.map(
                (r) =>
                    `| ${r.kind}${r.fields ? `: ${cell(r.fields)}` : ""} | ${r.counts.create} / ${r.counts.update} / ${r.counts.delete} | ${stackList(r.stacks, allStacks)} | ${r.tenants.length}: ${names(r.tenants, perRow)} |`,
            ),
        ],
        (n) => `_… ${n} more rows._`,
    );

    // Details only where the change is unusual: deletes, protection/retention changes, warnings.
    const warned = new Set(plan.warnings.filter((w) => w.tenant !== null).map((w) => `${w.stack}\0${w.tenant}`));
    const unusual = plan.changes.resources
        .filter((g) => g.deleted.length > 0 || g.updated.some((r) => r.options.length > 0) || (g.tenant !== null && warned.has(`${g.stack}\0${g.tenant}`)))
        .map((g) => ({ g, detail: unusualDetail(g) }))
        .filter((x) => x.detail.length > 0);
    // The same detail in several stacks is shown once.
    const details = new Map<string, { tenant: string | null; stacks: string[]; detail: string[] }>();
    for (const { g, detail } of unusual) {
        const key = `${g.tenant}\0${detail.join("\n")}`;
        const seen = details.get(key);
        if (seen) seen.stacks.push(g.stack);
        else details.set(key, { tenant: g.tenant, stacks: [g.stack], detail });
    }
    if (details.size > 0) {
        section(
            "### Unusual changes (deletes, protection, retention)",
            [...details.values()].flatMap((d) => [`- ${d.tenant === null ? "(platform)" : code(d.tenant)} in ${stackList(d.stacks, allStacks)}:`, ...d.detail]),
            (n) => `_… ${n} more lines of details._`,
        );
    }
    const body = `${budget.lines.join("\n").trimEnd()}\n`;
    return omitted ? `${body}${footer}` : `${body}\n_Every resource of every stack: ${link}._\n`;
}
