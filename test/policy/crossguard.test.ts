/**
 * The pack under the real CrossGuard machinery: the Pulumi CLI's policy-pack runner (the one
 * `pulumi preview --policy-pack ./policy-pack` starts, from the pack folder, with ts-node) serves
 * the pack over gRPC; the test then talks to it as the engine would. Slow (the runner type-checks
 * the pack), so it runs once per file.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import * as analyzerrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policies } from "../../policy-pack/policies";

const ROOT = path.join(__dirname, "../..");
/** @pulumi/policy's sentinel for a string unknown during preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

let runner: ChildProcess | undefined;
let client: analyzerrpc.AnalyzerClient;

function call<Req, Res>(method: (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown, req: Req): Promise<Res> {
    return new Promise((resolve, reject) => method.call(client, req, (err, res) => (err ? reject(err) : resolve(res))));
}

function analyzeRequest(type: string, name: string, props: Record<string, unknown>): analyzerproto.AnalyzeRequest {
    const req = new analyzerproto.AnalyzeRequest();
    req.setType(type);
    req.setName(name);
    req.setUrn(`urn:pulumi:dev::stoa-tenancy::${type}::${name}`);
    req.setProperties(Struct.fromJavaScript(props as never));
    req.setOptions(new analyzerproto.AnalyzerResourceOptions());
    return req;
}

beforeAll(async () => {
    // As the CLI does: the runner from @pulumi/pulumi, working directory = the pack, program ".".
    const script = require.resolve("@pulumi/pulumi/cmd/run-policy-pack");
    const child = spawn(process.execPath, [script, "127.0.0.1:1", "."], { cwd: path.join(ROOT, "policy-pack"), stdio: ["ignore", "pipe", "pipe"] });
    runner = child;
    let stderr = "";
    child.stderr!.on("data", (chunk) => (stderr += String(chunk)));
    const port = await new Promise<string>((resolve, reject) => {
        child.stdout!.on("data", (chunk) => {
            const match = /^(\d+)\s*$/m.exec(String(chunk));
            if (match) resolve(match[1]);
        });
        child.on("exit", (code) => reject(new Error(`policy pack runner exited with ${code}:\n${stderr}`)));
    });
    client = new analyzerrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}, 300_000);

afterAll(() => {
    client?.close();
    if (runner?.pid) process.kill(runner.pid);
});

describe("the pack served by the CLI's policy-pack runner", () => {
    it("announces every policy of the list, mandatory", async () => {
        const info = await call<Empty, analyzerproto.AnalyzerInfo>(client.getAnalyzerInfo, new Empty());
        expect(info.getName()).toBe("stoa-tenancy-isolation");
        expect(info.getPoliciesList().map((p) => p.getName())).toEqual(policies.map((p) => p.name));
        expect(new Set(info.getPoliciesList().map((p) => p.getEnforcementlevel()))).toEqual(new Set([analyzerproto.EnforcementLevel.MANDATORY]));
    });

    it("refuses a RoleBinding of globex's group in tenant-acme-corp", async () => {
        const res = await call<analyzerproto.AnalyzeRequest, analyzerproto.AnalyzeResponse>(
            client.analyze,
            analyzeRequest("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "leak", {
                metadata: { name: "leak", namespace: "tenant-acme-corp" },
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "devops" },
                subjects: [{ kind: "Group", name: "tenant:globex:devops" }],
            }),
        );
        const diagnostics = res.getDiagnosticsList().map((d) => [d.getPolicyname(), d.getEnforcementlevel(), d.getMessage()] as const);
        expect(diagnostics).toEqual([["rolebinding-tenant-subjects", analyzerproto.EnforcementLevel.MANDATORY, expect.stringContaining("group tenant:globex:devops is not a group of tenant acme-corp")]]);
    });

    it("says a value unknown during preview makes the policy not applicable, with the value named", async () => {
        const res = await call<analyzerproto.AnalyzeRequest, analyzerproto.AnalyzeResponse>(
            client.analyze,
            analyzeRequest("kubernetes:core/v1:Namespace", "ns", {
                metadata: { name: "tenant-acme-corp", labels: { "stoa.io/tenant-id": UNKNOWN, "stoa.io/tier": "business", "pod-security.kubernetes.io/enforce": "restricted" } },
            }),
        );
        expect(res.getDiagnosticsList()).toEqual([]);
        const reasons = res.getNotApplicableList().filter((n) => n.getPolicyName() === "tenant-namespace-labels").map((n) => n.getReason());
        expect(reasons).toEqual([expect.stringContaining("value at .metadata.labels.stoa.io/tenant-id can't be known during preview")]);
    });
});
