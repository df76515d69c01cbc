/**
 * The stack file as the plan and validate read it (components/model/stackInput.ts) and the stack
 * schema's cross-key rules (components/model/stackConfig.ts): each refusal named by its config key,
 * with its literal message and line.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { checkStackConfig, parseStackFile } from "../../components/model";
import { PROJECT_DIR } from "./helpers";

const FILE = "Pulumi.prod.yaml";
/** The dev stack file (which names no gateway, so one can be appended) in the environment given. */
const stackText = (environment: string) =>
    fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8").replace("stoa-tenancy:environment: dev", `stoa-tenancy:environment: ${environment}`);

/** The problems of that stack file with `extra` appended under config. */
function problemsWith(extra: string, environment = "prod") {
    const text = `${stackText(environment).trimEnd()}\n${extra}`;
    const parsed = parseStackFile(FILE, text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    return { problems: checkStackConfig(FILE, parsed.value).problems, lineOf: (needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1 };
}

describe("parseStackFile", () => {
    it("invalid YAML is the parser's problem", () => {
        const parsed = parseStackFile(FILE, "config:\n  stoa-tenancy:environment: 'prod\n");
        expect(parsed).toStrictEqual({ ok: false, problems: [{ file: FILE, field: "(yaml)", message: "a quoted value is never closed (add the closing quote)", line: 2, column: 29 }] });
    });

    it("a file that is not a mapping, and a config that is not one, are refused", () => {
        expect(parseStackFile(FILE, "- config\n")).toStrictEqual({ ok: false, problems: [{ file: FILE, field: "(file)", message: "must be a mapping (config: …)" }] });
        expect(parseStackFile(FILE, "just text\n")).toStrictEqual({ ok: false, problems: [{ file: FILE, field: "(file)", message: "must be a mapping (config: …)" }] });
        expect(parseStackFile(FILE, "config: stoa-tenancy\n")).toStrictEqual({
            ok: false,
            problems: [{ file: FILE, field: "config", message: "must be a mapping of `<namespace>:<key>: value`", line: 1, column: 9 }],
        });
        expect(parseStackFile(FILE, "encryptionsalt: x\nconfig:\n  - stoa-tenancy:environment\n")).toStrictEqual({
            ok: false,
            problems: [{ file: FILE, field: "config", message: "must be a mapping of `<namespace>:<key>: value`", line: 3, column: 3 }],
        });
    });

    it("keeps the project's keys without the prefix, a secure value as [secret], and nothing of other namespaces", () => {
        const parsed = parseStackFile(FILE, "config:\n  stoa-tenancy:environment: prod\n  stoa-tenancy:grafanaUrl:\n    secure: AAABAJ\n  keycloak:url: https://auth.example\n");
        expect(parsed.ok && parsed.value.raw).toStrictEqual({ environment: "prod", grafanaUrl: "[secret]" });
        const empty = parseStackFile(FILE, "");
        expect(empty.ok && empty.value.raw).toStrictEqual({});
    });
});

describe("checkStackConfig: rules across keys", () => {
    const REDIS = "redis: { host: redis.stoa-system.svc.cluster.local, ssl: true, passwordSecret: kong-redis }";

    it("the dev stack file is valid in dev; in prod its default gateway's Redis needs a password and TLS", () => {
        expect(problemsWith("", "dev").problems).toEqual([]);
        // No gateways key: the problems are located at the config mapping, which starts on line 5.
        expect(problemsWith("").problems).toStrictEqual([
            { file: FILE, field: "stoa-tenancy:gateways[0].redis.passwordSecret", message: "is required in prod: the rate limiter's Redis holds every tenant's counters", line: 5, column: 3 },
            { file: FILE, field: "stoa-tenancy:gateways[0].redis.ssl", message: "must be true in prod: the Redis password and counters must not cross the network in the clear", line: 5, column: 3 },
        ]);
    });

    it("a second gateway with the same adapter is refused at its adapter", () => {
        const { problems, lineOf } = problemsWith(`  stoa-tenancy:gateways:\n    - adapter: kong\n      ${REDIS}\n    - adapter: kong # again\n      ${REDIS}\n`);
        expect(problems).toStrictEqual([
            { file: FILE, field: "stoa-tenancy:gateways[1].adapter", message: "names kong a second time: a stack runs at most one gateway per adapter", line: lineOf("# again"), column: 16 },
        ]);
    });

    it("two gateways with different adapters are accepted", () => {
        expect(problemsWith(`  stoa-tenancy:gateways:\n    - adapter: kong\n      ${REDIS}\n    - adapter: gravitee\n      managementContext: stoa-apim\n`).problems).toEqual([]);
    });

    it("a metrics proxy URL without {tenant}, and an ingress annotation key without a prefix, are refused", () => {
        const { problems, lineOf } = problemsWith(
            `  stoa-tenancy:gateways:\n    - adapter: kong\n      ${REDIS}\n  stoa-tenancy:metricsProxyUrl: http://prom-label-proxy.monitoring:8080/all\n  stoa-tenancy:tenantIngressAnnotations:\n    - ssl-redirect\n`,
        );
        expect(problems).toStrictEqual([
            { file: FILE, field: "stoa-tenancy:tenantIngressAnnotations[0]", message: "must be a prefixed annotation key", line: lineOf("- ssl-redirect"), column: 7 },
            { file: FILE, field: "stoa-tenancy:metricsProxyUrl", message: "must contain {tenant}", line: lineOf("metricsProxyUrl"), column: 33 },
        ]);
    });

    it("platform egress pod labels with one label are accepted", () => {
        const { problems } = problemsWith(
            `  stoa-tenancy:gateways:\n    - adapter: kong\n      ${REDIS}\n  stoa-tenancy:platformEgress:\n    - name: database\n      podLabels: { app.kubernetes.io/name: postgresql }\n      ports: [{ port: 5432 }]\n`,
        );
        expect(problems).toEqual([]);
    });

    it("platform egress pod labels must name at least one label", () => {
        const { problems, lineOf } = problemsWith(
            `  stoa-tenancy:gateways:\n    - adapter: kong\n      ${REDIS}\n  stoa-tenancy:platformEgress:\n    - name: database\n      podLabels: {}\n      ports: [{ port: 5432 }]\n`,
        );
        expect(problems).toStrictEqual([
            { file: FILE, field: "stoa-tenancy:platformEgress[0].podLabels", message: "must name at least one label", line: lineOf("podLabels: {}"), column: 18 },
        ]);
    });
});
