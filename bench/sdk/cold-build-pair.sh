#!/usr/bin/env bash
# The build cache's cold builds by hand (issue 15; docs/benchmarks.md, "The build cache"), for a
# machine too loaded for run.sh's hyperfine mode: RUNS pairs of cold `dotnet build`s, the first app
# with an empty build cache, then a second app requiring the same modules; TWIN=1 adds one cold
# build of the ProjectReferences twin. Needs the world of `bench/sdk/run.sh <modules>` in
# MODSDK_SDKBENCH_DIR (default /tmp/modsdk-sdkbench; MODSDK_SDKBENCH_ONLY=cold-build-cache writes it).
#   RUNS=3 TWIN=1 bench/sdk/cold-build-pair.sh
set -euo pipefail
DIR=${MODSDK_SDKBENCH_DIR:-/tmp/modsdk-sdkbench}
. "$(dirname "$0")/user-env.sh"
export NUGET_PACKAGES=$DIR/packages MODPROXY=file://$DIR/proxy MODCACHE=$DIR/modcache
APP=$DIR/app APP2=$DIR/app2 BUILDCACHE=$DIR/modcache-build
if [ ! -d "$APP2" ]; then
  mkdir -p "$APP2"; cp "$APP/App.csproj" "$APP/nuget.config" "$APP/module.sum" "$APP2/"
  sed 's|^module example.com/app$|module example.com/app2|' "$APP/module.mod" > "$APP2/module.mod"
  { cat "$APP/Program.cs"; echo 'Console.WriteLine("second app");'; } > "$APP2/Program.cs"
fi
for run in $(seq 1 "${RUNS:-1}"); do
  rm -rf "$APP/obj" "$APP/bin" "$APP2/obj" "$APP2/bin" "$BUILDCACHE"
  echo "first run $run: load $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "first: wall %e s, user %U s, sys %S s" dotnet build "$APP" -v:q -nologo -nodeReuse:false 2>&1 | tail -2
  echo "second run $run: load $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "second: wall %e s, user %U s, sys %S s" dotnet build "$APP2" -v:n -nologo -nodeReuse:false > $DIR/second-$run.log 2>&1 || { tail -20 $DIR/second-$run.log; exit 1; }
  tail -1 $DIR/second-$run.log; grep -c "build cache hit for" $DIR/second-$run.log | sed 's/^/hits: /'; grep -c "build cache miss for" $DIR/second-$run.log | sed 's/^/misses: /' || true
  echo "end: load $(cut -d' ' -f1-3 /proc/loadavg)"
  a=$(dotnet "$APP/bin/Debug/net10.0/App.dll"); b=$(dotnet "$APP2/bin/Debug/net10.0/App.dll" | head -1); echo "app printed $a, app2 printed $b"
done
du -sh "$BUILDCACHE"
if [ -n "${TWIN:-}" ]; then
  find $DIR/twin \( -name obj -o -name bin \) -type d -prune -exec rm -rf {} +
  echo "twin: load $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "twin: wall %e s, user %U s, sys %S s" dotnet build "$DIR/twin/app" -v:q -nologo -nodeReuse:false 2>&1 | tail -2
  echo "end: load $(cut -d' ' -f1-3 /proc/loadavg)"
fi
