/**
 * The tenant's mTLS client certificate: a cert-manager Certificate from the platform's ClusterIssuer,
 * in the platform namespace (tenant roles cannot read or edit it there), with the tenant id in its
 * identity. Gateway-neutral: each adapter maps it onto its own consumer.
 */
import * as k8s from "@pulumi/kubernetes";
import { LABEL_MANAGED_BY, LABEL_TENANT_ID, MANAGED_BY } from "../model";
import type { LayerContext } from "../context";

export interface ClientCertificate {
    /** Secret (platform namespace) holding tls.crt and tls.key. */
    secretName: string;
    commonName: string;
    /** URI SAN, `spiffe://stoa/tenant/<id>`. */
    uri: string;
}

/** 90 days, renewed 15 days before expiry, with a new key each time. */
export const CLIENT_CERTIFICATE_DURATION = "2160h";
export const CLIENT_CERTIFICATE_RENEW_BEFORE = "360h";

export function clientCertificateSpec(ctx: Pick<LayerContext, "tenant" | "stack">): Record<string, unknown> {
    const names = ctx.tenant.names;
    return {
        secretName: names.clientCertificateSecret,
        secretTemplate: { labels: { [LABEL_TENANT_ID]: ctx.tenant.id, [LABEL_MANAGED_BY]: MANAGED_BY } },
        commonName: names.clientCertificateCommonName,
        uris: [names.clientCertificateUri],
        usages: ["client auth", "digital signature"],
        duration: CLIENT_CERTIFICATE_DURATION,
        renewBefore: CLIENT_CERTIFICATE_RENEW_BEFORE,
        privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
        issuerRef: { name: ctx.stack.certIssuer, kind: "ClusterIssuer", group: "cert-manager.io" },
    };
}

export function createClientCertificate(ctx: LayerContext): ClientCertificate {
    const names = ctx.tenant.names;
    new k8s.apiextensions.CustomResource(
        ctx.name("client-certificate"),
        {
            apiVersion: "cert-manager.io/v1",
            kind: "Certificate",
            metadata: {
                name: names.clientCertificate,
                namespace: ctx.stack.platformNamespace,
                labels: { [LABEL_TENANT_ID]: ctx.tenant.id, [LABEL_MANAGED_BY]: MANAGED_BY },
            },
            spec: clientCertificateSpec(ctx),
        },
        ctx.opts,
    );
    return { secretName: names.clientCertificateSecret, commonName: names.clientCertificateCommonName, uri: names.clientCertificateUri };
}
