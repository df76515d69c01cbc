/**
 * TenantIsolation: one tenant, isolated on every layer. Each layer lives in its own folder and
 * receives the same LayerContext; this file only wires them together.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AccessPlan, ResolvedTenant, StackConfig } from "./model";
import { layerContext } from "./context";
import { createKubernetesLayer } from "./kubernetes";
import { createIdentityLayer, type IdentityLayer } from "./identity";
import { createDataLayer } from "./data";
import { createGatewayLayer, type GatewayLayer } from "./gateway";
import { createObservabilityLayer, type ObservabilityLayer } from "./observability";

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
    /** What the tenant may do on each layer (from its status and the stack's environment). */
    public readonly access: AccessPlan;
    /** Realm, issuer and client ids; the API client secret is a Pulumi secret. */
    public readonly identity: IdentityLayer;
    /** Gateway adapter and consumer; the API key is a Pulumi secret. */
    public readonly gateway: GatewayLayer;
    /** Grafana folder, dashboard, datasource, team and contact point names. */
    public readonly observability: ObservabilityLayer;

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
        this.identity = createIdentityLayer(ctx);
        createDataLayer(ctx, kubernetes);
        this.gateway = createGatewayLayer(ctx, kubernetes.namespaceName);
        this.observability = createObservabilityLayer(ctx);

        this.tenantId = args.tenant.id;
        this.namespace = kubernetes.namespaceName;
        this.access = ctx.access;
        this.registerOutputs({
            tenantId: this.tenantId,
            // CrossGuard stack policies see a component's outputs, not its inputs: repeat the tenant's identity.
            tier: args.tenant.tierName,
            status: args.tenant.status,
            environment: args.stack.environment,
            namespace: this.namespace,
            kubernetesAccess: ctx.access.kubernetes,
            identity: this.identity,
            gateway: this.gateway,
            observability: this.observability,
        });
    }
}
