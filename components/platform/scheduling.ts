/**
 * Where and how tenant pods run is the platform's business. Tenant pods may not pick a node
 * (`nodeName`), a scheduler other than the default one, a PriorityClass outside their tier's list, a
 * RuntimeClass the stack does not list (a runtime exempted from Pod Security would bypass it), or a
 * toleration outside the stack's list (control-plane and platform taints stay closed).
 *
 * The rules are judged twice, with the same validations: on the pod templates of every workload
 * (Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, ReplicationControllers, CronJobs), where
 * a refusal reaches the person who applied it; and on Pods themselves, which also catches pods made by
 * any other controller (a refusal there shows only as an event on the controller).
 *
 * The platform manages the tenant PriorityClasses (`preemptionPolicy: Never`); a second ResourceQuota
 * per namespace holds the tier's list as well (components/kubernetes/quota.ts).
 */
import * as k8s from "@pulumi/kubernetes";
import { LABEL_MANAGED_BY, LABEL_TIER, MANAGED_BY, TENANT_PRIORITY_CLASSES, TIER_NAMES, TIERS, type StackConfig } from "../model";
import { celList, celOneOf, celString, createTenantAdmissionPolicy } from "./admission";
import type { PlatformLayerContext } from "./context";

export const SCHEDULING_PODS_POLICY = "stoa-tenant-scheduling-pods";
export const SCHEDULING_WORKLOADS_POLICY = "stoa-tenant-scheduling-workloads";
export const SCHEDULING_CRONJOBS_POLICY = "stoa-tenant-scheduling-cronjobs";
export const DEFAULT_SCHEDULER = "default-scheduler";

type Rule = { expression: string; message: string };
type Variable = { name: string; expression: string };

/** Where each kind keeps its pod spec, and whether every field is judged (see `schedulingVariables`). */
export const POD_SPEC_OF = {
    pods: "object.spec",
    workloads: "object.spec.template.spec",
    cronjobs: "object.spec.jobTemplate.spec.template.spec",
} as const;

/** CEL: the tier's PriorityClasses, looked up by the namespace's tier label (a missing label fails closed). */
export function priorityClassesByTier(): string {
    return `{${TIER_NAMES.map((tier) => `${celString(tier)}: ${celList(TIERS[tier].priorityClasses)}`).join(", ")}}[namespaceObject.metadata.labels[${celString(LABEL_TIER)}]]`;
}

/**
 * `podSpec`, `priorityClasses` and `judgeAll`. A Pod's scheduling fields cannot change after creation
 * except by adding tolerations, and the scheduler's binding sets `nodeName`: on a Pod UPDATE only the
 * tolerations are judged. A template may change on every update, so it is always judged in full.
 */
export function schedulingVariables(podSpec: string, pods: boolean): Variable[] {
    return [
        { name: "podSpec", expression: podSpec },
        { name: "priorityClasses", expression: priorityClassesByTier() },
        { name: "judgeAll", expression: pods ? "oldObject == null" : "true" },
    ];
}

const tierClassesText = () => TIER_NAMES.map((tier) => `${tier}: ${TIERS[tier].priorityClasses.join(", ") || "none"}`).join("; ");

/** CEL validations of a pod spec's scheduling fields, each with its message naming the field and what is allowed. */
export function schedulingValidations(stack: Pick<StackConfig, "tenantTolerations" | "tenantRuntimeClasses">): Rule[] {
    const spec = "variables.podSpec";
    const field = (name: string) => `${spec}.${name}`;
    const allowedTolerations = `[${stack.tenantTolerations
        .map((t) => `{'key': ${celString(t.key)}, 'operator': ${celString(t.operator)}, 'value': ${celString(t.value ?? "")}, 'effect': ${celString(t.effect ?? "")}}`)
        .join(", ")}]`;
    const or = (name: string, fallback: string) => `(has(t.${name}) ? t.${name} : ${celString(fallback)})`;
    const tolerationMatches = `a.key == ${or("key", "")} && a.operator == ${or("operator", "Equal")} && a.value == ${or("value", "")} && a.effect == ${or("effect", "")}`;
    const tolerationsText = stack.tenantTolerations.map((t) => `${t.key} ${t.operator}${t.value ? ` ${t.value}` : ""}${t.effect ? ` ${t.effect}` : ""}`).join("; ") || "none";
    const runtimeClasses = stack.tenantRuntimeClasses;
    return [
        {
            expression: `!variables.judgeAll || !has(${field("nodeName")}) || ${field("nodeName")} == ''`,
            message: "spec.nodeName is refused on tenant pods: the default scheduler places them",
        },
        {
            expression: `!variables.judgeAll || !has(${field("schedulerName")}) || ${field("schedulerName")} == ${celString(DEFAULT_SCHEDULER)}`,
            message: `spec.schedulerName of a tenant pod must be ${DEFAULT_SCHEDULER}`,
        },
        {
            expression: `!variables.judgeAll || !has(${field("priorityClassName")}) || ${field("priorityClassName")} == '' || ${field("priorityClassName")} in variables.priorityClasses`,
            message: `spec.priorityClassName of a tenant pod must be one of its tier's PriorityClasses (${tierClassesText()})`,
        },
        {
            expression: `!variables.judgeAll || !has(${field("runtimeClassName")}) || ${field("runtimeClassName")} == '' || ${celOneOf(field("runtimeClassName"), runtimeClasses)}`,
            message: `spec.runtimeClassName of a tenant pod: ${runtimeClasses.length > 0 ? `one of ${runtimeClasses.join(", ")}` : "refused (no RuntimeClass is allowed)"}`,
        },
        {
            expression:
                stack.tenantTolerations.length === 0
                    ? `!has(${field("tolerations")}) || size(${field("tolerations")}) == 0`
                    : `!has(${field("tolerations")}) || ${field("tolerations")}.all(t, ${allowedTolerations}.exists(a, ${tolerationMatches}))`,
            message: `spec.tolerations of a tenant pod may only be the platform's (key operator [value] [effect]): ${tolerationsText}`,
        },
    ];
}

type NamedRule = { apiGroups: string[]; apiVersions: string[]; operations: string[]; resources: string[] };
const onWrite = (apiGroups: string[], resources: string[]): NamedRule => ({ apiGroups, apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources });

export function createPlatformScheduling(ctx: PlatformLayerContext): { schedulingPolicies: string[]; priorityClasses: string[] } {
    const validations = schedulingValidations(ctx.stack);
    const policies: { logical: string; name: string; rules: NamedRule[]; podSpec: string; pods: boolean }[] = [
        { logical: "platform-scheduling-pods", name: SCHEDULING_PODS_POLICY, rules: [onWrite([""], ["pods"])], podSpec: POD_SPEC_OF.pods, pods: true },
        {
            logical: "platform-scheduling-workloads",
            name: SCHEDULING_WORKLOADS_POLICY,
            rules: [onWrite(["apps"], ["deployments", "replicasets", "statefulsets", "daemonsets"]), onWrite(["batch"], ["jobs"]), onWrite([""], ["replicationcontrollers"])],
            podSpec: POD_SPEC_OF.workloads,
            pods: false,
        },
        { logical: "platform-scheduling-cronjobs", name: SCHEDULING_CRONJOBS_POLICY, rules: [onWrite(["batch"], ["cronjobs"])], podSpec: POD_SPEC_OF.cronjobs, pods: false },
    ];
    for (const policy of policies) {
        createTenantAdmissionPolicy(ctx, policy.logical, {
            name: policy.name,
            resourceRules: policy.rules,
            variables: schedulingVariables(policy.podSpec, policy.pods),
            validations,
        });
    }
    const priorityClasses = Object.entries(TENANT_PRIORITY_CLASSES).map(([name, { value, description }]) => {
        new k8s.scheduling.v1.PriorityClass(
            `platform-priority-${name}`,
            { metadata: { name, labels: { [LABEL_MANAGED_BY]: MANAGED_BY } }, value, preemptionPolicy: "Never", globalDefault: false, description },
            ctx.opts,
        );
        return name;
    });
    return { schedulingPolicies: policies.map((p) => p.name), priorityClasses };
}
