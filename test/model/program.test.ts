/**
 * One bad tenant file stops the program before any resource is registered. runOffline rethrows the
 * program's error before returning what it recorded, so a stack transformation of our own counts
 * every resource the program tries to register.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { TenantValidationError } from "../../components/model";
import { stoaTenancy } from "../../components/program";
import { runOffline } from "../../scripts/offline/runtime";
import { PROJECT_DIR, fixtureDir } from "./helpers";

/** The program over `tenantsDir`, recording the name of every resource it registers. */
function recordingProgram(tenantsDir: string, registered: string[]) {
    return () => {
        pulumi.runtime.registerStackTransformation((args) => {
            registered.push(`${args.type}::${args.name}`);
            return undefined;
        });
        return stoaTenancy({ tenantsDir });
    };
}

describe("the program with a bad tenant file", () => {
    it("throws a TenantValidationError naming the file and registers no resource", async () => {
        const registered: string[] = [];
        const error = await runOffline({ stack: "dev", projectDir: PROJECT_DIR, program: recordingProgram(fixtureDir("one-bad"), registered) }).then(
            () => undefined,
            (err: unknown) => err,
        );
        expect(error).toBeInstanceOf(TenantValidationError);
        const errors = (error as TenantValidationError).errors;
        expect(errors).toEqual([expect.objectContaining({ file: expect.stringMatching(/one-bad\/broken\.yaml$/), field: "settings.quotas.max_apis" })]);
        expect((error as Error).message).toContain("broken.yaml: settings.quotas.max_apis: 11 is above the community tier's ceiling of 10");
        expect(registered).toEqual([]);
    });

    it("(control) registers resources when every file is valid, so the count above can fail", async () => {
        const registered: string[] = [];
        const run = await runOffline({ stack: "dev", projectDir: PROJECT_DIR, program: recordingProgram(fixtureDir("valid"), registered) });
        expect(registered.length).toBeGreaterThan(0);
        expect(run.resources.length).toBe(registered.length);
    });
});
