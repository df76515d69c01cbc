/** resolveTenant: the tier's defaults where the file is silent, the file's values where it speaks. */
import { describe, expect, it } from "vitest";
import { FEATURE_NAMES, TIERS, TIER_NAMES, retentionEnded, tenantNames } from "../../components/model";
import { tenantOf, tenantYaml } from "./helpers";

describe("resolveTenant", () => {
    it.each(TIER_NAMES)("a minimal %s tenant gets every default of its tier", (tier) => {
        const tenant = tenantOf(tenantYaml("minimal", { tier }), "minimal");
        expect(tenant).toMatchObject({
            id: "minimal",
            name: "Sample tenant",
            status: "active",
            tierName: tier,
            tier: TIERS[tier],
            createdAt: "2025-01-15T09:00:00Z",
            quota: TIERS[tier].quota.default,
            apiQuotas: TIERS[tier].apiQuotas.default,
            features: TIERS[tier].features.defaults,
            notifications: { email_alerts: false },
            productionWrite: false,
            retentionDays: TIERS[tier].archiveRetentionDays,
            names: tenantNames("minimal"),
            sourceFile: "tenants/minimal.yaml",
        });
        expect(tenant.archivedAt).toBeUndefined();
        expect(tenant.retainUntil).toBeUndefined();
        expect(tenant.description).toBeUndefined();
    });

    const overrides: [string, Record<string, unknown>, (t: ReturnType<typeof tenantOf>) => void][] = [
        ["cpu as a string", { resources: { cpu: "1500m" } }, (t) => expect(t.quota.cpu).toBe("1500m")],
        ["cpu as a number becomes a quantity string", { resources: { cpu: 2 } }, (t) => expect(t.quota.cpu).toBe("2")],
        ["memory", { resources: { memory: "3Gi" } }, (t) => expect(t.quota.memory).toBe("3Gi")],
        ["a count", { resources: { pods: 3 } }, (t) => expect(t.quota.pods).toBe(3)],
        ["a count of zero", { resources: { services: 0 } }, (t) => expect(t.quota.services).toBe(0)],
        ["one API quota, the others default", { quotas: { max_apis: 7 } }, (t) => expect(t.apiQuotas).toEqual({ ...TIERS.community.apiQuotas.default, max_apis: 7 })],
        ["a feature switched off", { features: { mcp_enabled: false } }, (t) => expect(t.features.mcp_enabled).toBe(false)],
        ["production write", { access: { production_write: true } }, (t) => expect(t.productionWrite).toBe(true)],
        ["retention days", { retention_days: 10 }, (t) => expect(t.retentionDays).toBe(10)],
        [
            "notifications",
            { notifications: { webhook_url: "https://hooks.example.com/x", email_alerts: true, email_addresses: ["ops@example.com"] } },
            (t) => expect(t.notifications).toEqual({ webhook_url: "https://hooks.example.com/x", email_alerts: true, email_addresses: ["ops@example.com"] }),
        ],
    ];

    it.each(overrides)("overrides %s and nothing else", (_what, settings, check) => {
        const tenant = tenantOf(tenantYaml("sample", { settings }));
        check(tenant);
        const defaults = tenantOf(tenantYaml("sample"));
        const changed = Object.keys(tenant).filter((key) => JSON.stringify(tenant[key as keyof typeof tenant]) !== JSON.stringify(defaults[key as keyof typeof defaults]));
        expect(changed).toHaveLength(1);
    });

    it("keeps every quota key the file does not set at the tier default", () => {
        const tenant = tenantOf(tenantYaml("sample", { tier: "enterprise", settings: { resources: { cpu: "10", memory: "20Gi", volumes: 5, load_balancers: 2 } } }));
        expect(tenant.quota).toEqual({ ...TIERS.enterprise.quota.default, cpu: "10", memory: "20Gi", volumes: 5, load_balancers: 2 });
    });

    it("an archived tenant's data is kept until archived_at + retention_days", () => {
        const tenant = tenantOf(tenantYaml("sample", { status: "archived", archived_at: "2026-01-01T00:00:00Z", settings: { retention_days: 31 } }));
        expect(tenant.archivedAt).toBe("2026-01-01T00:00:00Z");
        expect(tenant.retainUntil).toBe("2026-02-01T00:00:00.000Z");
    });

    it("an archived tenant without retention_days keeps its data for the tier's period", () => {
        const tenant = tenantOf(tenantYaml("sample", { tier: "business", status: "archived", archived_at: "2026-01-01T00:00:00Z" }));
        expect(tenant.retentionDays).toBe(TIERS.business.archiveRetentionDays);
        expect(Date.parse(tenant.retainUntil!) - Date.parse("2026-01-01T00:00:00Z")).toBe(TIERS.business.archiveRetentionDays * 86_400_000);
    });

    it("resolves a value for every feature", () => {
        expect(Object.keys(tenantOf(tenantYaml()).features).sort()).toEqual([...FEATURE_NAMES].sort());
    });
});

describe("retentionEnded", () => {
    const archived = tenantOf("id: sample\nname: S\nstatus: archived\ntier: starter\ncreated_at: 2025-01-01T00:00:00Z\narchived_at: 2026-01-01T00:00:00Z\nsettings:\n  retention_days: 30\n");
    it("is false until archived_at + retention_days, and true from that instant on", () => {
        expect(archived.retainUntil).toBe("2026-01-31T00:00:00.000Z");
        expect(retentionEnded(archived, new Date("2026-01-30T23:59:59Z"))).toBe(false);
        expect(retentionEnded(archived, new Date("2026-01-31T00:00:00Z"))).toBe(true);
    });
    it("is never true for a tenant that is not archived", () => {
        const active = tenantOf("id: sample\nname: S\nstatus: active\ntier: starter\ncreated_at: 2025-01-01T00:00:00Z\n");
        expect(retentionEnded(active, new Date("2100-01-01T00:00:00Z"))).toBe(false);
    });
});
