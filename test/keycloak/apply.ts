/**
 * Runs the translator's calls against a real server, in order, the way the provider would: created
 * objects' ids are taken from `Location` and substituted into later paths; role mappings look the
 * roles up first (as the provider's getExtendedRoleMapping does).
 */
import type { AdminApi } from "./admin";
import type { AdminCall, Ref } from "./translate";

type RoleRepresentation = { id: string; name: string };

function resolve(path: (string | Ref)[], ids: ReadonlyMap<string, string>): string {
    return path
        .map((part) => {
            if (typeof part === "string") return encodeURIComponent(part);
            const id = ids.get(part.ref);
            if (id === undefined) throw new Error(`no object created yet for ${part.ref}`);
            return id;
        })
        .map((segment) => `/${segment}`)
        .join("");
}

/** Applies `calls`; returns the server ids of created objects by reference (`client:<realm>/<id>`, `group:…`). */
export async function applyCalls(api: AdminApi, calls: readonly AdminCall[]): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const call of calls) {
        try {
            await applyOne(api, call, ids);
        } catch (error) {
            throw new Error(`${call.resource} (${call.type}): ${(error as Error).message}`);
        }
    }
    return ids;
}

async function applyOne(api: AdminApi, call: AdminCall, ids: Map<string, string>): Promise<void> {
    switch (call.kind) {
        case "request": {
            const path = resolve(call.path, ids);
            if (call.creates) ids.set(call.creates, await api.create(path, call.body));
            else await api.ok(call.method, path, call.body);
            return;
        }
        case "adopt-role": {
            const path = `/${encodeURIComponent(call.realm)}/roles/${encodeURIComponent(call.body.name)}`;
            const existing = await api.get<RoleRepresentation>(path);
            await api.ok("PUT", path, { ...existing, ...call.body });
            return;
        }
        case "group-roles": {
            const realm = encodeURIComponent(call.realm);
            const group = resolve([call.group], ids);
            const realmRoles = await Promise.all(call.realmRoles.map((name) => api.get<RoleRepresentation>(`/${realm}/roles/${encodeURIComponent(name)}`)));
            if (realmRoles.length > 0) await api.ok("POST", `/${realm}/groups${group}/role-mappings/realm`, realmRoles);
            for (const [clientId, names] of Object.entries(call.clientRoles)) {
                const [client] = await api.get<{ id: string }[]>(`/${realm}/clients?clientId=${encodeURIComponent(clientId)}`);
                if (!client) throw new Error(`realm ${call.realm} has no client ${clientId}`);
                const roles = await Promise.all(names.map((name) => api.get<RoleRepresentation>(`/${realm}/clients/${client.id}/roles/${encodeURIComponent(name)}`)));
                await api.ok("POST", `/${realm}/groups${group}/role-mappings/clients/${client.id}`, roles);
            }
            return;
        }
    }
}
