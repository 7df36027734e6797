#!/usr/bin/env bash
# Direct mode against the git command line (issue 3's performance target), on a generated local
# repository of 1,000 commits and 200 tags (bench/direct/make-repo.sh):
#
#   cold: `git clone --bare` + `git archive` of one tag (the baseline) against
#         `dotnet-mod list -m -versions` + `dotnet-mod download <path>@<tag>` on an empty MODCACHE;
#   warm: the same two dotnet-mod commands with the clone already in MODCACHE/cache/vcs (the
#         downloaded module itself removed before each run, so the zip is built again);
#   warm-10: `dotnet-mod download` of ten other tags in one process, clone cached (per-version cost).
#
#   bench/direct/compare-git.sh [runs=10] [commits=1000] [tags=200]
#
# Environment:
#   MODSDK_BENCH_DIR   where the repository and caches go (default /dev/shm/modsdk-direct, else /tmp)
#   DOTNET_MOD         the dotnet-mod binary to time (default: publish src/ModuleSdk.Cli, Release)
#   MODSDK_PUBLISH     extra `dotnet publish` arguments, e.g. the Native AOT ones of docs/benchmarks.md
set -euo pipefail

RUNS=${1:-10}
COMMITS=${2:-1000}
TAGS=${3:-200}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
DEFAULT_DIR=/dev/shm/modsdk-direct
[ -d /dev/shm ] || DEFAULT_DIR=${TMPDIR:-/tmp}/modsdk-direct
WORK=${MODSDK_BENCH_DIR:-$DEFAULT_DIR}
MODULE=example.com/bench

command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install -y hyperfine)" >&2; exit 2; }
command -v git >/dev/null || { echo "needs the git command line (only to build the repository and for the baseline)" >&2; exit 2; }
command -v jq >/dev/null || { echo "needs jq" >&2; exit 2; }

rmtree() { for d in "$@"; do [ -e "$d" ] && chmod -R u+w "$d" && rm -rf "$d"; done; true; }
rmtree "$WORK"
mkdir -p "$WORK"

if [ -z "${DOTNET_MOD:-}" ]; then
  echo "== publishing dotnet-mod (Release ${MODSDK_PUBLISH:-}) to $WORK/cli" >&2
  # shellcheck disable=SC2086
  dotnet publish "$REPO/src/ModuleSdk.Cli" -c Release -o "$WORK/cli" ${MODSDK_PUBLISH:-} -nologo -v quiet >&2
  DOTNET_MOD=$WORK/cli/dotnet-mod
fi

echo "== generating $WORK/repo.git: $COMMITS commits, $TAGS tags" >&2
"$REPO/bench/direct/make-repo.sh" "$WORK/repo.git" "$COMMITS" "$TAGS" 100 "$MODULE"
URL=file://$WORK/repo.git
# The tag fetched: one from the middle of the history, not the newest.
TAG=$(git -C "$WORK/repo.git" tag | sort -V | sed -n "$(( TAGS / 2 ))p")
OTHER_TAGS=$(git -C "$WORK/repo.git" tag | sort -V | sed -n "$(( TAGS / 2 + 1 )),$(( TAGS / 2 + 10 ))p" | sed "s|^|$MODULE@|" | tr '\n' ' ')

# A main module to run in (download records sums in its module.sum).
MAIN=$WORK/main
mkdir -p "$MAIN"
echo "module example.com/benchmain" > "$MAIN/module.mod"
export MODPROXY=direct MODPRIVATE= MODCACHE=$WORK/modcache MODREPOS="$MODULE=$URL" HOME=$WORK/home
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

OUT=$WORK/results
mkdir -p "$OUT"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc: $(nproc)"
  echo "uptime: $(uptime)"
  echo "git: $(git --version)"
  echo "dotnet-mod: $DOTNET_MOD ${MODSDK_PUBLISH:-}"
  echo "repository: $COMMITS commits, $TAGS tags, $(du -sk "$WORK/repo.git" | cut -f1) KiB; tag fetched $TAG"
} | tee "$OUT/machine.txt" >&2

# Sanity: the module zip has the files git archive gives (a run that fails here times nothing useful).
(cd "$MAIN" && "$DOTNET_MOD" download "$MODULE@$TAG" >/dev/null)
git -C "$WORK/repo.git" ls-tree -r --name-only "$TAG" | sort > "$OUT/git-files.txt"
(cd "$MODCACHE/$MODULE@$TAG" && find . -type f | sed 's|^\./||' | sort) > "$OUT/mod-files.txt"
cmp -s "$OUT/git-files.txt" "$OUT/mod-files.txt" || { echo "file sets differ: $OUT/*-files.txt" >&2; exit 1; }

GIT_TMP=$WORK/git-clone
GIT_PREP="rm -rf $GIT_TMP $WORK/archive.zip"
GIT_CMD="git clone -q --bare $URL $GIT_TMP && git -C $GIT_TMP archive --format=zip --prefix=$MODULE@$TAG/ -o $WORK/archive.zip $TAG"
MOD_COLD_PREP="chmod -R u+w $MODCACHE 2>/dev/null; rm -rf $MODCACHE $MAIN/module.sum"
MOD_WARM_PREP="chmod -R u+w $MODCACHE/$MODULE@* 2>/dev/null; rm -rf $MODCACHE/$MODULE@* $MODCACHE/cache/download $MAIN/module.sum"
MOD_CMD="cd $MAIN && $DOTNET_MOD list -m -versions $MODULE >/dev/null && $DOTNET_MOD download $MODULE@$TAG >/dev/null"

echo "== cold: clone + one version" >&2
hyperfine -N --runs "$RUNS" --export-markdown "$OUT/cold.md" --export-json "$OUT/cold.json" \
  --prepare "sh -c '$GIT_PREP'" -n "git clone --bare + git archive" "sh -c '$GIT_CMD'" \
  --prepare "sh -c '$MOD_COLD_PREP'" -n "dotnet-mod list -m -versions + download (cold)" "sh -c '$MOD_CMD'"

echo "== warm: clone cached" >&2
(cd "$MAIN" && "$DOTNET_MOD" list -m -versions "$MODULE" >/dev/null)
hyperfine -N --warmup 2 --runs "$RUNS" --export-markdown "$OUT/warm.md" --export-json "$OUT/warm.json" \
  --prepare "sh -c '$MOD_WARM_PREP'" -n "dotnet-mod list -m -versions + download (warm)" "sh -c '$MOD_CMD'" \
  --prepare "sh -c '$MOD_WARM_PREP'" -n "dotnet-mod download of 10 versions (warm)" "sh -c 'cd $MAIN && $DOTNET_MOD download $OTHER_TAGS >/dev/null'" \
  --prepare "true" -n "dotnet-mod help (process start-up)" "$DOTNET_MOD help"

echo "== summary (median; min)" >&2
for f in "$OUT"/cold.json "$OUT"/warm.json; do
  jq -r '.results[] | "\(.command): median \(.median*1000|floor) ms (min \(.min*1000|floor); user+sys \((.user+.system)*1000|floor) ms)"' "$f"
done | tee "$OUT/summary.txt"
echo "results in $OUT" >&2
