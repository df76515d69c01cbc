/**
 * Display text (a tenant's name and description, a retirement reason): shown in Keycloak, Grafana,
 * the plan and pull-request comments, so it must read as written. Control characters and bidi
 * overrides would let a file show one thing and mean another, or break a terminal or a table.
 */

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const LINE_BREAK = /[\t\n\r\u2028\u2029]/;
/** Bidi embeddings, overrides, isolates and marks (the "Trojan Source" characters). */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Why `text` cannot be display text, or undefined. `multiLine` allows tabs and line breaks (descriptions). */
export function displayTextProblem(text: string, multiLine = false): string | undefined {
    const at = (pattern: RegExp) => {
        const index = text.search(pattern);
        return `U+${text.charCodeAt(index).toString(16).toUpperCase().padStart(4, "0")} at character ${index + 1}`;
    };
    if (BIDI.test(text)) return `must not contain bidi control characters (${at(BIDI)}): they make text display differently from what it is`;
    if (CONTROL.test(text)) return `must not contain control characters (${at(CONTROL)})`;
    if (!multiLine && LINE_BREAK.test(text)) return `must be one line, without tabs or line breaks (${at(LINE_BREAK)})`;
    return undefined;
}
