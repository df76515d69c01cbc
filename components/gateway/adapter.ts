/**
 * The gateway adapter contract. The layer computes a GatewayPlan and hands it to the adapter the stack
 * names (`stoa-tenancy:gateway`); an adapter maps it onto its gateway's native objects. A new gateway
 * (Gravitee, webMethods, STOA's own) is one more adapter in the registry, not a change to the layer.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../model";
import type { LayerContext } from "../context";
import type { GatewayPlan } from "./plan";
import type { ClientCertificate } from "./certificate";

export type GatewayName = StackConfig["gateway"];

export interface TenantGatewayArgs {
    /** What to configure: consumer, rate limit, credentials, termination. */
    plan: GatewayPlan;
    /** The tenant's mTLS client certificate, when it has one; the adapter maps it onto its consumer. */
    clientCertificate?: ClientCertificate;
    /** The tenant's namespace, where its APIs' routes live (and the route-side policies they reference). */
    tenantNamespace: pulumi.Input<string>;
}

export interface TenantGateway {
    /** Which adapter configured the gateway. */
    adapter: GatewayName;
    /** Consumer the gateway knows the tenant by. */
    consumer: string;
    /** API key of the tenant's consumer (a Pulumi secret), absent once archived. */
    apiKey?: pulumi.Output<string>;
}

export interface GatewayAdapter {
    readonly name: GatewayName;
    createTenantGateway(ctx: LayerContext, args: TenantGatewayArgs): TenantGateway;
}
