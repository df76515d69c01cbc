/**
 * A small client of the test API server: the set-up identity (client certificate in system:masters),
 * the same identity impersonating a tenant user, or a bearer token. Answers are parsed JSON with the
 * HTTP status; nothing throws on a refusal, so tests can assert on it.
 */
import * as fs from "node:fs";
import * as https from "node:https";
import { inject } from "vitest";
import type { ClusterInfo } from "./globalSetup";

export type Identity = { kind: "admin" } | { kind: "impersonate"; user: string; groups: string[] } | { kind: "token"; token: string };

export interface Answer {
    status: number;
    body: Record<string, unknown>;
}

export const APPLY_PATCH = "application/apply-patch+yaml";
export const MERGE_PATCH = "application/merge-patch+json";

export class KubeClient {
    private readonly agent: https.Agent;

    constructor(
        readonly cluster: ClusterInfo,
        readonly identity: Identity = { kind: "admin" },
    ) {
        const ca = fs.readFileSync(cluster.caFile);
        this.agent =
            identity.kind === "token"
                ? new https.Agent({ ca, keepAlive: true, maxSockets: 8 })
                : new https.Agent({ ca, cert: fs.readFileSync(cluster.adminCertFile), key: fs.readFileSync(cluster.adminKeyFile), keepAlive: true, maxSockets: 8 });
    }

    /** Closes the kept-alive connections. */
    close(): void {
        this.agent.destroy();
    }

    as(identity: Identity): KubeClient {
        return new KubeClient(this.cluster, identity);
    }

    request(method: string, path: string, body?: unknown, contentType = "application/json"): Promise<Answer> {
        const headers: Record<string, string | string[]> = { accept: "application/json" };
        if (this.identity.kind === "token") headers.authorization = `Bearer ${this.identity.token}`;
        if (this.identity.kind === "impersonate") {
            headers["impersonate-user"] = this.identity.user;
            headers["impersonate-group"] = this.identity.groups;
        }
        const payload = body === undefined ? undefined : JSON.stringify(body);
        if (payload !== undefined) headers["content-type"] = contentType;
        return new Promise((resolve, reject) => {
            const req = https.request(`${this.cluster.server}${path}`, { method, headers, agent: this.agent }, (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (c: Buffer) => chunks.push(c));
                res.on("end", () => {
                    const text = Buffer.concat(chunks).toString();
                    let parsed: Record<string, unknown>;
                    try {
                        parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
                    } catch {
                        parsed = { message: text };
                    }
                    resolve({ status: res.statusCode ?? 0, body: parsed });
                });
            });
            req.on("error", reject);
            if (payload !== undefined) req.write(payload);
            req.end();
        });
    }

    get(path: string): Promise<Answer> {
        return this.request("GET", path);
    }

    post(path: string, body: unknown, query = ""): Promise<Answer> {
        return this.request("POST", `${path}${query}`, body);
    }

    delete(path: string): Promise<Answer> {
        return this.request("DELETE", path);
    }
}

/** The cluster the global set-up started, as the set-up identity. */
export function adminClient(): KubeClient {
    return new KubeClient(inject("cluster"));
}

/** Throws with the server's message unless the status is 2xx. */
export function expectOk(answer: Answer, what: string): Answer {
    if (answer.status < 200 || answer.status > 299) throw new Error(`${what}: HTTP ${answer.status}: ${String(answer.body.message ?? JSON.stringify(answer.body))}`);
    return answer;
}
