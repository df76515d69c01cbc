/**
 * Gateway objects of a tenant, on every adapter: what they reference (consumer, application, subscription,
 * credential, certificate, plugin) and the tenant they claim to be are that tenant's own. Driven by the
 * registered adapters' descriptors (policy-pack/lib/gateway.ts). Holds when the platform runs
 * `pulumi preview`; at runtime the tenant roles cannot write these objects at all (role-within-tenant-bounds).
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { GATEWAY_CLAIMS, GATEWAY_REFERENCES, describeObject, referencedObjects, tenantOfResource } from "./lib/gateway";
import { perResource } from "./lib/known";

export const gatewayObjectsOwnTenant: StackValidationPolicy = {
    name: "gateway-objects-own-tenant",
    description: "Checks that a tenant's gateway objects, on every adapter, reference only that tenant's objects and claim no other tenant's id.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        perResource(
            (resource) => GATEWAY_REFERENCES[resource.type] !== undefined || GATEWAY_CLAIMS[resource.type] !== undefined,
            (object) => {
                const tenantId = tenantOfResource(object);
                if (!tenantId) return;
                const props = object.props as Record<string, unknown>;
                const name = `${describeObject(object)} of tenant ${tenantId}`;
                for (const claimed of GATEWAY_CLAIMS[object.type]?.(props) ?? []) {
                    if (claimed !== tenantId) reportViolation(`${name} must identify its own tenant, not "${claimed}".`, object.urn);
                }
                for (const reference of GATEWAY_REFERENCES[object.type]?.(props) ?? []) {
                    for (const target of referencedObjects(reference, object, args.resources)) {
                        const owner = tenantOfResource(target);
                        if (owner !== undefined && owner !== tenantId) {
                            reportViolation(`${name} must reference only its own tenant's objects: ${reference.field} names ${describeObject(target)} of tenant ${owner}.`, object.urn);
                        }
                    }
                }
            },
        )(args, reportViolation);
    },
};
