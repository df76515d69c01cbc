/**
 * Property-based: any id TenantIdSchema accepts yields a valid name in every system it reaches, and two
 * distinct accepted ids never give the same name in any space those systems share.
 *
 * Every field of TenantNames is classified below with its system's rule and the space its names share;
 * a new field fails the first test until it is classified here.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
    PLATFORM_KUBERNETES_GROUP_PREFIX,
    RESERVED_TENANT_IDS,
    TENANT_ID_MAX_LENGTH,
    TIER_NAMES,
    TenantIdSchema,
    tenantNames,
    tenantResourceName,
    type TenantNames,
} from "../../components/model";

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

type Check = (name: string) => boolean;
const dnsLabel = (max: number): Check => (name) => DNS1123_LABEL.test(name) && name.length <= max;
const dnsSubdomain: Check = (name) => DNS1123_SUBDOMAIN.test(name) && name.length <= 253;
/** Unquoted PostgreSQL identifier: NAMEDATALEN 64 → 63 bytes; `pg_` is reserved for system schemas and roles. */
const postgresIdentifier: Check = (name) => /^[a-z_][a-z0-9_]*$/.test(name) && Buffer.byteLength(name) <= 63 && !name.startsWith("pg_");
/** Grafana uids: at most 40 characters of [a-zA-Z0-9-_]. */
const grafanaUid: Check = (name) => /^[a-zA-Z0-9_-]{1,40}$/.test(name);
const grafanaName: Check = (name) => /^[a-zA-Z0-9 ._-]{1,190}$/.test(name);
/** Keycloak realm and client ids, gateway consumers and ACL groups: used in URLs and paths unescaped. */
const urlSafe: Check = (name) => /^[a-z0-9-]{1,255}$/.test(name);
const oidcGroupPrefix: Check = (name) => /^tenant:[a-z0-9-]+:$/.test(name);
const spiffeId: Check = (name) => /^spiffe:\/\/stoa\/tenant\/[a-z0-9-]+$/.test(name) && name.length <= 2048;
/** X.509 ub-common-name is 64 characters. */
const commonName: Check = (name) => /^[a-z0-9-]{1,64}$/.test(name);
/** A prefix for `<prefix>-<suffix>` names: leaves 25 characters of a 63-character label for the suffix. */
const namePrefix: Check = (name) => DNS1123_LABEL.test(name) && name.length <= 63 - 26;

interface Rule {
    check: Check;
    /** Names in one space must differ across tenants (and within a tenant). */
    space: string;
    /** `tenant`: the space is per tenant (clients of its realm, rules of its folder): only distinct within it. */
    scope?: "tenant";
    /** A prefix: distinct prefixes must also not be prefixes of one another. */
    prefix?: boolean;
}

const RULES: Record<keyof TenantNames, Rule> = {
    namespace: { check: dnsLabel(63), space: "kubernetes namespace" },
    realm: { check: (n) => urlSafe(n) && n !== "master", space: "keycloak realm" },
    kubernetesGroupPrefix: { check: oidcGroupPrefix, space: "kubernetes OIDC group", prefix: true },
    schema: { check: postgresIdentifier, space: "postgres schema" },
    schemaOwnerRole: { check: postgresIdentifier, space: "postgres role" },
    applicationRole: { check: postgresIdentifier, space: "postgres role" },
    backupRole: { check: postgresIdentifier, space: "postgres role" },
    // CronJob names are at most 52 characters (the controller appends 11 for its Jobs); its Secret shares the name.
    backupJob: { check: dnsLabel(52), space: "platform-namespace Secret" },
    gatewayConsumer: { check: urlSafe, space: "gateway consumer" },
    gatewayAclGroup: { check: urlSafe, space: "gateway ACL group" },
    grafanaFolderUid: { check: grafanaUid, space: "grafana folder/dashboard uid" },
    grafanaDashboardUid: { check: grafanaUid, space: "grafana folder/dashboard uid" },
    grafanaTeam: { check: grafanaName, space: "grafana team" },
    grafanaOrganization: { check: grafanaName, space: "grafana organization" },
    platformIdentityProvider: { check: urlSafe, space: "platform-realm identity provider" },
    platformGroup: { check: urlSafe, space: "platform-realm group" },
    brokerClientId: { check: urlSafe, space: "keycloak client", scope: "tenant" },
    portalClientId: { check: urlSafe, space: "keycloak client", scope: "tenant" },
    apiClientId: { check: urlSafe, space: "keycloak client", scope: "tenant" },
    kubectlClientId: { check: urlSafe, space: "keycloak client", scope: "tenant" },
    clientCertificateSecret: { check: dnsSubdomain, space: "platform-namespace Secret" },
    clientCertificate: { check: dnsSubdomain, space: "platform-namespace Certificate" },
    clientCertificateUri: { check: spiffeId, space: "client certificate URI SAN" },
    clientCertificateCommonName: { check: commonName, space: "client certificate common name" },
    grafanaDatasourceUid: { check: grafanaUid, space: "grafana datasource uid" },
    grafanaDatasourceName: { check: grafanaName, space: "grafana datasource name" },
    metricsTokenSecret: { check: dnsSubdomain, space: "platform-namespace Secret" },
    grafanaContactPoint: { check: grafanaName, space: "grafana contact point" },
    grafanaRuleGroup: { check: grafanaName, space: "grafana rule group", scope: "tenant" },
    grafanaErrorRuleUid: { check: grafanaUid, space: "grafana alert rule uid" },
    opaContextConfigMap: { check: dnsSubdomain, space: "platform-namespace ConfigMap" },
    // Velero copies the schedule name into a label on every backup: a label value (63).
    backupSchedule: { check: dnsLabel(63), space: "velero schedule" },
    // Velero labels what a backup restores with its name: a label value (63), in Velero's namespace.
    finalBackup: { check: dnsLabel(63), space: "velero backup" },
    // `tenant-a` is a prefix of `tenant-a-b`: names built on it stay distinct only with suffixes without '-'.
    resourcePrefix: { check: namePrefix, space: "per-tenant name prefix" },
};

const FIELDS = Object.keys(RULES) as (keyof TenantNames)[];

/** Names that belong to the platform or the servers; no tenant name may equal one. */
const PLATFORM_NAMES = [
    "kube-system",
    "kube-public",
    "kube-node-lease",
    "default",
    "stoa-system",
    "velero",
    "cert-manager",
    "monitoring",
    "master",
    "stoa",
    "postgres",
    "public",
    "information_schema",
    "stoa-platform-admins",
];

const accepted = (id: string) => TenantIdSchema.safeParse(id).success;

/** Ids as the schema's pattern describes them, kept when the schema accepts them. */
const acceptedId = fc
    .oneof(
        fc.stringMatching(/^[a-z]([a-z0-9-]{0,28}[a-z0-9])?$/),
        fc.stringMatching(/^[a-z]{1,3}(-[a-z0-9]{1,4}){0,6}$/),
        fc.constantFrom("a".repeat(TENANT_ID_MAX_LENGTH), "z9", "oasis", "acme-corp"),
    )
    .filter(accepted);

/** Every token a derived name adds to an id, so that pairs like `x` / `x-ov` are tried. */
const TOKENS = [...new Set(Object.values(tenantNames("x")).flatMap((name) => name.split(/[-_:/.]+/)))].filter((t) => /^[a-z0-9]+$/.test(t));

/** Pairs of distinct accepted ids, biased towards one being the other plus a token. */
const idPair = fc.oneof(
    fc.tuple(acceptedId, acceptedId),
    fc
        .tuple(acceptedId, fc.constantFrom(...TOKENS), fc.constantFrom(...TOKENS), fc.integer({ min: 0, max: 3 }))
        .map(([id, a, b, shape]) => [id, [`${id}-${a}`, `${a}-${id}`, `${id}-${a}-${b}`, `${a}-${b}-${id}`][shape]] as [string, string]),
).filter(([a, b]) => a !== b && accepted(a) && accepted(b));

describe("derived names", () => {
    it("every field of TenantNames is classified with its system's rule", () => {
        expect(Object.keys(tenantNames("sample")).sort()).toEqual([...FIELDS].sort());
    });

    it("any accepted id is a DNS-1123 label and a Kubernetes label value", () => {
        fc.assert(
            fc.property(fc.oneof(acceptedId, fc.string({ unit: fc.constantFrom(..."abz09-_A. "), maxLength: 40 })), (id) => {
                if (!accepted(id)) return;
                expect(dnsLabel(63)(id)).toBe(true);
                expect(LABEL_VALUE.test(id) && id.length <= 63).toBe(true);
            }),
            { numRuns: 1000 },
        );
        for (const tier of TIER_NAMES) expect(LABEL_VALUE.test(tier)).toBe(true);
    });

    it("any accepted id yields a valid name in every system", () => {
        fc.assert(
            fc.property(acceptedId, (id) => {
                const names = tenantNames(id);
                for (const field of FIELDS) expect(RULES[field].check(names[field]), `${field} = ${names[field]}`).toBe(true);
            }),
            { numRuns: 500 },
        );
    });

    it("within one tenant, names sharing a space differ", () => {
        fc.assert(
            fc.property(acceptedId, (id) => {
                const names = tenantNames(id);
                for (const space of new Set(FIELDS.map((f) => RULES[f].space))) {
                    const inSpace = FIELDS.filter((f) => RULES[f].space === space).map((f) => names[f]);
                    expect(new Set(inSpace).size, space).toBe(inSpace.length);
                }
            }),
            { numRuns: 200 },
        );
    });

    it("two distinct accepted ids never collide in any shared space", () => {
        fc.assert(
            fc.property(idPair, ([a, b]) => {
                const [na, nb] = [tenantNames(a), tenantNames(b)];
                for (const space of new Set(FIELDS.filter((f) => RULES[f].scope !== "tenant").map((f) => RULES[f].space))) {
                    const fields = FIELDS.filter((f) => RULES[f].space === space);
                    const namesOfB = new Set(fields.map((f) => nb[f]));
                    for (const f of fields) {
                        expect(namesOfB.has(na[f]), `${space}: ${a}.${f} = ${na[f]} is also a name of ${b}`).toBe(false);
                        if (RULES[f].prefix) {
                            for (const g of fields) expect(nb[g].startsWith(na[f]), `${space}: ${na[f]} is a prefix of ${nb[g]}`).toBe(false);
                        }
                    }
                }
            }),
            {
                numRuns: 1000,
                // The collisions a careless scheme gives: a dashboard uid equal to another tenant's folder uid, …
                examples: [[["acme", "acme-ov"]], [["acme", "acme-ds"]], [["a1", "a1-db"]], [["acme-corp", "acme"]]],
            },
        );
    });

    it("logical Pulumi names of two tenants' children never collide, whatever the suffixes", () => {
        const suffix = fc.oneof(fc.constantFrom(...TOKENS), fc.stringMatching(/^[a-z0-9]+(-[a-z0-9]+){0,3}$/));
        fc.assert(
            fc.property(idPair, suffix, suffix, ([a, b], sa, sb) => {
                expect(tenantResourceName(a, sa)).not.toBe(tenantResourceName(b, sb));
            }),
            { numRuns: 1000, examples: [[["acme", "acme-corp"], "corp-db", "db"]] },
        );
    });

    it("no tenant name is one of the platform's or the servers' own", () => {
        fc.assert(
            fc.property(acceptedId, (id) => {
                const names = tenantNames(id);
                for (const field of FIELDS) expect(PLATFORM_NAMES, field).not.toContain(names[field]);
                expect(names.kubernetesGroupPrefix.startsWith(PLATFORM_KUBERNETES_GROUP_PREFIX)).toBe(false);
            }),
            { numRuns: 300 },
        );
        for (const id of RESERVED_TENANT_IDS) expect(accepted(id), id).toBe(false);
    });

    it("fits the tightest limit exactly at the longest id (Grafana's 40-character uid)", () => {
        const longest = tenantNames("a".repeat(TENANT_ID_MAX_LENGTH));
        expect(longest.grafanaDashboardUid.length).toBeLessThanOrEqual(40);
        expect(longest.backupJob.length).toBeLessThanOrEqual(52);
    });
});
