/**
 * The base revision's tenant folder two levels down in the repository, files of exactly the largest
 * size read whole, and the stack file of a project in a sub-folder rather than the repository's top.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openBase } from "../../scripts/plan/git";
import { PROJECT_DIR, removeTempDirs, tempDir } from "./helpers";

afterAll(removeTempDirs);

const DEV_STACK = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8");

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

describe("openBase's stack file", () => {
    it("reads a stack file of exactly 1 MiB, and the project's own in a sub-folder, not the top's", () => {
        const repo = tempDir("git-stack");
        const padding = 1024 * 1024 - Buffer.byteLength(DEV_STACK) - 2;
        fs.writeFileSync(path.join(repo, "Pulumi.exact.yaml"), `${DEV_STACK}#${"x".repeat(padding)}\n`);
        expect(fs.statSync(path.join(repo, "Pulumi.exact.yaml")).size).toBe(1024 * 1024);
        fs.writeFileSync(path.join(repo, "Pulumi.dev.yaml"), DEV_STACK.replace("apps.dev.stoa.example", "apps.top.stoa.example"));
        fs.mkdirSync(path.join(repo, "project", "tenants"), { recursive: true });
        fs.writeFileSync(path.join(repo, "project", "Pulumi.dev.yaml"), DEV_STACK);
        fs.writeFileSync(path.join(repo, "project", "tenants", "alpha.yaml"), "id: alpha\n");
        git(repo, "init", "-q", "-b", "main");
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "base");

        const stackOf = (projectDir: string, stack: string) => {
            const result = openBase("main", { projectDir, tenantsDir: path.join(repo, "project", "tenants"), stack });
            if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
            return result.value.stack;
        };
        const exact = stackOf(repo, "exact");
        if (!exact?.ok) throw new Error(JSON.stringify(exact));
        expect(exact.value.file).toBe("main:Pulumi.exact.yaml");
        expect(exact.value.values.raw.environment).toBe("dev");

        const nested = stackOf(path.join(repo, "project"), "dev");
        if (!nested?.ok) throw new Error(JSON.stringify(nested));
        expect(nested.value.file).toBe("main:project/Pulumi.dev.yaml");
        expect(nested.value.values.raw.tenantIngressDomain).toBe("apps.dev.stoa.example");
        const top = stackOf(repo, "dev");
        if (!top?.ok) throw new Error(JSON.stringify(top));
        expect(top.value.values.raw.tenantIngressDomain).toBe("apps.top.stoa.example");
    });
});
