import * as k8s from "@pulumi/kubernetes";
import * as postgresql from "@pulumi/postgresql";
import { describe, expect, it } from "vitest";
import { stackResources } from "../../policy-pack/offline";
import { tenantDataProtectedInProd } from "../../policy-pack/protection";
import { expectNoViolations, expectViolation, meta, ns, tenantIsolation, fixture } from "./util";

describe("tenant-data-protected-in-prod", () => {
    const data = (stack: string, options: { protect?: boolean; retainOnDelete?: boolean }, environment?: string) => {
        const owner = tenantIsolation("acme-corp", { stack, environment: environment ?? stack });
        return [
            owner,
            fixture(k8s.core.v1.Namespace, meta(undefined, ns("acme-corp")), { parent: owner, stack, ...options }),
            fixture(postgresql.Schema, { name: "tenant_acme_corp", owner: "tenant_acme_corp_owner" }, { parent: owner, stack, ...options }),
            fixture(postgresql.Role, { name: "tenant_acme_corp_owner" }, { parent: owner, stack, ...options }),
            // Holds no data: never needs protection.
            fixture(postgresql.Role, { name: "tenant_acme_corp_app" }, { parent: owner, stack }),
        ];
    };
    it("passes protected data in prod", async () => {
        await expectNoViolations(tenantDataProtectedInProd, data("prod", { protect: true }));
    });
    it("passes retained (archived tenant) data in prod", async () => {
        await expectNoViolations(tenantDataProtectedInProd, data("prod", { retainOnDelete: true }));
    });
    it("passes unprotected data outside prod", async () => {
        await expectNoViolations(tenantDataProtectedInProd, data("dev", {}));
    });
    it("refuses an unprotected namespace, schema and owner role in prod", async () => {
        for (const item of ["Namespace tenant-acme-corp", "Schema tenant_acme_corp", "Role tenant_acme_corp_owner"]) {
            await expectViolation(tenantDataProtectedInProd, data("prod", {}), `${item} must be protected or retained on delete in production`);
        }
    });
    it("knows production from the stack name even when the TenantIsolation's environment says otherwise", async () => {
        await expectViolation(tenantDataProtectedInProd, data("prod", {}, "staging"), "Namespace tenant-acme-corp must be protected");
    });
    it("passes unprotected data when neither the stack nor the environment is production", async () => {
        await expectNoViolations(tenantDataProtectedInProd, data("eu-test", {}, "staging"));
    });
    it("takes the production names from config", async () => {
        await expectViolation(tenantDataProtectedInProd, data("eu-live", {}, "live"), "Schema tenant_acme_corp must be protected", { productionEnvironments: ["live"] });
        await expectNoViolations(tenantDataProtectedInProd, data("prod", {}, "prod"), { productionEnvironments: ["live"] });
    });
    it("knows production from the TenantIsolation's environment whatever the stack is called", async () => {
        await expectViolation(tenantDataProtectedInProd, data("eu-live", {}, "prod"), "Namespace tenant-acme-corp must be protected");
    });
    it("reports data it cannot judge as not applicable when retainOnDelete is not visible (the CLI's view)", async () => {
        // @pulumi/policy 1.21 under the CLI passes no retainOnDelete option: build the stack that way.
        const resources = stackResources(data("prod", {})).map((r) => {
            const opts: typeof r.opts & { retainOnDelete?: boolean } = { ...r.opts };
            delete opts.retainOnDelete;
            return { ...r, opts };
        });
        const reported: string[] = [];
        let reason: string | undefined;
        const args = {
            resources,
            stackTags: new Map<string, string>(),
            getConfig: <T extends object>() => ({}) as T,
            notApplicable: (why?: string): never => {
                reason = why;
                throw new Error("not applicable");
            },
        };
        const validate = () => tenantDataProtectedInProd.validateStack(args, (message) => reported.push(message));
        expect(validate).toThrow("not applicable");
        expect(reported).toEqual([]);
        expect(reason).toContain("Namespace tenant-acme-corp: not protected, and retainOnDelete is not visible");
    });
});
