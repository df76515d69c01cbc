/**
 * The benchmark's bare-SDK replay must register exactly what the plan registered, or the ratio it
 * reports compares different work: for each shipped stack, the plan's resources replayed through their
 * classes (and through the generic floor) register the same types, names, parents and inputs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runOffline } from "../../scripts/offline/runtime";
import type { PlanDocument } from "../../scripts/plan/json";
import { classLocation, differingInputs, replayProgram, type ReplayResource } from "../../scripts/bench/replay";
import { PROJECT_DIR, plan, removeTempDirs, tempDir } from "../plan/helpers";

afterAll(removeTempDirs);

describe("classLocation", () => {
    it.each([
        ["kubernetes:core/v1:Namespace", { kind: "providerClass", packageName: "@pulumi/kubernetes", exportPath: ["core", "v1", "Namespace"] }],
        ["kubernetes:batch/v1:CronJob", { kind: "providerClass", packageName: "@pulumi/kubernetes", exportPath: ["batch", "v1", "CronJob"] }],
        ["kubernetes:networking.k8s.io/v1:NetworkPolicy", { kind: "providerClass", packageName: "@pulumi/kubernetes", exportPath: ["networking", "v1", "NetworkPolicy"] }],
        ["kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", { kind: "providerClass", packageName: "@pulumi/kubernetes", exportPath: ["rbac", "v1", "RoleBinding"] }],
        ["kubernetes:policy/v1:PodDisruptionBudget", { kind: "providerClass", packageName: "@pulumi/kubernetes", exportPath: ["policy", "v1", "PodDisruptionBudget"] }],
        ["kubernetes:configuration.konghq.com/v1:KongPlugin", { kind: "kubernetesCustomResource" }],
        ["kubernetes:velero.io/v1:Schedule", { kind: "kubernetesCustomResource" }],
        ["keycloak:index/realm:Realm", { kind: "providerClass", packageName: "@pulumi/keycloak", exportPath: ["Realm"] }],
        ["keycloak:openid/client:Client", { kind: "providerClass", packageName: "@pulumi/keycloak", exportPath: ["openid", "Client"] }],
        ["grafana:oss/folder:Folder", { kind: "providerClass", packageName: "@pulumiverse/grafana", exportPath: ["oss", "Folder"] }],
        ["postgresql:index/grant:Grant", { kind: "providerClass", packageName: "@pulumi/postgresql", exportPath: ["Grant"] }],
        ["random:index/randomPassword:RandomPassword", { kind: "providerClass", packageName: "@pulumi/random", exportPath: ["RandomPassword"] }],
        ["pulumi-nodejs:dynamic/stoa:PostgresqlStatements", { kind: "statements" }],
        ["stoa:tenancy:TenantIsolation", { kind: "component" }],
    ])("%s", (type, location) => {
        expect(classLocation(type)).toEqual(location);
    });

    it.each(["aws:s3/bucket:Bucket", "kubernetes:Namespace", "pulumi-nodejs:dynamic:Resource"])("refuses %s, a type it has no class for", (type) => {
        expect(() => classLocation(type)).toThrow(`no class known for resource type ${type}`);
    });
});

describe("differingInputs", () => {
    const recorded: ReplayResource[] = [
        { urn: "urn:a", type: "t", name: "a", parent: null, inputs: { x: 1, y: { p: "q", r: [1, 2] } }, protect: false, retainOnDelete: false },
        { urn: "urn:b", type: "t", name: "b", parent: null, inputs: { x: 2 }, protect: false, retainOnDelete: false },
    ];

    it("sees no difference in inputs whose keys were set in another order", () => {
        expect(differingInputs(recorded, [{ urn: "urn:b", inputs: { x: 2 } }, { urn: "urn:a", inputs: { y: { r: [1, 2], p: "q" }, x: 1 } }])).toEqual([]);
    });

    it("names a resource whose inputs differ, one missing and one extra", () => {
        expect(differingInputs(recorded, [{ urn: "urn:a", inputs: { x: 1, y: { p: "q", r: [2, 1] } } }, { urn: "urn:c", inputs: {} }])).toEqual(["urn:a", "urn:b", "urn:c"]);
    });
});

describe.each(["dev", "staging", "prod"])("replaying the plan of stack %s", (stack) => {
    let resources: ReplayResource[] = [];

    it("plans the shipped tenants", async () => {
        const out = path.join(tempDir(`replay-${stack}`), "plan.json");
        const result = await plan(["--stack", stack, "--out", out]);
        expect(result.status).toBe(0);
        resources = (JSON.parse(fs.readFileSync(out, "utf8")) as PlanDocument).resources;
        expect(resources.some((r) => r.type === "pulumi-nodejs:dynamic/stoa:PostgresqlStatements")).toBe(true);
        expect(resources.some((r) => classLocation(r.type).kind === "kubernetesCustomResource")).toBe(true);
    });

    it.each(["classes", "generic"] as const)("through %s registers the same resources with the same inputs", async (mode) => {
        expect(resources.length).toBeGreaterThan(100);
        const run = await runOffline({ stack, projectDir: PROJECT_DIR, program: replayProgram(resources, mode) });
        expect(run.resources.map((r) => [r.urn, r.type, r.parent])).toEqual(resources.map((r) => [r.urn, r.type, r.parent]));
        expect(differingInputs(resources, run.resources)).toEqual([]);
    });
});
