/**
 * The sample tenants load and show the range; the committed JSON Schema and the generated parts of
 * docs/tenant-file.md match the model (regenerated in memory); editors' schema agrees with the loader.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { StackConfigSchema, TIER_NAMES, listTenantFiles, loadTenants } from "../../components/model";
import { DOC_FILE, SCHEMA_FILE, STACK_DOC_FILE, generatedFiles, tenantJsonSchema } from "../../scripts/generate-schema";
import { FIXTURES_DIR, PROJECT_DIR, SAMPLES_DIR, tenantFields } from "./helpers";

const sampleFiles = fs.readdirSync(SAMPLES_DIR).filter((name) => name.endsWith(".yaml"));

describe("sample tenants", () => {
    it("every sample loads", () => {
        const result = loadTenants(SAMPLES_DIR);
        expect(result.ok ? [] : result.errors).toEqual([]);
        expect(result.ok && result.tenants.map((t) => t.id).sort()).toEqual(sampleFiles.map((f) => f.replace(".yaml", "")).sort());
    });

    it("show the range: oasis, acme-corp and globex on different tiers, one suspended, one archived", () => {
        const result = loadTenants(SAMPLES_DIR);
        const tenants = result.ok ? result.tenants : [];
        const byId = new Map(tenants.map((t) => [t.id, t]));
        for (const id of ["oasis", "acme-corp", "globex"]) expect(byId.has(id), id).toBe(true);
        expect(new Set(["oasis", "acme-corp", "globex"].map((id) => byId.get(id)?.tierName)).size).toBe(3);
        expect(tenants.some((t) => t.status === "suspended")).toBe(true);
        expect(tenants.some((t) => t.status === "archived" && t.archivedAt !== undefined)).toBe(true);
        expect(new Set(tenants.map((t) => t.tierName))).toEqual(new Set(TIER_NAMES));
    });

    it("acme-corp carries the brief's enterprise example (10 CPU, 20Gi, 5 volumes, 2 load balancers)", () => {
        const result = loadTenants(SAMPLES_DIR);
        const acme = result.ok ? result.tenants.find((t) => t.id === "acme-corp") : undefined;
        expect(acme?.tierName).toBe("enterprise");
        expect(acme?.quota).toMatchObject({ cpu: "10", memory: "20Gi", volumes: 5, load_balancers: 2 });
    });

    it.each(sampleFiles)("%s points editors at the schema", (name) => {
        expect(fs.readFileSync(path.join(SAMPLES_DIR, name), "utf8").split("\n")[0]).toBe("# yaml-language-server: $schema=./tenant.schema.json");
    });

    it("the loader reads only tenant files: tenant.schema.json sits beside them and is not a tenant", () => {
        expect(fs.existsSync(path.join(SAMPLES_DIR, "tenant.schema.json"))).toBe(true);
        expect(listTenantFiles(SAMPLES_DIR).map((f) => path.basename(f))).toEqual([...sampleFiles].sort());
    });
});

describe("generated files", () => {
    it.each([SCHEMA_FILE, DOC_FILE, STACK_DOC_FILE])("%s is up to date (run `npm run schema` and commit)", (file) => {
        const generated = generatedFiles(PROJECT_DIR).find((g) => g.file === file);
        expect(generated, `${file} is missing`).toBeDefined();
        expect(generated!.actual).toBe(generated!.expected);
    });

    it("the schema is for writers: strict everywhere, defaults optional, descriptions kept", () => {
        const schema = tenantJsonSchema();
        expect(schema).toMatchObject({ $id: expect.any(String), title: expect.any(String), $schema: expect.stringContaining("json-schema.org") });
        expect(schema.required).toEqual(["id", "name", "status", "tier", "created_at"]);
        const objects: Record<string, unknown>[] = [];
        const walk = (node: unknown) => {
            if (node === null || typeof node !== "object") return;
            const record = node as Record<string, unknown>;
            if (record.type === "object" && record.properties) objects.push(record);
            Object.values(record).forEach(walk);
        };
        walk(schema.properties);
        expect(objects.length).toBeGreaterThan(5);
        for (const object of objects) {
            expect(object.additionalProperties).toBe(false);
            for (const property of Object.values(object.properties as Record<string, { description?: string }>)) expect(property.description).toBeTruthy();
        }
    });
});

describe("the JSON Schema agrees with the loader", () => {
    const validate = new Ajv({ allErrors: true }).compile(JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, SCHEMA_FILE), "utf8")));

    it.each(sampleFiles)("accepts the sample %s", (name) => {
        expect(validate(parse(fs.readFileSync(path.join(SAMPLES_DIR, name), "utf8"))), JSON.stringify(validate.errors)).toBe(true);
    });

    it.each([
        "unknown-top-key.yaml",
        "unknown-nested-key.yaml",
        "bad-status.yaml",
        "bad-tier.yaml",
        "9lives.yaml",
        "master.yaml",
        "kube-tools.yaml",
        "xn--bad.yaml",
        "archived-without-date.yaml",
        "active-with-archived-at.yaml",
        "email-without-addresses.yaml",
        "features-above-tier.yaml",
        "missing-fields.yaml",
        "wrong-types.yaml",
    ])("refuses the fixture %s", (name) => {
        expect(validate(parse(fs.readFileSync(path.join(FIXTURES_DIR, "invalid", name), "utf8")))).toBe(false);
    });

    it("flags a count above the tier's ceiling", () => {
        expect(validate(tenantFields("sample", { settings: { resources: { pods: 10_000 } } }))).toBe(false);
        expect(validate(tenantFields("sample", { tier: "enterprise", settings: { resources: { pods: 10 } } }))).toBe(true);
    });
});

describe("docs/stack-config.md", () => {
    it("lists every key of the stack schema, the required ones marked", () => {
        const doc = fs.readFileSync(path.join(PROJECT_DIR, STACK_DOC_FILE), "utf8");
        for (const [key, field] of Object.entries(StackConfigSchema.shape)) {
            const line = doc.split("\n").find((l) => l.startsWith(`| \`stoa-tenancy:${key}\` |`));
            expect(line, key).toBeDefined();
            expect(line!.split(" | ")[2] === "yes", key).toBe(!field.safeParse(undefined).success);
        }
    });
});
