/** The gateway consumer of one tenant on each gateway it is on, through the adapter of each. */
import type * as pulumi from "@pulumi/pulumi";
import type { LayerContext } from "../context";
import type { TenantGateway } from "./adapter";
import { createClientCertificate } from "./certificate";
import { gatewayPlan, tenantGateways } from "./plan";
import { gatewayAdapter } from "./registry";

export interface GatewayLayer {
    /** One entry per gateway the tenant is on; the stack's default gateway first. */
    gateways: TenantGateway[];
}

/** `tenantNamespace`: the Kubernetes layer's namespace output, so route policies wait for it. */
export function createGatewayLayer(ctx: LayerContext, tenantNamespace: pulumi.Input<string>): GatewayLayer {
    const sections = tenantGateways(ctx.tenant, ctx.stack.gateways);
    const plan = gatewayPlan(ctx.tenant, ctx.access, sections.length);
    // Archived: no certificate. cert-manager does not revoke; the archived consumer has no credential
    // a still-valid certificate could match, and every call is refused anyway (docs/gateway.md).
    const clientCertificate = plan.clientCertificate ? createClientCertificate(ctx) : undefined;
    return {
        gateways: sections.map((section) => gatewayAdapter(section.adapter).createTenantGateway(ctx, { section, plan, clientCertificate, tenantNamespace })),
    };
}
