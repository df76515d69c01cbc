/**
 * The mock runtime's secret handling: provider outputs the real provider marks secret come back as
 * secrets, secret stack outputs and `secure:` config are redacted, and a secret copied in clear
 * elsewhere is caught. A small program of its own keeps each run fast.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { beforeAll, describe, expect, it } from "vitest";
import { SECRET_PLACEHOLDER, runOffline, type OfflineRun } from "../../scripts/offline/runtime";

const SEEDED = "seeded-secret-3f9a1c77e2";

describe("runOffline secrets", () => {
    let run: OfflineRun;
    let text: string;

    beforeAll(async () => {
        run = await runOffline({
            stack: "dev",
            config: { environment: "dev", token: SECRET_PLACEHOLDER },
            program: () => {
                const config = new pulumi.Config("stoa-tenancy");
                const password = new random.RandomPassword("db", { length: 24 });
                // Not wrapped by the program: the provider's additionalSecretOutputs must make it secret.
                new k8s.core.v1.Secret("creds", { stringData: { password: password.result } });
                // A provider secret copied in clear into another resource: a program bug the run must catch.
                new k8s.core.v1.ConfigMap("leaky", { data: { copy: pulumi.unsecret(password.result) } });
                new k8s.core.v1.ConfigMap("hook", { data: { url: pulumi.secret(`https://hooks.example/${SEEDED}`) } });
                new k8s.core.v1.Secret("plain", { stringData: { key: "written-in-clear-by-the-program" } });
                return {
                    password: password.result,
                    nested: { hook: pulumi.secret(SEEDED) },
                    token: config.requireSecret("token"),
                    visible: "plain-value",
                };
            },
        });
        text = JSON.stringify(run);
    });

    it("marks provider secret outputs as secrets, as the real provider does", () => {
        const secret = run.resources.find((r) => r.name === "creds");
        expect(secret?.inputs.stringData).toBe(SECRET_PLACEHOLDER);
        expect(run.outputs.password).toBe(SECRET_PLACEHOLDER);
        expect(text).not.toContain("mock-password-db");
    });

    it("redacts secret stack outputs at any depth and keeps plain ones", () => {
        expect(run.outputs.nested).toEqual({ hook: SECRET_PLACEHOLDER });
        expect(run.outputs.visible).toBe("plain-value");
        expect(text).not.toContain(SEEDED);
    });

    it("registers secure config values as secret config", () => {
        expect(run.outputs.token).toBe(SECRET_PLACEHOLDER);
    });

    it("redacts inputs the provider stores as secrets even when the program did not wrap them", () => {
        expect(run.resources.find((r) => r.name === "plain")?.inputs.stringData).toBe(SECRET_PLACEHOLDER);
        expect(text).not.toContain("written-in-clear-by-the-program");
    });

    it("reports and redacts a secret copied in clear into another input", () => {
        const leaky = run.resources.find((r) => r.name === "leaky");
        expect(leaky?.inputs.data).toEqual({ copy: SECRET_PLACEHOLDER });
        expect(run.secretLeaks).toEqual([{ urn: leaky?.urn, path: "data.copy" }]);
    });

    it("records resource options and parents", () => {
        expect(run.resources.map((r) => r.name)).toEqual(["db", "creds", "leaky", "hook", "plain"]);
        expect(run.resources.every((r) => r.parent === null && r.protect === false)).toBe(true);
    });
});

describe("runOffline failures", () => {
    it("rejects with the program's own error and leaves the runtime usable", async () => {
        await expect(
            runOffline({
                stack: "dev",
                config: { environment: "dev" },
                program: () => {
                    throw new Error("tenant files are invalid");
                },
            }),
        ).rejects.toThrow("tenant files are invalid");
        const next = await runOffline({
            stack: "dev",
            config: {},
            program: () => {
                const parent = new pulumi.ComponentResource("test:index:Parent", "p");
                new random.RandomPassword("child", { length: 8 }, { parent, protect: true, retainOnDelete: true });
                return {};
            },
        });
        const child = next.resources.find((r) => r.name === "child");
        expect(child).toMatchObject({ protect: true, retainOnDelete: true, parent: next.resources.find((r) => r.name === "p")?.urn });
    });
});
