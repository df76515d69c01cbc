/** Pure realm settings: lifespans, redirect URIs, origins, issuer. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { StackConfigSchema, TIERS, TIER_NAMES, TENANT_ID_PATTERN } from "../../components/model";
import { goDuration, issuerUrl, portalRedirectUris, portalWebOrigins, realmLifespans } from "../../components/identity/settings";

describe("goDuration", () => {
    it.each([
        [1, "1s"],
        [300, "300s"],
        [86400, "86400s"],
    ])("%i seconds is %s", (seconds, expected) => expect(goDuration(seconds)).toBe(expected));

    it.each([0, -5, 1.5, Number.NaN])("refuses %s", (seconds) => expect(() => goDuration(seconds)).toThrow(/positive whole number/));
});

describe("realmLifespans", () => {
    it.each(TIER_NAMES)("follows the %s tier table", (tier) => {
        const t = TIERS[tier].tokenLifespans;
        expect(realmLifespans(TIERS[tier])).toEqual({
            accessTokenLifespan: `${t.accessToken}s`,
            ssoSessionIdleTimeout: `${t.ssoSessionIdle}s`,
            ssoSessionMaxLifespan: `${t.ssoSessionMax}s`,
        });
    });

    it("refuses an idle timeout longer than the session maximum", () => {
        expect(() => realmLifespans({ tokenLifespans: { accessToken: 300, ssoSessionIdle: 7200, ssoSessionMax: 3600 } })).toThrow(/must not exceed/);
    });
});

describe("portalRedirectUris", () => {
    it.each([
        [["https://portal.example/{tenant}/callback"], "acme-corp", ["https://portal.example/acme-corp/callback"]],
        [["https://{tenant}.portal.example/cb", "https://portal.example/t/{tenant}"], "oasis", ["https://oasis.portal.example/cb", "https://portal.example/t/oasis"]],
        [["https://portal.example/{tenant}/{tenant}"], "ab", ["https://portal.example/ab/ab"]],
    ])("%j for %s", (templates, id, expected) => expect(portalRedirectUris(templates, id)).toEqual(expected));

    it.each([
        [["https://portal.example/callback"], /must contain \{tenant\}/],
        [["https://portal.example/{tenant}/*"], /wildcard/],
        [["http://portal.example/{tenant}"], /https/],
    ])("refuses %j", (templates, error) => expect(() => portalRedirectUris(templates, "oasis")).toThrow(error));

    it("only ever names the tenant it is given", () => {
        const id = fc.stringMatching(TENANT_ID_PATTERN).filter((s) => s.length >= 2 && s.length <= 30);
        fc.assert(
            // Exactly the template with this id: no other tenant's name can be in it (a substring
            // check against a second id would fail on ids like "ca" that occur in the template itself).
            fc.property(id, (a) => {
                const uris = portalRedirectUris(["https://portal.example/{tenant}/callback", "https://{tenant}.portal.example/cb"], a);
                expect(uris).toEqual([`https://portal.example/${a}/callback`, `https://${a}.portal.example/cb`]);
            }),
        );
    });
});

describe("portalWebOrigins", () => {
    it("keeps exact https origins", () => expect(portalWebOrigins(["https://portal.example"])).toEqual(["https://portal.example"]));
    it.each(["*", "+", "https://*.example", "http://portal.example", "https://portal.example/path"])("refuses %s", (origin) =>
        expect(() => portalWebOrigins([origin])).toThrow(/exact https origin/),
    );
});

describe("issuerUrl", () => {
    it.each([
        ["https://auth.example", "acme-corp", "https://auth.example/realms/acme-corp"],
        ["https://auth.example/", "oasis", "https://auth.example/realms/oasis"],
        ["https://auth.example/kc//", "oasis", "https://auth.example/kc/realms/oasis"],
    ])("%s + %s", (url, realm, expected) => expect(issuerUrl(url, realm)).toBe(expected));
});

describe("stack config kubectlRedirectUris", () => {
    const field = StackConfigSchema.shape.kubectlRedirectUris;
    it("defaults to kubelogin's loopback addresses", () => {
        expect(field.parse(undefined)).toEqual(["http://localhost:8000", "http://localhost:18000"]);
    });
    it.each([["http://127.0.0.1:8000"], ["http://[::1]:18000/callback"]])("accepts the loopback URL %s", (uri) => {
        expect(field.parse([uri])).toEqual([uri]);
    });
    it.each([["https://kubectl.example/cb"], ["http://localhost"], ["http://localhost:*"], ["http://localhost.evil.example:8000"], ["http://10.0.0.5:8000"]])(
        "refuses %s: only an exact loopback address receives a tenant's authorization code",
        (uri) => {
            expect(field.safeParse([uri]).success).toBe(false);
        },
    );
    it("refuses an empty list", () => expect(field.safeParse([]).success).toBe(false));
});
