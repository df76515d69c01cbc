/**
 * Policy configuration: what a user puts in `--policy-pack-config`, over the defaults that each
 * policy states once, in its own `configSchema`. The Pulumi CLI fills the defaults in too; merging
 * here as well keeps a policy correct under any runner (the offline evaluator, the tests).
 */
import type { PolicyConfigSchema } from "@pulumi/policy";

/** The defaults a config schema declares, by property. */
export function schemaDefaults(schema: PolicyConfigSchema | undefined): Record<string, unknown> {
    const defaults: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema?.properties ?? {})) {
        if (property.default !== undefined) defaults[key] = property.default;
    }
    return defaults;
}

/** The policy's effective configuration: the schema's defaults with the user's values over them. */
export function policyConfig<T extends object>(schema: PolicyConfigSchema, args: { getConfig<C extends object>(): C }): T {
    return { ...schemaDefaults(schema), ...args.getConfig<Record<string, unknown>>() } as T;
}
