#!/usr/bin/env bash
# ModuleSdk's SDK against plain ProjectReferences (issue 4, "Performance"); docs/benchmarks.md, section "SDK".
#
#   bench/sdk/run.sh [modules=50] [runs=10] [warmup=3]
#
# Packs the SDK (Release) into a private feed, generates the world with bench/sdk/Generator (a
# file:// module proxy, a ModuleSdk app whose module.mod requires every module, and its twin: the
# same sources as Microsoft.NET.Sdk projects with ProjectReferences), and times with hyperfine:
#   1. no-op `dotnet build --no-restore`, app against twin (MSBuild node reuse on, as users have it)
#   2. no-op `dotnet build` (implicit restore)
#   3. no-op `dotnet restore`
#   4. no-op `dotnet build --no-restore -nodeReuse:false` (every run starts its own nodes)
#   5. first restore: app with an empty module cache and no obj/ against the twin with no obj/,
#      and the split of one such app restore from -clp:PerformanceSummary and the task's own timings.
#   6. cold-build-cache (issue 15): the cold `dotnet build` (no obj/ or bin/, module cache warm) of
#      the app with an empty build cache ("first"), of a second app requiring the same modules once
#      the first filled the build cache ("second"), and of the twin; then checks that the second
#      app's module outputs are byte-identical to an uncached build of it. Runs: $COLD_RUNS (default 3).
# Environment: MODSDK_SDKBENCH_DIR (default /tmp/modsdk-sdkbench; deleted first unless MODSDK_SDKBENCH_KEEP=1,
# which keeps the generated world and only repacks the SDK), MODSDK_SDKBENCH_ONLY
# (a comma list of noop-build,noop-build-restore,noop-restore,noop-build-nodes,cold-restore,cold-build-cache).
set -euo pipefail

MODULES=${1:-50}
RUNS=${2:-10}
WARMUP=${3:-3}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${MODSDK_SDKBENCH_DIR:-/tmp/modsdk-sdkbench}
ONLY=${MODSDK_SDKBENCH_ONLY:-noop-build,noop-build-restore,noop-restore,noop-build-nodes,cold-restore,cold-build-cache}
COLD_RUNS=${COLD_RUNS:-3}
RESULTS=$DIR/results

wanted() { [[ ",$ONLY," == *",$1,"* ]]; }

# The module cache makes its directories read-only, as Go's does.
wipe() { [ -e "$1" ] && chmod -R u+w "$1" 2>/dev/null; rm -rf "$1"; }

. "$(dirname "$0")/user-env.sh"

# Ends the MSBuild nodes this script started (their environment names $DIR), by id, when it exits.
stop_nodes() {
  for p in $(pgrep -u "$(id -u)" -f 'nodeReuse:true' || true); do
    if tr '\0' '\n' < "/proc/$p/environ" 2>/dev/null | grep -qx "NUGET_PACKAGES=$DIR/packages"; then kill "$p" 2>/dev/null || true; fi
  done
}
trap stop_nodes EXIT

if [ -n "${MODSDK_SDKBENCH_KEEP:-}" ] && [ -d "$DIR/app" ]; then
  # Iterating on the SDK: keep the world, repack, and drop the old package (one version number
  # repacked into the same packages folder would silently serve the old one).
  wipe "$RESULTS"; wipe "$DIR/packages/modulesdk"; wipe "$DIR/feed"
else
  wipe "$DIR"
fi
mkdir -p "$RESULTS"
{
  echo "date: $(date -u +%FT%TZ)"
  echo "commit: $(git -C "$REPO" rev-parse --short HEAD)$(git -C "$REPO" diff --quiet HEAD -- src sdk || echo ' (modified)')"
  echo "dotnet: $(dotnet --version)"
  echo "cpu: $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "mem: $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "modules: $MODULES, runs: $RUNS, warmup: $WARMUP"
} > "$RESULTS/machine.txt"
cat "$RESULTS/machine.txt"

echo "== packing the SDK and writing the world"
dotnet pack "$REPO/sdk/ModuleSdk/ModuleSdk.csproj" -c Release -o "$DIR/feed" -nodeReuse:false -v:q -nologo
dotnet build "$REPO/bench/sdk/Generator/SdkBenchGenerator.csproj" -c Release -nodeReuse:false -v:q -nologo
[ -d "$DIR/app" ] || dotnet "$REPO/bench/sdk/Generator/bin/Release/net10.0/SdkBenchGenerator.dll" "$DIR" "$DIR/feed" "$MODULES"

export NUGET_PACKAGES=$DIR/packages
export MODPROXY=file://$DIR/proxy
export MODCACHE=$DIR/modcache
BUILDCACHE=$MODCACHE-build
APP=$DIR/app
APP2=$DIR/app2
TWIN=$DIR/twin/app

# First builds (not timed): fill the caches, write module.sum, and check both programs agree.
dotnet build "$APP" -v:q -nologo
dotnet build "$TWIN" -v:q -nologo
a=$(dotnet "$APP/bin/Debug/net10.0/App.dll"); t=$(dotnet "$TWIN/bin/Debug/net10.0/App.dll")
[ "$a" = "$t" ] || { echo "app printed $a, twin printed $t: the twin does not match the build list" >&2; exit 1; }
echo "both programs print $a; app build list: $(ls "$APP/obj/modules/example.com" | tr '\n' ' ')"

hf() { # name, then hyperfine arguments
  local name=$1; shift
  echo "== $name (load $(cut -d' ' -f1-3 /proc/loadavg))"
  hyperfine -N --style basic --runs "$RUNS" --warmup "$WARMUP" \
    --export-json "$RESULTS/$name.json" --export-markdown "$RESULTS/$name.md" "$@"
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS/$name.md"
}

Q="-v:q -nologo"
if wanted noop-build; then
  hf noop-build -n twin "dotnet build --no-restore $Q $TWIN/App.csproj" -n app "dotnet build --no-restore $Q $APP/App.csproj"
fi
if wanted noop-build-restore; then
  hf noop-build-restore -n twin "dotnet build $Q $TWIN/App.csproj" -n app "dotnet build $Q $APP/App.csproj"
fi
if wanted noop-restore; then
  hf noop-restore -n twin "dotnet restore $Q $TWIN/App.csproj" -n app "dotnet restore $Q $APP/App.csproj"
fi
if wanted noop-build-nodes; then
  hf noop-build-nodes -n twin "dotnet build --no-restore -nodeReuse:false $Q $TWIN/App.csproj" -n app "dotnet build --no-restore -nodeReuse:false $Q $APP/App.csproj"
fi
if wanted cold-restore; then
  # Cold: the app loses its module cache and obj/ (module.sum stays, as in a fresh clone); the
  # twin loses its obj/ folders. NuGet's own package folder stays warm for both.
  hf cold-restore \
    -n twin --prepare "find $DIR/twin -name obj -type d -prune -exec rm -rf {} +" "dotnet restore $Q $TWIN/App.csproj" \
    -n app --prepare "bash -c 'chmod -R u+w $MODCACHE 2>/dev/null; rm -rf $MODCACHE $APP/obj'" "dotnet restore $Q $APP/App.csproj"
  echo "== split of one cold restore each (same verbosity for both; the task's timings are read back from the binlog)"
  for side in twin app; do
    chmod -R u+w "$MODCACHE" 2>/dev/null || true; rm -rf "$MODCACHE" "$APP/obj"; find "$DIR/twin" -name obj -type d -prune -exec rm -rf {} +
    proj=$TWIN/App.csproj; [ $side = app ] && proj=$APP/App.csproj
    /usr/bin/time -f "$side: wall %e s, user %U s, sys %S s" dotnet restore "$proj" -nologo -v:n -clp:PerformanceSummary \
      -bl:"$RESULTS/cold-restore-$side.binlog" > "$RESULTS/cold-restore-$side.log" 2> "$RESULTS/cold-restore-$side.time"
    cat "$RESULTS/cold-restore-$side.time"
    sed -n '/^Task Performance Summary:/,/^$/p' "$RESULTS/cold-restore-$side.log" | sort -k1 -n -r | sed -n '2,5p'
  done
  dotnet msbuild "$RESULTS/cold-restore-app.binlog" -v:d -nologo 2>/dev/null | grep -E 'ModuleSdk: timings' | sed 's/^ *//' | tee "$RESULTS/cold-restore-split.txt"
fi
if wanted cold-build-cache; then
  # The second app: another main module and program, the same module.mod requirements.
  if [ ! -d "$APP2" ]; then
    mkdir -p "$APP2"
    cp "$APP/App.csproj" "$APP/nuget.config" "$APP/module.sum" "$APP2/"
    sed 's|^module example.com/app$|module example.com/app2|' "$APP/module.mod" > "$APP2/module.mod"
    { cat "$APP/Program.cs"; echo 'Console.WriteLine("second app");'; } > "$APP2/Program.cs"
  fi
  dotnet build "$APP2" -v:q -nologo
  clean_app() { echo "find $1 -maxdepth 1 \( -name obj -o -name bin \) -exec rm -rf {} +"; }
  hf_runs=$RUNS; hf_warm=$WARMUP; RUNS=$COLD_RUNS; WARMUP=0
  hf cold-build-cache \
    -n twin --prepare "bash -c 'find $DIR/twin \( -name obj -o -name bin \) -type d -prune -exec rm -rf {} +'" "dotnet build $Q $TWIN/App.csproj" \
    -n first --prepare "bash -c '$(clean_app "$APP"); rm -rf $BUILDCACHE'" "dotnet build $Q $APP/App.csproj" \
    -n second --prepare "bash -c '$(clean_app "$APP2")'" "dotnet build $Q $APP2/App.csproj"
  RUNS=$hf_runs; WARMUP=$hf_warm
  # The second app's module outputs (from the cache) against its own uncached compilation.
  sums() { find "$APP2/obj/modules" -path '*/obj/Debug/net10.0/*' \( -name '*.pdb' -o -name '*.dll' \) -not -path '*/ref/*' | sort | xargs sha256sum; }
  sums > "$RESULTS/cold-build-cache-cached.sum"
  dotnet build "$APP2" --no-incremental -p:ModuleBuildCache=off -v:q -nologo
  sums > "$RESULTS/cold-build-cache-uncached.sum"
  if cmp -s "$RESULTS/cold-build-cache-cached.sum" "$RESULTS/cold-build-cache-uncached.sum"; then
    echo "second app: $(wc -l < "$RESULTS/cold-build-cache-cached.sum") module outputs from the cache, byte-identical to an uncached build" | tee "$RESULTS/cold-build-cache-identical.txt"
  else
    echo "second app: outputs from the cache differ from an uncached build" | tee "$RESULTS/cold-build-cache-identical.txt"; exit 1
  fi
  du -sh "$BUILDCACHE" | tee -a "$RESULTS/cold-build-cache-identical.txt"
fi
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS/machine.txt"
echo "results: $RESULTS"
