/**
 * A throwaway test CA and a server certificate it signed for 127.0.0.1 and localhost, made with the
 * openssl command line (P-256 keys, valid for two days). Only the tests trust the CA.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export interface TestCertificate {
    caFile: string;
    certFile: string;
    keyFile: string;
}

function openssl(args: string[], cwd: string): void {
    const result = spawnSync("openssl", args, { cwd, encoding: "utf8" });
    if (result.error) throw new Error(`the openssl command is needed to make the test certificate: ${result.error.message}`);
    if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr.trim().split("\n").pop()}`);
}

/** Writes ca.crt, tls.crt and tls.key into `dir` (the CA key is removed once it signed). */
export function makeTestCertificate(dir: string): TestCertificate {
    const key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
    openssl(
        ["req", "-x509", ...key, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=stoa-tenancy test CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
        dir,
    );
    openssl(["req", ...key, "-keyout", "tls.key", "-out", "tls.csr", "-subj", "/CN=127.0.0.1"], dir);
    fs.writeFileSync(
        path.join(dir, "tls.ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n",
    );
    openssl(["x509", "-req", "-in", "tls.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "tls.crt", "-days", "2", "-extfile", "tls.ext"], dir);
    for (const leftover of ["ca.key", "ca.srl", "tls.csr", "tls.ext"]) fs.rmSync(path.join(dir, leftover), { force: true });
    return { caFile: path.join(dir, "ca.crt"), certFile: path.join(dir, "tls.crt"), keyFile: path.join(dir, "tls.key") };
}
