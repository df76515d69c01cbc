/** Admission rule that tenant volumes use the stack's encrypted storage class. */
import type { PlatformLayerContext } from "./context";

// TODO(issue 4)
export function createPlatformStorage(_ctx: PlatformLayerContext): Record<string, unknown> {
    return {};
}
