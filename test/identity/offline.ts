/**
 * Helpers for the identity, gateway and observability tests: run the program under the mocks, split
 * what it registered by tenant and by layer, and write fixture tenant files.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { readStackFile, runOffline, type OfflineRun, type RecordedResource } from "../../scripts/offline/runtime";
import { loadProgramTenants, readStackConfig, stoaTenancy } from "../../components/program";
import { Platform } from "../../components/platform";
import { TENANT_ISOLATION_TYPE, TenantIsolation } from "../../components/tenantIsolation";
import { GATEWAY_ADAPTERS } from "../../components/gateway/registry";

export const SAMPLE_TENANTS_DIR = path.join(process.cwd(), "tenants");
export const SAMPLE_TENANT_IDS = ["oasis", "acme-corp", "globex", "initech"] as const;

/** The stoa-tenancy program on the dev stack, with `config` merged over Pulumi.dev.yaml. */
export async function runProgram(tenantsDir = SAMPLE_TENANTS_DIR, config?: Record<string, unknown>): Promise<OfflineRun> {
    const { readStackFile } = await import("../../scripts/offline/runtime");
    const merged = config ? { ...readStackFile(process.cwd(), "dev"), ...config } : undefined;
    return runOffline({ stack: "dev", config: merged, program: () => stoaTenancy({ tenantsDir }) });
}

/**
 * The sample tenants on the dev stack, with one layer's outputs of each TenantIsolation as the stack
 * outputs (keyed by tenant id), so a test sees exactly what that layer exports and how secret it is.
 */
export function runLayerOutputs(pick: (isolation: TenantIsolation) => unknown): Promise<OfflineRun> {
    return runOffline({
        stack: "dev",
        config: readStackFile(process.cwd(), "dev"),
        program: () => {
            const stack = readStackConfig();
            const tenants = loadProgramTenants(stack, { tenantsDir: SAMPLE_TENANTS_DIR });
            new Platform("platform", { stack, tenants });
            return Object.fromEntries(tenants.map((t) => [t.id, pick(new TenantIsolation(t.id, { tenant: t, stack }))]));
        },
    });
}

export type Layer = "identity" | "gateway" | "observability";

/** Which of this suite's layers registered a resource, by its type and logical name. */
export function layerOf(resource: RecordedResource): Layer | undefined {
    if (resource.type.startsWith("keycloak:") || resource.name.endsWith("/api-client-secret")) return "identity";
    if (resource.type.startsWith("grafana:")) return "observability";
    const group = resource.type.startsWith("kubernetes:") ? `${resource.type.split(":")[1]!.split("/")[0]}/*` : undefined;
    if (group === "cert-manager.io/*" || GATEWAY_ADAPTERS.some((adapter) => adapter.pack.protectedResources.includes(group ?? "") || resource.name.includes(`/${adapter.name}-`))) return "gateway";
    return undefined;
}

/** Direct children of the tenant's TenantIsolation (every layer resource is one). */
export function tenantResources(run: OfflineRun, tenantId: string, layer?: Layer): RecordedResource[] {
    const isolation = run.resources.find((r) => r.type === TENANT_ISOLATION_TYPE && r.name === tenantId);
    if (!isolation) throw new Error(`no TenantIsolation for ${tenantId}`);
    return run.resources.filter((r) => r.parent === isolation.urn && (layer === undefined || layerOf(r) === layer));
}

/** The one resource of a type and logical name; fails the test when missing. */
export function resource(run: OfflineRun, type: string, name: string): RecordedResource {
    const found = run.resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
    return found[0]!;
}

export function maybeResource(run: OfflineRun, type: string, name: string): RecordedResource | undefined {
    return run.resources.find((r) => r.type === type && r.name === name);
}

/** A folder of tenant files written from objects (file name = id), for cases the samples lack. */
export function writeTenants(tenants: Record<string, unknown>[]): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stoa-tenants-"));
    for (const tenant of tenants) fs.writeFileSync(path.join(dir, `${String(tenant.id)}.yaml`), stringify(tenant));
    return dir;
}

export const TYPES = {
    realm: "keycloak:index/realm:Realm",
    realmEvents: "keycloak:index/realmEvents:RealmEvents",
    role: "keycloak:index/role:Role",
    group: "keycloak:index/group:Group",
    groupRoles: "keycloak:index/groupRoles:GroupRoles",
    client: "keycloak:openid/client:Client",
    groupsMapper: "keycloak:openid/groupMembershipProtocolMapper:GroupMembershipProtocolMapper",
    audienceMapper: "keycloak:openid/audienceProtocolMapper:AudienceProtocolMapper",
    claimMapper: "keycloak:openid/hardcodedClaimProtocolMapper:HardcodedClaimProtocolMapper",
    randomPassword: "random:index/randomPassword:RandomPassword",
    kongConsumer: "kubernetes:configuration.konghq.com/v1:KongConsumer",
    kongPlugin: "kubernetes:configuration.konghq.com/v1:KongPlugin",
    graviteeApi: "kubernetes:gravitee.io/v1alpha1:ApiV4Definition",
    graviteeApplication: "kubernetes:gravitee.io/v1alpha1:Application",
    graviteeSubscription: "kubernetes:gravitee.io/v1alpha1:Subscription",
    certificate: "kubernetes:cert-manager.io/v1:Certificate",
    secret: "kubernetes:core/v1:Secret",
    folder: "grafana:oss/folder:Folder",
    team: "grafana:oss/team:Team",
    folderPermission: "grafana:oss/folderPermission:FolderPermission",
    datasource: "grafana:oss/dataSource:DataSource",
    datasourcePermission: "grafana:enterprise/dataSourcePermission:DataSourcePermission",
    dashboard: "grafana:oss/dashboard:Dashboard",
    contactPoint: "grafana:alerting/contactPoint:ContactPoint",
    ruleGroup: "grafana:alerting/ruleGroup:RuleGroup",
    notificationPolicy: "grafana:alerting/notificationPolicy:NotificationPolicy",
    organization: "grafana:oss/organization:Organization",
    ssoSettings: "grafana:oss/ssoSettings:SsoSettings",
    grafanaLogin: "stoa:tenancy:GrafanaLogin",
    identityProvider: "keycloak:oidc/identityProvider:IdentityProvider",
    hardcodedAttributeMapper: "keycloak:index/hardcodedAttributeIdentityProviderMapper:HardcodedAttributeIdentityProviderMapper",
    usernameMapper: "keycloak:index/userTemplateImporterIdentityProviderMapper:UserTemplateImporterIdentityProviderMapper",
    customIdpMapper: "keycloak:index/customIdentityProviderMapping:CustomIdentityProviderMapping",
    sessionNoteMapper: "keycloak:openid/userSessionNoteProtocolMapper:UserSessionNoteProtocolMapper",
    realmRoleMapper: "keycloak:openid/userRealmRoleProtocolMapper:UserRealmRoleProtocolMapper",
} as const;

/** Secret values the run found in clear, in this suite's layers (or the outputs) only. */
export function layerLeaks(run: OfflineRun): OfflineRun["secretLeaks"] {
    const urns = new Set(run.resources.filter((r) => layerOf(r) !== undefined || r.name === "platform-cpi-admin").map((r) => r.urn));
    return run.secretLeaks.filter((leak) => leak.urn === null || urns.has(leak.urn));
}
