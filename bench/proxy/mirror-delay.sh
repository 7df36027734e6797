#!/usr/bin/env bash
# Issue 13's "push a tag, every mirror serves it" delay, on loopback: one origin modproxy with a
# git repository as its direct upstream, a webhook secret and its checksum database on, and two
# mirrors following its /index (Mirror:Source), verifying every version against that database
# (Mirror:SumDb), one on disk storage and one in memory. Each run pushes a new tag from a work
# clone to the bare repository, posts the generic webhook to the origin (what a git host does
# after a push), and measures until BOTH mirrors have the version stored and indexed (watched
# through their own /index: asking for the version would make a mirror fetch it on demand). The
# clock starts before `git push`. Also reported: when the origin stored it (its own /index).
#
#   bench/proxy/mirror-delay.sh [runs=10] [mirror poll seconds=1]
#
# Needs git, python3, curl. Environment: MODSDK_BENCH_DIR (default /dev/shm/modsdk-mirrors, else /tmp).
set -euo pipefail

RUNS=${1:-10}
POLL=${2:-1}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
DEFAULT_DIR=/dev/shm/modsdk-mirrors
[ -d /dev/shm ] || DEFAULT_DIR=${TMPDIR:-/tmp}/modsdk-mirrors
WORK=${MODSDK_BENCH_DIR:-$DEFAULT_DIR}
for tool in git python3 curl; do command -v $tool >/dev/null || { echo "needs $tool" >&2; exit 2; }; done

rm -rf "$WORK"; mkdir -p "$WORK"
# shellcheck source=servers.sh
. "$(dirname "$0")/servers.sh"
ms() { python3 -c 'import time; print(int(time.time()*1000))'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "== publishing modproxy (Release)" >&2
dotnet publish "$REPO/src/ModuleSdk.Proxy" -c Release -o "$WORK/proxy" -nologo -v quiet -nodeReuse:false >&2
MODPROXY_BIN="$WORK/proxy/modproxy"

MODULE=example.com/lib
( git init -q --bare "$WORK/lib.git" && git clone -q "$WORK/lib.git" "$WORK/work" 2>/dev/null \
  && cd "$WORK/work" && printf 'module %s\n' "$MODULE" > module.mod && echo 'namespace Lib; public static class L { }' > L.cs \
  && git add -A && git -c user.name=b -c user.email=b@b commit -qm v1 && git tag v1.0.0 && git push -q origin HEAD:main v1.0.0 )

SECRET=bench-secret
"$MODPROXY_BIN" keygen sum.bench.test "$WORK/signer.key" > "$WORK/verifier.key"
VERIFIER=$(cat "$WORK/verifier.key")
common=(--Logging:LogLevel:Default=Warning --Logging:Console:FormatterName=simple)
OP=$(free_port); AP=$(free_port); BP=$(free_port)
"$MODPROXY_BIN" --urls "http://127.0.0.1:$OP" "${common[@]}" --Storage:Kind=disk --Storage:Path="$WORK/origin" --Cache:Path="$WORK/origin-git" \
  --Repos="$MODULE=file://$WORK/lib.git" --Webhooks:Secret=$SECRET --SumDb:Name=sum.bench.test --SumDb:SignerKey="$WORK/signer.key" >"$WORK/origin.log" 2>&1 &
PIDS+=($!); wait_port "$OP"
"$MODPROXY_BIN" --urls "http://127.0.0.1:$AP" "${common[@]}" --Storage:Kind=disk --Storage:Path="$WORK/mirror-a" --Cache:Path="$WORK/a-git" \
  --Mirror:Source="http://127.0.0.1:$OP" --Mirror:SumDb="$VERIFIER" --Mirror:PollSeconds="$POLL" >"$WORK/mirror-a.log" 2>&1 &
PIDS+=($!); wait_port "$AP"
"$MODPROXY_BIN" --urls "http://127.0.0.1:$BP" "${common[@]}" --Storage:Kind=memory --Cache:Path="$WORK/b-git" \
  --Mirror:Source="http://127.0.0.1:$OP" --Mirror:SumDb="$VERIFIER" --Mirror:PollSeconds="$POLL" >"$WORK/mirror-b.log" 2>&1 &
PIDS+=($!); wait_port "$BP"

# Warm up: v1.0.0 through the origin, copied by both mirrors (first requests JIT the paths).
curl -sf -o /dev/null "http://127.0.0.1:$OP/$MODULE/@v/v1.0.0.zip"
indexed() { curl -sf "http://127.0.0.1:$1/index" | grep -q "\"Version\":\"$2\""; }
for _ in $(seq 1 600); do indexed "$AP" v1.0.0 && indexed "$BP" v1.0.0 && break; sleep 0.05; done
indexed "$AP" v1.0.0 && indexed "$BP" v1.0.0 || { echo "the mirrors never copied v1.0.0; see $WORK/*.log" >&2; exit 1; }

echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; mirror poll ${POLL}s" >&2
all=(); origin_times=()
for i in $(seq 1 "$RUNS"); do
  v="v1.1.$i"
  body="{\"repository\":\"file://$WORK/lib.git\",\"ref\":\"refs/tags/$v\"}"
  sig="sha256=$(printf '%s' "$body" | python3 -c "import hmac,hashlib,sys; print(hmac.new(b'$SECRET', sys.stdin.buffer.read(), hashlib.sha256).hexdigest())")"
  t0=$(ms)
  ( cd "$WORK/work" && echo "// $v" >> L.cs && git -c user.name=b -c user.email=b@b commit -qam "$v" && git tag "$v" && git push -q origin HEAD:main "$v" )
  curl -sf -o /dev/null -X POST -H "X-Modproxy-Signature-256: $sig" --data-binary "$body" "http://127.0.0.1:$OP/webhooks/generic"
  to=""; ta=""; tb=""
  for _ in $(seq 1 1500); do
    now=$(ms)
    [ -z "$to" ] && indexed "$OP" "$v" && to=$now
    [ -z "$ta" ] && indexed "$AP" "$v" && ta=$now
    [ -z "$tb" ] && indexed "$BP" "$v" && tb=$now
    [ -n "$ta" ] && [ -n "$tb" ] && break
    sleep 0.02
  done
  [ -n "$ta" ] && [ -n "$tb" ] || { echo "run $i: $v never reached both mirrors; see $WORK/*.log" >&2; exit 1; }
  both=$(( (ta > tb ? ta : tb) - t0 ))
  all+=("$both"); origin_times+=("$((to - t0))")
  # Identical bytes at both mirrors and the origin.
  for p in "$OP" "$AP" "$BP"; do curl -sf "http://127.0.0.1:$p/$MODULE/@v/$v.zip" | sha256sum; done | sort -u | wc -l | grep -qx 1 \
    || { echo "run $i: the zips differ" >&2; exit 1; }
  echo "run $i: $v stored at the origin after $((to - t0)) ms, served by both mirrors after $both ms" >&2
done
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
cat <<OUT
tag push -> served by every mirror (2 mirrors, poll ${POLL}s, $RUNS runs): median $(printf '%s\n' "${all[@]}" | median) ms, max $(printf '%s\n' "${all[@]}" | sort -n | tail -1) ms
tag push -> stored at the origin (webhook): median $(printf '%s\n' "${origin_times[@]}" | median) ms
  runs (both mirrors): ${all[*]}
OUT
