/**
 * The tenant file's time and status rules at their edges, pinned by literals: archived_at on a
 * suspended tenant, archived_at equal to and just before created_at, created_at at and just past the
 * allowed clock skew; and nodePosition of no node.
 */
import { LineCounter } from "yaml";
import { describe, expect, it } from "vitest";
import { parseTenantFile } from "../../components/model";
import { nodePosition } from "../../components/model/yamlFile";

const NOW = new Date("2026-06-01T00:00:00Z");
const errorsOf = (text: string) => parseTenantFile("tenants/acme.yaml", text, new Map(), NOW).errors;
const HEAD = "id: acme\nname: A\ntier: community\n";

describe("archived_at", () => {
    it("is refused on a suspended tenant, naming the status", () => {
        expect(errorsOf(`${HEAD}status: suspended\ncreated_at: 2025-01-15T09:00:00Z\narchived_at: 2025-06-01T00:00:00Z\n`)).toStrictEqual([
            { file: "tenants/acme.yaml", field: "archived_at", message: "is only allowed when status is archived (status is suspended)", line: 6, column: 14 },
        ]);
    });

    it("may equal created_at; one second before it is refused", () => {
        expect(errorsOf(`${HEAD}status: archived\ncreated_at: 2025-01-15T09:00:00Z\narchived_at: 2025-01-15T09:00:00Z\n`)).toEqual([]);
        expect(errorsOf(`${HEAD}status: archived\ncreated_at: 2025-01-15T09:00:00Z\narchived_at: 2025-01-15T08:59:59Z\n`)).toStrictEqual([
            { file: "tenants/acme.yaml", field: "archived_at", message: "must not be before created_at (2025-01-15T09:00:00Z)", line: 6, column: 14 },
        ]);
    });
});

describe("created_at and the clock", () => {
    it("may be up to five minutes ahead of the clock; one second more is in the future", () => {
        expect(errorsOf(`${HEAD}status: active\ncreated_at: 2026-06-01T00:05:00Z\n`)).toEqual([]);
        expect(errorsOf(`${HEAD}status: active\ncreated_at: 2026-06-01T00:05:01Z\n`)).toStrictEqual([
            { file: "tenants/acme.yaml", field: "created_at", message: "is in the future (now is 2026-06-01T00:00:00Z); write when it happened", line: 5, column: 13 },
        ]);
    });
});

describe("nodePosition", () => {
    it("no node has no position", () => {
        expect(nodePosition(new LineCounter(), undefined)).toStrictEqual({});
    });
});
