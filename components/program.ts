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
    checkStackConfig,
    fileSystemFolder,
    folderLabel,
    loadInput,
    platformNameClash,
    stackPart,
    type AccessPlan,
    type LoadedInput,
    type ResolvedTenant,
    type StackConfig,
    type TenantFileError,
} from "./model";
import { IsolationChangeError, isolationChangeProblems } from "./data/isolationGuard";
import { Platform } from "./platform";
import { createTenantLogin } from "./platform/tenantLogin";
import { createShardBrokering, createShardedGrafanaLogin, shardLoginOutputs } from "./platform/shardLogin";
import { authenticationConfigurationYaml } from "./platform/kubernetes";
import { guardTenantRemovals } from "./kubernetes/removalGuard";
import { TenantIsolation } from "./tenantIsolation";

export interface ProgramOptions {
    /** Folder of tenant files; default: the stack's `tenantsDir`, relative to `projectDir`. */
    tenantsDir?: string;
    /** Where the project lives; default: the working directory (Pulumi runs programs from there). */
    projectDir?: string;
    /**
     * The input, already loaded and checked by the one loader (`npm run plan` loads it once and
     * hands it over). Default: loaded here from Pulumi's configuration and the tenant folder.
     */
    input?: LoadedInput;
    /** The clock for "not in the future". Default: now. */
    now?: Date;
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
    /** Gateways the tenant is on (adapter names), the stack's default first. */
    gateways: string[];
    grafanaFolderUid: string;
    /** Cluster permission of each tenant group in the namespace (write, read or none). */
    kubernetesAccess: AccessPlan["kubernetes"];
    /** Prefix of the tenant's users and groups in the cluster (`tenant:<id>:`). */
    kubernetesGroupPrefix: string;
}

/** The `stoa-tenancy:*` values of Pulumi's configuration, as plain values. */
function configValues(config: pulumi.Config): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const key of Object.keys(StackConfigSchema.shape)) {
        const text = config.get(key);
        if (text === undefined) continue;
        raw[key] = parseConfigValue(text);
    }
    return raw;
}

/** The stack file's name in messages when the values come from Pulumi itself. */
const stackFileLabel = () => `Pulumi.${pulumi.getStack()}.yaml`;

/** Reads `stoa-tenancy:*` from the stack configuration; every problem names its config key. */
export function readStackConfig(config = new pulumi.Config(CONFIG_NAMESPACE)): StackConfig {
    const checked = checkStackConfig(stackFileLabel(), { raw: configValues(config) });
    if (!checked.config) throw new TenantValidationError(checked.problems);
    return checked.config;
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
    return platformNameClash({ tenants, retired: new Map(), stack });
}

export function loadProgramTenants(stack: StackConfig, options: ProgramOptions = {}): ResolvedTenant[] {
    return loadProgramInput(stack, options).tenants;
}

/** The tenants and the retired ids (tenants/retired.yaml), or a TenantValidationError listing every problem. */
export function loadProgramInput(stack: StackConfig, options: ProgramOptions = {}): { tenants: ResolvedTenant[]; retiredIds: Set<string> } {
    const projectDir = options.projectDir ?? process.cwd();
    const dir = options.tenantsDir ?? path.join(projectDir, stack.tenantsDir);
    const loaded = loadInput({ folder: fileSystemFolder(dir, folderLabel(dir)), now: options.now });
    const problems = [...loaded.problems, ...crossCheckTenants(loaded.tenants, stack)];
    if (problems.length > 0) throw new TenantValidationError(problems);
    return { tenants: loaded.tenants, retiredIds: new Set(loaded.retiredIds.keys()) };
}

/** The program's input: the one loader over Pulumi's configuration and the stack's tenant folder. */
function programInput(options: ProgramOptions): LoadedInput & { stack: StackConfig } {
    const values = { raw: configValues(new pulumi.Config(CONFIG_NAMESPACE)) };
    const stack = checkStackConfig(stackFileLabel(), values);
    if (!stack.config) throw new TenantValidationError(stack.problems);
    const projectDir = options.projectDir ?? process.cwd();
    const dir = options.tenantsDir ?? path.join(projectDir, stack.config.tenantsDir);
    const input = loadInput({ folder: fileSystemFolder(dir, folderLabel(dir)), stack: { file: stackFileLabel(), values }, now: options.now });
    if (input.problems.length > 0 || !input.stack) throw new TenantValidationError(input.problems);
    return { ...input, stack: input.stack };
}

/** The whole program; resolves to the stack outputs. */
export async function stoaTenancy(options: ProgramOptions = {}) {
    // Everything is validated before the first resource exists: nothing is half-applied.
    const input = options.input ?? programInput(options);
    if (input.problems.length > 0 || !input.stack) throw new TenantValidationError(input.problems);
    const { stack, tenants } = input;
    const retiredIds = new Set(input.retiredIds.keys());
    // Dropping a tenant that is not archived and retired fails here, before any resource is registered.
    if (stack.removalGuard) {
        const previous = await guardTenantRemovals(tenants, retiredIds, new Set(input.movedAway));
        const isolationProblems = isolationChangeProblems(previous, tenants);
        if (isolationProblems.length > 0) throw new IsolationChangeError(isolationProblems);
    }

    const part = stackPart(stack);
    // The platform's shared part once per environment: in the unsharded stack, or in the platform's own stack (which reads every tenant).
    const platform = part !== "shard" ? new Platform("platform", { stack, tenants: input.allTenants }) : undefined;
    if (part === "shard") await checkPlatformStack(stack);

    const summaries: Record<string, TenantSummary> = {};
    const isolations: { tenant: ResolvedTenant; isolation: TenantIsolation }[] = [];
    for (const tenant of tenants) {
        const isolation = new TenantIsolation(tenant.id, { tenant, stack });
        isolations.push({ tenant, isolation });
        summaries[tenant.id] = {
            tier: tenant.tierName,
            status: tenant.status,
            namespace: isolation.namespace,
            realm: tenant.names.realm,
            schema: tenant.names.schema,
            databaseIsolation: tenant.databaseIsolation,
            gatewayConsumer: tenant.names.gatewayConsumer,
            gateways: isolation.gateway.gateways.map((gateway) => gateway.adapter),
            grafanaFolderUid: tenant.names.grafanaFolderUid,
            kubernetesAccess: isolation.access.kubernetes,
            kubernetesGroupPrefix: tenant.names.kubernetesGroupPrefix,
        };
    }
    // Grafana's login through the platform realm needs every tenant's broker client and organization: made
    // in the unsharded stack from its own tenants; sharded, each shard makes its tenants' identity providers
    // and the platform's stack Grafana's settings from the organization ids the shards export (docs/shards.md).
    if (platform !== undefined && part === "all") createTenantLogin(platform, stack, isolations);
    if (part === "shard") createShardBrokering(stack, isolations);
    if (platform !== undefined && part === "platform") await createShardedGrafanaLogin(platform, stack, input.allTenants, input.shards);
    return {
        environment: stack.environment,
        // Also read back by the removal guard on the next deployment: keep each tenant's `status`.
        tenants: summaries,
        ...(part === "shard"
            ? { shard: stack.shard, ...shardLoginOutputs(isolations) }
            : {
                  // What shards read through their StackReference to the platform's stack.
                  [PLATFORM_OUTPUT]: { environment: stack.environment, namespace: stack.platformNamespace, realm: stack.platformRealm },
                  // The API server's authentication config (docs/kubernetes.md): cluster admins install it. Every tenant of the environment.
                  clusterAuthenticationConfig: authenticationConfigurationYaml(stack, input.allTenants),
              }),
    };
}

/** The platform stack's output a shard reads (environment, platform namespace and realm). */
export const PLATFORM_OUTPUT = "platform";

/**
 * A shard reads the platform's stack through a StackReference and refuses to deploy beside the
 * platform of another environment or with other platform names. A platform stack not yet deployed
 * (or an offline run) has no outputs: nothing to compare.
 */
export async function checkPlatformStack(stack: StackConfig): Promise<void> {
    const reference = new pulumi.StackReference("platform-stack", { name: stack.platformStack! });
    const details = await reference.getOutputDetails(PLATFORM_OUTPUT);
    const platform = (details.value ?? details.secretValue) as { environment?: unknown; namespace?: unknown; realm?: unknown } | undefined;
    if (platform === undefined || platform === null || typeof platform !== "object") return;
    const expected = { environment: stack.environment, namespace: stack.platformNamespace, realm: stack.platformRealm };
    const differ = (Object.keys(expected) as (keyof typeof expected)[]).filter((key) => platform[key] !== expected[key]);
    if (differ.length > 0) {
        throw new Error(
            `shard "${stack.shard}" does not match its platform stack ${stack.platformStack}: ` +
                differ.map((key) => `${key} is ${JSON.stringify(platform[key])} there, ${JSON.stringify(expected[key])} here`).join("; "),
        );
    }
}
