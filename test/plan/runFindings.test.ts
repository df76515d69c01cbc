/** The plan's findings that need no program: retention ended, shard moves (warned or refused), an unknown base revision. */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { LoadedInput, ResolvedTenant } from "../../components/model";
import { retentionWarnings, shardMoveFindings } from "../../scripts/plan/run";
import { FIXTURES, plan } from "./helpers";

const NOW = new Date("2027-06-01T00:00:00Z");
const tenant = (id: string, status: string, retainUntil?: string) => ({ id, status, retainUntil }) as unknown as ResolvedTenant;

describe("retentionWarnings", () => {
    it("warns for archived tenants whose retention ended, by id, from the day it ends", () => {
        const warnings = retentionWarnings(
            [
                tenant("zeta", "archived", "2027-01-31T12:00:00Z"),
                tenant("alpha", "archived", "2027-06-01T00:00:00Z"),
                tenant("later", "archived", "2027-06-01T00:00:01Z"),
                tenant("live", "active", "2020-01-01T00:00:00Z"),
                tenant("kept", "archived"),
            ],
            NOW,
        );
        expect(warnings).toEqual([
            {
                kind: "retention-ended",
                tenant: "alpha",
                message:
                    'tenant "alpha" is archived and its retention period ended on 2027-06-01: its data (namespace, realm, schema, backups) is still kept, and nothing deletes it automatically. ' +
                    "Delete it by hand if no hold applies, then remove the file and retire the id (docs/tenant-file.md).",
            },
            {
                kind: "retention-ended",
                tenant: "zeta",
                message:
                    'tenant "zeta" is archived and its retention period ended on 2027-01-31: its data (namespace, realm, schema, backups) is still kept, and nothing deletes it automatically. ' +
                    "Delete it by hand if no hold applies, then remove the file and retire the id (docs/tenant-file.md).",
            },
        ]);
    });
});

describe("shardMoveFindings", () => {
    type Entry = { shard: string; movedFrom?: string };
    const shards = (entries: Record<string, Entry>) => new Map([["prod", new Map(Object.entries(entries))]]);
    const input = (entries: Record<string, Entry>, shard?: string) => ({ stack: { environment: "prod", shard }, shards: shards(entries) }) as unknown as LoadedInput;
    const MOVE_WARNING = (from: string, to: string) =>
        `tenant "acme" moves from shard ${from} to ${to}: before deploying, move its resources with \`pulumi state move --source <org>/<project>/${from} --dest <org>/<project>/${to} <its URNs>\`, ` +
        `then deploy ${to} (it adopts them, no replacement) and ${from} (its removal guard lets the tenant go); remove moved_from afterwards (docs/shards.md).`;

    it("refuses a shard that changes without moved_from, naming the file, the environment and the tenant", () => {
        expect(shardMoveFindings(input({ acme: { shard: "prod-a" } }), input({ acme: { shard: "prod-b" } }, "prod-a"), "tenants/shards.yaml")).toEqual({
            warnings: [],
            problems: [
                {
                    file: "tenants/shards.yaml",
                    field: "prod.acme",
                    message:
                        'tenant "acme" moves from shard prod-a to prod-b without an explicit move: write { shard: prod-b, moved_from: prod-a } and follow the move procedure (docs/shards.md), or keep its shard',
                },
            ],
        });
    });

    it("warns about an explicit move in the two shards concerned and in an unsharded stack, not in a third shard", () => {
        const base = input({ acme: { shard: "prod-a" } });
        const head = (shard?: string) => input({ acme: { shard: "prod-b", movedFrom: "prod-a" } }, shard);
        for (const shard of ["prod-a", "prod-b", undefined]) {
            expect(shardMoveFindings(base, head(shard), "tenants/shards.yaml")).toEqual({ warnings: [{ kind: "shard-move", tenant: "acme", message: MOVE_WARNING("prod-a", "prod-b") }], problems: [] });
        }
        expect(shardMoveFindings(base, head("prod-c"), "tenants/shards.yaml")).toEqual({ warnings: [], problems: [] });
        expect(shardMoveFindings(undefined, head("prod-b"), "tenants/shards.yaml").warnings.map((w) => w.tenant)).toEqual(["acme"]);
    });

    it("finds nothing without a stack", () => {
        expect(shardMoveFindings(undefined, { stack: undefined, shards: shards({ acme: { shard: "b", movedFrom: "a" } }) } as unknown as LoadedInput, "x")).toEqual({ warnings: [], problems: [] });
    });
});

describe("--base with an unknown revision", () => {
    it("is exit 2, a command-line problem followed by the usage line", async () => {
        const result = await plan(["--stack", "dev", "--tenants", path.join(FIXTURES, "tenants"), "--base", "no-such-revision-here"], { policies: [], program: () => ({}) });
        expect(result.status).toBe(2);
        expect(result.stdout).toBe("");
        expect(result.stderr).toBe(
            '(command line): --base: unknown git revision "no-such-revision-here" (in CI, fetch it first: git fetch origin <branch>)\n\n' +
                "usage: npm run plan -- --stack <dev|staging|prod> [--tenants <dir>] [--out <file.json>]\nNo plan was written (exit 2).\n",
        );
    });
});
