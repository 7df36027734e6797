#!/usr/bin/env bash
# modproxy against nginx serving the same stored files statically, both on loopback, measured
# with wrk (issue 11's performance targets), plus a cold fetch from a file:// git repository:
#
#   zip:  GET of a 1 MB (incompressible) module zip, 64 connections: requests/s of nginx and
#         modproxy, and each server's CPU time per request (bench/proxy/wrkab.py; interleaved rounds)
#   info: GET of the same version's .info, 200 connections: p99 latency of both
#   cold: `dotnet-mod download` of a version nobody has fetched yet (a module of its own, from its
#         own file:// repository, 1 MB) with an empty MODCACHE:
#           direct       MODPROXY=direct, the client clones, zips, checks and extracts;
#           proxy        through a running modproxy (the one wrk just measured, which then
#                        fetches 40 versions of another module, WARM_VERSIONS): it clones, zips,
#                        checks, stores, then serves; the server's JIT is paid once per process,
#                        not per version, as in production;
#           fresh proxy  through a modproxy started for that run (its first request: what the
#                        script measured before 2026-12-06 08:00; the JIT of a fresh process shows here)
#         interleaved, median of RUNS each
#
#   bench/proxy/run.sh [seconds=10] [runs=5] [rounds=3]
#
# Needs wrk, nginx (Debian: apt-get install -y wrk nginx), git, python3, curl.
# Environment:
#   MODSDK_BENCH_DIR   work folder (default /dev/shm/modsdk-proxy, else /tmp)
#   MODPROXY_PUBLISH   extra `dotnet publish` arguments for modproxy (default "-r linux-x64
#                      --self-contained false": ReadyToRun, which the project turns on for any RID
#                      publish; "" for the plain JIT build)
#   MODSDK_PUBLISH     the same for dotnet-mod (default "": JIT; "-r linux-x64 -p:PublishAot=true"
#                      for Native AOT)
#   MODPROXY_DIR, MODSDK_CLI_DIR   already published folders to use instead of publishing
#   MODPROXY_BASELINE_DIR          a second published modproxy (say, main's) measured in the same
#                      rounds as the current one, for an A/B comparison on a shared machine
#   MODPROXY_WARMUP    Warmup:Fetches for every server started (default 64; 0: none): the
#                      server runs its fetch path that often at start-up, on modules of its own,
#                      before /readyz says ready; every server is used once ready (a build without
#                      the key ignores it and is ready at once); the fresh rows report start-to-ready
# The last lines (from "| target") are a Markdown table for docs/benchmarks.md.
set -euo pipefail

SECONDS_PER=${1:-10}
RUNS=${2:-5}
ROUNDS=${3:-3}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
DEFAULT_DIR=/dev/shm/modsdk-proxy
[ -d /dev/shm ] || DEFAULT_DIR=${TMPDIR:-/tmp}/modsdk-proxy
WORK=${MODSDK_BENCH_DIR:-$DEFAULT_DIR}
for tool in wrk nginx git python3 curl; do
  command -v $tool >/dev/null || [ -x /usr/sbin/$tool ] || { echo "needs $tool (apt-get install -y wrk nginx git python3 curl)" >&2; exit 2; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

rm -rf "$WORK"; mkdir -p "$WORK"
# shellcheck source=servers.sh
. "$(dirname "$0")/servers.sh"

LOAD_START=$(cut -d' ' -f1 /proc/loadavg)

if [ -n "${MODPROXY_DIR:-}" ]; then PROXY_DIR=$MODPROXY_DIR; else
  echo "== publishing modproxy (Release)" >&2
  # shellcheck disable=SC2086
  dotnet publish "$REPO/src/ModuleSdk.Proxy" -c Release -o "$WORK/proxy" ${MODPROXY_PUBLISH--r linux-x64 --self-contained false} -nologo -v quiet >&2
  PROXY_DIR=$WORK/proxy
fi
if [ -n "${MODSDK_CLI_DIR:-}" ]; then CLI_DIR=$MODSDK_CLI_DIR; else
  echo "== publishing dotnet-mod (Release)" >&2
  # shellcheck disable=SC2086
  dotnet publish "$REPO/src/ModuleSdk.Cli" -c Release -o "$WORK/cli" ${MODSDK_PUBLISH:-} -nologo -v quiet >&2
  CLI_DIR=$WORK/cli
fi
DOTNET_MOD="$CLI_DIR/dotnet-mod"
SERVERS=(new)
declare -A BIN=([new]="$PROXY_DIR/modproxy")
if [ -n "${MODPROXY_BASELINE_DIR:-}" ]; then SERVERS=(base new); BIN[base]="$MODPROXY_BASELINE_DIR/modproxy"; fi

# Git repositories, each one module of 1 MB of incompressible content (16 x 64 KiB random), tagged
# v1.0.0: example.com/big for the throughput runs, example.com/mN for the cold fetches (each fetched once).
echo "== generating repositories under $WORK/repos" >&2
mkdir -p "$WORK/repos"
make_repo() { # module path, repository name
  local src="$WORK/src-$2"
  mkdir -p "$src"
  ( cd "$src" && git init -q -b main && printf 'module %s\n' "$1" > module.mod \
    && python3 -c 'import os; [open(f"data{i}.bin","wb").write(os.urandom(64*1024)) for i in range(16)]' \
    && git add -A && git -c user.name=b -c user.email=b@b commit -qm v1 && git tag v1.0.0 \
    && git clone -q --bare . "$WORK/repos/$2.git" )
  rm -rf "$src"
}
make_repo example.com/big big
# The warm-up module: small, with WARM_VERSIONS tagged versions, each fetched once by every server
# before the cold runs, so that the server's fetch path has been run often enough for tiered
# compilation to have finished with it (methods are recompiled after 30 calls): a server that has
# fetched two versions still spends half its CPU recompiling (docs/benchmarks.md).
WARM_VERSIONS=${WARM_VERSIONS:-40}
( mkdir -p "$WORK/src-warm" && cd "$WORK/src-warm" && git init -q -b main && printf 'module example.com/warm\n' > module.mod \
  && for v in $(seq 0 $((WARM_VERSIONS - 1))); do echo "$v" > v.txt; git add -A; git -c user.name=b -c user.email=b@b commit -qm "v$v"; git tag "v1.0.$v"; done \
  && git clone -q --bare . "$WORK/repos/warm.git" )
rm -rf "$WORK/src-warm"
COLD_MODULES=$(( RUNS * (2 + ${#SERVERS[@]} * 2) + ${#SERVERS[@]} ))
for i in $(seq 1 $COLD_MODULES); do make_repo "example.com/m$i" "m$i"; done
RULES="example.com/*=file://$WORK/repos/*.git"
MODULE=example.com/big

WARMUP=${MODPROXY_WARMUP:-64}
start_proxy() { # name, data dir, cache dir, port; the pid in STARTED, start-to-ready ms in READY_MS
  local t0; t0=$(date +%s%3N)
  "${BIN[$1]}" --urls "http://127.0.0.1:$4" --Storage:Kind=disk --Storage:Path="$2" --Cache:Path="$3" \
    --Repos="$RULES" --Logging:LogLevel:Default=Warning --Logging:LogLevel:ModuleSdk.Proxy.Serving.ModuleService=Information \
    --Logging:LogLevel:ModuleSdk.Proxy.Operations.FetchWarmup=Information --Warmup:Fetches="$WARMUP" \
    --Logging:Console:FormatterName=simple >"$WORK/proxy-$4.log" 2>&1 &
  STARTED=$!
  PIDS+=("$STARTED")
  wait_port "$4"
  wait_ready "$4"
  READY_MS=$(( $(date +%s%3N) - t0 ))
}

# ---- throughput and latency against nginx
declare -A PORT PID
for s in "${SERVERS[@]}"; do
  PORT[$s]=$(free_port)
  start_proxy "$s" "$WORK/data-$s" "$WORK/gitcache-$s" "${PORT[$s]}"
  PID[$s]=$STARTED
  curl -sf -o /dev/null "http://127.0.0.1:${PORT[$s]}/$MODULE/@v/v1.0.0.zip"
done
ZIPBYTES=$(stat -c %s "$WORK/data-new/$MODULE/@v/v1.0.0.zip")
NP=$(free_port)
cat > "$WORK/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  types { application/zip zip; application/json info; text/plain mod; }
  server { listen 127.0.0.1:$NP; root $WORK/data-new; location / { } }
}
CONF
"$NGINX" -c "$WORK/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!
PIDS+=("$NGINX_PID")
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$NP/" && break; sleep 0.1; done

echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; zip $ZIPBYTES bytes" >&2
ZIP_ARGS=("nginx=http://127.0.0.1:$NP/$MODULE/@v/v1.0.0.zip@$NGINX_PID")
INFO_ARGS=("nginx=http://127.0.0.1:$NP/$MODULE/@v/v1.0.0.info@$NGINX_PID")
for s in "${SERVERS[@]}"; do
  name=modproxy; [ "$s" = base ] && name=baseline
  ZIP_ARGS+=("$name=http://127.0.0.1:${PORT[$s]}/$MODULE/@v/v1.0.0.zip@${PID[$s]}")
  INFO_ARGS+=("$name=http://127.0.0.1:${PORT[$s]}/$MODULE/@v/v1.0.0.info@${PID[$s]}")
done
# Unrecorded warm-up of every server (a fresh server's first seconds under load include its JIT).
for a in "${ZIP_ARGS[@]}" "${INFO_ARGS[@]}"; do u=${a#*=}; wrk -t2 -c64 -d2s "${u%@*}" >/dev/null; done
ZIP_OUT=$(python3 "$REPO/bench/proxy/wrkab.py" "$ROUNDS" "$SECONDS_PER" 64 "${ZIP_ARGS[@]}")
echo "$ZIP_OUT" >&2
INFO_OUT=$(python3 "$REPO/bench/proxy/wrkab.py" "$ROUNDS" "$SECONDS_PER" 200 --latency "${INFO_ARGS[@]}")
echo "$INFO_OUT" >&2
field() { echo "$1" | awk -v n="$2" -v f="$3" '$1 == n {print $f}'; }

# ---- cold fetches, interleaved: direct, then each server warm, then each server fresh
mkdir -p "$WORK/main" && printf 'module example.com/main\n' > "$WORK/main/module.mod"
ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
next_module=1
take_module() { COLD="example.com/m$next_module"; next_module=$((next_module + 1)); }
TICK=$(getconf CLK_TCK)
server_cpu() { [ -n "$1" ] && awk '{print $14 + $15}' "/proc/$1/stat" || echo 0; }
download() { # MODPROXY value, server pid (or ""); prints "wall_ms cpu_ms": the client's CPU (user + system) plus the server's
  rm -rf "$WORK/mc" "$WORK/main/module.sum"
  local c0 c1 out
  c0=$(server_cpu "$2")
  out=$(cd "$WORK/main" && MODPROXY="$1" MODREPOS="$RULES" MODCACHE="$WORK/mc" HOME="$WORK" python3 -c '
import resource, subprocess, sys, time
t0 = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
t1 = time.perf_counter()
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(round((t1 - t0) * 1000), round((r.ru_utime + r.ru_stime) * 1000))' "$DOTNET_MOD" download "$COLD@v1.0.0")
  c1=$(server_cpu "$2")
  echo "${out% *} $(( ${out#* } + (c1 - c0) * 1000 / TICK ))"
}
# The warm servers are the ones wrk has just measured (their serving paths are compiled and
# tiered, as on a server in use); they fetch the warm-up versions first, then one 1 MB module
# through the client.
declare -A WARM_PORT WARM_PID
for s in "${SERVERS[@]}"; do
  WARM_PORT[$s]=${PORT[$s]}
  WARM_PID[$s]=${PID[$s]}
  for v in $(seq 0 $((WARM_VERSIONS - 1))); do curl -sf -o /dev/null "http://127.0.0.1:${WARM_PORT[$s]}/example.com/warm/@v/v1.0.$v.zip"; done
  take_module; download "http://127.0.0.1:${WARM_PORT[$s]}" "${WARM_PID[$s]}" >/dev/null
done
declare -A TIMES CPUS READY
record() { # key, "wall cpu"
  TIMES[$1]+="${2% *} "; CPUS[$1]+="${2#* } "
}
LOAD_COLD=$(cut -d' ' -f1 /proc/loadavg)
for i in $(seq 1 "$RUNS"); do
  take_module; record direct "$(download direct "")"
  for s in "${SERVERS[@]}"; do take_module; record "warm-$s" "$(download "http://127.0.0.1:${WARM_PORT[$s]}" "${WARM_PID[$s]}")"; done
  for s in "${SERVERS[@]}"; do
    CP=$(free_port)
    start_proxy "$s" "$WORK/cold-data-$s-$i" "$WORK/cold-git-$s-$i" "$CP"
    READY[$s]+="$READY_MS "
    take_module; record "fresh-$s" "$(download "http://127.0.0.1:$CP" "$STARTED")"
    kill "$STARTED"; wait "$STARTED" 2>/dev/null || true
  done
done
LOAD_END=$(cut -d' ' -f1 /proc/loadavg)
med() { printf '%s\n' ${TIMES[$1]} | median; }
cpu_med() { printf '%s\n' ${CPUS[$1]} | median; }
range() { printf '%s\n' ${TIMES[$1]} | sort -n | sed -n '1p;$p' | paste -sd- -; }
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
D_MED=$(med direct)

echo
echo "zip ($ZIPBYTES bytes, 64 connections, $ROUNDS x ${SECONDS_PER}s):"
echo "$ZIP_OUT"
echo "info (200 connections, $ROUNDS x ${SECONDS_PER}s):"
echo "$INFO_OUT"
D_CPU=$(cpu_med direct)
echo "cold download (median of $RUNS; wall ms, and CPU ms of client + server):"
echo "  direct:         wall $D_MED ($(range direct));  CPU $D_CPU;  runs ${TIMES[direct]}"
for s in "${SERVERS[@]}"; do
  label=modproxy; [ "$s" = base ] && label=baseline
  for k in warm fresh; do
    printf '  %-15s wall %s (%s) = %sx;  CPU %s = %sx;  runs %s\n' "$label $k:" "$(med $k-$s)" "$(range $k-$s)" "$(ratio "$(med $k-$s)" "$D_MED")" \
      "$(cpu_med $k-$s)" "$(ratio "$(cpu_med $k-$s)" "$D_CPU")" "${TIMES[$k-$s]}"
  done
done
echo "  the proxies' fetch phases: see $WORK/proxy-*.log ('fetched ... in N ms: info, mod, zip, check and hash, store')"
echo "  Warmup:Fetches=$WARMUP; fresh servers' start to /readyz, ms: $(for s in "${SERVERS[@]}"; do printf "%s: %s; " "$s" "${READY[$s]:-}"; done)"
echo
LOAD="$LOAD_START-$LOAD_END"
echo "| target | load (1 min) | nginx / direct | modproxy | ratio | CPU per request (zip), per download (cold: client + server) | status |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for s in "${SERVERS[@]}"; do
  name=modproxy; [ "$s" = base ] && name=baseline
  Z_N=$(field "$ZIP_OUT" nginx 2); Z_P=$(field "$ZIP_OUT" $name 2)
  C_N=$(field "$ZIP_OUT" nginx 5); C_P=$(field "$ZIP_OUT" $name 5)
  I_N=$(field "$INFO_OUT" nginx 7); I_P=$(field "$INFO_OUT" $name 7)
  W=$(med warm-$s); F=$(med fresh-$s)
  ZR=$(python3 -c "print(f'{$Z_P/$Z_N*100:.0f}')")
  echo "| \`.zip\` req/s, 64 connections, >= 50% of nginx ($name) | $LOAD | $Z_N | $Z_P | **$ZR%** | nginx $C_N us, $name $C_P us | $([ "$ZR" -ge 50 ] && echo met || echo '**not met**') |"
  echo "| \`.info\` p99, 200 connections, < 10 ms ($name) | $LOAD | $I_N ms | $I_P ms | | | $(python3 -c "print('met' if $I_P < 10 else '**not met**')") |"
  echo "| cold fetch <= 1.2x direct, warm server ($name) | $LOAD_COLD-$LOAD_END | $D_MED ms | $W ms | **$(ratio "$W" "$D_MED")x** | direct $D_CPU ms, $name $(cpu_med warm-$s) ms | $(python3 -c "print('met' if $W <= 1.2 * $D_MED else '**not met**')") |"
  echo "| cold fetch, server started for the run ($name) | $LOAD_COLD-$LOAD_END | $D_MED ms | $F ms | $(ratio "$F" "$D_MED")x | direct $D_CPU ms, $name $(cpu_med fresh-$s) ms | |"
done
