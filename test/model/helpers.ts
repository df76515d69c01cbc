/** Shared helpers for the tenant model tests: fixture paths and small tenant files built in memory. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { parseTenantFile, type TenantFileError } from "../../components/model";

export const PROJECT_DIR = path.resolve(__dirname, "../..");
export const SAMPLES_DIR = path.join(PROJECT_DIR, "tenants");
export const FIXTURES_DIR = path.join(PROJECT_DIR, "test/fixtures/tenants");
export const fixtureDir = (name: string) => path.join(FIXTURES_DIR, name);

/** A valid community tenant; `changes` replace top-level fields (undefined removes one). */
export function tenantFields(id = "sample", changes: Record<string, unknown> = {}): Record<string, unknown> {
    const fields: Record<string, unknown> = {
        id,
        name: "Sample tenant",
        status: "active",
        tier: "community",
        created_at: "2025-01-15T09:00:00Z",
        ...changes,
    };
    return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

export function tenantYaml(id = "sample", changes: Record<string, unknown> = {}): string {
    return stringify(tenantFields(id, changes));
}

/** Errors of one in-memory file named `tenants/<id>.yaml`. */
export function errorsOf(text: string, id = "sample"): TenantFileError[] {
    return parseTenantFile(`tenants/${id}.yaml`, text).errors;
}

/** Parses one in-memory tenant, failing the test with every error if it is invalid. */
export function tenantOf(text: string, id = "sample") {
    const parsed = parseTenantFile(`tenants/${id}.yaml`, text);
    if (!parsed.tenant) throw new Error(`expected a valid tenant, got:\n${parsed.errors.map((e) => `${e.field}: ${e.message}`).join("\n")}`);
    return parsed.tenant;
}

const tempFolders: string[] = [];

/** A new folder under the system's temporary folder holding `files` (name → text); `removeTempFolders` removes it. */
export function tempFolder(prefix: string, files: Record<string, string> = {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `stoa-${prefix}-`));
    tempFolders.push(dir);
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
}

/** For `afterAll`: removes every folder `tempFolder` made in this test file. */
export function removeTempFolders(): void {
    for (const dir of tempFolders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
