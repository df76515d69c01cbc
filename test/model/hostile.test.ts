/**
 * Hostile tenant folders: every case is refused by the one loader with `<file>: <field>: <message>
 * (line L, column C)`, never a crash, never the file's content beyond a short escaped excerpt.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
    MAX_INPUT_FILE_BYTES,
    fileSystemFolder,
    formatTenantFileError,
    loadFolder,
    loadInput,
    readStackSource,
    type SetCheck,
    type TenantFileError,
} from "../../components/model";
import { tenantYaml } from "./helpers";

const NOW = new Date("2026-12-01T00:00:00Z");
/** `<file>: <field path>: <message>` with `(line L, column C)` where a line exists; one line, nothing unprintable. */
export const PROBLEM_FORMAT = /^[^\n:]+: [^\n]+: [^\n]+?( \(line \d+, column \d+\))?$/;

const roots: string[] = [];
afterAll(() => {
    for (const dir of roots.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A tenant folder with `files` (text) in a fresh temporary directory; `prepare` may add odd entries. */
function folder(files: Record<string, string | Buffer>, prepare: (dir: string) => void = () => undefined): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "stoa-hostile-"));
    roots.push(root);
    const dir = path.join(root, "tenants");
    fs.mkdirSync(dir);
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    prepare(dir);
    return dir;
}

function load(dir: string, checks?: readonly SetCheck[]) {
    return loadFolder(fileSystemFolder(dir, "tenants"), { now: NOW, checks });
}

function lines(dir: string): string[] {
    const problems = load(dir).problems;
    for (const p of problems) expect(formatTenantFileError(p)).toMatch(PROBLEM_FORMAT);
    return problems.map(formatTenantFileError);
}

const oasis = tenantYaml("oasis");

describe("entries that are not regular files are refused without being read", () => {
    it("a symbolic link, even to the process environment, is refused and nothing of its target is printed", () => {
        const secretFile = path.join(os.tmpdir(), `stoa-hostile-secret-${process.pid}`);
        fs.writeFileSync(secretFile, "id: SECRET_VALUE_7f3a\n");
        roots.push(secretFile);
        const dir = folder({ "oasis.yaml": oasis }, (d) => {
            fs.symlinkSync(secretFile, path.join(d, "leak.yaml"));
            fs.symlinkSync("/proc/self/environ", path.join(d, "env.yaml"));
        });
        const out = lines(dir);
        expect(out).toEqual([
            "tenants/env.yaml: (file): is a symbolic link, not a regular file: tenant files must be regular files (not read)",
            "tenants/leak.yaml: (file): is a symbolic link, not a regular file: tenant files must be regular files (not read)",
        ]);
        expect(out.join("\n")).not.toContain("SECRET_VALUE");
        expect(out.join("\n")).not.toContain("PATH=");
    });

    it("a directory named y.yaml is refused (no EISDIR)", () => {
        const dir = folder({ "oasis.yaml": oasis }, (d) => fs.mkdirSync(path.join(d, "y.yaml")));
        expect(lines(dir)).toEqual(["tenants/y.yaml: (file): is a directory, not a regular file: tenant files must be regular files (not read)"]);
    });

    it("a FIFO is refused without opening it (reading it would block forever)", () => {
        const dir = folder({ "oasis.yaml": oasis }, (d) => execFileSync("mkfifo", [path.join(d, "pipe.yaml")]));
        expect(lines(dir)).toEqual(["tenants/pipe.yaml: (file): is a FIFO, not a regular file: tenant files must be regular files (not read)"]);
    });

    it("a symbolic link named retired.yaml is refused too", () => {
        const dir = folder({ "oasis.yaml": oasis }, (d) => fs.symlinkSync("/etc/hostname", path.join(d, "retired.yaml")));
        expect(lines(dir)).toEqual(["tenants/retired.yaml: (file): is a symbolic link, not a regular file: tenant files must be regular files (not read)"]);
    });

    it("a file over the size limit is refused without being read", () => {
        const big = `${oasis}description: "${"x".repeat(5 * 1024 * 1024)}"\n`;
        const dir = folder({ "oasis.yaml": big });
        expect(lines(dir)).toEqual([`tenants/oasis.yaml: (file): is ${Buffer.byteLength(big)} bytes: an input file is at most ${MAX_INPUT_FILE_BYTES} bytes (not read)`]);
    });

    it("reports hidden files (and accepts only .gitkeep among them)", () => {
        const dir = folder({ "oasis.yaml": oasis, ".acme.yaml": tenantYaml("acme"), ".env": "TOKEN=1", ".gitkeep": "" });
        const out = lines(dir);
        expect(out).toHaveLength(2);
        expect(out[0]).toMatch(/^tenants\/\.acme\.yaml: \(file\): is a hidden file: the folder holds only <id>\.yaml files/);
        expect(out[1]).toMatch(/^tenants\/\.env: \(file\): is a hidden file/);
    });

    it("a tenant folder that is itself a symbolic link is refused", () => {
        const target = folder({ "oasis.yaml": oasis });
        const link = path.join(path.dirname(target), "linked");
        fs.symlinkSync(target, link);
        expect(load(link).problems.map(formatTenantFileError)).toEqual(["tenants: (folder): is a symbolic link, not a folder"]);
    });
});

describe("encodings", () => {
    it.each([
        ["UTF-16", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(oasis, "utf16le")]), "is UTF-16 (or UTF-32) text: save it as UTF-8"],
        ["invalid UTF-8", Buffer.concat([Buffer.from(oasis), Buffer.from([0xc3, 0x28, 0x0a])]), "is not valid UTF-8 text: save it as UTF-8"],
        ["NUL bytes", Buffer.concat([Buffer.from(oasis), Buffer.from([0, 0, 0])]), "holds NUL bytes: it is not a text file (save it as UTF-8 text)"],
    ])("%s is refused", (_, bytes, message) => {
        expect(lines(folder({ "oasis.yaml": bytes }))).toEqual([`tenants/oasis.yaml: (file): ${message}`]);
    });

    it("a UTF-8 byte-order mark is accepted", () => {
        expect(lines(folder({ "oasis.yaml": `\ufeff${oasis}` }))).toEqual([]);
    });
});

describe("YAML features a tenant file never needs", () => {
    it("an undefined alias is located, not thrown", () => {
        expect(lines(folder({ "oasis.yaml": oasis.replace(/^name: .*$/m, "name: *nope") }))).toEqual([
            "tenants/oasis.yaml: name: uses an alias (*name): anchors and aliases are not allowed, write the value out (line 2, column 7)",
        ]);
    });

    it("27 aliases (over the library's own limit) are refused, each at its line, with the other files still judged", () => {
        const aliases = Array.from({ length: 27 }, (_, i) => `  k${i}: *a`).join("\n");
        const text = `${oasis}description: &a "x"\nsettings:\n  extra:\n${aliases}\n`;
        const load = lines(folder({ "oasis.yaml": text, "zeta.yaml": tenantYaml("zeta", { tier: "gold" }) }));
        expect(load.filter((l) => l.includes("uses an alias"))).toHaveLength(27);
        expect(load).toContain('tenants/zeta.yaml: tier: must be one of "community", "starter", "business", "enterprise", got the text "gold" (line 4, column 7)');
    });

    it("a YAML bomb (billion laughs) is refused: no alias is ever expanded", () => {
        const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
        for (let i = 1; i < 9; i++) {
            const prev = String.fromCharCode(96 + i);
            const cur = String.fromCharCode(97 + i);
            levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(",")}]`);
        }
        const result = load(folder({ "bomb.yaml": `${levels.join("\n")}\n` }));
        expect(result.tenants).toEqual([]);
        expect(result.problems.length).toBeGreaterThan(0);
        expect(result.problems.every((p) => /anchor|alias/.test(p.message))).toBe(true);
    });

    it("more than one document is refused at the separator", () => {
        expect(lines(folder({ "oasis.yaml": `${oasis}---\n${oasis}` }))).toEqual([
            "tenants/oasis.yaml: (yaml): holds more than one YAML document: the file is exactly one (remove the '---' line) (line 6, column 1)",
        ]);
    });

    it("tags, known or not, are refused", () => {
        const out = lines(folder({ "oasis.yaml": oasis.replace(/^name: (.*)$/m, "name: !!str $1") }));
        expect(out).toEqual(["tenants/oasis.yaml: name: has a tag (!…): tags are not allowed, write the plain value (line 2, column 13)"]);
        const unknown = lines(folder({ "oasis.yaml": oasis.replace(/^name: (.*)$/m, "name: !custom $1") }));
        expect(unknown).toEqual(["tenants/oasis.yaml: (yaml): has an unknown tag (!…): tags are not allowed, write the plain value (line 2, column 7)"]);
    });

    it("an unclosed quote is located where it opens, not at the end of the file", () => {
        const text = 'id: oasis\nname: "OASIS\nstatus: active\ntier: community\ncreated_at: 2025-01-15T09:00:00Z\n';
        expect(lines(folder({ "oasis.yaml": text }))).toEqual(["tenants/oasis.yaml: (yaml): a quoted value is never closed (add the closing quote) (line 2, column 7)"]);
    });
});

describe("values", () => {
    const problemsOf = (changes: Record<string, unknown>) => load(folder({ "oasis.yaml": tenantYaml("oasis", changes) })).problems;
    const only = (changes: Record<string, unknown>) => {
        const problems = problemsOf(changes);
        expect(problems).toHaveLength(1);
        return `${problems[0].field}: ${problems[0].message}`;
    };

    it("retention_days: 200000000 is refused, not a RangeError", () => {
        expect(only({ status: "archived", archived_at: "2026-01-01T00:00:00Z", settings: { retention_days: 200000000 } })).toBe(
            "settings.retention_days: must be at most 36500",
        );
    });

    it.each([
        ["2025-02-30T00:00:00Z"],
        ["2025-13-01T00:00:00Z"],
        ["2025-01-01T25:00:00Z"],
        ["2025-01-01"],
    ])("created_at %s (not a real instant) is refused", (created_at) => {
        expect(only({ created_at })).toMatch(/^created_at: must be an ISO-8601 date-time with a time zone/);
    });

    it("created_at and archived_at in the future are refused beyond five minutes of clock skew", () => {
        expect(only({ created_at: "2026-12-01T00:10:00Z" })).toBe("created_at: is in the future (now is 2026-12-01T00:00:00Z); write when it happened");
        expect(problemsOf({ created_at: "2026-12-01T00:04:00Z" })).toEqual([]);
        expect(only({ status: "archived", archived_at: "2027-01-01T00:00:00Z" })).toBe("archived_at: is in the future (now is 2026-12-01T00:00:00Z); write when it happened");
    });

    it.each([
        ["cpu", "1e21"],
        ["cpu", "0.0000001"],
        ["cpu", "1e1"],
        ["memory", "0x10"],
        ["pods", "1e1"],
        ["pods", ".inf"],
    ])("%s: %s (a number with an exponent, base prefix or infinity) is refused at its line", (key, written) => {
        const text = `${oasis}settings:\n  resources:\n    ${key}: ${written}\n`;
        const problems = load(folder({ "oasis.yaml": text })).problems;
        expect(problems.map((p) => [p.field, p.line])).toEqual([[`settings.resources.${key}`, 8]]);
        expect(problems[0].message).toMatch(/exponent|quantity/);
    });

    it("a quoted quantity with an exponent is refused with the quantity message", () => {
        expect(only({ settings: { resources: { cpu: "1e3" } } })).toBe('settings.resources.cpu: must be a Kubernetes quantity such as "500m", "4", "8Gi" (no sign, no exponent)');
    });

    it.each([
        ["HTTPS://hooks.example.com/stoa", 'write the scheme as "https://" exactly'],
        ["https:hooks.example.com", 'write the scheme as "https://" exactly'],
        ["https:/hooks.example.com", 'write the scheme as "https://" exactly'],
        ["http://hooks.example.com", "the scheme must be https"],
        ["file:///etc/passwd", "the scheme must be https"],
        ["javascript:alert(1)", "the scheme must be https"],
        ["https://alertmanager.monitoring.svc/hook", "cluster-internal"],
        ["https://alertmanager.monitoring.svc.cluster.local/hook", "cluster-internal"],
        ["https://kubernetes.default.svc", "cluster-internal"],
        ["https://metadata.google.internal/computeMetadata/v1/", "cluster-internal"],
        ["https://localhost:8443/", "cluster-internal"],
        ["https://169.254.169.254/latest/meta-data/", "IP addresses are not allowed"],
        ["https://10.0.0.1/", "IP addresses are not allowed"],
        ["https://2130706433/", "IP addresses are not allowed"],
        ["https://0x7f.1/", "IP addresses are not allowed"],
        ["https://[::1]/", "IP addresses are not allowed"],
        ["https://[fd00::1]:8443/", "IP addresses are not allowed"],
        ["https://169.254.169.254.nip.io/", "wildcard DNS"],
        ["https://app.10.0.0.1.sslip.io/", "wildcard DNS"],
        ["https://10-0-0-1.hooks.example.com/", "embeds a private"],
        ["https://hooks.127.0.0.1.example.com/", "embeds a private"],
        ["https://user:pass@hooks.example.com/", "no user name or password"],
        ["https://token@hooks.example.com/", "no user name or password"],
        ["https://hooks.example.com\\@evil.example/", "no spaces or backslashes"],
        ["https://hooks/", "needs a domain"],
        ["https://hooks.exa_mple.com/", "DNS name"],
    ])("webhook_url %s is refused, once", (url, says) => {
        const problems = problemsOf({ settings: { notifications: { webhook_url: url } } });
        expect(problems).toHaveLength(1);
        expect(problems[0].field).toBe("settings.notifications.webhook_url");
        expect(problems[0].message).toContain(says);
    });

    it.each(["https://hooks.example.com/stoa", "https://hooks.example.com:8443/a?b=c#d", "https://xn--bcher-kva.example/hook", "https://ec2-54-1-2-3.compute.example.com/"])(
        "webhook_url %s is accepted",
        (url) => {
            expect(problemsOf({ settings: { notifications: { webhook_url: url } } })).toEqual([]);
        },
    );

    it.each([
        ["name", "OASIS\u202eGunters", "bidi control characters (U+202E at character 6)"],
        ["name", "OASIS\u2066Gunters", "bidi control characters"],
        ["name", "OASIS\u0007Gunters", "control characters (U+0007 at character 6)"],
        ["name", "OASIS\nGunters", "must be one line"],
        ["description", "line one\u001b[31m red", "control characters"],
        ["description", "abc\u200fdef", "bidi control characters"],
    ])("%s with %j is refused", (field, value, says) => {
        const problems = problemsOf({ [field]: value });
        expect(problems.map((p) => p.field)).toEqual([field]);
        expect(problems[0].message).toContain(says);
    });

    it("a description may span lines", () => {
        expect(problemsOf({ description: "line one\nline two\twith a tab" })).toEqual([]);
    });

    it("echoes a long value only as a short escaped excerpt", () => {
        const long = `gold\u202e${"A".repeat(20_000)}`;
        const [line] = lines(folder({ "oasis.yaml": tenantYaml("oasis", { tier: long }) }));
        expect(line).toContain('got the text "gold\\u202eAAAA');
        expect(line).toContain(`…" (${long.length} characters)`);
        expect(line.length).toBeLessThan(300);
        expect(line).not.toContain("\u202e");
    });

    it("escapes an unknown key's control characters and caps its length", () => {
        const text = `${oasis}"evil\\u001b]0;title\\u0007${"k".repeat(500)}": 1\n`;
        const [line] = lines(folder({ "oasis.yaml": text }));
        expect(line).toMatch(/^tenants\/oasis\.yaml: "evil\\u001b\]0;title\\u0007k+…" \(\d+ characters\): is not a known field/);
    });

    it("never prints three backticks in a row (the pull-request comment quotes errors in a code block)", () => {
        const [line] = lines(folder({ "oasis.yaml": tenantYaml("oasis", { tier: "```\n# injected" }) }));
        expect(line).not.toContain("```");
        expect(line).toContain('got the text "\\u0060\\u0060\\u0060\\u000a# injected"');
    });

    it("refuses control and bidi characters in a retirement reason", () => {
        const retired = "retired:\n  - id: gone\n    retired_at: 2026-01-01T00:00:00Z\n    reason: \"ok \\u202e reversed\"\n";
        expect(lines(folder({ "oasis.yaml": oasis, "retired.yaml": retired }))).toEqual([
            "tenants/retired.yaml: retired[0].reason: must not contain bidi control characters (U+202E at character 4): they make text display differently from what it is (line 4, column 13)",
        ]);
    });

    it("escapes a file name's control characters", () => {
        const [line] = lines(folder({ "oasis.yaml": oasis, "bad\u001b[2Jname.txt": "x" }));
        expect(line).toMatch(/^tenants\/bad\\u001b\[2Jname\.txt: \(file\): is not a tenant file/);
    });
});

describe("the loader's result", () => {
    it("reports each problem once", () => {
        const problems = load(folder({ "oasis.yaml": tenantYaml("oasis", { settings: { notifications: { webhook_url: "file:///etc/passwd" } } }) })).problems;
        expect(problems.map((p) => p.field)).toEqual(["settings.notifications.webhook_url"]);
    });

    it("runs every set-level check given, after the files (one function in one list)", () => {
        const everyTenant: SetCheck = ({ tenants }) => tenants.map((t): TenantFileError => ({ file: t.sourceFile, field: "id", message: "seen by the set check" }));
        const result = load(folder({ "oasis.yaml": oasis, "zeta.yaml": tenantYaml("zeta") }), [everyTenant]);
        expect(result.problems.map(formatTenantFileError)).toEqual(["tenants/oasis.yaml: id: seen by the set check", "tenants/zeta.yaml: id: seen by the set check"]);
    });

    it("checks the stack file with the same format, located at its line", () => {
        const dir = folder({ "oasis.yaml": oasis });
        const stackFile = path.join(path.dirname(dir), "Pulumi.bad.yaml");
        fs.writeFileSync(stackFile, "config:\n  stoa-tenancy:environment: production\n  stoa-tenancy:frobnicate: 1\n");
        const stack = readStackSource(stackFile, "Pulumi.bad.yaml");
        if (!stack.ok) throw new Error(stack.problems.map(formatTenantFileError).join("\n"));
        const lines = loadInput({ folder: fileSystemFolder(dir, "tenants"), stack: stack.value, now: NOW }).problems.map(formatTenantFileError);
        expect(lines).toContain('Pulumi.bad.yaml: stoa-tenancy:environment: must be one of "dev", "staging", "prod", got the text "production" (line 2, column 29)');
        expect(lines).toContain("Pulumi.bad.yaml: stoa-tenancy:frobnicate: is not a known key (docs/stack-config.md lists every key) (line 3, column 3)");
    });

    it("refuses a stack file that is a symbolic link without reading it", () => {
        const dir = folder({});
        const link = path.join(path.dirname(dir), "Pulumi.link.yaml");
        fs.symlinkSync("/proc/self/environ", link);
        const stack = readStackSource(link, "Pulumi.link.yaml");
        expect(stack.ok ? [] : stack.problems.map(formatTenantFileError)).toEqual(["Pulumi.link.yaml: (file): is a symbolic link, not a regular file (not read)"]);
    });
});
