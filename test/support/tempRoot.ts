/**
 * Once per test run: one temporary folder for everything the tests write (`os.tmpdir()` in the tests and
 * in the processes they start reads TMPDIR), removed at the end, so that a run leaves nothing in the
 * machine's temporary folder however a test ends. Searchable by every user (0755), because the test
 * PostgreSQL server runs as its own OS user and keeps its data below it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export default function setup(): () => void {
    const previous = process.env.TMPDIR;
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "stoa-test-run-"));
    fs.chmodSync(root, 0o755);
    process.env.TMPDIR = root;
    return () => {
        if (previous === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = previous;
        fs.rmSync(root, { recursive: true, force: true });
    };
}
