/**
 * The mock runtime's last line of defence, where inputs nest: a secret copied in clear deep inside
 * arrays and objects is redacted where it sits, each place reported by its path, the rest untouched,
 * and the stack outputs likewise.
 */
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import { describe, expect, it } from "vitest";
import { SECRET_PLACEHOLDER, runOffline } from "../../scripts/offline/runtime";

/** What the mocks make a RandomPassword named "source" (a secret output, as the real provider marks it). */
const SEEDED = "mock-password-source";

describe("runOffline secret scrub", () => {
    it("redacts a secret copied into nested arrays and objects, reporting each path", async () => {
        const run = await runOffline({
            stack: "dev",
            config: { removalGuard: false },
            program: () => {
                new random.RandomPassword("source", { length: 20 });
                new k8s.core.v1.ConfigMap("copies", {
                    data: { plain: "nothing here", inline: `prefix-${SEEDED}-suffix` },
                    metadata: { annotations: { list: JSON.stringify([SEEDED]) } },
                });
                return { list: ["ok", { deep: SEEDED }], kept: "visible" };
            },
        });
        const copies = run.resources.find((r) => r.name === "copies")!;
        expect(copies.inputs.data).toEqual({ plain: "nothing here", inline: `prefix-${SECRET_PLACEHOLDER}-suffix` });
        expect(copies.inputs.metadata).toEqual({ annotations: { list: JSON.stringify([SECRET_PLACEHOLDER]) } });
        expect(run.outputs).toEqual({ list: ["ok", { deep: SECRET_PLACEHOLDER }], kept: "visible" });
        expect(run.secretLeaks).toEqual([
            { urn: copies.urn, path: "data.inline" },
            { urn: copies.urn, path: "metadata.annotations.list" },
            { urn: null, path: "list[1].deep" },
        ]);
        expect(JSON.stringify(run)).not.toContain(SEEDED);
    });
});
