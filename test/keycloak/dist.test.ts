import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { cacheRoot, ensureDistribution, findJava, javaMajor } from "../../scripts/servers/keycloakDist";

describe("the Keycloak distribution and its Java", () => {
    it("reads Java's major version from `java -version`", () => {
        expect(javaMajor('openjdk version "25.0.3" 2026-04-21 LTS')).toBe(25);
        expect(javaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
        expect(javaMajor('java version "1.8.0_402"')).toBe(8);
        expect(javaMajor("no java here")).toBeUndefined();
    });

    it("refuses a Java older than 21 with one line naming the variable", () => {
        // A stand-in JDK whose `java -version` answers like OpenJDK 17.
        const home = fs.mkdtempSync(path.join(os.tmpdir(), "stoa-jdk17-"));
        try {
            fs.mkdirSync(path.join(home, "bin"));
            fs.writeFileSync(path.join(home, "bin", "java"), '#!/bin/sh\necho \'openjdk version "17.0.15" 2025-04-15\' >&2\n', { mode: 0o755 });
            expect(() => findJava({ STOA_KEYCLOAK_JAVA_HOME: home })).toThrow(/^STOA_KEYCLOAK_JAVA_HOME=\S+: Keycloak 26\.7\.3 needs Java 21 or newer \(found 17\)$/);
        } finally {
            fs.rmSync(home, { recursive: true, force: true });
        }
    });

    it("picks a Java of at least 21 from /usr/lib/jvm by default, and fails with one line when there is none", () => {
        expect(findJava({}).major).toBeGreaterThanOrEqual(21);
        const empty = fs.mkdtempSync(path.join(os.tmpdir(), "stoa-jvm-"));
        try {
            expect(() => findJava({}, empty)).toThrow(/^Keycloak 26\.7\.3 needs Java 21 or newer: none in \S+ \(install one or set STOA_KEYCLOAK_JAVA_HOME\)$/);
        } finally {
            fs.rmSync(empty, { recursive: true, force: true });
        }
    });

    it("takes a ready distribution from STOA_KEYCLOAK_HOME, and refuses a folder without kc.sh", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stoa-kc-home-"));
        try {
            expect(() => ensureDistribution("/unused", { STOA_KEYCLOAK_HOME: dir })).toThrow(/^STOA_KEYCLOAK_HOME=.*: no bin\/kc\.sh there$/);
            fs.mkdirSync(path.join(dir, "bin"));
            fs.writeFileSync(path.join(dir, "bin", "kc.sh"), "");
            expect(ensureDistribution("/unused", { STOA_KEYCLOAK_HOME: dir })).toEqual({ home: dir, built: false });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("keeps its cache under STOA_CACHE_DIR, else XDG_CACHE_HOME, else ~/.cache", () => {
        expect(cacheRoot({ STOA_CACHE_DIR: "/c" })).toBe("/c");
        expect(cacheRoot({ XDG_CACHE_HOME: "/x" })).toBe("/x/stoa-tenancy");
        expect(cacheRoot({})).toBe(path.join(os.homedir(), ".cache", "stoa-tenancy"));
    });
});
