/**
 * Where input files come from: a folder on disk, or (for `npm run plan --base`) a folder at a git
 * revision. Either way the loader sees the same thing: each entry's name, what kind of entry it is,
 * its size, and a way to read it. Only regular files of a bounded size are ever read: a symbolic
 * link, a directory, a FIFO or a device is refused by its kind, without opening it.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export type EntryKind = "file" | "directory" | "symbolic link" | "FIFO" | "socket" | "device" | "submodule" | "other";

export interface FolderEntry {
    name: string;
    kind: EntryKind;
    /** Size in bytes, for regular files. */
    size?: number;
    /** The content; only called for regular files no larger than the limit. May throw (the loader reports it). */
    read(): Buffer;
}

export interface FolderSource {
    /** The folder as named in messages (e.g. `tenants`, or `origin/main:tenants`). */
    label: string;
    /** How a file of the folder is named in messages. */
    fileLabel(name: string): string;
    /** The entries, or why the folder cannot be listed. */
    list(): { ok: true; entries: FolderEntry[] } | { ok: false; message: string };
}

/** The largest input file read, in bytes: a tenant file is well under 4 KiB. */
export const MAX_INPUT_FILE_BYTES = 64 * 1024;

function kindOf(stat: fs.Stats): EntryKind {
    if (stat.isFile()) return "file";
    if (stat.isDirectory()) return "directory";
    if (stat.isSymbolicLink()) return "symbolic link";
    if (stat.isFIFO()) return "FIFO";
    if (stat.isSocket()) return "socket";
    if (stat.isBlockDevice() || stat.isCharacterDevice()) return "device";
    return "other";
}

/**
 * Reads a regular file without following a symbolic link and without blocking on a FIFO, checking
 * what was opened (the entry may have changed since it was listed) and reading at most `max` bytes.
 */
export function readRegularFile(file: string, max = MAX_INPUT_FILE_BYTES): Buffer {
    const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    try {
        const stat = fs.fstatSync(fd);
        if (!stat.isFile()) throw new Error(`is a ${kindOf(stat)}, not a regular file`);
        if (stat.size > max) throw new Error(`is ${stat.size} bytes, more than the ${max} allowed`);
        const buffer = Buffer.alloc(max + 1);
        let length = 0;
        for (;;) {
            const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
            if (read === 0) break;
            length += read;
            if (length > max) throw new Error(`is more than the ${max} bytes allowed`);
        }
        return buffer.subarray(0, length);
    } finally {
        fs.closeSync(fd);
    }
}

/** A folder on disk. `label` names it in messages; files are named `<label>/<name>`. */
export function fileSystemFolder(dir: string, label = dir): FolderSource {
    return {
        label,
        fileLabel: (name) => path.join(label, name),
        list() {
            let stat: fs.Stats;
            try {
                stat = fs.lstatSync(dir);
            } catch {
                return { ok: false, message: "tenant folder not found" };
            }
            if (!stat.isDirectory()) return { ok: false, message: `is a ${kindOf(stat)}, not a folder` };
            const entries = fs.readdirSync(dir).map((name): FolderEntry => {
                const file = path.join(dir, name);
                let entryStat: fs.Stats | undefined;
                try {
                    entryStat = fs.lstatSync(file);
                } catch {
                    entryStat = undefined;
                }
                return {
                    name,
                    kind: entryStat ? kindOf(entryStat) : "other",
                    size: entryStat?.isFile() ? entryStat.size : undefined,
                    read: () => readRegularFile(file),
                };
            });
            return { ok: true, entries };
        },
    };
}

export type DecodedText = { ok: true; text: string } | { ok: false; message: string };

/** The text of a file: UTF-8 only (a UTF-8 byte-order mark is dropped), no NUL bytes. */
export function decodeText(bytes: Buffer): DecodedText {
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
        return { ok: false, message: "is UTF-16 (or UTF-32) text: save it as UTF-8" };
    }
    if (bytes.includes(0)) return { ok: false, message: "holds NUL bytes: it is not a text file (save it as UTF-8 text)" };
    try {
        const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
        return { ok: true, text: text.startsWith("\ufeff") ? text.slice(1) : text };
    } catch {
        return { ok: false, message: "is not valid UTF-8 text: save it as UTF-8" };
    }
}
