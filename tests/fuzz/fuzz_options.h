/* How fuzz_extract reads its options from a crash file's first two bytes,
 * shared with winnow_replay_fuzz (replay_fuzz.c) so that a crash found by
 * the fuzzer replays in an ordinary build, with the same options. */
#ifndef WINNOW_FUZZ_OPTIONS_H
#define WINNOW_FUZZ_OPTIONS_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "winnow.h"

/* Memory hooks that fail one allocation, the countdown-th (from 0), so
 * the fuzzer reaches every out-of-memory path, Gumbo's included. */
typedef struct wn_fuzz_mem {
  winnow_allocator hooks;
  long countdown;
} wn_fuzz_mem;

static inline void *wn_fuzz_alloc(void *ud, size_t n) {
  return ((wn_fuzz_mem *)ud)->countdown-- == 0 ? NULL : malloc(n);
}
static inline void *wn_fuzz_realloc(void *ud, void *p, size_t n) {
  return ((wn_fuzz_mem *)ud)->countdown-- == 0 ? NULL : realloc(p, n);
}
static inline void wn_fuzz_free(void *ud, void *p) {
  (void)ud;
  free(p);
}

/* data[0..size), size >= 2: fills *o and *f (o->allocator may point into
 * *mem); the page starts at data + 2. */
static inline void wn_fuzz_options(const uint8_t *data, size_t size, winnow_options *o,
                                   winnow_format *f, wn_fuzz_mem *mem) {
  winnow_options_init(o);
  uint8_t a = data[0], b = data[1];
  if (a & 0x04) { /* a bit the flags below leave free */
    mem->hooks = (winnow_allocator){wn_fuzz_alloc, wn_fuzz_realloc, wn_fuzz_free, mem};
    mem->countdown = b >> 2; /* a page needs a few dozen allocations at most */
    o->allocator = &mem->hooks;
  }
  o->flags = a & (WINNOW_OPT_TITLE | WINNOW_OPT_CAPTIONS | WINNOW_OPT_LINKS | WINNOW_OPT_IMAGES);
  if (a & 0x40) o->flags |= (a & 0x80) ? WINNOW_OPT_PRECISION : WINNOW_OPT_RECALL;
  if (b & 1) o->max_depth = 1u + (b >> 2); /* tiny limits: 1..64 */
  if (b & 2) o->max_attrs = 1u + (b >> 4);
  if ((b & 0xC0) == 0xC0) o->max_bytes = 1u + size / 2;
  *f = (winnow_format)((b >> 2) % 3);
  if (*f == WINNOW_FORMAT_JSON && (a & 0x20)) o->flags |= WINNOW_OPT_MARKDOWN_IN_JSON;
}

#endif
