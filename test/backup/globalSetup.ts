/**
 * Once per `npm run test:backup`: PostgreSQL 18's client tools (scripts/servers/pgClient.ts), fetched
 * on the first run, for the test files (`inject("pgClient")`). A fetch that fails fails the suite with
 * one line; it never skips.
 */
import type { TestProject } from "vitest/node";
import { ensurePgClient, type PgClient } from "../../scripts/servers/pgClient";

declare module "vitest" {
    export interface ProvidedContext {
        pgClient: PgClient;
    }
}

export async function setup(project: TestProject): Promise<void> {
    let client: PgClient;
    try {
        client = await ensurePgClient();
    } catch (err) {
        const failure = new Error(`could not get the PostgreSQL 18 client tools: ${err instanceof Error ? err.message : String(err)}`);
        // One line, no stack trace: the reason is all there is to say.
        failure.stack = `Error: ${failure.message}`;
        throw failure;
    }
    process.stderr.write(`pg-client: ${client.version} (${client.bin})\n`);
    project.provide("pgClient", client);
}
