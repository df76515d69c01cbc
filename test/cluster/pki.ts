/**
 * The test PKI of the API server suite, made with the openssl command line in the run's temporary
 * folder: one CA that signs the API server's and the OIDC issuers' serving certificates (127.0.0.1)
 * and the client certificate of the set-up identity (group system:masters). Nothing outlives the run.
 */
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

export interface TestPki {
    caCert: string;
    apiServerCert: string;
    apiServerKey: string;
    issuerCert: string;
    issuerKey: string;
    adminCert: string;
    adminKey: string;
    /** Key pair the API server signs and checks service account tokens with. */
    serviceAccountKey: string;
    serviceAccountPub: string;
}

function openssl(args: string[], cwd: string): void {
    try {
        execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
    } catch (err) {
        const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim() ?? "";
        throw new Error(`openssl ${args[0]} failed (is openssl installed?): ${stderr.split("\n")[0] ?? String(err)}`);
    }
}

/** A key and a certificate for `subject`, signed by the CA in `dir`, with the given extensions. */
function issue(dir: string, name: string, subject: string, extensions: string): void {
    openssl(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", `${name}.key`, "-subj", subject, "-out", `${name}.csr`], dir);
    fs.writeFileSync(path.join(dir, `${name}.ext`), extensions);
    openssl(["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2", "-sha256", "-extfile", `${name}.ext`, "-out", `${name}.crt`], dir);
}

export function createTestPki(dir: string): TestPki {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key", "-subj", "/CN=stoa-test-ca", "-days", "2", "-out", "ca.crt"], dir);
    const serving = "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n";
    issue(dir, "apiserver", "/CN=kube-apiserver", serving);
    issue(dir, "issuer", "/CN=oidc-issuer", serving);
    issue(dir, "admin", "/O=system:masters/CN=stoa-test-admin", "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n");
    const sa = generateKeyPairSync("rsa", { modulusLength: 2048 });
    fs.writeFileSync(path.join(dir, "sa.key"), sa.privateKey.export({ type: "pkcs8", format: "pem" }));
    fs.writeFileSync(path.join(dir, "sa.pub"), sa.publicKey.export({ type: "spki", format: "pem" }));
    const file = (name: string) => path.join(dir, name);
    return {
        caCert: file("ca.crt"),
        apiServerCert: file("apiserver.crt"),
        apiServerKey: file("apiserver.key"),
        issuerCert: file("issuer.crt"),
        issuerKey: file("issuer.key"),
        adminCert: file("admin.crt"),
        adminKey: file("admin.key"),
        serviceAccountKey: file("sa.key"),
        serviceAccountPub: file("sa.pub"),
    };
}
