import * as k8s from "@pulumi/kubernetes";
import { describe, expect, it } from "vitest";
import { kongRequestsPerMinute as requestsPerMinute } from "../../components/gateway/kong/pack";
import { gatewayRateLimitWithinTier, resourceQuotaWithinTier, tierQuotaCeiling } from "../../policy-pack/quotas";
import { expectNoViolations, expectViolation, meta, mutated, ns, resource, tenantIsolation, fixture } from "./util";

const PLUGIN = "kubernetes:configuration.konghq.com/v1:KongPlugin";

/** The community tier's ceiling, from the tier table (components/model/tiers.ts), burst ratio 1. */
const COMMUNITY_CEILING: Record<string, string> = {
    "requests.cpu": "2",
    "limits.cpu": "2",
    "requests.memory": "4Gi",
    "limits.memory": "4Gi",
    "requests.storage": "10Gi",
    persistentvolumeclaims: "4",
    pods: "20",
    services: "10",
    "services.loadbalancers": "0",
    "services.nodeports": "0",
    secrets: "40",
    configmaps: "40",
    "requests.ephemeral-storage": "10Gi",
    "limits.ephemeral-storage": "10Gi",
    "deployments.apps": "20",
    "replicasets.apps": "220",
    "statefulsets.apps": "4",
    "jobs.batch": "50",
    "cronjobs.batch": "10",
    "ingresses.networking.k8s.io": "10",
    "serviceaccounts": "10",
    "poddisruptionbudgets.policy": "10",
    "horizontalpodautoscalers.autoscaling": "10",
};

describe("resource-quota-within-tier", () => {
    const owner = tenantIsolation("oasis", { tier: "community" });
    const hard = (): Record<string, string> => ({ ...COMMUNITY_CEILING, "encrypted-ssd.storageclass.storage.k8s.io/requests.storage": "5Gi" });
    const quota = (spec: Record<string, string>, parent = owner) => fixture(k8s.core.v1.ResourceQuota, { ...meta(ns("oasis"), "quota"), spec: { hard: spec } }, { parent });
    it("passes a quota exactly at the ceiling", async () => {
        await expectNoViolations(resourceQuotaWithinTier, [owner, quota(hard())]);
    });
    it("refuses one pod above the ceiling", async () => {
        await expectViolation(resourceQuotaWithinTier, [owner, quota(mutated(hard(), (h) => (h.pods = "21")))], "pods=21 is above the ceiling 20");
    });
    it("refuses cpu above the community ceiling", async () => {
        await expectViolation(resourceQuotaWithinTier, [owner, quota(mutated(hard(), (h) => (h["requests.cpu"] = "3")))], "requests.cpu=3 is above the ceiling 2");
    });
    it("refuses a per-StorageClass storage key above the ceiling", async () => {
        const h = mutated(hard(), (x) => (x["encrypted-ssd.storageclass.storage.k8s.io/requests.storage"] = "1Ti"));
        await expectViolation(resourceQuotaWithinTier, [owner, quota(h)], "requests.storage=1Ti is above the ceiling 10Gi");
    });
    it("refuses a quota that leaves a key unbounded", async () => {
        await expectViolation(resourceQuotaWithinTier, [owner, quota(mutated(hard(), (h) => delete h.pods))], "pods is not bounded");
    });
    it("refuses ephemeral storage above the ceiling and an object count left unbounded", async () => {
        await expectViolation(resourceQuotaWithinTier, [owner, quota(mutated(hard(), (h) => (h["limits.ephemeral-storage"] = "1Ti")))], "limits.ephemeral-storage=1Ti is above the ceiling 10Gi");
        await expectViolation(resourceQuotaWithinTier, [owner, quota(mutated(hard(), (h) => delete h["deployments.apps"]))], "deployments.apps is not bounded");
        const counted = mutated(hard(), (h) => {
            delete h["deployments.apps"];
            h["count/deployments.apps"] = "21";
        });
        await expectViolation(resourceQuotaWithinTier, [owner, quota(counted)], "count/deployments.apps=21 is above the ceiling 20");
    });
    it("lets a scoped quota (the PriorityClass one) bound only what it counts, within the ceiling", async () => {
        const scoped = (pods: string) =>
            fixture(k8s.core.v1.ResourceQuota, { ...meta(ns("oasis"), "priority"), spec: { hard: { pods }, scopeSelector: { matchExpressions: [{ scopeName: "PriorityClass", operator: "Exists" }] } } }, { parent: owner });
        await expectNoViolations(resourceQuotaWithinTier, [owner, quota(hard()), scoped("0")]);
        await expectViolation(resourceQuotaWithinTier, [owner, quota(hard()), scoped("500")], "pods=500 is above the ceiling 20");
    });
    it("finds the tier from the namespace label when no TenantIsolation owns the quota", async () => {
        const namespace = fixture(k8s.core.v1.Namespace, meta(undefined, ns("oasis"), { "stoa.io/tier": "community" }));
        const handWritten = fixture(k8s.core.v1.ResourceQuota, { ...meta(ns("oasis"), "extra"), spec: { hard: mutated(hard(), (h) => (h.pods = "500")) } });
        await expectViolation(resourceQuotaWithinTier, [namespace, handWritten], "pods=500 is above the ceiling 20");
    });
    it("refuses a tenant quota whose tier cannot be found", async () => {
        await expectViolation(resourceQuotaWithinTier, [fixture(k8s.core.v1.ResourceQuota, { ...meta(ns("oasis"), "q"), spec: { hard: hard() } })], "must belong to a tenant of a known tier");
    });
    it("takes the ceilings from the tier table, and from config when given", async () => {
        expect(tierQuotaCeiling("community")).toEqual(COMMUNITY_CEILING);
        expect(tierQuotaCeiling("starter")["limits.memory"]).toBe("12Gi"); // 8Gi × burst 1.5
        expect(tierQuotaCeiling("enterprise")["requests.cpu"]).toBe("64");
        expect(tierQuotaCeiling("enterprise")["limits.cpu"]).toBe("128"); // 64 × burst 2
        await expectViolation(resourceQuotaWithinTier, [owner, quota(hard())], "requests.cpu=2 is above the ceiling 1", {
            ceilings: { community: { ...COMMUNITY_CEILING, "requests.cpu": "1" } },
        });
    });
});

describe("gateway-rate-limit-within-tier", () => {
    const owner = tenantIsolation("oasis", { tier: "community" });
    const plugin = (config: Record<string, unknown>, options: { parent?: typeof owner; labels?: Record<string, string>; name?: string } = { parent: owner }) =>
        resource(PLUGIN, { ...meta("stoa-system", options.name ?? "tenant-oasis-rate-limiting", options.labels), plugin: "rate-limiting", config }, { parent: options.parent });
    it("passes a limit within the community ceiling", async () => {
        await expectNoViolations(gatewayRateLimitWithinTier, [owner, plugin({ minute: 500, month: 432000, limit_by: "consumer" })]);
    });
    it("passes a limit exactly at the community ceiling of 1000 requests per minute", async () => {
        await expectNoViolations(gatewayRateLimitWithinTier, [owner, plugin({ minute: 1000, month: 4320000 })]);
    });
    it("refuses the ceiling plus one", async () => {
        await expectViolation(gatewayRateLimitWithinTier, [owner, plugin({ minute: 1001 })], "must allow at most 1000 requests per minute (community tier), not 1001");
    });
    it("refuses the ceiling plus one for a business tenant (50000)", async () => {
        const business = tenantIsolation("oasis", { tier: "business" });
        await expectNoViolations(gatewayRateLimitWithinTier, [business, plugin({ minute: 50000, month: 216000000 }, { parent: business })]);
        await expectViolation(gatewayRateLimitWithinTier, [business, plugin({ minute: 50001 }, { parent: business })], "must allow at most 50000 requests per minute (business tier), not 50001");
    });
    it("takes the rate-limit ceilings from config when given", async () => {
        await expectViolation(gatewayRateLimitWithinTier, [owner, plugin({ minute: 501 })], "must allow at most 500 requests per minute (community tier), not 501", {
            ceilings: { community: 500 },
        });
    });
    it("refuses a minute limit above the ceiling", async () => {
        await expectViolation(gatewayRateLimitWithinTier, [owner, plugin({ minute: 5000 })], "must allow at most 1000 requests per minute (community tier), not 5000");
    });
    it("refuses a per-second limit that allows more than the ceiling per minute", async () => {
        await expectViolation(gatewayRateLimitWithinTier, [owner, plugin({ second: 100 })], "not 6000");
    });
    it("refuses a plugin without any limit", async () => {
        await expectViolation(gatewayRateLimitWithinTier, [owner, plugin({})], "must set a limit");
    });
    it("finds the tenant through a consumer that uses a hand-written plugin", async () => {
        const consumer = resource(
            "kubernetes:configuration.konghq.com/v1:KongConsumer",
            { ...meta("stoa-system", "tenant-oasis"), metadata: { name: "tenant-oasis", namespace: "stoa-system", annotations: { "konghq.com/plugins": "a, sneaky" } }, username: "oasis" },
            { parent: owner },
        );
        await expectViolation(gatewayRateLimitWithinTier, [owner, consumer, plugin({ minute: 100000 }, { name: "sneaky" })], "KongPlugin sneaky of tenant oasis must allow at most 1000");
    });
    it("computes the tightest window", () => {
        expect(requestsPerMinute({ second: 10, minute: 500 })).toBe(500);
        expect(requestsPerMinute({ second: 5, minute: 500 })).toBe(300);
        expect(requestsPerMinute({ hour: 200 })).toBe(200);
        expect(requestsPerMinute({ policy: "redis" })).toBeUndefined();
    });
});
