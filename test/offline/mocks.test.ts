/** The offline mocks answer like Grafana: one organization, one id, even when two names hash alike. */
import { describe, expect, it } from "vitest";
import { createOfflineMocks, mockGrafanaOrgId } from "../../scripts/offline/mocks";

describe("mock Grafana organization ids", () => {
    it("give two organizations whose names hash to the same id two ids, the first keeping its own", async () => {
        // FNV-1a modulo 9973 sends both names to 6043.
        expect(mockGrafanaOrgId("tenant-bench-00080")).toBe(6043);
        expect(mockGrafanaOrgId("tenant-bench-00130")).toBe(6043);
        const mocks = createOfflineMocks();
        const orgId = async (name: string) => {
            const result = await mocks.newResource({ type: "grafana:oss/organization:Organization", name, inputs: { name }, custom: true });
            return result.state.orgId;
        };
        expect(await orgId("tenant-bench-00080")).toBe(6043);
        expect(await orgId("tenant-bench-00130")).toBe(6044);
        // The same organization registered again (a second program run of the same mocks) keeps its id.
        expect(await orgId("tenant-bench-00080")).toBe(6043);
        expect(await orgId("tenant-acme-corp")).toBe(mockGrafanaOrgId("tenant-acme-corp"));
    });
});
