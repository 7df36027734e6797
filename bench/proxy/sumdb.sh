#!/usr/bin/env bash
# The checksum database's lookup latency (issue 12): modproxy with SumDb on, disk storage, a
# file:// origin of N Go modules, all on loopback.
#
#   cold:  the first lookup of each version, one at a time (the proxy fetches it from the origin,
#          checks and hashes it, appends it to the log, signs a new head, answers): curl's
#          time_total, median and p90 of N
#   burst: N more versions looked up by 16 clients at once (appends batch under the one writer):
#          wall time and lookups/s
#   baseline: the same cold and burst requests for `.info` through a second modproxy without the
#          database (the fetch path alone), so the database's share is visible
#   warm:  `wrk -c16 --latency` on the lookup of one logged version, and on `latest`:
#          req/s, p50 and p99
#
#   bench/proxy/sumdb.sh [N=200] [seconds=10]
#
# Needs wrk, python3, curl. Environment: MODSDK_BENCH_DIR (default /dev/shm/modsdk-sumdb, else /tmp).
set -euo pipefail

N=${1:-200}
SECONDS_PER=${2:-10}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
DEFAULT_DIR=/dev/shm/modsdk-sumdb
[ -d /dev/shm ] || DEFAULT_DIR=${TMPDIR:-/tmp}/modsdk-sumdb
WORK=${MODSDK_BENCH_DIR:-$DEFAULT_DIR}
for tool in wrk python3 curl; do
  command -v $tool >/dev/null || { echo "needs $tool (apt-get install -y wrk python3 curl)" >&2; exit 2; }
done

rm -rf "$WORK"; mkdir -p "$WORK"
# shellcheck source=servers.sh
. "$(dirname "$0")/servers.sh"

echo "== publishing modproxy (Release)" >&2
dotnet publish "$REPO/src/ModuleSdk.Proxy" -c Release -o "$WORK/proxy" -nologo -v quiet >&2
MODPROXY_BIN="$WORK/proxy/modproxy"

echo "== generating $((4 * N)) Go modules in a file:// proxy" >&2
python3 - "$WORK/origin" "$((4 * N))" <<'PY'
import os, sys, zipfile
root, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    path = f"bench.example/m{i}"
    d = os.path.join(root, path, "@v")
    os.makedirs(d, exist_ok=True)
    mod = f"module {path}\n\ngo 1.16\n"
    open(os.path.join(d, "v1.0.0.mod"), "w").write(mod)
    open(os.path.join(d, "v1.0.0.info"), "w").write('{"Version":"v1.0.0","Time":"2024-01-02T03:04:05Z"}')
    open(os.path.join(d, "list"), "w").write("v1.0.0\n")
    with zipfile.ZipFile(os.path.join(d, "v1.0.0.zip"), "w") as z:
        z.writestr(f"{path}@v1.0.0/go.mod", mod)
        z.writestr(f"{path}@v1.0.0/m.go", f"package m\n\nconst N = {i}\n" + "// padding\n" * 200)
PY

PORT=$(free_port)
BPORT=$(free_port)
"$MODPROXY_BIN" keygen sum.bench.example "$WORK/signer.key" > "$WORK/vkey" 2>/dev/null
"$MODPROXY_BIN" --urls "http://127.0.0.1:$PORT" --Storage:Kind=disk --Storage:Path="$WORK/data" --Cache:Path="$WORK/cache" \
  --Upstream="file://$WORK/origin" --SumDb:Name=sum.bench.example --SumDb:SignerKey="$WORK/signer.key" \
  --Logging:LogLevel:Default=Warning --Logging:Console:FormatterName=simple >"$WORK/proxy.log" 2>&1 &
PIDS+=($!)
"$MODPROXY_BIN" --urls "http://127.0.0.1:$BPORT" --Storage:Kind=disk --Storage:Path="$WORK/base-data" --Cache:Path="$WORK/base-cache" \
  --Upstream="file://$WORK/origin" --Logging:LogLevel:Default=Warning --Logging:Console:FormatterName=simple >"$WORK/base.log" 2>&1 &
PIDS+=($!)
for p in $PORT $BPORT; do for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$p/healthz" && break; sleep 0.1; done; done
BASE="http://127.0.0.1:$BPORT"
curl -sf -o /dev/null "$BASE/healthz"
DB="http://127.0.0.1:$PORT/sumdb/sum.bench.example"
curl -sf -o /dev/null "$DB/latest"

pct() { sort -n | awk -v p="$1" '{a[NR]=$1} END {i=int(NR*p/100+0.5); if(i<1)i=1; printf "%.1f", a[i]*1000}'; }
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores" >&2
LOAD0=$(cut -d' ' -f1 /proc/loadavg)

# cold, one at a time
: > "$WORK/cold.txt"
for i in $(seq 0 $((N - 1))); do
  curl -sf -o /dev/null -w '%{time_total}\n' "$DB/lookup/bench.example/m$i@v1.0.0" >> "$WORK/cold.txt"
done
COLD_P50=$(pct 50 < "$WORK/cold.txt"); COLD_P90=$(pct 90 < "$WORK/cold.txt")

# burst: N new versions, 16 at a time
t0=$(python3 -c 'import time; print(time.time())')
seq "$N" $((2 * N - 1)) | xargs -P 16 -I{} curl -sf -o /dev/null "$DB/lookup/bench.example/m{}@v1.0.0"
t1=$(python3 -c 'import time; print(time.time())')
BURST=$(python3 -c "print(f'{$t1-$t0:.2f} s, {$N/($t1-$t0):.0f} lookups/s')")
SIZE=$(curl -sf "$DB/latest" | sed -n 2p)

# baseline: the fetch path alone, on versions neither proxy has seen
: > "$WORK/base.txt"
for i in $(seq $((2 * N)) $((3 * N - 1))); do
  curl -sf -o /dev/null -w '%{time_total}\n' "$BASE/bench.example/m$i/@v/v1.0.0.info" >> "$WORK/base.txt"
done
BASE_P50=$(pct 50 < "$WORK/base.txt"); BASE_P90=$(pct 90 < "$WORK/base.txt")
t0=$(python3 -c 'import time; print(time.time())')
seq $((3 * N)) $((4 * N - 1)) | xargs -P 16 -I{} curl -sf -o /dev/null "$BASE/bench.example/m{}/@v/v1.0.0.info"
t1=$(python3 -c 'import time; print(time.time())')
BASE_BURST=$(python3 -c "print(f'{$t1-$t0:.2f} s, {$N/($t1-$t0):.0f} fetches/s')")

# warm
w() { wrk -t2 -c16 -d"${SECONDS_PER}s" --latency "$1" > "$WORK/wrk.txt"; echo "$(sed -n 's/^Requests\/sec:[[:space:]]*//p' "$WORK/wrk.txt") req/s, p50 $(sed -n 's/^[[:space:]]*50%[[:space:]]*//p' "$WORK/wrk.txt"), p99 $(sed -n 's/^[[:space:]]*99%[[:space:]]*//p' "$WORK/wrk.txt")"; }
WARM_LOOKUP=$(w "$DB/lookup/bench.example/m7@v1.0.0")
WARM_LATEST=$(w "$DB/latest")
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
LOAD1=$(cut -d' ' -f1 /proc/loadavg)

cat <<OUT
load average $LOAD0 before, $LOAD1 after ($(nproc) cores); tree size $SIZE
cold lookup (fetch from file:// + append + sign + answer), one at a time, $N versions: p50 ${COLD_P50} ms, p90 ${COLD_P90} ms
burst of $N cold lookups, 16 clients: $BURST
baseline without the database, cold .info one at a time: p50 ${BASE_P50} ms, p90 ${BASE_P90} ms; burst of $N, 16 clients: $BASE_BURST
warm lookup, 16 connections, ${SECONDS_PER}s: $WARM_LOOKUP
warm latest, 16 connections, ${SECONDS_PER}s: $WARM_LATEST
OUT
