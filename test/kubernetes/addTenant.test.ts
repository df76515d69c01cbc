/** Adding a tenant file adds that tenant's resources and changes nothing of any other tenant. */
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { OfflineRun } from "../../scripts/offline/runtime";
import { SAMPLE_TENANTS_DIR, TYPES, runStack, tenantFolder, tenantResources, yamlFiles } from "./helpers";

const NEW_TENANT = `id: newco
name: NewCo
status: active
tier: starter
created_at: 2025-05-05T00:00:00Z
`;

const SAMPLE_IDS = yamlFiles(SAMPLE_TENANTS_DIR).map((f) => path.basename(f, ".yaml"));

let before: OfflineRun;
let after: OfflineRun;
beforeAll(async () => {
    const files = yamlFiles(SAMPLE_TENANTS_DIR);
    before = await runStack("staging", tenantFolder(files));
    after = await runStack("staging", tenantFolder(files, { "newco.yaml": NEW_TENANT }));
});

const snapshot = (run: OfflineRun, id: string) =>
    tenantResources(run, id)
        .map((r) => ({ urn: r.urn, parent: r.parent, inputs: r.inputs, protect: r.protect, retainOnDelete: r.retainOnDelete }))
        .sort((a, b) => a.urn.localeCompare(b.urn));

describe("adding a tenant", () => {
    it.each(SAMPLE_IDS)("leaves %s's resources exactly as they were", (id) => {
        const unchanged = snapshot(after, id);
        expect(unchanged.length).toBeGreaterThan(10);
        expect(unchanged).toEqual(snapshot(before, id));
    });

    it("adds only resources of the new tenant (its TenantIsolation, and its identity provider in the platform realm)", () => {
        const beforeUrns = new Set(before.resources.map((r) => r.urn));
        const added = after.resources.filter((r) => !beforeUrns.has(r.urn));
        const newco = new Set(snapshot(after, "newco").map((r) => r.urn));
        // The platform realm's side of the login: the provider and its 3 mappers, its group, 3 subgroups and their 3 mappers.
        const broker = added.filter((r) => r.name.startsWith("platform-broker/newco/"));
        expect(broker.length).toBe(11);
        expect(added.length).toBe(newco.size + 1 + broker.length);
        for (const r of added) expect(r.name === "newco" || newco.has(r.urn) || broker.includes(r)).toBe(true);
        expect(added.filter((r) => r.type === TYPES.namespace).map((r) => (r.inputs.metadata as { name: string }).name)).toEqual(["tenant-newco"]);
        const afterUrns = new Set(after.resources.map((r) => r.urn));
        expect(before.resources.filter((r) => !afterUrns.has(r.urn))).toEqual([]);
    });

    it("the only platform-wide change is one more issuer in the authentication config", () => {
        const issuers = (run: OfflineRun) => [...(run.outputs.clusterAuthenticationConfig as string).matchAll(/url: \S+/g)].map((m) => m[0]);
        expect(issuers(after).filter((u) => !issuers(before).includes(u))).toEqual(["url: https://auth.staging.stoa.example/realms/newco"]);
        expect(issuers(before).every((u) => issuers(after).includes(u))).toBe(true);
    });
});
