/** The Gravitee adapter's section of `stoa-tenancy:gateways` (`adapter: gravitee`). */
import { z } from "zod";
import { k8sName } from "../../model/configParts";
import type { SectionProblem } from "../adapter";

export const GraviteeSectionSchema = z
    .strictObject({
        adapter: z.literal("gravitee").describe("Gravitee APIM through the Gravitee Kubernetes Operator (ApiV4Definition, Application, Subscription)."),
        managementContext: k8sName
            .default("stoa-apim")
            .describe("ManagementContext in the platform namespace that connects the operator to APIM (created by the platform team with its token). Default stoa-apim."),
        upstream: z
            .string()
            .regex(/^https?:\/\/[^*\s]+$/, "must be an http(s) URL without wildcards")
            .refine((s) => s.includes("{namespace}"), "must contain {namespace}")
            .default("http://stoa-api.{namespace}.svc.cluster.local:8080")
            .describe("Target of each tenant's API on Gravitee; {namespace} is replaced by the tenant's namespace. Default http://stoa-api.{namespace}.svc.cluster.local:8080."),
        mtls: z
            .boolean()
            .default(false)
            .describe("The Gravitee gateway asks for client certificates: each tenant API gets an MTLS plan and the tenant's application its client certificate. Default false."),
    })
    .describe("Gravitee gateway.");

export type GraviteeSection = z.output<typeof GraviteeSectionSchema>;

export function graviteeSectionProblems(): SectionProblem[] {
    return [];
}
