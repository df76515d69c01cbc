/**
 * A folder entry that disappears between listing the folder and looking at it (another process
 * removed it): it is listed as an entry of kind "other" without a size, never an exception, and the
 * loader refuses it by that kind. lstat is made to fail for that one name; node:fs's named exports
 * are synced with the spied module object so that the folder code sees it.
 */
import fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { syncBuiltinESMExports } from "node:module";
import { afterAll, describe, expect, it, vi } from "vitest";
import { fileSystemFolder, loadFolder } from "../../components/model";
import { tenantYaml } from "./helpers";

const dirs: string[] = [];
afterAll(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe("fileSystemFolder", () => {
    it("an entry that cannot be looked at after listing is of kind other, without a size, and refused", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stoa-folder-vanished-"));
        dirs.push(dir);
        fs.writeFileSync(path.join(dir, "acme.yaml"), tenantYaml("acme"));
        fs.writeFileSync(path.join(dir, "globex.yaml"), tenantYaml("globex"));
        const gone = path.join(dir, "globex.yaml");
        const lstat = fs.lstatSync;
        const spy = vi.spyOn(fs, "lstatSync").mockImplementation(((file: fs.PathLike, options?: fs.StatSyncOptions) => {
            if (file === gone) throw Object.assign(new Error(`ENOENT: no such file or directory, lstat '${gone}'`), { code: "ENOENT" });
            return lstat(file, options);
        }) as typeof fs.lstatSync);
        syncBuiltinESMExports();
        try {
            const listed = fileSystemFolder(dir, "tenants").list();
            expect(listed.ok && listed.entries.map(({ name, kind, size }) => ({ name, kind, size }))).toStrictEqual([
                { name: "acme.yaml", kind: "file", size: Buffer.byteLength(tenantYaml("acme")) },
                { name: "globex.yaml", kind: "other", size: undefined },
            ]);
            const loaded = loadFolder(fileSystemFolder(dir, "tenants"), { now: new Date("2026-06-01T00:00:00Z") });
            expect(loaded.problems).toStrictEqual([{ file: "tenants/globex.yaml", field: "(file)", message: "is a other, not a regular file: tenant files must be regular files (not read)" }]);
            expect(loaded.tenants.map((t) => t.id)).toEqual(["acme"]);
        } finally {
            spy.mockRestore();
            syncBuiltinESMExports();
        }
    });
});
