#!/usr/bin/env bash
# Whole-process comparison of `dotnet-mod` with the go command on a generated module universe
# (the conformance generator; see docs/benchmarks.md). Offline: both tools read file:// proxies.
#
#   bench/compare-go.sh [modules=1000] [seed=1] [runs=10]
#
# Environment:
#   MODSDK_BENCH_DIR   where the universe and caches go (default /dev/shm/modsdk-bench, else /tmp)
#   DOTNET_MOD         the dotnet-mod binary to time (default: publish src/ModuleSdk.Cli, Release)
#   MODSDK_PUBLISH     extra `dotnet publish` arguments, e.g. "-p:PublishReadyToRun=true"
#   MODSDK_BENCH_ONLY  list|download|verify: run one comparison only
set -euo pipefail

MODULES=${1:-1000}
SEED=${2:-1}
RUNS=${3:-10}
REPO=$(cd "$(dirname "$0")/.." && pwd)
DEFAULT_DIR=/dev/shm/modsdk-bench
[ -d /dev/shm ] || DEFAULT_DIR=${TMPDIR:-/tmp}/modsdk-bench
WORK=${MODSDK_BENCH_DIR:-$DEFAULT_DIR}
ONLY=${MODSDK_BENCH_ONLY:-}

command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install -y hyperfine)" >&2; exit 2; }
command -v go >/dev/null || { echo "needs the go command" >&2; exit 2; }

# Module caches are read-only trees (both tools): make them writable before deleting.
rmtree() { for d in "$@"; do [ -e "$d" ] && chmod -R u+w "$d" && rm -rf "$d"; done; true; }

rmtree "$WORK"
mkdir -p "$WORK"

if [ -z "${DOTNET_MOD:-}" ]; then
  echo "== publishing dotnet-mod (Release ${MODSDK_PUBLISH:-}) to $WORK/cli" >&2
  # shellcheck disable=SC2086
  dotnet publish "$REPO/src/ModuleSdk.Cli" -c Release -o "$WORK/cli" ${MODSDK_PUBLISH:-} -nologo -v quiet >&2
  DOTNET_MOD=$WORK/cli/dotnet-mod
fi

echo "== generating a universe of $MODULES modules (seed $SEED)" >&2
dotnet run -c Release --project "$REPO/bench/ModuleSdk.Benchmarks" -- universe "$SEED" "$MODULES" "$WORK/u" >&2
U=$WORK/u

# Go environment: offline file:// proxy, no checksum database, private GOPATH, the installed Go.
export GOPROXY=file://$U/goproxy GOSUMDB=off GOFLAGS=-mod=mod GOTOOLCHAIN=local GOWORK=off GONOSUMDB= GOPRIVATE=
export GOPATH=$U/gopath GOMODCACHE=$U/gopath/pkg/mod GOCACHE=$U/gocache
# ModuleSdk environment.
export MODPROXY=file://$U/modproxy MODCACHE=$U/modcache MODPRIVATE= HOME=$U/home

# Let Go rewrite the main module first (go list -m all with -mod=mod raises requirements to the
# selected versions and adds indirect ones), then give ModuleSdk the same file without the go line:
# otherwise Go's first timed run would also be rewriting go.mod.
(cd "$U/go/main" && GOMODCACHE=$U/tidy-cache go list -m all >/dev/null)
rmtree "$U/tidy-cache"
rm -f "$U/go/main/go.sum"
sed '/^go 1\.16$/d' "$U/go/main/go.mod" > "$U/mod/main/module.mod"

GO_DIR=$U/go/main
MOD_DIR=$U/mod/main
OUT=$WORK/results
mkdir -p "$OUT"

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc: $(nproc)"
  echo "uptime: $(uptime)"
  echo "go: $(go version)"
  echo "dotnet: $(dotnet --version)"
  echo "dotnet-mod: $DOTNET_MOD ${MODSDK_PUBLISH:-}"
  echo "universe: seed $SEED, $MODULES modules"
} | tee "$OUT/machine.txt" >&2

cold_download() {
  # Fresh caches and no sum files before every run: a first download of everything.
  local go_prep="chmod -R u+w $GOMODCACHE 2>/dev/null; rm -rf $GOMODCACHE $GO_DIR/go.sum"
  local mod_prep="chmod -R u+w $MODCACHE 2>/dev/null; rm -rf $MODCACHE $MOD_DIR/module.sum"
  echo "== cold download all" >&2
  hyperfine -N --runs "$RUNS" --export-markdown "$OUT/download.md" --export-json "$OUT/download.json" \
    --prepare "sh -c '$go_prep'" -n "go mod download all" "sh -c 'cd $GO_DIR && go mod download all'" \
    --prepare "sh -c '$mod_prep'" -n "dotnet-mod download all" "sh -c 'cd $MOD_DIR && $DOTNET_MOD download all'"
}

warm_caches() {
  (cd "$GO_DIR" && go mod download all)
  (cd "$MOD_DIR" && "$DOTNET_MOD" download all)
  # Both lists must agree, or the comparison means nothing.
  (cd "$GO_DIR" && go list -m all) > "$OUT/go-list.txt"
  (cd "$MOD_DIR" && "$DOTNET_MOD" list -m all) > "$OUT/mod-list.txt"
  if ! cmp -s "$OUT/go-list.txt" "$OUT/mod-list.txt"; then
    echo "warning: list -m all outputs differ (see $OUT/*-list.txt)" >&2
  fi
  echo "build list: $(wc -l < "$OUT/go-list.txt") modules" | tee -a "$OUT/machine.txt" >&2
}

warm_list() {
  echo "== warm list -m all" >&2
  hyperfine -N --warmup 3 --runs "$RUNS" --export-markdown "$OUT/list.md" --export-json "$OUT/list.json" \
    -n "go list -m all" "sh -c 'cd $GO_DIR && go list -m all'" \
    -n "dotnet-mod list -m all" "sh -c 'cd $MOD_DIR && $DOTNET_MOD list -m all'"
}

verify() {
  echo "== verify" >&2
  hyperfine -N --warmup 1 --runs "$RUNS" --export-markdown "$OUT/verify.md" --export-json "$OUT/verify.json" \
    -n "go mod verify" "sh -c 'cd $GO_DIR && go mod verify'" \
    -n "dotnet-mod verify" "sh -c 'cd $MOD_DIR && $DOTNET_MOD verify'"
}

case "$ONLY" in
  download) cold_download ;;
  list) warm_caches; warm_list ;;
  verify) warm_caches; verify ;;
  "") cold_download; warm_caches; warm_list; verify ;;
  *) echo "MODSDK_BENCH_ONLY: list, download or verify" >&2; exit 2 ;;
esac

echo "== summary (median seconds; ratio = dotnet-mod / go)" >&2
for f in "$OUT"/download.json "$OUT"/list.json "$OUT"/verify.json; do
  [ -f "$f" ] || continue
  jq -r '[.results[] | {n: .command, med: .median, min: .min}] as $r
    | "\($r[0].n): median \($r[0].med*1000|floor) ms (min \($r[0].min*1000|floor)); \($r[1].n): median \($r[1].med*1000|floor) ms (min \($r[1].min*1000|floor)); ratio \(($r[1].med/$r[0].med*100|floor)/100)"' "$f"
done | tee "$OUT/summary.txt"
echo "results in $OUT" >&2
