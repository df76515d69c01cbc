/** Platform-wide data rules under the mocks: PUBLIC's revokes, and the encrypted-storage admission policy. */
import { beforeAll, describe, expect, it } from "vitest";
import { LABEL_TENANT_ID } from "../../components/model";
import { ENCRYPTED_STORAGE_POLICY, encryptedStorageExpression } from "../../components/platform/storage";
import type { OfflineRun } from "../../scripts/offline/runtime";
import { recordProgram } from "../postgres/deploy";
import { admissionObject, refusals, VAP, VAP_BINDING } from "../support/admission";

const GRANT = "postgresql:index/grant:Grant";

let run: OfflineRun;
beforeAll(async () => {
    run = await recordProgram({ closedDatabases: ["postgres", "template1", "reporting"], encryptedStorageClass: "sealed-ssd" });
});

describe("PostgreSQL hardening of PUBLIC", () => {
    it("revokes everything from PUBLIC on the tenants' database, every closed database and schema public", () => {
        const publicGrants = run.resources.filter((r) => r.type === GRANT && r.inputs.role === "public").map((r) => r.inputs);
        expect(publicGrants).toEqual(
            expect.arrayContaining([
                { database: "stoa", role: "public", objectType: "database", privileges: [] },
                { database: "postgres", role: "public", objectType: "database", privileges: [] },
                { database: "template1", role: "public", objectType: "database", privileges: [] },
                { database: "reporting", role: "public", objectType: "database", privileges: [] },
                { database: "stoa", role: "public", schema: "public", objectType: "schema", privileges: [] },
            ]),
        );
        expect(publicGrants.filter((g) => g.objectType !== "function")).toHaveLength(5);
        // Nothing else is ever granted to PUBLIC.
        expect(run.resources.filter((r) => r.inputs.role === "public" && (r.inputs.privileges as unknown[]).length > 0)).toEqual([]);
    });

    it("revokes EXECUTE from PUBLIC on the built-ins that cross schemas, in the tenants' database", () => {
        const catalog = run.resources.filter((r) => r.type === GRANT && r.inputs.role === "public" && r.inputs.schema === "pg_catalog");
        const byName = Object.fromEntries(catalog.map((r) => [r.name, r.inputs]));
        const revoke = (objects: string[]) => ({ database: "stoa", role: "public", schema: "pg_catalog", objectType: "function", objects, privileges: [] });
        const pair = (name: string) => [`${name}(bigint)`, `${name}(integer, integer)`];
        expect(byName).toEqual({
            "platform-db-stoa-functions-notify": revoke(["pg_notify(text, text)"]),
            "platform-db-stoa-functions-large-objects": revoke(["lo_create(oid)", "lo_creat(integer)", "lo_from_bytea(oid, bytea)", "lo_import(text)", "lo_import(text, oid)"]),
            "platform-db-stoa-functions-advisory-locks": revoke([
                ...pair("pg_advisory_lock"),
                ...pair("pg_advisory_lock_shared"),
                ...pair("pg_advisory_unlock"),
                ...pair("pg_advisory_unlock_shared"),
                "pg_advisory_unlock_all()",
                ...pair("pg_advisory_xact_lock"),
                ...pair("pg_advisory_xact_lock_shared"),
                ...pair("pg_try_advisory_lock"),
                ...pair("pg_try_advisory_lock_shared"),
                ...pair("pg_try_advisory_xact_lock"),
                ...pair("pg_try_advisory_xact_lock_shared"),
            ]),
        });
    });

    it("refuses a closedDatabases list that names the tenants' own database", async () => {
        await expect(recordProgram({ closedDatabases: ["postgres", "stoa"] })).rejects.toThrow(/closedDatabases must not list "stoa"/);
    });
});

describe("encrypted storage for tenant volumes", () => {
    it("refuses, in tenant-labelled namespaces, claims that do not name the encrypted class", () => {
        const policy = admissionObject(run.resources, VAP, ENCRYPTED_STORAGE_POLICY);
        const binding = admissionObject(run.resources, VAP_BINDING, ENCRYPTED_STORAGE_POLICY);
        expect(policy.inputs).toMatchObject({
            metadata: { name: ENCRYPTED_STORAGE_POLICY },
            spec: {
                failurePolicy: "Fail",
                matchConstraints: { resourceRules: [{ apiGroups: [""], operations: ["CREATE"], resources: ["persistentvolumeclaims"] }] },
                validations: [{ expression: encryptedStorageExpression("sealed-ssd") }],
            },
        });
        expect(encryptedStorageExpression("sealed-ssd")).toBe("has(object.spec.storageClassName) && object.spec.storageClassName == 'sealed-ssd'");
        expect(binding.inputs).toMatchObject({
            spec: {
                policyName: ENCRYPTED_STORAGE_POLICY,
                validationActions: ["Deny"],
                matchResources: { namespaceSelector: { matchExpressions: [{ key: LABEL_TENANT_ID, operator: "Exists" }] } },
            },
        });
    });

    it("admits a claim of the encrypted class and refuses any other class, or none, when the API server evaluates it", () => {
        const policy = admissionObject(run.resources, VAP, ENCRYPTED_STORAGE_POLICY);
        const tenant = { name: "tenant-oasis", labels: { [LABEL_TENANT_ID]: "oasis" } };
        const claim = (storageClassName?: string) => ({ spec: { ...(storageClassName ? { storageClassName } : {}), accessModes: ["ReadWriteOnce"] } });
        expect(refusals(policy, claim("sealed-ssd"), tenant)).toEqual([]);
        expect(refusals(policy, claim("standard"), tenant)).toEqual(['tenant volumes must use the encrypted storage class "sealed-ssd"']);
        expect(refusals(policy, claim(), tenant)).toHaveLength(1);
    });
});

describe("audit of tenant data access", () => {
    const EXTENSION = "postgresql:index/extension:Extension";
    it("creates the pgaudit extension in the tenants' database, retained on delete", () => {
        const extensions = run.resources.filter((r) => r.type === EXTENSION);
        expect(extensions.map((r) => [r.inputs, r.retainOnDelete])).toEqual([[{ database: "stoa", name: "pgaudit" }, true]]);
    });
    it("creates no extension when the stack leaves audit to the server's log", async () => {
        const none = await recordProgram({ databaseAudit: "none" });
        expect(none.resources.filter((r) => r.type === EXTENSION)).toEqual([]);
    });
});
