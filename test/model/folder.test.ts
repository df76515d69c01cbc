/**
 * Reading input files from disk (components/model/folder.ts): each kind of entry named as it is, the
 * size limit at its edge, a file that grows past the limit while it is read, the descriptor closed
 * whatever happens, and the text encodings refused or accepted.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeText, fileSystemFolder, readRegularFile } from "../../components/model/folder";
import { removeTempFolders, tempFolder } from "./helpers";

afterAll(removeTempFolders);

const emptyFolder = () => tempFolder("folder");

/** Open file descriptors of this process (Linux). */
const openDescriptors = () => fs.readdirSync("/proc/self/fd").length;

describe("readRegularFile", () => {
    it("reads a file of exactly the limit whole, and refuses one byte more", () => {
        const dir = emptyFolder();
        fs.writeFileSync(path.join(dir, "ten"), "0123456789");
        fs.writeFileSync(path.join(dir, "eleven"), "0123456789A");
        expect(readRegularFile(path.join(dir, "ten"), 10).toString()).toBe("0123456789");
        expect(() => readRegularFile(path.join(dir, "eleven"), 10)).toThrow("is 11 bytes, more than the 10 allowed");
    });

    it("refuses a file that holds more than its size says once read (a /proc file reports size 0)", () => {
        expect(fs.statSync("/proc/self/status").size).toBe(0);
        expect(() => readRegularFile("/proc/self/status", 10)).toThrow("is more than the 10 bytes allowed");
    });

    it("refuses a FIFO and a device by their kind, without blocking", () => {
        const dir = emptyFolder();
        execFileSync("mkfifo", [path.join(dir, "pipe")]);
        expect(() => readRegularFile(path.join(dir, "pipe"))).toThrow("is a FIFO, not a regular file");
        expect(() => readRegularFile("/dev/null")).toThrow("is a device, not a regular file");
        expect(() => readRegularFile(dir)).toThrow("is a directory, not a regular file");
    });

    it("closes the file whether it was read or refused", () => {
        const dir = emptyFolder();
        fs.writeFileSync(path.join(dir, "ok"), "ok");
        fs.writeFileSync(path.join(dir, "big"), "0123456789A");
        const before = openDescriptors();
        for (let i = 0; i < 20; i++) {
            readRegularFile(path.join(dir, "ok"));
            expect(() => readRegularFile(path.join(dir, "big"), 10)).toThrow();
            expect(() => readRegularFile("/dev/null")).toThrow();
        }
        expect(openDescriptors()).toBe(before);
    });
});

describe("fileSystemFolder", () => {
    it("names each kind of entry: file, directory, symbolic link, FIFO, socket", async () => {
        const dir = emptyFolder();
        fs.writeFileSync(path.join(dir, "a.yaml"), "id: a\n");
        fs.mkdirSync(path.join(dir, "b.yaml"));
        fs.symlinkSync("a.yaml", path.join(dir, "c.yaml"));
        execFileSync("mkfifo", [path.join(dir, "d.yaml")]);
        const server = net.createServer();
        await new Promise<void>((resolve) => server.listen(path.join(dir, "e.yaml"), resolve));
        try {
            const listed = fileSystemFolder(dir, "tenants").list();
            if (!listed.ok) throw new Error(listed.message);
            const kinds = listed.entries.map((e) => [e.name, e.kind, e.size]).sort();
            expect(kinds).toEqual([
                ["a.yaml", "file", 6],
                ["b.yaml", "directory", undefined],
                ["c.yaml", "symbolic link", undefined],
                ["d.yaml", "FIFO", undefined],
                ["e.yaml", "socket", undefined],
            ]);
        } finally {
            await new Promise((resolve) => server.close(resolve));
        }
    });

    it("says why a folder cannot be listed", () => {
        const dir = emptyFolder();
        fs.writeFileSync(path.join(dir, "file"), "");
        expect(fileSystemFolder(path.join(dir, "missing")).list()).toEqual({ ok: false, message: "tenant folder not found" });
        expect(fileSystemFolder(path.join(dir, "file")).list()).toEqual({ ok: false, message: "is a file, not a folder" });
        expect(fileSystemFolder(dir, "tenants").fileLabel("a.yaml")).toBe("tenants/a.yaml");
    });
});

describe("decodeText", () => {
    it("refuses UTF-16 in either byte order, NUL bytes and invalid UTF-8", () => {
        const utf16 = { ok: false, message: "is UTF-16 (or UTF-32) text: save it as UTF-8" };
        expect(decodeText(Buffer.from([0xff, 0xfe, 0x69, 0x00]))).toEqual(utf16);
        expect(decodeText(Buffer.from([0xfe, 0xff, 0x00, 0x69]))).toEqual(utf16);
        expect(decodeText(Buffer.from([0x69, 0x00, 0x64]))).toEqual({ ok: false, message: "holds NUL bytes: it is not a text file (save it as UTF-8 text)" });
        expect(decodeText(Buffer.from([0x69, 0xc3, 0x28]))).toEqual({ ok: false, message: "is not valid UTF-8 text: save it as UTF-8" });
    });

    it("drops a UTF-8 byte-order mark and keeps everything else", () => {
        expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from("id: acme\n")]))).toEqual({ ok: true, text: "id: acme\n" });
        expect(decodeText(Buffer.from("id: café\n"))).toEqual({ ok: true, text: "id: café\n" });
        // An editor that adds a mark to a file that already has one: both are dropped.
        expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, ...Buffer.from("id: acme\n")]))).toEqual({ ok: true, text: "id: acme\n" });
        // Half a byte-order mark is not one: each byte alone, and each second byte after another first byte.
        for (const bytes of [[0xff, 0x41], [0xfe, 0x41], [0xc3, 0xfe], [0xc3, 0xff]]) expect(decodeText(Buffer.from(bytes))).toEqual({ ok: false, message: "is not valid UTF-8 text: save it as UTF-8" });
    });
});
