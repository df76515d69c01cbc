/**
 * Small structural CRDs for the custom kinds the program emits, standing in for the ones Velero,
 * cert-manager and the Kong ingress controller install. Only the fields the program writes are
 * typed; the rest of each real schema is left open, so the server checks that every emitted object
 * fits its kind's shape (group, version, scope, names, field types) without copying upstream schemas.
 */

type Schema = Record<string, unknown>;

const str: Schema = { type: "string" };
const int: Schema = { type: "integer" };
const bool: Schema = { type: "boolean" };
const strings: Schema = { type: "array", items: str };
const open: Schema = { type: "object", "x-kubernetes-preserve-unknown-fields": true };
const object = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
    type: "object",
    properties,
    ...(required.length > 0 ? { required } : {}),
});

interface CrdSpec {
    group: string;
    kind: string;
    plural: string;
    version: string;
    /** Schema of the object below apiVersion/kind/metadata. */
    properties: Record<string, Schema>;
}

const VELERO_BACKUP_SPEC = object({
    includedNamespaces: strings,
    snapshotVolumes: bool,
    storageLocation: str,
    ttl: str,
    labelSelector: open,
});

export const CRD_SPECS: readonly CrdSpec[] = [
    {
        group: "velero.io",
        kind: "Schedule",
        plural: "schedules",
        version: "v1",
        properties: { spec: object({ schedule: str, paused: bool, useOwnerReferencesInBackup: bool, template: VELERO_BACKUP_SPEC }, ["schedule", "template"]), status: open },
    },
    { group: "velero.io", kind: "Backup", plural: "backups", version: "v1", properties: { spec: VELERO_BACKUP_SPEC, status: open } },
    {
        group: "cert-manager.io",
        kind: "Certificate",
        plural: "certificates",
        version: "v1",
        properties: {
            spec: object(
                {
                    commonName: str,
                    duration: str,
                    renewBefore: str,
                    secretName: str,
                    secretTemplate: object({ labels: { type: "object", additionalProperties: str }, annotations: { type: "object", additionalProperties: str } }),
                    issuerRef: object({ group: str, kind: str, name: str }, ["name"]),
                    privateKey: object({ algorithm: { type: "string", enum: ["RSA", "ECDSA", "Ed25519"] }, rotationPolicy: str, size: int, encoding: str }),
                    uris: strings,
                    dnsNames: strings,
                    usages: strings,
                },
                ["issuerRef", "secretName"],
            ),
            status: open,
        },
    },
    // The tenant's own Issuer, which the guardrails refuse (test/kubernetes/guardrailCases.ts).
    { group: "cert-manager.io", kind: "Issuer", plural: "issuers", version: "v1", properties: { spec: open, status: open } },
    {
        group: "configuration.konghq.com",
        kind: "KongPlugin",
        plural: "kongplugins",
        version: "v1",
        properties: { plugin: str, config: open, configFrom: open, configPatches: { type: "array", items: open }, disabled: bool, protocols: strings, ordering: open, instance_name: str },
    },
    {
        group: "configuration.konghq.com",
        kind: "KongConsumer",
        plural: "kongconsumers",
        version: "v1",
        properties: { username: str, custom_id: str, credentials: strings, consumerGroups: strings, status: open },
    },
];

/** The CustomResourceDefinition of one spec (namespaced, one served and stored version). */
export function crdManifest(spec: CrdSpec): Record<string, unknown> {
    return {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: { name: `${spec.plural}.${spec.group}` },
        spec: {
            group: spec.group,
            scope: "Namespaced",
            names: { kind: spec.kind, plural: spec.plural, singular: spec.kind.toLowerCase(), listKind: `${spec.kind}List` },
            versions: [
                {
                    name: spec.version,
                    served: true,
                    storage: true,
                    schema: { openAPIV3Schema: { type: "object", properties: { apiVersion: str, kind: str, metadata: { type: "object" }, ...spec.properties } } },
                },
            ],
        },
    };
}
