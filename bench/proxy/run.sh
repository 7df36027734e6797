#!/usr/bin/env bash
# modproxy against nginx serving the same stored files statically, both on loopback, measured
# with wrk (issue 11's performance targets), plus a cold fetch from a file:// git repository:
#
#   zip:  GET of a 1 MB (incompressible) module zip, 64 connections: modproxy vs nginx requests/s
#   info: GET of the same version's .info, 200 connections: p99 latency of both
#   cold: `dotnet-mod download` of one version through a freshly started proxy with empty storage
#         and an empty git cache (the proxy fetches from git, checks, stores, serves) vs
#         `dotnet-mod download` of the same version in direct mode (MODPROXY=direct); both with
#         an empty MODCACHE, median of RUNS process runs
#
#   bench/proxy/run.sh [seconds=10] [runs=5]
#
# Needs wrk, nginx (Debian: apt-get install -y wrk nginx), git, python3, curl.
# Environment: MODSDK_BENCH_DIR (default /dev/shm/modsdk-proxy, else /tmp); MODPROXY_PUBLISH, extra
# `dotnet publish` arguments for modproxy (default "-r linux-x64 --self-contained false": ReadyToRun,
# which the project turns on for any RID publish; "" for the plain JIT build); MODSDK_PUBLISH, the
# same for dotnet-mod (default "": JIT; "-r linux-x64 -p:PublishAot=true -p:CppCompilerAndLinker=gcc"
# for Native AOT).
set -euo pipefail

SECONDS_PER=${1:-10}
RUNS=${2:-5}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
DEFAULT_DIR=/dev/shm/modsdk-proxy
[ -d /dev/shm ] || DEFAULT_DIR=${TMPDIR:-/tmp}/modsdk-proxy
WORK=${MODSDK_BENCH_DIR:-$DEFAULT_DIR}
for tool in wrk nginx git python3 curl; do
  command -v $tool >/dev/null || [ -x /usr/sbin/$tool ] || { echo "needs $tool (apt-get install -y wrk nginx git python3 curl)" >&2; exit 2; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

rm -rf "$WORK"; mkdir -p "$WORK"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$1/healthz" && return 0; sleep 0.1; done; echo "port $1 never answered" >&2; exit 1; }

echo "== publishing modproxy and dotnet-mod (Release)" >&2
# shellcheck disable=SC2086
dotnet publish "$REPO/src/ModuleSdk.Proxy" -c Release -o "$WORK/proxy" ${MODPROXY_PUBLISH--r linux-x64 --self-contained false} -nologo -v quiet >&2
dotnet publish "$REPO/src/ModuleSdk.Cli" -c Release -o "$WORK/cli" ${MODSDK_PUBLISH:-} -nologo -v quiet >&2
MODPROXY_BIN="$WORK/proxy/modproxy"
DOTNET_MOD="$WORK/cli/dotnet-mod"

# A git repository with one module of 1 MB of incompressible content (16 x 64 KiB random), tagged v1.0.0.
MODULE=example.com/big
echo "== generating $WORK/big.git (1 MB module)" >&2
mkdir -p "$WORK/src"
( cd "$WORK/src" && git init -q -b main && printf 'module %s\n' "$MODULE" > module.mod \
  && python3 -c 'import os; [open(f"data{i}.bin","wb").write(os.urandom(64*1024)) for i in range(16)]' \
  && git add -A && git -c user.name=b -c user.email=b@b commit -qm v1 && git tag v1.0.0 \
  && git clone -q --bare . "$WORK/big.git" )
RULES="$MODULE=file://$WORK/big.git"

start_proxy() { # data dir, cache dir, port
  "$MODPROXY_BIN" --urls "http://127.0.0.1:$3" --Storage:Kind=disk --Storage:Path="$1" --Cache:Path="$2" \
    --Repos="$RULES" --Logging:LogLevel:Default=Warning --Logging:Console:FormatterName=simple >"$WORK/proxy-$3.log" 2>&1 &
  PIDS+=($!)
  wait_port "$3"
}

# ---- throughput and latency against nginx
PP=$(free_port)
start_proxy "$WORK/data" "$WORK/gitcache" "$PP"
curl -sf -o /dev/null "http://127.0.0.1:$PP/$MODULE/@v/v1.0.0.zip"
ZIPBYTES=$(stat -c %s "$WORK/data/$MODULE/@v/v1.0.0.zip")
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
  server { listen 127.0.0.1:$NP; root $WORK/data; location / { } }
}
CONF
"$NGINX" -c "$WORK/nginx.conf" -g 'daemon off;' &
PIDS+=($!)
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$NP/" && break; sleep 0.1; done

rps() { sed -n 's/^Requests\/sec:[[:space:]]*//p'; }
p99() { sed -n 's/^[[:space:]]*99%[[:space:]]*//p'; }
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; zip $ZIPBYTES bytes" >&2
Z_NGINX=$(wrk -t2 -c64 -d"${SECONDS_PER}s" "http://127.0.0.1:$NP/$MODULE/@v/v1.0.0.zip" | rps)
Z_PROXY=$(wrk -t2 -c64 -d"${SECONDS_PER}s" "http://127.0.0.1:$PP/$MODULE/@v/v1.0.0.zip" | rps)
I_NGINX=$(wrk -t2 -c200 -d"${SECONDS_PER}s" --latency "http://127.0.0.1:$NP/$MODULE/@v/v1.0.0.info" | p99)
I_PROXY=$(wrk -t2 -c200 -d"${SECONDS_PER}s" --latency "http://127.0.0.1:$PP/$MODULE/@v/v1.0.0.info" | p99)
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# ---- cold fetch: through a fresh proxy vs direct mode, both as dotnet-mod download
mkdir -p "$WORK/main" && printf 'module example.com/main\n' > "$WORK/main/module.mod"
ms() { python3 -c 'import time; print(int(time.time()*1000))'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
direct_times=(); proxy_times=()
for i in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/mc" "$WORK/main/module.sum"
  t0=$(ms); (cd "$WORK/main" && MODPROXY=direct MODREPOS="$RULES" MODCACHE="$WORK/mc" HOME="$WORK" "$DOTNET_MOD" download "$MODULE@v1.0.0" >/dev/null); t1=$(ms)
  direct_times+=($((t1 - t0)))
  CP=$(free_port)
  start_proxy "$WORK/cold-data-$i" "$WORK/cold-git-$i" "$CP"
  rm -rf "$WORK/mc" "$WORK/main/module.sum"
  t0=$(ms); (cd "$WORK/main" && MODPROXY="http://127.0.0.1:$CP" MODCACHE="$WORK/mc" HOME="$WORK" "$DOTNET_MOD" download "$MODULE@v1.0.0" >/dev/null); t1=$(ms)
  proxy_times+=($((t1 - t0)))
  kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true; unset 'PIDS[-1]'
done
D_MED=$(printf '%s\n' "${direct_times[@]}" | median)
P_MED=$(printf '%s\n' "${proxy_times[@]}" | median)

cat <<OUT
zip ($ZIPBYTES bytes, 64 connections, ${SECONDS_PER}s): nginx $Z_NGINX req/s, modproxy $Z_PROXY req/s ($(python3 -c "print(f'{$Z_PROXY/$Z_NGINX*100:.0f}')")% of nginx)
info (200 connections, ${SECONDS_PER}s): p99 nginx $I_NGINX, modproxy $I_PROXY
cold download of $MODULE@v1.0.0 (median of $RUNS): direct ${D_MED} ms, through a fresh modproxy ${P_MED} ms ($(python3 -c "print(f'{$P_MED/$D_MED:.2f}')")x)
  direct runs: ${direct_times[*]}
  proxy runs:  ${proxy_times[*]}
OUT
