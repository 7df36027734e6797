#!/usr/bin/env bash
# How cost grows with the size of the build list (issue 15, part 4): `list -m all` (warm),
# `download all` (cold) and `verify` of dotnet-mod against the go command on generated universes
# of 100, 1,000 and 10,000 modules, each comparison interleaved (bench/interleave.py: every round
# runs go, then dotnet-mod, each after its own prepare step), plus `dotnet mod` as users type it
# (through the dotnet launcher) against `dotnet-mod` called directly.
#
#   bench/scale.sh [runs=5] [sizes="100 1000 10000"]
#
# Environment:
#   MODSDK_BENCH_DIR  where universes and caches go (default /dev/shm/modsdk-scale; set a directory
#                     on a real disk for the disk rows, e.g. /var/tmp/modsdk-scale)
#   DOTNET_MOD        the dotnet-mod binary (default: Native AOT publish of src/ModuleSdk.Cli)
#   MODSDK_PUBLISH    publish arguments when DOTNET_MOD is not given
#                     (default "-r linux-x64 -p:PublishAot=true -p:CppCompilerAndLinker=gcc")
# Results: $MODSDK_BENCH_DIR/results/<size>-<command>.json and summary.txt.
set -euo pipefail

RUNS=${1:-5}
SIZES=${2:-100 1000 10000}
REPO=$(cd "$(dirname "$0")/.." && pwd)
DEFAULT_DIR=/dev/shm/modsdk-scale
[ -d /dev/shm ] || DEFAULT_DIR=${TMPDIR:-/tmp}/modsdk-scale
WORK=${MODSDK_BENCH_DIR:-$DEFAULT_DIR}
command -v go >/dev/null || { echo "needs the go command" >&2; exit 2; }
command -v python3 >/dev/null || { echo "needs python3" >&2; exit 2; }

rmtree() { for d in "$@"; do [ -e "$d" ] && chmod -R u+w "$d" && rm -rf "$d"; done; true; }
mkdir -p "$WORK/results"
OUT=$WORK/results
: > "$OUT/summary.txt"

if [ -z "${DOTNET_MOD:-}" ]; then
  echo "== publishing dotnet-mod (${MODSDK_PUBLISH:=-r linux-x64 -p:PublishAot=true -p:CppCompilerAndLinker=gcc})" >&2
  rmtree "$WORK/cli"
  # shellcheck disable=SC2086
  dotnet publish "$REPO/src/ModuleSdk.Cli" -c Release -o "$WORK/cli" $MODSDK_PUBLISH -nologo -v quiet >&2
  DOTNET_MOD=$WORK/cli/dotnet-mod
fi
dotnet build -c Release "$REPO/bench/ModuleSdk.Benchmarks" -nologo -v quiet >&2
GEN=$REPO/bench/ModuleSdk.Benchmarks/bin/Release/net10.0/ModuleSdk.Benchmarks.dll
IL=$REPO/bench/interleave.py

note() { echo "$*" | tee -a "$OUT/summary.txt"; }
note "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); nproc $(nproc); $(go version); dotnet-mod: $DOTNET_MOD; dir: $WORK"

for N in $SIZES; do
  U=$WORK/u$N
  rmtree "$U"
  echo "== universe of $N modules" >&2
  dotnet "$GEN" universe 1 "$N" "$U" >&2
  export GOPROXY=file://$U/goproxy GOSUMDB=off GOFLAGS=-mod=mod GOTOOLCHAIN=local GOWORK=off GONOSUMDB= GOPRIVATE=
  export GOPATH=$U/gopath GOMODCACHE=$U/gopath/pkg/mod GOCACHE=$U/gocache
  export MODPROXY=file://$U/modproxy MODCACHE=$U/modcache MODPRIVATE= HOME=$U/home
  GO_DIR=$U/go/main; MOD_DIR=$U/mod/main
  # As compare-go.sh: Go rewrites the main go.mod once; ModuleSdk gets the same requirements.
  (cd "$GO_DIR" && GOMODCACHE=$U/tidy-cache go list -m all >/dev/null)
  rmtree "$U/tidy-cache"; rm -f "$GO_DIR/go.sum"
  sed '/^go 1\.16$/d' "$GO_DIR/go.mod" > "$MOD_DIR/module.mod"

  go_prep="chmod -R u+w $GOMODCACHE 2>/dev/null; rm -rf $GOMODCACHE $GO_DIR/go.sum; sync"
  mod_prep="chmod -R u+w $MODCACHE 2>/dev/null; rm -rf $MODCACHE $MOD_DIR/module.sum; sync"
  note "== $N modules: cold download all ($(cut -d' ' -f1-3 /proc/loadavg))"
  python3 "$IL" "$RUNS" --json "$OUT/$N-download.json" \
    --prepare "go=$go_prep" --prepare "dotnet-mod=$mod_prep" \
    "go=cd $GO_DIR && go mod download all" "dotnet-mod=cd $MOD_DIR && $DOTNET_MOD download all" | tee -a "$OUT/summary.txt"

  # Warm caches for list and verify; both lists must agree.
  (cd "$GO_DIR" && go mod download all && go list -m all > "$OUT/$N-go-list.txt")
  (cd "$MOD_DIR" && "$DOTNET_MOD" download all && "$DOTNET_MOD" list -m all > "$OUT/$N-mod-list.txt")
  cmp -s "$OUT/$N-go-list.txt" "$OUT/$N-mod-list.txt" || note "warning: list -m all outputs differ ($OUT/$N-*-list.txt)"
  note "build list: $(wc -l < "$OUT/$N-go-list.txt") modules"

  note "== $N modules: warm list -m all ($(cut -d' ' -f1-3 /proc/loadavg))"
  python3 "$IL" "$RUNS" --json "$OUT/$N-list.json" \
    "go=cd $GO_DIR && go list -m all" "dotnet-mod=cd $MOD_DIR && $DOTNET_MOD list -m all" | tee -a "$OUT/summary.txt"
  note "== $N modules: verify ($(cut -d' ' -f1-3 /proc/loadavg))"
  python3 "$IL" "$RUNS" --json "$OUT/$N-verify.json" \
    "go=cd $GO_DIR && go mod verify" "dotnet-mod=cd $MOD_DIR && $DOTNET_MOD verify" | tee -a "$OUT/summary.txt"

  if [ "$N" = 1000 ]; then
    # `dotnet mod` as users type it: the dotnet launcher (the SDK's own CLI starts, finds no
    # built-in `mod` command, and runs dotnet-mod from PATH) against dotnet-mod called directly.
    BIN=$(dirname "$DOTNET_MOD")
    note "== launcher: dotnet mod vs dotnet-mod ($(cut -d' ' -f1-3 /proc/loadavg))"
    python3 "$IL" "$RUNS" --json "$OUT/launcher.json" \
      "dotnet-mod help=$DOTNET_MOD help" "dotnet mod help=PATH=$BIN:\$PATH dotnet mod help" \
      "dotnet-mod list -m all=cd $MOD_DIR && $DOTNET_MOD list -m all" "dotnet mod list -m all=cd $MOD_DIR && PATH=$BIN:\$PATH dotnet mod list -m all" | tee -a "$OUT/summary.txt"
  fi
done
echo "results in $OUT" >&2
