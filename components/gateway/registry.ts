/** Gateway adapters by the name the stack configuration uses. */
import type { GatewayAdapter, GatewayName } from "./adapter";
import { kongAdapter } from "./kong";

export const GATEWAY_ADAPTERS: Readonly<Record<GatewayName, GatewayAdapter>> = {
    kong: kongAdapter,
};

export function gatewayAdapter(name: GatewayName): GatewayAdapter {
    const adapter = GATEWAY_ADAPTERS[name];
    if (!adapter) throw new Error(`stoa-tenancy:gateway: no adapter named "${name}" (known: ${Object.keys(GATEWAY_ADAPTERS).join(", ")})`);
    return adapter;
}
