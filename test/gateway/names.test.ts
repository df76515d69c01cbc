/**
 * Property-based: the adapters' per-tenant names are valid Kubernetes names for any accepted id, and two
 * tenants never share one, nor collide with the model's own platform-namespace Secrets.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { graviteeNames } from "../../components/gateway/gravitee/names";
import { kongNames } from "../../components/gateway/kong/names";
import { TENANT_ID_MAX_LENGTH, TenantIdSchema, tenantNames } from "../../components/model";

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const accepted = (id: string) => TenantIdSchema.safeParse(id).success;
const acceptedId = fc.oneof(fc.stringMatching(/^[a-z]([a-z0-9-]{0,28}[a-z0-9])?$/), fc.constantFrom("a".repeat(TENANT_ID_MAX_LENGTH), "oasis", "acme-corp")).filter(accepted);
const TOKENS = ["key", "auth", "acl", "mtls", "rate", "limiting", "request", "termination", "api", "client", "tls"];
const idPair = fc.oneof(
    fc.tuple(acceptedId, acceptedId),
    fc.tuple(acceptedId, fc.constantFrom(...TOKENS)).map(([id, token]) => [id, `${id}-${token}`] as [string, string]),
).filter(([a, b]) => a !== b && accepted(a) && accepted(b));

/** Object names in the platform namespace, by kind (Secrets are shared with the model's own). */
function platformNames(id: string): Record<string, string[]> {
    const kong = kongNames(id);
    const gravitee = graviteeNames(id);
    const model = tenantNames(id);
    return {
        Secret: [kong.keySecret, kong.aclSecret, kong.mtlsSecret, model.clientCertificateSecret, model.backupJob],
        KongPlugin: [kong.rateLimitPlugin, kong.terminationPlugin],
        KongConsumer: [kong.consumer],
        ApiV4Definition: [gravitee.api],
        Application: [gravitee.application],
        Subscription: [gravitee.apiKeySubscription, gravitee.mtlsSubscription],
    };
}

describe("adapter names", () => {
    it("are DNS-1123 subdomains, distinct within a tenant and kind", () => {
        fc.assert(
            fc.property(acceptedId, (id) => {
                for (const [kind, names] of Object.entries(platformNames(id))) {
                    for (const name of names) expect(DNS1123_SUBDOMAIN.test(name) && name.length <= 253, `${kind} ${name}`).toBe(true);
                    expect(new Set(names).size, kind).toBe(names.length);
                }
                expect(graviteeNames(id).listenerPath).toBe(`/${id}`);
            }),
            { numRuns: 300 },
        );
    });

    it("never collide across two tenants in the platform namespace", () => {
        fc.assert(
            fc.property(idPair, ([a, b]) => {
                const [na, nb] = [platformNames(a), platformNames(b)];
                for (const kind of Object.keys(na)) {
                    for (const name of na[kind]!) expect(nb[kind]!.includes(name), `${kind} ${name} of ${a} is also ${b}'s`).toBe(false);
                }
            }),
            { numRuns: 500, examples: [[["acme", "acme-key"]], [["a1", "a1-mtls"]]] },
        );
    });
});
