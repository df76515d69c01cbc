import { spawnSync } from "node:child_process";
import { startTestServer } from "../test/postgres/server";
(async () => {
    const server = await startTestServer({ ssl: true });
    try {
        const a = await server.admin("postgres");
        await a.query("CREATE ROLE r LOGIN PASSWORD 'pw'; ");
        await a.end();
        for (const [tool, mode] of [["/root/.cache/stoa-tenancy/pg-client-18.6/bin/psql", "require"], ["/root/.cache/stoa-tenancy/pg-client-18.6/bin/psql", "require"], ["/usr/bin/psql", "require"], ["/usr/bin/psql", "require"], ["/root/.cache/stoa-tenancy/pg-client-18.6/bin/psql", "require"]]) {
            const t = Date.now();
            const r = spawnSync(tool, ["-X", "-A", "-t", "-c", "select version(), (select ssl from pg_stat_ssl where pid = pg_backend_pid())", "postgres"], {
                env: { PGHOST: "127.0.0.1", PGPORT: String(server.port), PGUSER: "r", PGPASSWORD: "pw", PGSSLMODE: mode, PGCONNECT_TIMEOUT: "10" }, encoding: "utf8", timeout: 15000, killSignal: "SIGKILL",
            });
            console.log(tool, mode, r.status, r.signal, Date.now() - t, r.stdout.trim(), r.stderr.trim());
        }
        console.log(server.logLines().filter((l) => /ssl|SSL|FATAL|LOG:  connection/.test(l)).slice(-12).join("\n"));
    } finally { await server.stop(); }
})();
