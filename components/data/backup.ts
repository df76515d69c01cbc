/**
 * Per-tenant backup of the tenant's schema alone: a CronJob in the platform namespace (tenant roles
 * cannot read its Secret there), on the tier's schedule, dumping as the tenant's read-only backup
 * role, encrypting with a per-tenant key, uploading under `<bucket>/<tenant id>/` and pruning that
 * prefix after the tier's retention. Archived tenants keep their last backups; the job is suspended.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { LayerContext } from "../context";
import { LABEL_MANAGED_BY, LABEL_TENANT_ID, MANAGED_BY } from "../model";
import { dumpScript, uploadScript } from "./backupScripts";

/** Pinned so a backup never changes tools without a review; pg_dump must be at least the server's major. */
export const PG_DUMP_IMAGE = "docker.io/library/postgres:18.4-bookworm";
export const UPLOAD_IMAGE = "docker.io/amazon/aws-cli:2.27.50";
/** Shared emptyDir between the dump and the upload step. */
const BACKUP_DIR = "/backup";
/** The postgres image's own user; the AWS CLI runs as any user. */
const RUN_AS = 999;

export interface BackupArgs {
    /** The backup role's name and password (a secret). */
    role: pulumi.Input<string>;
    password: pulumi.Output<string>;
    /** The database holding the tenant's schema (its own in the database model). */
    database: string;
}

export interface TenantBackup {
    cronJob: k8s.batch.v1.CronJob;
    secret: k8s.core.v1.Secret;
    /** The passphrase the backups are encrypted with (secret). */
    encryptionKey: pulumi.Output<string>;
}

const containerSecurity: k8s.types.input.core.v1.SecurityContext = {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
};

export function createTenantBackup(ctx: LayerContext, args: BackupArgs): TenantBackup {
    const { tenant, stack } = ctx;
    const name = tenant.names.backupJob;
    const namespace = stack.platformNamespace;
    const labels = { [LABEL_MANAGED_BY]: MANAGED_BY, [LABEL_TENANT_ID]: tenant.id, "app.kubernetes.io/component": "db-backup" };
    const metadata = { name, namespace, labels };

    // 32 random bytes: the passphrase holds a full AES-256 key's worth of entropy. Losing it loses
    // every backup, so it is kept like tenant data.
    const key = new random.RandomBytes(ctx.name("db-backup-key"), { length: 32 }, ctx.dataOpts);
    const encryptionKey = pulumi.secret(key.base64);

    const secret = new k8s.core.v1.Secret(
        ctx.name("db-backup"),
        {
            metadata,
            type: "Opaque",
            stringData: { PGPASSWORD: args.password, BACKUP_PASSPHRASE: encryptionKey },
        },
        // Retained: once the tenant is removed, this Secret is the only copy of the passphrase outside
        // Pulumi's state, and the backups still in the bucket are unreadable without it.
        { ...ctx.opts, retainOnDelete: true },
    );
    // The identity the cloud maps to write access on `<bucket>/<tenant id>/` only (see docs/data.md).
    const serviceAccount = new k8s.core.v1.ServiceAccount(ctx.name("db-backup"), { metadata, automountServiceAccountToken: false }, ctx.opts);

    const fromSecret = (entry: string) => ({ name: entry, valueFrom: { secretKeyRef: { name: secret.metadata.name, key: entry } } });
    const cronJob = new k8s.batch.v1.CronJob(
        ctx.name("db-backup"),
        {
            metadata,
            spec: {
                schedule: tenant.tier.backup.schedule,
                timeZone: "Etc/UTC",
                suspend: ctx.access.database === "no-login",
                concurrencyPolicy: "Forbid",
                startingDeadlineSeconds: 3600,
                successfulJobsHistoryLimit: 3,
                failedJobsHistoryLimit: 3,
                jobTemplate: {
                    metadata: { labels },
                    spec: {
                        backoffLimit: 2,
                        activeDeadlineSeconds: 6 * 3600,
                        ttlSecondsAfterFinished: 7 * 24 * 3600,
                        template: {
                            metadata: { labels },
                            spec: {
                                serviceAccountName: serviceAccount.metadata.name,
                                automountServiceAccountToken: false,
                                restartPolicy: "Never",
                                securityContext: {
                                    runAsNonRoot: true,
                                    runAsUser: RUN_AS,
                                    runAsGroup: RUN_AS,
                                    fsGroup: RUN_AS,
                                    seccompProfile: { type: "RuntimeDefault" },
                                },
                                volumes: [
                                    { name: "backup", emptyDir: {} },
                                    { name: "tmp", emptyDir: {} },
                                ],
                                initContainers: [
                                    {
                                        name: "dump",
                                        image: PG_DUMP_IMAGE,
                                        command: ["bash", "-c", dumpScript()],
                                        env: [
                                            { name: "PGHOST", value: stack.databaseHost },
                                            { name: "PGPORT", value: String(stack.databasePort) },
                                            { name: "PGDATABASE", value: args.database },
                                            { name: "PGUSER", value: args.role },
                                            { name: "PGSSLMODE", value: "require" },
                                            { name: "SCHEMA", value: tenant.names.schema },
                                            { name: "BACKUP_DIR", value: BACKUP_DIR },
                                            fromSecret("PGPASSWORD"),
                                            fromSecret("BACKUP_PASSPHRASE"),
                                        ],
                                        securityContext: containerSecurity,
                                        resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
                                        volumeMounts: [
                                            { name: "backup", mountPath: BACKUP_DIR },
                                            { name: "tmp", mountPath: "/tmp" },
                                        ],
                                    },
                                ],
                                containers: [
                                    {
                                        name: "upload",
                                        image: UPLOAD_IMAGE,
                                        command: ["bash", "-c", uploadScript()],
                                        env: [
                                            { name: "BACKUP_BUCKET", value: stack.backupBucket },
                                            { name: "TENANT_ID", value: tenant.id },
                                            { name: "RETENTION_DAYS", value: String(tenant.tier.backup.retentionDays) },
                                            { name: "BACKUP_DIR", value: BACKUP_DIR },
                                            { name: "HOME", value: "/tmp" },
                                        ],
                                        securityContext: containerSecurity,
                                        resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
                                        volumeMounts: [
                                            { name: "backup", mountPath: BACKUP_DIR, readOnly: true },
                                            { name: "tmp", mountPath: "/tmp" },
                                        ],
                                    },
                                ],
                            },
                        },
                    },
                },
            },
        },
        ctx.opts,
    );
    return { cronJob, secret, encryptionKey };
}
