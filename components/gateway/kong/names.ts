/** Names of a tenant's Kong objects (platform namespace), derived from the tenant id only. */
export interface KongNames {
    /** KongConsumer. */
    consumer: string;
    /** key-auth credential Secret. */
    keySecret: string;
    /** ACL credential Secret. */
    aclSecret: string;
    /** mtls-auth credential Secret. */
    mtlsSecret: string;
    /** KongPlugin `rate-limiting` scoped to the consumer. */
    rateLimitPlugin: string;
    /** KongPlugin `request-termination` that refuses every call of a suspended or archived tenant. */
    terminationPlugin: string;
}

export function kongNames(id: string): KongNames {
    return {
        consumer: `tenant-${id}`,
        keySecret: `tenant-${id}-key-auth`,
        aclSecret: `tenant-${id}-acl`,
        mtlsSecret: `tenant-${id}-mtls-auth`,
        rateLimitPlugin: `tenant-${id}-rate-limiting`,
        terminationPlugin: `tenant-${id}-request-termination`,
    };
}
