/**
 * The platform's LoadBalancer rule, evaluated with a real CEL evaluator on the policy the program
 * registers: a tenant LoadBalancer must switch node-port allocation off (the quota holds node ports
 * at 0); other Service types are not concerned. The real API server suite proves the quota side.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { LABEL_TENANT_ID } from "../../components/model";
import { LOAD_BALANCER_NODE_PORTS_POLICY } from "../../components/platform/loadBalancers";
import type { RecordedResource } from "../../scripts/offline/runtime";
import { admissionObject, refusals, VAP, VAP_BINDING } from "../support/admission";
import { runStack, SAMPLE_TENANTS_DIR } from "./helpers";

const ACME = { name: "tenant-acme-corp", labels: { [LABEL_TENANT_ID]: "acme-corp" } };
const MESSAGE = "a tenant LoadBalancer Service must set allocateLoadBalancerNodePorts: false (node ports are not part of any tier's quota)";
const service = (spec: Record<string, unknown>) => ({ apiVersion: "v1", kind: "Service", metadata: { name: "api" }, spec: { ports: [{ port: 443 }], ...spec } });

let policy: RecordedResource;
let binding: RecordedResource;
beforeAll(async () => {
    const run = await runStack("dev", SAMPLE_TENANTS_DIR);
    policy = admissionObject(run.resources, VAP, LOAD_BALANCER_NODE_PORTS_POLICY);
    binding = admissionObject(run.resources, VAP_BINDING, LOAD_BALANCER_NODE_PORTS_POLICY);
});

describe("tenant LoadBalancer Services", () => {
    it("are judged on create and update of Services in tenant-labelled namespaces, failing closed", () => {
        expect(policy.inputs.spec).toMatchObject({ failurePolicy: "Fail", matchConstraints: { resourceRules: [{ apiGroups: [""], operations: ["CREATE", "UPDATE"], resources: ["services"] }] } });
        expect(binding.inputs.spec).toMatchObject({
            policyName: LOAD_BALANCER_NODE_PORTS_POLICY,
            validationActions: ["Deny"],
            matchResources: { namespaceSelector: { matchExpressions: [{ key: LABEL_TENANT_ID, operator: "Exists" }] } },
        });
    });

    it("refuse a LoadBalancer that allocates node ports, explicitly or by default", () => {
        expect(refusals(policy, service({ type: "LoadBalancer" }), ACME)).toEqual([MESSAGE]);
        expect(refusals(policy, service({ type: "LoadBalancer", allocateLoadBalancerNodePorts: true }), ACME)).toEqual([MESSAGE]);
    });

    it("admit a LoadBalancer without node ports, and every other type", () => {
        expect(refusals(policy, service({ type: "LoadBalancer", allocateLoadBalancerNodePorts: false }), ACME)).toEqual([]);
        expect(refusals(policy, service({ type: "ClusterIP" }), ACME)).toEqual([]);
        expect(refusals(policy, service({}), ACME)).toEqual([]);
    });
});
