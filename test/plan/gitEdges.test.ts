/** The base revision's tenant folder two levels down in the repository, and a file of exactly the largest size read whole. */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openBase } from "../../scripts/plan/git";
import { removeTempDirs, tempDir } from "./helpers";

afterAll(removeTempDirs);

const git = (cwd: string, ...args: string[]) => execFileSync("git", ["-c", "user.name=Plan Test", "-c", "user.email=plan@example.test", "-c", "commit.gpgsign=false", ...args], { cwd, stdio: "pipe" });

describe("openBase", () => {
    it("lists a nested tenant folder by its repository path and reads a file of exactly 65,536 bytes", () => {
        const repo = tempDir("git-nested");
        const tenants = path.join(repo, "config", "tenants");
        fs.mkdirSync(tenants, { recursive: true });
        fs.writeFileSync(path.join(tenants, "alpha.yaml"), "id: alpha\n");
        // 65,536 bytes: the largest tenant file that is read.
        fs.writeFileSync(path.join(tenants, "large.yaml"), `id: large\n#${"x".repeat(65_536 - 12)}\n`);
        git(repo, "init", "-q", "-b", "main");
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "base");

        const result = openBase("main", { projectDir: repo, tenantsDir: tenants, stack: "dev" });
        if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
        expect(result.value.folder.label).toBe("main:config/tenants");
        expect(result.value.folder.fileLabel("alpha.yaml")).toBe("main:config/tenants/alpha.yaml");
        const listed = result.value.folder.list();
        if (!listed.ok) throw new Error(listed.message);
        expect(listed.entries.map((e) => [e.name, e.kind, e.size])).toEqual([
            ["alpha.yaml", "file", 10],
            ["large.yaml", "file", 65_536],
        ]);
        expect(listed.entries[0].read().toString("utf8")).toBe("id: alpha\n");
        expect(listed.entries[1].read()).toHaveLength(65_536);
    });
});
