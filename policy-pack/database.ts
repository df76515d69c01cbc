/**
 * PostgreSQL: each tenant's roles reach only that tenant's schema, and no tenant role carries an
 * attribute that escapes the grant system. Tenant roles are `tenant_<id>_<kind>`, schemas `tenant_<id>`.
 */
import * as postgresql from "@pulumi/postgresql";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import { policyConfig } from "./lib/config";
import { knownOnly } from "./lib/known";
import { isTenantRoleSpace, schemaOfTenantRole, tenantOfSchema } from "./lib/tenancy";

export interface GrantShape {
    role: string;
    objectType: string;
    schema?: string;
    privileges?: string[];
    /** Only for default privileges: whose future objects the grant applies to. */
    owner?: string;
}

export interface GrantRules {
    /** Platform roles that may be granted on any tenant schema (migrations, audit). */
    platformRoles: string[];
    /** Privileges a tenant role may hold on the database itself. */
    databasePrivileges: string[];
}

/**
 * Every problem of a grant (or default privileges) for tenant isolation. A grant whose privileges are
 * an empty list grants nothing (the provider only revokes, e.g. PUBLIC's EXECUTE on a tenant's
 * functions), so it cannot hand a tenant's schema or objects to anyone.
 */
export function grantProblems(grant: GrantShape, rules: GrantRules): string[] {
    const problems: string[] = [];
    const revokesOnly = Array.isArray(grant.privileges) && grant.privileges.length === 0;
    const ownSchema = schemaOfTenantRole(grant.role);
    if (isTenantRoleSpace(grant.role) && !ownSchema) {
        problems.push(`role ${grant.role} is in the tenant_ space but is no tenant's role (tenant_<id>_<kind>)`);
    }
    if (ownSchema) {
        if (grant.objectType === "database") {
            const extra = (grant.privileges ?? []).filter((p) => !rules.databasePrivileges.includes(p.toUpperCase()));
            if (extra.length > 0) problems.push(`role ${grant.role} may hold only ${rules.databasePrivileges.join(", ")} on the database, not ${extra.join(", ")}`);
        } else if (grant.schema !== ownSchema) {
            problems.push(`role ${grant.role} may be granted only on schema ${ownSchema}, not ${grant.schema ?? "every schema"}`);
        }
    }
    const schemaTenant = tenantOfSchema(grant.schema);
    if (schemaTenant && !revokesOnly && grant.objectType !== "database" && !ownSchema && !rules.platformRoles.includes(grant.role)) {
        problems.push(`schema ${grant.schema} of tenant ${schemaTenant} must not be granted to ${grant.role}`);
    }
    if (grant.owner !== undefined && !revokesOnly && isTenantRoleSpace(grant.owner) && schemaOfTenantRole(grant.owner) !== (ownSchema ?? grant.schema)) {
        problems.push(`objects of ${grant.owner} must not be granted to ${grant.role}`);
    }
    return problems;
}

const grantSchema: NonNullable<ResourceValidationPolicy["configSchema"]> = {
    properties: {
        platformRoles: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Platform roles that may be granted on any tenant schema. Default none.",
        },
        databasePrivileges: {
            type: "array",
            items: { type: "string" },
            default: ["CONNECT"],
            description: "Privileges a tenant role may hold on the database itself (never CREATE: that creates schemas).",
        },
    },
};

export const postgresqlGrantOwnSchema: ResourceValidationPolicy = {
    name: "postgresql-grant-own-schema",
    description: "Checks that tenant roles are granted privileges only on their own schema, and tenant schemas only to their own roles.",
    enforcementLevel: "mandatory",
    configSchema: grantSchema,
    validateResource: [
        knownOnly(
            validateResourceOfType(postgresql.Grant, (grant, args, reportViolation) => {
                const rules = policyConfig<GrantRules>(grantSchema, args);
                for (const problem of grantProblems(grant, rules)) reportViolation(`Grant ${args.name} must stay within one tenant: ${problem}.`);
            }),
        ),
        knownOnly(
            validateResourceOfType(postgresql.DefaultPrivileges, (grant, args, reportViolation) => {
                const rules = policyConfig<GrantRules>(grantSchema, args);
                for (const problem of grantProblems(grant, rules)) reportViolation(`DefaultPrivileges ${args.name} must stay within one tenant: ${problem}.`);
            }),
        ),
        knownOnly(
            validateResourceOfType(postgresql.Schema, (schema, args, reportViolation) => {
                const tenantId = tenantOfSchema(schema.name);
                if (!tenantId) return;
                if (schemaOfTenantRole(schema.owner) !== schema.name) {
                    reportViolation(`Schema ${schema.name} must be owned by a role of tenant ${tenantId}, not ${schema.owner ?? "the provider's user"}.`);
                }
                const rules = policyConfig<GrantRules>(grantSchema, args);
                for (const entry of schema.policies ?? []) {
                    const role = entry.role ?? "public";
                    if (schemaOfTenantRole(role) !== schema.name && !rules.platformRoles.includes(role)) {
                        reportViolation(`Schema ${schema.name} must not grant usage or create to ${role}.`);
                    }
                }
            }),
        ),
    ],
};

/** Tenant of a role for membership checks: its schema, or the role name when it is no tenant's. */
function membershipScope(role: string): string {
    return schemaOfTenantRole(role) ?? role;
}

/** Why `member` may not be a member of `granted`, or undefined. */
export function membershipProblem(member: string, granted: string): string | undefined {
    const memberScope = membershipScope(member);
    const grantedScope = membershipScope(granted);
    if (!isTenantRoleSpace(member) && !isTenantRoleSpace(granted)) return undefined;
    return memberScope === grantedScope && schemaOfTenantRole(member) ? undefined : `${member} must not be a member of ${granted}`;
}

export const postgresqlRoleMembershipSameTenant: ResourceValidationPolicy = {
    name: "postgresql-role-membership-same-tenant",
    description: "Checks that a tenant role is a member only of roles of the same tenant, and no other role is a member of a tenant role.",
    enforcementLevel: "mandatory",
    validateResource: [
        knownOnly(
            validateResourceOfType(postgresql.GrantRole, (grant, args, reportViolation) => {
                const problem = membershipProblem(grant.role, grant.grantRole);
                if (problem) reportViolation(`GrantRole ${args.name}: ${problem}.`);
            }),
        ),
        knownOnly(
            validateResourceOfType(postgresql.Role, (role, args, reportViolation) => {
                const name = role.name ?? args.name;
                for (const granted of role.roles ?? []) {
                    const problem = membershipProblem(name, granted);
                    if (problem) reportViolation(`Role ${name}: ${problem}.`);
                }
            }),
        ),
    ],
};

export const TENANT_ROLE_ATTRIBUTES = ["superuser", "createDatabase", "createRole", "bypassRowLevelSecurity", "replication"] as const;
type RoleAttribute = (typeof TENANT_ROLE_ATTRIBUTES)[number];

const attributeSchema: NonNullable<ResourceValidationPolicy["configSchema"]> = {
    properties: {
        allowedByKind: {
            type: "object",
            default: { backup: ["bypassRowLevelSecurity"] },
            description:
                "Per tenant role kind (the last part of tenant_<id>_<kind>), attributes it may carry. Default: the backup role may bypass row-level security, so that a dump holds every row of its own schema.",
        },
    },
};

export const postgresqlTenantRoleAttributes: ResourceValidationPolicy = {
    name: "postgresql-tenant-role-attributes",
    description: "Checks that no tenant role is SUPERUSER, CREATEDB, CREATEROLE, REPLICATION or BYPASSRLS (except where configured per role kind).",
    enforcementLevel: "mandatory",
    configSchema: attributeSchema,
    validateResource: knownOnly(
        validateResourceOfType(postgresql.Role, (role, args, reportViolation) => {
            const name = role.name ?? args.name;
            if (!isTenantRoleSpace(name)) return;
            const { allowedByKind } = policyConfig<{ allowedByKind: Record<string, string[]> }>(attributeSchema, args);
            const kind = schemaOfTenantRole(name) ? name.slice(schemaOfTenantRole(name)!.length + 1) : "";
            const allowed = allowedByKind[kind] ?? [];
            for (const attribute of TENANT_ROLE_ATTRIBUTES) {
                if ((role as Partial<Record<RoleAttribute, boolean>>)[attribute] === true && !allowed.includes(attribute)) {
                    reportViolation(`Role ${name} must not have ${attribute}.`);
                }
            }
        }),
    ),
};
