/**
 * Plain HTTPS requests that trust one CA (the test CA) and follow no redirects, so a test sees every
 * status and `Location` header itself.
 */
import * as https from "node:https";

export interface HttpResponse {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: string;
    /** The body parsed as JSON; throws when it is not JSON. */
    json<T = unknown>(): T;
    /** `Set-Cookie` headers as `name=value` pairs. */
    cookies(): string[];
}

export interface HttpRequest {
    method?: string;
    headers?: Record<string, string>;
    /** A string is sent as is; an object as JSON; URLSearchParams as a form. */
    body?: string | URLSearchParams | object;
    timeoutMs?: number;
}

export function httpsRequest(ca: string, url: string, request: HttpRequest = {}): Promise<HttpResponse> {
    const headers: Record<string, string> = { ...request.headers };
    let payload: string | undefined;
    if (request.body instanceof URLSearchParams) {
        payload = request.body.toString();
        headers["content-type"] ??= "application/x-www-form-urlencoded";
    } else if (typeof request.body === "string") {
        payload = request.body;
    } else if (request.body !== undefined) {
        payload = JSON.stringify(request.body);
        headers["content-type"] ??= "application/json";
    }
    if (payload !== undefined) headers["content-length"] = String(Buffer.byteLength(payload));
    return new Promise((resolve, reject) => {
        const req = https.request(url, { method: request.method ?? (payload === undefined ? "GET" : "POST"), headers, ca, timeout: request.timeoutMs ?? 120_000 }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("end", () => {
                const body = Buffer.concat(chunks).toString("utf8");
                resolve({
                    status: res.statusCode ?? 0,
                    headers: res.headers,
                    body,
                    json: <T>() => JSON.parse(body) as T,
                    cookies: () => (res.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]!),
                });
            });
            res.on("error", reject);
        });
        req.on("timeout", () => req.destroy(new Error(`${request.method ?? "GET"} ${url}: no answer in time`)));
        req.on("error", reject);
        if (payload !== undefined) req.write(payload);
        req.end();
    });
}
