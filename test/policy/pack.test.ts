import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { TENANT_ISOLATION_TYPE as COMPONENT_TYPE } from "../../components/tenantIsolation";
import { TENANT_ISOLATION_TYPE } from "../../policy-pack/lib/stack";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, policies } from "../../policy-pack/policies";
import { resourceQuotaWithinTier, gatewayRateLimitWithinTier } from "../../policy-pack/quotas";
import { schemaDefaults } from "../../policy-pack/lib/config";

const PACK_DIR = path.join(__dirname, "../../policy-pack");

describe("the pack", () => {
    it("is named and mandatory by default", () => {
        expect(PACK_NAME).toBe("stoa-tenancy-isolation");
        expect(PACK_ENFORCEMENT_LEVEL).toBe("mandatory");
    });
    it("gives every policy a unique kebab-case name, a 'Checks that' description and a mandatory level", () => {
        const names = policies.map((p) => p.name);
        expect(new Set(names).size).toBe(names.length);
        for (const policy of policies) {
            expect(policy.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
            expect(policy.name).not.toBe("all"); // reserved by CrossGuard
            expect(policy.description).toMatch(/^Checks that .+\.$/);
            expect(policy.enforcementLevel).toBe("mandatory");
        }
    });
    it("gives every config knob a default and a description, and never a property named enforcementLevel", () => {
        for (const policy of policies.filter((p) => p.configSchema)) {
            const properties = policy.configSchema!.properties;
            expect(Object.keys(properties)).not.toContain("enforcementLevel");
            expect(Object.keys(schemaDefaults(policy.configSchema))).toEqual(Object.keys(properties));
            for (const property of Object.values(properties)) expect(property.description).toBeTruthy();
        }
    });
    it("takes its tier ceilings from the project's tier table", () => {
        const quota = schemaDefaults(resourceQuotaWithinTier.configSchema).ceilings as Record<string, Record<string, string>>;
        const rate = schemaDefaults(gatewayRateLimitWithinTier.configSchema).ceilings as Record<string, number>;
        // The brief's tier table, as components/model/tiers.ts states it; limits are requests × the burst ratio.
        expect(rate).toEqual({ community: 1000, starter: 5000, business: 50000, enterprise: 500000 });
        const column = (key: string) => Object.fromEntries(Object.entries(quota).map(([tier, ceiling]) => [tier, ceiling[key]]));
        expect(Object.keys(quota)).toEqual(["community", "starter", "business", "enterprise"]);
        expect(column("pods")).toEqual({ community: "20", starter: "60", business: "200", enterprise: "1000" });
        expect(column("requests.cpu")).toEqual({ community: "2", starter: "4", business: "16", enterprise: "64" });
        expect(column("limits.cpu")).toEqual({ community: "2", starter: "6", business: "32", enterprise: "128" });
        expect(column("limits.memory")).toEqual({ community: "4Gi", starter: "12Gi", business: "64Gi", enterprise: "512Gi" });
        expect(column("requests.storage")).toEqual({ community: "10Gi", starter: "50Gi", business: "250Gi", enterprise: "2Ti" });
        expect(column("services.loadbalancers")).toEqual({ community: "0", starter: "1", business: "2", enterprise: "10" });
        expect(column("services.nodeports")).toEqual({ community: "0", starter: "0", business: "2", enterprise: "10" });
    });
    it("knows the TenantIsolation type token the program registers", () => {
        expect(TENANT_ISOLATION_TYPE).toBe(COMPONENT_TYPE);
    });
    it("constructs the PolicyPack only in index.ts (the constructor starts a server)", () => {
        const files = fs.readdirSync(PACK_DIR, { recursive: true }).map(String).filter((f) => f.endsWith(".ts"));
        const constructing = files.filter((f) => fs.readFileSync(path.join(PACK_DIR, f), "utf8").includes("new PolicyPack("));
        expect(constructing).toEqual(["index.ts"]);
    });
    it("has a CrossGuard manifest for the nodejs runtime and a package.json with a version", () => {
        const manifest = fs.readFileSync(path.join(PACK_DIR, "PulumiPolicy.yaml"), "utf8");
        expect(manifest).toMatch(/^runtime: nodejs$/m);
        expect(manifest).toMatch(/^description: .+/m);
        const pkg = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8")) as { version?: string };
        expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
    });
});

describe.each(["config.example.json", "config.dev.json", "config.staging.json", "config.prod.json"])("%s", (file) => {
    it("names only policies of the pack and knobs of their schemas", () => {
        const example = JSON.parse(fs.readFileSync(path.join(PACK_DIR, file), "utf8")) as Record<string, Record<string, unknown>>;
        for (const [name, config] of Object.entries(example)) {
            const policy = policies.find((p) => p.name === name);
            expect(policy, name).toBeDefined();
            for (const knob of Object.keys(config).filter((k) => k !== "enforcementLevel")) {
                expect(Object.keys(policy!.configSchema?.properties ?? {}), `${name}.${knob}`).toContain(knob);
            }
        }
    });
});

describe.each(["dev", "staging", "prod"])("policy-pack/config.%s.json", (stack) => {
    it("gives tenant-ingress-hosts the stack file's tenantIngressDomain, so CrossGuard judges hosts like the admission rule", () => {
        const config = JSON.parse(fs.readFileSync(path.join(PACK_DIR, `config.${stack}.json`), "utf8")) as Record<string, Record<string, unknown>>;
        const stackFile = fs.readFileSync(path.join(PACK_DIR, "..", `Pulumi.${stack}.yaml`), "utf8");
        const domain = /stoa-tenancy:tenantIngressDomain: (\S+)/.exec(stackFile)?.[1];
        expect(domain).toBeDefined();
        expect(config["tenant-ingress-hosts"]?.tenantIngressDomain).toBe(domain);
    });
    it("gives network-policy-platform-egress-named the stack file's platformNamespace", () => {
        const config = JSON.parse(fs.readFileSync(path.join(PACK_DIR, `config.${stack}.json`), "utf8")) as Record<string, Record<string, unknown>>;
        const stackFile = fs.readFileSync(path.join(PACK_DIR, "..", `Pulumi.${stack}.yaml`), "utf8");
        const platformNamespace = /stoa-tenancy:platformNamespace: (\S+)/.exec(stackFile)?.[1];
        expect(platformNamespace).toBeDefined();
        expect(config["network-policy-platform-egress-named"]?.platformNamespaces).toEqual([platformNamespace]);
    });
});
