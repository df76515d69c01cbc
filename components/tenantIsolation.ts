/**
 * TenantIsolation: one tenant, isolated on every layer. Each layer lives in its own folder and
 * receives the same LayerContext; this file only wires them together.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedTenant, StackConfig } from "./model";
import { layerContext } from "./context";
import { createKubernetesLayer } from "./kubernetes";
import { createIdentityLayer } from "./identity";
import { createDataLayer } from "./data";
import { createGatewayLayer } from "./gateway";
import { createObservabilityLayer } from "./observability";

export const TENANT_ISOLATION_TYPE = "stoa:tenancy:TenantIsolation";

export interface TenantIsolationArgs {
    /** The validated tenant with its tier defaults resolved (see components/model). */
    tenant: ResolvedTenant;
    /** The stack's configuration: environment, platform names, URLs. */
    stack: StackConfig;
}

export class TenantIsolation extends pulumi.ComponentResource {
    /** The tenant id. */
    public readonly tenantId: string;
    /** The tenant's Kubernetes namespace. */
    public readonly namespace: pulumi.Output<string>;

    constructor(name: string, args: TenantIsolationArgs, opts?: pulumi.ComponentResourceOptions) {
        // The tenant's identity is registered as the component's inputs, so policies can read it.
        super(
            TENANT_ISOLATION_TYPE,
            name,
            { tenantId: args.tenant.id, tier: args.tenant.tierName, status: args.tenant.status, environment: args.stack.environment },
            opts,
        );
        const ctx = layerContext(args.tenant, args.stack, this);

        const kubernetes = createKubernetesLayer(ctx);
        createIdentityLayer(ctx);
        createDataLayer(ctx, kubernetes);
        createGatewayLayer(ctx);
        createObservabilityLayer(ctx);

        this.tenantId = args.tenant.id;
        this.namespace = pulumi.output(args.tenant.names.namespace);
        this.registerOutputs({ tenantId: this.tenantId, namespace: this.namespace });
    }
}
