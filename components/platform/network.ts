/**
 * The rate limiter's Redis holds every tenant's counters: a NetworkPolicy in the platform namespace
 * admits connections to the Redis pods only from the gateway's pods, on the Redis port. Tenant pods are
 * already kept out by their own egress policy (`platformEgress`); this one also holds against anything
 * else in the platform namespace, and against a tenant egress rule that would name Redis by mistake.
 * NetworkPolicies add up: another policy in the platform namespace that admits more to the Redis pods
 * would widen this one.
 */
import * as k8s from "@pulumi/kubernetes";
import { LABEL_MANAGED_BY, MANAGED_BY, type StackConfig } from "../model";
import { gatewayCounterStores } from "../gateway/stack";
import type { PlatformLayerContext } from "./context";

export const REDIS_NETWORK_POLICY = "stoa-redis-from-gateway";

/** `spec` of the Redis policy; undefined when the rate limiter keeps its counters elsewhere. */
export function redisNetworkPolicySpec(stack: Pick<StackConfig, "gateways">) {
    // At most one gateway of the stack keeps its counters in a Redis this program knows of (docs/gateway.md).
    const [store] = gatewayCounterStores(stack);
    if (!store) return undefined;
    return {
        podSelector: { matchLabels: { ...store.redisPodLabels } },
        policyTypes: ["Ingress"],
        // A podSelector peer without namespaceSelector: pods of the platform namespace itself.
        ingress: [{ from: [{ podSelector: { matchLabels: { ...store.gatewayPodLabels } } }], ports: [{ protocol: "TCP", port: store.redisPort }] }],
    };
}

export function createPlatformNetwork(ctx: PlatformLayerContext): { redisNetworkPolicy?: string } {
    const spec = redisNetworkPolicySpec(ctx.stack);
    if (!spec) return {};
    new k8s.networking.v1.NetworkPolicy(
        "platform-redis-network-policy",
        { metadata: { name: REDIS_NETWORK_POLICY, namespace: ctx.stack.platformNamespace, labels: { [LABEL_MANAGED_BY]: MANAGED_BY } }, spec },
        ctx.opts,
    );
    return { redisNetworkPolicy: REDIS_NETWORK_POLICY };
}
