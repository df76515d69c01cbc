/**
 * Which tenant a name belongs to, in every system: the inverse of `tenantNames` (components/model/names.ts).
 * Pure functions; each one checks its answer against `tenantNames`, so the naming rules live in one place.
 */
import { TENANT_ID_PATTERN, tenantNames } from "../../components/model/names";

const NAMESPACE_PREFIX = "tenant-";

/** `tenant-acme-corp` → `acme-corp`; undefined for a namespace that is not a tenant's. */
export function tenantOfNamespace(namespace: string | undefined): string | undefined {
    if (!namespace?.startsWith(NAMESPACE_PREFIX)) return undefined;
    const id = namespace.slice(NAMESPACE_PREFIX.length);
    return TENANT_ID_PATTERN.test(id) && tenantNames(id).namespace === namespace ? id : undefined;
}

/** `tenant:acme-corp:devops` → `acme-corp`: the tenant of a group from the cluster's OIDC authenticator. */
export function tenantOfGroup(group: string): string | undefined {
    const match = /^tenant:([^:]+):[^:]+$/.exec(group);
    if (!match) return undefined;
    const id = match[1];
    return TENANT_ID_PATTERN.test(id) && group.startsWith(tenantNames(id).kubernetesGroupPrefix) ? id : undefined;
}

/** True for any group in the `tenant:` space, even a malformed one (it is never a platform group). */
export function isTenantGroupSpace(group: string): boolean {
    return group.startsWith("tenant:");
}

/** `tenant_acme_corp` → `acme-corp` (PostgreSQL schema of a tenant). */
export function tenantOfSchema(schema: string | undefined): string | undefined {
    const match = /^tenant_([a-z0-9_]+)$/.exec(schema ?? "");
    if (!match) return undefined;
    const id = match[1].replace(/_/g, "-");
    return TENANT_ID_PATTERN.test(id) && tenantNames(id).schema === schema ? id : undefined;
}

/**
 * The schema a tenant role belongs to: `tenant_acme_corp_app`, `…_owner`, `…_backup` → `tenant_acme_corp`.
 * A tenant role is `<tenant schema>_<kind>`; undefined for a role outside the `tenant_` space.
 */
export function schemaOfTenantRole(role: string | undefined): string | undefined {
    const match = /^(tenant_[a-z0-9_]+)_[a-z0-9]+$/.exec(role ?? "");
    return match && tenantOfSchema(match[1]) ? match[1] : undefined;
}

/** True for a role name in the `tenant_` space, even one that does not parse (never a platform role). */
export function isTenantRoleSpace(role: string | undefined): boolean {
    return (role ?? "").startsWith("tenant_");
}

/** `tenant-acme-corp` (Grafana team or folder uid) → `acme-corp`. */
export function tenantOfGrafanaName(name: string | undefined): string | undefined {
    if (!name?.startsWith(NAMESPACE_PREFIX)) return undefined;
    const id = name.slice(NAMESPACE_PREFIX.length);
    if (!TENANT_ID_PATTERN.test(id)) return undefined;
    const names = tenantNames(id);
    return names.grafanaTeam === name || names.grafanaFolderUid === name ? id : undefined;
}

/**
 * `/tenant-acme-corp/devops` (a platform realm group the tenant's identity provider fills) → `acme-corp`.
 * Any other group under a `tenant-` top-level group counts too: it is still in that tenant's space.
 */
export function tenantOfPlatformGroupPath(path: string): string | undefined {
    const match = /^\/([^/]+)\/[^/]+$/.exec(path);
    if (!match?.[1].startsWith(NAMESPACE_PREFIX)) return undefined;
    const id = match[1].slice(NAMESPACE_PREFIX.length);
    return TENANT_ID_PATTERN.test(id) && tenantNames(id).platformGroup === match[1] ? id : undefined;
}
