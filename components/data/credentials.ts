/**
 * The application role's connection details as a Secret in the tenant's own namespace, where the
 * tenant's workloads read them. Archived tenants get none (their role cannot log in anyway).
 */
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { LayerContext } from "../context";
import type { KubernetesLayer } from "../kubernetes";
import { LABEL_MANAGED_BY, LABEL_TENANT_ID, MANAGED_BY } from "../model";

/** Name of the Secret in every tenant namespace; keys follow libpq's environment variables. */
export const DATABASE_SECRET_NAME = "stoa-database";

export function createDatabaseCredentials(
    ctx: LayerContext,
    kubernetes: KubernetesLayer,
    role: pulumi.Input<string>,
    password: pulumi.Output<string>,
    database: string,
): k8s.core.v1.Secret | undefined {
    if (ctx.access.database === "no-login") return undefined;
    const { stack, tenant } = ctx;
    return new k8s.core.v1.Secret(
        ctx.name("db-credentials"),
        {
            metadata: {
                name: DATABASE_SECRET_NAME,
                namespace: tenant.names.namespace,
                labels: { [LABEL_MANAGED_BY]: MANAGED_BY, [LABEL_TENANT_ID]: tenant.id },
            },
            type: "Opaque",
            stringData: {
                PGHOST: stack.databaseHost,
                PGPORT: String(stack.databasePort),
                PGDATABASE: database,
                PGUSER: role,
                PGPASSWORD: password,
                PGSSLMODE: "require",
            },
        },
        { ...ctx.opts, dependsOn: kubernetes.namespace ? [kubernetes.namespace] : [] },
    );
}
