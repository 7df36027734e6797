#!/usr/bin/env bash
# The cost the checksum database client adds to a cold `dotnet-mod download all` (issue 12's
# goal: under 10%), and the latency of one lookup, on loopback:
#
#   off:    cold download all through modproxy, MODSUMDB=off
#   sumdb:  the same with MODSUMDB=<the proxy's key> (found through /sumdb/<name>/supported):
#           every version's record looked up, its tree head checked against the timeline,
#           its leaf proven through tiles; the cache (and so the sumdb latest and tiles) empty
#           before every run
#   lookup: GET /sumdb/<name>/lookup/<m>@<v> of logged versions, curl's time_total
#
#   bench/sumdb/run.sh [modules=300] [seed=1] [runs=5]
#
# The universe comes from the conformance generator (bench/ModuleSdk.Benchmarks universe); the
# proxy (Release, memory storage) serves it from a file:// upstream and is warmed first, so both
# variants read stored versions and every version is already in the log.
# Needs hyperfine, curl, python3, jq. MODSDK_BENCH_DIR: default /dev/shm/modsdk-sumdb-client, else /tmp.
# MODSDK_PUBLISH: extra `dotnet publish` arguments for dotnet-mod (default "": JIT; "-r linux-x64
# -p:PublishAot=true" for the Native AOT binary the tool packages ship).
set -euo pipefail

MODULES=${1:-300}
SEED=${2:-1}
RUNS=${3:-5}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
DEFAULT_DIR=/dev/shm/modsdk-sumdb-client
[ -d /dev/shm ] || DEFAULT_DIR=${TMPDIR:-/tmp}/modsdk-sumdb-client
WORK=${MODSDK_BENCH_DIR:-$DEFAULT_DIR}
for tool in hyperfine curl python3 jq; do command -v $tool >/dev/null || { echo "needs $tool" >&2; exit 2; }; done

rmtree() { for d in "$@"; do [ -e "$d" ] && chmod -R u+w "$d" && rm -rf "$d"; done; true; }
rmtree "$WORK"; mkdir -p "$WORK"
PROXY_PID=
cleanup() { [ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "== publishing dotnet-mod and modproxy (Release)" >&2
dotnet publish "$REPO/src/ModuleSdk.Cli" -c Release -o "$WORK/cli" ${MODSDK_PUBLISH:-} -nologo -v quiet >&2
dotnet publish "$REPO/src/ModuleSdk.Proxy" -c Release -o "$WORK/proxy" -nologo -v quiet >&2
DOTNET_MOD=$WORK/cli/dotnet-mod
MODPROXY_BIN=$WORK/proxy/modproxy

echo "== generating a universe of $MODULES modules (seed $SEED)" >&2
dotnet run -c Release --project "$REPO/bench/ModuleSdk.Benchmarks" -- universe "$SEED" "$MODULES" "$WORK/u" >&2
U=$WORK/u
MAIN=$U/mod/main

NAME=sum.bench.test
KEY=$("$MODPROXY_BIN" keygen "$NAME" "$WORK/signer.key")
echo "$KEY" > "$WORK/verifier.key" # for bench/sumdb/compare.sh
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$MODPROXY_BIN" --urls "http://127.0.0.1:$PORT" --Logging:LogLevel:Default=Warning --Storage:Kind=memory \
  --Upstream="file://$U/modproxy" --SumDb:Name=$NAME --SumDb:SignerKey="$WORK/signer.key" >"$WORK/proxy.log" 2>&1 &
PROXY_PID=$!
for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.1; done
URL=http://127.0.0.1:$PORT

DOTNET_VERSION=$(dotnet --version)
export MODPROXY=$URL MODCACHE=$WORK/modcache MODPRIVATE= MODNOSUMDB= HOME=$WORK/home
echo "== warming the proxy (every version stored and logged)" >&2
(cd "$MAIN" && rm -f module.sum && MODSUMDB=$KEY "$DOTNET_MOD" download all)
rmtree "$MODCACHE"; rm -f "$MAIN/module.sum"

OUT=$WORK/results
mkdir -p "$OUT"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc: $(nproc)"
  echo "uptime: $(uptime)"
  echo "dotnet: $DOTNET_VERSION"
  echo "universe: seed $SEED, $MODULES modules; log size: $(curl -s "$URL/sumdb/$NAME/latest" | sed -n 2p)"
} | tee "$OUT/machine.txt" >&2

prep="sh -c 'chmod -R u+w $MODCACHE 2>/dev/null; rm -rf $MODCACHE $MAIN/module.sum'"
echo "== cold download all, MODSUMDB off vs on" >&2
hyperfine -N --runs "$RUNS" --export-markdown "$OUT/download.md" --export-json "$OUT/download.json" \
  --prepare "$prep" -n "MODSUMDB=off" "sh -c 'cd $MAIN && MODSUMDB=off $DOTNET_MOD download all'" \
  --prepare "$prep" -n "MODSUMDB=key" "sh -c 'cd $MAIN && MODSUMDB=\"$KEY\" $DOTNET_MOD download all'"
# The run must really have verified: the latest tree is kept under the cache.
test -f "$MODCACHE/cache/download/sumdb/$NAME/latest" || { echo "no sumdb latest: the client did not run" >&2; exit 1; }

echo "== lookup latency" >&2
: > "$OUT/lookup.txt"
(cd "$MAIN" && cat module.sum) | grep -v '/module.mod ' | awk '{print $1 "@" $2}' | head -100 | while read -r mv; do
  curl -s -o /dev/null -w '%{time_total}\n' "$URL/sumdb/$NAME/lookup/$mv" >> "$OUT/lookup.txt"
done
sort -n "$OUT/lookup.txt" | awk '{a[NR]=$1} END {printf "lookup: %d requests, median %.2f ms, p90 %.2f ms, max %.2f ms\n", NR, a[int(NR/2)+1]*1000, a[int(NR*0.9)]*1000, a[NR]*1000}' | tee "$OUT/lookup-summary.txt"

jq -r '[.results[] | {n: .command, med: .median, min: .min, cpu: (.user + .system)}] as $r
  | "\($r[0].n): median \($r[0].med*1000|floor) ms (min \($r[0].min*1000|floor)), cpu \($r[0].cpu*1000|floor) ms; \($r[1].n): median \($r[1].med*1000|floor) ms (min \($r[1].min*1000|floor)), cpu \($r[1].cpu*1000|floor) ms; cost \((($r[1].med/$r[0].med - 1)*1000|floor)/10)% wall (medians), \((($r[1].cpu/$r[0].cpu - 1)*1000|floor)/10)% cpu (user+sys means)"' "$OUT/download.json" | tee "$OUT/summary.txt"
echo "uptime after: $(uptime)" | tee -a "$OUT/machine.txt"
echo "results in $OUT" >&2
