import type * as pulumi from "@pulumi/pulumi";
import type { ResolvedTenant, StackConfig } from "../model";

/** What each platform part receives; `opts` makes the Platform component the parent. */
export interface PlatformLayerContext {
    stack: StackConfig;
    tenants: readonly ResolvedTenant[];
    opts: pulumi.CustomResourceOptions;
}
