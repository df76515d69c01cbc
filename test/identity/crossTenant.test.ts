/**
 * No name or reference of one tenant appears in another tenant's identity, gateway or observability
 * resources: for every ordered pair of tenants (the samples plus fixtures whose ids extend one another),
 * tenant A's resources, serialised, never contain tenant B's id once A's own names are set aside.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { OfflineRun } from "../../scripts/offline/runtime";
import { tenantNames } from "../../components/model";
import { SAMPLE_TENANTS_DIR, SAMPLE_TENANT_IDS, layerLeaks, runProgram, tenantResources, writeTenants } from "./offline";

/** Ids that extend one another by tokens the derived names use (`-ov`, `-ds`), the case names can collide on. */
const FIXTURES = [
    {
        id: "umbrella",
        name: "Umbrella",
        status: "active",
        tier: "starter",
        created_at: "2025-05-01T00:00:00Z",
        settings: { notifications: { webhook_url: "https://hooks.umbrella.example/T0KEN/abc", email_alerts: false } },
    },
    { id: "umbrella-ov", name: "Umbrella OV", status: "suspended", tier: "business", created_at: "2025-05-01T00:00:00Z" },
    { id: "umbrella-ds", name: "Umbrella DS", status: "archived", tier: "community", created_at: "2025-05-01T00:00:00Z", archived_at: "2025-06-01T00:00:00Z" },
];
const IDS = [...SAMPLE_TENANT_IDS, ...FIXTURES.map((f) => f.id)];

let run: OfflineRun;
beforeAll(async () => {
    const dir = writeTenants(FIXTURES);
    for (const file of fs.readdirSync(SAMPLE_TENANTS_DIR).filter((f) => f.endsWith(".yaml"))) {
        fs.copyFileSync(path.join(SAMPLE_TENANTS_DIR, file), path.join(dir, file));
    }
    run = await runProgram(dir);
});

/**
 * A's layer resources (types and inputs; logical names are Pulumi's own, scoped by their parent) as
 * text, with A's derived names and then A's id as a whole token set aside. What remains of B's id is
 * a reference to B, even when B's id extends A's (`umbrella` / `umbrella-ov`).
 */
function serialised(id: string): string {
    const resources = [...tenantResources(run, id, "identity"), ...tenantResources(run, id, "gateway"), ...tenantResources(run, id, "observability")];
    if (resources.length === 0) throw new Error(`no resources for ${id}`);
    let text = JSON.stringify(resources.map((r) => ({ type: r.type, inputs: r.inputs })));
    const own = Object.entries(tenantNames(id)).sort(([, x], [, y]) => y.length - x.length);
    for (const [field, name] of own) text = text.replaceAll(name, `<self:${field}>`);
    return text.replace(new RegExp(`(?<![a-z0-9-])${id}(?![a-z0-9-])`, "g"), "<self>");
}

describe("cross-tenant references", () => {
    it("every tenant has resources on all three layers", () => {
        for (const id of IDS) {
            for (const layer of ["identity", "gateway", "observability"] as const) expect(tenantResources(run, id, layer).length, `${id} ${layer}`).toBeGreaterThan(0);
        }
    });

    const pairs = IDS.flatMap((a) => IDS.filter((b) => b !== a).map((b) => [a, b] as const));
    it.each(pairs)("%s's resources never name %s", (a, b) => {
        expect(serialised(a)).not.toContain(b);
    });

    it("the check can fail: a tenant's own resources do name it", () => {
        const resources = tenantResources(run, "globex", "gateway");
        expect(JSON.stringify(resources.map((r) => r.inputs))).toContain("globex");
    });

    it("keeps the fixtures' webhook token out of every recorded input", () => {
        expect(JSON.stringify(run.resources.map((r) => r.inputs))).not.toContain("T0KEN");
        expect(layerLeaks(run)).toEqual([]);
    });
});
