// stoa-tenancy: one TenantIsolation per tenants/<id>.yaml. The program itself is components/program.ts.
import { stoaTenancy } from "./components/program";

const outputs = stoaTenancy();

export const environment = outputs.environment;
export const tenants = outputs.tenants;
