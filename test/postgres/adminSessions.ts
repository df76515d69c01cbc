/** The test server's superuser sessions: one per database, opened on first use and kept for the file's tests. */
import type pg from "pg";
import type { TestServer } from "./server";
import { quoteIdent } from "./translate";

export class AdminSessions {
    private readonly clients = new Map<string, pg.Client>();

    /** `server` is read when a session is first needed: the server starts in a `beforeAll`. */
    constructor(private readonly server: () => TestServer) {}

    async get(database: string): Promise<pg.Client> {
        let client = this.clients.get(database);
        if (!client) {
            client = await this.server().admin(database);
            this.clients.set(database, client);
        }
        return client;
    }

    async close(database: string): Promise<void> {
        await this.clients.get(database)?.end();
        this.clients.delete(database);
    }

    async closeAll(): Promise<void> {
        await Promise.all([...this.clients.values()].map((c) => c.end().catch(() => undefined)));
        this.clients.clear();
    }

    /** Runs `sql` in `database` as `role` with `schema` first on the search path, then resets both. */
    async asRole(database: string, role: string, schema: string, sql: string): Promise<void> {
        const client = await this.get(database);
        await client.query(`SET ROLE ${quoteIdent(role)}; SET search_path TO ${quoteIdent(schema)}`);
        try {
            await client.query(sql);
        } finally {
            await client.query("RESET ROLE; RESET search_path");
        }
    }
}
