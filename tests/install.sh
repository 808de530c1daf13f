#!/usr/bin/env bash
# What a library user does: install into a prefix, then build a program
# against the installed header with pkg-config, shared and static, and
# include the header from C++; the manual pages read by man.
# Usage: install.sh BUILD_DIR
set -euo pipefail
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
export PKG_CONFIG_PATH=$(dirname "$(find "$tmp/prefix" -name libwinnow.pc)")

cat > "$tmp/use.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <winnow.h>
int main(void) {
  const char *html =
      "<nav><a href='/'>Home</a></nav><article>"
      "<p>The council met on Tuesday to review the budget for the coming year, and agreed to fund a new bridge.</p>"
      "<p>Work starts in March and ends a year later, the council said in a statement on its website on Monday.</p>"
      "<p>Shops near the old bridge, which will close to cars, asked for help with the months of lost trade.</p>"
      "</article>";
  winnow_status st;
  char *text = winnow_html_to_text(html, strlen(html), WINNOW_FORMAT_TEXT, NULL, &st);
  if (!text || st != WINNOW_OK || !strstr(text, "Work starts in March") || strstr(text, "Home")) return 1;
  if (winnow_version() != WINNOW_VERSION) return 2; /* header and library agree */
  fputs(text, stdout);
  free(text);
  return 0;
}
C
cc "$tmp/use.c" $(pkg-config --cflags --libs libwinnow) -Wl,-rpath,"$tmp/prefix/lib" -o "$tmp/use_shared"
"$tmp/use_shared" >/dev/null
# (ldd's output kept first: grep -q stops reading early, and under
# pipefail the writer's SIGPIPE would fail the check at random)
ldd "$tmp/use_shared" >"$tmp/ldd_shared"
grep -q 'libwinnow\.so' "$tmp/ldd_shared" || { echo "shared: not linked to libwinnow.so"; exit 1; }
lib=$(pkg-config --variable=libdir libwinnow)
cc "$tmp/use.c" $(pkg-config --cflags libwinnow) "$lib/libwinnow.a" \
   $(pkg-config --static --libs-only-l libwinnow | sed 's/-lwinnow//') -o "$tmp/use_static"
"$tmp/use_static" >/dev/null
ldd "$tmp/use_static" >"$tmp/ldd_static"
grep -q 'libwinnow\.so' "$tmp/ldd_static" && { echo "static: still linked to libwinnow.so"; exit 1; }
cp "$tmp/use.c" "$tmp/use.cpp"
c++ -fsyntax-only $(pkg-config --cflags libwinnow) "$tmp/use.cpp"
"$tmp/prefix/bin/winnow" --version >/dev/null

# The manual pages: installed, read by man without a warning, and naming
# exactly the options --help names (in their OPTIONS section).
options() { grep -oE -- '(^|[ ,(])--?[a-zA-Z][a-zA-Z-]*' | sed 's/^[ ,(]//' | sort -u; }
for page in winnow winnow-batch; do
  f="$tmp/prefix/share/man/man1/$page.1"
  [ -f "$f" ] || { echo "man: $f not installed"; exit 1; }
  MANWIDTH=80 MAN_KEEP_STDERR=1 LC_ALL=C.UTF-8 man --warnings -l "$f" >"$tmp/$page.txt" 2>"$tmp/$page.err" \
    || { echo "man -l $page.1 failed"; cat "$tmp/$page.err"; exit 1; }
  [ -s "$tmp/$page.err" ] && { echo "man -l $page.1 warns:"; cat "$tmp/$page.err"; exit 1; }
  grep -q "^NAME" "$tmp/$page.txt" || { echo "man -l $page.1: no NAME section"; exit 1; }
  awk '/^OPTIONS/ {on = 1; next} /^[A-Z]/ {on = 0} on' "$tmp/$page.txt" | options >"$tmp/$page.man"
  if [ "$page" = winnow ]; then "$tmp/prefix/bin/winnow" --help; else "$tmp/prefix/bin/winnow" batch --help; fi |
    options >"$tmp/$page.help"
  diff "$tmp/$page.help" "$tmp/$page.man" >"$tmp/$page.diff" ||
    { echo "$page.1 and --help name different options (< help, > man):"; cat "$tmp/$page.diff"; exit 1; }
done
echo "1 passed, 0 failed"
