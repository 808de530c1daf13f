/* Stage 6, render: the kept nodes as text or Markdown.
 *
 * render.c walks the chosen subtree with ENTER/EXIT events (no recursion)
 * and owns the line state every line-based format shares: collapsed
 * inline whitespace, lazily emitted line and paragraph breaks (so blocks
 * never leave stacked blank lines), a per-block prefix such as a list
 * marker, verbatim <pre>.  For Markdown it also keeps the container
 * leads written at the start of every line ("> " of a quote, the indent
 * of a list item), escapes text that would turn into markup, and tells
 * a <br> (a hard break) from a new block line.  A format supplies what
 * each element does on entry and exit (render_text.c, render_md.c). */
#ifndef WINNOW_RENDER_H
#define WINNOW_RENDER_H

#include "select.h"

typedef struct wn_render wn_render;

typedef struct wn_render_ops {
  void (*enter)(wn_render *r, uint32_t i);
  void (*exit)(wn_render *r, uint32_t i);
  /* Optional: an element left out as never content (WN_F_DROP), e.g. a
   * <picture> whose <img> Markdown may still show. */
  void (*dropped)(wn_render *r, uint32_t i);
  /* Optional: writes text node i in place of wn_render_text() (the
   * --explain report notes which bytes each text node became). */
  void (*text)(wn_render *r, uint32_t i);
} wn_render_ops;

typedef struct wn_list {
  uint16_t ordered;
  uint32_t counter;
} wn_list;

/* A Markdown container open around the current line. */
typedef struct wn_lead {
  char mark[14];   /* on its first line: "- ", "12. ", "> " */
  uint8_t len;     /* bytes of mark */
  uint8_t quote;   /* "> " on every line; else spaces as wide as mark */
  uint8_t pending; /* mark not written yet */
} wn_lead;

#define WN_MAX_LEADS 32

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
  uint32_t wrote;  /* flushes so far: a span whose count did not move stayed empty */

  /* Markdown only (zero for text). */
  int md;
  wn_lead leads[WN_MAX_LEADS];
  unsigned nleads;   /* open containers; deeper ones than WN_MAX_LEADS get no lead */
  int need_lead;     /* a line was begun: write the leads before anything else */
  int bol;           /* the next text starts a line's content: escape block markers */
  int hard;          /* the pending line break is a <br>: "\" before the newline */
  int soft;          /* the pending paragraph break ends a block: between two list
                        items it shrinks to a line break (the list stays tight) */
  unsigned code;     /* inside inline code: no escaping */
  unsigned cell;     /* inside a table cell: no block structure, '|' escaped */
  unsigned heading;  /* inside a heading: one line, '#' escaped */
  void *fmt;         /* the format's own state (render_md.c) */
};

/* A renderer over a page's selection, writing to out (which it takes). */
void wn_render_init(wn_render *r, const wn_dom *dom, const wn_features *fs,
                    const wn_selection *sel, unsigned flags, wn_buf out);

/* Ask for a break before the next text (the larger request wins). */
void wn_render_break(wn_render *r, int level);
/* Text to write before the next text, after any pending break. */
void wn_render_prefix(wn_render *r, const char *s, size_t len);
/* Inline text: whitespace collapsed (verbatim inside <pre>), zero-width
 * and control characters dropped. */
void wn_render_text(wn_render *r, const char *s, size_t len);

/* Markdown: s written at once after any pending break, lead and prefix,
 * without escaping (an image, a code fence, "<br>" in a cell). */
void wn_render_raw(wn_render *r, const char *s, size_t len);
/* Markdown: s written at once, before any pending break or space (the
 * closing "**" or "](url)" of a span). */
void wn_render_close(wn_render *r, const char *s, size_t len);
/* Markdown: ends the current line now (inside and around code blocks). */
void wn_render_eol(wn_render *r);

/* Walks the selection's root with ops; the result is in r->out (NFC). */
winnow_status wn_render_run(wn_render *r, const wn_render_ops *ops);

/* Title line for --title: written first, then a paragraph break. */
void wn_render_title(wn_render *r, const char *title);

extern const wn_render_ops wn_text_ops;
extern const wn_render_ops wn_md_ops;

#endif
