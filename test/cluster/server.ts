/**
 * Starts etcd and kube-apiserver on 127.0.0.1 (free ports, a temporary folder) and stops them again.
 * Each runs in its own process group so that stopping it ends every process it started; a process
 * that exits early fails the start with the last line of its log.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { freePorts } from "../../scripts/servers/ports";
import type { TestPki } from "./pki";

/** Admission plugins of a production cluster: the ones the docs rely on, on top of the default set. */
export const ADMISSION_PLUGINS = [
    "NamespaceLifecycle",
    "LimitRanger",
    "ServiceAccount",
    "DefaultStorageClass",
    "DefaultTolerationSeconds",
    "PodSecurity",
    "Priority",
    "StorageObjectInUseProtection",
    "PersistentVolumeClaimResize",
    "RuntimeClass",
    "CertificateApproval",
    "CertificateSigning",
    "CertificateSubjectRestriction",
    "DefaultIngressClass",
    "TaintNodesByCondition",
    "NodeRestriction",
    "MutatingAdmissionWebhook",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionWebhook",
    "ResourceQuota",
] as const;

export interface RunningProcess {
    name: string;
    child: ChildProcess;
    log: string;
}

function lastLine(log: string): string {
    if (!fs.existsSync(log)) return "(no log)";
    const lines = fs.readFileSync(log, "utf8").trim().split("\n");
    const interesting = lines.filter((l) => /error|fail|invalid|unable|fatal/i.test(l));
    return (interesting.at(-1) ?? lines.at(-1) ?? "(empty log)").slice(0, 400);
}

/** Starts `bin` in its own process group, its output in `<dir>/<name>.log`. */
export function startProcess(name: string, bin: string, args: string[], dir: string, env: NodeJS.ProcessEnv = {}): RunningProcess {
    const log = path.join(dir, `${name}.log`);
    const out = fs.openSync(log, "a");
    const child = spawn(bin, args, { detached: true, stdio: ["ignore", out, out], env: { ...process.env, ...env } });
    fs.closeSync(out);
    return { name, child, log };
}

/** Fails with the process's last log line if it is no longer running. */
export function assertRunning(proc: RunningProcess): void {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
        throw new Error(`${proc.name} exited (${proc.child.exitCode ?? proc.child.signalCode}): ${lastLine(proc.log)}`);
    }
}

/** SIGTERM to the whole process group, SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopProcess(proc: RunningProcess, graceMs = 10_000): Promise<void> {
    const pid = proc.child.pid;
    if (pid === undefined || proc.child.exitCode !== null || proc.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.child.once("exit", () => resolve()));
    const signal = (sig: NodeJS.Signals) => {
        try {
            process.kill(-pid, sig);
        } catch {
            // The group is already gone.
        }
    };
    signal("SIGTERM");
    const timer = setTimeout(() => signal("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
    // Anything the process left in its group goes too.
    signal("SIGKILL");
}

export interface EtcdOptions {
    bin: string;
    dir: string;
}

export async function startEtcd(options: EtcdOptions): Promise<{ proc: RunningProcess; url: string }> {
    const [client, peer] = await freePorts(2);
    const url = `http://127.0.0.1:${client}`;
    const peerUrl = `http://127.0.0.1:${peer}`;
    const proc = startProcess(
        "etcd",
        options.bin,
        [
            "--name=stoa-test",
            `--data-dir=${path.join(options.dir, "etcd-data")}`,
            `--listen-client-urls=${url}`,
            `--advertise-client-urls=${url}`,
            `--listen-peer-urls=${peerUrl}`,
            `--initial-advertise-peer-urls=${peerUrl}`,
            `--initial-cluster=stoa-test=${peerUrl}`,
            "--unsafe-no-fsync",
            "--log-level=warn",
        ],
        options.dir,
    );
    await waitFor(proc, 60_000, async () => (await fetch(`${url}/health`)).ok);
    return { proc, url };
}

export interface ApiServerOptions {
    bin: string;
    dir: string;
    etcdUrl: string;
    pki: TestPki;
    authenticationConfigFile: string;
    /** CA bundle the JWT authenticator trusts for the issuers (default: the test PKI's CA). */
    issuerCaFile?: string;
}

export async function startApiServer(options: ApiServerOptions): Promise<{ proc: RunningProcess; url: string; port: number }> {
    const [port] = await freePorts(1);
    const { pki } = options;
    const proc = startProcess(
        "kube-apiserver",
        options.bin,
        [
            `--etcd-servers=${options.etcdUrl}`,
            "--bind-address=127.0.0.1",
            "--advertise-address=127.0.0.1",
            `--secure-port=${port}`,
            `--cert-dir=${path.join(options.dir, "apiserver-certs")}`,
            `--tls-cert-file=${pki.apiServerCert}`,
            `--tls-private-key-file=${pki.apiServerKey}`,
            `--client-ca-file=${pki.caCert}`,
            `--service-account-issuer=https://kubernetes.default.svc`,
            `--service-account-key-file=${pki.serviceAccountPub}`,
            `--service-account-signing-key-file=${pki.serviceAccountKey}`,
            "--service-cluster-ip-range=10.96.0.0/16",
            "--authorization-mode=Node,RBAC",
            `--enable-admission-plugins=${ADMISSION_PLUGINS.join(",")}`,
            `--authentication-config=${options.authenticationConfigFile}`,
            "--anonymous-auth=false",
            // Alpha: keeps spec.dataSourceRef.namespace of a volume claim (dropped otherwise), so that the
            // guardrail refusing claims cloned from another namespace is reached (test/cluster/guardrails.test.ts).
            "--feature-gates=CrossNamespaceVolumeDataSource=true",
            // As kubeadm and managed clusters run it: privileged pods are for Pod Security to refuse.
            "--allow-privileged=true",
            // One API server on loopback: no `kubernetes` Service endpoints to keep (127.0.0.1 is not a valid endpoint).
            "--endpoint-reconciler-type=none",
            "--profiling=false",
            "--v=1",
        ],
        options.dir,
        // The JWT authenticator fetches each issuer's discovery document over https: trust the test CA.
        { SSL_CERT_FILE: options.issuerCaFile ?? pki.caCert },
    );
    return { proc, url: `https://127.0.0.1:${port}`, port };
}

/** Polls `ready` every half second until it is true; fails when the process dies or time runs out. */
export async function waitFor(proc: RunningProcess, timeoutMs: number, ready: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        assertRunning(proc);
        try {
            if (await ready()) return;
        } catch {
            // Not listening yet.
        }
        if (Date.now() > deadline) throw new Error(`${proc.name} not ready after ${timeoutMs / 1000}s: ${lastLine(proc.log)}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
    }
}

/** Folder with kube-apiserver and etcd: built once by scripts/servers/kube-build.sh, or named by the environment. */
export function kubeAssets(projectDir: string): string {
    try {
        return execFileSync("bash", [path.join(projectDir, "scripts/servers/kube-build.sh")], { stdio: ["ignore", "pipe", "inherit"] })
            .toString()
            .trim()
            .split("\n")
            .at(-1)!;
    } catch {
        throw new Error("kube-apiserver and etcd are not available (see the kube-build line above)");
    }
}

/**
 * The server processes one set-up starts: each whole process group is killed if the test process exits
 * first, and `stopAll` stops them in reverse order of start.
 */
export function processSet(): { processes: RunningProcess[]; stopAll(): Promise<void> } {
    const processes: RunningProcess[] = [];
    const killAll = () => {
        for (const p of processes) {
            try {
                if (p.child.pid !== undefined && p.child.exitCode === null) process.kill(-p.child.pid, "SIGKILL");
            } catch {
                // Already gone.
            }
        }
    };
    process.once("exit", killAll);
    return {
        processes,
        async stopAll() {
            for (const p of [...processes].reverse()) await stopProcess(p);
            process.removeListener("exit", killAll);
        },
    };
}
