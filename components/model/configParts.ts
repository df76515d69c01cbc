/** Building blocks of the stack schema, shared by the stack's own keys and each gateway adapter's section. */
import { z } from "zod";

export const k8sName = z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS-1123 label")
    .max(63);

/** A label key or an annotation key: optional DNS-subdomain prefix and a name of up to 63 characters. */
export const qualifiedName = z
    .string()
    .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, "must be a Kubernetes label or annotation key");
export const labelValue = z.string().regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/, "must be a Kubernetes label value");
export const podLabels = z.record(qualifiedName, labelValue).refine((labels) => Object.keys(labels).length > 0, "must name at least one label");
export const port = z.strictObject({
    protocol: z.enum(["TCP", "UDP"]).default("TCP").describe("TCP or UDP. Default TCP."),
    port: z.number().int().min(1).max(65535).describe("The pods' own port (a NetworkPolicy matches the pod's port, not the Service's)."),
});

export type PortInput = z.input<typeof port>;

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Environments whose shared services must authenticate and encrypt (a tenant pod must not reach them in the clear). */
export const HARDENED_ENVIRONMENTS: readonly Environment[] = ["staging", "prod"];
