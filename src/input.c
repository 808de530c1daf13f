/* PLACEHOLDER: pass-through; the real decoder replaces this file. */
#include "input.h"

#include <string.h>

winnow_status wn_input_decode(wn_arena *a, const char *bytes, size_t len,
                              const char *label, size_t max_bytes,
                              wn_input *out) {
  (void)label;
  memset(out, 0, sizeof *out);
  if (len > max_bytes) len = max_bytes;
  char *d = wn_arena_strndup(a, bytes, len);
  if (!d) return WINNOW_E_NOMEM;
  out->data = d;
  out->len = len;
  strcpy(out->charset, "UTF-8");
  return WINNOW_OK;
}

const char *wn_charset_canonical(const char *label, size_t len) {
  (void)label;
  (void)len;
  return NULL;
}
