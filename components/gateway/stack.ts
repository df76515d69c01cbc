/**
 * What the platform's shared guardrails read from the stack's gateways, through the adapters: the
 * Ingress class of tenant Ingresses and the counter stores to fence. No gateway product is named here.
 */
import type { CounterStore, GatewaySectionBase } from "./adapter";
import { gatewayAdapter } from "./registry";

/** The Ingress class tenant Ingresses must use: the first gateway of the stack that serves Ingresses. */
export function tenantIngressClass(stack: { gateways: readonly GatewaySectionBase[] }): string | undefined {
    for (const section of stack.gateways) {
        const ingressClass = gatewayAdapter(section.adapter).ingressClass(section);
        if (ingressClass !== undefined) return ingressClass;
    }
    return undefined;
}

/** The Redis counter stores of the stack's gateways, each with the gateway pods that may reach it. */
export function gatewayCounterStores(stack: { gateways: readonly GatewaySectionBase[] }): CounterStore[] {
    return stack.gateways.flatMap((section) => gatewayAdapter(section.adapter).counterStore(section) ?? []);
}
