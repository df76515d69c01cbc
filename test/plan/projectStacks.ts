/** Project stacks for the tests of which stacks a pull request plans: one valid base config, varied per stack. */
import { StackConfigSchema } from "../../components/model";
import type { ProjectStack } from "../../scripts/plan/select";

const BASE = {
    keycloakUrl: "https://auth.example",
    portalRedirectUris: ["https://portal.example/{tenant}/cb"],
    tenantIngressDomain: "apps.example",
    encryptedStorageClass: "enc",
    backupBucket: "s3://b",
    grafanaUrl: "https://grafana.example",
    gateways: [{ adapter: "kong", redis: { host: "redis", ssl: true, passwordSecret: "kong-redis" } }],
};

export const stack = (name: string, extra: Record<string, unknown>): ProjectStack => ({ name, config: StackConfigSchema.parse({ ...BASE, ...extra }) });
