/** Sends a catalogue request (test/cluster/admissionCases.ts) as its actor, with dryRun=All for writes. */
import { MERGE_PATCH, type Answer, type KubeClient } from "./client";
import type { Actor, Request } from "./admissionCases";
import { objectPath } from "./stack";

export function actorClient(admin: KubeClient, tenant: string, actor: Actor): KubeClient {
    if (actor === "platform") return admin;
    return admin.as({ kind: "impersonate", user: `tenant:${tenant}:someone-${actor}`, groups: [`tenant:${tenant}:${actor}`, "system:authenticated"] });
}

export async function send(admin: KubeClient, tenant: string, request: Request): Promise<Answer> {
    const client = actorClient(admin, tenant, request.actor);
    const metadata = { name: request.name ?? String((request.body?.metadata as { name?: string } | undefined)?.name ?? ""), namespace: request.namespace };
    const ref = { apiVersion: request.apiVersion, kind: request.kind, metadata };
    const dryRun = "?dryRun=All";
    try {
        switch (request.verb) {
            case "create":
                return await client.post(request.name ? await objectPath(admin, ref) : await objectPath(admin, ref, false), request.body, dryRun);
            case "patch":
                return await client.request("PATCH", `${await objectPath(admin, ref)}${dryRun}`, request.body, MERGE_PATCH);
            case "delete":
                return await client.request("DELETE", `${await objectPath(admin, ref)}${dryRun}`);
            case "get":
                return await client.get(await objectPath(admin, ref));
            default:
                return await client.get(await objectPath(admin, ref, false));
        }
    } finally {
        if (client !== admin) client.close();
    }
}

export const isSuccess = (answer: Answer) => answer.status >= 200 && answer.status < 300;
