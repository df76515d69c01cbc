/**
 * Grafana: a tenant's folder (and its dashboards and datasource) is visible to that tenant's team and
 * the platform admins only; never to another tenant's team or to everyone with an org role.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { policyConfig } from "./lib/config";
import { perResource } from "./lib/known";
import { owningTenant } from "./lib/stack";
import { tenantOfGrafanaName } from "./lib/tenancy";

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
 * tenant team is created by its TenantIsolation) and is accepted.
 */
export function grantProblem(grant: Grant, tenantId: string, teamName: string | undefined, rules: GrantRules): string | undefined {
    if (grant.role && rules.forbiddenOrgRoles.includes(grant.role)) return `must not grant ${grant.permission ?? "access"} to every ${grant.role}`;
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
            description: "Organisation roles that must never be granted on a tenant's objects (everyone in the org has one).",
        },
    },
};

export const grafanaPermissionsOwnTenant: StackValidationPolicy = {
    name: "grafana-permissions-own-tenant",
    description: "Checks that a tenant's Grafana folder, dashboards and datasource are granted only to its own team and the platform admin teams.",
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
                const problems = new Set<string>();
                for (const grant of grants) {
                    problems.add(grantProblem(grant, tenantId, grant.team !== undefined ? teams.get(String(grant.team)) : undefined, rules) ?? "");
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
