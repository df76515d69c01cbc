/**
 * Property-based: tenant folders built from the valid samples with random mutations (field types,
 * anchors and aliases, tags, several documents, file kinds, sizes, encodings, truncation, a YAML
 * bomb). For every folder `npm run validate` and `npm run plan` agree (the same problem lines, or
 * both accept it), neither throws, every problem reads `<file>: <field path>: <message> (line L,
 * column C)`, and a refused folder writes nothing. The work per file is bounded by structure (size
 * limit, no alias ever expanded), so a bomb is simply refused; nothing here measures time.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { validateCommand } from "../../scripts/validate";
import { PROJECT_DIR, plan, removeTempDirs, tempDir, tempProject } from "./helpers";

afterAll(removeTempDirs);

const NOW = new Date("2026-12-01T00:00:00Z");
const SAMPLES = ["acme-corp", "globex", "initech", "oasis"].map((id) => ({ id, text: fs.readFileSync(path.join(PROJECT_DIR, "tenants", `${id}.yaml`), "utf8") }));
const PROBLEM = /^[^\n:]+: [^\n]+: [^\n]+?( \(line \d+, column \d+\))?$/;
// eslint-disable-next-line no-control-regex -- no raw control or bidi character may reach the terminal
const RAW_UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const BOMB = (() => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(",")}]`);
    return `${lines.join("\n")}\n`;
})();

type Kind = "file" | "symlink" | "directory" | "fifo";
interface Entry {
    name: string;
    kind: Kind;
    bytes: Buffer;
    bomb?: boolean;
}

const VALUES = [
    "42",
    "-1",
    "true",
    "~",
    "[1, 2]",
    "{a: 1}",
    '"x"',
    "1e1",
    "1e21",
    "0.0000001",
    "0x1F",
    ".nan",
    '"\\u202e evil"',
    '"bell \\u0007"',
    `"${"A".repeat(3000)}"`,
    "2025-02-30T00:00:00Z",
    "2099-01-01T00:00:00Z",
    "*nope",
    "&anchor value",
    "!!binary aGk=",
    "!custom x",
    "HTTPS://hooks.example.com/x",
    '"multi\\nline"',
];
const TOP_KEYS = ["id", "name", "status", "tier", "created_at", "description", "archived_at", "settings", "extra"];

const setTop = (text: string, key: string, value: string) => {
    const line = new RegExp(`^${key}:.*$`, "m");
    return line.test(text) ? text.replace(line, `${key}: ${value}`) : `${text}${key}: ${value}\n`;
};

const textMutation: fc.Arbitrary<(text: string) => { text: string; bomb?: boolean }> = fc.oneof(
    { weight: 8, arbitrary: fc.constant((text: string) => ({ text })) },
    fc.tuple(fc.constantFrom(...TOP_KEYS), fc.constantFrom(...VALUES)).map(([key, value]) => (text: string) => ({ text: setTop(text, key, value) })),
    fc.constantFrom(...VALUES).map((value) => (text: string) => ({ text: `${text}${/^settings:/m.test(text) ? "" : "settings:\n"}  resources:\n    cpu: ${value}\n` })),
    fc.constant((text: string) => ({ text: text.replace(/^name: (.*)$/m, "name: &n $1\nx-copy: *n") })),
    fc.constant((text: string) => ({ text: `${text}---\n${text}` })),
    fc.constant(() => ({ text: BOMB, bomb: true })),
    fc.nat().map((n) => (text: string) => ({ text: text.slice(0, n % (text.length + 1)) })),
    fc.constant((text: string) => ({ text: `${text}# ${"x".repeat(70 * 1024)}\n` })),
);

const encoding: fc.Arbitrary<(text: string) => Buffer> = fc.oneof(
    { weight: 12, arbitrary: fc.constant((text: string) => Buffer.from(text, "utf8")) },
    fc.constant((text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")])),
    fc.constant((text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])),
    fc.constant((text: string) => Buffer.from(text.replace(/^name: (.*)$/m, "name: Café $1"), "latin1")),
    fc.constant((text: string) => Buffer.concat([Buffer.from(text, "utf8"), Buffer.from([0])])),
);

const entry: fc.Arbitrary<Entry> = fc
    .record({
        sample: fc.constantFrom(...SAMPLES),
        mutate: textMutation,
        encode: encoding,
        kind: fc.oneof({ weight: 24, arbitrary: fc.constant<Kind>("file") }, fc.constantFrom<Kind>("symlink", "directory", "fifo")),
        name: fc.oneof({ weight: 24, arbitrary: fc.constant("") }, fc.constantFrom(".hidden.yaml", "notes.txt", "x.yml", "bad\u001b[2J.yaml", "retired.yaml")),
        random: fc.oneof({ weight: 24, arbitrary: fc.constant(null) }, fc.uint8Array({ maxLength: 200 })),
    })
    .map(({ sample, mutate, encode, kind, name, random }) => {
        const mutated = mutate(sample.text);
        return { name: name || `${sample.id}.yaml`, kind, bytes: random ? Buffer.from(random) : encode(mutated.text), bomb: mutated.bomb && !random && kind === "file" };
    });

const folderArb = fc.uniqueArray(entry, { minLength: 1, maxLength: 3, selector: (e) => e.name });

function build(entries: readonly Entry[]): string {
    const dir = tempProject("agree");
    const tenants = path.join(dir, "tenants");
    fs.mkdirSync(tenants);
    const outside = tempDir("agree-outside");
    for (const e of entries) {
        const file = path.join(tenants, e.name);
        if (e.kind === "file") fs.writeFileSync(file, e.bytes);
        else if (e.kind === "directory") fs.mkdirSync(file);
        else if (e.kind === "fifo") execFileSync("mkfifo", [file]);
        else {
            fs.writeFileSync(path.join(outside, "target"), e.bytes);
            fs.symlinkSync(path.join(outside, "target"), file);
        }
    }
    return dir;
}

describe("validate and plan on mutated tenant folders", () => {
    it("agree, never crash, format every problem, and write nothing for a refused folder", async () => {
        await fc.assert(
            fc.asyncProperty(folderArb, async (entries) => {
                const dir = build(entries);
                const err: string[] = [];
                const code = await validateCommand(["--stack", "dev"], { out: () => undefined, err: (l) => err.push(l), now: () => NOW }, dir);
                const planned = await plan(["--stack", "dev", "--out", "out/plan.json"], { cwd: dir, now: NOW, policies: [] });
                const validateLines = err.slice(0, -1);
                const planLines = planned.stderr.split("\n\n")[0].split("\n").filter(Boolean);

                expect([0, 1]).toContain(code);
                for (const line of [...validateLines, ...planLines]) {
                    expect(line).toMatch(PROBLEM);
                    expect(line).not.toMatch(RAW_UNPRINTABLE);
                }
                if (code === 1) {
                    expect(planned.status).toBe(2);
                    expect(planLines).toEqual(validateLines);
                    expect(planned.stdout).toBe("");
                    expect(fs.existsSync(path.join(dir, "out"))).toBe(false);
                } else {
                    expect(planned.stderr).toBe("");
                    expect([0, 1]).toContain(planned.status);
                    expect(fs.existsSync(path.join(dir, "out", "plan.json"))).toBe(true);
                }
                for (const bomb of entries.filter((e) => e.bomb)) {
                    expect(code).toBe(1);
                    expect(validateLines.some((l) => l.includes(`/tenants/${bomb.name}: `) && /alias|anchor/.test(l))).toBe(true);
                }
                fs.rmSync(dir, { recursive: true, force: true });
            }),
            { numRuns: 40, seed: Number(process.env.FC_SEED ?? 1300), endOnFailure: true },
        );
    }, 600_000);
});
