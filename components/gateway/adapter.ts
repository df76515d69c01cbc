/**
 * The gateway adapter contract. An adapter is one folder under components/gateway/ registered in
 * registry.ts: its stack-config section (`stoa-tenancy:gateways` entries with its `adapter` value), its
 * names, its layer code, and what the policy pack must know about its objects. The layer computes a
 * GatewayPlan per gateway the tenant is on and hands it to that gateway's adapter.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { Environment } from "../model/configParts";
import type { LayerContext } from "../context";
import type { GatewayPlan } from "./plan";
import type { ClientCertificate } from "./certificate";

/** What every adapter's section has: the discriminant. */
export interface GatewaySectionBase {
    adapter: string;
}

export interface TenantGatewayArgs<Section extends GatewaySectionBase = GatewaySectionBase> {
    /** The adapter's own section of the stack configuration. */
    section: Section;
    /** What to configure: consumer, rate limit (this gateway's share), credentials, termination. */
    plan: GatewayPlan;
    /** The tenant's mTLS client certificate, when it has one; the adapter maps it onto its consumer. */
    clientCertificate?: ClientCertificate;
    /** The tenant's namespace, where its APIs' routes live (and the route-side policies they reference). */
    tenantNamespace: pulumi.Input<string>;
}

export interface TenantGateway {
    /** Which adapter configured the gateway. */
    adapter: string;
    /** Consumer (or application) the gateway knows the tenant by. */
    consumer: string;
    /** Requests per minute this gateway allows the tenant (its share of the tier limit). */
    rateLimitPerMinute: number;
    /** Calls per month this gateway allows the tenant (its share of the quota). */
    quotaPerMonth: number;
    /** API key of the tenant on this gateway (a Pulumi secret), absent once archived. */
    apiKey?: pulumi.Output<string>;
}

/** A problem of an adapter's section, with its path inside the section. */
export interface SectionProblem {
    path: (string | number)[];
    message: string;
}

/** A reference from one gateway object to another Kubernetes object (which must be of the same tenant). */
export interface GatewayReference {
    kind: string;
    name: string;
    /** Undefined: the referring object's own namespace. */
    namespace?: string;
    /** Where the reference sits in the referring object, for the message (`spec.application.name`). */
    field: string;
}

/**
 * What the policy pack knows about an adapter's objects, by Pulumi type (`kubernetes:<apiVersion>:<kind>`).
 * The pack's gateway policies are driven only by these, so an adapter cannot be silently unchecked.
 */
export interface GatewayPackDescriptor {
    /**
     * Objects that may carry a rate limit: for each type, the requests per minute the object allows, read
     * from its inputs: a non-empty list (one per limit it sets; the highest counts), null when this object
     * is not a rate limit (another kind of plugin), undefined when it must limit but no limit is readable.
     */
    rateLimits: Readonly<Record<string, (props: Record<string, unknown>) => number[] | undefined | null>>;
    /**
     * The same for the quota: for each type that carries a rate limit, the most calls a month can see under
     * the object's windows of an hour or longer; undefined when it must carry a quota but none is readable.
     */
    quotas: Readonly<Record<string, (props: Record<string, unknown>) => number[] | undefined | null>>;
    /** Objects that reference other objects (consumers, applications, credentials, certificates), and how to read them. */
    references: Readonly<Record<string, (props: Record<string, unknown>) => GatewayReference[]>>;
    /** Tenant ids an object claims to be (a consumer's custom_id): each must be its own tenant's. */
    claimedTenants: Readonly<Record<string, (props: Record<string, unknown>) => string[]>>;
    /** API groups (`<group>/*`) no Role in a tenant namespace may write: the adapter's configuration objects. */
    protectedResources: readonly string[];
    /** Cluster-scoped kinds of the adapter (never in a namespace). */
    clusterScopedKinds: readonly string[];
}

/** What the platform's network rules need from a gateway that keeps rate-limit counters in a Redis. */
export interface CounterStore {
    redisPodLabels: Record<string, string>;
    redisPort: number;
    gatewayPodLabels: Record<string, string>;
}

export interface GatewayAdapter<Config extends z.ZodType<GatewaySectionBase> = z.ZodType<GatewaySectionBase>> {
    readonly name: z.output<Config>["adapter"];
    /** The adapter's section of `stoa-tenancy:gateways` (a strict object with `adapter: <name>`). */
    readonly config: Config;
    readonly pack: GatewayPackDescriptor;
    /** The gateway's proxy pods and ports (the stack's default `platformEgress` lets tenant pods reach the default gateway's). */
    readonly proxyEgress: { podLabels: Record<string, string>; ports: { protocol: "TCP"; port: number }[] };
    /** Ingress annotations of the gateway a tenant route may carry by default (`tenantIngressAnnotations`). */
    readonly ingressAnnotations: readonly string[];
    /** Rules across the section and the environment (the stack schema reports them under the entry's path). */
    sectionProblems(section: z.output<Config>, environment: Environment): SectionProblem[];
    /** The Ingress class tenant Ingresses use when this gateway is the stack's default, if it serves Ingresses. */
    ingressClass(section: z.output<Config>): string | undefined;
    /** The Redis that holds the rate-limit counters, when the platform must fence it. */
    counterStore(section: z.output<Config>): CounterStore | undefined;
    createTenantGateway(ctx: LayerContext, args: TenantGatewayArgs<z.output<Config>>): TenantGateway;
}
