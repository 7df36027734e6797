#!/usr/bin/env bash
# Cold `download all` and `verify` on a real disk: Go 1.19 against one or two dotnet-mod builds,
# interleaved in one run (bench/interleave.py), over one generated universe (issue 15 part 3).
#
#   bench/disk-ab.sh [runs=5] [modules=1000] [what="download list verify"]
#
# Environment:
#   MODSDK_BENCH_DIR  where the universe and caches go (default /var/tmp/modsdk-disk: a real disk,
#                     not /dev/shm)
#   DOTNET_MOD        the dotnet-mod binary (default: Native AOT publish of src/ModuleSdk.Cli)
#   DOTNET_MOD_B      optional second dotnet-mod binary, timed in the same rounds (A/B)
#   MODSDK_CLEAN      how a cold run's prepare step empties the caches:
#                     "move" (default) renames the old cache into $MODSDK_BENCH_DIR/trash, deleted
#                     only after the run, so no run allocates inodes right after ~16,000 were freed;
#                     "delete" deletes it (rm -rf) then syncs, as bench/scale.sh does. On an ext4 file
#                     system without a journal (this machine's), inodes freed in the last 5-300 s are
#                     skipped by the inode allocator one by one (fs/ext4/ialloc.c, recently_deleted),
#                     so "delete" times mostly the previous run's deletion; see docs/benchmarks.md.
# Results: $MODSDK_BENCH_DIR/results/<modules>-<what>-<clean>.json
set -euo pipefail

RUNS=${1:-5}
N=${2:-1000}
WHAT=${3:-download list verify}
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${MODSDK_BENCH_DIR:-/var/tmp/modsdk-disk}
CLEAN=${MODSDK_CLEAN:-move}
command -v go >/dev/null || { echo "needs the go command" >&2; exit 2; }

rmtree() { for d in "$@"; do [ -e "$d" ] && chmod -R u+w "$d" && rm -rf "$d"; done; true; }
mkdir -p "$WORK/results" "$WORK/trash"
OUT=$WORK/results

if [ -z "${DOTNET_MOD:-}" ]; then
  rmtree "$WORK/cli"
  dotnet publish "$REPO/src/ModuleSdk.Cli" -c Release -o "$WORK/cli" -r linux-x64 -p:PublishAot=true -p:CppCompilerAndLinker=gcc -nologo -v quiet >&2
  DOTNET_MOD=$WORK/cli/dotnet-mod
fi

U=$WORK/u$N
if [ ! -f "$U/ready" ]; then
  rmtree "$U"
  dotnet build -c Release "$REPO/bench/ModuleSdk.Benchmarks" -nologo -v quiet >&2
  dotnet "$REPO/bench/ModuleSdk.Benchmarks/bin/Release/net10.0/ModuleSdk.Benchmarks.dll" universe 1 "$N" "$U" >&2
  touch "$U/ready.pending"
fi
export GOPROXY=file://$U/goproxy GOSUMDB=off GOFLAGS=-mod=mod GOTOOLCHAIN=local GOWORK=off GONOSUMDB= GOPRIVATE=
export GOPATH=$U/gopath GOCACHE=$U/gocache MODPROXY=file://$U/modproxy MODPRIVATE= HOME=$U/home
GO_DIR=$U/go/main; MOD_DIR=$U/mod/main
if [ -f "$U/ready.pending" ]; then
  # As compare-go.sh: Go rewrites the main go.mod once; ModuleSdk gets the same requirements.
  (cd "$GO_DIR" && GOMODCACHE=$U/tidy-cache go list -m all >/dev/null)
  rmtree "$U/tidy-cache"; rm -f "$GO_DIR/go.sum"
  sed '/^go 1\.16$/d' "$GO_DIR/go.mod" > "$MOD_DIR/module.mod"
  mv "$U/ready.pending" "$U/ready"
fi

# Each tool has its own cache (and B its own module directory copy, so the sum files stay apart).
GOC=$U/gopath/pkg/mod; MODA=$U/modcache-a; MODB=$U/modcache-b
MOD_DIR_B=$U/mod-b/main
if [ -n "${DOTNET_MOD_B:-}" ]; then rmtree "$U/mod-b"; cp -r "$U/mod" "$U/mod-b"; fi

if [ "$CLEAN" = move ]; then
  empty() { echo "[ -e $1 ] && mv $1 $WORK/trash/\$(date +%s%N); rm -f $2; true"; }
else
  empty() { echo "chmod -R u+w $1 2>/dev/null; rm -rf $1 $2; sync"; }
fi
note() { echo "$*" | tee -a "$OUT/summary.txt"; }
note "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); $(go version); A: $DOTNET_MOD; B: ${DOTNET_MOD_B:-none}; dir: $WORK; clean: $CLEAN"

args_cold=(--prepare "go=$(empty "$GOC" "$GO_DIR/go.sum")" --prepare "A=$(empty "$MODA" "$MOD_DIR/module.sum")"
  "go=cd $GO_DIR && GOMODCACHE=$GOC go mod download all" "A=cd $MOD_DIR && MODCACHE=$MODA $DOTNET_MOD download all")
args_verify=("go=cd $GO_DIR && GOMODCACHE=$GOC go mod verify" "A=cd $MOD_DIR && MODCACHE=$MODA $DOTNET_MOD verify")
args_list=("go=cd $GO_DIR && GOMODCACHE=$GOC go list -m all" "A=cd $MOD_DIR && MODCACHE=$MODA $DOTNET_MOD list -m all")
if [ -n "${DOTNET_MOD_B:-}" ]; then
  args_cold+=(--prepare "B=$(empty "$MODB" "$MOD_DIR_B/module.sum")" "B=cd $MOD_DIR_B && MODCACHE=$MODB $DOTNET_MOD_B download all")
  args_verify+=("B=cd $MOD_DIR_B && MODCACHE=$MODB $DOTNET_MOD_B verify")
  args_list+=("B=cd $MOD_DIR_B && MODCACHE=$MODB $DOTNET_MOD_B list -m all")
fi

for w in $WHAT; do
  case $w in
    download)
      note "== $N modules: cold download all, real disk, clean=$CLEAN"
      python3 "$REPO/bench/interleave.py" "$RUNS" --json "$OUT/$N-download-$CLEAN.json" "${args_cold[@]}" | tee -a "$OUT/summary.txt"
      ;;
    list|verify)
      # Fill each cache once (a previous download left it full unless its last run failed).
      (cd "$GO_DIR" && GOMODCACHE=$GOC go mod download all && GOMODCACHE=$GOC go list -m all > "$OUT/$N-go-list.txt")
      (cd "$MOD_DIR" && MODCACHE=$MODA "$DOTNET_MOD" download all && MODCACHE=$MODA "$DOTNET_MOD" list -m all > "$OUT/$N-mod-list.txt")
      [ -z "${DOTNET_MOD_B:-}" ] || (cd "$MOD_DIR_B" && MODCACHE=$MODB "$DOTNET_MOD_B" download all)
      cmp -s "$OUT/$N-go-list.txt" "$OUT/$N-mod-list.txt" || note "warning: list -m all outputs differ ($OUT/$N-*-list.txt)"
      note "== $N modules: $w, real disk (warm page cache); build list of $(wc -l < "$OUT/$N-go-list.txt")"
      if [ "$w" = list ]; then args=("${args_list[@]}"); else args=("${args_verify[@]}"); fi
      python3 "$REPO/bench/interleave.py" "$RUNS" --json "$OUT/$N-$w.json" "${args[@]}" | tee -a "$OUT/summary.txt"
      ;;
  esac
done
rmtree "$WORK/trash"; mkdir -p "$WORK/trash"
