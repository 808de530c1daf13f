#!/usr/bin/env bash
# What a library user does: install into a prefix, then build a program
# against the installed header with pkg-config, shared and static, and
# include the header from C++.  Usage: install.sh BUILD_DIR
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
echo "1 passed, 0 failed"
