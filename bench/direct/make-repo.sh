#!/usr/bin/env bash
# Writes a bare git repository for the direct-mode benchmark with the git CLI (git fast-import):
# a module (module.mod + C# sources) with COMMITS commits on main, each changing one file, and
# TAGS semver tags spread evenly over the history (every fourth one annotated).
#
#   bench/direct/make-repo.sh <dir.git> [commits=1000] [tags=200] [files=100] [module=example.com/bench]
#
# Deterministic: fixed author, times and contents, so every run gives the same hashes.
set -euo pipefail
DIR=$1
COMMITS=${2:-1000}
TAGS=${3:-200}
FILES=${4:-100}
MODULE=${5:-example.com/bench}

rm -rf "$DIR"
git init -q --bare "$DIR"
git -C "$DIR" symbolic-ref HEAD refs/heads/main

# The stream: commit 1 adds module.mod, LICENSE and FILES sources; later commits rewrite one source
# file each (about 2 KiB). A tag follows every COMMITS/TAGS commits: v1.<minor>.<patch>.
awk -v commits="$COMMITS" -v tags="$TAGS" -v files="$FILES" -v module="$MODULE" '
function blob(content) { printf "data %d\n%s\n", length(content), content }
function source(f, rev,   s, i) {
  s = "namespace Bench;\n\npublic static class File" f "\n{\n"
  for (i = 0; i < 40; i++) s = s "    public static int Value" i " => " (rev * 1000 + i) ";\n"
  return s "}\n"
}
BEGIN {
  every = int(commits / tags); if (every < 1) every = 1
  t = 1600000000; ntag = 0
  for (c = 1; c <= commits; c++) {
    printf "commit refs/heads/main\nmark :%d\n", c
    printf "author Bench <bench@example.com> %d +0000\ncommitter Bench <bench@example.com> %d +0000\n", t + c * 60, t + c * 60
    msg = "commit " c; printf "data %d\n%s\n", length(msg), msg
    if (c == 1) {
      mod = "module " module "\n"
      printf "M 100644 inline module.mod\n"; blob(mod)
      printf "M 100644 inline LICENSE\n"; blob("Benchmark license text.\n")
      for (f = 0; f < files; f++) { printf "M 100644 inline src/File%d.cs\n", f; blob(source(f, 0)) }
    } else {
      f = c % files
      printf "M 100644 inline src/File%d.cs\n", f; blob(source(f, c))
    }
    printf "\n"
    if (c % every == 0 && ntag < tags) {
      name = sprintf("v1.%d.%d", int(ntag / 10), ntag % 10); ntag++
      if (ntag % 4 == 0) {
        printf "tag %s\nfrom :%d\ntagger Bench <bench@example.com> %d +0000\n", name, c, t + c * 60
        m = "release " name; printf "data %d\n%s\n", length(m), m
      } else {
        printf "reset refs/tags/%s\nfrom :%d\n\n", name, c
      }
    }
  }
}' | git -C "$DIR" fast-import --quiet
git -C "$DIR" gc -q --prune=now
