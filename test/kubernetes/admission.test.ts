/**
 * The platform's admission rules for what tenants create themselves, evaluated with a real CEL
 * evaluator on the policies the program registers: Ingress hosts stay under the tenant's own domain,
 * no ExternalName Services.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { LABEL_TENANT_ID } from "../../components/model";
import { INGRESS_HOSTS_POLICY, NO_EXTERNAL_NAME_POLICY } from "../../components/platform/traffic";
import type { OfflineRun, RecordedResource } from "../../scripts/offline/runtime";
import { admissionObject, refusals, VAP, VAP_BINDING } from "../support/admission";
import { runStack, SAMPLE_TENANTS_DIR } from "./helpers";

const ACME = { name: "tenant-acme-corp", labels: { [LABEL_TENANT_ID]: "acme-corp" } };
const DOMAIN = "apps.dev.stoa.example";

let run: OfflineRun;
let ingressPolicy: RecordedResource;
let servicePolicy: RecordedResource;
beforeAll(async () => {
    run = await runStack("dev", SAMPLE_TENANTS_DIR);
    ingressPolicy = admissionObject(run.resources, VAP, INGRESS_HOSTS_POLICY);
    servicePolicy = admissionObject(run.resources, VAP, NO_EXTERNAL_NAME_POLICY);
});

const ingress = (spec: Record<string, unknown>) => ({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "api" }, spec });
const rule = (host?: string) => ({ ...(host !== undefined ? { host } : {}), http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "api", port: { number: 80 } } } }] } });

describe("tenant Ingress hosts", () => {
    it("are judged on create and update of Ingresses, failing closed, in every tenant-labelled namespace", () => {
        expect(ingressPolicy.inputs.spec).toMatchObject({
            failurePolicy: "Fail",
            matchConstraints: { resourceRules: [{ apiGroups: ["networking.k8s.io"], operations: ["CREATE", "UPDATE"], resources: ["ingresses"] }] },
        });
        expect(admissionObject(run.resources, VAP_BINDING, INGRESS_HOSTS_POLICY).inputs.spec).toMatchObject({
            policyName: INGRESS_HOSTS_POLICY,
            validationActions: ["Deny"],
            matchResources: { namespaceSelector: { matchExpressions: [{ key: LABEL_TENANT_ID, operator: "Exists" }] } },
        });
    });

    it("admit the tenant's own domain, its subdomains and a wildcard under it", () => {
        for (const host of [`acme-corp.${DOMAIN}`, `api.acme-corp.${DOMAIN}`, `*.acme-corp.${DOMAIN}`]) {
            expect(refusals(ingressPolicy, ingress({ rules: [rule(host)], tls: [{ hosts: [host], secretName: "tls" }] }), ACME), host).toEqual([]);
        }
    });

    it("refuse another tenant's host, a look-alike, the bare domain and hosts elsewhere", () => {
        for (const host of [`globex.${DOMAIN}`, `api.globex.${DOMAIN}`, `evilacme-corp.${DOMAIN}`, DOMAIN, `*.${DOMAIN}`, "portal.dev.stoa.example", `acme-corp.${DOMAIN}.evil.example`]) {
            expect(refusals(ingressPolicy, ingress({ rules: [rule(`acme-corp.${DOMAIN}`), rule(host)] }), ACME), host).toEqual([`every rule of a tenant Ingress needs a host under <tenant id>.${DOMAIN}`]);
        }
    });

    it("refuse catch-alls: a rule without a host, no rules at all, a defaultBackend", () => {
        expect(refusals(ingressPolicy, ingress({ rules: [rule()] }), ACME)).toHaveLength(1);
        expect(refusals(ingressPolicy, ingress({ rules: [] }), ACME)).toHaveLength(1);
        const withDefault = ingress({ defaultBackend: { service: { name: "api", port: { number: 80 } } }, rules: [rule(`acme-corp.${DOMAIN}`)] });
        expect(refusals(ingressPolicy, withDefault, ACME)).toEqual(["a tenant Ingress may not set a defaultBackend: it would catch every host of the ingress class"]);
    });

    it("refuse a TLS host of another tenant (its certificate would be served for that name)", () => {
        const spec = { rules: [rule(`acme-corp.${DOMAIN}`)], tls: [{ hosts: [`globex.${DOMAIN}`], secretName: "tls" }] };
        expect(refusals(ingressPolicy, ingress(spec), ACME)).toEqual([`TLS hosts of a tenant Ingress must be under <tenant id>.${DOMAIN}`]);
    });

    it("judge by the namespace's tenant label: the same host is globex's in tenant-globex", () => {
        const globex = { name: "tenant-globex", labels: { [LABEL_TENANT_ID]: "globex" } };
        expect(refusals(ingressPolicy, ingress({ rules: [rule(`globex.${DOMAIN}`)] }), globex)).toEqual([]);
        expect(refusals(ingressPolicy, ingress({ rules: [rule(`acme-corp.${DOMAIN}`)] }), globex)).toHaveLength(1);
    });

    it("follow the stack's tenantIngressDomain", async () => {
        const other = await runStack("dev", SAMPLE_TENANTS_DIR, { tenantIngressDomain: "tenants.example.net" });
        const policy = admissionObject(other.resources, VAP, INGRESS_HOSTS_POLICY);
        expect(refusals(policy, ingress({ rules: [rule("acme-corp.tenants.example.net")] }), ACME)).toEqual([]);
        expect(refusals(policy, ingress({ rules: [rule(`acme-corp.${DOMAIN}`)] }), ACME)).toHaveLength(1);
    });
});

describe("tenant Services", () => {
    const service = (spec: Record<string, unknown>) => ({ apiVersion: "v1", kind: "Service", metadata: { name: "api" }, spec });
    it("are judged on create and update, bound to tenant-labelled namespaces", () => {
        expect(servicePolicy.inputs.spec).toMatchObject({ matchConstraints: { resourceRules: [{ apiGroups: [""], operations: ["CREATE", "UPDATE"], resources: ["services"] }] } });
        expect(admissionObject(run.resources, VAP_BINDING, NO_EXTERNAL_NAME_POLICY).inputs.spec).toMatchObject({ policyName: NO_EXTERNAL_NAME_POLICY });
    });
    it("admit ClusterIP and untyped Services", () => {
        expect(refusals(servicePolicy, service({ ports: [{ port: 80 }] }), ACME)).toEqual([]);
        expect(refusals(servicePolicy, service({ type: "ClusterIP", ports: [{ port: 80 }] }), ACME)).toEqual([]);
    });
    it("refuse an ExternalName pointing at another tenant's Service", () => {
        expect(refusals(servicePolicy, service({ type: "ExternalName", externalName: "api.tenant-globex.svc.cluster.local" }), ACME)).toEqual([
            "tenant Services may not be of type ExternalName: the gateway would proxy to any name it points at",
        ]);
    });
});
