/**
 * What each PostgreSQL role of a tenant may do, from the tenant's access plan: pure data, so the
 * mock tests and the real-server tests check the same table the data layer applies.
 *
 * - The application role never gets CREATE: tables are created by the platform's migrations running
 *   as the schema owner, so the application role owns nothing and cannot change the schema.
 * - Read-only sequences get SELECT alone: USAGE allows nextval(), which writes the sequence.
 * - Functions of the schema: EXECUTE for the application role only while it may write (a SECURITY
 *   DEFINER function runs with its owner's rights, so EXECUTE is a write); PUBLIC has none (grants.ts).
 * - An empty list revokes everything (the provider's Grant and DefaultPrivileges revoke all before
 *   granting what is listed).
 */
import type { AccessPlan } from "../model";

export interface RolePrivileges {
    /** On the database: CONNECT or nothing. */
    database: string[];
    /** On the tenant's schema. */
    schema: string[];
    /** On every table of the schema, now and (default privileges) later. */
    tables: string[];
    /** On every sequence of the schema, now and later. */
    sequences: string[];
    /** On every function and procedure of the schema, now and later. */
    functions: string[];
}

const NONE: RolePrivileges = { database: [], schema: [], tables: [], sequences: [], functions: [] };

export function applicationPrivileges(database: AccessPlan["database"]): RolePrivileges {
    switch (database) {
        case "read-write":
            return {
                database: ["CONNECT"],
                schema: ["USAGE"],
                tables: ["SELECT", "INSERT", "UPDATE", "DELETE"],
                sequences: ["USAGE", "SELECT", "UPDATE"],
                functions: ["EXECUTE"],
            };
        case "read-only":
            return { database: ["CONNECT"], schema: ["USAGE"], tables: ["SELECT"], sequences: ["SELECT"], functions: [] };
        case "no-login":
            return NONE;
    }
}

/** The backup role reads everything in the schema while backups run; nothing once the job is suspended. */
export function backupPrivileges(backupsRun: boolean): RolePrivileges {
    return backupsRun ? { database: ["CONNECT"], schema: ["USAGE"], tables: ["SELECT"], sequences: ["SELECT"], functions: [] } : NONE;
}
