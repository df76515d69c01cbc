/**
 * Pulumi mocks that answer like the real providers for the outputs this program reads: generated
 * passwords and client secrets (as secrets), ids, Kubernetes metadata names. Inputs are echoed back
 * as state, as `pulumi preview` would show them.
 */
import type * as pulumi from "@pulumi/pulumi";

/** Outputs a provider computes that the program depends on, by type token. */
function computedOutputs(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
    switch (args.type) {
        case "random:index/randomPassword:RandomPassword":
            return { result: `mock-password-${args.name}`, bcryptHash: `mock-bcrypt-${args.name}` };
        case "random:index/randomBytes:RandomBytes":
            return { base64: Buffer.from(`mock-bytes-${args.name}`).toString("base64"), hex: Buffer.from(`mock-bytes-${args.name}`).toString("hex") };
        case "random:index/randomId:RandomId":
            return { hex: Buffer.from(args.name).toString("hex"), b64Std: Buffer.from(args.name).toString("base64") };
        case "keycloak:openid/client:Client":
            return { clientSecret: args.inputs.clientSecret ?? `mock-client-secret-${args.name}`, serviceAccountUserId: `${args.name}-sa` };
        case "keycloak:index/realm:Realm":
            return { internalId: `${args.inputs.realm}-internal` };
        default:
            return {};
    }
}

export const offlineMocks: pulumi.runtime.Mocks = {
    newResource(args) {
        const state: Record<string, unknown> = { ...args.inputs, ...computedOutputs(args) };
        if (args.type.startsWith("kubernetes:")) {
            const metadata = (args.inputs.metadata ?? {}) as Record<string, unknown>;
            state.metadata = { ...metadata, name: metadata.name ?? args.name };
        }
        return { id: args.inputs.name ?? args.inputs.realm ?? `${args.name}-id`, state };
    },
    call(args) {
        return args.inputs;
    },
};
