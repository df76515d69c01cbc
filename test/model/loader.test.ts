/**
 * The loader's paths that the file-system tests do not reach, on an in-memory folder: a folder that
 * cannot be listed, entries that cannot be read (tenant files, retired.yaml, shards.yaml), invalid
 * YAML in the folder's own files, a retired id without details, the order of the entries, a sharded
 * stack keeping only its tenants' documents, the stack file's own refusals, and the folder's label.
 */
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
    folderLabel,
    loadFolder,
    loadInput,
    loadRetired,
    parseRetiredFile,
    parseStackFile,
    readStackSource,
    type FolderEntry,
    type FolderSource,
    type StackSource,
} from "../../components/model";
import { PROJECT_DIR, removeTempFolders, tempFolder, tenantYaml } from "./helpers";

const NOW = new Date("2026-06-01T00:00:00Z");
afterAll(removeTempFolders);

const loaderFolder = () => tempFolder("loader");

/** A regular file entry; `text` an Error makes reading it throw that error. */
function entry(name: string, text: string | Error): FolderEntry {
    return {
        name,
        kind: "file",
        size: typeof text === "string" ? Buffer.byteLength(text) : 10,
        read: () => {
            if (text instanceof Error) throw text;
            return Buffer.from(text);
        },
    };
}

function memoryFolder(entries: FolderEntry[]): FolderSource {
    return { label: "tenants", fileLabel: (name) => `tenants/${name}`, list: () => ({ ok: true, entries }) };
}

const denied = () => Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });

describe("loadFolder", () => {
    it("a folder that cannot be listed is one problem on the folder", () => {
        const folder: FolderSource = { label: "origin/main:tenants", fileLabel: (n) => n, list: () => ({ ok: false, message: "tenant folder not found" }) };
        const loaded = loadFolder(folder, { now: NOW });
        expect(loaded.problems).toStrictEqual([{ file: "origin/main:tenants", field: "(folder)", message: "tenant folder not found" }]);
        expect(loaded.tenants).toEqual([]);
    });

    it("an entry that cannot be read is named with the error's code, or its message when it has none", () => {
        const loaded = loadFolder(memoryFolder([entry("acme.yaml", denied()), entry("globex.yaml", new Error("object not in the pack")), entry("oasis.yaml", tenantYaml("oasis"))]), { now: NOW });
        expect(loaded.problems).toStrictEqual([
            { file: "tenants/acme.yaml", field: "(file)", message: "cannot be read (EACCES)" },
            { file: "tenants/globex.yaml", field: "(file)", message: "cannot be read: object not in the pack" },
        ]);
        expect(loaded.tenants.map((t) => t.id)).toEqual(["oasis"]);
    });

    it("retired.yaml and shards.yaml that cannot be read are refused, and the tenants still load", () => {
        const loaded = loadFolder(memoryFolder([entry("retired.yaml", denied()), entry("shards.yaml", denied()), entry("oasis.yaml", tenantYaml("oasis"))]), { now: NOW, checks: [] });
        expect(loaded.problems).toStrictEqual([
            { file: "tenants/retired.yaml", field: "(file)", message: "cannot be read (EACCES)" },
            { file: "tenants/shards.yaml", field: "(file)", message: "cannot be read (EACCES)" },
        ]);
        expect(loaded.tenants.map((t) => t.id)).toEqual(["oasis"]);
        expect(loaded.shards.size).toBe(0);
    });

    it("invalid YAML in shards.yaml is reported at its line; a valid map is read, with its own problems", () => {
        const broken = loadFolder(memoryFolder([entry("shards.yaml", "prod:\n  acme: prod-a\n  acme: prod-b\n")]), { now: NOW, checks: [] });
        expect(broken.problems).toStrictEqual([
            { file: "tenants/shards.yaml", field: "(yaml)", message: '"acme" appears twice in the same mapping (each key once; the first value would be lost)', line: 3, column: 3 },
        ]);
        expect(broken.shards.size).toBe(0);
        const read = loadFolder(memoryFolder([entry("shards.yaml", "prod:\n  acme: prod-a\n  globex: Prod_B\n")]), { now: NOW, checks: [] });
        expect(read.problems).toStrictEqual([
            { file: "tenants/shards.yaml", field: "prod.globex", message: "must be a shard name (lower-case letters, digits and -, at most 63)", line: 3, column: 11 },
        ]);
        expect(read.shards.get("prod")?.get("acme")).toStrictEqual({ shard: "prod-a" });
    });

    it("invalid YAML in retired.yaml is reported at its line, and no id is retired", () => {
        const loaded = loadFolder(memoryFolder([entry("retired.yaml", "retired:\n  - id: [umbrella\n")]), { now: NOW, checks: [] });
        expect(loaded.problems.map((p) => [p.file, p.field])).toEqual([["tenants/retired.yaml", "(yaml)"]]);
        expect(loaded.retiredIds.size).toBe(0);
        expect(loaded.retired).toEqual([]);
    });

    it("a retired id without a date or a reason is refused without details", () => {
        const loaded = loadFolder(memoryFolder([entry("retired.yaml", "retired:\n  - id: umbrella\n"), entry("umbrella.yaml", tenantYaml("umbrella"))]), { now: NOW, checks: [] });
        const refusal = loaded.problems.find((p) => p.file === "tenants/umbrella.yaml");
        expect(refusal?.message).toBe(
            '"umbrella" is a retired id (tenants/retired.yaml, retired[0]): ids are never reused, because the removed tenant\'s retained data (namespace, realm, schema, backups) would become this tenant\'s. Choose another id.',
        );
        expect(loaded.tenants).toEqual([]);
    });

    it("reads the entries in the order of their names, whatever order the folder lists them in", () => {
        const loaded = loadFolder(memoryFolder(["oasis", "acme", "globex", "hooli"].map((id) => entry(`${id}.yaml`, tenantYaml(id)))), { now: NOW });
        expect(loaded.problems).toEqual([]);
        expect(loaded.tenants.map((t) => t.id)).toEqual(["acme", "globex", "hooli", "oasis"]);
        const many = Array.from({ length: 40 }, (_, i) => `t${String((i * 17) % 40).padStart(2, "0")}`);
        const manyLoaded = loadFolder(memoryFolder(many.map((id) => entry(`${id}.yaml`, tenantYaml(id)))), { now: NOW });
        expect(manyLoaded.tenants.map((t) => t.id)).toEqual(Array.from({ length: 40 }, (_, i) => `t${String(i).padStart(2, "0")}`));
        const twice = loadFolder(memoryFolder([entry("acme.yml", tenantYaml("acme")), entry("acme.yaml", tenantYaml("acme"))]), { now: NOW });
        expect(twice.problems).toStrictEqual([{ file: "tenants/acme.yml", field: "id", message: '"acme" is already declared by tenants/acme.yaml: each tenant has exactly one file (keep one of them)' }]);
    });
});

describe("parseRetiredFile", () => {
    it("invalid YAML: no entries, no ids, the parser's problem", () => {
        const parsed = parseRetiredFile("tenants/retired.yaml", "retired: [\n");
        expect(parsed.entries).toEqual([]);
        expect(parsed.ids.size).toBe(0);
        expect(parsed.errors.map((p) => [p.file, p.field])).toEqual([["tenants/retired.yaml", "(yaml)"]]);
    });
});

describe("loadRetired", () => {
    it("returns only retired.yaml's problems, not the tenant files'", () => {
        const dir = loaderFolder();
        fs.writeFileSync(path.join(dir, "retired.yaml"), "retired:\n  - id: umbrella\n    retired_at: 2026-10-01T00:00:00Z\n    reason: contract ended\n  - id: umbrella\n    retired_at: 2026-10-02T00:00:00Z\n    reason: again\n");
        fs.writeFileSync(path.join(dir, "bad.yaml"), "id: [\n");
        const loaded = loadRetired(dir);
        expect(loaded.errors).toStrictEqual([
            {
                file: path.join(dir, "retired.yaml"),
                field: "retired[1].id",
                message: '"umbrella" is already listed at retired[0]: each retired id once (keep the first entry)',
                line: 5,
                column: 9,
            },
        ]);
        expect([...loaded.ids.keys()]).toEqual(["umbrella"]);
    });
});

const DEV_STACK = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8");

function stackSource(extra = ""): StackSource {
    const parsed = parseStackFile("Pulumi.dev-a.yaml", `${DEV_STACK.trimEnd()}\n${extra}`);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    return { file: "Pulumi.dev-a.yaml", values: parsed.value };
}

describe("loadInput on a sharded stack", () => {
    const folder = () =>
        memoryFolder([
            entry("alpha.yaml", tenantYaml("alpha")),
            entry("bravo.yaml", tenantYaml("bravo")),
            entry("charlie.yaml", tenantYaml("charlie")),
            entry("shards.yaml", "dev:\n  alpha: dev-a\n  bravo: dev-b\n  charlie: { shard: dev-b, moved_from: dev-a }\n"),
        ]);
    const SHARD_A = "  stoa-tenancy:shard: dev-a\n  stoa-tenancy:platformStack: organization/stoa-tenancy/dev-platform\n";

    it("keeps only the shard's tenants and their documents, and names the tenants moved away", () => {
        const input = loadInput({ folder: folder(), stack: stackSource(SHARD_A), now: NOW });
        expect(input.problems).toEqual([]);
        expect(input.tenants.map((t) => t.id)).toEqual(["alpha"]);
        expect([...input.documents.keys()]).toEqual(["alpha"]);
        expect(input.documents.get("alpha")?.file).toBe("tenants/alpha.yaml");
        expect(input.allTenants.map((t) => t.id)).toEqual(["alpha", "bravo", "charlie"]);
        expect(input.movedAway).toEqual(["charlie"]);
        expect(input.stack?.shard).toBe("dev-a");
    });

    it("an unsharded stack keeps every tenant and document, and moves none", () => {
        const input = loadInput({ folder: memoryFolder([entry("alpha.yaml", tenantYaml("alpha")), entry("bravo.yaml", tenantYaml("bravo"))]), stack: stackSource(), now: NOW });
        expect(input.problems).toEqual([]);
        expect([...input.documents.keys()]).toEqual(["alpha", "bravo"]);
        expect(input.movedAway).toEqual([]);
    });

    it("without a stack: every tenant, no move, no stack", () => {
        const input = loadInput({ folder: folder(), now: NOW, checks: [] });
        expect(input.tenants.map((t) => t.id)).toEqual(["alpha", "bravo", "charlie"]);
        expect(input.movedAway).toEqual([]);
        expect(input.stack).toBeUndefined();
    });
});

describe("readStackSource", () => {
    it("a missing file, a symbolic link, a directory, a socket, a file over 1 MiB and a file that is not text are refused on the file", async () => {
        const dir = loaderFolder();
        const server = net.createServer();
        await new Promise<void>((resolve) => server.listen(path.join(dir, "Pulumi.sock.yaml"), resolve));
        try {
        fs.symlinkSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), path.join(dir, "Pulumi.link.yaml"));
        fs.mkdirSync(path.join(dir, "Pulumi.dir.yaml"));
        fs.writeFileSync(path.join(dir, "Pulumi.big.yaml"), "#".repeat(1024 * 1024 + 1));
        fs.writeFileSync(path.join(dir, "Pulumi.nul.yaml"), "config:\0\n");
        const problem = (name: string) => {
            const read = readStackSource(path.join(dir, name), name);
            return read.ok ? undefined : read.problems;
        };
        expect(problem("Pulumi.missing.yaml")).toStrictEqual([{ file: "Pulumi.missing.yaml", field: "(file)", message: "no such stack file" }]);
        expect(problem("Pulumi.link.yaml")).toStrictEqual([{ file: "Pulumi.link.yaml", field: "(file)", message: "is a symbolic link, not a regular file (not read)" }]);
        expect(problem("Pulumi.dir.yaml")).toStrictEqual([{ file: "Pulumi.dir.yaml", field: "(file)", message: "is a directory, not a regular file" }]);
        expect(problem("Pulumi.big.yaml")).toStrictEqual([{ file: "Pulumi.big.yaml", field: "(file)", message: "is 1048577 bytes, more than the 1048576 allowed" }]);
        expect(problem("Pulumi.sock.yaml")).toStrictEqual([{ file: "Pulumi.sock.yaml", field: "(file)", message: "cannot be read (ENXIO)" }]);
        expect(problem("Pulumi.nul.yaml")).toStrictEqual([{ file: "Pulumi.nul.yaml", field: "(file)", message: "holds NUL bytes: it is not a text file (save it as UTF-8 text)" }]);
        } finally {
            await new Promise((resolve) => server.close(resolve));
        }
    });

    it("a file of exactly 1 MiB is read, and its values come back under the label", () => {
        const dir = loaderFolder();
        const text = `${DEV_STACK}${"#".repeat(1024 * 1024 - Buffer.byteLength(DEV_STACK) - 1)}\n`;
        expect(Buffer.byteLength(text)).toBe(1024 * 1024);
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), text);
        const read = readStackSource(path.join(dir, "Pulumi.dev.yaml"), "Pulumi.dev.yaml");
        expect(read.ok && read.value.file).toBe("Pulumi.dev.yaml");
        expect(read.ok && read.value.values.raw.environment).toBe("dev");
    });
});

describe("folderLabel", () => {
    it("a relative folder as typed; an absolute one relative to the working directory, or .", () => {
        expect(folderLabel("tenants")).toBe("tenants");
        expect(folderLabel("../elsewhere/tenants")).toBe("../elsewhere/tenants");
        expect(folderLabel(path.join(process.cwd(), "tenants"))).toBe("tenants");
        expect(folderLabel(process.cwd())).toBe(".");
    });
});
