import * as k8s from "@pulumi/kubernetes";
import { describe, expect, it } from "vitest";
import { ingressHostProblems, tenantIngressHosts } from "../../policy-pack/ingress";
import { policyConfigForStack } from "../../scripts/plan/inputs";
import { expectNoViolations, expectViolation, meta, ns, fixture } from "./util";

const DOMAIN = { tenantIngressDomain: "apps.example" };
const backend = { service: { name: "api", port: { number: 80 } } };
const rule = (host?: string) => ({ ...(host ? { host } : {}), http: { paths: [{ path: "/", pathType: "Prefix", backend }] } });
const ingress = (spec: Record<string, unknown>, namespace = ns("acme-corp")) => fixture(k8s.networking.v1.Ingress, { ...meta(namespace, "api"), spec });

describe("tenant-ingress-hosts", () => {
    it("passes the tenant's own host and names under it, TLS included", async () => {
        const spec = { rules: [rule("acme-corp.apps.example"), rule("api.acme-corp.apps.example")], tls: [{ hosts: ["*.acme-corp.apps.example"], secretName: "tls" }] };
        await expectNoViolations(tenantIngressHosts, [ingress(spec)], DOMAIN);
    });
    it("refuses another tenant's host", async () => {
        await expectViolation(tenantIngressHosts, [ingress({ rules: [rule("globex.apps.example")] })], "Ingress tenant-acme-corp/api publishes globex.apps.example, outside acme-corp.apps.example", DOMAIN);
    });
    it("refuses a look-alike and another tenant's TLS host", async () => {
        await expectViolation(tenantIngressHosts, [ingress({ rules: [rule("evilacme-corp.apps.example")] })], "publishes evilacme-corp.apps.example", DOMAIN);
        const tls = { rules: [rule("acme-corp.apps.example")], tls: [{ hosts: ["globex.apps.example"] }] };
        await expectViolation(tenantIngressHosts, [ingress(tls)], "publishes globex.apps.example", DOMAIN);
    });
    it("refuses catch-alls even without a domain configured: no host, no rules, a defaultBackend", async () => {
        await expectViolation(tenantIngressHosts, [ingress({ rules: [rule()] })], "rules[0] has no host");
        await expectViolation(tenantIngressHosts, [ingress({ defaultBackend: backend })], "sets a defaultBackend");
        await expectViolation(tenantIngressHosts, [ingress({ defaultBackend: backend })], "has no rules");
    });
    it("without a domain, judges hosts by nothing but their presence", () => {
        expect(ingressHostProblems({ rules: [{ host: "globex.apps.example" }] }, "acme-corp", "")).toEqual([]);
    });
    it("leaves platform namespaces alone", async () => {
        await expectNoViolations(tenantIngressHosts, [ingress({ defaultBackend: backend }, "stoa-system")], DOMAIN);
    });
});

describe("policyConfigForStack", () => {
    it("gives tenant-ingress-hosts the stack's domain unless the user's configuration sets one", () => {
        expect(policyConfigForStack({}, { tenantIngressDomain: "apps.dev.example" })).toEqual({ "tenant-ingress-hosts": { tenantIngressDomain: "apps.dev.example" } });
        const own = { "tenant-ingress-hosts": { enforcementLevel: "advisory", tenantIngressDomain: "other.example" } };
        expect(policyConfigForStack(own, { tenantIngressDomain: "apps.dev.example" })).toEqual(own);
    });
});
