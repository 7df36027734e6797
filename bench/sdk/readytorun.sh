#!/usr/bin/env bash
# The SDK package's task assembly and core as IL (A) against ReadyToRun (B) on the no-op path
# (issue 15 part 2; docs/benchmarks.md, "Issue 15 part 2: a ReadyToRun task assembly").
#
#   bench/sdk/readytorun.sh [rounds=6] [summaries=3] [focused-rounds=30]
#
# Needs the world of bench/sdk/run.sh in $MODSDK_SDKBENCH_DIR (default /tmp/modsdk-sdkbench),
# restored and built once. Packs the SDK twice from this checkout, with -p:ModuleSdkReadyToRun=false
# (A) and as shipped (B), and keeps the four files that differ (ModuleSdk.Tasks.dll, ModuleSdk.dll
# and their PDBs). Before each command it copies one side's four files into the world's extracted
# package, with the timestamps of the files they replace (so no up-to-date check of the build sees
# a change: the only difference between A and B is the code in those files). Then, interleaved
# round by round with bench/interleave.py (CPU = user+sys of the command and the nodes it starts):
#   no-op `dotnet restore`, no-op `dotnet build --no-restore`, no-op `dotnet build` (implicit restore),
# all with -nodeReuse:false, so every run loads the task assembly afresh in every process.
# Then `summaries` alternating single runs of each side's no-op `dotnet build` with
# -clp:PerformanceSummary: the ModuleSdk tasks' own times. Then, focused on the tasks (one
# evaluation of the app, one target, in one process; `focused-rounds` interleaved rounds): the
# no-op ResolveModules (`-t:ModuleSdkRestore -p:MSBuildIsRestoring=true`) and CheckModulesRestored
# (`-t:ModuleSdkCheckRestored`), with the per-round CPU difference B-A. Last, a count that does not
# depend on load: one no-op `dotnet restore` and `dotnet build` per side with EventPipe's JIT events
# on, the methods each process JIT-compiled (bench/sdk/JitCount). Leaves the world with B's files.
set -euo pipefail
ROUNDS=${1:-6}
SUMMARIES=${2:-3}
FOCUSED=${3:-30}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${MODSDK_SDKBENCH_DIR:-/tmp/modsdk-sdkbench}
TASKS=$DIR/packages/modulesdk/1.0.0/tasks/net10.0
[ -d "$TASKS" ] && [ -d "$DIR/app/obj/modules" ] || { echo "no restored world in $DIR: run bench/sdk/run.sh first" >&2; exit 2; }
. "$(dirname "$0")/user-env.sh"
OUT=$DIR/results/readytorun
rm -rf "$OUT"; mkdir -p "$OUT"
FILES="ModuleSdk.Tasks.dll ModuleSdk.Tasks.pdb ModuleSdk.dll ModuleSdk.pdb"

for side in A B; do
  flag=""; [ $side = A ] && flag="-p:ModuleSdkReadyToRun=false"
  dotnet pack "$REPO/sdk/ModuleSdk/ModuleSdk.csproj" -c Release -o "$OUT/feed$side" $flag -nodeReuse:false -v:q -nologo
  mkdir -p "$OUT/$side"
  (cd "$OUT/$side" && unzip -q -o "$OUT/feed$side/ModuleSdk.1.0.0.nupkg" $(for f in $FILES; do echo "tasks/net10.0/$f"; done))
  for f in $FILES; do mv "$OUT/$side/tasks/net10.0/$f" "$OUT/$side/$f"; touch -r "$TASKS/$f" "$OUT/$side/$f"; done
  rm -rf "$OUT/$side/tasks"
done
cmp -s "$OUT/A/ModuleSdk.Tasks.dll" "$OUT/B/ModuleSdk.Tasks.dll" && { echo "A and B are the same files: is ReadyToRun on?" >&2; exit 1; }
ls -l "$OUT/A" "$OUT/B"

export NUGET_PACKAGES=$DIR/packages MODPROXY=file://$DIR/proxy MODCACHE=$DIR/modcache
use() { echo "cp -p $OUT/$1/*.dll $OUT/$1/*.pdb $TASKS/"; }
APP=$DIR/app/App.csproj
Q="-v:q -nologo -nodeReuse:false"
# One build with B first: whatever the swap could make out of date is brought up to date here.
eval "$(use B)"; dotnet build "$APP" $Q > /dev/null
echo "uptime: $(uptime)" | tee "$OUT/interleave.txt"
python3 "$REPO/bench/interleave.py" "$ROUNDS" \
  --prepare "restore-A=$(use A)" "restore-A=dotnet restore $APP $Q" \
  --prepare "restore-B=$(use B)" "restore-B=dotnet restore $APP $Q" \
  --prepare "build-A=$(use A)" "build-A=dotnet build --no-restore $APP $Q" \
  --prepare "build-B=$(use B)" "build-B=dotnet build --no-restore $APP $Q" \
  --prepare "build-restore-A=$(use A)" "build-restore-A=dotnet build $APP $Q" \
  --prepare "build-restore-B=$(use B)" "build-restore-B=dotnet build $APP $Q" \
  --json "$OUT/interleave.json" 2>&1 | tee -a "$OUT/interleave.txt"
echo "uptime: $(uptime)" | tee -a "$OUT/interleave.txt"

# The ModuleSdk tasks' own times, from the entry process's task summary.
for i in $(seq 1 "$SUMMARIES"); do
  for side in A B; do
    eval "$(use $side)"
    dotnet build "$APP" -nologo -nodeReuse:false -v:m -clp:PerformanceSummary > "$OUT/summary-$side-$i.log"
    echo "$side run $i: $(grep -E '^ +[0-9]+ ms +(ResolveModules|CheckModulesRestored|RecordModuleUsage) ' "$OUT/summary-$side-$i.log" | awk '{print $3 " " $1 " ms"}' | sort | tr '\n' ';')"
  done
done | tee "$OUT/summaries.txt"

echo "uptime: $(uptime)" | tee "$OUT/focused.txt"
python3 "$REPO/bench/interleave.py" "$FOCUSED" \
  --prepare "resolve-A=$(use A)" "resolve-A=dotnet msbuild $APP -t:ModuleSdkRestore -p:MSBuildIsRestoring=true $Q" \
  --prepare "resolve-B=$(use B)" "resolve-B=dotnet msbuild $APP -t:ModuleSdkRestore -p:MSBuildIsRestoring=true $Q" \
  --prepare "check-A=$(use A)" "check-A=dotnet msbuild $APP -t:ModuleSdkCheckRestored $Q" \
  --prepare "check-B=$(use B)" "check-B=dotnet msbuild $APP -t:ModuleSdkCheckRestored $Q" \
  --json "$OUT/focused.json" 2>&1 | grep -v '^round ' | tee -a "$OUT/focused.txt"
echo "uptime: $(uptime)" | tee -a "$OUT/focused.txt"
python3 - "$OUT/focused.json" <<'PY' | tee -a "$OUT/focused.txt"
import json, statistics, sys
c = {r["name"]: r["cpu_ms"] for r in json.load(open(sys.argv[1]))["commands"]}
for t in ("resolve", "check"):
    d = sorted(b - a for a, b in zip(c[t + "-A"], c[t + "-B"]))
    print(f"{t}: CPU B-A per round, median {statistics.median(d):.0f} ms, quartiles {d[len(d) // 4]:.0f} / {d[3 * len(d) // 4]:.0f} ms")
PY

dotnet build "$REPO/bench/sdk/JitCount/JitCount.csproj" -c Release -nodeReuse:false -v:q -nologo > /dev/null
for side in A B; do
  for cmd in restore build; do
    eval "$(use $side)"
    rm -rf "$OUT/jit-$cmd-$side"; mkdir -p "$OUT/jit-$cmd-$side"
    DOTNET_EnableEventPipe=1 DOTNET_EventPipeConfig='Microsoft-Windows-DotNETRuntime:0x10:5' DOTNET_EventPipeOutputPath="$OUT/jit-$cmd-$side/p_{pid}.nettrace" \
      dotnet $cmd "$APP" $Q > /dev/null
    echo "== no-op dotnet $cmd, $side"
    dotnet "$REPO/bench/sdk/JitCount/bin/Release/net10.0/JitCount.dll" "$OUT/jit-$cmd-$side"/*.nettrace
  done
done | tee "$OUT/jit.txt"
eval "$(use B)"
