#!/usr/bin/env bash
# Start-up of `dotnet mod` as shipped: the tool packages that `dotnet pack` makes, installed with
# `dotnet tool install --tool-path`, timed against each other:
#
#   JIT:        the framework-dependent `any` package (what platforms without a RID package get);
#   ReadyToRun: the linux-x64 package of a plain `dotnet pack` (framework-dependent, ReadyToRun);
#   AOT:        the linux-x64 package of `dotnet pack -r linux-x64` (Native AOT).
#
# Commands timed: `dotnet-mod help` (process start-up) and a warm `dotnet-mod list -m all` of the
# sample app (samples/app: five modules from a file:// proxy written from samples/modules).
#
#   bench/cli-tool.sh [runs=20]
#
# Environment:
#   MODSDK_BENCH_DIR   where feeds, installs and the module world go (default /dev/shm/modsdk-cli-tool, else /tmp)
#   MODSDK_RID         the RID of this machine's AOT package (default linux-x64)
set -euo pipefail

RUNS=${1:-20}
REPO=$(cd "$(dirname "$0")/.." && pwd)
DEFAULT_DIR=/dev/shm/modsdk-cli-tool
[ -d /dev/shm ] || DEFAULT_DIR=${TMPDIR:-/tmp}/modsdk-cli-tool
WORK=${MODSDK_BENCH_DIR:-$DEFAULT_DIR}
RID=${MODSDK_RID:-linux-x64}

command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install -y hyperfine)" >&2; exit 2; }
command -v zip >/dev/null || { echo "needs zip (to write the proxy's module zips)" >&2; exit 2; }
command -v jq >/dev/null || { echo "needs jq" >&2; exit 2; }

rmtree() { for d in "$@"; do [ -e "$d" ] && chmod -R u+w "$d" && rm -rf "$d"; done; true; }
rmtree "$WORK"
mkdir -p "$WORK"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Native AOT links with clang by default; where there is none (this project's machine), gcc links.
AOT_ARGS=()
command -v clang >/dev/null || AOT_ARGS=(-p:CppCompilerAndLinker=gcc)

VERSION=1.0.0
echo "== dotnet pack (pointer + any + $RID ReadyToRun) to $WORK/feed" >&2
dotnet pack "$REPO/src/ModuleSdk.Cli" -c Release -o "$WORK/feed" -nodeReuse:false -v quiet >&2
echo "== dotnet pack -r $RID ${AOT_ARGS[*]} (Native AOT) to $WORK/aot" >&2
dotnet pack "$REPO/src/ModuleSdk.Cli" -c Release -r "$RID" "${AOT_ARGS[@]}" -o "$WORK/aot" -nodeReuse:false -v quiet >&2

# The AOT feed: the same pointer and `any` packages, the AOT package for this RID.
mkdir -p "$WORK/feed-aot"
cp "$WORK/feed/ModuleSdk.Cli.$VERSION.nupkg" "$WORK/feed/ModuleSdk.Cli.any.$VERSION.nupkg" "$WORK/aot/ModuleSdk.Cli.$RID.$VERSION.nupkg" "$WORK/feed-aot/"

# Each install gets its own global packages folder: both feeds hold ModuleSdk.Cli.$RID $VERSION,
# and NuGet would serve whichever it extracted first.
install() { # name feed
  NUGET_PACKAGES=$WORK/nuget-$1 dotnet tool install --tool-path "$WORK/$1" --add-source "$2" ModuleSdk.Cli --version $VERSION >&2
}
install r2r "$WORK/feed"
install aot "$WORK/feed-aot"
# `dotnet tool install` on this RID always takes the RID package; the `any` package is what other
# platforms get, and its tool shim runs `dotnet dotnet-mod.dll`, so that is what is timed.
mkdir -p "$WORK/jit" && (cd "$WORK/jit" && unzip -q "$WORK/feed/ModuleSdk.Cli.any.$VERSION.nupkg")
JIT="dotnet $WORK/jit/tools/net10.0/any/dotnet-mod.dll"
R2R=$WORK/r2r/dotnet-mod
AOT=$WORK/aot/dotnet-mod
file -L "$R2R" "$AOT" >&2

# The module world: a file:// proxy of samples/modules (as tests/ModuleSdk.Sdk.Tests/Scenario.cs writes it).
PROXY=$WORK/proxy
for versionDir in "$REPO"/samples/modules/*/v*; do
  version=$(basename "$versionDir")
  path=$(sed -n 's/^module[[:space:]]*//p' "$versionDir/module.mod" | head -1)
  dir=$PROXY/$path/@v
  mkdir -p "$dir" "$WORK/zip/$path@$version"
  cp "$versionDir/module.mod" "$dir/$version.mod"
  printf '{"Version":"%s","Time":"2024-01-01T00:00:00Z"}\n' "$version" > "$dir/$version.info"
  cp -r "$versionDir"/. "$WORK/zip/$path@$version/"
  (cd "$WORK/zip" && zip -qrX "$dir/$version.zip" "$path@$version")
  echo "$version" >> "$dir/list"
done
APP=$WORK/app
mkdir -p "$APP" && cp "$REPO/samples/app/module.mod" "$APP/"
DOTNET_VERSION=$(dotnet --version)
mkdir -p "$WORK/home"
export MODPROXY=file://$PROXY MODPRIVATE= MODCACHE=$WORK/modcache HOME=$WORK/home

# Fill the cache, then check that the three builds print the same build list.
(cd "$APP" && $AOT download all >/dev/null)
for b in JIT R2R AOT; do (cd "$APP" && ${!b} list -m all) > "$WORK/list-$b.txt"; done
cmp -s "$WORK/list-JIT.txt" "$WORK/list-AOT.txt" && cmp -s "$WORK/list-R2R.txt" "$WORK/list-AOT.txt" \
  || { echo "build lists differ: $WORK/list-*.txt" >&2; exit 1; }
cat "$WORK/list-AOT.txt" >&2

OUT=$WORK/results
mkdir -p "$OUT"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc: $(nproc)"
  echo "uptime: $(uptime)"
  echo "dotnet: $DOTNET_VERSION"
  echo "packages: $(cd "$WORK" && ls -l feed/*.nupkg aot/*.nupkg | awk '{print $9, $5}' | tr '\n' ' ')"
} | tee "$OUT/machine.txt" >&2

cd "$APP"
hyperfine -N --warmup 3 --runs "$RUNS" --export-markdown "$OUT/help.md" --export-json "$OUT/help.json" \
  -n "JIT (any) help" "$JIT help" -n "ReadyToRun ($RID) help" "$R2R help" -n "AOT ($RID) help" "$AOT help"
hyperfine -N --warmup 3 --runs "$RUNS" --export-markdown "$OUT/list.md" --export-json "$OUT/list.json" \
  -n "JIT (any) list -m all" "$JIT list -m all" -n "ReadyToRun ($RID) list -m all" "$R2R list -m all" -n "AOT ($RID) list -m all" "$AOT list -m all"

echo "== summary (median; min; user+sys)" >&2
for f in "$OUT"/help.json "$OUT"/list.json; do
  jq -r '.results[] | "\(.command): median \(.median*1000|floor) ms (min \(.min*1000|floor); user+sys \((.user+.system)*1000|floor) ms)"' "$f"
done | tee "$OUT/summary.txt"
echo "results in $OUT" >&2
