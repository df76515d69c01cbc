/**
 * The set-level checks as the loader runs them with a stack: a tenant named like the platform's
 * namespace (not its realm), a tenant set above the server's connection capacity, and a sharded
 * environment; and shardMembership called without a shard map. Messages are literals.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadInput, parseStackFile, shardMembership, type FolderEntry, type FolderSource, type StackSource } from "../../components/model";
import { PROJECT_DIR, tenantOf, tenantYaml } from "./helpers";

const NOW = new Date("2026-06-01T00:00:00Z");
const DEV_STACK = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8");

/** Pulumi.dev.yaml with some of its lines replaced and some added. */
function stackSource(replace: Record<string, string> = {}, extra = ""): StackSource {
    let text = DEV_STACK;
    for (const [from, to] of Object.entries(replace)) {
        if (!text.includes(from)) throw new Error(`Pulumi.dev.yaml has no ${from}`);
        text = text.replace(from, to);
    }
    const parsed = parseStackFile("Pulumi.dev.yaml", `${text.trimEnd()}\n${extra}`);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    return { file: "Pulumi.dev.yaml", values: parsed.value };
}

function entry(name: string, text: string): FolderEntry {
    return { name, kind: "file", size: Buffer.byteLength(text), read: () => Buffer.from(text) };
}

function memoryFolder(entries: FolderEntry[]): FolderSource {
    return { label: "tenants", fileLabel: (name) => `tenants/${name}`, list: () => ({ ok: true, entries }) };
}

describe("the set-level checks with a stack", () => {
    it("a tenant whose namespace is the platform's namespace is refused, though its realm differs from the platform's", () => {
        const input = loadInput({
            folder: memoryFolder([entry("acme.yaml", tenantYaml("acme")), entry("globex.yaml", tenantYaml("globex"))]),
            stack: stackSource({ "stoa-tenancy:platformNamespace: stoa-system": "stoa-tenancy:platformNamespace: tenant-acme" }),
            now: NOW,
        });
        expect(input.problems).toStrictEqual([
            { file: "tenants/acme.yaml", field: "id", message: `"acme" would collide with the platform's own realm or namespace (stoa, tenant-acme)` },
        ]);
    });

    it("a tenant set above the server's connection capacity is refused on the folder", () => {
        const input = loadInput({
            folder: memoryFolder([entry("acme.yaml", tenantYaml("acme")), entry("globex.yaml", tenantYaml("globex"))]),
            stack: stackSource({ "stoa-tenancy:databaseConnectionCapacity: 180": "stoa-tenancy:databaseConnectionCapacity: 13" }),
            now: NOW,
        });
        expect(input.problems).toStrictEqual([
            {
                file: "tenants",
                field: "(tenant set)",
                message:
                    "the tenants' PostgreSQL roles may open 14 connections together, more than stoa-tenancy:databaseConnectionCapacity (13): " +
                    "acme 7 (application 5 + backup 2), globex 7 (application 5 + backup 2); lower a tenant's tier or raise the server's capacity",
            },
        ]);
    });

    it("a tenant of a sharded environment without a shard is refused", () => {
        const input = loadInput({
            folder: memoryFolder([entry("acme.yaml", tenantYaml("acme")), entry("globex.yaml", tenantYaml("globex")), entry("shards.yaml", "dev:\n  acme: dev-a\n")]),
            stack: stackSource({}, "  stoa-tenancy:shard: dev-a\n  stoa-tenancy:platformStack: organization/stoa-tenancy/dev-platform\n"),
            now: NOW,
        });
        expect(input.problems).toStrictEqual([
            {
                file: "tenants/globex.yaml",
                field: "id",
                message: '"globex" has no shard in environment dev: add "globex: <shard>" under dev in tenants/shards.yaml (every tenant belongs to exactly one shard)',
            },
        ]);
    });

    it("shardMembership without a shard map finds nothing, even for a sharded stack", () => {
        const stack = loadInput({ folder: memoryFolder([]), stack: stackSource({}, "  stoa-tenancy:shard: dev-a\n"), now: NOW, checks: [] }).stack;
        expect(stack?.shard).toBe("dev-a");
        expect(shardMembership({ tenants: [tenantOf(tenantYaml("acme"), "acme")], retired: new Map(), stack })).toEqual([]);
    });
});
