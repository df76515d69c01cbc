/**
 * Velero Schedule that backs up the tenant namespace on the tier's schedule and retention, into the
 * stack's BackupStorageLocation. Paused, never deleted, when the tenant is archived: the namespace
 * and the backups already taken stay. An archived tenant also gets one final Backup that lives as long
 * as its archive retention: scheduled backups expire on the tier's (shorter) backup retention.
 */
import * as k8s from "@pulumi/kubernetes";
import type { LayerContext } from "../context";
import type { ResolvedTenant, StackConfig } from "../model";
import { tenantLabels } from "./namespace";

export interface VeleroScheduleSpec {
    schedule: string;
    paused: boolean;
    useOwnerReferencesInBackup: boolean;
    template: {
        includedNamespaces: string[];
        storageLocation: string;
        ttl: string;
        snapshotVolumes: boolean;
    };
}

/** Velero's TTL format (a Go duration): whole days as hours. */
export function veleroTtl(retentionDays: number): string {
    return `${retentionDays * 24}h0m0s`;
}

export function veleroScheduleSpec(
    tenant: Pick<ResolvedTenant, "status" | "tier" | "names">,
    stack: Pick<StackConfig, "backupStorageLocation">,
): VeleroScheduleSpec {
    return {
        schedule: tenant.tier.backup.schedule,
        paused: tenant.status === "archived",
        // Backups must outlive the Schedule: no owner references to it.
        useOwnerReferencesInBackup: false,
        template: {
            includedNamespaces: [tenant.names.namespace],
            storageLocation: stack.backupStorageLocation,
            ttl: veleroTtl(tenant.tier.backup.retentionDays),
            snapshotVolumes: true,
        },
    };
}

export interface VeleroBackupSpec {
    includedNamespaces: string[];
    storageLocation: string;
    ttl: string;
    snapshotVolumes: boolean;
}

/**
 * The final backup of an archived tenant: the namespace as it was when archived, kept for the
 * tenant's archive retention (counted from when Velero takes it, so it outlives `retainUntil`).
 */
export function veleroFinalBackupSpec(tenant: Pick<ResolvedTenant, "names" | "retentionDays">, stack: Pick<StackConfig, "backupStorageLocation">): VeleroBackupSpec {
    return {
        includedNamespaces: [tenant.names.namespace],
        storageLocation: stack.backupStorageLocation,
        ttl: veleroTtl(tenant.retentionDays),
        snapshotVolumes: true,
    };
}

/**
 * A Velero object of the tenant in Velero's namespace. Always retainOnDelete: removing the tenant
 * file (or re-activating it) leaves the Schedule, the final Backup and Velero's backups in place.
 */
function veleroObject(ctx: LayerContext, suffix: string, kind: "Schedule" | "Backup", name: string, spec: object): k8s.apiextensions.CustomResource {
    return new k8s.apiextensions.CustomResource(
        ctx.name(suffix),
        { apiVersion: "velero.io/v1", kind, metadata: { name, namespace: ctx.stack.veleroNamespace, labels: tenantLabels(ctx.tenant) }, spec },
        { ...ctx.opts, retainOnDelete: true },
    );
}

/** Only for archived tenants. Velero takes a Backup once; later spec changes do not change it. */
export function createFinalBackup(ctx: LayerContext): k8s.apiextensions.CustomResource | undefined {
    if (ctx.tenant.status !== "archived") return undefined;
    return veleroObject(ctx, "final-backup", "Backup", ctx.tenant.names.finalBackup, veleroFinalBackupSpec(ctx.tenant, ctx.stack));
}

export function createBackupSchedule(ctx: LayerContext): k8s.apiextensions.CustomResource {
    return veleroObject(ctx, "backup-schedule", "Schedule", ctx.tenant.names.backupSchedule, veleroScheduleSpec(ctx.tenant, ctx.stack));
}
