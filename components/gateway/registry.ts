/**
 * The one place adapters are registered. Each entry is an adapter folder's GatewayAdapter: the stack
 * schema composes `stoa-tenancy:gateways` from their sections, the layer dispatches on `adapter`, and
 * the policy pack reads their descriptors. Adding an adapter: docs/gateway.md.
 */
import { z } from "zod";
import type { GatewayAdapter, GatewayPackDescriptor } from "./adapter";
import { graviteeAdapter } from "./gravitee";
import { kongAdapter } from "./kong";

export const GATEWAY_ADAPTERS = [kongAdapter, graviteeAdapter] as const;

type RegisteredConfig = (typeof GATEWAY_ADAPTERS)[number]["config"];

/** One entry of `stoa-tenancy:gateways`: the section of the adapter it names. */
export const GatewaySectionSchema = z.discriminatedUnion(
    "adapter",
    GATEWAY_ADAPTERS.map((adapter) => adapter.config) as unknown as [RegisteredConfig, ...RegisteredConfig[]],
);

export type GatewaySection = z.output<typeof GatewaySectionSchema>;
export type GatewayName = GatewaySection["adapter"];

/** The gateways a stack runs when it names none: the first registered adapter with its defaults. */
export const DEFAULT_GATEWAYS: z.input<typeof GatewaySectionSchema>[] = [{ adapter: GATEWAY_ADAPTERS[0].name }];

export const GATEWAY_NAMES: readonly GatewayName[] = GATEWAY_ADAPTERS.map((adapter) => adapter.name);

/** The adapter of a section (methods take the adapter's own section: dispatch on `adapter` only). */
export function gatewayAdapter(name: string): GatewayAdapter {
    const adapter: GatewayAdapter | undefined = GATEWAY_ADAPTERS.find((candidate) => candidate.name === name);
    if (!adapter) throw new Error(`stoa-tenancy:gateways: no adapter named "${name}" (known: ${GATEWAY_NAMES.join(", ")})`);
    return adapter;
}

/** Every registered adapter's pack descriptor, by adapter name. */
export function gatewayPackDescriptors(): Record<string, GatewayPackDescriptor> {
    return Object.fromEntries(GATEWAY_ADAPTERS.map((adapter) => [adapter.name, adapter.pack]));
}
