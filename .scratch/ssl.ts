import { spawnSync } from "node:child_process";
import { startTestServer } from "../test/postgres/server";
(async () => {
    const server = await startTestServer({ ssl: true, settings: process.env.TLS12 ? { ssl_max_protocol_version: "TLSv1.2" } : {} });
    try {
        const a = await server.admin("postgres");
        await a.query("CREATE DATABASE t1");
        await a.query("CREATE ROLE r LOGIN PASSWORD 'pw'; ");
        const b = await server.admin("t1");
        await b.query("CREATE SCHEMA s; CREATE TABLE s.x (id serial primary key, v text); INSERT INTO s.x (v) SELECT 'row ' || g FROM generate_series(1,10) g; GRANT USAGE ON SCHEMA s TO r; GRANT SELECT ON ALL TABLES IN SCHEMA s TO r; GRANT SELECT ON ALL SEQUENCES IN SCHEMA s TO r");
        await b.end(); await a.end();
        for (const mode of (process.env.MODES ?? "require").split(",")) {
            const t = Date.now();
            const r = spawnSync("/root/.cache/stoa-tenancy/pg-client-18.6/bin/pg_dump", ["--schema=s", "--format=custom", "-v", "--no-sync", "-f", "/tmp/x.dump"], {
                env: { PGHOST: "127.0.0.1", PGPORT: String(server.port), PGUSER: "r", PGPASSWORD: "pw", PGDATABASE: "t1", PGSSLMODE: mode }, encoding: "utf8", timeout: 20000, killSignal: "SIGKILL",
            });
            console.log(mode, r.status, r.signal, Date.now() - t, r.stderr.split("\n").slice(-4).join(" | "));
        }
    } finally { await server.stop(); }
})();
