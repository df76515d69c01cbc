#!/usr/bin/env bash
# Runs `.ci/run` N times in a row (default 3) on a fresh clone of HEAD while one busy process per core
# keeps every core at 100 %, and stops at the first failure. Prints the duration, the result and the
# load average of each run. By hand only (it takes N times the CI time, or more):
#   bash scripts/ci-under-load.sh [N]
set -euo pipefail
runs="${1:-3}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/stoa-ci-load-XXXXXX")"
hogs=()
cleanup() {
    for pid in "${hogs[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
git clone --quiet --no-local "$repo" "$work/clone"
for _ in $(seq "$(nproc)"); do
    sha256sum /dev/zero >/dev/null &
    hogs+=("$!")
done
echo "load: $(nproc) busy processes started (pids ${hogs[*]})"
for run in $(seq "$runs"); do
    start=$(date +%s)
    echo "run $run/$runs: started at $(date -u +%H:%M:%SZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
    if CI=true bash "$work/clone/.ci/run" >"$work/run-$run.log" 2>&1; then result=passed; else result=FAILED; fi
    echo "run $run/$runs: $result in $(( $(date +%s) - start )) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
    grep -E "^Tests: " "$work/run-$run.log" | sed "s/^/  /" || true
    if [[ "$result" == FAILED ]]; then
        tail -n 40 "$work/run-$run.log"
        exit 1
    fi
done
echo "all $runs runs passed under load"
