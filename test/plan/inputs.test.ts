/**
 * The plan's own inputs, in process: which stack files a project folder has, the stack file read for
 * the offline run, and the policy configuration file, with every way each can be unreadable or wrong.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { availableStacks, environmentShards, offlineStack, policyConfigForStack, projectStacks, readPolicyConfig, readStackInput } from "../../scripts/plan/inputs";
import { PROJECT_DIR, removeTempDirs, tempDir } from "./helpers";

afterAll(removeTempDirs);

const DEV_STACK = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8");
const withKeys = (keys: string) => `${DEV_STACK.trimEnd()}\n${keys}\n`;

/** A folder holding `files` (name → text), and a problem list as `<file>: <field>: <message>` lines. */
function folder(files: Record<string, string | Buffer>): string {
    const dir = tempDir("inputs");
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
}
const lines = (checked: { ok: true } | { ok: false; problems: { file: string; field: string; message: string }[] }) =>
    checked.ok ? [] : checked.problems.map((p) => `${p.file}: ${p.field}: ${p.message}`);

describe("availableStacks", () => {
    it("lists the stacks with a Pulumi.<stack>.yaml or .yml, sorted, and nothing else", () => {
        const dir = folder({ "Pulumi.yaml": "name: x\n", "Pulumi.prod.yaml": "", "Pulumi.dev.yml": "", "Pulumi.a.b.yaml": "", "pulumi.lower.yaml": "", "Pulumi.x.json": "", "README.md": "", "old.Pulumi.qa.yaml": "", "Pulumi.bak.yaml.orig": "" });
        expect(availableStacks(dir)).toEqual(["a.b", "dev", "prod"]);
    });
});

describe("projectStacks and environmentShards", () => {
    it("keeps the stacks whose file parses and is valid, with their configuration", () => {
        const dir = folder({
            "Pulumi.dev-a.yaml": withKeys("  stoa-tenancy:shard: dev-a\n  stoa-tenancy:platformStack: organization/stoa-tenancy/dev-platform"),
            "Pulumi.dev-b.yaml": withKeys("  stoa-tenancy:shard: dev-b\n  stoa-tenancy:platformStack: organization/stoa-tenancy/dev-platform"),
            "Pulumi.dev.yaml": DEV_STACK,
            "Pulumi.broken.yaml": "config: [",
            "Pulumi.invalid.yaml": "config:\n  stoa-tenancy:environment: qa\n",
            "Pulumi.staging.yaml": fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.staging.yaml")),
        });
        fs.symlinkSync(path.join(dir, "Pulumi.dev.yaml"), path.join(dir, "Pulumi.linked.yaml"));
        const stacks = projectStacks(dir);
        expect(stacks.map((s) => [s.name, s.config.environment, s.config.shard])).toEqual([
            ["dev", "dev", undefined],
            ["dev-a", "dev", "dev-a"],
            ["dev-b", "dev", "dev-b"],
            ["staging", "staging", undefined],
        ]);
        expect(stacks[0].config.tenantIngressDomain).toBe("apps.dev.stoa.example");
        expect([...environmentShards(dir, "dev")]).toEqual(["dev-a", "dev-b"]);
        expect([...environmentShards(dir, "staging")]).toEqual([]);
        expect([...environmentShards(dir, "prod")]).toEqual([]);
    });
});

describe("readStackInput", () => {
    it("names the known stacks when the stack has no file", () => {
        const dir = folder({ "Pulumi.staging.yaml": "", "Pulumi.dev.yaml": "" });
        expect(lines(readStackInput(dir, "prod"))).toEqual(['(command line): --stack: unknown stack "prod" (no Pulumi.prod.yaml: the stacks are dev, staging)']);
    });

    it("says only that the file is missing when the folder has no stack at all", () => {
        expect(lines(readStackInput(folder({}), "dev"))).toEqual(['(command line): --stack: unknown stack "dev" (no Pulumi.dev.yaml)']);
    });

    it("refuses a stack file that is a symbolic link, even a dangling one, without reading it", () => {
        const dir = folder({ "target.yaml": DEV_STACK });
        fs.symlinkSync(path.join(dir, "missing.yaml"), path.join(dir, "Pulumi.dangling.yaml"));
        fs.symlinkSync(path.join(dir, "target.yaml"), path.join(dir, "Pulumi.dev.yaml"));
        expect(lines(readStackInput(dir, "dangling"))).toEqual(["Pulumi.dangling.yaml: (file): is a symbolic link, not a regular file (not read)"]);
        expect(lines(readStackInput(dir, "dev"))).toEqual(["Pulumi.dev.yaml: (file): is a symbolic link, not a regular file (not read)"]);
    });

    it("refuses a stack file that is a folder or not UTF-8", () => {
        const dir = folder({ "Pulumi.utf16.yaml": Buffer.from([0xff, 0xfe, 0x63, 0x00]) });
        fs.mkdirSync(path.join(dir, "Pulumi.dir.yaml"));
        expect(lines(readStackInput(dir, "dir"))).toEqual(["Pulumi.dir.yaml: (file): is a directory, not a regular file"]);
        expect(lines(readStackInput(dir, "utf16"))).toEqual(["Pulumi.utf16.yaml: (file): is UTF-16 (or UTF-32) text: save it as UTF-8"]);
    });

    it("gives the file's values with the offline defaults under them", () => {
        const read = readStackInput(folder({ "Pulumi.dev.yaml": DEV_STACK }), "dev");
        expect(read.ok).toBe(true);
        if (!read.ok) return;
        expect(read.value.file).toBe("Pulumi.dev.yaml");
        expect(read.value.values.raw.removalGuard).toBe(false);
        expect(read.value.values.raw.environment).toBe("dev");
        expect(read.value.values.raw.tenantIngressDomain).toBe("apps.dev.stoa.example");
    });
});

describe("offlineStack", () => {
    it("puts removalGuard: false under the stack's values; the file's own value wins", () => {
        const source = { file: "Pulumi.x.yaml", values: { raw: { environment: "dev" } } } as unknown as Parameters<typeof offlineStack>[0];
        expect(offlineStack(source)).toEqual({ file: "Pulumi.x.yaml", values: { raw: { removalGuard: false, environment: "dev" } } });
        const guarded = { file: "Pulumi.x.yaml", values: { raw: { removalGuard: true } } } as unknown as Parameters<typeof offlineStack>[0];
        expect(offlineStack(guarded).values.raw).toEqual({ removalGuard: true });
        expect(source.values.raw).toEqual({ environment: "dev" });
    });
});

describe("readPolicyConfig", () => {
    const read = (text: string | Buffer) => readPolicyConfig(path.join(folder({ "config.json": text }), "config.json"), "config.json");

    it("normalises a bare level to { enforcementLevel } and keeps objects and their knobs", () => {
        expect(read('{"a": "advisory", "b": {"enforcementLevel": "mandatory", "ceiling": 5}, "c": {"knob": true}, "d": "disabled", "e": "remediate"}')).toEqual({
            ok: true,
            value: {
                a: { enforcementLevel: "advisory" },
                b: { enforcementLevel: "mandatory", ceiling: 5 },
                c: { knob: true },
                d: { enforcementLevel: "disabled" },
                e: { enforcementLevel: "remediate" },
            },
        });
        expect(read("{}")).toEqual({ ok: true, value: {} });
    });

    it("reports every bad entry at once, each by its policy name", () => {
        expect(lines(read('{"a": null, "b": [1], "c": 3, "d": "strict", "e": {"enforcementLevel": "Mandatory"}, "f": {"enforcementLevel": 1}, "g": "advisory"}'))).toEqual([
            "config.json: a: must be an enforcement level or an object",
            "config.json: b: must be an enforcement level or an object",
            "config.json: c: must be an enforcement level or an object",
            "config.json: d.enforcementLevel: must be one of advisory, mandatory, remediate, disabled",
            "config.json: e.enforcementLevel: must be one of advisory, mandatory, remediate, disabled",
            "config.json: f.enforcementLevel: must be one of advisory, mandatory, remediate, disabled",
        ]);
    });

    it("refuses JSON that is not an object keyed by policy name", () => {
        for (const text of ["null", "[]", '[{"a": "advisory"}]', "3", '"advisory"']) {
            expect(lines(read(text))).toEqual(["config.json: (file): must be a JSON object keyed by policy name"]);
        }
    });

    it("refuses text that is not JSON, with the position (1-based) but not the text", () => {
        expect(lines(read('{"a": 1,}'))).toEqual(["config.json: (file): not valid JSON (at character 9)"]);
        expect(lines(read("{"))).toEqual(["config.json: (file): not valid JSON (at character 2)"]);
        expect(lines(read('{"a-long-policy-name": 1,}'))).toEqual(["config.json: (file): not valid JSON (at character 26)"]);
        expect(lines(read('{"secret-like": x}'))).toEqual(["config.json: (file): not valid JSON"]);
    });

    it("refuses a file that is not UTF-8 text", () => {
        expect(lines(read(Buffer.from([0xfe, 0xff, 0x00, 0x7b])))).toEqual(["config.json: (file): is UTF-16 (or UTF-32) text: save it as UTF-8"]);
        expect(lines(read(Buffer.from([0x7b, 0xc3, 0x28, 0x7d])))).toEqual(["config.json: (file): is not valid UTF-8 text: save it as UTF-8"]);
    });

    it("names a missing file, a symbolic link, a folder and a path through a file, by the label given", () => {
        const dir = folder({ "config.json": "{}" });
        fs.symlinkSync(path.join(dir, "config.json"), path.join(dir, "link.json"));
        fs.mkdirSync(path.join(dir, "folder.json"));
        expect(lines(readPolicyConfig(path.join(dir, "missing.json"), "missing.json"))).toEqual(["missing.json: (file): file not found"]);
        expect(lines(readPolicyConfig(path.join(dir, "link.json"), "link.json"))).toEqual(["link.json: (file): is a symbolic link, not a regular file (not read)"]);
        expect(lines(readPolicyConfig(path.join(dir, "folder.json"), "folder.json"))).toEqual(["folder.json: (file): is a directory, not a regular file"]);
        expect(lines(readPolicyConfig(path.join(dir, "config.json", "x.json"), "config.json/x.json"))).toEqual(["config.json/x.json: (file): cannot be read (ENOTDIR)"]);
    });

    it("names the file by its path when no label is given", () => {
        const file = path.join(folder({}), "none.json");
        expect(lines(readPolicyConfig(file))).toEqual([`${file}: (file): file not found`]);
    });
});

describe("policyConfigForStack", () => {
    it("gives tenant-ingress-hosts the stack's ingress domain and keeps every other entry", () => {
        expect(policyConfigForStack({ other: { enforcementLevel: "advisory" } }, { tenantIngressDomain: "apps.dev.stoa.example" })).toEqual({
            other: { enforcementLevel: "advisory" },
            "tenant-ingress-hosts": { tenantIngressDomain: "apps.dev.stoa.example" },
        });
    });

    it("lets the user's configuration of tenant-ingress-hosts win over the stack's domain", () => {
        const config = { "tenant-ingress-hosts": { enforcementLevel: "mandatory", tenantIngressDomain: "apps.example.org" } };
        expect(policyConfigForStack(config, { tenantIngressDomain: "apps.dev.stoa.example" })).toEqual({
            "tenant-ingress-hosts": { enforcementLevel: "mandatory", tenantIngressDomain: "apps.example.org" },
        });
        expect(policyConfigForStack({ "tenant-ingress-hosts": { enforcementLevel: "advisory" } }, { tenantIngressDomain: "apps.dev.stoa.example" })).toEqual({
            "tenant-ingress-hosts": { enforcementLevel: "advisory", tenantIngressDomain: "apps.dev.stoa.example" },
        });
    });
});
