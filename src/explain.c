/* The --explain record: the hooks' helpers, the names of the reason
 * codes, and the report's items read from what the stages recorded. */
#include "explain.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "doc.h"

winnow_status wn_explain_attach(wn_arena *a, wn_dom *dom, unsigned flags) {
  dom->explain = NULL;
  if (!(flags & WINNOW_OPT_EXPLAIN)) return WINNOW_OK;
  wn_explain *ex = wn_arena_calloc(a, 1, sizeof *ex);
  if (!ex) return WINNOW_E_NOMEM;
  ex->n = dom->count;
  ex->why = wn_arena_calloc(a, dom->count ? dom->count : 1, sizeof *ex->why);
  if (!ex->why) return WINNOW_E_NOMEM;
  ex->first = ex->last = WN_NONE;
  ex->pass[0].best_node = ex->pass[1].best_node = WN_NONE;
  ex->pass[0].climbed_from = ex->pass[1].climbed_from = WN_NONE;
  ex->pass[0].descended_from = ex->pass[1].descended_from = WN_NONE;
  dom->explain = ex;
  return WINNOW_OK;
}

void wn_ex_select_begin(wn_explain *ex) {
  if (!ex) return;
  for (uint32_t i = 0; i < ex->n; i++) {
    wn_why *w = &ex->why[i];
    w->rule = w->neg = w->card = w->cand = w->cap = w->wrapper = w->spared = 0;
  }
}

/* apply_names (select.c): neg comes from a name that applies unless the
 * element holds most good text, or from one that applies however long
 * (strong names, teaser and link-list marks); the code says which. */
void wn_ex_names_applied(wn_explain *ex, uint32_t i, uint32_t fl, int neg, int cap, int wrapper) {
  if (!ex) return;
  wn_why *w = &ex->why[i];
  w->cap = (uint8_t)(cap != 0);
  w->wrapper = (uint8_t)(wrapper && (fl & (WN_F_NEG | WN_F_META | WN_F_CAPTION)) && !neg);
  if (!neg) return;
  if (fl & WN_F_CARD) w->neg = w->card == WN_CARD_LIST ? WN_R_LINK_LIST : WN_R_TEASER;
  else if (fl & WN_F_COMMENTS) w->neg = WN_R_COMMENTS;
  else if (fl & WN_F_STRONG) w->neg = WN_R_NAMED_STRONG;
  else if ((fl & WN_F_FURNBOX) && !((w->attr_flags | w->tag_flags) & (WN_F_NEG | WN_F_META)))
    w->neg = WN_R_FURNITURE_BOX; /* by its shape alone: no name says it */
  else if (fl & WN_F_META) w->neg = WN_R_NAMED_META; /* "byline" says NEG too */
  else w->neg = WN_R_NAMED;
}

void wn_ex_pass(wn_explain *ex, uint32_t best_node, float best, float good, float needed) {
  if (!ex) return;
  wn_pass *p = &ex->pass[ex->pass[0].ran ? 1 : 0];
  p->ran = 1;
  p->best_node = best_node;
  p->best = best;
  p->good = good;
  p->needed = needed;
}

/*** Names ***/

typedef struct named {
  const char *name, *phrase;
} named;

static const named reasons[WN_R_COUNT] = {
    [WN_R_NONE] = {"none", "no recorded reason"},
    [WN_R_TAG] = {"not-content-tag", "not content: this element never holds article text"},
    [WN_R_HIDDEN_ATTR] = {"hidden-attribute", "hidden: the hidden attribute"},
    [WN_R_ARIA_HIDDEN] = {"aria-hidden", "hidden from readers: aria-hidden=\"true\""},
    [WN_R_STYLE_HIDDEN] = {"style-hidden", "hidden by its inline style"},
    [WN_R_CLASS_HIDDEN] = {"class-hidden", "hidden by its class"},
    [WN_R_SCREEN_READER] = {"screen-reader-only", "text for screen readers only"},
    [WN_R_NO_ARTICLE] = {"no-article", "no article on the page"},
    [WN_R_OUTSIDE] = {"outside-container", "outside the article container"},
    [WN_R_NAMED] = {"named", "named as boilerplate"},
    [WN_R_NAMED_META] = {"named-meta", "named as article furniture (byline, date, tags)"},
    [WN_R_NAMED_STRONG] = {"named-strong", "a name no article wrapper carries"},
    [WN_R_COMMENTS] = {"comments", "comment section"},
    [WN_R_TEASER] = {"teaser-card", "teaser card: one of several beside the article"},
    [WN_R_LINK_LIST] = {"link-list", "list of links"},
    [WN_R_CAPTION] = {"caption", "caption or credit (kept with --captions)"},
    [WN_R_HEADLINE] = {"headline", "the headline (printed with --title)"},
    [WN_R_LINK_HEAVY] = {"link-heavy", "link list: most of its text is linked"},
    [WN_R_PHRASE] = {"furniture-phrase", "furniture phrase"},
    [WN_R_PRECISION_LINK] = {"precision-link", "--precision: a doubtful line with links"},
    [WN_R_HEADING_OF_DROPPED] = {"heading-of-dropped", "heading over a part left out"},
    [WN_R_EDGE_BEFORE] = {"edge-before", "short line before the article's first paragraph"},
    [WN_R_EDGE_AFTER] = {"edge-after", "short line after the article's last paragraph"},
    [WN_R_COPY] = {"copy", "repeats the part just before it: a layout for another screen size"},
    [WN_R_PROSE] = {"prose", "prose"},
    [WN_R_SENTENCE] = {"sentence", "a sentence"},
    [WN_R_CODE] = {"code", "code block"},
    [WN_R_FALLBACK_PROSE] = {"fallback-prose", "prose in the fallback pass (links count as text)"},
    [WN_R_BETWEEN] = {"between-good", "between the article's paragraphs"},
    [WN_R_EDGE_CONTENT] = {"edge-content", "at the article's edge, but not furniture"},
    [WN_R_RECALL] = {"recall-edges", "--recall: lines at the edges are kept"},
    [WN_R_NO_ANCHOR] = {"no-anchor", "no paragraph in the container to trim around"},
    [WN_R_CONTAINER_TEXT] = {"container-text", "text of the container itself, in no block"},
    [WN_R_TITLE_OPTION] = {"title-option", "the title, printed by --title"},
    [WN_R_ITEM_TITLE] = {"item-title", "a linked heading over prose: an item's title"},
    [WN_R_FURNITURE_BOX] = {"furniture-box", "a small box of furniture: an email field, or furniture words first"},
};

static const named rules[WN_RULE_COUNT] = {
    [WN_RULE_NONE] = {"none", "not judged"},
    [WN_RULE_EMPTY] = {"empty", "no text of its own"},
    [WN_RULE_PHRASE] = {"furniture-phrase", "furniture words"},
    [WN_RULE_TAGS] = {"tag-list", "a list of tag links"},
    [WN_RULE_LINKS] = {"links", "over half of its text is linked"},
    [WN_RULE_LINK_LED] = {"link-led-item", "a list item that opens with a link"},
    [WN_RULE_HEADING] = {"heading", "a heading"},
    [WN_RULE_TERM] = {"term", "a definition term, linked or not"},
    [WN_RULE_CODE] = {"code", "code"},
    [WN_RULE_PROSE] = {"prose", "long, punctuated, few links"},
    [WN_RULE_SENTENCE] = {"sentence", "a sentence of four words or more"},
    [WN_RULE_SHORT] = {"short", "too short or too linked for prose, or no sentence"},
    [WN_RULE_FB_PROSE] = {"fallback-prose", "fallback pass: sentences or length"},
    [WN_RULE_FB_LINKS] = {"fallback-links", "fallback pass: nearly all links"},
    [WN_RULE_FB_SHORT] = {"fallback-short", "fallback pass: neither"},
};

static const named evidence[WN_R_EVIDENCE_END - WN_R_LAYOUT_WORD] = {
    [WN_R_LAYOUT_WORD - WN_R_LAYOUT_WORD] = {"layout-word", "its box word names the boxes that hold most of the prose: layout"},
    [WN_R_PAGE_WRAPPER - WN_R_LAYOUT_WORD] = {"page-wrapper", "a footer-like name on what holds nearly all the prose"},
    [WN_R_ARTICLE_ITEMS - WN_R_LAYOUT_WORD] = {"article-items", "shaped like teaser cards, but the article's own items"},
    [WN_R_REVEALED - WN_R_LAYOUT_WORD] = {"revealed", "hidden until a script shows it; counted as shown"},
    [WN_R_LEAD_JOINED - WN_R_LAYOUT_WORD] = {"lead-joined", "a standfirst's box before the body, joined to it"},
    [WN_R_WRAPS_POST - WN_R_LAYOUT_WORD] = {"wraps-post", "a comment name on a wrapper of the post's own body, inside the post"},
    [WN_R_INTRODUCED - WN_R_LAYOUT_WORD] = {"introduced-list", "a list of links the line before introduces with a colon"},
    [WN_R_HEADING_BOX - WN_R_LAYOUT_WORD] = {"heading-box", "a header name on the box of a section heading"},
    [WN_R_COLLAPSED - WN_R_LAYOUT_WORD] = {"collapsed-panel", "hidden by its class, but a collapsed panel a reader opens (accordion, FAQ answer)"},
};

static const named *reason_of(unsigned r) {
  if (r < WN_R_COUNT) return &reasons[r];
  if (r >= WN_R_LAYOUT_WORD && r < WN_R_EVIDENCE_END) return &evidence[r - WN_R_LAYOUT_WORD];
  return NULL;
}

const char *wn_reason_name(unsigned r) { return reason_of(r) ? reason_of(r)->name : "none"; }
const char *wn_reason_phrase(unsigned r) { return reason_of(r) ? reason_of(r)->phrase : ""; }
const char *wn_rule_name(unsigned r) { return r < WN_RULE_COUNT ? rules[r].name : "none"; }
const char *wn_rule_phrase(unsigned r) { return r < WN_RULE_COUNT ? rules[r].phrase : ""; }

/*** The report's items ***/

/* What the text renderer wrote for each text node (capture()). */
typedef struct capture_state {
  uint32_t *off, *end; /* per node: its bytes in 'bytes' (off == end: nothing) */
  uint8_t *seen;       /* per node: the renderer wrote it (it is kept) */
  wn_buf bytes;
  size_t title_end;    /* bytes of the --title line at the start */
} capture_state;

static void capture(wn_render *r, uint32_t i) {
  capture_state *c = r->fmt;
  const wn_node *nd = &r->dom->nodes[i];
  size_t before = r->out.len;
  wn_render_text(r, nd->text, nd->len);
  c->seen[i] = 1;
  c->off[i] = (uint32_t)c->bytes.len;
  if (r->out.len > before) wn_buf_put(&c->bytes, r->out.data + before, r->out.len - before);
  c->end[i] = (uint32_t)c->bytes.len;
}

static void cap_enter(wn_render *r, uint32_t i) { wn_text_ops.enter(r, i); }
static void cap_exit(wn_render *r, uint32_t i) { wn_text_ops.exit(r, i); }

static const wn_render_ops capture_ops = {cap_enter, cap_exit, NULL, capture};

/* The plain text output, noting which bytes came from which text node. */
static winnow_status capture_text(const winnow_doc *d, capture_state *c) {
  wn_buf out;
  wn_buf_init(&out, &d->arena.mem);
  wn_render r;
  wn_render_init(&r, &d->dom, &d->fs, &d->sel, d->flags, out);
  r.fmt = c;
  if (d->flags & WINNOW_OPT_TITLE) {
    wn_render_title(&r, d->title);
    wn_buf_put(&c->bytes, r.out.data ? r.out.data : "", r.out.len);
    c->title_end = c->bytes.len;
  }
  winnow_status st = wn_render_run(&r, &capture_ops);
  wn_buf_free(&r.out);
  if (!st && c->bytes.failed) st = WINNOW_E_NOMEM;
  return st;
}

static int space_byte(unsigned char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
}

static size_t count_chars(const char *s, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80 && s[i] != '\n';
  return n;
}

/* Appends s[0..len) NFC-normalised (as the text output is), or as is when
 * it is not valid UTF-8. */
static void put_nfc(wn_buf *b, const char *s, size_t len) {
  int ascii = 1;
  for (size_t i = 0; i < len && ascii; i++) ascii = (unsigned char)s[i] < 0x80;
  utf8proc_uint8_t *nfc = NULL;
  utf8proc_ssize_t n = ascii ? -1
                             : utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &nfc,
                                            UTF8PROC_STABLE | UTF8PROC_COMPOSE);
  if (n >= 0) wn_buf_put(b, (const char *)nfc, (size_t)n);
  else wn_buf_put(b, s, len);
  free(nfc);
}

static wn_ex_item *new_item(wn_ex_report *rep) {
  if (rep->count == rep->cap) {
    size_t cap = rep->cap ? rep->cap * 2 : 64;
    wn_ex_item *p = rep->mem->realloc(rep->mem->userdata, rep->items, cap * sizeof *p);
    if (!p) return NULL;
    rep->items = p;
    rep->cap = cap;
  }
  wn_ex_item *it = &rep->items[rep->count++];
  memset(it, 0, sizeof *it);
  return it;
}

/* A kept block's reason: its class rule when it is good (it anchored the
 * article), else what prune recorded when it kept it. */
static unsigned kept_reason(const winnow_doc *d, const wn_explain *ex, uint32_t b) {
  const wn_node *nodes = d->dom.nodes;
  uint32_t root = d->sel.root;
  if (b < root || b >= nodes[root].end) return WN_R_CONTAINER_TEXT;
  if (d->sel.cls[b] == WN_CLASS_GOOD &&
      (ex->edges != WN_EDGES_TRIMMED || ex->why[b].keep == WN_R_BETWEEN)) {
    switch (ex->why[b].rule) {
    case WN_RULE_PROSE: return WN_R_PROSE;
    case WN_RULE_SENTENCE: return WN_R_SENTENCE;
    case WN_RULE_CODE: return WN_R_CODE;
    case WN_RULE_FB_PROSE: return WN_R_FALLBACK_PROSE;
    default: return WN_R_NONE;
    }
  }
  if (ex->edges == WN_EDGES_RECALL) return WN_R_RECALL;
  if (ex->edges == WN_EDGES_NO_ANCHOR) return WN_R_NO_ANCHOR;
  return ex->why[b].keep;
}

/* The reason prune recorded at decider k. */
static unsigned skip_reason(const wn_explain *ex, uint32_t k) {
  unsigned s = ex->why[k].skip;
  if (s == WN_R_SEE_DROP) return ex->why[k].drop;
  if (s == WN_R_SEE_NAME) return ex->why[k].neg;
  return s < WN_R_COUNT ? s : WN_R_NONE;
}

winnow_status wn_explain_build(const winnow_doc *d, wn_ex_report *rep) {
  memset(rep, 0, sizeof *rep);
  rep->mem = &d->arena.mem;
  wn_buf_init(&rep->text, rep->mem);
  const wn_explain *ex = d->dom.explain;
  if (!ex) return WINNOW_E_INVALID;
  const wn_node *nodes = d->dom.nodes;
  const wn_feat *f = d->fs.f;
  uint32_t n = d->dom.count, m = n ? n : 1;
  const winnow_allocator *mem = rep->mem;

  capture_state c;
  memset(&c, 0, sizeof c);
  wn_buf_init(&c.bytes, mem);
  c.off = mem->alloc(mem->userdata, (size_t)m * sizeof *c.off);
  c.end = mem->alloc(mem->userdata, (size_t)m * sizeof *c.end);
  c.seen = mem->alloc(mem->userdata, m);
  /* per node: the skipped node that decided it (inside the container),
   * else a node outside whose own record judged it */
  uint32_t *dec = mem->alloc(mem->userdata, (size_t)m * sizeof *dec);
  winnow_status st = WINNOW_E_NOMEM;
  if (!c.off || !c.end || !c.seen || !dec) goto done;
  memset(c.seen, 0, m);
  if ((st = capture_text(d, &c))) goto done;

  uint32_t root = d->sel.root, rend = root == WN_NONE ? 0 : nodes[root].end;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t p = nodes[i].parent;
    uint32_t up = p == WN_NONE ? WN_NONE : dec[p];
    int inside = root != WN_NONE && i >= root && i < rend;
    if (inside && i != root && up != WN_NONE && p >= root) dec[i] = up;
    else if (inside) dec[i] = d->sel.skip[i] ? i : WN_NONE;
    else if (up != WN_NONE) dec[i] = up;
    else if (((f[i].flags & WN_F_DROP) && ex->why[i].drop) || ex->why[i].neg) dec[i] = i;
    else dec[i] = WN_NONE;
  }

  if (c.title_end) {
    wn_ex_item *it = new_item(rep);
    if (!it) goto done; /* st is still WINNOW_E_NOMEM */
    size_t s = 0, e = c.title_end;
    while (s < e && space_byte((unsigned char)c.bytes.data[s])) s++;
    while (e > s && space_byte((unsigned char)c.bytes.data[e - 1])) e--;
    it->block = it->first = it->decider = it->also = WN_NONE;
    it->kept = 1;
    it->reason = WN_R_TITLE_OPTION;
    it->off = rep->text.len;
    put_nfc(&rep->text, c.bytes.data + s, e - s);
    it->len = rep->text.len - it->off;
    it->chars = count_chars(rep->text.data ? rep->text.data + it->off : "", it->len);
  }

  wn_ex_item *cur = NULL;
  int oom = 0;
  wn_buf run, ws;
  wn_buf_init(&run, mem);
  wn_buf_init(&ws, mem);
  for (uint32_t t = 0; t <= n; t++) {
    unsigned kept = 0, reason = WN_R_NONE, outside = 0;
    uint32_t b = WN_NONE, decider = WN_NONE, also = WN_NONE;
    if (t < n) {
      if (nodes[t].tag != WN_TAG_TEXT) continue;
      if (c.seen[t]) {
        if (c.off[t] == c.end[t]) continue; /* whitespace only */
      } else {
        wn_count k = {0};
        wn_count_text(&k, nodes[t].text, nodes[t].len);
        if (!k.chars) continue;
      }
      b = f[t].block;
      kept = c.seen[t];
      if (root == WN_NONE) {
        reason = WN_R_NO_ARTICLE;
        also = dec[t];
      } else if (t < root || t >= rend) {
        reason = WN_R_OUTSIDE;
        outside = 1;
        also = dec[t];
      } else if (kept) {
        reason = kept_reason(d, ex, b);
      } else {
        decider = dec[t];
        /* text never content with no skipped element above it cannot
         * happen (prune skips every such element); say so if it does */
        reason = decider == WN_NONE ? WN_R_NONE : skip_reason(ex, decider);
      }
    }
    /* the same block, the same fate: one item */
    if (cur && t < n && cur->block == b && cur->kept == kept && cur->reason == reason &&
        cur->decider == decider && cur->outside == outside && cur->also == also) {
      if (kept) {
        wn_buf_put(&run, c.bytes.data + c.off[t], c.end[t] - c.off[t]);
      } else {
        wn_buf_putc(&run, ' ');
        wn_buf_put(&run, nodes[t].text, nodes[t].len);
      }
      continue;
    }
    size_t off = rep->text.len;
    if (cur) { /* finish the current item */
      const char *s = run.len ? run.data : "";
      size_t len = run.len;
      size_t sep = 0;
      while (cur->kept && sep < len && space_byte((unsigned char)s[sep])) sep++;
      if (cur->kept && sep == len) {
        /* only whitespace (verbatim in a <pre>): no item, its bytes go
         * before the next kept item's text */
        wn_buf_put(&ws, s, len);
        rep->count--;
        run.len = 0;
        cur = NULL;
      } else if (cur->kept) {
        wn_buf_put(&rep->text, ws.data ? ws.data : "", ws.len);
        wn_buf_put(&rep->text, s, sep);
        off = rep->text.len;
        cur->sep = ws.len + sep;
        ws.len = 0;
        put_nfc(&rep->text, s + sep, len - sep);
      } else { /* whitespace collapsed */
        int space = 0;
        for (size_t k = 0; k < len; k++) {
          if (space_byte((unsigned char)s[k])) {
            space = 1;
            continue;
          }
          if (space && rep->text.len > off) wn_buf_putc(&rep->text, ' ');
          space = 0;
          wn_buf_putc(&rep->text, s[k]);
        }
      }
    }
    if (cur) {
      cur->off = off;
      cur->len = rep->text.len - off;
      cur->chars = count_chars(rep->text.data ? rep->text.data + off : "", cur->len);
      if (cur->kept) rep->kept_chars += cur->chars;
      else rep->dropped_chars += cur->chars;
      run.len = 0;
      cur = NULL;
    }
    if (t == n) {
      /* whitespace at the very end goes with the last item when it is kept */
      wn_ex_item *last = rep->count ? &rep->items[rep->count - 1] : NULL;
      if (ws.len && last && last->kept) {
        wn_buf_put(&rep->text, ws.data, ws.len);
        last->len += ws.len;
      }
      break;
    }
    if (!(cur = new_item(rep))) {
      oom = 1;
      break;
    }
    cur->block = b;
    cur->first = t;
    cur->decider = decider;
    cur->also = also;
    cur->kept = (uint8_t)kept;
    cur->reason = (uint8_t)reason;
    cur->outside = (uint8_t)outside;
    cur->cls = d->sel.cls[b];
    cur->rule = ex->why[b].rule;
    if (kept) wn_buf_put(&run, c.bytes.data + c.off[t], c.end[t] - c.off[t]);
    else wn_buf_put(&run, nodes[t].text, nodes[t].len);
  }
  st = oom || run.failed || ws.failed || rep->text.failed ? WINNOW_E_NOMEM : WINNOW_OK;
  wn_buf_free(&run);
  wn_buf_free(&ws);
done:
  if (c.off) mem->free(mem->userdata, c.off);
  if (c.end) mem->free(mem->userdata, c.end);
  if (c.seen) mem->free(mem->userdata, c.seen);
  if (dec) mem->free(mem->userdata, dec);
  wn_buf_free(&c.bytes);
  if (st) wn_explain_free(rep);
  return st;
}

void wn_explain_free(wn_ex_report *r) {
  if (r->items) r->mem->free(r->mem->userdata, r->items);
  r->items = NULL;
  r->count = r->cap = 0;
  wn_buf_free(&r->text);
}
