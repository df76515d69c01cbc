/**
 * The two shell steps of a tenant's schema backup, as pure strings so they can be read and tested:
 * dump + encrypt (PostgreSQL image, which carries openssl), then upload + prune (AWS CLI image).
 * Everything tenant-specific comes from the environment the CronJob sets.
 */

/** `openssl enc` with AES-256 in CBC mode, key derived from the passphrase with PBKDF2 (600k rounds, salted). */
export const ENCRYPTION = "aes-256-cbc";
export const PBKDF2_ITERATIONS = 600_000;
/** Backup object names: `<UTC timestamp>.dump.enc`, so that a plain string comparison orders them by age. */
export const BACKUP_SUFFIX = ".dump.enc";

/**
 * Env: PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE, SCHEMA, BACKUP_PASSPHRASE, BACKUP_DIR.
 * pipefail: a failed pg_dump fails the job instead of uploading a truncated file.
 */
export function dumpScript(): string {
    return [
        "set -euo pipefail",
        "umask 077",
        "stamp=$(date -u +%Y%m%dT%H%M%SZ)",
        `pg_dump --schema="$SCHEMA" --format=custom \\`,
        `  | openssl enc -${ENCRYPTION} -pbkdf2 -iter ${PBKDF2_ITERATIONS} -salt -pass env:BACKUP_PASSPHRASE \\`,
        `      -out "\${BACKUP_DIR}/\${stamp}${BACKUP_SUFFIX}"`,
    ].join("\n");
}

/**
 * Env: BACKUP_BUCKET, TENANT_ID, RETENTION_DAYS, BACKUP_DIR. Uploads under `<bucket>/<tenant id>/` and deletes
 * that prefix's backups older than the retention; it never lists or touches another prefix.
 */
export function uploadScript(): string {
    return [
        "set -euo pipefail",
        'dest="${BACKUP_BUCKET%/}/${TENANT_ID}/"',
        `for file in "\${BACKUP_DIR}"/*${BACKUP_SUFFIX}; do`,
        '  aws s3 cp --only-show-errors "$file" "${dest}$(basename "$file")"',
        "done",
        'cutoff=$(date -u -d "-${RETENTION_DAYS} days" +%Y%m%dT%H%M%SZ)',
        `aws s3 ls "$dest" | awk '{print $4}' | while read -r name; do`,
        `  case "$name" in *${BACKUP_SUFFIX}) ;; *) continue ;; esac`,
        '  if [[ "${name%%.*}" < "$cutoff" ]]; then aws s3 rm --only-show-errors "${dest}${name}"; fi',
        "done",
    ].join("\n");
}
