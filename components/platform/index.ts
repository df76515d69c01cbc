/**
 * Resources the platform needs once, whatever the tenants: cluster-wide cpi-admin binding, the
 * cluster's OIDC authentication configuration, PostgreSQL hardening of PUBLIC.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedTenant, StackConfig } from "../model";

export interface PlatformArgs {
    /** The stack's configuration. */
    stack: StackConfig;
    /** Every tenant, for configuration that lists them all (the OIDC issuers). */
    tenants: readonly ResolvedTenant[];
}

export class Platform extends pulumi.ComponentResource {
    constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stoa:tenancy:Platform", name, {}, opts);
        void args; // TODO(issues 3 and 4): platform resources, each with { parent: this }.
        this.registerOutputs({});
    }
}
