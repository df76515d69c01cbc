/**
 * Turns the PostgreSQL resources the program registers (as recorded under the mocks) into the SQL
 * the `postgresql` provider runs for them, so the real-server tests apply exactly what the program
 * declares. Read from cyrilgdn/terraform-provider-postgresql (the provider @pulumi/postgresql wraps),
 * `postgresql/` folder:
 * - resource_postgresql_role.go, create: `CREATE ROLE "n" WITH` + ENCRYPTED PASSWORD, VALID UNTIL
 *   'infinity', CONNECTION LIMIT, and SUPERUSER/CREATEDB/CREATEROLE/INHERIT/LOGIN/REPLICATION/BYPASSRLS
 *   or their NO… forms (defaults: all off except INHERIT; limit -1); then `GRANT "r" TO "n"` per
 *   `roles` entry and `ALTER ROLE "n" SET search_path TO "a", "b"` (alterSearchPath).
 * - resource_postgresql_schema.go, create (createSchema): looks the name up in pg_namespace first; a
 *   new schema gets `CREATE SCHEMA [IF NOT EXISTS] "s" AUTHORIZATION "owner"` (ifNotExists defaults to
 *   true), an existing one is adopted whatever ifNotExists says: only `ALTER SCHEMA "s" OWNER TO
 *   "owner"` (setSchemaOwner; the owner changes from nothing on create). Both in the resource's database.
 * - resource_postgresql_grant.go, create: in one transaction, createRevokeQuery (`REVOKE ALL PRIVILEGES
 *   ON DATABASE "d" | SCHEMA "s" | ALL TABLES|SEQUENCES IN SCHEMA "s" FROM "role"`; with `objects` and
 *   privileges listed, `REVOKE p1,p2 ON TABLE "s"."o", … FROM "role"`), then createGrantQuery
 *   (`GRANT p1,p2 ON … TO "role"`), skipped when `privileges` is empty: an empty list revokes only.
 * - resource_postgresql_default_privileges.go, create: in one transaction, `ALTER DEFAULT PRIVILEGES
 *   FOR ROLE "owner" IN SCHEMA "s" REVOKE ALL ON TABLES FROM "role"`, then the same with `GRANT p ON
 *   TABLES TO "role"` unless `privileges` is empty.
 * - Role `statementTimeout` / `idleInTransactionSessionTimeout` (setStatementTimeout and
 *   setIdleInTransactionSessionTimeout): `ALTER ROLE "n" SET statement_timeout TO <ms>`, nothing for 0.
 * - Listed objects (setToPgIdentList, quoteIdentifyIdent in helpers.go): `"schema"."name"`, and for a
 *   function given with its argument types, `"schema"."name"(types)`.
 * Identifiers are quoted as lib/pq's QuoteIdentifier does; the role `public` quoted is still PUBLIC.
 * Inputs this translator does not know make it throw, so a new argument is never silently ignored.
 */
import { STATEMENTS_TOKEN } from "../../components/data/statements";
import type { RecordedResource } from "../../scripts/offline/runtime";

export const ROLE_TYPE = "postgresql:index/role:Role";
export const SCHEMA_TYPE = "postgresql:index/schema:Schema";
export const GRANT_TYPE = "postgresql:index/grant:Grant";
export const DEFAULT_PRIVILEGES_TYPE = "postgresql:index/defaultPrivileges:DefaultPrivileges";

export const GRANT_ROLE_TYPE = "postgresql:index/grantRole:GrantRole";
export const DATABASE_TYPE = "postgresql:index/database:Database";
/** The program's own PostgresqlStatements (components/data/statements.ts): its statements, as they are. */
export const STATEMENTS_TYPE = STATEMENTS_TOKEN;

/** The order a real `pulumi up` reaches them in (each depends on the previous kinds). */
export const APPLY_ORDER = [ROLE_TYPE, GRANT_ROLE_TYPE, DATABASE_TYPE, SCHEMA_TYPE, GRANT_TYPE, DEFAULT_PRIVILEGES_TYPE, STATEMENTS_TYPE] as const;

export interface SqlStep {
    /** The recorded resource's logical name and type token. */
    resource: string;
    type: string;
    /** Database to run in; undefined for cluster-wide statements (roles). */
    database?: string;
    /** Run in one transaction, in order (unless `transaction` is false: CREATE DATABASE cannot run in one). */
    statements: string[];
    transaction?: boolean;
}

export function quoteIdent(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(value: string): string {
    return `'${value.replace(/'/g, "''")}'`;
}

/** quoteIdentifyIdent: `name(types)` becomes `"name"(types)`, the argument types left as written. */
export function quoteObject(object: string): string {
    const open = object.indexOf("(");
    return open < 0 ? quoteIdent(object) : `${quoteIdent(object.slice(0, open))}${object.slice(open)}`;
}

type Inputs = Record<string, unknown>;

function only(resource: RecordedResource, known: readonly string[]): Inputs {
    const unknown = Object.keys(resource.inputs).filter((key) => !known.includes(key));
    if (unknown.length > 0) throw new Error(`${resource.name}: the translator does not know ${resource.type} inputs ${unknown.join(", ")}`);
    return resource.inputs;
}

function str(inputs: Inputs, key: string, resource: RecordedResource): string {
    const value = inputs[key];
    if (typeof value !== "string" || value === "") throw new Error(`${resource.name}: ${key} must be a non-empty string (got ${JSON.stringify(value)})`);
    return value;
}

function list(inputs: Inputs, key: string): string[] {
    const value = inputs[key] ?? [];
    if (!Array.isArray(value)) throw new Error(`${key} must be a list`);
    return value.map(String);
}

const ROLE_FLAGS: readonly [input: string, on: string, off: string, byDefault: boolean][] = [
    ["superuser", "SUPERUSER", "NOSUPERUSER", false],
    ["createDatabase", "CREATEDB", "NOCREATEDB", false],
    ["createRole", "CREATEROLE", "NOCREATEROLE", false],
    ["inherit", "INHERIT", "NOINHERIT", true],
    ["login", "LOGIN", "NOLOGIN", false],
    ["replication", "REPLICATION", "NOREPLICATION", false],
    ["bypassRowLevelSecurity", "BYPASSRLS", "NOBYPASSRLS", false],
];

/** `password` is "[secret]" in recordings; `passwordOf` supplies the real value. */
function roleSql(resource: RecordedResource, passwordOf: (resource: RecordedResource) => string): SqlStep {
    const inputs = only(resource, [
        "name",
        "password",
        "connectionLimit",
        "searchPaths",
        "roles",
        "validUntil",
        "encryptedPassword",
        "skipDropRole",
        "skipReassignOwned",
        "statementTimeout",
        "idleInTransactionSessionTimeout",
        ...ROLE_FLAGS.map(([input]) => input),
    ]);
    const name = str(inputs, "name", resource);
    const options: string[] = [];
    if (inputs.password !== undefined) options.push(`ENCRYPTED PASSWORD ${quoteLiteral(passwordOf(resource))}`);
    options.push(`VALID UNTIL ${quoteLiteral(typeof inputs.validUntil === "string" ? inputs.validUntil : "infinity")}`);
    options.push(`CONNECTION LIMIT ${Number(inputs.connectionLimit ?? -1)}`);
    for (const [input, on, off, byDefault] of ROLE_FLAGS) options.push((inputs[input] ?? byDefault) ? on : off);
    const statements = [`CREATE ROLE ${quoteIdent(name)} WITH ${options.join(" ")}`];
    for (const member of list(inputs, "roles")) statements.push(`GRANT ${quoteIdent(member)} TO ${quoteIdent(name)}`);
    const searchPath = list(inputs, "searchPaths");
    if (searchPath.length > 0) statements.push(`ALTER ROLE ${quoteIdent(name)} SET search_path TO ${searchPath.map(quoteIdent).join(", ")}`);
    // setStatementTimeout / setIdleInTransactionSessionTimeout: 0 (or unset) means no setting.
    for (const [input, setting] of [["statementTimeout", "statement_timeout"], ["idleInTransactionSessionTimeout", "idle_in_transaction_session_timeout"]] as const) {
        const value = Number(inputs[input] ?? 0);
        if (value !== 0) statements.push(`ALTER ROLE ${quoteIdent(name)} SET ${setting} TO ${value}`);
    }
    return { resource: resource.name, type: resource.type, statements };
}

function schemaSql(resource: RecordedResource): SqlStep {
    const inputs = only(resource, ["name", "database", "owner", "dropCascade", "ifNotExists"]);
    const ifNotExists = (inputs.ifNotExists ?? true) ? "IF NOT EXISTS " : "";
    const name = str(inputs, "name", resource);
    const owner = inputs.owner === undefined ? undefined : quoteIdent(str(inputs, "owner", resource));
    const create = `CREATE SCHEMA ${ifNotExists}${quoteIdent(name)}${owner ? ` AUTHORIZATION ${owner}` : ""}`;
    const adopt = owner ? `EXECUTE ${quoteLiteral(`ALTER SCHEMA ${quoteIdent(name)} OWNER TO ${owner}`)};` : "NULL;";
    // The provider decides in Go; the same decision in one statement, so the step stays plain SQL.
    const statement = `DO $provider$ BEGIN IF EXISTS (SELECT FROM pg_catalog.pg_namespace WHERE nspname = ${quoteLiteral(name)}) THEN ${adopt} ELSE EXECUTE ${quoteLiteral(create)}; END IF; END $provider$`;
    return { resource: resource.name, type: resource.type, database: str(inputs, "database", resource), statements: [statement] };
}

/** `ON …` clause of a grant, per object type (objects listed: those only; none: all of the type). */
function grantTarget(resource: RecordedResource, inputs: Inputs): string {
    const objectType = str(inputs, "objectType", resource);
    const objects = list(inputs, "objects");
    switch (objectType) {
        case "database":
            return `DATABASE ${quoteIdent(str(inputs, "database", resource))}`;
        case "schema":
            return `SCHEMA ${quoteIdent(str(inputs, "schema", resource))}`;
        case "table":
        case "sequence":
        case "function": {
            const schema = quoteIdent(str(inputs, "schema", resource));
            const kind = objectType.toUpperCase();
            if (objects.length === 0) return `ALL ${kind}S IN SCHEMA ${schema}`;
            return `${kind} ${objects.map((o) => `${schema}.${quoteObject(o)}`).join(", ")}`;
        }
        default:
            throw new Error(`${resource.name}: the translator does not know objectType ${objectType}`);
    }
}

function grantSql(resource: RecordedResource): SqlStep {
    const inputs = only(resource, ["database", "role", "schema", "objectType", "objects", "privileges", "withGrantOption"]);
    const role = quoteIdent(str(inputs, "role", resource));
    const target = grantTarget(resource, inputs);
    const privileges = list(inputs, "privileges");
    // Listed objects with privileges: only those privileges are revoked (createRevokeQuery keeps column grants).
    const revoked = list(inputs, "objects").length > 0 && privileges.length > 0 ? privileges.join(",") : "ALL PRIVILEGES";
    const statements = [`REVOKE ${revoked} ON ${target} FROM ${role}`];
    if (privileges.length > 0) {
        statements.push(`GRANT ${privileges.join(",")} ON ${target} TO ${role}${inputs.withGrantOption ? " WITH GRANT OPTION" : ""}`);
    }
    return { resource: resource.name, type: resource.type, database: str(inputs, "database", resource), statements };
}

/**
 * resource_postgresql_database.go, createDatabase: `CREATE DATABASE "n" OWNER "o" TEMPLATE "t"` (template0
 * by default), `ENCODING 'e'` (UTF8 by default), then ALLOW_CONNECTIONS, CONNECTION LIMIT (-1) and
 * IS_TEMPLATE; outside a transaction, in the provider's own database.
 */
function databaseSql(resource: RecordedResource): SqlStep {
    const inputs = only(resource, ["name", "owner", "template", "encoding", "allowConnections", "isTemplate", "connectionLimit"]);
    const parts = [`CREATE DATABASE ${quoteIdent(str(inputs, "name", resource))}`];
    if (inputs.owner !== undefined) parts.push(`OWNER ${quoteIdent(str(inputs, "owner", resource))}`);
    parts.push(`TEMPLATE ${quoteIdent(typeof inputs.template === "string" ? inputs.template : "template0")}`);
    parts.push(`ENCODING ${quoteLiteral(typeof inputs.encoding === "string" ? inputs.encoding : "UTF8")}`);
    parts.push(`ALLOW_CONNECTIONS ${(inputs.allowConnections ?? true) ? "true" : "false"}`);
    parts.push(`CONNECTION LIMIT ${Number(inputs.connectionLimit ?? -1)}`);
    parts.push(`IS_TEMPLATE ${inputs.isTemplate ? "true" : "false"}`);
    return { resource: resource.name, type: resource.type, statements: [parts.join(" ")], transaction: false };
}

function defaultPrivilegesSql(resource: RecordedResource): SqlStep {
    const inputs = only(resource, ["database", "role", "owner", "schema", "objectType", "privileges", "withGrantOption"]);
    const inSchema = inputs.schema === undefined ? "" : ` IN SCHEMA ${quoteIdent(str(inputs, "schema", resource))}`;
    const prefix = `ALTER DEFAULT PRIVILEGES FOR ROLE ${quoteIdent(str(inputs, "owner", resource))}${inSchema}`;
    const kind = `${str(inputs, "objectType", resource).toUpperCase()}S`;
    const role = quoteIdent(str(inputs, "role", resource));
    const privileges = list(inputs, "privileges");
    const statements = [`${prefix} REVOKE ALL ON ${kind} FROM ${role}`];
    if (privileges.length > 0) {
        statements.push(`${prefix} GRANT ${privileges.join(",")} ON ${kind} TO ${role}${inputs.withGrantOption ? " WITH GRANT OPTION" : ""}`);
    }
    return { resource: resource.name, type: resource.type, database: str(inputs, "database", resource), statements };
}

export function toSql(resource: RecordedResource, passwordOf: (resource: RecordedResource) => string): SqlStep {
    switch (resource.type) {
        case ROLE_TYPE:
            return roleSql(resource, passwordOf);
        case SCHEMA_TYPE:
            return schemaSql(resource);
        case GRANT_TYPE:
            return grantSql(resource);
        case DEFAULT_PRIVILEGES_TYPE:
            return defaultPrivilegesSql(resource);
        case GRANT_ROLE_TYPE: {
            // resource_postgresql_grant_role.go: `GRANT "r" TO "role"` (WITH ADMIN OPTION when asked).
            const inputs = only(resource, ["role", "grantRole", "withAdminOption"]);
            const statement = `GRANT ${quoteIdent(str(inputs, "grantRole", resource))} TO ${quoteIdent(str(inputs, "role", resource))}`;
            return { resource: resource.name, type: resource.type, statements: [`${statement}${inputs.withAdminOption ? " WITH ADMIN OPTION" : ""}`] };
        }
        case DATABASE_TYPE:
            return databaseSql(resource);
        case STATEMENTS_TYPE: {
            const inputs = only(resource, ["__provider", "database", "statements", "trigger"]);
            return { resource: resource.name, type: resource.type, database: str(inputs, "database", resource), statements: list(inputs, "statements") };
        }
        default:
            throw new Error(`${resource.name}: the translator does not know ${resource.type}`);
    }
}

/** Every postgresql resource of a run, in apply order; any other postgresql type is an error. */
export function postgresqlResources(resources: readonly RecordedResource[]): RecordedResource[] {
    const ours = resources.filter((r) => r.type.startsWith("postgresql:") || r.type === STATEMENTS_TYPE);
    const unknown = ours.filter((r) => !(APPLY_ORDER as readonly string[]).includes(r.type));
    if (unknown.length > 0) throw new Error(`the translator does not know ${[...new Set(unknown.map((r) => r.type))].join(", ")}`);
    return [...ours].sort((a, b) => APPLY_ORDER.indexOf(a.type as never) - APPLY_ORDER.indexOf(b.type as never));
}
