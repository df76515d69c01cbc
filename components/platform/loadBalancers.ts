/**
 * LoadBalancer Services in tenant namespaces must set `allocateLoadBalancerNodePorts: false`.
 *
 * A LoadBalancer normally also gets a node port per Service port, and the ResourceQuota counts them
 * under `services.nodeports`, which every tier holds at 0 by default: without this rule a tier that
 * allows a load balancer could not create one at all (the quota refuses it with a message about node
 * ports). With node-port allocation off, the quota counts only node ports written explicitly, so the
 * load balancer fits `services.loadbalancers` and no port opens on every node. The load balancer
 * implementation must then reach pods directly (IP target mode, MetalLB, and the like).
 */
import { createTenantAdmissionPolicy } from "./admission";
import type { PlatformLayerContext } from "./context";

export const LOAD_BALANCER_NODE_PORTS_POLICY = "stoa-tenant-loadbalancer-node-ports";

export const LOAD_BALANCER_NODE_PORTS_EXPRESSION =
    "!has(object.spec.type) || object.spec.type != 'LoadBalancer' || (has(object.spec.allocateLoadBalancerNodePorts) && object.spec.allocateLoadBalancerNodePorts == false)";

export const LOAD_BALANCER_NODE_PORTS_MESSAGE =
    "a tenant LoadBalancer Service must set allocateLoadBalancerNodePorts: false (node ports are not part of any tier's quota)";

export function createPlatformLoadBalancers(ctx: PlatformLayerContext): { loadBalancerNodePortsPolicy: string } {
    createTenantAdmissionPolicy(ctx, "platform-loadbalancer-node-ports", {
        name: LOAD_BALANCER_NODE_PORTS_POLICY,
        resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["services"] }],
        validations: [{ expression: LOAD_BALANCER_NODE_PORTS_EXPRESSION, message: LOAD_BALANCER_NODE_PORTS_MESSAGE }],
    });
    return { loadBalancerNodePortsPolicy: LOAD_BALANCER_NODE_PORTS_POLICY };
}
