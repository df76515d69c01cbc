/** The command line of `npm run plan`, parsed in process: every problem named, with its option. */
import { describe, expect, it } from "vitest";
import { parsePlanArgs } from "../../scripts/plan/args";

const problems = (argv: string[]) => {
    const parsed = parsePlanArgs(argv);
    return parsed.ok ? [] : parsed.problems.map((p) => `${p.file}: ${p.field}: ${p.message}`);
};

describe("parsePlanArgs", () => {
    it("takes every option", () => {
        expect(parsePlanArgs(["--stack", "dev", "--tenants", "t", "--out", "p.json", "--markdown", "p.md", "--base", "origin/main", "--policy-config", "c.json"])).toEqual({
            ok: true,
            args: { stack: "dev", tenants: "t", out: "p.json", markdown: "p.md", base: "origin/main", policyConfig: "c.json", help: false, allShards: false },
        });
    });
    it("answers --help and -h without a stack", () => {
        expect(parsePlanArgs(["--help"])).toEqual({ ok: true, args: { stack: "", help: true, allShards: false, base: undefined, markdown: undefined, out: undefined, policyConfig: undefined, tenants: undefined } });
        expect(parsePlanArgs(["-h"])).toMatchObject({ ok: true, args: { help: true } });
    });
    it("requires a stack", () => {
        expect(problems([])).toEqual(["(command line): --stack: is required (dev, staging or prod)"]);
    });
    it("refuses a stack name that is no file name, an empty value, and a revision that looks like an option", () => {
        expect(problems(["--stack", "../prod"])).toEqual(['(command line): --stack: "../prod" is not a stack name']);
        expect(problems(["--stack", "dev", "--tenants", ""])).toEqual(["(command line): --tenants: must not be empty"]);
        expect(problems(["--stack", "dev", "--base=-x"])).toEqual(['(command line): --base: "-x" is not a git revision']);
    });
    it("reports every problem at once", () => {
        expect(problems(["--stack", "", "--out", "p", "--markdown", "p"])).toEqual([
            "(command line): --stack: must not be empty",
            "(command line): --markdown: must not be the same file as --out",
        ]);
    });
    it("names an unknown option in one line", () => {
        expect(problems(["--stack", "dev", "--colour"])).toEqual([expect.stringMatching(/^\(command line\): \(arguments\): Unknown option '--colour'/)]);
    });
});

describe("parsePlanArgs --all-shards and --jobs", () => {
    it("takes --all-shards with a number of workers from 1 to 256", () => {
        expect(parsePlanArgs(["--stack", "prod", "--all-shards"])).toMatchObject({ ok: true, args: { stack: "prod", allShards: true } });
        expect(parsePlanArgs(["--stack", "prod", "--all-shards"])).not.toHaveProperty("args.jobs");
        expect(parsePlanArgs(["--stack", "prod", "--all-shards", "--jobs", "1"])).toMatchObject({ ok: true, args: { jobs: 1 } });
        expect(parsePlanArgs(["--stack", "prod", "--all-shards", "--jobs", "256"])).toMatchObject({ ok: true, args: { jobs: 256 } });
    });

    it("refuses a --jobs that is no number of workers, and --jobs without --all-shards", () => {
        for (const jobs of ["0", "257", "999", "1000", "-1", "2.5", "01", "x"]) {
            expect(problems(["--stack", "prod", "--all-shards", `--jobs=${jobs}`])).toEqual([`(command line): --jobs: "${jobs}" is not a number of workers (1 to 256)`]);
        }
        expect(problems(["--stack", "prod", "--jobs", "2"])).toEqual(["(command line): --jobs: is only for --all-shards"]);
        expect(problems(["--stack", "prod", "--all-shards", "--jobs", ""])).toEqual(["(command line): --jobs: must not be empty"]);
    });

    it("needs no stack for --help, but checks the stack's name otherwise", () => {
        expect(parsePlanArgs(["--help", "--stack", "../x"])).toMatchObject({ ok: true, args: { help: true, stack: "../x" } });
        expect(problems(["--stack", "prod.eu-1_a"])).toEqual([]);
        expect(problems(["--stack=-prod"])).toEqual(['(command line): --stack: "-prod" is not a stack name']);
        expect(problems(["--stack", "prod/a"])).toEqual(['(command line): --stack: "prod/a" is not a stack name']);
        expect(problems(["--stack", "dev", "--base", "origin/main"])).toEqual([]);
        expect(problems(["--stack", "dev", "--out", "a.json", "--markdown", "a.md"])).toEqual([]);
    });

    it("refuses a positional argument", () => {
        expect(problems(["--stack", "dev", "extra"])).toEqual([expect.stringMatching(/^\(command line\): \(arguments\): Unexpected argument 'extra'/)]);
    });
});
