/* libFuzzer target: the decode stage alone (gzip, BOM, meta prescan,
 * iconv).  The first byte picks a charset label, so every decoder gets
 * arbitrary bytes; the output must always be valid, NUL-free UTF-8. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"

static const char *const labels[] = {NULL,      "utf-8",  "windows-1252", "shift_jis", "gbk",
                                     "euc-jp",  "big5",   "euc-kr",       "utf-16le",  "utf-16be",
                                     "koi8-r",  "gb18030", "iso-2022-jp", "x-user-defined"};

static int valid_utf8(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    if (c == 0) return 0;
    size_t k = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (!k || i + k > n) return 0;
    for (size_t j = 1; j < k; j++)
      if ((s[i + j] & 0xC0) != 0x80) return 0;
    i += k;
  }
  return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  const char *label = labels[data[0] % (sizeof labels / sizeof *labels)];
  wn_arena a;
  wn_arena_init(&a, NULL);
  wn_input in;
  size_t max = 1 + (size_t)data[0] * 64;
  if (wn_input_decode(&a, (const char *)data + 1, size - 1, label, data[0] >> 7, max, &in) == WINNOW_OK) {
    if (!valid_utf8((const unsigned char *)in.data, in.len) || in.data[in.len] != '\0' ||
        in.len > max)
      abort();
  }
  wn_arena_release(&a);
  return 0;
}
