/* Stage 6, render: the kept nodes as text (and, later, Markdown).
 *
 * render.c walks the chosen subtree with ENTER/EXIT events (no recursion)
 * and owns the line state every line-based format shares: collapsed
 * inline whitespace, lazily emitted line and paragraph breaks (so blocks
 * never leave stacked blank lines), a per-block prefix such as a list
 * marker, verbatim <pre>.  A format supplies what each element does on
 * entry and exit (render_text.c). */
#ifndef WINNOW_RENDER_H
#define WINNOW_RENDER_H

#include "select.h"

typedef struct wn_render wn_render;

typedef struct wn_render_ops {
  void (*enter)(wn_render *r, uint32_t i);
  void (*exit)(wn_render *r, uint32_t i);
} wn_render_ops;

typedef struct wn_list {
  uint16_t ordered;
  uint32_t counter;
} wn_list;

struct wn_render {
  const wn_dom *dom;
  const wn_features *fs;
  const wn_selection *sel;
  unsigned flags; /* WINNOW_OPT_* */
  wn_buf out;
  int brk;         /* pending break: 0 none, 1 line, 2 paragraph */
  int space;       /* pending inline space */
  unsigned pre;    /* inside <pre> */
  char prefix[96]; /* written before the next text (list marker, cell separator) */
  size_t prefix_len;
  wn_list lists[32];
  unsigned nlists; /* open lists (deeper ones share the last slot) */
  unsigned cells;  /* cells seen in the current table row */
  unsigned table;  /* open tables: blocks inside cells do not break lines */
};

/* Ask for a break before the next text (the larger request wins). */
void wn_render_break(wn_render *r, int level);
/* Text to write before the next text, after any pending break. */
void wn_render_prefix(wn_render *r, const char *s, size_t len);
/* Inline text: whitespace collapsed (verbatim inside <pre>), zero-width
 * and control characters dropped. */
void wn_render_text(wn_render *r, const char *s, size_t len);

/* Walks the selection's root with ops; the result is in r->out (NFC). */
winnow_status wn_render_run(wn_render *r, const wn_render_ops *ops);

/* Title line for --title: written first, then a paragraph break. */
void wn_render_title(wn_render *r, const char *title);

extern const wn_render_ops wn_text_ops;

#endif
