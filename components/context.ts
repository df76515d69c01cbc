/**
 * What every isolation layer receives: the resolved tenant, the stack, the access plan, and the
 * resource options that make the TenantIsolation the parent of everything the layer creates.
 */
import * as pulumi from "@pulumi/pulumi";
import { accessFor, tenantResourceName, type AccessPlan, type ResolvedTenant, type StackConfig } from "./model";

export interface LayerContext {
    tenant: ResolvedTenant;
    stack: StackConfig;
    access: AccessPlan;
    /** `{ parent }` for every child: the TenantIsolation component. */
    opts: pulumi.CustomResourceOptions;
    /**
     * Options for resources that hold tenant data (namespace, schema, schema owner, backups): never
     * deleted by Pulumi (retainOnDelete), and protected while the tenant is not archived so that
     * removing or renaming a live tenant's file fails instead of dropping its data.
     */
    dataOpts: pulumi.CustomResourceOptions;
    /** Logical Pulumi name of a child: `<tenant id>/<suffix>` (see `tenantResourceName`), stable, never positional. */
    name(suffix: string): string;
}

export function layerContext(tenant: ResolvedTenant, stack: StackConfig, parent: pulumi.Resource): LayerContext {
    const opts: pulumi.CustomResourceOptions = { parent };
    return {
        tenant,
        stack,
        access: accessFor(tenant.status, stack.environment, tenant.productionWrite),
        opts,
        dataOpts: { ...opts, ...dataProtection(tenant) },
        name: (suffix) => tenantResourceName(tenant.id, suffix),
    };
}

/** protect while the tenant is live, retainOnDelete always: see `LayerContext.dataOpts`. */
export function dataProtection(tenant: Pick<ResolvedTenant, "status">): { protect: boolean; retainOnDelete: true } {
    return { protect: tenant.status !== "archived", retainOnDelete: true };
}
