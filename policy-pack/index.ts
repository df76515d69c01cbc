/**
 * The CrossGuard entry point: `pulumi preview --policy-pack ./policy-pack`. The only file that
 * constructs the PolicyPack (the constructor starts the analyzer server the CLI talks to).
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, policies } from "./policies";

new PolicyPack(PACK_NAME, { policies, enforcementLevel: PACK_ENFORCEMENT_LEVEL });
