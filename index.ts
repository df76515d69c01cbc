// stoa-tenancy: one TenantIsolation per tenants/<id>.yaml. The program itself is components/program.ts.
import { stoaTenancy } from "./components/program";

// Pulumi awaits the exported promise; its keys are the stack outputs (environment, tenants,
// clusterAuthenticationConfig). Asynchronous because the removal guard first reads this stack's
// previous outputs; an error (bad tenant file, dropped live tenant) fails the run once, cleanly.
export = stoaTenancy();
