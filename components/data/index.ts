/**
 * PostgreSQL isolation of one tenant: its own schema owned by a NOLOGIN role (in the shared database
 * or, in the `database` model, in a database of its own), an application role and a backup role with
 * privileges on that schema only, and an encrypted per-tenant backup of wherever the schema is.
 * What each role may do per status is the table in `privileges.ts`; docs/data.md explains it.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as postgresql from "@pulumi/postgresql";
import type * as pulumi from "@pulumi/pulumi";
import type { LayerContext } from "../context";
import type { KubernetesLayer } from "../kubernetes";
import { createTenantBackup } from "./backup";
import { createDatabaseCredentials } from "./credentials";
import { closeFunctions, grantOnTenantSchema } from "./grants";
import { applicationPrivileges, backupPrivileges } from "./privileges";
import { endSessionStatements, tempFileLimitStatements } from "./roleStatements";
import { createApplicationRole, createBackupRole } from "./roles";
import { PostgresqlStatements } from "./statements";
import { createTenantSchema } from "./schema";

export interface DataLayer {
    schema: postgresql.Schema;
    /** The database the tenant's roles connect to. */
    database: string;
    owner: postgresql.Role;
    applicationRole: postgresql.Role;
    /** The application role's password (secret), for the platform to hand to the tenant's workloads. */
    applicationPassword: pulumi.Output<string>;
    backupRole: postgresql.Role;
    backupJob: k8s.batch.v1.CronJob;
}

export function createDataLayer(ctx: LayerContext, kubernetes: KubernetesLayer): DataLayer {
    const { owner, schema, database } = createTenantSchema(ctx);
    const app = createApplicationRole(ctx);
    const backupsRun = ctx.access.database !== "no-login";
    const backupLogin = createBackupRole(ctx, backupsRun);

    const privileges = [
        ...closeFunctions(ctx, owner, schema, database),
        ...grantOnTenantSchema(ctx, { suffix: "db-app", role: app.role, privileges: applicationPrivileges(ctx.access.database) }, owner, schema, database),
        ...grantOnTenantSchema(ctx, { suffix: "db-backup", role: backupLogin.role, privileges: backupPrivileges(backupsRun) }, owner, schema, database),
    ];
    const logins = [ctx.tenant.names.applicationRole, ctx.tenant.names.backupRole];
    new PostgresqlStatements(
        ctx.name("db-role-limits"),
        { database: ctx.stack.database, statements: tempFileLimitStatements(logins, ctx.tenant.tier.databaseRole.tempFileLimit), trigger: "role-limits" },
        { ...ctx.opts, dependsOn: [app.role, backupLogin.role] },
    );
    // After the roles and privileges of the new status: a session opened again gets only those.
    new PostgresqlStatements(
        ctx.name("db-end-sessions"),
        { database: ctx.stack.database, statements: endSessionStatements(ctx.tenant.status, logins), trigger: ctx.tenant.status },
        { ...ctx.opts, dependsOn: [app.role, backupLogin.role, ...privileges] },
    );

    createDatabaseCredentials(ctx, kubernetes, app.role.name, app.password, database);
    const backup = createTenantBackup(ctx, { role: backupLogin.role.name, password: backupLogin.password, database });
    return {
        schema,
        database,
        owner,
        applicationRole: app.role,
        applicationPassword: app.password,
        backupRole: backupLogin.role,
        backupJob: backup.cronJob,
    };
}
