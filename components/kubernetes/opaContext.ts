/**
 * The tenant's context for the gateway's policy engine, as data OPA loads through kube-mgmt: a
 * ConfigMap labelled `openpolicyagent.org/data=opa` in the platform namespace (tenant roles live in
 * the tenant namespace and cannot edit it). kube-mgmt loads it at
 * `data["<platform namespace>"]["tenant-<id>-context"]["tenant.json"]`.
 */
import * as k8s from "@pulumi/kubernetes";
import type { LayerContext } from "../context";
import type { ApiQuotas, Environment, FeatureName, ResolvedTenant, TenantStatus, TierName } from "../model";
import { tenantLabels } from "./namespace";

export const OPA_DATA_LABEL = "openpolicyagent.org/data";
export const OPA_DATA_VALUE = "opa";
export const OPA_CONTEXT_KEY = "tenant.json";

export interface OpaTenantDocument {
    id: string;
    tier: TierName;
    status: TenantStatus;
    environment: Environment;
    features: Record<FeatureName, boolean>;
    apiQuotas: ApiQuotas;
}

/** The document gateway policies read; only what policies decide on, nothing secret. */
export function opaTenantDocument(
    tenant: Pick<ResolvedTenant, "id" | "tierName" | "status" | "features" | "apiQuotas">,
    environment: Environment,
): OpaTenantDocument {
    return {
        id: tenant.id,
        tier: tenant.tierName,
        status: tenant.status,
        environment,
        features: { ...tenant.features },
        apiQuotas: { ...tenant.apiQuotas },
    };
}

export function createOpaContext(ctx: LayerContext): k8s.core.v1.ConfigMap {
    const document = opaTenantDocument(ctx.tenant, ctx.stack.environment);
    return new k8s.core.v1.ConfigMap(
        ctx.name("opa-context"),
        {
            metadata: {
                name: ctx.tenant.names.opaContextConfigMap,
                namespace: ctx.stack.platformNamespace,
                labels: { ...tenantLabels(ctx.tenant), [OPA_DATA_LABEL]: OPA_DATA_VALUE },
            },
            data: { [OPA_CONTEXT_KEY]: JSON.stringify(document, null, 2) },
        },
        ctx.opts,
    );
}
