/**
 * PostgreSQL isolation models, weakest first: `schema` (one database shared by the tenants, one schema
 * each) and `database` (a database per tenant). The tier table sets each tier's model; a tenant file
 * may ask for a stronger one, never a weaker one (docs/data.md).
 */
export const ISOLATION_MODELS = ["schema", "database"] as const;
export type IsolationModel = (typeof ISOLATION_MODELS)[number];

/** How a tenant file acknowledges that a deployment moves a live tenant from one model to the other. */
export const ISOLATION_CHANGES = ["schema-to-database", "database-to-schema"] as const;
export type IsolationChange = (typeof ISOLATION_CHANGES)[number];

export function isolationChange(from: IsolationModel, to: IsolationModel): IsolationChange | undefined {
    return from === to ? undefined : (`${from}-to-${to}` as IsolationChange);
}

/** The problem with asking for `requested` on a tier whose model is `tierModel`, if any. */
export function isolationProblem(tierName: string, tierModel: IsolationModel, requested: unknown): string | undefined {
    if (typeof requested !== "string" || !(ISOLATION_MODELS as readonly string[]).includes(requested)) return undefined;
    if (ISOLATION_MODELS.indexOf(requested as IsolationModel) >= ISOLATION_MODELS.indexOf(tierModel)) return undefined;
    return `${requested} is weaker than the ${tierName} tier's ${tierModel} model; a tenant may ask only for a stronger model`;
}
