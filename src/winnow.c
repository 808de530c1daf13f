/* The public API: the pipeline decode -> pre-pass -> parse -> features ->
 * select -> prune -> render, one arena per document. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "deadline.h"
#include "doc.h"
#include "explain.h"
#include "input.h"
#include "prepass.h"

#define DEFAULT_MAX_BYTES ((size_t)64 * 1024 * 1024)
#define DEFAULT_MAX_DEPTH 512u
#define DEFAULT_MAX_ATTRS 256u
/* Nodes kept from one page: far above any real page (the largest of the
 * ScrapingHub set has about 30,000), low enough to bound memory. */
#define DEFAULT_MAX_NODES 4000000u

void winnow_options_init(winnow_options *opt) {
  if (!opt) return;
  memset(opt, 0, sizeof *opt);
  opt->version = WINNOW_OPTIONS_VERSION;
  opt->max_bytes = DEFAULT_MAX_BYTES;
  opt->max_depth = DEFAULT_MAX_DEPTH;
  opt->max_attrs = DEFAULT_MAX_ATTRS;
  opt->max_nodes = DEFAULT_MAX_NODES;
}

/* Text of a subtree with whitespace collapsed, for the title.  Hidden
 * parts are skipped unless 'raw' (the <title> lives in the dropped head). */
static const char *subtree_text(winnow_doc *d, uint32_t i, int raw) {
  const wn_node *nodes = d->dom.nodes;
  wn_buf b;
  wn_buf_init(&b, &d->arena.mem);
  int space = 0;
  for (uint32_t k = i + 1; k < nodes[i].end && b.len < 2048; k++) {
    if (!raw && (d->fs.f[k].flags & WN_F_DROP)) {
      k = nodes[k].end - 1;
      continue;
    }
    if (nodes[k].tag != WN_TAG_TEXT) continue;
    for (const char *p = nodes[k].text; *p; p++) {
      if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r' || *p == '\f') {
        space = 1;
        continue;
      }
      if (space && b.len) wn_buf_putc(&b, ' ');
      space = 0;
      wn_buf_putc(&b, *p);
    }
  }
  const char *s = b.len ? wn_arena_strndup(&d->arena, b.data, b.len) : NULL;
  wn_buf_free(&b);
  return s;
}

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* Equal but for ASCII case. */
static int same_text(const char *a, const char *b) {
  if (!a || !b) return 0;
  while (*a && lower((unsigned char)*a) == lower((unsigned char)*b)) a++, b++;
  return !*a && !*b;
}

/* The headline: an <h1> the metadata names as the title; else the <h1>
 * nearest the article (the first inside it, else the last before it),
 * leaving out one that is only the site's name, as a logo's heading is;
 * else the metadata's title (JSON-LD headline, og:title, ..., <title>
 * without the site's name). */
static const char *find_title(winnow_doc *d) {
  const wn_node *nodes = d->dom.nodes;
  uint32_t n = d->dom.count, h1 = WN_NONE;
  uint32_t root = d->sel.root;
  for (uint32_t i = 0; i < n; i++) {
    if (nodes[i].tag == WN_TAG_H1 && !(d->fs.f[i].flags & WN_F_DROP) && d->fs.f[i].all.chars) {
      const char *t = subtree_text(d, i, 0);
      if (wn_meta_is_title(&d->meta, t)) return wn_meta_headline(&d->meta, t);
      if (same_text(t, d->meta.sitename) || same_text(t, d->meta.site_hint)) continue;
      /* the first h1 inside the article wins; else the last before it */
      if (root != WN_NONE && i > root && i < nodes[root].end) {
        if (h1 == WN_NONE || h1 < root) h1 = i;
        continue;
      }
      if (root == WN_NONE || i < root) h1 = i;
      else if (h1 == WN_NONE) h1 = i;
    }
  }
  if (h1 != WN_NONE) return wn_meta_headline(&d->meta, subtree_text(d, h1, 0));
  return d->meta.title;
}

/* How sure the extraction is, from the chosen container alone:
 *   purity   good / (good + bad)     its text reads as prose, not furniture
 *   share    good / page's good      it holds the page's prose, not a part
 *   size     good / (good + 600)     a few sentences are a weaker sign
 *                                    than several paragraphs
 * with good and bad the container's text judged block by block (select.c,
 * in characters), and confidence = purity * share * size. */
static double confidence(const winnow_doc *d) {
  uint32_t root = d->sel.root;
  if (root == WN_NONE || !d->dom.count) return 0;
  const wn_feat *f = d->fs.f;
  double good = f[root].good, bad = f[root].bad, page = f[0].good;
  if (good <= 0) return 0;
  double purity = good / (good + bad);
  double share = page > good ? good / page : 1;
  double size = good / (good + 600);
  double c = purity * share * size;
  wn_ex_confidence(d->dom.explain, purity, share, size);
  return c < 0 ? 0 : c > 1 ? 1 : c;
}

/* The stages between two clock readings are linear in the page, so a
 * reading per stage bounds the overshoot (the parser reads it more often,
 * dom.c). */
#define OUT_OF_TIME(dl) (wn_deadline_passed(dl) ? WINNOW_E_TIME : WINNOW_OK)

/* Features with hidden parts counted as shown, then both selection
 * passes on them (the last fallback of run()). */
static winnow_status reveal_pass(wn_arena *a, const wn_dom *dom, wn_select_opts *so,
                                 wn_features *shown, wn_selection *sel) {
  winnow_status st = wn_features_compute_ex(a, dom, 1, shown);
  if (st) return st;
  so->relaxed = 0;
  if ((st = wn_select(a, dom, shown, so, sel))) return st;
  if (sel->root != WN_NONE) return WINNOW_OK;
  so->relaxed = 1;
  return wn_select(a, dom, shown, so, sel);
}

static winnow_status run(winnow_doc *d, const char *html, size_t len, const winnow_options *o) {
  wn_arena *a = &d->arena;
  wn_deadline dl;
  wn_deadline_start(&dl, o->max_ms);
  wn_input in;
  winnow_status st = wn_input_decode(a, html, len, o->charset, (o->flags & WINNOW_OPT_CHARSET_HINT) != 0,
                                      o->max_bytes, &in);
  if (st) return st;
  memcpy(d->charset, in.charset, sizeof d->charset);
  d->warnings |= in.warnings;

  wn_limits lim = {o->max_depth ? o->max_depth : DEFAULT_MAX_DEPTH,
                   o->max_attrs ? o->max_attrs : DEFAULT_MAX_ATTRS};
  const char *page;
  size_t page_len;
  unsigned pw = 0;
  st = wn_prepass(a, in.data, in.len, &lim, &page, &page_len, &pw);
  if (st) return st;
  d->warnings |= pw;

  uint32_t max_nodes = o->max_nodes ? o->max_nodes : DEFAULT_MAX_NODES;
  if ((st = wn_dom_parse(a, page, page_len, max_nodes, &dl, &d->dom))) return st;
  d->warnings |= d->dom.warnings;
  if ((st = wn_explain_attach(a, &d->dom, d->flags))) return st;
  if ((st = OUT_OF_TIME(&dl))) return st;
  if ((st = wn_features_compute(a, &d->dom, &d->fs))) return st;
  if ((st = OUT_OF_TIME(&dl))) return st;
  wn_select_opts so = {d->flags, 0};
  if ((st = wn_select(a, &d->dom, &d->fs, &so, &d->sel))) return st;
  /* The fallback: when the first pass finds no article, judge blocks
   * again with links and link-led items counted as prose (an article
   * that is a list of linked points, a page of linked paragraphs). */
  if (d->sel.root == WN_NONE && !(d->flags & WINNOW_OPT_PRECISION)) {
    so.relaxed = 1;
    wn_ex_fallback(d->dom.explain);
    if ((st = wn_select(a, &d->dom, &d->fs, &so, &d->sel))) return st;
  }
  /* Still nothing: a page may hide its content until a script shows it
   * (a loading screen, streamed parts moved into place).  Count what is
   * hidden by attribute, style or class as shown, and judge again. */
  if (d->sel.root == WN_NONE && !(d->flags & WINNOW_OPT_PRECISION)) {
    /* the --explain record keeps the passes that decided unless this
     * one finds the article: then it runs again, recorded */
    wn_explain *ex = d->dom.explain;
    wn_features shown;
    wn_selection sel;
    d->dom.explain = NULL;
    st = reveal_pass(a, &d->dom, &so, &shown, &sel);
    d->dom.explain = ex;
    if (!st && sel.root != WN_NONE && ex) st = reveal_pass(a, &d->dom, &so, &shown, &sel);
    if (st) return st;
    if (sel.root != WN_NONE) {
      d->fs = shown;
      d->sel = sel;
      wn_ex_revealed(ex);
    }
  }
  wn_prune(&d->dom, &d->fs, &so, &d->sel);
  if ((st = OUT_OF_TIME(&dl))) return st;
  if ((st = wn_meta_extract(a, &d->dom, &d->fs, d->sel.root, d->url, &d->meta))) return st;
  d->title = find_title(d);
  d->confidence = confidence(d);

  /* The text is rendered once here: it gives chars and the JSON body. */
  wn_buf text;
  wn_buf_init(&text, &a->mem);
  wn_render r;
  wn_render_init(&r, &d->dom, &d->fs, &d->sel, d->flags, text);
  if (d->flags & WINNOW_OPT_TITLE) wn_render_title(&r, d->title);
  st = wn_render_run(&r, &wn_text_ops);
  if (st) {
    wn_buf_free(&r.out);
    return st;
  }
  d->text = wn_arena_strndup(a, r.out.len ? r.out.data : "", r.out.len);
  d->text_len = r.out.len;
  wn_buf_free(&r.out);
  if (!d->text) return WINNOW_E_NOMEM;
  size_t chars = 0;
  for (size_t i = 0; i < d->text_len; i++)
    chars += ((unsigned char)d->text[i] & 0xC0) != 0x80 && d->text[i] != '\n';
  d->chars = chars;
  wn_count wc;
  memset(&wc, 0, sizeof wc);
  wn_count_text(&wc, d->text, d->text_len);
  d->words = wc.words;
  return WINNOW_OK;
}

/* Copies the caller's options into *o, defaults for NULL.  A caller built
 * for version 1 has a shorter struct: only that much of it is read. */
static int read_options(const winnow_options *opt, winnow_options *o) {
  winnow_options_init(o);
  if (!opt) return 0;
  if (opt->version == 1) {
    memcpy(o, opt, offsetof(winnow_options, max_ms));
    o->version = WINNOW_OPTIONS_VERSION;
    return 0;
  }
  if (opt->version != WINNOW_OPTIONS_VERSION) return -1;
  *o = *opt;
  return 0;
}

winnow_status winnow_extract(const char *html, size_t len, const winnow_options *opt,
                             winnow_doc **out) {
  if (!out) return WINNOW_E_INVALID;
  *out = NULL;
  if (!html && len) return WINNOW_E_INVALID;
  winnow_options o;
  if (read_options(opt, &o)) return WINNOW_E_INVALID;
  opt = &o;
  const winnow_allocator *mem = opt->allocator;
  if (mem && (!mem->alloc || !mem->realloc || !mem->free)) return WINNOW_E_INVALID;
  if (!mem) mem = &wn_default_allocator;

  winnow_doc *d = mem->alloc(mem->userdata, sizeof *d);
  if (!d) return WINNOW_E_NOMEM;
  memset(d, 0, sizeof *d);
  wn_arena_init(&d->arena, mem);
  d->flags = opt->flags;
  if (opt->url && !(d->url = wn_arena_strndup(&d->arena, opt->url, strlen(opt->url)))) {
    winnow_doc_free(d);
    return WINNOW_E_NOMEM;
  }
  if (!o.max_bytes) o.max_bytes = DEFAULT_MAX_BYTES;
  winnow_status st = run(d, html ? html : "", len, &o);
  if (st) {
    winnow_doc_free(d);
    return st;
  }
  *out = d;
  return WINNOW_OK;
}

winnow_status winnow_render(const winnow_doc *d, winnow_format f, winnow_write_fn write,
                            void *userdata) {
  if (!d || !write) return WINNOW_E_INVALID;
  switch (f) {
  case WINNOW_FORMAT_TEXT:
    if (d->text_len && write(d->text, d->text_len, userdata)) return WINNOW_E_WRITE;
    return WINNOW_OK;
  case WINNOW_FORMAT_JSON:
  case WINNOW_FORMAT_MARKDOWN:
  case WINNOW_FORMAT_EXPLAIN_HTML:
  case WINNOW_FORMAT_EXPLAIN_JSON: {
    wn_buf b;
    wn_buf_init(&b, &d->arena.mem);
    winnow_status st = f == WINNOW_FORMAT_JSON       ? wn_render_json(d, &b)
                       : f == WINNOW_FORMAT_MARKDOWN ? wn_render_md(d, &b)
                                                     : wn_render_explain(d, f == WINNOW_FORMAT_EXPLAIN_JSON, &b);
    if (!st && b.len && write(b.data, b.len, userdata)) st = WINNOW_E_WRITE;
    wn_buf_free(&b);
    return st;
  }
  default:
    return WINNOW_E_INVALID;
  }
}

size_t winnow_doc_chars(const winnow_doc *d) { return d ? d->chars : 0; }
const char *winnow_doc_title(const winnow_doc *d) { return d ? d->title : NULL; }
unsigned winnow_doc_warnings(const winnow_doc *d) { return d ? d->warnings : 0; }
size_t winnow_doc_words(const winnow_doc *d) { return d ? d->words : 0; }
double winnow_doc_confidence(const winnow_doc *d) { return d ? d->confidence : 0; }

const char *winnow_doc_meta(const winnow_doc *d, winnow_field f, size_t index) {
  if (!d) return NULL;
  const wn_meta *m = &d->meta;
  if (f == WINNOW_FIELD_AUTHOR) return index < m->nauthor ? m->author[index] : NULL;
  if (f == WINNOW_FIELD_TAGS) return index < m->ntags ? m->tags[index] : NULL;
  if (index) return NULL;
  switch (f) {
  case WINNOW_FIELD_DATE: return m->date;
  case WINNOW_FIELD_MODIFIED: return m->modified;
  case WINNOW_FIELD_SITENAME: return m->sitename;
  case WINNOW_FIELD_DESCRIPTION: return m->description;
  case WINNOW_FIELD_LANGUAGE: return m->language;
  case WINNOW_FIELD_CANONICAL: return m->canonical;
  case WINNOW_FIELD_IMAGE: return m->image;
  default: return NULL;
  }
}
const char *winnow_doc_charset(const winnow_doc *d) { return d ? d->charset : NULL; }

void winnow_doc_free(winnow_doc *d) {
  if (!d) return;
  winnow_allocator mem = d->arena.mem;
  wn_arena_release(&d->arena);
  mem.free(mem.userdata, d);
}

typedef struct sink {
  wn_buf b;
} sink;

static int sink_write(const char *data, size_t len, void *ud) {
  sink *s = ud;
  wn_buf_put(&s->b, data, len);
  return s->b.failed;
}

char *winnow_html_to_text(const char *html, size_t len, winnow_format f,
                          const winnow_options *opt, winnow_status *status) {
  winnow_status st_local, *st = status ? status : &st_local;
  winnow_doc *d = NULL;
  /* a report needs its record, which only extraction can write */
  winnow_options with_explain;
  if (f == WINNOW_FORMAT_EXPLAIN_HTML || f == WINNOW_FORMAT_EXPLAIN_JSON) {
    if (read_options(opt, &with_explain)) {
      *st = WINNOW_E_INVALID;
      return NULL;
    }
    with_explain.flags |= WINNOW_OPT_EXPLAIN;
    opt = &with_explain;
  }
  *st = winnow_extract(html, len, opt, &d);
  if (*st) return NULL;
  /* the result is the caller's to free(), so it is built with malloc */
  sink s;
  wn_buf_init(&s.b, &wn_default_allocator);
  *st = winnow_render(d, f, sink_write, &s);
  winnow_doc_free(d);
  if (*st == WINNOW_E_WRITE) *st = WINNOW_E_NOMEM;
  if (*st) {
    wn_buf_free(&s.b);
    return NULL;
  }
  char *r = wn_buf_detach(&s.b, NULL);
  if (!r) {
    r = malloc(1);
    if (r) *r = '\0';
    else *st = WINNOW_E_NOMEM;
  }
  return r;
}
