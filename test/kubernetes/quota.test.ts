import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseQuantity, TIER_NAMES, TIERS, type NamespaceQuota } from "../../components/model";
import { maxQuantity, minQuantity, scaleQuantity } from "../../components/kubernetes/quantityMaths";
import { defaultBurst, limitRangeItems, priorityQuotaSpec, resourceQuotaHard } from "../../components/kubernetes/quota";

describe("scaleQuantity", () => {
    it.each([
        ["10", 2, "20"],
        ["6", 2, "12"],
        ["2", 1.5, "3"],
        ["1", 1.5, "1500m"],
        ["500m", 1.5, "750m"],
        ["20Gi", 2, "40Gi"],
        ["4Gi", 1.5, "6Gi"],
        ["1Gi", 1.5, "1536Mi"],
        ["128Mi", 1, "128Mi"],
        ["500m", 1 / 1.5, "334m"],
        ["512Mi", 1 / 1.5, "349526Ki"],
        ["3m", 0.5, "2m"],
        ["20G", 1.5, "30G"],
        ["1.5", 2, "3"],
    ])("%s × %d = %s", (quantity, factor, expected) => {
        expect(scaleQuantity(quantity, factor)).toBe(expected);
    });

    it.each([["abc", 2], ["1", 0], ["1", -1], ["1", Number.NaN]])("refuses %s × %d", (quantity, factor) => {
        expect(() => scaleQuantity(quantity, factor)).toThrow(/cannot scale/);
    });

    it("never rounds below the exact product, and overshoots by less than one smaller unit", () => {
        const suffixes = ["", "m", "k", "M", "G", "Ki", "Mi", "Gi"];
        fc.assert(
            fc.property(fc.integer({ min: 1, max: 100000 }), fc.constantFrom(...suffixes), fc.constantFrom(0.5, 1, 1.5, 2, 3, 1 / 1.5, 1 / 3), (n, suffix, factor) => {
                const quantity = `${n}${suffix}`;
                const exact = parseQuantity(quantity) * factor;
                const scaled = parseQuantity(scaleQuantity(quantity, factor));
                expect(scaled).toBeGreaterThanOrEqual(exact * (1 - 1e-12));
                // one unit below the quantity's own unit (binary: 1/1024, decimal: 1/1000), or one milli/byte
                const unit = parseQuantity(`1${suffix}`);
                const step = suffix === "m" ? 1e-3 : suffix.endsWith("i") ? unit / 1024 : unit / 1000;
                expect(scaled - exact).toBeLessThan(Math.max(step, 1) + 1e-9);
            }),
        );
    });

    it("max/minQuantity compare by value, not text", () => {
        expect(maxQuantity("900m", "1")).toBe("1");
        expect(minQuantity("1Gi", "1000Mi")).toBe("1000Mi");
        expect(maxQuantity("2", "2000m")).toBe("2");
    });
});

const quota: NamespaceQuota = {
    cpu: "10",
    memory: "20Gi",
    storage: "500Gi",
    volumes: 5,
    pods: 250,
    services: 50,
    load_balancers: 2,
    node_ports: 0,
    secrets: 500,
    config_maps: 400,
    ephemeral_storage: "40Gi",
    deployments: 30,
    replica_sets: 330,
    stateful_sets: 6,
    jobs: 70,
    cron_jobs: 8,
    ingresses: 12,
    service_accounts: 9,
    pod_disruption_budgets: 11,
    horizontal_pod_autoscalers: 13,
};

describe("resourceQuotaHard", () => {
    it("holds requests, limits = requests × burst, storage on the encrypted class and every object count", () => {
        expect(resourceQuotaHard({ quota, burstRatio: 2, workloadsAllowed: true, encryptedStorageClass: "encrypted-ssd" })).toEqual({
            "requests.cpu": "10",
            "limits.cpu": "20",
            "requests.memory": "20Gi",
            "limits.memory": "40Gi",
            "requests.storage": "500Gi",
            persistentvolumeclaims: "5",
            "encrypted-ssd.storageclass.storage.k8s.io/requests.storage": "500Gi",
            "encrypted-ssd.storageclass.storage.k8s.io/persistentvolumeclaims": "5",
            pods: "250",
            services: "50",
            "services.loadbalancers": "2",
            "services.nodeports": "0",
            secrets: "500",
            configmaps: "400",
            "requests.ephemeral-storage": "40Gi",
            "limits.ephemeral-storage": "40Gi",
            "count/deployments.apps": "30",
            "count/replicasets.apps": "330",
            "count/statefulsets.apps": "6",
            "count/jobs.batch": "70",
            "count/cronjobs.batch": "8",
            "count/ingresses.networking.k8s.io": "12",
            "count/serviceaccounts": "9",
            "count/poddisruptionbudgets.policy": "11",
            "count/horizontalpodautoscalers.autoscaling": "13",
        });
    });

    it.each([
        [true, "250"],
        [false, "0"],
    ])("workloadsAllowed=%s gives pods %s and leaves the rest alone", (workloadsAllowed, pods) => {
        const hard = resourceQuotaHard({ quota, burstRatio: 1.5, workloadsAllowed, encryptedStorageClass: "gold" });
        expect(hard.pods).toBe(pods);
        expect(hard["limits.cpu"]).toBe("15");
        expect(hard["limits.memory"]).toBe("30Gi");
        expect(hard["gold.storageclass.storage.k8s.io/requests.storage"]).toBe("500Gi");
    });

    it("limits are never below requests for any tier's default and ceiling", () => {
        for (const tier of TIER_NAMES) {
            for (const q of [TIERS[tier].quota.default, TIERS[tier].quota.ceiling]) {
                const hard = resourceQuotaHard({ quota: q, burstRatio: TIERS[tier].burstRatio, workloadsAllowed: true, encryptedStorageClass: "x" });
                expect(parseQuantity(hard["limits.cpu"])).toBeCloseTo(parseQuantity(q.cpu) * TIERS[tier].burstRatio, 6);
                expect(parseQuantity(hard["limits.memory"])).toBeGreaterThanOrEqual(parseQuantity(q.memory) * TIERS[tier].burstRatio);
            }
        }
    });
});

describe("limitRangeItems", () => {
    it("fills in container defaults, caps, the burst ratio and the largest volume", () => {
        const items = limitRangeItems(
            {
                burstRatio: 2,
                limitRange: {
                    defaultRequest: { cpu: "250m", memory: "256Mi" },
                    defaultLimit: { cpu: "500m", memory: "512Mi" },
                    maxPerContainer: { cpu: "4", memory: "8Gi" },
                    maxVolumeSize: "100Gi",
                    ephemeralStorage: { default: "512Mi", max: "10Gi" },
                },
            },
            { storage: "250Gi", ephemeral_storage: "50Gi" },
        );
        expect(items).toEqual([
            {
                type: "Container",
                defaultRequest: { cpu: "250m", memory: "256Mi", "ephemeral-storage": "512Mi" },
                default: { cpu: "500m", memory: "512Mi", "ephemeral-storage": "512Mi" },
                max: { cpu: "4", memory: "8Gi", "ephemeral-storage": "10Gi" },
                maxLimitRequestRatio: { cpu: "2", memory: "2" },
            },
            { type: "PersistentVolumeClaim", max: { storage: "100Gi" } },
        ]);
    });

    it("raises the default request when the default limit would exceed the burst ratio, and caps volumes at the quota", () => {
        const [container, volume] = limitRangeItems(
            {
                burstRatio: 1.5,
                limitRange: {
                    defaultRequest: { cpu: "50m", memory: "64Mi" },
                    defaultLimit: { cpu: "600m", memory: "768Mi" },
                    maxPerContainer: { cpu: "2", memory: "4Gi" },
                    maxVolumeSize: "20Gi",
                    ephemeralStorage: { default: "2Gi", max: "4Gi" },
                },
            },
            { storage: "5Gi", ephemeral_storage: "1Gi" },
        );
        expect(container.defaultRequest).toEqual({ cpu: "400m", memory: "512Mi", "ephemeral-storage": "1Gi" });
        // Ephemeral storage: the maximum and the default are capped at the namespace's budget.
        expect(container.max!["ephemeral-storage"]).toBe("1Gi");
        expect(container.default!["ephemeral-storage"]).toBe("1Gi");
        expect(defaultBurst(container, "cpu")).toBeLessThanOrEqual(1.5);
        expect(volume.max).toEqual({ storage: "5Gi" });
    });

    it("for every tier, a container that declares nothing is admitted by the LimitRange itself", () => {
        for (const name of TIER_NAMES) {
            const tier = TIERS[name];
            const [container] = limitRangeItems(tier, tier.quota.default);
            for (const resource of ["cpu", "memory"] as const) {
                expect(defaultBurst(container, resource)).toBeLessThanOrEqual(tier.burstRatio + 1e-9);
                expect(parseQuantity(container.defaultRequest![resource])).toBeLessThanOrEqual(parseQuantity(container.default![resource]));
                expect(parseQuantity(container.default![resource])).toBeLessThanOrEqual(parseQuantity(container.max![resource]));
                expect(container.maxLimitRequestRatio![resource]).toBe(String(tier.burstRatio));
            }
            // The quota sets requests and limits of ephemeral storage, so every container needs both.
            expect(container.defaultRequest!["ephemeral-storage"]).toBe(container.default!["ephemeral-storage"]);
            expect(parseQuantity(container.default!["ephemeral-storage"])).toBeLessThanOrEqual(parseQuantity(container.max!["ephemeral-storage"]));
            expect(parseQuantity(container.max!["ephemeral-storage"])).toBeLessThanOrEqual(parseQuantity(tier.quota.default.ephemeral_storage));
        }
    });
});

describe("priorityQuotaSpec", () => {
    it("refuses pods naming a class outside the list, and leaves pods without a class alone", () => {
        expect(priorityQuotaSpec(["stoa-tenant-batch"])).toEqual({
            hard: { pods: "0" },
            scopeSelector: {
                matchExpressions: [
                    { scopeName: "PriorityClass", operator: "Exists" },
                    { scopeName: "PriorityClass", operator: "NotIn", values: ["stoa-tenant-batch"] },
                ],
            },
        });
    });
    it("with no class allowed, matches every pod that names one", () => {
        expect(priorityQuotaSpec([]).scopeSelector.matchExpressions).toEqual([{ scopeName: "PriorityClass", operator: "Exists" }]);
    });
});
