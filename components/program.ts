/**
 * The Pulumi program: read the stack's configuration, load and validate every tenant file (one bad
 * file stops the run before any resource is registered), then the platform's shared resources once
 * and one TenantIsolation per tenant. `index.ts` runs it; `npm run plan` runs the same function
 * under Pulumi's mock runtime.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
    CONFIG_NAMESPACE,
    StackConfigSchema,
    TenantValidationError,
    formatFieldPath,
    loadTenants,
    type AccessPlan,
    type ResolvedTenant,
    type StackConfig,
    type TenantFileError,
} from "./model";
import { connectionCapacityProblems } from "./data/capacity";
import { IsolationChangeError, isolationChangeProblems } from "./data/isolationGuard";
import { Platform } from "./platform";
import { authenticationConfigurationYaml } from "./platform/kubernetes";
import { guardTenantRemovals } from "./kubernetes/removalGuard";
import { TenantIsolation } from "./tenantIsolation";

export interface ProgramOptions {
    /** Folder of tenant files; default: the stack's `tenantsDir`, relative to `projectDir`. */
    tenantsDir?: string;
    /** Where the project lives; default: the working directory (Pulumi runs programs from there). */
    projectDir?: string;
}

export interface TenantSummary {
    tier: string;
    status: string;
    namespace: pulumi.Output<string>;
    realm: string;
    schema: string;
    /** PostgreSQL isolation model (schema or database); read back to refuse an unacknowledged change. */
    databaseIsolation: string;
    gatewayConsumer: string;
    grafanaFolderUid: string;
    /** Cluster permission of each tenant group in the namespace (write, read or none). */
    kubernetesAccess: AccessPlan["kubernetes"];
    /** Prefix of the tenant's users and groups in the cluster (`tenant:<id>:`). */
    kubernetesGroupPrefix: string;
}

/** Reads `stoa-tenancy:*` from the stack configuration; every problem names its config key. */
export function readStackConfig(config = new pulumi.Config(CONFIG_NAMESPACE)): StackConfig {
    const raw: Record<string, unknown> = {};
    for (const key of Object.keys(StackConfigSchema.shape)) {
        const text = config.get(key);
        if (text === undefined) continue;
        raw[key] = parseConfigValue(text);
    }
    const result = StackConfigSchema.safeParse(raw);
    if (!result.success) {
        const lines = result.error.issues.map((issue) => `  ${CONFIG_NAMESPACE}:${formatFieldPath(issue.path)}: ${issue.message}`);
        throw new Error(`invalid stack configuration (Pulumi.${pulumi.getStack()}.yaml):\n${lines.join("\n")}`);
    }
    return result.data;
}

/** Pulumi stores structured config values as JSON text; plain strings stay strings. */
function parseConfigValue(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

/** Checks that need both the tenants and the stack: nothing may be named like the platform's own realm. */
export function crossCheckTenants(tenants: readonly ResolvedTenant[], stack: StackConfig): TenantFileError[] {
    return tenants
        .filter((t) => t.names.realm === stack.platformRealm || t.names.namespace === stack.platformNamespace)
        .map((t) => ({
            file: t.sourceFile,
            field: "id",
            message: `"${t.id}" would collide with the platform's own realm or namespace (${stack.platformRealm}, ${stack.platformNamespace})`,
        }));
}

export function loadProgramTenants(stack: StackConfig, options: ProgramOptions = {}): ResolvedTenant[] {
    return loadProgramInput(stack, options).tenants;
}

/** The tenants and the retired ids (tenants/retired.yaml), or a TenantValidationError listing every problem. */
export function loadProgramInput(stack: StackConfig, options: ProgramOptions = {}): { tenants: ResolvedTenant[]; retiredIds: Set<string> } {
    const projectDir = options.projectDir ?? process.cwd();
    const dir = options.tenantsDir ?? path.join(projectDir, stack.tenantsDir);
    const result = loadTenants(path.relative(process.cwd(), dir) || ".");
    if (!result.ok) throw new TenantValidationError(result.errors);
    const conflicts = [...crossCheckTenants(result.tenants, stack), ...connectionCapacityProblems(stack, result.tenants)];
    if (conflicts.length > 0) throw new TenantValidationError(conflicts);
    return { tenants: result.tenants, retiredIds: new Set(result.retired.map((entry) => entry.id)) };
}

/** The whole program; resolves to the stack outputs. */
export async function stoaTenancy(options: ProgramOptions = {}) {
    const stack = readStackConfig();
    // Everything is validated before the first resource exists: nothing is half-applied.
    const { tenants, retiredIds } = loadProgramInput(stack, options);
    // Dropping a tenant that is not archived and retired fails here, before any resource is registered.
    if (stack.removalGuard) {
        const previous = await guardTenantRemovals(tenants, retiredIds);
        const isolationProblems = isolationChangeProblems(previous, tenants);
        if (isolationProblems.length > 0) throw new IsolationChangeError(isolationProblems);
    }

    new Platform("platform", { stack, tenants });

    const summaries: Record<string, TenantSummary> = {};
    for (const tenant of tenants) {
        const isolation = new TenantIsolation(tenant.id, { tenant, stack });
        summaries[tenant.id] = {
            tier: tenant.tierName,
            status: tenant.status,
            namespace: isolation.namespace,
            realm: tenant.names.realm,
            schema: tenant.names.schema,
            databaseIsolation: tenant.databaseIsolation,
            gatewayConsumer: tenant.names.gatewayConsumer,
            grafanaFolderUid: tenant.names.grafanaFolderUid,
            kubernetesAccess: isolation.access.kubernetes,
            kubernetesGroupPrefix: tenant.names.kubernetesGroupPrefix,
        };
    }
    return {
        environment: stack.environment,
        // Also read back by the removal guard on the next deployment: keep each tenant's `status`.
        tenants: summaries,
        // The API server's authentication config (docs/kubernetes.md): cluster admins install it.
        clusterAuthenticationConfig: authenticationConfigurationYaml(stack, tenants),
    };
}
