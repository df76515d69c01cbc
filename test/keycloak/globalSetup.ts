/**
 * Once per `npm run test:keycloak`: start one server, apply the program's identity layer, add the
 * test users, hand the connection to the test files (`inject("keycloak")`), and stop the server
 * afterwards, also when a test or this setup fails.
 */
import type { TestProject } from "vitest/node";
import { startKeycloak, type KeycloakServer } from "../../scripts/servers/keycloak";
import { deploy, type Deployment } from "./deploy";
import { recordRun } from "./runInfo";

declare module "vitest" {
    export interface ProvidedContext {
        keycloak: Deployment;
    }
}

let server: KeycloakServer | undefined;

export async function setup(project: TestProject): Promise<void> {
    const started = Date.now();
    server = await startKeycloak();
    try {
        const deployment = await deploy(server);
        recordRun({ version: server.version, javaMajor: server.javaMajor, startMs: server.startMs, applyMs: deployment.applyMs, setupMs: Date.now() - started, applied: deployment.applied });
        process.stderr.write(`keycloak: ${server.version} ready in ${Math.round(server.startMs / 1000)}s, program applied in ${Math.round(deployment.applyMs / 1000)}s\n`);
        project.provide("keycloak", deployment);
    } catch (error) {
        await teardown();
        throw error;
    }
}

export async function teardown(): Promise<void> {
    await server?.stop();
    server = undefined;
}
