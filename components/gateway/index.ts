/** The gateway consumer of one tenant, behind an adapter so that Kong is one implementation of several. */
import type * as pulumi from "@pulumi/pulumi";
import type { LayerContext } from "../context";
import type { TenantGateway } from "./adapter";
import { createClientCertificate } from "./certificate";
import { gatewayPlan } from "./plan";
import { gatewayAdapter } from "./registry";

export type GatewayLayer = TenantGateway;

/** `tenantNamespace`: the Kubernetes layer's namespace output, so route policies wait for it. */
export function createGatewayLayer(ctx: LayerContext, tenantNamespace: pulumi.Input<string>): GatewayLayer {
    const plan = gatewayPlan(ctx.tenant, ctx.access);
    // Archived: no certificate. cert-manager does not revoke; the archived consumer has no credential
    // a still-valid certificate could match, and every call is refused anyway (docs/gateway.md).
    const clientCertificate = plan.clientCertificate ? createClientCertificate(ctx) : undefined;
    return gatewayAdapter(ctx.stack.gateway).createTenantGateway(ctx, { plan, clientCertificate, tenantNamespace });
}
