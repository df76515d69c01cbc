/**
 * `npx tsx scripts/servers/pg-client.ts`: fetches (once) PostgreSQL 18's pg_dump, pg_restore and psql
 * for the backup suite (pgClient.ts) and prints the folder that holds them. Exits 1 with one line when
 * it cannot.
 */
import { ensurePgClient } from "./pgClient";

ensurePgClient().then(
    (client) => {
        process.stderr.write(`pg-client: ${client.version}\n`);
        process.stdout.write(`${client.bin}\n`);
    },
    (err: unknown) => {
        process.stderr.write(`pg-client: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
    },
);
