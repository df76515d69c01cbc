/**
 * The pure parts of the PostgreSQL 18 client fetch (scripts/servers/pgClient.ts): reading Debian's
 * signed Release text and Packages index, and the dependency closure. No network; the fetch itself
 * runs in `npm run test:backup`.
 */
import { describe, expect, it } from "vitest";
import { dependencyClosure, parseDepends, parsePackages, releaseHash, upstreamVersion, wrapperScript } from "../../scripts/servers/pgClient";

const RELEASE = `Origin: Debian
Suite: unstable
MD5Sum:
 0123456789abcdef0123456789abcdef 15001303 main/binary-amd64/Packages.gz
SHA256:
 1111111111111111111111111111111111111111111111111111111111111111 64988655 main/binary-amd64/Packages
 2222222222222222222222222222222222222222222222222222222222222222 15001303 main/binary-amd64/Packages.gz
`;

const INDEX = `Package: postgresql-client-18
Version: 18.6-3
Depends: libpq5 (>= 18~~), postgresql-client-common (>= 182~), libc6 (>= 2.38), libreadline8t64 (>= 6.0) | libedit2, sensible-utils
Filename: pool/main/p/postgresql-18/postgresql-client-18_18.6-3_amd64.deb
Size: 2000
SHA256: aaaa

Package: libpq5
Version: 18.6-3
Depends: libc6 (>= 2.38), libssl3t64 (>= 3.0.0)
Filename: pool/main/p/postgresql-18/libpq5_18.6-3_amd64.deb
Size: 300
SHA256: bbbb

Package: libc6
Version: 2.43-7
Depends: libgcc-s1
Filename: pool/main/g/glibc/libc6_2.43-7_amd64.deb
Size: 3000
SHA256: cccc

Package: libgcc-s1
Version: 16.2.0-4
Pre-Depends: libc6
Filename: pool/main/g/gcc-16/libgcc-s1_16.2.0-4_amd64.deb
Size: 70
SHA256: dddd

Package: libssl3t64
Version: 3.6.5-1
Provides: libssl3 (= 3.6.5-1)
Depends: libc6 (>= 2.34)
Description: a long
 description over
 several lines
Filename: pool/main/o/openssl/libssl3t64_3.6.5-1_amd64.deb
Size: 2500
SHA256: eeee

Package: libreadline8t64
Version: 8.3-4
Depends: libtinfo6
Filename: pool/main/r/readline/libreadline8t64_8.3-4_amd64.deb
Size: 150
SHA256: ffff

Package: libtinfo6
Version: 6.6-2
Filename: pool/main/n/ncurses/libtinfo6_6.6-2_amd64.deb
Size: 350
SHA256: 9999

Package: postgresql-client-common
Version: 287
Depends: perl
Filename: pool/main/p/postgresql-common/postgresql-client-common_287_all.deb
Size: 100
SHA256: 8888

Package: sensible-utils
Version: 0.0.25
Filename: pool/main/s/sensible-utils/sensible-utils_0.0.25_all.deb
Size: 20
SHA256: 7777
`;

describe("the signed Release text", () => {
    it("gives the SHA256 and size of the index, not its MD5 or another file's", () => {
        expect(releaseHash(RELEASE, "main/binary-amd64/Packages.gz")).toEqual({ sha256: "2222222222222222222222222222222222222222222222222222222222222222", size: 15001303 });
    });

    it("refuses a file it does not list", () => {
        expect(() => releaseHash(RELEASE, "main/binary-arm64/Packages.gz")).toThrow("the signed Release text lists no SHA256 for main/binary-arm64/Packages.gz");
    });
});

describe("the Packages index", () => {
    it("reads names, versions, files, hashes and dependencies (Pre-Depends first, alternatives kept in order)", () => {
        const packages = parsePackages(INDEX);
        expect(packages.size).toBe(9);
        expect(packages.get("postgresql-client-18")).toEqual({
            name: "postgresql-client-18",
            version: "18.6-3",
            filename: "pool/main/p/postgresql-18/postgresql-client-18_18.6-3_amd64.deb",
            sha256: "aaaa",
            size: 2000,
            depends: [["libpq5"], ["postgresql-client-common"], ["libc6"], ["libreadline8t64", "libedit2"], ["sensible-utils"]],
            provides: [],
        });
        expect(packages.get("libssl3t64")?.provides).toEqual(["libssl3"]);
        expect(packages.get("libgcc-s1")?.depends).toEqual([["libc6"]]);
    });

    it("reads architecture qualifiers and versions off dependency names", () => {
        expect(parseDepends("python3:any (>= 3.9), libfoo [amd64] | libbar")).toEqual([["python3"], ["libfoo", "libbar"]]);
        expect(parseDepends(undefined)).toEqual([]);
    });
});

describe("the dependency closure", () => {
    it("follows every dependency once (cycles included), leaves out the wrappers' Perl and the pager chooser", () => {
        const closure = dependencyClosure(parsePackages(INDEX), "postgresql-client-18");
        expect(closure.map((p) => p.name)).toEqual(["libc6", "libgcc-s1", "libpq5", "libreadline8t64", "libssl3t64", "libtinfo6", "postgresql-client-18"]);
    });

    it("takes a provided name when no package has it", () => {
        const packages = parsePackages(`${INDEX}\nPackage: needs-ssl\nVersion: 1\nDepends: libssl3\nFilename: pool/x.deb\nSize: 1\nSHA256: 0000\n`);
        expect(dependencyClosure(packages, "needs-ssl").map((p) => p.name)).toEqual(["libc6", "libgcc-s1", "libssl3t64", "needs-ssl"]);
    });

    it("fails naming the package whose dependency the suite does not have", () => {
        const packages = parsePackages(INDEX.replace("Depends: libtinfo6", "Depends: libtinfo7"));
        expect(() => dependencyClosure(packages, "postgresql-client-18")).toThrow("libreadline8t64 depends on libtinfo7, which sid does not have");
    });
});

describe("the unpacked tools", () => {
    it("are named by the upstream version", () => {
        expect(upstreamVersion("18.6-3")).toBe("18.6");
        expect(upstreamVersion("1:1.3.dfsg+really1.3.2-4")).toBe("1.3.dfsg+really1.3.2");
    });

    it("run through the unpacked loader with the unpacked libraries only", () => {
        expect(wrapperScript("/cache/pg-client-18.6", "/cache/pg-client-18.6/usr/lib/postgresql/18/bin/pg_dump")).toBe(
            '#!/bin/sh\nexec "/cache/pg-client-18.6/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" --library-path "/cache/pg-client-18.6/usr/lib/x86_64-linux-gnu:/cache/pg-client-18.6/lib/x86_64-linux-gnu" "/cache/pg-client-18.6/usr/lib/postgresql/18/bin/pg_dump" "$@"\n',
        );
    });
});
