/** The tenant files as written (raw YAML, before defaults): what the tenant diff and the rename heuristic compare. */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { listTenantFiles } from "../../components/model";

export interface TenantFileData {
    /** The file as reported to the reader (e.g. tenants/acme-corp.yaml, or origin/main:tenants/acme-corp.yaml). */
    file: string;
    /** The parsed file, exactly as written. */
    data: Record<string, unknown>;
}

/** Every tenant file of `dir`, by id (the file name, which validation made equal to the `id` field). */
export function readTenantFiles(dir: string, label: (file: string) => string = (file) => file): Map<string, TenantFileData> {
    const files = new Map<string, TenantFileData>();
    for (const file of listTenantFiles(dir)) {
        const id = path.basename(file).replace(/\.ya?ml$/, "");
        const data = (parseYaml(fs.readFileSync(file, "utf8")) ?? {}) as Record<string, unknown>;
        files.set(id, { file: label(file), data });
    }
    return files;
}
