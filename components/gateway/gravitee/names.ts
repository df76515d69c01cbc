/** Names of a tenant's Gravitee objects (platform namespace), derived from the tenant id only. */
export interface GraviteeNames {
    /** ApiV4Definition: the tenant's API on Gravitee, with its plans. */
    api: string;
    /** Application: the tenant's identity at the gateway. */
    application: string;
    /** Subscription of the application to the API-key plan. */
    apiKeySubscription: string;
    /** Subscription of the application to the mTLS plan. */
    mtlsSubscription: string;
    /** Context path of the tenant's API. */
    listenerPath: string;
}

/** Plan keys inside the tenant's ApiV4Definition (a Subscription names one in `spec.plan`). */
export const API_KEY_PLAN = "API_KEY";
export const MTLS_PLAN = "MTLS";

export function graviteeNames(id: string): GraviteeNames {
    return {
        api: `tenant-${id}`,
        application: `tenant-${id}`,
        apiKeySubscription: `tenant-${id}-api-key`,
        mtlsSubscription: `tenant-${id}-mtls`,
        listenerPath: `/${id}`,
    };
}
