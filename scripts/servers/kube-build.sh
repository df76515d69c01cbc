#!/usr/bin/env bash
# Builds kube-apiserver and etcd once from the Go module proxy into a cache folder outside git and
# prints the folder that holds both. With STOA_KUBE_ASSETS (or KUBEBUILDER_ASSETS, as envtest names
# it) set to a folder holding `kube-apiserver` and `etcd`, that folder is used and nothing is built.
#
# The binaries are written to a temporary name and renamed at the end, so an interrupted build is
# never taken for a finished one. Progress goes to stderr; the only line on stdout is the folder.
set -euo pipefail

KUBE_VERSION="${STOA_KUBE_VERSION:-v1.36.3}"
ETCD_VERSION="${STOA_ETCD_VERSION:-v3.6.8}"

fail() { echo "kube-build: $*" >&2; exit 1; }
say() { echo "kube-build: $*" >&2; }

assets="${STOA_KUBE_ASSETS:-${KUBEBUILDER_ASSETS:-}}"
if [[ -n "$assets" ]]; then
  for bin in kube-apiserver etcd; do
    [[ -x "$assets/$bin" ]] || fail "STOA_KUBE_ASSETS/KUBEBUILDER_ASSETS=$assets has no executable $bin"
  done
  echo "$assets"
  exit 0
fi

cache_root="${STOA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/stoa-tenancy}"
out="$cache_root/kube/$KUBE_VERSION-etcd-$ETCD_VERSION"
if [[ -x "$out/kube-apiserver" && -x "$out/etcd" ]]; then
  echo "$out"
  exit 0
fi

command -v go >/dev/null 2>&1 ||
  fail "Go is not installed: install Go >= 1.26 (it builds kube-apiserver $KUBE_VERSION and etcd $ETCD_VERSION once), or set STOA_KUBE_ASSETS to a folder with kube-apiserver and etcd"

mkdir -p "$out/src/kube" "$out/src/etcd"
minor="${KUBE_VERSION#v1.}"
minor="${minor%%.*}"
patch="${KUBE_VERSION##*.}"
staging_version="v0.$minor.$patch"

build_kube() {
  local dir="$out/src/kube"
  [[ -x "$out/kube-apiserver" ]] && return 0
  say "kube-apiserver $KUBE_VERSION: resolving modules (the first build downloads ~1 GB and compiles for many minutes)"
  cd "$dir"
  cat >go.mod <<EOF
module stoa.local/kubebuild

go 1.26.0

require k8s.io/kubernetes $KUBE_VERSION
EOF
  local gomod
  gomod="$(go mod download -json "k8s.io/kubernetes@$KUBE_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
  [[ -f "$gomod" ]] || fail "could not download k8s.io/kubernetes@$KUBE_VERSION from the Go module proxy"
  # Every staging module (k8s.io/x => ./staging/src/k8s.io/x) is published as k8s.io/x v0.<minor>.<patch>.
  {
    echo "replace ("
    sed -n 's#^[[:space:]]*\(k8s\.io/[a-z0-9-]*\) => \./staging/src/k8s\.io/[a-z0-9-]*$#\t\1 => \1 '"$staging_version"'#p' "$gomod"
    echo ")"
  } >>go.mod
  cat >tools.go <<'EOF'
//go:build tools

package tools

import _ "k8s.io/kubernetes/cmd/kube-apiserver"
EOF
  GOFLAGS=-mod=mod go mod tidy >&2 || fail "go mod tidy failed for kube-apiserver $KUBE_VERSION"
  say "kube-apiserver $KUBE_VERSION: compiling"
  local pkg=k8s.io/component-base/version cgo=k8s.io/client-go/pkg/version
  local ldflags="-s -w"
  for p in "$pkg" "$cgo"; do
    ldflags+=" -X $p.gitVersion=$KUBE_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
  done
  rm -f "$out/kube-apiserver.tmp"
  if ! CGO_ENABLED=0 go build -v -trimpath -ldflags "$ldflags" -o "$out/kube-apiserver.tmp" \
    k8s.io/kubernetes/cmd/kube-apiserver 2>&1 |
    awk '/^#|error|cannot|undefined/ { print; fflush(); next } { n++; if (n % 100 == 0) { print "kube-build: kube-apiserver: " n " packages compiled"; fflush() } }' >&2; then
    fail "compiling kube-apiserver $KUBE_VERSION failed"
  fi
  [[ -x "$out/kube-apiserver.tmp" ]] || fail "compiling kube-apiserver $KUBE_VERSION failed"
  mv "$out/kube-apiserver.tmp" "$out/kube-apiserver"
  say "kube-apiserver $KUBE_VERSION: done"
}

build_etcd() {
  local dir="$out/src/etcd"
  [[ -x "$out/etcd" ]] && return 0
  say "etcd $ETCD_VERSION: resolving modules"
  cd "$dir"
  cat >go.mod <<EOF
module stoa.local/etcdbuild

go 1.26.0

require go.etcd.io/etcd/server/v3 $ETCD_VERSION
EOF
  cat >tools.go <<'EOF'
//go:build tools

package tools

import _ "go.etcd.io/etcd/server/v3"
EOF
  GOFLAGS=-mod=mod go mod tidy >&2 || fail "go mod tidy failed for etcd $ETCD_VERSION"
  say "etcd $ETCD_VERSION: compiling"
  rm -f "$out/etcd.tmp"
  CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out/etcd.tmp" go.etcd.io/etcd/server/v3 >&2 ||
    fail "compiling etcd $ETCD_VERSION failed"
  mv "$out/etcd.tmp" "$out/etcd"
  say "etcd $ETCD_VERSION: done"
}

build_etcd
build_kube
echo "$out"
