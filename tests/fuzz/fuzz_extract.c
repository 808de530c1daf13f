/* libFuzzer target: the whole pipeline on any bytes.  The first two
 * bytes choose the options, so flags, formats and small limits (which
 * exercise the pre-pass's depth and attribute bounds) are fuzzed too.
 * Built with -DWINNOW_FUZZ=ON (clang); replay a crash file with
 *   build-fuzz/fuzz_extract CRASH_FILE */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "winnow.h"

static int discard(const char *d, size_t n, void *ud) {
  (void)d;
  (void)n;
  (void)ud;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2) return 0;
  winnow_options o;
  winnow_options_init(&o);
  uint8_t a = data[0], b = data[1];
  o.flags = a & (WINNOW_OPT_TITLE | WINNOW_OPT_CAPTIONS | WINNOW_OPT_LINKS | WINNOW_OPT_IMAGES);
  if (a & 0x40) o.flags |= (a & 0x80) ? WINNOW_OPT_PRECISION : WINNOW_OPT_RECALL;
  if (b & 1) o.max_depth = 1u + (b >> 2); /* tiny limits: 1..64 */
  if (b & 2) o.max_attrs = 1u + (b >> 4);
  if ((b & 0xC0) == 0xC0) o.max_bytes = 1u + size / 2;
  winnow_format f = (winnow_format)((b >> 2) % 3);
  winnow_doc *doc = NULL;
  if (winnow_extract((const char *)data + 2, size - 2, &o, &doc) == WINNOW_OK) {
    winnow_render(doc, f, discard, NULL);
    (void)winnow_doc_title(doc);
    winnow_doc_free(doc);
  }
  return 0;
}
