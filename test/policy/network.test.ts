import * as k8s from "@pulumi/kubernetes";
import { describe, expect, it } from "vitest";
import { clusterRangeProblem, isOpenCidr, networkPolicyNoCrossTenantPeers, networkPolicyNoOpenCidr, networkPolicyPlatformEgressNamed, networkPolicyTrustedNamespaceSelectors } from "../../policy-pack/network";
import { expectNoViolations, expectViolation, meta, ns, fixture } from "./util";

const byName = (name: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } } });

/** The shape the tenant layer uses: its own namespace, the platform namespace, DNS. */
function compliant(namespace = ns("acme-corp"), peers: k8s.types.input.networking.v1.NetworkPolicyPeer[] = [byName(namespace), byName("stoa-system")]) {
    return fixture(k8s.networking.v1.NetworkPolicy, {
        ...meta(namespace, "allow"),
        spec: {
            podSelector: {},
            policyTypes: ["Ingress", "Egress"],
            ingress: [{ from: peers }],
            egress: [{ to: [...peers, { ...byName("kube-system"), podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }], ports: [{ protocol: "UDP", port: 53 }] }],
        },
    });
}

describe("network-policy-no-cross-tenant-peers", () => {
    it("passes the tenant's own, platform and DNS peers", async () => {
        await expectNoViolations(networkPolicyNoCrossTenantPeers, [compliant()]);
    });
    it("refuses tenant B admitted into tenant A", async () => {
        await expectViolation(networkPolicyNoCrossTenantPeers, [compliant(ns("acme-corp"), [byName(ns("globex"))])], "must not select another tenant's namespace (tenant-globex at ingress[0].from[0])");
    });
    it("refuses another tenant named through a matchExpressions In list", async () => {
        const peer = { namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: [ns("acme-corp"), ns("oasis")] }] } };
        await expectViolation(networkPolicyNoCrossTenantPeers, [compliant(ns("acme-corp"), [peer])], "tenant-oasis");
    });
    it("refuses another tenant named by the tenant label", async () => {
        const peer = { namespaceSelector: { matchLabels: { "stoa.io/tenant-id": "globex" } } };
        await expectViolation(networkPolicyNoCrossTenantPeers, [compliant(ns("acme-corp"), [peer])], "stoa.io/tenant-id=globex");
    });
    it("leaves platform namespaces alone (the platform reaches tenants)", async () => {
        await expectNoViolations(networkPolicyNoCrossTenantPeers, [compliant("stoa-system", [byName(ns("globex")), byName(ns("acme-corp"))])]);
    });
});

describe("network-policy-trusted-namespace-selectors", () => {
    it("passes selectors by kubernetes.io/metadata.name", async () => {
        await expectNoViolations(networkPolicyTrustedNamespaceSelectors, [compliant()]);
    });
    it("refuses an empty namespaceSelector", async () => {
        await expectViolation(networkPolicyTrustedNamespaceSelectors, [compliant(ns("acme-corp"), [{ namespaceSelector: {} }])], "must not use an empty namespaceSelector");
    });
    it("refuses a selector with empty matchLabels and matchExpressions", async () => {
        await expectViolation(networkPolicyTrustedNamespaceSelectors, [compliant(ns("acme-corp"), [{ namespaceSelector: { matchLabels: {}, matchExpressions: [] } }])], "empty namespaceSelector");
    });
    it("refuses a label tenants could set", async () => {
        await expectViolation(networkPolicyTrustedNamespaceSelectors, [compliant(ns("acme-corp"), [{ namespaceSelector: { matchLabels: { team: "payments" } } }])], "not by team");
    });
    it("refuses an open operator", async () => {
        const peer = { namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: [ns("globex")] }] } };
        await expectViolation(networkPolicyTrustedNamespaceSelectors, [compliant(ns("acme-corp"), [peer])], "with operator In, not NotIn");
    });
    it("accepts a label the operator declares trusted", async () => {
        const peer = { namespaceSelector: { matchLabels: { "stoa.io/tenant-id": "acme-corp" } } };
        await expectNoViolations(networkPolicyTrustedNamespaceSelectors, [compliant(ns("acme-corp"), [peer])], {
            trustedNamespaceLabels: ["kubernetes.io/metadata.name", "stoa.io/tenant-id"],
        });
    });
});

describe("network-policy-no-open-cidr", () => {
    it("passes a narrow ipBlock", async () => {
        await expectNoViolations(networkPolicyNoOpenCidr, [compliant(ns("acme-corp"), [{ ipBlock: { cidr: "203.0.113.0/24" } }])]);
    });
    it("refuses egress to 0.0.0.0/0", async () => {
        await expectViolation(networkPolicyNoOpenCidr, [compliant(ns("acme-corp"), [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }])], "must not open egress[0].to[0] to 0.0.0.0/0");
    });
    it("refuses ingress from ::/0", async () => {
        await expectViolation(networkPolicyNoOpenCidr, [compliant(ns("acme-corp"), [{ ipBlock: { cidr: "::/0" } }])], "ingress[0].from[0] to ::/0");
    });
    it("refuses egress to a private range that holds the cluster's pods", async () => {
        await expectViolation(networkPolicyNoOpenCidr, [compliant(ns("acme-corp"), [{ ipBlock: { cidr: "10.0.0.0/8" } }])], "must not open ingress[0].from[0] to 10.0.0.0/8 overlaps the cluster's range 10.0.0.0/8");
    });
    it("refuses a single pod address of another tenant, inside the cluster range", async () => {
        await expectViolation(networkPolicyNoOpenCidr, [compliant(ns("acme-corp"), [{ ipBlock: { cidr: "10.244.3.17/32" } }])], "10.244.3.17/32 overlaps the cluster's range 10.244.0.0/16", {
            clusterCidrs: ["10.244.0.0/16", "10.96.0.0/12"],
        });
    });
    it("passes a private range that excepts the configured pod and service ranges", async () => {
        const peer = { ipBlock: { cidr: "10.0.0.0/8", except: ["10.244.0.0/16", "10.96.0.0/12"] } };
        await expectNoViolations(networkPolicyNoOpenCidr, [compliant(ns("acme-corp"), [peer])], { clusterCidrs: ["10.244.0.0/16", "10.96.0.0/12"] });
    });
    it("refuses when the except list leaves part of a cluster range open", async () => {
        const peer = { ipBlock: { cidr: "10.0.0.0/8", except: ["10.244.0.0/17"] } };
        await expectViolation(networkPolicyNoOpenCidr, [compliant(ns("acme-corp"), [peer])], "overlaps the cluster's range 10.244.0.0/16", { clusterCidrs: ["10.244.0.0/16"] });
    });
    it("refuses an IPv6 block inside the unique-local range by default", async () => {
        await expectViolation(networkPolicyNoOpenCidr, [compliant(ns("acme-corp"), [{ ipBlock: { cidr: "fd12:3456::/64" } }])], "overlaps the cluster's range fc00::/7");
    });
    it("refuses an ipBlock that is not a CIDR range rather than guessing", () => {
        expect(clusterRangeProblem({ cidr: "10.0.0.300/32" }, [])).toBe("10.0.0.300/32 is not a CIDR range");
        expect(clusterRangeProblem({ cidr: "203.0.113.0/24" }, ["10.0.0.0/8", "fc00::/7"])).toBeUndefined();
    });
    it("recognises every /0 and nothing else", () => {
        expect(["0.0.0.0/0", "::/0", "10.0.0.0/0"].map(isOpenCidr)).toEqual([true, true, true]);
        expect(["10.0.0.0/8", "0.0.0.0/10", "::/64"].map(isOpenCidr)).toEqual([false, false, false]);
    });
});

describe("network-policy-platform-egress-named", () => {
    const egress = (to: k8s.types.input.networking.v1.NetworkPolicyPeer[], ports?: k8s.types.input.networking.v1.NetworkPolicyPort[]) =>
        fixture(k8s.networking.v1.NetworkPolicy, { ...meta(ns("acme-corp"), "stoa-allow-platform"), spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{ to, ...(ports ? { ports } : {}) }] } });
    const gateway = { ...byName("stoa-system"), podSelector: { matchLabels: { "app.kubernetes.io/name": "kong" } } };
    it("passes egress to named platform pods on named ports, and egress elsewhere", async () => {
        await expectNoViolations(networkPolicyPlatformEgressNamed, [egress([gateway], [{ protocol: "TCP", port: 8000 }])]);
        await expectNoViolations(networkPolicyPlatformEgressNamed, [egress([{ podSelector: {} }])]);
    });
    it("refuses the whole platform namespace (every pod, Redis included)", async () => {
        await expectViolation(networkPolicyPlatformEgressNamed, [egress([byName("stoa-system")], [{ protocol: "TCP", port: 6379 }])], "must name the pods it reaches in stoa-system with a podSelector (egress[0].to[0] opens every pod there)");
        await expectViolation(networkPolicyPlatformEgressNamed, [egress([{ ...byName("stoa-system"), podSelector: {} }], [{ port: 8000 }])], "opens every pod there");
    });
    it("refuses named pods on every port", async () => {
        await expectViolation(networkPolicyPlatformEgressNamed, [egress([gateway])], "must name the ports it reaches in stoa-system (egress[0] opens every port)");
    });
    it("takes the platform namespaces from config", async () => {
        await expectViolation(networkPolicyPlatformEgressNamed, [egress([byName("platform-x")], [{ port: 80 }])], "in platform-x", { platformNamespaces: ["platform-x"] });
    });
});
