/** The base side of --base read from git's objects, in process: refusals, the folder at the revision, the stack file's kinds. */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBase, type BaseRevision } from "../../scripts/plan/git";
import { PROJECT_DIR, removeTempDirs, tempDir } from "./helpers";

afterAll(removeTempDirs);

const DEV_STACK = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8");
const git = (cwd: string, ...args: string[]) => execFileSync("git", ["-c", "user.name=Plan Test", "-c", "user.email=plan@example.test", "-c", "commit.gpgsign=false", ...args], { cwd, stdio: "pipe" });
const problems = (opened: ReturnType<typeof openBase>) => (opened.ok ? [] : opened.problems.map((p) => `${p.file}: ${p.field}: ${p.message}`));
const opened = (result: ReturnType<typeof openBase>): BaseRevision => {
    if (!result.ok) throw new Error(problems(result).join("\n"));
    return result.value;
};

describe("openBase", () => {
    let repo: string;

    beforeAll(() => {
        repo = tempDir("git-base");
        const write = (file: string, text: string | Buffer) => {
            fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
            fs.writeFileSync(path.join(repo, file), text);
        };
        write("Pulumi.dev.yaml", DEV_STACK);
        write("Pulumi.utf16.yaml", Buffer.from([0xff, 0xfe, 0x63, 0x00]));
        write("Pulumi.bad.yaml", "config: [");
        write("Pulumi.big.yaml", `# ${"x".repeat(1024 * 1024)}\n`);
        write("Pulumi.dir.yaml/inner.txt", "x");
        fs.symlinkSync("Pulumi.dev.yaml", path.join(repo, "Pulumi.link.yaml"));
        write("tenants/alpha.yaml", "id: alpha\n");
        write("tenants/tool.yaml", "id: tool\n");
        fs.chmodSync(path.join(repo, "tenants/tool.yaml"), 0o755);
        write("tenants/sub/inner.yaml", "id: inner\n");
        fs.symlinkSync("alpha.yaml", path.join(repo, "tenants/link.yaml"));
        write("sub/Pulumi.dev.yaml", DEV_STACK);
        git(repo, "init", "-q", "-b", "main");
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "base");
        write("tenants/later.yaml", "id: later\n");
    });

    it("refuses a folder outside any git repository", () => {
        const outside = tempDir("no-git");
        expect(problems(openBase("main", { projectDir: outside, tenantsDir: outside, stack: "dev" }))).toEqual([`(command line): --base: ${outside} is not inside a git repository`]);
    });

    it("refuses an unknown revision, a missing tenant folder and one outside the repository", () => {
        const tenantsDir = path.join(repo, "tenants");
        expect(problems(openBase("nope", { projectDir: repo, tenantsDir, stack: "dev" }))).toEqual([
            '(command line): --base: unknown git revision "nope" (in CI, fetch it first: git fetch origin <branch>)',
        ]);
        const missing = path.join(repo, "missing");
        expect(problems(openBase("main", { projectDir: repo, tenantsDir: missing, stack: "dev" }))).toEqual([`(command line): --base: the tenant folder ${missing} does not exist`]);
        const elsewhere = tempDir("elsewhere");
        expect(problems(openBase("main", { projectDir: repo, tenantsDir: elsewhere, stack: "dev" }))).toEqual([
            `(command line): --base: the tenant folder ${elsewhere} is outside the git repository`,
        ]);
    });

    it("lists the tenant folder as it was at the revision, each entry by its kind, and reads its files", () => {
        const base = opened(openBase("main", { projectDir: repo, tenantsDir: path.join(repo, "tenants"), stack: "dev" }));
        expect(base.folder.label).toBe("main:tenants");
        expect(base.folder.fileLabel("alpha.yaml")).toBe("main:tenants/alpha.yaml");
        const listed = base.folder.list();
        expect(listed.ok).toBe(true);
        if (!listed.ok) return;
        expect(listed.entries.map((e) => [e.name, e.kind, e.size])).toEqual([
            ["alpha.yaml", "file", 10],
            ["link.yaml", "symbolic link", undefined],
            ["sub", "directory", undefined],
            ["tool.yaml", "file", 9],
        ]);
        expect(listed.entries[0].read().toString("utf8")).toBe("id: alpha\n");
        expect(listed.entries[3].read().toString("utf8")).toBe("id: tool\n");
    });

    it("reads the stack file at the revision", () => {
        const base = opened(openBase("main", { projectDir: repo, tenantsDir: path.join(repo, "tenants"), stack: "dev" }));
        expect(base.stack?.ok).toBe(true);
        if (!base.stack?.ok) return;
        expect(base.stack.value.file).toBe("main:Pulumi.dev.yaml");
        expect(base.stack.value.values.raw.environment).toBe("dev");
        expect(base.stack.value.values.raw.tenantIngressDomain).toBe("apps.dev.stoa.example");
    });

    it("has no stack file for a stack the revision did not have", () => {
        expect(opened(openBase("main", { projectDir: repo, tenantsDir: path.join(repo, "tenants"), stack: "qa" })).stack).toBeUndefined();
    });

    it.each([
        ["link", "main:Pulumi.link.yaml: (file): is a symbolic link, not a regular file (not read)"],
        ["dir", "main:Pulumi.dir.yaml: (file): is a directory, not a regular file (not read)"],
        ["big", `main:Pulumi.big.yaml: (file): is ${1024 * 1024 + 3} bytes: at most 1048576 (not read)`],
        ["utf16", "main:Pulumi.utf16.yaml: (file): is UTF-16 (or UTF-32) text: save it as UTF-8"],
    ])("refuses the stack file %s at the revision without parsing it", (stack, problem) => {
        const base = opened(openBase("main", { projectDir: repo, tenantsDir: path.join(repo, "tenants"), stack }));
        expect(base.stack?.ok).toBe(false);
        if (base.stack?.ok !== false) return;
        expect(base.stack.problems.map((p) => `${p.file}: ${p.field}: ${p.message}`)).toEqual([problem]);
    });

    it("names a stack file that is not YAML by its revision and path", () => {
        const base = opened(openBase("main", { projectDir: repo, tenantsDir: path.join(repo, "tenants"), stack: "bad" }));
        expect(base.stack?.ok).toBe(false);
        if (base.stack?.ok !== false) return;
        expect(base.stack.problems.map((p) => p.file)).toEqual(["main:Pulumi.bad.yaml"]);
    });

    it("reads a project in a sub-folder of the repository, and a tenant folder that is the repository's top", () => {
        const base = opened(openBase("main", { projectDir: path.join(repo, "sub"), tenantsDir: repo, stack: "dev" }));
        expect(base.folder.label).toBe("main:.");
        expect(base.folder.fileLabel("alpha.yaml")).toBe("main:alpha.yaml");
        expect(base.stack?.ok && base.stack.value.file).toBe("main:sub/Pulumi.dev.yaml");
        const listed = base.folder.list();
        expect(listed.ok && listed.entries.map((e) => e.name)).toEqual(["Pulumi.bad.yaml", "Pulumi.big.yaml", "Pulumi.dev.yaml", "Pulumi.dir.yaml", "Pulumi.link.yaml", "Pulumi.utf16.yaml", "sub", "tenants"]);
    });
});
