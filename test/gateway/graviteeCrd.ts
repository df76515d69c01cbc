/**
 * The fields of the Gravitee Kubernetes Operator's CRDs (gravitee.io/v1alpha1) that this project emits,
 * written down from the operator's own CRD files, so that a test can check the objects the adapter builds
 * against them: a small structural schema, not the operator's full one.
 *
 * Source: github.com/gravitee-io/gravitee-kubernetes-operator, commit 5c55586f (operator 4.13.0-rc):
 * crds/gravitee.io/gravitee.io_apiv4definitions.yaml, gravitee.io_applications.yaml,
 * gravitee.io_subscriptions.yaml. The rate-limit policy's configuration keys: Gravitee APIM policy
 * reference "Rate Limit" (documentation.gravitee.io/apim, policy-reference/rate-limit): `rate.limit`,
 * `rate.periodTime`, `rate.periodTimeUnit`, `rate.key`, `rate.useKeyOnly`, `async`, `addHeaders`.
 * The quota policy's: github.com/gravitee-io/gravitee-policy-ratelimit, commit efb4bc9 (APIM 4.12.4),
 * gravitee-policy-quota/src/main/resources/schemas/schema-form.json and QuotaConfiguration.java (plugin id
 * `quota`). The interrupt policy's: github.com/gravitee-io/gravitee-policy-interrupt, commit 2b1cadf (1.1.1),
 * src/main/resources/schemas/schema-form.json (plugin id `policy-interrupt`; `errorKey` and `message`
 * required). Response templates: gravitee.io_apiv4definitions.yaml `spec.responseTemplates` (error key →
 * media type → `status`, `headers`, `body`, `propagateErrorKeyToLogs`).
 */

export interface FieldSpec {
    /** Allowed keys of this object; undefined: free-form (x-kubernetes-preserve-unknown-fields). */
    keys?: Record<string, FieldSpec>;
    required?: string[];
    enum?: readonly (string | number | boolean)[];
    type?: "string" | "integer" | "boolean" | "object" | "array";
    minLength?: number;
    maxLength?: number;
    /** For arrays: the items; for maps (additionalProperties): each value. */
    items?: FieldSpec;
    values?: FieldSpec;
}

const str: FieldSpec = { type: "string" };
const bool: FieldSpec = { type: "boolean" };
const int: FieldSpec = { type: "integer" };
const free: FieldSpec = { type: "object" };
const ref: FieldSpec = { type: "object", keys: { kind: str, name: str, namespace: str }, required: ["name"] };

const flowStep: FieldSpec = {
    type: "object",
    keys: { condition: str, configuration: free, description: str, enabled: bool, messageCondition: str, name: str, policy: str, sharedPolicyGroupRef: free },
};
const flow: FieldSpec = {
    type: "object",
    keys: {
        connect: { type: "array", items: flowStep },
        enabled: bool,
        id: str,
        interact: { type: "array", items: flowStep },
        name: str,
        publish: { type: "array", items: flowStep },
        request: { type: "array", items: flowStep },
        response: { type: "array", items: flowStep },
        selectors: { type: "array", items: free },
        subscribe: { type: "array", items: flowStep },
        tags: { type: "array", items: str },
    },
    required: ["enabled"],
};
const plan: FieldSpec = {
    type: "object",
    keys: {
        characteristics: { type: "array", items: str },
        comment_required: bool,
        crossId: str,
        definitionVersion: str,
        description: str,
        excludedGroups: { type: "array", items: str },
        flows: { type: "array", items: flow },
        generalConditions: str,
        hrid: str,
        id: str,
        mode: { type: "string", enum: ["STANDARD", "PUSH"] },
        name: str,
        order: int,
        security: { type: "object", keys: { configuration: free, type: str }, required: ["type"] },
        selectionRule: str,
        status: { type: "string", enum: ["PUBLISHED", "DEPRECATED", "STAGING"] },
        tags: { type: "array", items: str },
        type: { type: "string", enum: ["API", "CATALOG"] },
        validation: { type: "string", enum: ["AUTO", "MANUAL"] },
    },
    required: ["name"],
};

export const API_V4_DEFINITION_SPEC: FieldSpec = {
    type: "object",
    keys: {
        contextRef: ref,
        description: str,
        endpointGroups: { type: "array", items: free },
        flowExecution: free,
        flows: { type: "array", items: flow },
        labels: { type: "array", items: str },
        listeners: { type: "array", items: free },
        name: str,
        plans: { type: "object", values: plan },
        responseTemplates: {
            type: "object",
            values: {
                type: "object",
                values: { type: "object", keys: { body: str, headers: { type: "object", values: str }, propagateErrorKeyToLogs: bool, status: int } },
            },
        },
        state: { type: "string", enum: ["STARTED", "STOPPED"] },
        type: { type: "string", enum: ["PROXY", "MESSAGE", "NATIVE", "LLM_PROXY", "MCP_PROXY", "A2A_PROXY"] },
        version: str,
        visibility: { type: "string", enum: ["PUBLIC", "PRIVATE"] },
    },
    required: ["endpointGroups", "listeners", "name", "type", "version"],
};

export const APPLICATION_SPEC: FieldSpec = {
    type: "object",
    keys: {
        contextRef: ref,
        description: str,
        name: str,
        settings: {
            type: "object",
            keys: {
                app: { type: "object", keys: { clientId: str, type: str }, required: ["type"] },
                oauth: free,
                tls: {
                    type: "object",
                    keys: {
                        clientCertificate: str,
                        clientCertificates: {
                            type: "array",
                            items: {
                                type: "object",
                                keys: {
                                    content: str,
                                    encoded: bool,
                                    endsAt: str,
                                    name: str,
                                    startsAt: str,
                                    ref: { type: "object", keys: { key: str, kind: { type: "string", enum: ["secrets", "configmaps"] }, name: str, namespace: str }, required: ["name"] },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
    required: ["contextRef", "description", "name", "settings"],
};

export const SUBSCRIPTION_SPEC: FieldSpec = {
    type: "object",
    keys: {
        api: ref,
        apiKeys: { type: "array", items: { type: "object", keys: { expireAt: str, key: { type: "string", minLength: 32, maxLength: 256 } }, required: ["key"] } },
        application: ref,
        consumerConfiguration: free,
        endingAt: str,
        metadata: free,
        plan: str,
    },
    required: ["api", "application", "plan"],
};

/** The rate-limit policy's configuration (policy `rate-limit`). */
export const RATE_LIMIT_CONFIGURATION: FieldSpec = {
    type: "object",
    keys: {
        async: bool,
        addHeaders: bool,
        rate: {
            type: "object",
            keys: { limit: int, dynamicLimit: str, periodTime: int, periodTimeUnit: { type: "string", enum: ["SECONDS", "MINUTES"] }, key: str, useKeyOnly: bool },
        },
    },
    required: ["rate"],
};

/** The quota policy's configuration (policy `quota`). */
export const QUOTA_CONFIGURATION: FieldSpec = {
    type: "object",
    keys: {
        errorStrategy: { type: "string", enum: ["BLOCK_ON_INTERNAL_ERROR", "FALLBACK_PASS_TROUGH"] },
        async: bool,
        addHeaders: bool,
        quota: {
            type: "object",
            keys: {
                key: str,
                useKeyOnly: bool,
                limit: int,
                dynamicLimit: str,
                periodTime: int,
                periodTimeUnit: { type: "string", enum: ["HOURS", "DAYS", "WEEKS", "MONTHS"] },
                dynamicPeriodTime: str,
            },
        },
    },
    required: ["quota"],
};

/** The interrupt policy's configuration (policy `policy-interrupt`). */
export const INTERRUPT_CONFIGURATION: FieldSpec = {
    type: "object",
    keys: {
        scope: { type: "string", enum: ["REQUEST", "REQUEST_CONTENT", "RESPONSE", "RESPONSE_CONTENT"] },
        errorKey: str,
        message: str,
        variables: { type: "array", items: { type: "object", keys: { name: str, value: str }, required: ["name", "value"] } },
    },
    required: ["errorKey", "message"],
};

/** The configuration schema of each policy the adapter emits, by policy id. */
export const POLICY_CONFIGURATIONS: Record<string, FieldSpec> = {
    "rate-limit": RATE_LIMIT_CONFIGURATION,
    quota: QUOTA_CONFIGURATION,
    "policy-interrupt": INTERRUPT_CONFIGURATION,
};

/** Every place `value` departs from `spec`, as `path: problem`. A string of "[secret]" stands for a secret value. */
export function structuralProblems(value: unknown, spec: FieldSpec, path = "spec"): string[] {
    if (value === "[secret]") return [];
    const problems: string[] = [];
    const actual = Array.isArray(value) ? "array" : value === null ? "null" : typeof value === "number" ? (Number.isInteger(value) ? "integer" : "number") : typeof value;
    if (spec.type && actual !== spec.type) return [`${path}: is ${actual}, not ${spec.type}`];
    if (spec.enum && !spec.enum.includes(value as string)) problems.push(`${path}: ${JSON.stringify(value)} is not one of ${spec.enum.join(", ")}`);
    if (typeof value === "string") {
        if (spec.minLength !== undefined && value.length < spec.minLength) problems.push(`${path}: shorter than ${spec.minLength}`);
        if (spec.maxLength !== undefined && value.length > spec.maxLength) problems.push(`${path}: longer than ${spec.maxLength}`);
    }
    if (Array.isArray(value) && spec.items) value.forEach((item, i) => problems.push(...structuralProblems(item, spec.items!, `${path}[${i}]`)));
    if (actual === "object") {
        const object = value as Record<string, unknown>;
        for (const key of spec.required ?? []) if (!(key in object)) problems.push(`${path}.${key}: required`);
        if (spec.keys) {
            for (const [key, child] of Object.entries(object)) {
                const childSpec = spec.keys[key];
                if (!childSpec) problems.push(`${path}.${key}: not a field of the CRD`);
                else problems.push(...structuralProblems(child, childSpec, `${path}.${key}`));
            }
        }
        if (spec.values) for (const [key, child] of Object.entries(object)) problems.push(...structuralProblems(child, spec.values, `${path}.${key}`));
    }
    return problems;
}
