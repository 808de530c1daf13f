#!/usr/bin/env bash
# Byte-identity check for changes that must not alter any output (pure
# moves of code, and the pages a recovery must leave alone).
#
# Writes winnow's text, Markdown and JSON output for every page of both
# dev sets (html/*.html.gz, decompressed, on stdin) and every fixture
# page into OUT, one file per page and format, plus the exit status.  A
# fourth run with small limits (--max-depth 24 --max-attrs 3) goes
# through the pre-pass's depth and attribute paths on real pages.
# Run it before and after, then compare:
#   tests/identity.sh build/winnow /tmp/before     (on the old build)
#   tests/identity.sh build/winnow /tmp/after      (on the new one)
#   diff -r /tmp/before /tmp/after && echo identical
# Usage: tests/identity.sh WINNOW OUT [DATASETS_DIR]
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 WINNOW OUT [DATASETS_DIR]" >&2; exit 2; }
bin=$(realpath "$1")
out=$2
cd "$(dirname "$0")/.."
data=${3:-../shared/datasets}
mkdir -p "$out"

run() { # name, input file or "-", args...
  local name=$1 in=$2
  shift 2
  local rc=0
  if [ "$in" = - ]; then
    "$bin" "$@" >"$out/$name" 2>/dev/null || rc=$?
  else
    "$bin" "$@" "$in" >"$out/$name" 2>/dev/null || rc=$?
  fi
  echo "$rc" >"$out/$name.rc"
}

pages=0
for set in scrapinghub wcxb; do
  for f in "$data/$set"/html/*.html.gz; do
    id=$set-$(basename "$f" .html.gz)
    tmp=$(mktemp)
    gzip -dc "$f" >"$tmp"
    run "$id.txt" - --format text <"$tmp"
    run "$id.md" - --format markdown <"$tmp"
    run "$id.json" - --format json <"$tmp"
    run "$id.lim" - --max-depth 24 --max-attrs 3 <"$tmp"
    rm -f "$tmp"
    pages=$((pages + 1))
  done
done

for f in fixtures/*/*.html; do
  id=fixture-$(basename "$(dirname "$f")")-$(basename "$f" .html)
  args=()
  [ -f "${f%.html}.args" ] && read -ra args <"${f%.html}.args"
  run "$id.txt" "$f" --format text "${args[@]+"${args[@]}"}"
  run "$id.md" "$f" --format markdown "${args[@]+"${args[@]}"}"
  run "$id.json" "$f" --format json "${args[@]+"${args[@]}"}"
  run "$id.lim" "$f" --max-depth 24 --max-attrs 3
  pages=$((pages + 1))
done
echo "identity: $pages pages, $(find "$out" -type f ! -name '*.rc' | wc -l) outputs in $out" >&2
