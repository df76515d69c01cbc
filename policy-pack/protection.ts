/**
 * In production, the resources that hold a tenant's data (its namespace, its schema and the role that
 * owns it) cannot be deleted by a change: they are protected or retained on delete.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { policyConfig } from "./lib/config";
import { perResource } from "./lib/known";
import { nameOf } from "./lib/kubernetes";
import { owningTenant, stackOfUrn } from "./lib/stack";
import { schemaOfTenantRole, tenantOfNamespace, tenantOfSchema } from "./lib/tenancy";

/** The tenant data a resource holds, as "Namespace tenant-acme", or undefined. */
export function tenantDataHeld(resource: Pick<PolicyResource, "type" | "props" | "name">, dataRoleKinds: readonly string[]): string | undefined {
    const props = resource.props as { name?: string };
    switch (resource.type) {
        case "kubernetes:core/v1:Namespace": {
            const name = nameOf(resource.props, "");
            return tenantOfNamespace(name) ? `Namespace ${name}` : undefined;
        }
        case "postgresql:index/schema:Schema":
            return tenantOfSchema(props.name) ? `Schema ${props.name}` : undefined;
        case "postgresql:index/role:Role": {
            const schema = schemaOfTenantRole(props.name);
            const kind = schema ? props.name!.slice(schema.length + 1) : undefined;
            return kind && dataRoleKinds.includes(kind) ? `Role ${props.name}` : undefined;
        }
        default:
            return undefined;
    }
}

const protectionSchema: NonNullable<StackValidationPolicy["configSchema"]> = {
    properties: {
        productionEnvironments: {
            type: "array",
            items: { type: "string" },
            default: ["prod"],
            description: "Stack names and TenantIsolation environments that count as production.",
        },
        dataRoleKinds: {
            type: "array",
            items: { type: "string" },
            default: ["owner"],
            description: "Tenant PostgreSQL role kinds (tenant_<id>_<kind>) that own data: dropping one drops or orphans the schema.",
        },
    },
};

export const tenantDataProtectedInProd: StackValidationPolicy = {
    name: "tenant-data-protected-in-prod",
    description: "Checks that in production every resource holding tenant data (namespace, schema, owner role) is protected or retained on delete.",
    enforcementLevel: "mandatory",
    configSchema: protectionSchema,
    validateStack: (args, reportViolation) => {
        const { productionEnvironments, dataRoleKinds } = policyConfig<{ productionEnvironments: string[]; dataRoleKinds: string[] }>(protectionSchema, args);
        const unobservable: string[] = [];
        perResource(
            (resource) => tenantDataHeld(resource, dataRoleKinds) !== undefined,
            (resource) => {
                const environment = owningTenant(resource)?.environment;
                const production = productionEnvironments.includes(environment ?? "") || productionEnvironments.includes(stackOfUrn(resource.urn) ?? "");
                if (!production || resource.opts.protect) return;
                const opts = resource.opts as { retainOnDelete?: boolean };
                if (opts.retainOnDelete === true) return;
                const item = tenantDataHeld(resource, dataRoleKinds)!;
                // @pulumi/policy 1.21 does not pass retainOnDelete: neither a pass nor a violation.
                if (!("retainOnDelete" in opts)) unobservable.push(`${item}: not protected, and retainOnDelete is not visible to this policy engine`);
                else reportViolation(`${item} must be protected or retained on delete in production.`, resource.urn);
            },
            () => unobservable,
        )(args, reportViolation);
    },
};
