#!/usr/bin/env bash
# Evaluation cost of being a ModuleSdk project (issue 15 part 2; docs/benchmarks.md, "Issue 15
# part 2: where a no-op restore's time goes"): every project of the app (the app and its module
# copies under obj/modules/) against the twin's (the same sources as Microsoft.NET.Sdk projects),
# evaluated in one process by bench/sdk/EvalBench, as at the start of a restore and of a build,
# the two sides interleaved round by round. Allocated bytes and the counts of properties, items,
# targets and imports do not depend on the machine's load; wall and CPU time do.
#
#   bench/sdk/evaluation.sh [rounds=6]
#
# Needs the world of bench/sdk/run.sh in $MODSDK_SDKBENCH_DIR (default /tmp/modsdk-sdkbench),
# restored and built once (run.sh does that; MODSDK_SDKBENCH_ONLY=noop-restore is the quickest).
# EVALBENCH_PACKAGES overrides the packages folder the SDK is resolved from (an edited copy of
# $DIR/packages: an A/B of Sdk.props/Sdk.targets without repacking).
set -euo pipefail
ROUNDS=${1:-6}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${MODSDK_SDKBENCH_DIR:-/tmp/modsdk-sdkbench}
[ -d "$DIR/app/obj/modules" ] || { echo "no restored world in $DIR: run bench/sdk/run.sh first" >&2; exit 2; }
. "$(dirname "$0")/user-env.sh"
export NUGET_PACKAGES=${EVALBENCH_PACKAGES:-$DIR/packages} MODPROXY=file://$DIR/proxy MODCACHE=$DIR/modcache
dotnet build "$REPO/bench/sdk/EvalBench/EvalBench.csproj" -c Release -nodeReuse:false -v:q -nologo
mkdir -p "$DIR/results"
{ echo "$DIR/app/App.csproj"; find "$DIR/app/obj/modules" -name '*.csproj' -not -path '*/obj/*/obj/*' | sort; } > "$DIR/results/eval-app.txt"
{ echo "$DIR/twin/app/App.csproj"; find "$DIR/twin/modules" -name '*.csproj' | sort; } > "$DIR/results/eval-twin.txt"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$REPO/bench/sdk/EvalBench/bin/Release/net10.0/EvalBench.dll" "$ROUNDS" twin="$DIR/results/eval-twin.txt" app="$DIR/results/eval-app.txt" | tee "$DIR/results/evaluation.txt"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$DIR/results/evaluation.txt"
