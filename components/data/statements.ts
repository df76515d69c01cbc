/**
 * What the postgresql provider cannot express, as a small resource of the program: SQL statements run
 * by the platform's admin login when the resource is created, and again whenever its statements or its
 * `trigger` change. Used for role settings only a superuser may set (`temp_file_limit`) and to end a
 * tenant's sessions when its status changes.
 *
 * A Pulumi dynamic resource: `pulumi preview` computes the diff (create, or update when the statements
 * or trigger changed) and runs nothing; `pulumi up` runs the statements, in one transaction, in the
 * resource's database. Deleting the resource runs nothing. It connects with libpq's environment
 * variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGSSLMODE), the ones the postgresql provider also reads,
 * so no credential is captured in the program or stored in the state.
 */
import * as pulumi from "@pulumi/pulumi";

export const STATEMENTS_MODULE = "stoa";
export const STATEMENTS_TYPE = "PostgresqlStatements";
/** The type token the resource is registered with. */
export const STATEMENTS_TOKEN = `pulumi-nodejs:dynamic/${STATEMENTS_MODULE}:${STATEMENTS_TYPE}`;

export interface StatementsInputs {
    /** Database to run in. */
    database: string;
    /** Run in order, in one transaction. */
    statements: string[];
    /** A value whose change runs the statements again even if they are the same (e.g. the tenant's status). */
    trigger: string;
}

interface StatementsArgs {
    database: pulumi.Input<string>;
    statements: pulumi.Input<pulumi.Input<string>[]>;
    trigger: pulumi.Input<string>;
}

async function runStatements(inputs: StatementsInputs): Promise<void> {
    // Loaded when `pulumi up` runs the provider, not when the program is evaluated.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pg = require("pg") as typeof import("pg");
    const client = new pg.Client({ database: inputs.database });
    await client.connect();
    try {
        await client.query("BEGIN");
        for (const statement of inputs.statements) await client.query(statement);
        await client.query("COMMIT");
    } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
    } finally {
        await client.end();
    }
}

const provider: pulumi.dynamic.ResourceProvider<StatementsInputs, StatementsInputs> = {
    async diff(_id, olds, news) {
        const changed = olds.database !== news.database || olds.trigger !== news.trigger || JSON.stringify(olds.statements) !== JSON.stringify(news.statements);
        return { changes: changed, replaces: olds.database !== news.database ? ["database"] : [] };
    },
    async create(inputs) {
        await runStatements(inputs);
        return { id: `${inputs.database}/${inputs.trigger}`, outs: inputs };
    },
    async update(_id, _olds, news) {
        await runStatements(news);
        return { outs: news };
    },
    async delete() {
        // Nothing to undo: settings stay with the role, ended sessions stay ended.
    },
};

export class PostgresqlStatements extends pulumi.dynamic.Resource {
    constructor(name: string, args: StatementsArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, args, opts, STATEMENTS_MODULE, STATEMENTS_TYPE);
    }
}
