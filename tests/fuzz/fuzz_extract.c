/* libFuzzer target: the whole pipeline on any bytes.  The first two
 * bytes choose the options, so flags, formats and small limits (which
 * exercise the pre-pass's depth and attribute bounds) are fuzzed too,
 * and so is an allocation failure at any point.
 * Built with -DWINNOW_FUZZ=ON (clang); replay a crash file with
 *   build-fuzz/tests/fuzz_extract CRASH_FILE    or    build/winnow_replay_fuzz CRASH_FILE */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_options.h"

static int discard(const char *d, size_t n, void *ud) {
  (void)d;
  (void)n;
  (void)ud;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2) return 0;
  winnow_options o;
  winnow_format f;
  wn_fuzz_mem mem;
  wn_fuzz_options(data, size, &o, &f, &mem);
  winnow_doc *doc = NULL;
  if (winnow_extract((const char *)data + 2, size - 2, &o, &doc) == WINNOW_OK) {
    winnow_render(doc, f, discard, NULL);
    (void)winnow_doc_title(doc);
    winnow_doc_free(doc);
  }
  return 0;
}
