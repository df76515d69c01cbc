/**
 * Resources the platform needs once, whatever the tenants: the cluster-wide cpi-admin binding, the
 * cluster's OIDC authentication configuration, PostgreSQL hardening of PUBLIC, the admission rules
 * for what tenants create themselves (volumes, Ingresses, Services, scheduling, disruption budgets,
 * token Secrets, cert-manager objects), the tenant PriorityClasses and the Redis NetworkPolicy.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedTenant, StackConfig } from "../model";
import { createPlatformKubernetes } from "./kubernetes";
import { createPlatformDatabase } from "./database";
import { createPlatformStorage } from "./storage";
import { createPlatformIdentity } from "./identity";
import { createPlatformTraffic } from "./traffic";
import { createPlatformCertificates } from "./certificates";
import { createPlatformFairUse } from "./fairUse";
import { createPlatformNetwork } from "./network";
import { createPlatformScheduling } from "./scheduling";
import { createPlatformVolumes } from "./volumes";
import { createPlatformLoadBalancers } from "./loadBalancers";

export const PLATFORM_TYPE = "stoa:tenancy:Platform";

export interface PlatformArgs {
    /** The stack's configuration. */
    stack: StackConfig;
    /** Every tenant, for configuration that lists them all (the OIDC issuers). */
    tenants: readonly ResolvedTenant[];
}

export class Platform extends pulumi.ComponentResource {
    constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super(PLATFORM_TYPE, name, { environment: args.stack.environment }, opts);
        const ctx = { stack: args.stack, tenants: args.tenants, opts: { parent: this } };
        const kubernetes = createPlatformKubernetes(ctx);
        const database = createPlatformDatabase(ctx);
        const storage = createPlatformStorage(ctx);
        const identity = createPlatformIdentity(ctx);
        const traffic = createPlatformTraffic(ctx);
        const guardrails = {
            ...createPlatformScheduling(ctx),
            ...createPlatformVolumes(ctx),
            ...createPlatformFairUse(ctx),
            ...createPlatformCertificates(ctx),
            ...createPlatformNetwork(ctx),
            ...createPlatformLoadBalancers(ctx),
        };
        this.registerOutputs({ ...kubernetes, ...database, ...storage, ...identity, ...traffic, ...guardrails });
    }
}
