#!/usr/bin/env bash
# Where a no-op restore's extra time goes (issue 15 part 2; docs/benchmarks.md, "The no-op restore,
# taken apart"): the app against its twin and two controls, each differing from one side in one thing.
#
#   bench/sdk/noop-restore-control.sh [rounds=10] [extra dotnet restore arguments...]
#
# twin-nugetsdk, written to $DIR/twin/appsdk, is the twin's entry project with its SDK taken from a
# NuGet package, NoopSdk/1.0.0 (written to the world's feed), whose Sdk.props and Sdk.targets only
# import Microsoft.NET.Sdk's: what resolving an SDK through NuGet's SDK resolver costs any project,
# with nothing of ModuleSdk. control, written to $DIR/appplain, is the app's Program.cs under a Microsoft.NET.Sdk project
# that imports the app's obj/modulesdk/modules.props: the same ProjectReferences to the same module
# copies under app/obj/modules (ModuleSdk projects, with their dependency.props), but no
# ResolveModules and no ModuleSdk evaluation of the entry project. Its restore inputs (the
# dgspec) equal the app's but for the entry project's path. The three restores are interleaved
# round by round (bench/interleave.py), node reuse on as users have it; pass -m:1 -nodeReuse:false
# to time everything in one process, where the CPU time covers the whole restore.
# Last, a count that does not depend on load: one single-process no-op restore of each with
# EventPipe's JIT events on, and the methods each JIT-compiled by namespace (bench/sdk/JitCount
# --namespaces): the ReadyToRun code a restore could not use.
# Needs the world of bench/sdk/run.sh in $MODSDK_SDKBENCH_DIR (default /tmp/modsdk-sdkbench), restored.
set -euo pipefail
ROUNDS=${1:-10}
shift || true
REPO=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${MODSDK_SDKBENCH_DIR:-/tmp/modsdk-sdkbench}
[ -f "$DIR/app/obj/modulesdk/modules.props" ] || { echo "no restored world in $DIR: run bench/sdk/run.sh first" >&2; exit 2; }
. "$(dirname "$0")/user-env.sh"
export NUGET_PACKAGES=$DIR/packages MODPROXY=file://$DIR/proxy MODCACHE=$DIR/modcache

mkdir -p "$DIR/appplain" "$DIR/results" "$DIR/twin/appsdk"
# NoopSdk: a package of two files under Sdk/ and its nuspec, as an MSBuild SDK package is.
python3 - "$DIR/feed/noopsdk.1.0.0.nupkg" <<'PY'
import sys, zipfile
nuspec = ('<?xml version="1.0" encoding="utf-8"?>\n<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">'
          '<metadata><id>NoopSdk</id><version>1.0.0</version><authors>bench</authors>'
          '<description>Imports Microsoft.NET.Sdk and nothing else.</description>'
          '<packageTypes><packageType name="MSBuildSdk" /></packageTypes></metadata></package>\n')
types = ('<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="nuspec" ContentType="application/octet" /><Default Extension="props" ContentType="application/octet" />'
         '<Default Extension="targets" ContentType="application/octet" /></Types>')
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('noopsdk.nuspec', nuspec)
    z.writestr('[Content_Types].xml', types)
    z.writestr('Sdk/Sdk.props', '<Project>\n  <Import Project="Sdk.props" Sdk="Microsoft.NET.Sdk" />\n</Project>\n')
    z.writestr('Sdk/Sdk.targets', '<Project>\n  <Import Project="Sdk.targets" Sdk="Microsoft.NET.Sdk" />\n</Project>\n')
PY
cp "$DIR/twin/app/Program.cs" "$DIR/twin/appsdk/"
sed 's|Sdk="Microsoft.NET.Sdk"|Sdk="NoopSdk/1.0.0"|' "$DIR/twin/app/App.csproj" > "$DIR/twin/appsdk/App.csproj"
cp "$DIR/app/Program.cs" "$DIR/app/nuget.config" "$DIR/appplain/"
cat > "$DIR/appplain/App.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
  <Import Project="$DIR/app/obj/modulesdk/modules.props" />
</Project>
EOF
# The first restore of each writes its obj/; every timed one is a no-op.
for p in twin/app app twin/appsdk appplain; do dotnet restore "$DIR/$p/App.csproj" -v:q -nologo "$@" > /dev/null; done

q="-v:q -nologo $*"
python3 "$REPO/bench/interleave.py" "$ROUNDS" \
  twin="dotnet restore $DIR/twin/app/App.csproj $q > /dev/null" \
  app="dotnet restore $DIR/app/App.csproj $q > /dev/null" \
  twin-nugetsdk="dotnet restore $DIR/twin/appsdk/App.csproj $q > /dev/null" \
  control="dotnet restore $DIR/appplain/App.csproj $q > /dev/null" \
  --json "$DIR/results/noop-restore-control.json" | tee "$DIR/results/noop-restore-control.txt"

JIT=$DIR/results/noop-restore-jit
rm -rf "$JIT"
dotnet build "$REPO/bench/sdk/JitCount/JitCount.csproj" -c Release -nodeReuse:false -v:q -nologo > /dev/null
for side in twin app twin-nugetsdk control; do
  project=$DIR/app/App.csproj
  [ $side = twin ] && project=$DIR/twin/app/App.csproj
  [ $side = twin-nugetsdk ] && project=$DIR/twin/appsdk/App.csproj
  [ $side = control ] && project=$DIR/appplain/App.csproj
  mkdir -p "$JIT/$side"
  DOTNET_EnableEventPipe=1 DOTNET_EventPipeConfig='Microsoft-Windows-DotNETRuntime:0x10:5' DOTNET_EventPipeOutputPath="$JIT/$side/p_{pid}.nettrace" \
    dotnet restore "$project" -v:q -nologo -m:1 -nodeReuse:false > /dev/null
  echo "== $side"
  dotnet "$REPO/bench/sdk/JitCount/bin/Release/net10.0/JitCount.dll" --namespaces "$JIT/$side"/*.nettrace | head -12
done | tee "$DIR/results/noop-restore-jit.txt"
