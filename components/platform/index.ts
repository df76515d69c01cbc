/**
 * Resources the platform needs once, whatever the tenants: the cluster-wide cpi-admin binding, the
 * cluster's OIDC authentication configuration, PostgreSQL hardening of PUBLIC, the admission rules
 * for tenant volumes, Ingress hosts and Services.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedTenant, StackConfig } from "../model";
import { createPlatformKubernetes } from "./kubernetes";
import { createPlatformDatabase } from "./database";
import { createPlatformStorage } from "./storage";
import { createPlatformIdentity } from "./identity";
import { createPlatformTraffic } from "./traffic";
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
        const loadBalancers = createPlatformLoadBalancers(ctx);
        this.registerOutputs({ ...kubernetes, ...database, ...storage, ...identity, ...traffic, ...loadBalancers });
    }
}
