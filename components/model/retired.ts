/**
 * The registry of retired tenant ids: `tenants/retired.yaml`. A removed tenant's data is retained
 * (namespace, Keycloak realm, PostgreSQL schema and role, backups) and every layer adopts an existing
 * object of the same name, so an id given to another tenant would hand it the old tenant's data.
 * The loader refuses a tenant file whose id is listed here; the removal guard refuses a removal whose
 * id is not.
 */
import { z } from "zod";
import { displayTextProblem } from "./text";
import { RESERVED_TENANT_IDS, RESERVED_TENANT_ID_PREFIXES, TENANT_ID_MAX_LENGTH, TENANT_ID_MIN_LENGTH, TENANT_ID_PATTERN, tenantIdProblem } from "./names";

/** The registry's file name inside the tenant folder (not a tenant file). */
export const RETIRED_FILE = "retired.yaml";

/** Reserved only because the platform owns the name: a tenant that had it before it was reserved can still be retired. */
function isReservedId(id: string): boolean {
    return RESERVED_TENANT_IDS.includes(id) || RESERVED_TENANT_ID_PREFIXES.some((prefix) => id.startsWith(prefix));
}

/**
 * The shape rules of a tenant id (length, characters, no `--`), without the reserved names: those
 * may grow after a tenant was created, and refusing its retirement would block its removal. A
 * reserved id is already never given to a new tenant, so retiring it costs nothing.
 */
export function retiredIdProblem(id: string): string | undefined {
    return isReservedId(id) ? undefined : tenantIdProblem(id);
}

export const RetiredIdSchema = z
    .string()
    .superRefine((id, ctx) => {
        const problem = retiredIdProblem(id);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .meta({
        description: "The removed tenant's id, exactly as it was (its file name). Reserved ids are accepted: they may have been reserved after the tenant existed.",
        minLength: TENANT_ID_MIN_LENGTH,
        maxLength: TENANT_ID_MAX_LENGTH,
        pattern: TENANT_ID_PATTERN.source,
        not: { pattern: "--" },
    });

export const RetiredEntrySchema = z
    .strictObject({
        id: RetiredIdSchema,
        retired_at: z.iso
            .datetime({ offset: true, message: "must be an ISO-8601 date-time with a time zone, e.g. 2026-10-01T00:00:00Z" })
            .describe("When the tenant's file was removed, ISO-8601 with a time zone (e.g. 2026-10-01T00:00:00Z)."),
        reason: z
            .string()
            .superRefine((text, ctx) => {
                const problem = displayTextProblem(text, true);
                if (problem) ctx.addIssue({ code: "custom", message: problem });
            })
            .trim()
            .min(1, "must not be empty")
            .max(500)
            .describe("Why the tenant was removed, and until when its data is retained. No control or bidi characters."),
    })
    .describe("One removed tenant.");

export const RetiredFileSchema = z
    .strictObject({
        retired: z.array(RetiredEntrySchema).describe("Every removed tenant's id, each once. An entry is deleted only to bring the same tenant back, never to free the id for another."),
    })
    .describe("Ids of removed tenants: tenants/retired.yaml. An id listed here is never given to another tenant. Unknown keys are errors.");

export type RetiredEntry = z.infer<typeof RetiredEntrySchema>;
