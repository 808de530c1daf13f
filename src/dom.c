/* Parse with Gumbo and translate the tree into a wn_dom, then free it.
 * The only file that includes gumbo.h. */
#include "dom.h"

#include <gumbo.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

static wn_tag map_tag(GumboTag t) {
  switch (t) {
  case GUMBO_TAG_HTML: return WN_TAG_HTML;
  case GUMBO_TAG_HEAD: return WN_TAG_HEAD;
  case GUMBO_TAG_BODY: return WN_TAG_BODY;
  case GUMBO_TAG_TITLE: return WN_TAG_TITLE;
  case GUMBO_TAG_META: return WN_TAG_META;
  case GUMBO_TAG_LINK: return WN_TAG_LINK;
  case GUMBO_TAG_BASE: return WN_TAG_BASE;
  case GUMBO_TAG_SCRIPT: return WN_TAG_SCRIPT;
  case GUMBO_TAG_STYLE: return WN_TAG_STYLE;
  case GUMBO_TAG_NOSCRIPT: return WN_TAG_NOSCRIPT;
  case GUMBO_TAG_TEMPLATE: return WN_TAG_TEMPLATE;
  case GUMBO_TAG_SVG: return WN_TAG_SVG;
  case GUMBO_TAG_MATH: return WN_TAG_MATH;
  case GUMBO_TAG_IFRAME: return WN_TAG_IFRAME;
  case GUMBO_TAG_OBJECT: return WN_TAG_OBJECT;
  case GUMBO_TAG_EMBED: return WN_TAG_EMBED;
  case GUMBO_TAG_CANVAS: return WN_TAG_CANVAS;
  case GUMBO_TAG_VIDEO: return WN_TAG_VIDEO;
  case GUMBO_TAG_AUDIO: return WN_TAG_AUDIO;
  case GUMBO_TAG_SOURCE: return WN_TAG_SOURCE;
  case GUMBO_TAG_IMG: return WN_TAG_IMG;
  case GUMBO_TAG_FORM: return WN_TAG_FORM;
  case GUMBO_TAG_INPUT: return WN_TAG_INPUT;
  case GUMBO_TAG_BUTTON: return WN_TAG_BUTTON;
  case GUMBO_TAG_SELECT: return WN_TAG_SELECT;
  case GUMBO_TAG_OPTION: return WN_TAG_OPTION;
  case GUMBO_TAG_TEXTAREA: return WN_TAG_TEXTAREA;
  case GUMBO_TAG_LABEL: return WN_TAG_LABEL;
  case GUMBO_TAG_FIELDSET: return WN_TAG_FIELDSET;
  case GUMBO_TAG_NAV: return WN_TAG_NAV;
  case GUMBO_TAG_HEADER: return WN_TAG_HEADER;
  case GUMBO_TAG_FOOTER: return WN_TAG_FOOTER;
  case GUMBO_TAG_ASIDE: return WN_TAG_ASIDE;
  case GUMBO_TAG_MAIN: return WN_TAG_MAIN;
  case GUMBO_TAG_ARTICLE: return WN_TAG_ARTICLE;
  case GUMBO_TAG_SECTION: return WN_TAG_SECTION;
  case GUMBO_TAG_DIV: return WN_TAG_DIV;
  case GUMBO_TAG_P: return WN_TAG_P;
  case GUMBO_TAG_BR: return WN_TAG_BR;
  case GUMBO_TAG_HR: return WN_TAG_HR;
  case GUMBO_TAG_PRE: return WN_TAG_PRE;
  case GUMBO_TAG_LISTING: return WN_TAG_PRE;
  case GUMBO_TAG_CODE: return WN_TAG_CODE;
  case GUMBO_TAG_BLOCKQUOTE: return WN_TAG_BLOCKQUOTE;
  case GUMBO_TAG_Q: return WN_TAG_Q;
  case GUMBO_TAG_H1: return WN_TAG_H1;
  case GUMBO_TAG_H2: return WN_TAG_H2;
  case GUMBO_TAG_H3: return WN_TAG_H3;
  case GUMBO_TAG_H4: return WN_TAG_H4;
  case GUMBO_TAG_H5: return WN_TAG_H5;
  case GUMBO_TAG_H6: return WN_TAG_H6;
  case GUMBO_TAG_UL: return WN_TAG_UL;
  case GUMBO_TAG_OL: return WN_TAG_OL;
  case GUMBO_TAG_LI: return WN_TAG_LI;
  case GUMBO_TAG_DL: return WN_TAG_DL;
  case GUMBO_TAG_DT: return WN_TAG_DT;
  case GUMBO_TAG_DD: return WN_TAG_DD;
  case GUMBO_TAG_MENU: return WN_TAG_MENU;
  case GUMBO_TAG_TABLE: return WN_TAG_TABLE;
  case GUMBO_TAG_CAPTION: return WN_TAG_CAPTION;
  case GUMBO_TAG_THEAD: return WN_TAG_THEAD;
  case GUMBO_TAG_TBODY: return WN_TAG_TBODY;
  case GUMBO_TAG_TFOOT: return WN_TAG_TFOOT;
  case GUMBO_TAG_TR: return WN_TAG_TR;
  case GUMBO_TAG_TD: return WN_TAG_TD;
  case GUMBO_TAG_TH: return WN_TAG_TH;
  case GUMBO_TAG_FIGURE: return WN_TAG_FIGURE;
  case GUMBO_TAG_FIGCAPTION: return WN_TAG_FIGCAPTION;
  case GUMBO_TAG_ADDRESS: return WN_TAG_ADDRESS;
  case GUMBO_TAG_DETAILS: return WN_TAG_DETAILS;
  case GUMBO_TAG_SUMMARY: return WN_TAG_SUMMARY;
  case GUMBO_TAG_CENTER: return WN_TAG_CENTER;
  case GUMBO_TAG_A: return WN_TAG_A;
  case GUMBO_TAG_SPAN: return WN_TAG_SPAN;
  case GUMBO_TAG_B: return WN_TAG_B;
  case GUMBO_TAG_STRONG: return WN_TAG_STRONG;
  case GUMBO_TAG_I: return WN_TAG_I;
  case GUMBO_TAG_EM: return WN_TAG_EM;
  case GUMBO_TAG_U: return WN_TAG_U;
  case GUMBO_TAG_S: return WN_TAG_S;
  case GUMBO_TAG_STRIKE: return WN_TAG_S;
  case GUMBO_TAG_SMALL: return WN_TAG_SMALL;
  case GUMBO_TAG_SUB: return WN_TAG_SUB;
  case GUMBO_TAG_SUP: return WN_TAG_SUP;
  case GUMBO_TAG_MARK: return WN_TAG_MARK;
  case GUMBO_TAG_TIME: return WN_TAG_TIME;
  case GUMBO_TAG_KBD: return WN_TAG_KBD;
  case GUMBO_TAG_SAMP: return WN_TAG_SAMP;
  case GUMBO_TAG_VAR: return WN_TAG_VAR;
  case GUMBO_TAG_TT: return WN_TAG_CODE;
  case GUMBO_TAG_FONT: return WN_TAG_FONT;
  case GUMBO_TAG_ABBR: return WN_TAG_ABBR;
  case GUMBO_TAG_CITE: return WN_TAG_CITE;
  case GUMBO_TAG_DEL: return WN_TAG_DEL;
  case GUMBO_TAG_INS: return WN_TAG_INS;
  case GUMBO_TAG_WBR: return WN_TAG_WBR;
  case GUMBO_TAG_NOEMBED: return WN_TAG_NOSCRIPT;
  case GUMBO_TAG_NOFRAMES: return WN_TAG_NOSCRIPT;
  default: return WN_TAG_OTHER;
  }
}

/* Attribute names are lower-case in Gumbo's output. */
static int map_attr(const char *name) {
  switch (name[0]) {
  case 'a':
    if (!strcmp(name, "aria-hidden")) return WN_ATTR_ARIA_HIDDEN;
    if (!strcmp(name, "alt")) return WN_ATTR_ALT;
    break;
  case 'c':
    if (!strcmp(name, "class")) return WN_ATTR_CLASS;
    if (!strcmp(name, "content")) return WN_ATTR_CONTENT;
    break;
  case 'd':
    if (!strcmp(name, "datetime")) return WN_ATTR_DATETIME;
    break;
  case 'h':
    if (!strcmp(name, "href")) return WN_ATTR_HREF;
    if (!strcmp(name, "hidden")) return WN_ATTR_HIDDEN;
    if (!strcmp(name, "http-equiv")) return WN_ATTR_HTTP_EQUIV;
    break;
  case 'i':
    if (!strcmp(name, "id")) return WN_ATTR_ID;
    if (!strcmp(name, "itemprop")) return WN_ATTR_ITEMPROP;
    if (!strcmp(name, "itemtype")) return WN_ATTR_ITEMTYPE;
    break;
  case 'l':
    if (!strcmp(name, "lang")) return WN_ATTR_LANG;
    break;
  case 'n':
    if (!strcmp(name, "name")) return WN_ATTR_NAME;
    break;
  case 'p':
    if (!strcmp(name, "property")) return WN_ATTR_PROPERTY;
    break;
  case 'r':
    if (!strcmp(name, "role")) return WN_ATTR_ROLE;
    if (!strcmp(name, "rel")) return WN_ATTR_REL;
    break;
  case 's':
    if (!strcmp(name, "style")) return WN_ATTR_STYLE;
    if (!strcmp(name, "src")) return WN_ATTR_SRC;
    break;
  case 't':
    if (!strcmp(name, "type")) return WN_ATTR_TYPE;
    if (!strcmp(name, "title")) return WN_ATTR_TITLE;
    break;
  }
  return -1;
}

const char *wn_node_attr(const wn_node *n, wn_attr_key k) {
  for (uint32_t i = 0; i < n->nattrs; i++)
    if (n->attrs[i].key == (uint32_t)k) return n->attrs[i].value;
  return NULL;
}

/* Gumbo allocates and frees node by node; its whole tree lives only until
 * it is translated, so it gets a scratch arena of its own: a bump per
 * allocation, nothing per free, and one release at the end.  Its vectors
 * grow by copying, so the arena holds up to about twice the final tree.
 *
 * Gumbo 0.10.1 does not check what its allocator returns, and cannot be
 * stopped halfway.  Both are handled here by leaving the parse with
 * longjmp(): when memory runs out, and when the page's time is up.  The
 * clock is read every GUMBO_TICK allocations (Gumbo allocates for every
 * node and token, so that is often enough) and at every big one (a long
 * run of text only grows one buffer, by doubling).  Leaving is safe:
 * everything Gumbo holds lives in the scratch arena, released by the
 * caller of setjmp(), and Gumbo keeps no state outside what it is given
 * (its global data are const tables). */
#define GUMBO_TICK 64u
#define GUMBO_BIG ((size_t)64 << 10)

typedef struct gumbo_mem {
  wn_arena scratch;
  const wn_deadline *dl;
  unsigned tick;
  jmp_buf leave;
} gumbo_mem;

static void *gumbo_alloc(void *ud, size_t n) {
  gumbo_mem *m = ud;
  if (m->dl && (++m->tick == GUMBO_TICK || n >= GUMBO_BIG)) {
    m->tick = 0;
    if (wn_deadline_passed(m->dl)) longjmp(m->leave, WINNOW_E_TIME);
  }
  void *p = wn_arena_alloc(&m->scratch, n);
  if (!p) longjmp(m->leave, WINNOW_E_NOMEM);
  return p;
}
static void gumbo_free(void *ud, void *p) {
  (void)ud;
  (void)p;
}

typedef struct open_elem {
  uint32_t idx;
  uint32_t last_child;
} open_elem;

typedef struct builder {
  wn_arena *a;
  wn_node *nodes;
  uint32_t count, cap, max;
  open_elem *stack;
  uint32_t depth, stack_cap;
  int nomem, full;
} builder;

static wn_node *append(builder *b) {
  if (b->count >= b->max) {
    b->full = 1;
    return NULL;
  }
  if (b->count == b->cap) {
    uint32_t cap = b->cap ? b->cap * 2 : 1024;
    if (cap > b->max) cap = b->max;
    wn_node *n = wn_arena_alloc(b->a, (size_t)cap * sizeof *n);
    if (!n) {
      b->nomem = 1;
      return NULL;
    }
    if (b->count) memcpy(n, b->nodes, (size_t)b->count * sizeof *n);
    b->nodes = n; /* the old block stays in the arena; growth is geometric */
    b->cap = cap;
  }
  uint32_t i = b->count++;
  wn_node *n = &b->nodes[i];
  memset(n, 0, sizeof *n);
  n->next = WN_NONE;
  n->end = i + 1;
  if (b->depth) {
    open_elem *top = &b->stack[b->depth - 1];
    n->parent = top->idx;
    if (top->last_child != WN_NONE) b->nodes[top->last_child].next = i;
    top->last_child = i;
    n->depth = b->depth > UINT16_MAX ? UINT16_MAX : (uint16_t)b->depth;
  } else {
    n->parent = WN_NONE;
  }
  return n;
}

static int push(builder *b, uint32_t idx) {
  if (b->depth == b->stack_cap) {
    uint32_t cap = b->stack_cap ? b->stack_cap * 2 : 64;
    open_elem *s = wn_arena_alloc(b->a, (size_t)cap * sizeof *s);
    if (!s) {
      b->nomem = 1;
      return 0;
    }
    if (b->depth) memcpy(s, b->stack, (size_t)b->depth * sizeof *s);
    b->stack = s;
    b->stack_cap = cap;
  }
  b->stack[b->depth].idx = idx;
  b->stack[b->depth].last_child = WN_NONE;
  b->depth++;
  return 1;
}

static void pop(builder *b) {
  b->depth--;
  b->nodes[b->stack[b->depth].idx].end = b->count;
}

/* Adds one Gumbo node; returns 1 when its children should be visited. */
static int add_node(builder *b, const GumboNode *g) {
  switch (g->type) {
  case GUMBO_NODE_TEXT:
  case GUMBO_NODE_WHITESPACE:
  case GUMBO_NODE_CDATA: {
    const char *t = g->v.text.text;
    size_t len = strlen(t);
    if (!len) return 0;
    wn_node *n = append(b);
    if (!n) return 0;
    n->tag = WN_TAG_TEXT;
    n->text = wn_arena_strndup(b->a, t, len);
    n->len = (uint32_t)(len > UINT32_MAX ? UINT32_MAX : len);
    if (!n->text) b->nomem = 1;
    return 0;
  }
  case GUMBO_NODE_ELEMENT:
  case GUMBO_NODE_TEMPLATE: {
    const GumboElement *e = &g->v.element;
    wn_node *n = append(b);
    if (!n) return 0;
    uint32_t idx = (uint32_t)(n - b->nodes);
    n->tag = (uint16_t)map_tag(e->tag);
    if (e->tag_namespace == GUMBO_NAMESPACE_SVG) n->tag = WN_TAG_SVG;
    if (e->tag_namespace == GUMBO_NAMESPACE_MATHML) n->tag = WN_TAG_MATH;
    unsigned want = 0;
    int keys[64];
    const GumboVector *av = &e->attributes;
    unsigned nav = av->length < 64 ? av->length : 64; /* the pre-pass bounds it too */
    for (unsigned i = 0; i < nav; i++) {
      const GumboAttribute *at = av->data[i];
      keys[i] = map_attr(at->name);
      if (keys[i] >= 0) want++;
    }
    if (want) {
      n->attrs = wn_arena_alloc(b->a, want * sizeof *n->attrs);
      if (!n->attrs) {
        b->nomem = 1;
        return 0;
      }
      for (unsigned i = 0; i < nav; i++) {
        if (keys[i] < 0) continue;
        const GumboAttribute *at = av->data[i];
        size_t vl = strlen(at->value);
        wn_attr *x = &n->attrs[n->nattrs++];
        x->key = (uint32_t)keys[i];
        x->value = wn_arena_strndup(b->a, at->value, vl);
        x->len = (uint32_t)(vl > UINT32_MAX ? UINT32_MAX : vl);
        if (!x->value) {
          b->nomem = 1;
          return 0;
        }
      }
    }
    if (e->children.length == 0) return 0;
    return push(b, idx);
  }
  default:
    return 0; /* comments, the document node */
  }
}

/*** React's streamed parts ***/

/* A page that React streams sends its shell first, with a placeholder
 * (<template id="B:1">, or "P:1") where a slow part goes, and the part
 * later, at the end of <body>, as <div hidden id="S:1">; a script then
 * moves the part into its place and drops the placeholder's fallback
 * ("Loading...", up to the "<!--/$-->" that closes it).  This does the
 * same to Gumbo's tree, so the part is read where it belongs. */

/* The id of element g when it is "X:" + suffix for X in kinds, else NULL. */
static const char *stream_id(const GumboNode *g, const char *kinds) {
  if (g->type != GUMBO_NODE_ELEMENT && g->type != GUMBO_NODE_TEMPLATE) return NULL;
  const GumboAttribute *id = gumbo_get_attribute(&g->v.element.attributes, "id");
  if (!id || !id->value[0] || id->value[1] != ':' || !id->value[2]) return NULL;
  return strchr(kinds, id->value[0]) ? id->value : NULL;
}

/* 1, -1 or 0: g is a comment that opens a boundary, closes one, or neither. */
static int boundary_mark(const GumboNode *g) {
  if (g->type != GUMBO_NODE_COMMENT) return 0;
  const char *t = g->v.text.text;
  if (!strcmp(t, "/$")) return -1;
  return !strcmp(t, "$") || !strcmp(t, "$?") || !strcmp(t, "$!");
}

/* Puts the children of part in the place of placeholder t, and its
 * fallback: the siblings after it up to the mark that closes its
 * boundary (none when no such mark follows). */
static int splice_part(gumbo_mem *m, GumboNode *t, GumboNode *part) {
  GumboNode *p = t->parent;
  for (GumboNode *k = t; k; k = k->parent)
    if (k == part) return 1; /* inside its own part: a broken page */
  GumboVector *pv = &p->v.element.children, *cv = &part->v.element.children;
  unsigned at = (unsigned)t->index_within_parent, after = at + 1;
  int depth = 0;
  for (unsigned k = at + 1; k < pv->length; k++) {
    int mark = boundary_mark(pv->data[k]);
    depth += mark;
    if (depth < 0) {
      after = k + 1;
      break;
    }
  }
  unsigned len = at + cv->length + (pv->length - after);
  void **data = wn_arena_alloc(&m->scratch, (size_t)(len ? len : 1) * sizeof *data);
  if (!data) return 0;
  memcpy(data, pv->data, at * sizeof *data);
  memcpy(data + at, cv->data, cv->length * sizeof *data);
  memcpy(data + at + cv->length, pv->data + after, (pv->length - after) * sizeof *data);
  pv->data = data;
  pv->length = pv->capacity = len;
  for (unsigned k = 0; k < len; k++) {
    GumboNode *c = data[k];
    c->parent = p;
    c->index_within_parent = k;
  }
  cv->length = 0;
  return 1;
}

/* Real pages stream tens of parts; a page with more gets the first so
 * many, so that a crafted one cannot make the moves cost more than a
 * parse (each move copies its parent's list of children). */
#define STREAM_MOVES 256
#define STREAM_COPIES (1u << 20) /* children copied in all */

static int by_part_id(const void *a, const void *b) {
  return strcmp(stream_id(*(GumboNode *const *)a, "S") + 2, stream_id(*(GumboNode *const *)b, "S") + 2);
}

static int stream_parts(gumbo_mem *m, GumboNode *root) {
  GumboNode *body = NULL;
  for (unsigned k = 0; k < root->v.element.children.length; k++) {
    GumboNode *c = root->v.element.children.data[k];
    if (c->type == GUMBO_NODE_ELEMENT && c->v.element.tag == GUMBO_TAG_BODY) body = c;
  }
  if (!body) return 1;
  /* the parts: hidden children of <body> named "S:..." */
  unsigned nparts = 0;
  GumboVector *bv = &body->v.element.children;
  for (unsigned k = 0; k < bv->length; k++) {
    GumboNode *c = bv->data[k];
    if (stream_id(c, "S") && gumbo_get_attribute(&c->v.element.attributes, "hidden")) nparts++;
  }
  if (!nparts) return 1;
  GumboNode **parts = wn_arena_alloc(&m->scratch, nparts * sizeof *parts);
  if (!parts) return 0;
  nparts = 0;
  for (unsigned k = 0; k < bv->length; k++) {
    GumboNode *c = bv->data[k];
    if (stream_id(c, "S") && gumbo_get_attribute(&c->v.element.attributes, "hidden"))
      parts[nparts++] = c;
  }
  /* each placeholder, in a walk of the whole tree, takes its part (by
   * a binary search: a page may hold thousands) */
  qsort(parts, nparts, sizeof *parts, by_part_id);
  uint8_t *used = wn_arena_calloc(&m->scratch, nparts, 1);
  if (!used) return 0;
  GumboNode *n = root;
  unsigned moves = 0;
  size_t copies = 0;
  for (;;) {
    int elem = n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE;
    const char *tid = elem && n->v.element.tag == GUMBO_TAG_TEMPLATE && moves < STREAM_MOVES &&
                              copies < STREAM_COPIES
                          ? stream_id(n, "BP")
                          : NULL;
    GumboNode *part = NULL;
    for (unsigned lo = 0, hi = tid ? nparts : 0; lo < hi;) {
      unsigned mid = lo + (hi - lo) / 2;
      int c = strcmp(tid + 2, stream_id(parts[mid], "S") + 2);
      if (!c) {
        if (!used[mid]) part = parts[mid]; /* a second placeholder of one id gets nothing */
        used[mid] = 1;
        break;
      }
      if (c < 0) hi = mid;
      else lo = mid + 1;
    }
    /* the next node in document order: the part's first child, now in
     * the placeholder's place, or what follows */
    GumboNode *next = NULL;
    if (part) {
      unsigned at = (unsigned)n->index_within_parent;
      GumboNode *p = n->parent;
      moves++;
      copies += p->v.element.children.length + part->v.element.children.length;
      if (!splice_part(m, n, part)) return 0;
      const GumboVector *pv = &p->v.element.children;
      if (at < pv->length) next = pv->data[at];
      else n = pv->length ? pv->data[pv->length - 1] : p; /* done: go on after it */
    } else if (elem && n->v.element.children.length) {
      next = n->v.element.children.data[0];
    }
    while (!next) {
      if (n == root) return 1;
      GumboNode *p = n->parent;
      size_t i = n->index_within_parent + 1;
      if (i < p->v.element.children.length) next = p->v.element.children.data[i];
      else n = p;
    }
    n = next;
  }
}

/* Runs Gumbo with m as its allocator; the place longjmp() comes back to.
 * m is not local here: what Gumbo changed in it before leaving holds. */
static winnow_status run_gumbo(gumbo_mem *m, const char *html, size_t len, GumboOutput **out) {
  GumboOptions opts = kGumboDefaultOptions;
  opts.allocator = gumbo_alloc;
  opts.deallocator = gumbo_free;
  opts.userdata = m;
  opts.max_errors = 0; /* recording parse errors costs time; nobody reads them */
  int left = setjmp(m->leave);
  if (left) return (winnow_status)left;
  *out = gumbo_parse_with_options(&opts, html, len);
  return *out && (*out)->root ? WINNOW_OK : WINNOW_E_PARSE;
}

winnow_status wn_dom_parse(wn_arena *a, const char *html, size_t len,
                           uint32_t max_nodes, const wn_deadline *dl, wn_dom *out) {
  memset(out, 0, sizeof *out);
  if (dl && wn_deadline_passed(dl)) return WINNOW_E_TIME;
  gumbo_mem m;
  memset(&m, 0, sizeof m);
  wn_arena_init(&m.scratch, &a->mem);
  m.dl = dl && dl->at ? dl : NULL;
  GumboOutput *g = NULL;
  winnow_status st = run_gumbo(&m, html, len, &g);
  if (st) {
    wn_arena_release(&m.scratch);
    return st;
  }

  if (g->root->type == GUMBO_NODE_ELEMENT && !stream_parts(&m, g->root)) {
    wn_arena_release(&m.scratch);
    return WINNOW_E_NOMEM;
  }

  builder b;
  memset(&b, 0, sizeof b);
  b.a = a;
  b.max = max_nodes ? max_nodes : 1;

  /* Preorder walk over Gumbo's tree without recursion: siblings through
   * index_within_parent, the way up through parent pointers. */
  const GumboNode *root = g->root, *n = root;
  for (;;) {
    int down = add_node(&b, n);
    if (b.nomem || b.full) break;
    if (down) {
      n = n->v.element.children.data[0];
      continue;
    }
    for (;;) {
      if (n == root) goto done;
      const GumboNode *p = n->parent;
      size_t i = n->index_within_parent + 1;
      if (i < p->v.element.children.length) {
        n = p->v.element.children.data[i];
        break;
      }
      pop(&b);
      n = p;
    }
  }
done:
  while (b.depth) pop(&b);
  /* no gumbo_destroy_output(): its walk would only call gumbo_free, and
   * 0.10.1's walk recurses; the scratch arena goes at once */
  wn_arena_release(&m.scratch);
  if (b.nomem) return WINNOW_E_NOMEM;
  out->nodes = b.nodes;
  out->count = b.count;
  if (b.full) out->warnings |= WINNOW_WARN_NODES;
  return WINNOW_OK;
}
