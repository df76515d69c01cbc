/**
 * The adapter seam: gateway products are named only in their adapter folders. The model, the shared
 * stack schema and the policy pack know gateways through the registry alone.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { StackConfigSchema } from "../../components/model";

const ROOT = process.cwd();
/** Gateway products and their API groups, as they would appear in code. */
const PRODUCT_WORDS = /kong|gravitee|webmethods/i;
const SHARED = ["components/model", "policy-pack", "policy-pack/lib"];

const sources = (dir: string) =>
    fs
        .readdirSync(path.join(ROOT, dir))
        .filter((file) => /\.(ts|json)$/.test(file))
        .map((file) => path.join(dir, file));

describe("the gateway seam", () => {
    it("names no gateway product in the model or the policy pack", () => {
        const files = SHARED.flatMap(sources);
        expect(files.length).toBeGreaterThan(10);
        const naming = files.filter((file) => PRODUCT_WORDS.test(fs.readFileSync(path.join(ROOT, file), "utf8")));
        expect(naming).toEqual([]);
    });

    it("would see a product named in a shared file (the check above can fail)", () => {
        expect(PRODUCT_WORDS.test('plugin: "rate-limiting" // KongPlugin')).toBe(true);
    });

    it("takes the stack schema's gateway keys from the adapters' sections only", () => {
        const keys = Object.keys(StackConfigSchema.shape).filter((key) => /gateway|kong|gravitee/i.test(key));
        expect(keys).toEqual(["gateways"]);
        expect(StackConfigSchema.safeParse({ gateways: [{ adapter: "webmethods" }] }).error?.issues.some((i) => i.path.join(".").startsWith("gateways.0"))).toBe(true);
    });

    it("refuses a second gateway of the same adapter, naming the entry", () => {
        const base = {
            environment: "dev",
            keycloakUrl: "https://auth.example",
            portalRedirectUris: ["https://portal.example/{tenant}/callback"],
            tenantIngressDomain: "apps.example",
            encryptedStorageClass: "encrypted-ssd",
            backupBucket: "s3://backups",
            grafanaUrl: "https://grafana.example",
        };
        const result = StackConfigSchema.safeParse({ ...base, gateways: [{ adapter: "kong" }, { adapter: "gravitee" }, { adapter: "kong", ingressClass: "other" }] });
        expect(result.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual(["gateways.2.adapter: names kong a second time: a stack runs at most one gateway per adapter"]);
        expect(StackConfigSchema.safeParse({ ...base, gateways: [{ adapter: "gravitee" }, { adapter: "kong" }] }).success).toBe(true);
    });
});
