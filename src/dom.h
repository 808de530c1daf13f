/* Stage 2, parse: the page as a flat array of nodes in document order.
 *
 * dom.c is the only file that knows Gumbo: it parses, copies what later
 * stages need into this array (arena memory) and frees Gumbo's tree at
 * once.  Preorder plus each node's 'end' lets every later stage walk a
 * subtree with a plain loop and aggregate children into parents with one
 * reverse loop, so nothing recurses over the tree. */
#ifndef WINNOW_DOM_H
#define WINNOW_DOM_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "deadline.h"

/* The tags later stages tell apart; everything else is WN_TAG_OTHER and
 * behaves like an inline element unless it holds blocks. */
typedef enum wn_tag {
  WN_TAG_TEXT = 0, /* a text node, not an element */
  WN_TAG_OTHER,
  WN_TAG_HTML, WN_TAG_HEAD, WN_TAG_BODY, WN_TAG_TITLE, WN_TAG_META, WN_TAG_LINK, WN_TAG_BASE,
  WN_TAG_SCRIPT, WN_TAG_STYLE, WN_TAG_NOSCRIPT, WN_TAG_TEMPLATE,
  WN_TAG_SVG, WN_TAG_MATH, WN_TAG_IFRAME, WN_TAG_OBJECT, WN_TAG_EMBED, WN_TAG_CANVAS,
  WN_TAG_VIDEO, WN_TAG_AUDIO, WN_TAG_PICTURE, WN_TAG_SOURCE, WN_TAG_IMG,
  WN_TAG_FORM, WN_TAG_INPUT, WN_TAG_BUTTON, WN_TAG_SELECT, WN_TAG_OPTION, WN_TAG_TEXTAREA, WN_TAG_LABEL,
  WN_TAG_FIELDSET, WN_TAG_DIALOG,
  WN_TAG_NAV, WN_TAG_HEADER, WN_TAG_FOOTER, WN_TAG_ASIDE, WN_TAG_MAIN, WN_TAG_ARTICLE, WN_TAG_SECTION,
  WN_TAG_DIV, WN_TAG_P, WN_TAG_BR, WN_TAG_HR, WN_TAG_PRE, WN_TAG_CODE, WN_TAG_BLOCKQUOTE, WN_TAG_Q,
  WN_TAG_H1, WN_TAG_H2, WN_TAG_H3, WN_TAG_H4, WN_TAG_H5, WN_TAG_H6,
  WN_TAG_UL, WN_TAG_OL, WN_TAG_LI, WN_TAG_DL, WN_TAG_DT, WN_TAG_DD, WN_TAG_MENU,
  WN_TAG_TABLE, WN_TAG_CAPTION, WN_TAG_THEAD, WN_TAG_TBODY, WN_TAG_TFOOT, WN_TAG_TR, WN_TAG_TD, WN_TAG_TH,
  WN_TAG_FIGURE, WN_TAG_FIGCAPTION, WN_TAG_ADDRESS, WN_TAG_DETAILS, WN_TAG_SUMMARY, WN_TAG_CENTER,
  WN_TAG_A, WN_TAG_SPAN, WN_TAG_B, WN_TAG_STRONG, WN_TAG_I, WN_TAG_EM, WN_TAG_U, WN_TAG_S,
  WN_TAG_SMALL, WN_TAG_SUB, WN_TAG_SUP, WN_TAG_MARK, WN_TAG_TIME, WN_TAG_KBD, WN_TAG_SAMP, WN_TAG_VAR,
  WN_TAG_FONT, WN_TAG_ABBR, WN_TAG_CITE, WN_TAG_DEL, WN_TAG_INS, WN_TAG_WBR,
  WN_TAG_COUNT
} wn_tag;

/* The attributes later stages read; the rest are not copied. */
typedef enum wn_attr_key {
  WN_ATTR_CLASS, WN_ATTR_ID, WN_ATTR_ROLE, WN_ATTR_STYLE, WN_ATTR_HIDDEN,
  WN_ATTR_ARIA_HIDDEN, WN_ATTR_ITEMPROP, WN_ATTR_ITEMTYPE, WN_ATTR_HREF,
  WN_ATTR_SRC, WN_ATTR_ALT, WN_ATTR_LANG, WN_ATTR_DATETIME, WN_ATTR_CONTENT,
  WN_ATTR_NAME, WN_ATTR_PROPERTY, WN_ATTR_REL, WN_ATTR_TYPE, WN_ATTR_HTTP_EQUIV,
  WN_ATTR_TITLE, WN_ATTR_COUNT
} wn_attr_key;

typedef struct wn_attr {
  uint32_t key; /* wn_attr_key */
  uint32_t len;
  const char *value; /* NUL-terminated, arena */
} wn_attr;

#define WN_NONE UINT32_MAX

typedef struct wn_node {
  uint32_t parent;      /* WN_NONE for the root */
  uint32_t next;        /* next sibling, WN_NONE at the end */
  uint32_t end;         /* one past the last node of this subtree */
  uint16_t tag;         /* wn_tag */
  uint16_t depth;       /* saturates at UINT16_MAX */
  uint32_t len;         /* text nodes: bytes of text */
  const char *text;     /* text nodes: UTF-8 (entities decoded), arena */
  wn_attr *attrs;       /* elements: the copied attributes */
  uint32_t nattrs;
} wn_node;

typedef struct wn_dom {
  wn_node *nodes; /* nodes[0] is <html> */
  uint32_t count;
  unsigned warnings; /* WINNOW_WARN_NODES */
  struct wn_explain *explain; /* why each node went, or NULL (explain.h) */
} wn_dom;

/* Parse html[0..len) (UTF-8) and translate it; at most max_nodes nodes
 * are kept (later ones are dropped, WINNOW_WARN_NODES).  dl may be NULL;
 * else the parse stops with WINNOW_E_TIME once it is passed. */
winnow_status wn_dom_parse(wn_arena *a, const char *html, size_t len,
                           uint32_t max_nodes, const wn_deadline *dl, wn_dom *out);

/* The value of attribute k on node n, or NULL. */
const char *wn_node_attr(const wn_node *n, wn_attr_key k);

static inline int wn_is_heading(unsigned tag) {
  return tag >= WN_TAG_H1 && tag <= WN_TAG_H6;
}

#endif
