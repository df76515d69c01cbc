/**
 * The tenant CA (the ClusterIssuer `stoa-tenancy:certIssuer`) signs the client certificates the gateway
 * maps to consumers, so only the platform may ask it for one. A ClusterIssuer answers requests from
 * every namespace; what keeps tenants from it: no tenant Role names cert-manager's API groups
 * (components/kubernetes/rbac.ts), the Ingress rule refuses the annotations that make cert-manager's
 * ingress-shim issue (traffic.ts), and this policy refuses cert-manager objects in tenant namespaces
 * whoever creates them.
 */
import { createTenantAdmissionPolicy } from "./admission";
import type { PlatformLayerContext } from "./context";

export const NO_CERTIFICATES_POLICY = "stoa-tenant-no-certificates";

export const CERT_MANAGER_RESOURCES = [
    { apiGroups: ["cert-manager.io"], resources: ["certificates", "certificaterequests", "issuers"] },
    { apiGroups: ["acme.cert-manager.io"], resources: ["orders", "challenges"] },
] as const;

export function createPlatformCertificates(ctx: PlatformLayerContext): { noCertificatesPolicy: string } {
    createTenantAdmissionPolicy(ctx, "platform-no-certificates", {
        name: NO_CERTIFICATES_POLICY,
        resourceRules: CERT_MANAGER_RESOURCES.map((r) => ({ apiGroups: [...r.apiGroups], apiVersions: ["*"], operations: ["CREATE", "UPDATE"], resources: [...r.resources] })),
        validations: [
            {
                expression: "false",
                message: "cert-manager objects are refused in tenant namespaces: the tenant CA issues only the platform's own certificates",
            },
        ],
    });
    return { noCertificatesPolicy: NO_CERTIFICATES_POLICY };
}
