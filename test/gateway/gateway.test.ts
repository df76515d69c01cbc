/** The gateway layer (Kong adapter and client certificate) under Pulumi's mocks, per status and per stack option. */
import { beforeAll, describe, expect, it } from "vitest";
import type { OfflineRun } from "../../scripts/offline/runtime";
import { SAMPLE_TENANTS_DIR, TYPES, layerLeaks, maybeResource, resource, runLayerOutputs, runProgram, tenantResources } from "../identity/offline";
import { mtlsCredential } from "../../components/gateway/kong/plugins";

let run: OfflineRun;
beforeAll(async () => {
    run = await runProgram();
});

// Quotas per month: the tier defaults (community 432000, enterprise 216000000, starter 4320000), globex's own 20000000.
const EXPECTED = {
    oasis: { state: "open", rate: 500, month: 432000 },
    "acme-corp": { state: "open", rate: 10000, month: 216000000 },
    globex: { state: "blocked", rate: 5000, month: 20000000 },
    // initech sets no max_rate_limit: the starter tier's default.
    initech: { state: "closed", rate: 1000, month: 4320000 },
} as const;

describe.each(Object.entries(EXPECTED))("gateway of %s (%s)", (id, expected) => {
    const open = expected.state === "open";
    const credentials = expected.state !== "closed";

    it("puts every consumer-side object in the platform namespace, tagged with the tenant", () => {
        const objects = tenantResources(run, id, "gateway").filter((r) => r.type.startsWith("kubernetes:") && !r.name.includes("/kong-route-"));
        expect(objects.length).toBeGreaterThan(0);
        for (const object of objects) {
            const metadata = object.inputs.metadata as { namespace: string; labels: Record<string, string> };
            expect(metadata.namespace).toBe("stoa-system");
            expect(metadata.labels["stoa.io/tenant-id"]).toBe(id);
        }
    });

    it("has a consumer named by the tenant id, for the Kong ingress class, with its plugins", () => {
        const consumer = resource(run, TYPES.kongConsumer, `${id}/kong-consumer`);
        const metadata = consumer.inputs.metadata as { annotations: Record<string, string> };
        expect(consumer.inputs.username).toBe(id);
        expect(consumer.inputs.custom_id).toBe(id);
        expect(metadata.annotations["kubernetes.io/ingress.class"]).toBe("kong");
        const plugins = metadata.annotations["konghq.com/plugins"]!.split(",");
        expect(plugins).toContain(`tenant-${id}-rate-limiting`);
        expect(plugins.includes(`tenant-${id}-request-termination`)).toBe(!open);
    });

    it("limits calls per consumer at the tenant's rate and monthly quota, in redis, fault tolerance set", () => {
        const plugin = resource(run, TYPES.kongPlugin, `${id}/kong-rate-limiting`);
        expect(plugin.inputs.plugin).toBe("rate-limiting");
        expect(plugin.inputs.config).toMatchObject({ minute: expected.rate, month: expected.month, limit_by: "consumer", policy: "redis", fault_tolerant: true });
    });

    it(open ? "refuses nothing" : "refuses every call with 403 and a clear message", () => {
        const termination = maybeResource(run, TYPES.kongPlugin, `${id}/kong-request-termination`);
        if (open) {
            expect(termination).toBeUndefined();
            return;
        }
        expect(termination?.inputs.plugin).toBe("request-termination");
        const config = termination?.inputs.config as { status_code: number; message: string };
        expect(config.status_code).toBe(403);
        expect(config.message).toMatch(expected.state === "blocked" ? /suspended/ : /archived/);
    });

    it(credentials ? "has a secret API key and an ACL group of its id" : "has no credentials at all", () => {
        const consumer = resource(run, TYPES.kongConsumer, `${id}/kong-consumer`);
        const keyAuth = maybeResource(run, TYPES.secret, `${id}/kong-key-auth`);
        const acl = maybeResource(run, TYPES.secret, `${id}/kong-acl`);
        if (!credentials) {
            expect(consumer.inputs.credentials).toEqual([]);
            expect(keyAuth).toBeUndefined();
            expect(acl).toBeUndefined();
            expect(maybeResource(run, TYPES.randomPassword, `${id}/kong-api-key`)).toBeUndefined();
            return;
        }
        expect(consumer.inputs.credentials).toEqual([`tenant-${id}-key-auth`, `tenant-${id}-acl`]);
        expect((keyAuth?.inputs.metadata as { labels: Record<string, string> }).labels["konghq.com/credential"]).toBe("key-auth");
        expect(keyAuth?.inputs.stringData).toBe("[secret]");
        expect((acl?.inputs.metadata as { labels: Record<string, string> }).labels["konghq.com/credential"]).toBe("acl");
    });

    it("gives its own Ingresses key-auth and an ACL that allows its own group only, in its namespace", () => {
        const keyAuth = resource(run, TYPES.kongPlugin, `${id}/kong-route-key-auth`);
        const acl = resource(run, TYPES.kongPlugin, `${id}/kong-route-acl`);
        for (const plugin of [keyAuth, acl]) {
            expect((plugin.inputs.metadata as { namespace: string }).namespace).toBe(`tenant-${id}`);
        }
        expect(keyAuth.inputs).toMatchObject({ plugin: "key-auth", config: { hide_credentials: true } });
        expect(acl.inputs).toMatchObject({ plugin: "acl", config: { allow: [id], hide_groups_header: true } });
    });

    it(credentials ? "has a client certificate from the platform issuer with its id in the identity" : "has no client certificate", () => {
        const certificate = maybeResource(run, TYPES.certificate, `${id}/client-certificate`);
        if (!credentials) {
            expect(certificate).toBeUndefined();
            return;
        }
        expect(certificate?.inputs.spec).toMatchObject({
            commonName: `tenant-${id}`,
            uris: [`spiffe://stoa/tenant/${id}`],
            usages: ["client auth", "digital signature"],
            secretName: `tenant-${id}-client-tls`,
            issuerRef: { name: "stoa-tenant-ca", kind: "ClusterIssuer", group: "cert-manager.io" },
        });
    });
});

describe("gateway stack options", () => {
    let variant: OfflineRun;
    beforeAll(async () => {
        variant = await runProgram(SAMPLE_TENANTS_DIR, {
            gateways: [{ adapter: "kong", mtlsAuth: true, ingressClass: "kong-internal", redis: { host: "redis.other", port: 6390, ssl: true, passwordSecret: "kong-redis" } }],
        });
    });

    it("maps the client certificate to the consumer with an mtls-auth credential when Kong Enterprise is there", () => {
        const mtls = resource(variant, TYPES.secret, "acme-corp/kong-mtls-auth");
        expect((mtls.inputs.metadata as { labels: Record<string, string> }).labels["konghq.com/credential"]).toBe("mtls-auth");
        // Matched on the URI SAN of the platform's own certificate, never on a common name a certificate could claim.
        expect(mtlsCredential({ uri: "spiffe://stoa/tenant/acme-corp" })).toEqual({ subject_name: "spiffe://stoa/tenant/acme-corp" });
        const consumer = resource(variant, TYPES.kongConsumer, "acme-corp/kong-consumer");
        expect(consumer.inputs.credentials).toContain("tenant-acme-corp-mtls-auth");
        // Archived: no certificate, no credential.
        expect(maybeResource(variant, TYPES.secret, "initech/kong-mtls-auth")).toBeUndefined();
        // Without the option, no mtls-auth credential (Kong OSS has none).
        expect(maybeResource(run, TYPES.secret, "acme-corp/kong-mtls-auth")).toBeUndefined();
    });

    it("uses the configured ingress class and Redis, with the password from a platform Secret", () => {
        const consumer = resource(variant, TYPES.kongConsumer, "oasis/kong-consumer");
        expect((consumer.inputs.metadata as { annotations: Record<string, string> }).annotations["kubernetes.io/ingress.class"]).toBe("kong-internal");
        const plugin = resource(variant, TYPES.kongPlugin, "oasis/kong-rate-limiting");
        expect(plugin.inputs.config).toMatchObject({ redis: { host: "redis.other", port: 6390, ssl: true } });
        expect(plugin.inputs.configPatches).toEqual([{ path: "/redis/password", valueFrom: { secretKeyRef: { name: "kong-redis", key: "password" } } }]);
    });
});

describe("gateway outputs", () => {
    it("expose the API key only as a secret, and none once archived", async () => {
        const result = await runLayerOutputs((isolation) => isolation.gateway);
        const gateway = (id: string) => (result.outputs[id] as { gateways: Record<string, unknown>[] }).gateways;
        for (const id of ["oasis", "acme-corp", "globex"]) {
            expect(gateway(id)).toEqual([expect.objectContaining({ adapter: "kong", consumer: id, apiKey: "[secret]" })]);
        }
        expect(gateway("initech")[0]!.apiKey).toBeUndefined();
        expect(layerLeaks(result)).toEqual([]);
        expect(layerLeaks(run)).toEqual([]);
    });
});
