/**
 * Runs the real program under the mocks with the fixture tenants and applies its PostgreSQL resources
 * to a test server, with the SQL the provider would run (translate.ts). Stands in for `pulumi up`.
 */
import * as path from "node:path";
import type pg from "pg";
import { scramVerifier } from "../../components/data/scram";
import { stoaTenancy } from "../../components/program";
import { readStackFile, runOffline, type OfflineRun, type RecordedResource } from "../../scripts/offline/runtime";
import { postgresqlResources, toSql, type SqlStep } from "./translate";
import type { TestServer } from "./server";

export const FIXTURE_TENANTS = path.join(__dirname, "fixtures", "tenants");
const RANDOM_PASSWORD = "random:index/randomPassword:RandomPassword";
const RANDOM_BYTES = "random:index/randomBytes:RandomBytes";

/** Runs the program for the fixture tenants (or those of `tenantsDir`), with the dev stack's config plus `config`. */
export async function recordProgram(config: Record<string, unknown>, tenantsDir = FIXTURE_TENANTS): Promise<OfflineRun> {
    return runOffline({
        stack: "dev",
        config: { ...readStackFile(process.cwd(), "dev"), ...config },
        program: () => stoaTenancy({ tenantsDir }),
    });
}

/**
 * Recorded role passwords are "[secret]" (as they must be). Under the mocks a RandomPassword's result
 * is `mock-password-<its logical name>` (scripts/offline/mocks.ts), and each role's password comes
 * from the RandomPassword named `<role's logical name>-password` beside it: rebuild the value from
 * that, and fail if no such RandomPassword was registered.
 */
export function mockPasswords(run: OfflineRun): (role: RecordedResource) => string {
    return (role) => {
        const source = run.resources.find((r) => r.type === RANDOM_PASSWORD && r.name === `${role.name}-password` && r.parent === role.parent);
        if (!source) throw new Error(`${role.name}: no RandomPassword ${role.name}-password beside it`);
        return `mock-password-${source.name}`;
    };
}

/**
 * What a role's `password` input holds: the SCRAM verifier of its clear password (above) with the salt
 * of the RandomBytes `<role's logical name>-salt` beside it (under the mocks, the bytes of
 * `mock-bytes-<its logical name>`). Whether that verifier is right is for the server to say: the tests
 * log in with the clear password.
 */
export function mockVerifiers(run: OfflineRun): (role: RecordedResource) => string {
    const passwordOf = mockPasswords(run);
    return (role) => {
        const salt = run.resources.find((r) => r.type === RANDOM_BYTES && r.name === `${role.name}-salt` && r.parent === role.parent);
        if (!salt) throw new Error(`${role.name}: no RandomBytes ${role.name}-salt beside it`);
        return scramVerifier(passwordOf(role), Buffer.from(`mock-bytes-${salt.name}`));
    };
}

/** The SQL of every postgresql resource of the run, split as `pulumi up` would reach them. */
export function plannedSql(run: OfflineRun): SqlStep[] {
    const verifierOf = mockVerifiers(run);
    return postgresqlResources(run.resources).map((r) => toSql(r, verifierOf));
}

/** Runs steps in order, each in its own transaction on its database (roles: on `clusterDatabase`). */
export async function applySteps(server: TestServer, steps: readonly SqlStep[], clusterDatabase: string): Promise<void> {
    const clients = new Map<string, pg.Client>();
    try {
        for (const step of steps) {
            const database = step.database ?? clusterDatabase;
            let client = clients.get(database);
            if (!client) {
                client = await server.admin(database);
                clients.set(database, client);
            }
            const transaction = step.transaction !== false;
            if (transaction) await client.query("BEGIN");
            try {
                for (const statement of step.statements) await client.query(statement);
                if (transaction) await client.query("COMMIT");
            } catch (err) {
                if (transaction) await client.query("ROLLBACK");
                throw new Error(`${step.resource}: ${(err as Error).message}\n  ${step.statements.join(";\n  ")}`);
            }
        }
    } finally {
        await Promise.all([...clients.values()].map((c) => c.end().catch(() => undefined)));
    }
}
