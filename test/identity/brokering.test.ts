/** The platform realm brokers each tenant realm: the tenant's broker client and the platform's identity provider and mappers. */
import { beforeAll, describe, expect, it } from "vitest";
import type { OfflineRun } from "../../scripts/offline/runtime";
import { TYPES, layerLeaks, resource, runProgram, tenantResources } from "./offline";

let run: OfflineRun;
beforeAll(async () => {
    run = await runProgram();
});

const ENABLED = { oasis: true, "acme-corp": true, globex: true, initech: false } as const;

describe.each(Object.entries(ENABLED))("brokering of %s", (id, enabled) => {
    it("has a confidential broker client in its own realm whose only redirect is its provider's endpoint", () => {
        const client = resource(run, TYPES.client, `${id}/broker-client`);
        expect(client.inputs).toMatchObject({
            realmId: id,
            clientId: `${id}-platform-broker`,
            accessType: "CONFIDENTIAL",
            standardFlowEnabled: true,
            implicitFlowEnabled: false,
            directAccessGrantsEnabled: false,
            validRedirectUris: [`https://auth.dev.stoa.example/realms/stoa/broker/tenant-${id}/endpoint`],
            clientSecret: "[secret]",
            enabled,
        });
        expect(tenantResources(run, id, "identity").map((r) => r.name)).toContain(`${id}/broker-client`);
        expect(resource(run, TYPES.groupsMapper, `${id}/broker-groups-claim`).inputs).toMatchObject({ claimName: "groups", fullPath: false });
    });

    it("has an identity provider in the platform realm signing in with that client, disabled once archived", () => {
        const provider = resource(run, TYPES.identityProvider, `platform-broker/${id}/identity-provider`);
        expect(provider.inputs).toMatchObject({
            realm: "stoa",
            alias: `tenant-${id}`,
            clientId: `${id}-platform-broker`,
            clientSecret: "[secret]",
            authorizationUrl: `https://auth.dev.stoa.example/realms/${id}/protocol/openid-connect/auth`,
            tokenUrl: `https://auth.dev.stoa.example/realms/${id}/protocol/openid-connect/token`,
            issuer: `https://auth.dev.stoa.example/realms/${id}`,
            validateSignature: true,
            syncMode: "FORCE",
            trustEmail: false,
            enabled,
        });
    });

    it("sets the tenant attribute and session note to its own id, hardcoded, at every login", () => {
        expect(resource(run, TYPES.hardcodedAttributeMapper, `platform-broker/${id}/tenant-attribute`).inputs).toMatchObject({
            realm: "stoa",
            identityProviderAlias: `tenant-${id}`,
            attributeName: "tenant",
            attributeValue: id,
            userSession: false,
            extraConfig: { syncMode: "FORCE" },
        });
        expect(resource(run, TYPES.hardcodedAttributeMapper, `platform-broker/${id}/tenant-session-note`).inputs).toMatchObject({
            attributeName: "tenant",
            attributeValue: id,
            userSession: true,
        });
        expect(resource(run, TYPES.usernameMapper, `platform-broker/${id}/username`).inputs.template).toBe("${ALIAS}.${CLAIM.preferred_username}");
    });

    it("carries each tenant group over to the platform group of that tenant only", () => {
        for (const group of ["tenant-admin", "devops", "viewer"]) {
            expect(resource(run, TYPES.customIdpMapper, `platform-broker/${id}/group-${group}-mapper`).inputs).toMatchObject({
                realm: "stoa",
                identityProviderAlias: `tenant-${id}`,
                identityProviderMapper: "oidc-advanced-group-idp-mapper",
                extraConfig: {
                    syncMode: "FORCE",
                    claims: `[{"key":"groups","value":"${group}"}]`,
                    "are.claim.values.regex": "false",
                    group: `/tenant-${id}/${group}`,
                },
            });
            const platformGroup = resource(run, TYPES.group, `platform-broker/${id}/group-${group}`);
            expect(platformGroup.inputs).toMatchObject({ realmId: "stoa", name: group, parentId: `tenant-${id}` /* the mocks give a group the id of its name */ });
            expect(platformGroup.retainOnDelete).toBe(true);
        }
        expect(resource(run, TYPES.group, `platform-broker/${id}/group`).inputs).toMatchObject({ realmId: "stoa", name: `tenant-${id}` });
    });
});

describe("the platform's side of the brokering", () => {
    it("never maps the tenant claim from a user attribute (a user could edit it)", () => {
        const fromAttributes = run.resources.filter((r) => r.type.includes("userAttributeProtocolMapper") && (r.inputs.claimName as string) === "tenant");
        expect(fromAttributes).toEqual([]);
    });
    it("leaks no secret", () => {
        expect(layerLeaks(run)).toEqual([]);
    });
});
