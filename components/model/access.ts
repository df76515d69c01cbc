/**
 * What each tenant may do, from its status and the stack's environment: the brief's lifecycle and
 * environment rules as one pure table that every layer reads.
 *
 * Production being "read-only by default" is about people and pipelines changing things (tenant
 * roles in the cluster); the tenant's running APIs and applications keep serving and writing data.
 */
import type { Environment } from "./stackConfig";
import type { TenantStatus } from "./schema";

export type Permission = "write" | "read" | "none";

export interface AccessPlan {
    /** Cluster permissions of each tenant group in the tenant namespace. */
    kubernetes: { "tenant-admin": Permission; devops: Permission; viewer: Permission };
    /** New pods may be created in the namespace (suspended and archived tenants get a pod quota of 0). */
    workloadsAllowed: boolean;
    /** open: calls pass; blocked: every call refused (suspended); closed: no credentials at all (archived). */
    gateway: "open" | "blocked" | "closed";
    /**
     * Keycloak: the realm accepts logins; the API client may obtain tokens; what tenant-admins may do
     * with the users of their own realm (manage: invite, edit, assign groups; view: read only).
     */
    identity: { realmEnabled: boolean; apiClientEnabled: boolean; userAdministration: "manage" | "view" | "none" };
    /** PostgreSQL application role. */
    database: "read-write" | "read-only" | "no-login";
}

export const TENANT_GROUPS = ["tenant-admin", "devops", "viewer"] as const;
export type TenantGroup = (typeof TENANT_GROUPS)[number];

export function accessFor(status: TenantStatus, environment: Environment, productionWrite: boolean): AccessPlan {
    switch (status) {
        case "active": {
            const writable = environment !== "prod" || productionWrite;
            const write: Permission = writable ? "write" : "read";
            return {
                kubernetes: { "tenant-admin": write, devops: write, viewer: "read" },
                workloadsAllowed: true,
                gateway: "open",
                identity: { realmEnabled: true, apiClientEnabled: true, userAdministration: "manage" },
                database: "read-write",
            };
        }
        case "suspended":
            return {
                kubernetes: { "tenant-admin": "read", devops: "read", viewer: "read" },
                workloadsAllowed: false,
                gateway: "blocked",
                identity: { realmEnabled: true, apiClientEnabled: false, userAdministration: "view" },
                database: "read-only",
            };
        case "archived":
            return {
                kubernetes: { "tenant-admin": "none", devops: "none", viewer: "none" },
                workloadsAllowed: false,
                gateway: "closed",
                identity: { realmEnabled: false, apiClientEnabled: false, userAdministration: "none" },
                database: "no-login",
            };
    }
}
