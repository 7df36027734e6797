#!/usr/bin/env bash
# The registry's module page with 10,000 stored modules (issue 13: p99 server time under 50 ms):
# seeds modproxy disk storage with N modules (seed-registry.py), starts a Release modproxy on it,
# waits for the registry index's start-up scan (derived data computed once per stored version),
# then wrk requests random module pages (registry-pages.lua), and the same for search and the
# version page of one module. wrk's latency includes queueing for the machine's cores; the
# server time (request in to response written) comes from modproxy's own request log.
#
#   bench/proxy/registry.sh [seconds=20] [modules=10000] [versions=2] [connections=16]
#
# Needs wrk, python3, curl. MODSDK_BENCH_DIR as run.sh (default /dev/shm/modsdk-registry).
set -euo pipefail
SECONDS_PER=${1:-20}
MODULES=${2:-10000}
VERSIONS=${3:-2}
CONNS=${4:-16}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
DEFAULT_DIR=/dev/shm/modsdk-registry
[ -d /dev/shm ] || DEFAULT_DIR=${TMPDIR:-/tmp}/modsdk-registry
WORK=${MODSDK_BENCH_DIR:-$DEFAULT_DIR}
for tool in wrk python3 curl; do command -v $tool >/dev/null || { echo "needs $tool" >&2; exit 2; }; done
rm -rf "$WORK"; mkdir -p "$WORK"
# shellcheck source=servers.sh
. "$(dirname "$0")/servers.sh"

echo "== publishing modproxy (Release)" >&2
dotnet publish "$REPO/src/ModuleSdk.Proxy" -c Release -o "$WORK/proxy" -nologo -v quiet >&2
echo "== seeding $MODULES modules x $VERSIONS versions" >&2
t0=$(date +%s.%N)
python3 "$REPO/bench/proxy/seed-registry.py" "$WORK/data" "$MODULES" "$VERSIONS"
echo "   seeded in $(python3 -c "print(f'{$(date +%s.%N)-$t0:.1f}')") s" >&2

PORT=$(free_port)
t0=$(date +%s.%N)
"$WORK/proxy/modproxy" --urls "http://127.0.0.1:$PORT" --Storage:Kind=disk --Storage:Path="$WORK/data" --Cache:Path="$WORK/cache" \
  --Upstream=off --Logging:LogLevel:Default=Warning --Logging:LogLevel:ModuleSdk.Proxy.Requests=Information \
  --Logging:Console:FormatterName=simple >"$WORK/proxy.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 600); do
  curl -s -H 'Accept: application/json' "http://127.0.0.1:$PORT/" 2>/dev/null | grep -q '"complete":true' && break
  sleep 0.5
done
INDEXED=$(python3 -c "print(f'{$(date +%s.%N)-$t0:.1f}')")
TOTAL=$(curl -s -H 'Accept: application/json' "http://127.0.0.1:$PORT/" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
echo "== $TOTAL modules indexed $INDEXED s after start; RSS $(ps -o rss= -p "${PIDS[0]}") KiB" >&2
[ "$TOTAL" -eq "$MODULES" ] || { echo "expected $MODULES modules, the index has $TOTAL" >&2; exit 1; }

p() { sed -n "s/^[[:space:]]*$1%[[:space:]]*//p"; }
rps() { sed -n 's/^Requests\/sec:[[:space:]]*//p'; }
# Warm-up (JIT, connection pools), not measured.
REGISTRY_MODULES=$MODULES wrk -t2 -c"$CONNS" -d5s -s "$REPO/bench/proxy/registry-pages.lua" "http://127.0.0.1:$PORT" >/dev/null
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores" >&2
MARK=$(wc -l < "$WORK/proxy.log")
M=$(REGISTRY_MODULES=$MODULES wrk -t2 -c"$CONNS" -d"${SECONDS_PER}s" --latency -s "$REPO/bench/proxy/registry-pages.lua" "http://127.0.0.1:$PORT")
# Server time: the request log's milliseconds (request in to response written) of the module pages of that run.
SERVER=$(tail -n +"$((MARK + 1))" "$WORK/proxy.log" | awk '$4 == "registry-module" {print $5}' | sort -n \
  | awk '{a[NR]=$1} END {if (NR) printf "p50 %.1fms, p99 %.1fms, max %.1fms over %d requests (the log rounds to 0.1 ms)", a[int(NR*0.5)+1], a[int(NR*0.99)+1], a[NR], NR}')
S=$(wrk -t2 -c"$CONNS" -d"${SECONDS_PER}s" --latency "http://127.0.0.1:$PORT/?q=json+cache")
V=$(wrk -t2 -c"$CONNS" -d"${SECONDS_PER}s" --latency "http://127.0.0.1:$PORT/example.com/m00042@v1.0.0")
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
BYTES=$(curl -s "http://127.0.0.1:$PORT/example.com/m00001" | wc -c)
cat <<OUT
modules: $MODULES x $VERSIONS versions, indexed $INDEXED s after start, module page ~$BYTES bytes, $CONNS connections, ${SECONDS_PER}s each
module page (random module): p50 $(echo "$M" | p 50), p99 $(echo "$M" | p 99), $(echo "$M" | rps) req/s (wrk, queueing included)
module page, server time:    $SERVER
search (?q=json+cache):      p50 $(echo "$S" | p 50), p99 $(echo "$S" | p 99), $(echo "$S" | rps) req/s
version page:                p50 $(echo "$V" | p 50), p99 $(echo "$V" | p 99), $(echo "$V" | rps) req/s
OUT
