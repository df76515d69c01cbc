/**
 * Global set-up of the API server suite: binaries (built once, or STOA_KUBE_ASSETS), a test PKI, the
 * test OIDC issuers, etcd, and kube-apiserver started with the AuthenticationConfiguration the program
 * emits for the dev stack with the sample tenants and `keycloakUrl` pointing at the test issuers. Then
 * the CRDs of the custom kinds, the platform's own namespaces and storage classes. The teardown stops
 * every process and removes the temporary folder, also when the set-up fails half-way.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { TestProject } from "vitest/node";
import { readStackFile, runOffline } from "../../scripts/offline/runtime";
import { stoaTenancy } from "../../components/program";
import { SAMPLE_TENANTS_DIR } from "../kubernetes/helpers";
import { KubeClient, expectOk } from "./client";
import { CRD_SPECS, crdManifest } from "./crds";
import { factsDir } from "./paths";
import { createTestPki } from "./pki";
import { startOidcIssuers, signToken, type OidcIssuers, type RealmKey } from "./oidc";
import { kubeAssets, processSet, startApiServer, startEtcd, waitFor } from "./server";

export interface ClusterInfo {
    server: string;
    caFile: string;
    adminCertFile: string;
    adminKeyFile: string;
    /** `keycloakUrl` of the test stack: the test issuers. */
    keycloakUrl: string;
    /** Signing keys of every realm the issuers serve (archived tenants' realms included). */
    realms: RealmKey[];
    /** The AuthenticationConfiguration file the server runs with (the program's output). */
    authenticationConfig: string;
    serverVersion: string;
}

declare module "vitest" {
    export interface ProvidedContext {
        cluster: ClusterInfo;
    }
}

export const PLATFORM_STORAGE_CLASSES = ["encrypted-ssd", "standard"] as const;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
    const projectDir = process.cwd();
    const assets = kubeAssets(projectDir);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "stoa-cluster-"));
    const running = processSet();
    const processes = running.processes;
    let issuers: OidcIssuers | undefined;
    const teardown = async () => {
        await running.stopAll();
        await issuers?.close();
        fs.rmSync(tmp, { recursive: true, force: true });
    };
    try {
        fs.rmSync(factsDir(), { recursive: true, force: true });
        fs.mkdirSync(factsDir(), { recursive: true });
        const pki = createTestPki(path.join(tmp, "pki"));
        issuers = await startOidcIssuers({ dir: path.join(tmp, "keys"), cert: pki.issuerCert, key: pki.issuerKey });

        // What the program emits for this stack: the AuthenticationConfiguration the API server runs with.
        const stackConfig = readStackFile(projectDir, "dev");
        const run = await runOffline({
            stack: "dev",
            config: { ...stackConfig, removalGuard: false, keycloakUrl: issuers.url },
            program: () => stoaTenancy({ tenantsDir: SAMPLE_TENANTS_DIR }),
        });
        const authenticationConfig = String(run.outputs.clusterAuthenticationConfig);
        const tenantRealms = Object.values(run.outputs.tenants as Record<string, { realm: string }>).map((t) => t.realm);
        const realms: RealmKey[] = [];
        for (const realm of [String(stackConfig.platformRealm), ...tenantRealms]) realms.push(await issuers.addRealm(realm));
        const authFile = path.join(tmp, "authentication-config.yaml");
        fs.writeFileSync(authFile, authenticationConfig);

        const etcd = await startEtcd({ bin: path.join(assets, "etcd"), dir: tmp });
        processes.push(etcd.proc);
        const api = await startApiServer({ bin: path.join(assets, "kube-apiserver"), dir: tmp, etcdUrl: etcd.url, pki, authenticationConfigFile: authFile });
        processes.push(api.proc);
        const info: ClusterInfo = {
            server: api.url,
            caFile: pki.caCert,
            adminCertFile: pki.adminCert,
            adminKeyFile: pki.adminKey,
            keycloakUrl: issuers.url,
            realms,
            authenticationConfig,
            serverVersion: "",
        };
        const admin = new KubeClient(info);
        await waitFor(api.proc, 240_000, async () => (await admin.get("/readyz")).status === 200);
        info.serverVersion = String(expectOk(await admin.get("/version"), "server version").body.gitVersion);

        // The JWT authenticators load their issuers in the background: wait until the platform realm answers.
        const platform = realms[0]!;
        const probe = await signToken(platform.privateJwkFile, { iss: `${issuers.url}/realms/${platform.realm}`, aud: "kubernetes", azp: "kubectl", preferred_username: "probe", groups: [] });
        const asProbe = admin.as({ kind: "token", token: probe });
        await waitFor(api.proc, 120_000, async () => (await asProbe.post("/apis/authentication.k8s.io/v1/selfsubjectreviews", { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" })).status === 201);

        await installPlatformPrerequisites(admin, [String(stackConfig.platformNamespace), String(stackConfig.veleroNamespace ?? "velero")]);
        fs.writeFileSync(path.join(factsDir(), "server.json"), JSON.stringify({ serverVersion: info.serverVersion }));
        project.provide("cluster", info);
        return teardown;
    } catch (err) {
        await teardown();
        throw err;
    }
}

/** What the platform team installs before the program runs: CRDs, its namespaces, storage classes. */
export async function installPlatformPrerequisites(admin: KubeClient, namespaces: string[]): Promise<void> {
    for (const spec of CRD_SPECS) expectOk(await admin.post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crdManifest(spec)), `CRD ${spec.plural}.${spec.group}`);
    for (const spec of CRD_SPECS) {
        const name = `${spec.plural}.${spec.group}`;
        const established = async () => {
            const crd = (await admin.get(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`)).body as { status?: { conditions?: { type: string; status: string }[] } };
            return crd.status?.conditions?.some((c) => c.type === "Established" && c.status === "True") ?? false;
        };
        const deadline = Date.now() + 60_000;
        while (!(await established())) {
            if (Date.now() > deadline) throw new Error(`CRD ${name} not established after 60s`);
            await new Promise((resolve) => setTimeout(resolve, 250));
        }
        // Discovery of the new group can lag behind the Established condition.
        while ((await admin.get(`/apis/${spec.group}/${spec.version}`)).status !== 200) {
            if (Date.now() > deadline) throw new Error(`${spec.group}/${spec.version} not served after 60s`);
            await new Promise((resolve) => setTimeout(resolve, 250));
        }
    }
    for (const name of namespaces) expectOk(await admin.post("/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name } }), `namespace ${name}`);
    for (const [i, name] of PLATFORM_STORAGE_CLASSES.entries()) {
        expectOk(
            await admin.post("/apis/storage.k8s.io/v1/storageclasses", {
                apiVersion: "storage.k8s.io/v1",
                kind: "StorageClass",
                metadata: { name, annotations: i === 0 ? { "storageclass.kubernetes.io/is-default-class": "true" } : {} },
                provisioner: "kubernetes.io/no-provisioner",
                volumeBindingMode: "WaitForFirstConsumer",
            }),
            `storage class ${name}`,
        );
    }
}
