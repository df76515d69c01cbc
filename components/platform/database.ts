/** Platform-wide PostgreSQL hardening (PUBLIC loses CREATE on schema public and CONNECT on the database). */
import type { PlatformLayerContext } from "./context";

// TODO(issue 4)
export function createPlatformDatabase(_ctx: PlatformLayerContext): Record<string, unknown> {
    return {};
}
