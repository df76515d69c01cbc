/**
 * Grafana: every object of a tenant sits in that tenant's own organization, the login sends each
 * tenant's groups to that organization only, and a tenant's folder (and its dashboards and data
 * source) is granted to that tenant's team, the platform admins, and the roles of its own organization.
 */
import type { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { MAIN_ORG_ID, parseOrgMapping } from "../components/observability/orgMapping";
import { policyConfig } from "./lib/config";
import { isUnknownValueError, perResource } from "./lib/known";
import { owningTenant } from "./lib/stack";
import { tenantOfGrafanaName, tenantOfPlatformGroupPath } from "./lib/tenancy";

const TEAM_TYPE = "grafana:oss/team:Team";
/** Permission resources with a `permissions` list, and the input naming what they protect. */
const PERMISSION_LISTS: Record<string, string> = {
    "grafana:oss/folderPermission:FolderPermission": "folderUid",
    "grafana:oss/dashboardPermission:DashboardPermission": "dashboardUid",
    "grafana:enterprise/dataSourcePermission:DataSourcePermission": "datasourceUid",
};
/** One-grant-per-resource variants: `team`, `role`, `user` instead of `teamId`, `role`, `userId`. */
const PERMISSION_ITEMS: Record<string, string> = {
    "grafana:oss/folderPermissionItem:FolderPermissionItem": "folderUid",
    "grafana:oss/dashboardPermissionItem:DashboardPermissionItem": "dashboardUid",
    "grafana:enterprise/dataSourcePermissionItem:DataSourcePermissionItem": "datasourceUid",
};

export interface Grant {
    team?: string;
    role?: string;
    user?: string;
    permission?: string;
}

/** The ways a permission can refer to a Team of the stack: `teamId`, `orgId:teamId`, or its mock id (its name). */
function teamIdentifiers(team: PolicyResource): string[] {
    const props = team.props as { name?: string; teamId?: number | string; orgId?: string };
    const ids: string[] = [];
    if (props.teamId !== undefined) ids.push(String(props.teamId));
    if (props.teamId !== undefined && props.orgId !== undefined) ids.push(`${props.orgId}:${props.teamId}`);
    if (props.name) ids.push(props.name);
    return ids;
}

/** Team names of the stack by every identifier a permission may use. */
function teamsById(resources: readonly PolicyResource[]): Map<string, string> {
    const byId = new Map<string, string>();
    for (const team of resources.filter((r) => r.type === TEAM_TYPE)) {
        const name = (team.props as { name?: string }).name ?? team.name;
        for (const id of teamIdentifiers(team)) byId.set(id, name);
    }
    return byId;
}

export interface GrantRules {
    platformAdminTeams: string[];
    forbiddenOrgRoles: string[];
}

/**
 * Why a grant on an object of `tenantId` is refused, or undefined. `teamName` is the granted team's
 * name when the team is managed in this stack; a team from outside the stack is no tenant's (every
 * tenant team is created by its TenantIsolation) and is accepted. `inTenantOrg`: the permission sits
 * in a tenant organization (not the main one), where every holder of an organization role is the
 * tenant's (grafana-objects-in-tenant-org checks that it is this tenant's).
 */
export function grantProblem(grant: Grant, tenantId: string, teamName: string | undefined, rules: GrantRules, inTenantOrg = false): string | undefined {
    if (grant.role && rules.forbiddenOrgRoles.includes(grant.role) && !inTenantOrg) {
        return `must not grant ${grant.permission ?? "access"} to every ${grant.role} of the main organization`;
    }
    if (grant.user) return `must grant teams, not user ${grant.user}`;
    if (grant.team === undefined || teamName === undefined) return undefined;
    if (rules.platformAdminTeams.includes(teamName)) return undefined;
    const teamTenant = tenantOfGrafanaName(teamName);
    if (teamTenant === tenantId) return undefined;
    return `must not grant ${grant.permission ?? "access"} to team ${teamName}${teamTenant ? ` of tenant ${teamTenant}` : ""}`;
}

const grafanaSchema: NonNullable<StackValidationPolicy["configSchema"]> = {
    properties: {
        platformAdminTeams: {
            type: "array",
            items: { type: "string" },
            default: ["stoa-platform-admins"],
            description: "Grafana teams of the platform, allowed on every tenant folder.",
        },
        forbiddenOrgRoles: {
            type: "array",
            items: { type: "string" },
            default: ["Viewer", "Editor"],
            description: "Organization roles that must never be granted on a tenant's objects in the main organization (everyone in it has one); in the tenant's own organization they are its people.",
        },
    },
};

export const grafanaPermissionsOwnTenant: StackValidationPolicy = {
    name: "grafana-permissions-own-tenant",
    description: "Checks that a tenant's Grafana folder, dashboards and datasource are granted only to its own team, the platform admin teams and the roles of a tenant organization.",
    enforcementLevel: "mandatory",
    configSchema: grafanaSchema,
    validateStack: (args, reportViolation) => {
        const rules = policyConfig<GrantRules>(grafanaSchema, args);
        let teams: Map<string, string> | undefined;
        perResource(
            (resource) => resource.type in PERMISSION_LISTS || resource.type in PERMISSION_ITEMS,
            (resource) => {
                teams ??= teamsById(args.resources);
                const props = resource.props as Record<string, unknown>;
                const targetField = PERMISSION_LISTS[resource.type] ?? PERMISSION_ITEMS[resource.type];
                const target = props[targetField] as string | undefined;
                const tenantId = owningTenant(resource)?.tenantId ?? tenantOfGrafanaName(target);
                if (!tenantId) return;
                const grants: Grant[] =
                    resource.type in PERMISSION_LISTS
                        ? ((props.permissions ?? []) as { teamId?: string; role?: string; userId?: string; permission?: string }[]).map((p) => ({
                              team: p.teamId,
                              role: p.role,
                              user: p.userId,
                              permission: p.permission,
                          }))
                        : [{ team: props.team as string, role: props.role as string, user: props.user as string, permission: props.permission as string }];
                const orgId = orgIdOf(resource);
                const inTenantOrg = orgId !== undefined && orgId !== MAIN_ORG_ID;
                const problems = new Set<string>();
                for (const grant of grants) {
                    problems.add(grantProblem(grant, tenantId, grant.team !== undefined ? teams.get(String(grant.team)) : undefined, rules, inTenantOrg) ?? "");
                }
                // Under the real engine, the teams a permission was built from are also its dependencies.
                for (const team of [...(resource.propertyDependencies?.permissions ?? []), ...(resource.propertyDependencies?.team ?? [])]) {
                    if (team.type !== TEAM_TYPE) continue;
                    const name = (team.props as { name?: string }).name ?? team.name;
                    problems.add(grantProblem({ team: name }, tenantId, name, rules) ?? "");
                }
                problems.delete("");
                for (const problem of problems) {
                    reportViolation(`${resource.type.split(":").pop()} ${resource.name} on ${target} of tenant ${tenantId} ${problem}.`, resource.urn);
                }
            },
        )(args, reportViolation);
    },
};

const ORGANIZATION_TYPE = "grafana:oss/organization:Organization";
const SSO_SETTINGS_TYPE = "grafana:oss/ssoSettings:SsoSettings";
/** Type token of the program's login component (components/observability/login.ts; a test keeps them equal). */
export const GRAFANA_LOGIN_TYPE = "stoa:tenancy:GrafanaLogin";

/** A Grafana object's organization id as text, or undefined when it names none (the provider's default: the main organization). */
function orgIdOf(resource: PolicyResource): string | undefined {
    const value = (resource.props as { orgId?: unknown }).orgId;
    return value === undefined || value === null || value === "" ? undefined : String(value);
}

/** A tenant's Grafana objects: every `grafana:` resource under its TenantIsolation but the organization itself. */
function isTenantGrafanaObject(resource: PolicyResource): boolean {
    return resource.type.startsWith("grafana:") && resource.type !== ORGANIZATION_TYPE && owningTenant(resource) !== undefined;
}

/**
 * Which organization is whose. A tenant's organization id is its Organization's `orgId` when the engine
 * shows it (outputs); otherwise the id most of its objects name. Values not known yet are left out here:
 * the per-resource checks report them as not applicable.
 */
export function tenantOrganizations(resources: readonly PolicyResource[]): { orgOfTenant: Map<string, string>; tenantOfOrg: Map<string, string> } {
    const declared = new Map<string, string>();
    const named = new Map<string, Map<string, number>>();
    const readOrg = (resource: PolicyResource): string | undefined => {
        try {
            return orgIdOf(resource);
        } catch (error) {
            if (isUnknownValueError(error)) return undefined;
            throw error;
        }
    };
    for (const resource of resources) {
        const owner = owningTenant(resource);
        if (!owner || !resource.type.startsWith("grafana:")) continue;
        const orgId = readOrg(resource);
        if (orgId === undefined) continue;
        if (resource.type === ORGANIZATION_TYPE) declared.set(owner.tenantId, orgId);
        else {
            const counts = named.get(owner.tenantId) ?? new Map<string, number>();
            counts.set(orgId, (counts.get(orgId) ?? 0) + 1);
            named.set(owner.tenantId, counts);
        }
    }
    const orgOfTenant = new Map(declared);
    for (const [tenantId, counts] of named) {
        if (orgOfTenant.has(tenantId)) continue;
        const [mostNamed] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
        if (mostNamed && mostNamed[0] !== MAIN_ORG_ID) orgOfTenant.set(tenantId, mostNamed[0]);
    }
    const tenantOfOrg = new Map<string, string>();
    // Declared ids first: they are the organizations' own.
    for (const [tenantId, orgId] of [...declared, ...orgOfTenant]) if (!tenantOfOrg.has(orgId)) tenantOfOrg.set(orgId, tenantId);
    return { orgOfTenant, tenantOfOrg };
}

/** Why an object of `tenantId` in organization `orgId` is misplaced, or undefined. */
export function placementProblem(tenantId: string, orgId: string | undefined, orgs: ReturnType<typeof tenantOrganizations>): string | undefined {
    if (orgId === undefined) return "must name its tenant's organization (without orgId it lands in the main organization)";
    if (orgId === MAIN_ORG_ID) return "must not be in Grafana's main organization";
    const owner = orgs.tenantOfOrg.get(orgId);
    if (owner !== undefined && owner !== tenantId) return `must be in the organization of tenant ${tenantId}, not organization ${orgId} of tenant ${owner}`;
    const own = orgs.orgOfTenant.get(tenantId);
    if (own !== undefined && own !== orgId) return `must be in organization ${own} of tenant ${tenantId}, not organization ${orgId}`;
    return undefined;
}

/**
 * Why one `org_mapping` entry sends a tenant's people elsewhere, or undefined. Only entries naming a
 * tenant's platform group (`/tenant-<id>/<group>`) or everybody (`*`) concern tenants; `unchecked`
 * collects tenant entries that cannot be judged (the tenant has no organization in the stack).
 */
export function mappingProblem(entry: { external: string; orgId: string }, orgs: ReturnType<typeof tenantOrganizations>, unchecked: string[]): string | undefined {
    if (entry.external === "*") return `must not map every user (*) to organization ${entry.orgId}: tenants' people would land outside their own organization`;
    const tenantId = tenantOfPlatformGroupPath(entry.external);
    if (tenantId === undefined) return undefined;
    const target = `group ${entry.external} of tenant ${tenantId}`;
    if (entry.orgId === "*") return `must not map ${target} to every organization`;
    if (entry.orgId === MAIN_ORG_ID) return `must not map ${target} to the main organization`;
    const owner = orgs.tenantOfOrg.get(entry.orgId);
    if (owner !== undefined && owner !== tenantId) return `must not map ${target} to organization ${entry.orgId} of tenant ${owner}`;
    const own = orgs.orgOfTenant.get(tenantId);
    if (own !== undefined && own !== entry.orgId) return `must map ${target} to its own organization ${own}, not ${entry.orgId}`;
    if (own === undefined && owner === undefined) unchecked.push(`${target}: the tenant has no organization in this stack to compare organization ${entry.orgId} with`);
    return undefined;
}

function checkMapping(resource: PolicyResource, text: unknown, orgs: ReturnType<typeof tenantOrganizations>, report: ReportViolation, unchecked: string[]): void {
    if (typeof text !== "string") return;
    const label = `${resource.type.split(":").pop()} ${resource.name}`;
    for (const entry of parseOrgMapping(text)) {
        // A mapping Grafana cannot parse is skipped by Grafana: it sends nobody anywhere.
        if (entry.orgId === "") continue;
        const problem = mappingProblem(entry, orgs, unchecked);
        if (problem) report(`${label}: org_mapping ${problem}.`, resource.urn);
    }
}

export const grafanaObjectsInTenantOrg: StackValidationPolicy = {
    name: "grafana-objects-in-tenant-org",
    description:
        "Checks that every Grafana object of a tenant sits in that tenant's own organization and that Grafana's login maps each tenant's groups to that organization only.",
    enforcementLevel: "mandatory",
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const orgs = tenantOrganizations(args.resources);
        const unchecked: string[] = [];
        perResource(
            (resource) => isTenantGrafanaObject(resource) || resource.type === GRAFANA_LOGIN_TYPE || resource.type === SSO_SETTINGS_TYPE,
            (resource) => {
                if (resource.type === GRAFANA_LOGIN_TYPE) return checkMapping(resource, (resource.props as { orgMapping?: unknown }).orgMapping, orgs, reportViolation, unchecked);
                if (resource.type === SSO_SETTINGS_TYPE) {
                    let settings: { oauth2Settings?: { orgMapping?: unknown }; samlSettings?: { orgMapping?: unknown } };
                    try {
                        const props = resource.props as typeof settings;
                        settings = { oauth2Settings: props.oauth2Settings, samlSettings: props.samlSettings };
                        checkMapping(resource, settings.oauth2Settings?.orgMapping, orgs, reportViolation, unchecked);
                        checkMapping(resource, settings.samlSettings?.orgMapping, orgs, reportViolation, unchecked);
                    } catch (error) {
                        // Offline the settings are one secret; the login component declares the same mapping in the clear.
                        if (isUnknownValueError(error) && resource.parent?.type === GRAFANA_LOGIN_TYPE) return;
                        throw error;
                    }
                    return;
                }
                const tenantId = owningTenant(resource)!.tenantId;
                const problem = placementProblem(tenantId, orgIdOf(resource), orgs);
                if (problem) reportViolation(`${resource.type.split(":").pop()} ${resource.name} of tenant ${tenantId} ${problem}.`, resource.urn);
            },
            () => unchecked,
        )(args, reportViolation);
    },
};
