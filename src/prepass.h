/* Stage 1b, pre-pass: one linear scan over the decoded UTF-8 before Gumbo.
 *
 * Gumbo 0.10.1 takes time quadratic in nesting and has no limits, so this
 * pass bounds what reaches it, and drops bytes that can never be article
 * text so the parse is cheaper:
 *  - bodies of <script> (except type="application/ld+json"), <style>,
 *    <svg>, <math>, <template>, <noscript>... are emptied (the tags stay,
 *    so the tree keeps its shape); <!-- comments --> are removed;
 *  - an approximate stack of open elements (void elements, implied end
 *    tags of p/li/dt/dd/tr/td/th/option) caps the depth at max_depth:
 *    deeper start tags are dropped, their text kept;
 *  - attributes past max_attrs on one tag are dropped;
 * and it never turns text into markup or markup into text. */
#ifndef WINNOW_PREPASS_H
#define WINNOW_PREPASS_H

#include <stddef.h>

#include "arena.h"

typedef struct wn_limits {
  unsigned max_depth; /* open elements */
  unsigned max_attrs; /* per tag */
} wn_limits;

/* in[0..len) is UTF-8.  *out (arena-owned, NUL-terminated) and *out_len
 * receive the rewritten page; *warnings gets WINNOW_WARN_DEPTH /
 * WINNOW_WARN_ATTRS bits when a limit applied. */
winnow_status wn_prepass(wn_arena *a, const char *in, size_t len,
                         const wn_limits *lim, const char **out,
                         size_t *out_len, unsigned *warnings);

#endif
