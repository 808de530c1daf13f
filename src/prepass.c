/* PLACEHOLDER: pass-through; the real pre-pass replaces this file. */
#include "prepass.h"

winnow_status wn_prepass(wn_arena *a, const char *in, size_t len,
                         const wn_limits *lim, const char **out,
                         size_t *out_len, unsigned *warnings) {
  (void)a;
  (void)lim;
  *out = in;
  *out_len = len;
  *warnings = 0;
  return WINNOW_OK;
}
