/* The --explain report: every block of the page in document order, kept
 * or dropped and why, as one self-contained HTML page (inline CSS, a few
 * lines of optional script to filter) or as one JSON object.
 *
 * Everything here is read from the record the deciding stages wrote
 * (explain.h); the phrases add the evidence that record holds (the name
 * that matched, the phrase, the numbers).  Everything that comes from the
 * page is escaped: its text never becomes markup. */
#include <stdio.h>
#include <string.h>

#include "doc.h"
#include "explain.h"

static const char *const tag_names[WN_TAG_COUNT] = {
    [WN_TAG_TEXT] = "#text", [WN_TAG_OTHER] = "element", [WN_TAG_HTML] = "html",
    [WN_TAG_HEAD] = "head", [WN_TAG_BODY] = "body", [WN_TAG_TITLE] = "title",
    [WN_TAG_META] = "meta", [WN_TAG_LINK] = "link", [WN_TAG_BASE] = "base",
    [WN_TAG_SCRIPT] = "script", [WN_TAG_STYLE] = "style", [WN_TAG_NOSCRIPT] = "noscript",
    [WN_TAG_TEMPLATE] = "template", [WN_TAG_SVG] = "svg", [WN_TAG_MATH] = "math",
    [WN_TAG_IFRAME] = "iframe", [WN_TAG_OBJECT] = "object", [WN_TAG_EMBED] = "embed",
    [WN_TAG_CANVAS] = "canvas", [WN_TAG_VIDEO] = "video", [WN_TAG_AUDIO] = "audio",
    [WN_TAG_PICTURE] = "picture", [WN_TAG_SOURCE] = "source", [WN_TAG_IMG] = "img",
    [WN_TAG_FORM] = "form", [WN_TAG_INPUT] = "input", [WN_TAG_BUTTON] = "button",
    [WN_TAG_SELECT] = "select", [WN_TAG_OPTION] = "option", [WN_TAG_TEXTAREA] = "textarea",
    [WN_TAG_LABEL] = "label", [WN_TAG_FIELDSET] = "fieldset", [WN_TAG_DIALOG] = "dialog",
    [WN_TAG_NAV] = "nav", [WN_TAG_HEADER] = "header", [WN_TAG_FOOTER] = "footer",
    [WN_TAG_ASIDE] = "aside", [WN_TAG_MAIN] = "main", [WN_TAG_ARTICLE] = "article",
    [WN_TAG_SECTION] = "section", [WN_TAG_DIV] = "div", [WN_TAG_P] = "p", [WN_TAG_BR] = "br",
    [WN_TAG_HR] = "hr", [WN_TAG_PRE] = "pre", [WN_TAG_CODE] = "code",
    [WN_TAG_BLOCKQUOTE] = "blockquote", [WN_TAG_Q] = "q", [WN_TAG_H1] = "h1", [WN_TAG_H2] = "h2",
    [WN_TAG_H3] = "h3", [WN_TAG_H4] = "h4", [WN_TAG_H5] = "h5", [WN_TAG_H6] = "h6",
    [WN_TAG_UL] = "ul", [WN_TAG_OL] = "ol", [WN_TAG_LI] = "li", [WN_TAG_DL] = "dl",
    [WN_TAG_DT] = "dt", [WN_TAG_DD] = "dd", [WN_TAG_MENU] = "menu", [WN_TAG_TABLE] = "table",
    [WN_TAG_CAPTION] = "caption", [WN_TAG_THEAD] = "thead", [WN_TAG_TBODY] = "tbody",
    [WN_TAG_TFOOT] = "tfoot", [WN_TAG_TR] = "tr", [WN_TAG_TD] = "td", [WN_TAG_TH] = "th",
    [WN_TAG_FIGURE] = "figure", [WN_TAG_FIGCAPTION] = "figcaption", [WN_TAG_ADDRESS] = "address",
    [WN_TAG_DETAILS] = "details", [WN_TAG_SUMMARY] = "summary", [WN_TAG_CENTER] = "center",
    [WN_TAG_A] = "a", [WN_TAG_SPAN] = "span", [WN_TAG_B] = "b", [WN_TAG_STRONG] = "strong",
    [WN_TAG_I] = "i", [WN_TAG_EM] = "em", [WN_TAG_U] = "u", [WN_TAG_S] = "s",
    [WN_TAG_SMALL] = "small", [WN_TAG_SUB] = "sub", [WN_TAG_SUP] = "sup", [WN_TAG_MARK] = "mark",
    [WN_TAG_TIME] = "time", [WN_TAG_KBD] = "kbd", [WN_TAG_SAMP] = "samp", [WN_TAG_VAR] = "var",
    [WN_TAG_FONT] = "font", [WN_TAG_ABBR] = "abbr", [WN_TAG_CITE] = "cite", [WN_TAG_DEL] = "del",
    [WN_TAG_INS] = "ins", [WN_TAG_WBR] = "wbr",
};

static const char *tag_name(unsigned tag) {
  return tag < WN_TAG_COUNT && tag_names[tag] ? tag_names[tag] : "element";
}

/* "a <nav>", "an <aside>" */
static void put_a_tag(wn_buf *b, unsigned tag) {
  const char *t = tag_name(tag);
  wn_buf_puts(b, strchr("aeio", t[0]) ? "an <" : "a <");
  wn_buf_puts(b, t);
  wn_buf_puts(b, ">");
}

/*** Plain-text pieces (escaped when written) ***/

static void put_num(wn_buf *b, double v, int decimals) {
  /* by hand: printf's "%f" follows the caller's locale (a decimal comma) */
  long scale = decimals == 2 ? 100 : decimals == 1 ? 10 : decimals == 3 ? 1000 : 1;
  int neg = v < 0;
  if (neg) v = -v;
  long k = (long)(v * (double)scale + 0.5);
  char num[48];
  if (scale == 1) snprintf(num, sizeof num, "%s%ld", neg && k ? "-" : "", k);
  else
    snprintf(num, sizeof num, "%s%ld.%0*ld", neg && k ? "-" : "", k / scale, decimals, k % scale);
  wn_buf_puts(b, num);
}

static void put_uint(wn_buf *b, unsigned long long v) {
  char num[32];
  snprintf(num, sizeof num, "%llu", v);
  wn_buf_puts(b, num);
}

/* At most max bytes of s, cut at a character boundary, with "..." when cut. */
static void put_clip(wn_buf *b, const char *s, size_t max) {
  size_t n = strlen(s);
  if (n <= max) {
    wn_buf_put(b, s, n);
    return;
  }
  while (max && ((unsigned char)s[max] & 0xC0) == 0x80) max--;
  wn_buf_put(b, s, max);
  wn_buf_puts(b, "\xe2\x80\xa6");
}

/* "div#main.post.entry": the element as a CSS-like selector. */
static void put_element(wn_buf *b, const winnow_doc *d, uint32_t i) {
  const wn_node *nd = &d->dom.nodes[i];
  wn_buf_puts(b, tag_name(nd->tag));
  const char *id = wn_node_attr(nd, WN_ATTR_ID);
  if (id && *id) {
    wn_buf_putc(b, '#');
    put_clip(b, id, 40);
  }
  const char *cl = wn_node_attr(nd, WN_ATTR_CLASS);
  int shown = 0;
  for (const char *p = cl; p && *p && shown < 3;) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f') p++;
    const char *s = p;
    while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && *p != '\f') p++;
    if (p == s) break;
    wn_buf_putc(b, '.');
    size_t n = (size_t)(p - s);
    if (n > 40) { /* cut at a character boundary */
      n = 40;
      while (n && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    }
    wn_buf_put(b, s, n);
    shown++;
  }
}

/* The path from <html> down to node i: "html > body > div#main > p". */
static void put_path(wn_buf *b, const winnow_doc *d, uint32_t i) {
  uint32_t chain[64];
  unsigned k = 0, skipped = 0;
  for (uint32_t j = i; j != WN_NONE; j = d->dom.nodes[j].parent) {
    if (k < 64) chain[k++] = j;
    else skipped++;
  }
  /* deeper than 64: the outermost are left out */
  if (skipped) wn_buf_puts(b, "\xe2\x80\xa6 > ");
  while (k--) {
    put_element(b, d, chain[k]);
    if (k) wn_buf_puts(b, " > ");
  }
}

/* The last 'keep' elements of the path, after "... > " when there are more. */
static void put_path_tail(wn_buf *b, const winnow_doc *d, uint32_t i, unsigned keep) {
  uint32_t chain[8];
  unsigned k = 0;
  uint32_t j = i;
  for (; j != WN_NONE && k < keep && k < 8; j = d->dom.nodes[j].parent) chain[k++] = j;
  if (j != WN_NONE) wn_buf_puts(b, "\xe2\x80\xa6 > ");
  while (k--) {
    put_element(b, d, chain[k]);
    if (k) wn_buf_puts(b, " > ");
  }
}

static int is_ancestor(const winnow_doc *d, uint32_t a, uint32_t i) {
  return a < i && i < d->dom.nodes[a].end;
}

/* " (on an ancestor: div.x)" or " (on span.y inside it)" when the node
 * that decided is not the block itself. */
static void put_where(wn_buf *b, const winnow_doc *d, uint32_t decider, uint32_t block) {
  if (decider == WN_NONE || decider == block || block == WN_NONE) return;
  wn_buf_puts(b, is_ancestor(d, decider, block) ? " (on an ancestor: " : " (on ");
  put_element(b, d, decider);
  wn_buf_puts(b, is_ancestor(d, block, decider) ? " inside it)" : ")");
}

static void put_quoted(wn_buf *b, const char *s, size_t max) {
  wn_buf_puts(b, "\xe2\x80\x9c");
  put_clip(b, s, max);
  wn_buf_puts(b, "\xe2\x80\x9d");
}

static const char *attr_label(unsigned key) {
  switch (key) {
  case WN_ATTR_CLASS: return "class";
  case WN_ATTR_ID: return "id";
  case WN_ATTR_ROLE: return "role";
  default: return "attribute";
  }
}

/* " on an ancestor: div.x" or " on span.y inside it" (nothing when k is
 * the block itself). */
static void put_on(wn_buf *b, const winnow_doc *d, uint32_t k, uint32_t block) {
  if (k == block || block == WN_NONE) return;
  wn_buf_puts(b, is_ancestor(d, k, block) ? " on an ancestor: " : " on ");
  put_element(b, d, k);
  if (is_ancestor(d, block, k)) wn_buf_puts(b, " inside it");
}

/* The matched name word that gave 'bit' (else the other one). */
static const char *word_for(const wn_why *w, uint32_t bit) {
  const char *a = w->word[bit == WN_F_META ? 0 : 1], *b = w->word[bit == WN_F_META ? 1 : 0];
  return a ? a : b ? b : "?";
}

/* The name that made node k what 'bit' says: a class or id word, a role,
 * or the tag itself; then where k is, seen from the block. */
static void put_name(wn_buf *b, const winnow_doc *d, uint32_t k, uint32_t bit, uint32_t block) {
  const wn_why *w = &d->dom.explain->why[k];
  const wn_node *nd = &d->dom.nodes[k];
  int by_attr = w->name_attr && ((w->attr_flags & bit) || !(w->tag_flags & bit));
  if (!by_attr) {
    if (k != block) wn_buf_puts(b, "inside ");
    put_a_tag(b, nd->tag);
    wn_buf_puts(b, " element");
    if (k != block) {
      wn_buf_puts(b, " (");
      put_element(b, d, k);
      wn_buf_puts(b, ")");
    }
    return;
  }
  unsigned key = w->name_attr - 1u;
  const char *v = wn_node_attr(nd, (wn_attr_key)key);
  if (key == WN_ATTR_ROLE) {
    wn_buf_puts(b, "role ");
    put_quoted(b, v ? v : "", 40);
  } else {
    wn_buf_puts(b, "named ");
    put_quoted(b, word_for(w, bit), 40);
    wn_buf_puts(b, " (");
    wn_buf_puts(b, attr_label(key));
    wn_buf_puts(b, " ");
    put_quoted(b, v ? v : "", 60);
  }
  put_on(b, d, k, block);
  if (key != WN_ATTR_ROLE) wn_buf_puts(b, ")");
}

static void put_percent(wn_buf *b, uint32_t part, uint32_t whole) {
  put_num(b, whole ? 100.0 * part / whole : 0, 0);
  wn_buf_putc(b, '%');
}

/* The reason node k's own record gives: never content first (it is why
 * the node never counted), else the name applied to it. */
static unsigned own_reason(const winnow_doc *d, uint32_t k) {
  const wn_why *w = &d->dom.explain->why[k];
  if ((d->fs.f[k].flags & WN_F_DROP) && w->drop) return w->drop;
  return w->neg ? w->neg : w->drop;
}

/* The reason of a recorded node k (a drop or a name), for "outside" and
 * "no article" items whose own block was judged too. */
static void put_own_record(wn_buf *b, const winnow_doc *d, uint32_t k, uint32_t block);

/* The phrase of an item: the reason in words and its evidence. */
/* The nearest element at or above the block whose name, mark or hiding
 * was recorded as not applying (wn_why.spared, wn_why.shown), or WN_NONE;
 * a few levels up at most. */
static uint32_t spared_at(const winnow_doc *d, uint32_t block) {
  const wn_explain *ex = d->dom.explain;
  unsigned steps = 0;
  for (uint32_t k = block; k != WN_NONE && steps < 64; k = d->dom.nodes[k].parent, steps++)
    if (ex->why[k].spared || ex->why[k].shown) return k;
  return WN_NONE;
}

static unsigned spared_code(const winnow_doc *d, uint32_t k) {
  const wn_why *w = &d->dom.explain->why[k];
  return w->spared ? w->spared : w->shown;
}

static void put_phrase_only(wn_buf *b, const winnow_doc *d, const wn_ex_item *it);

/* The phrase, then what was spared on the way ("a box word ... layout"). */
static void put_phrase(wn_buf *b, const winnow_doc *d, const wn_ex_item *it) {
  put_phrase_only(b, d, it);
  uint32_t k = it->block != WN_NONE ? spared_at(d, it->block) : WN_NONE;
  if (k == WN_NONE) return;
  wn_buf_puts(b, "; spared: ");
  wn_buf_puts(b, wn_reason_phrase(spared_code(d, k)));
  put_where(b, d, k, it->block);
}

static void put_phrase_only(wn_buf *b, const winnow_doc *d, const wn_ex_item *it) {
  const wn_explain *ex = d->dom.explain;
  const wn_feat *f = d->fs.f;
  uint32_t k = it->decider, blk = it->block;
  const wn_count *own = blk != WN_NONE ? &f[blk].own : NULL;
  switch (it->reason) {
  case WN_R_TAG:
    put_own_record(b, d, k, blk);
    return;
  case WN_R_HIDDEN_ATTR:
  case WN_R_ARIA_HIDDEN:
    wn_buf_puts(b, wn_reason_phrase(it->reason));
    put_where(b, d, k, blk);
    return;
  case WN_R_STYLE_HIDDEN: {
    const char *s = wn_node_attr(&d->dom.nodes[k], WN_ATTR_STYLE);
    wn_buf_puts(b, "hidden by its style ");
    put_quoted(b, s ? s : "", 60);
    put_where(b, d, k, blk);
    return;
  }
  case WN_R_CLASS_HIDDEN:
  case WN_R_SCREEN_READER:
    wn_buf_puts(b, it->reason == WN_R_CLASS_HIDDEN ? "hidden by its class: "
                                                   : "for screen readers only: ");
    put_quoted(b, word_for(&ex->why[k], WN_F_DROP), 40);
    put_where(b, d, k, blk);
    return;
  case WN_R_NO_ARTICLE: {
    const wn_pass *p = &ex->pass[ex->fallback ? 1 : 0];
    if (p->best_node == WN_NONE) {
      wn_buf_puts(b, "no article: no part of the page holds more good text than bad");
    } else {
      wn_buf_puts(b, "no article: the best part (");
      put_element(b, d, p->best_node);
      wn_buf_puts(b, ") holds ");
      put_num(b, p->good, 0);
      wn_buf_puts(b, " characters of good text, ");
      put_num(b, p->needed, 0);
      wn_buf_puts(b, " needed");
    }
    if (ex->fallback) wn_buf_puts(b, ", in the fallback pass too");
    if (it->also != WN_NONE) {
      wn_buf_puts(b, "; also ");
      put_own_record(b, d, it->also, blk);
    }
    return;
  }
  case WN_R_OUTSIDE:
    wn_buf_puts(b, "outside the article container");
    if (it->also != WN_NONE) {
      wn_buf_puts(b, "; also ");
      put_own_record(b, d, it->also, blk);
    } else if (own && it->cls == WN_CLASS_BAD) {
      wn_buf_puts(b, "; judged bad itself: ");
      wn_buf_puts(b, wn_rule_phrase(it->rule));
    }
    return;
  case WN_R_NAMED:
  case WN_R_NAMED_META:
  case WN_R_NAMED_STRONG:
  case WN_R_COMMENTS:
  case WN_R_TEASER:
  case WN_R_LINK_LIST:
    put_own_record(b, d, k, blk);
    return;
  case WN_R_CAPTION:
    wn_buf_puts(b, "caption or credit, kept with --captions: ");
    put_name(b, d, k, WN_F_CAPTION, blk);
    return;
  case WN_R_HEADLINE:
    wn_buf_puts(b, "the headline: the page's first <h1>, or one before the text (printed with --title)");
    put_where(b, d, k, blk);
    return;
  case WN_R_LINK_HEAVY:
    wn_buf_puts(b, "link list: ");
    put_percent(b, f[k].all.link, f[k].all.chars);
    wn_buf_puts(b, " of its text in links");
    put_where(b, d, k, blk);
    return;
  case WN_R_PHRASE:
    wn_buf_puts(b, "furniture phrase: ");
    put_quoted(b, ex->why[k].phrase ? ex->why[k].phrase : "?", 60);
    put_where(b, d, k, blk);
    return;
  case WN_R_PRECISION_LINK:
    if (f[k].flags & WN_F_LEADLINK) {
      wn_buf_puts(b, "--precision: a line that opens with a link");
    } else {
      wn_buf_puts(b, "--precision: a line with ");
      put_percent(b, f[k].own.link, f[k].own.chars);
      wn_buf_puts(b, " of its text in links");
    }
    put_where(b, d, k, blk);
    return;
  case WN_R_HEADING_OF_DROPPED: {
    uint32_t r = ex->why[k].ref;
    wn_buf_puts(b, "heading over a part left out");
    if (r != WN_NONE && r < d->dom.count) {
      wn_buf_puts(b, " (");
      put_element(b, d, r);
      wn_buf_puts(b, ")");
    }
    put_where(b, d, k, blk);
    return;
  }
  case WN_R_EDGE_BEFORE:
  case WN_R_EDGE_AFTER:
    wn_buf_puts(b, it->reason == WN_R_EDGE_BEFORE ? "before the article's first paragraph"
                                                  : "after the article's last paragraph");
    wn_buf_puts(b, d->flags & WINNOW_OPT_PRECISION
                       ? ", a short line (with --precision, a short sentence too)"
                       : ", a short line without a sentence (byline, date, share or tag line)");
    if (f[k].flags & (WN_F_META | WN_F_PROMO)) wn_buf_puts(b, ", named or worded as furniture");
    put_where(b, d, k, blk);
    return;
  case WN_R_PROSE:
    wn_buf_puts(b, "prose: ");
    put_uint(b, wn_eff(own));
    wn_buf_puts(b, " characters, ");
    put_uint(b, own->stops);
    wn_buf_puts(b, " sentence ends, ");
    put_uint(b, own->commas);
    wn_buf_puts(b, " commas, ");
    put_percent(b, own->link, own->chars);
    wn_buf_puts(b, " in links");
    return;
  case WN_R_SENTENCE:
    wn_buf_puts(b, "a sentence: ");
    put_uint(b, own->words);
    wn_buf_puts(b, " words, ");
    put_uint(b, own->stops);
    wn_buf_puts(b, " sentence ends, ");
    put_percent(b, own->link, own->chars);
    wn_buf_puts(b, " in links");
    return;
  case WN_R_FALLBACK_PROSE:
    wn_buf_puts(b, "prose in the fallback pass (links count as text): ");
    put_uint(b, own->words);
    wn_buf_puts(b, " words, ");
    put_percent(b, own->link, own->chars);
    wn_buf_puts(b, " in links");
    return;
  case WN_R_BETWEEN:
  case WN_R_EDGE_CONTENT:
    wn_buf_puts(b, wn_reason_phrase(it->reason));
    if (it->reason == WN_R_EDGE_CONTENT)
      wn_buf_puts(b, " (a sentence, or in a list, table, quote or code)");
    wn_buf_puts(b, "; judged ");
    wn_buf_puts(b, wn_rule_phrase(it->rule));
    return;
  default:
    wn_buf_puts(b, wn_reason_phrase(it->reason));
    return;
  }
}

static void put_own_record(wn_buf *b, const winnow_doc *d, uint32_t k, uint32_t block) {
  const wn_why *w = &d->dom.explain->why[k];
  const wn_count *all = &d->fs.f[k].all;
  unsigned r = own_reason(d, k);
  switch (r) {
  case WN_R_NAMED:
    put_name(b, d, k, WN_F_NEG, block);
    return;
  case WN_R_NAMED_META:
    wn_buf_puts(b, "article furniture: ");
    put_name(b, d, k, WN_F_META, block);
    return;
  case WN_R_NAMED_STRONG:
    wn_buf_puts(b, "a name no article wrapper carries: ");
    put_name(b, d, k, WN_F_STRONG, block);
    return;
  case WN_R_COMMENTS:
    wn_buf_puts(b, "comment section: ");
    put_name(b, d, k, WN_F_COMMENTS, block);
    return;
  case WN_R_TEASER:
    wn_buf_puts(b, w->card == WN_CARD_HEADLINE
                       ? "teaser card: a linked headline and an excerpt, one of several side by side"
                       : "teaser card: opens with a link, one of several side by side");
    break;
  case WN_R_LINK_LIST:
    wn_buf_puts(b, "list of links: most items linked, ");
    put_percent(b, all->link, all->chars);
    wn_buf_puts(b, " of its text in links");
    break;
  case WN_R_TAG:
    wn_buf_puts(b, k == block ? "not content: " : "not content: inside ");
    put_a_tag(b, d->dom.nodes[k].tag);
    wn_buf_puts(b, " element");
    return;
  case WN_R_CLASS_HIDDEN:
  case WN_R_SCREEN_READER:
    wn_buf_puts(b, r == WN_R_CLASS_HIDDEN ? "hidden by its class " : "for screen readers only: ");
    put_quoted(b, word_for(w, WN_F_DROP), 40);
    break;
  default:
    wn_buf_puts(b, wn_reason_phrase(r));
    break;
  }
  put_where(b, d, k, block);
}

/*** Escaping ***/

/* Text for HTML: &, <, >, " and ' escaped; controls other than newline
 * and tab dropped. */
static void put_html(wn_buf *b, const char *s, size_t len) {
  size_t run = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    const char *rep = NULL;
    switch (c) {
    case '&': rep = "&amp;"; break;
    case '<': rep = "&lt;"; break;
    case '>': rep = "&gt;"; break;
    case '"': rep = "&quot;"; break;
    case '\'': rep = "&#39;"; break;
    default:
      if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) rep = "";
      break;
    }
    if (!rep) continue;
    wn_buf_put(b, s + run, i - run);
    wn_buf_puts(b, rep);
    run = i + 1;
  }
  wn_buf_put(b, s + run, len - run);
}

static void put_html_buf(wn_buf *b, wn_buf *src) {
  put_html(b, src->data ? src->data : "", src->len);
  src->len = 0;
}

static void put_json_str(wn_buf *b, const char *s, size_t len) {
  static const char hex[] = "0123456789abcdef";
  wn_buf_putc(b, '"');
  size_t run = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F) continue;
    wn_buf_put(b, s + run, i - run);
    run = i + 1;
    switch (c) {
    case '"': wn_buf_puts(b, "\\\""); break;
    case '\\': wn_buf_puts(b, "\\\\"); break;
    case '\n': wn_buf_puts(b, "\\n"); break;
    case '\t': wn_buf_puts(b, "\\t"); break;
    default: {
      char esc[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
      wn_buf_puts(b, esc);
    }
    }
  }
  wn_buf_put(b, s + run, len - run);
  wn_buf_putc(b, '"');
}

static void put_json_buf(wn_buf *b, wn_buf *src) {
  put_json_str(b, src->data ? src->data : "", src->len);
  src->len = 0;
}

/*** Header facts ***/

static const char *mode_name(unsigned flags) {
  if (flags & WINNOW_OPT_PRECISION) return "precision";
  if (flags & WINNOW_OPT_RECALL) return "recall";
  return "default";
}

#define MAX_CANDS 5

/* The best candidates of the last pass apart from the container: none
 * inside or around it or another one listed (those hold the same text). */
static unsigned runners_up(const winnow_doc *d, uint32_t *out) {
  const wn_explain *ex = d->dom.explain;
  const wn_feat *f = d->fs.f;
  uint32_t root = d->sel.root;
  unsigned n = 0;
  while (n < MAX_CANDS) {
    uint32_t best = WN_NONE;
    for (uint32_t i = 0; i < d->dom.count; i++) {
      if (!ex->why[i].cand || i == root || f[i].score <= 0) continue;
      if (best != WN_NONE && f[i].score <= f[best].score) continue;
      int nested = root != WN_NONE && (is_ancestor(d, i, root) || is_ancestor(d, root, i));
      for (unsigned k = 0; k < n && !nested; k++)
        nested = i == out[k] || is_ancestor(d, i, out[k]) || is_ancestor(d, out[k], i);
      if (!nested) best = i;
    }
    if (best == WN_NONE) break;
    out[n++] = best;
  }
  return n;
}

static void put_fallback(wn_buf *b, const winnow_doc *d) {
  const wn_explain *ex = d->dom.explain;
  if (!ex->fallback) {
    wn_buf_puts(b, (d->flags & WINNOW_OPT_PRECISION) && d->sel.root == WN_NONE
                       ? "no (--precision never runs it)"
                       : "no: the first pass found an article");
    return;
  }
  wn_buf_puts(b, "yes: the first pass found no article");
  const wn_pass *p = &ex->pass[0];
  if (p->best_node != WN_NONE) {
    wn_buf_puts(b, " (its best part, ");
    put_element(b, d, p->best_node);
    wn_buf_puts(b, ", held ");
    put_num(b, p->good, 0);
    wn_buf_puts(b, " characters of good text, ");
    put_num(b, p->needed, 0);
    wn_buf_puts(b, " needed)");
  }
  wn_buf_puts(b, "; this pass counts linked text as prose");
  if (ex->revealed)
    wn_buf_puts(b, "; it found none either, so a last one counted as shown what the page hides");
}

/*** HTML ***/

static const char css[] =
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;"
    "background:#fafafa;color:#1c1c1c}"
    "header,main,.bar{max-width:60rem;margin:0 auto;padding:0 1rem}"
    "header{padding-top:1rem}"
    "h1{font-size:1.4rem;margin:.2rem 0 .6rem}"
    "h2{font-size:1rem;margin:1rem 0 .3rem}"
    ".sub{color:#666;margin:0;font-size:.85rem}"
    ".note{color:#777;font-size:.8rem;margin-left:.5rem}"
    ".howto{font-size:.85rem;color:#444;margin:.6rem 0 0}"
    "table{border-collapse:collapse;font-size:.88rem;width:100%}"
    "th{text-align:left;font-weight:600;padding:.2rem .8rem .2rem 0;vertical-align:top;"
    "white-space:nowrap;color:#444}"
    "td{padding:.2rem .6rem .2rem 0;vertical-align:top}"
    ".cands{width:auto}.cands td:nth-child(-n+3){text-align:right;font-variant-numeric:tabular-nums}"
    "code,.path{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.82rem}"
    ".bar{position:sticky;top:0;background:#fafafa;border-bottom:1px solid #ddd;padding-top:.5rem;"
    "padding-bottom:.5rem;margin-top:.8rem;z-index:1;font-size:.9rem}"
    ".bar label{margin-right:1.2rem;white-space:nowrap}"
    ".sw{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;vertical-align:-1px;"
    "margin-right:.25rem}"
    "main{padding-top:.6rem;padding-bottom:3rem}"
    ".b{border-left:6px solid;border-radius:3px;margin:.45rem 0;padding:.35rem .7rem;background:#fff}"
    ".b.kept{border-color:#2e7d32;background:#f0f8f0}"
    ".b.dropped{border-color:#c62828;background:#fcf0f0}"
    ".b.outside{border-color:#a8a8a8;background:#f3f3f3;color:#555;font-size:.9em;"
    "padding-top:.2rem;padding-bottom:.2rem}"
    ".why{font-size:.85rem;margin-bottom:.15rem}"
    ".d{font-weight:700;text-transform:uppercase;font-size:.72rem;letter-spacing:.04em;"
    "margin-right:.4rem}"
    ".kept .d{color:#2e7d32}.dropped .d{color:#c62828}.outside .d{color:#777}"
    ".r{font-weight:600}"
    ".cl{display:inline-block;font-size:.7rem;border-radius:8px;padding:0 .45rem;margin-left:.4rem;"
    "border:1px solid}"
    ".cl.good{color:#1b5e20;border-color:#81c784}.cl.neutral{color:#455a64;border-color:#b0bec5}"
    ".cl.bad{color:#b71c1c;border-color:#e57373}.cl.none{color:#888;border-color:#ccc}"
    ".t{white-space:pre-wrap;overflow-wrap:anywhere;margin:.15rem 0}"
    ".m{font-size:.75rem;color:#666;display:flex;flex-wrap:wrap;gap:.2rem 1rem}"
    ".hide-kept .b.kept,.hide-dropped .b.dropped:not(.outside),.hide-outside .b.outside"
    "{display:none}";

/* Optional: the page reads the same without it. */
static const char script[] =
    "document.querySelectorAll('input[data-show]').forEach(function(c){"
    "c.addEventListener('change',function(){"
    "document.body.classList.toggle('hide-'+c.getAttribute('data-show'),!c.checked);});});";

static const char *class_name(unsigned k) {
  switch (k) {
  case WN_CLASS_GOOD: return "good";
  case WN_CLASS_NEUTRAL: return "neutral";
  case WN_CLASS_BAD: return "bad";
  default: return "none";
  }
}

static void html_numbers(wn_buf *b, const wn_count *c) {
  wn_buf_puts(b, "length ");
  put_uint(b, wn_eff(c));
  wn_buf_puts(b, " \xc2\xb7 links ");
  put_percent(b, c->link, c->chars);
  wn_buf_puts(b, " \xc2\xb7 ");
  put_uint(b, c->stops);
  wn_buf_puts(b, " sentence ends \xc2\xb7 ");
  put_uint(b, c->commas);
  wn_buf_puts(b, " commas \xc2\xb7 ");
  put_uint(b, c->words);
  wn_buf_puts(b, " words");
}

/* Bytes of a dropped block's text the HTML report shows. */
#define MAX_DROPPED_SHOWN 600

static void html_report(const winnow_doc *d, const wn_ex_report *rep, wn_buf *b) {
  const wn_explain *ex = d->dom.explain;
  const wn_feat *f = d->fs.f;
  wn_buf tmp;
  wn_buf_init(&tmp, b->mem);
  size_t nkept = 0, ndrop = 0, nout = 0;
  for (size_t i = 0; i < rep->count; i++) {
    if (rep->items[i].kept) nkept++;
    else if (rep->items[i].outside || rep->items[i].reason == WN_R_NO_ARTICLE) nout++;
    else ndrop++;
  }
  const char *title = d->title ? d->title : "(no title)";

  wn_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                 "<title>winnow explain: ");
  put_html(b, title, strlen(title));
  wn_buf_puts(b, "</title>\n<style>");
  wn_buf_puts(b, css);
  wn_buf_puts(b, "</style></head>\n<body>\n<header>\n<p class=\"sub\">winnow ");
  wn_buf_puts(b, winnow_version_string());
  wn_buf_puts(b, " \xc2\xb7 why each block of the page was kept or dropped</p>\n<h1>");
  put_html(b, title, strlen(title));
  wn_buf_puts(b, "</h1>\n<table class=\"facts\">\n");

  wn_buf_puts(b, "<tr><th>container</th><td class=\"path\">");
  if (d->sel.root != WN_NONE) put_path(&tmp, d, d->sel.root);
  else wn_buf_puts(&tmp, "none: no article found");
  put_html_buf(b, &tmp);
  const wn_pass *last = &ex->pass[ex->pass[1].ran ? 1 : 0];
  uint32_t moved = last->climbed_from != WN_NONE ? last->climbed_from : last->descended_from;
  if (d->sel.root != WN_NONE && moved != WN_NONE && moved != d->sel.root) {
    wn_buf_puts(&tmp, last->climbed_from != WN_NONE
                          ? " (climbed from the best-scoring element, "
                          : " (taken inside the best-scoring element, ");
    put_element(&tmp, d, moved);
    wn_buf_puts(&tmp, ")");
    put_html_buf(b, &tmp);
  }
  wn_buf_puts(b, "</td></tr>\n<tr><th>confidence</th><td>");
  put_num(&tmp, d->confidence, 3);
  if (d->sel.root != WN_NONE) {
    wn_buf_puts(&tmp, " = purity ");
    put_num(&tmp, ex->purity, 3);
    wn_buf_puts(&tmp, " \xc3\x97 share ");
    put_num(&tmp, ex->share, 3);
    wn_buf_puts(&tmp, " \xc3\x97 size ");
    put_num(&tmp, ex->size, 3);
  }
  put_html_buf(b, &tmp);
  if (d->sel.root != WN_NONE)
    wn_buf_puts(b, " <span class=\"note\">purity: good / (good + bad) text in the container; "
                   "share: its good text / the page's; size: good / (good + 600)</span>");
  wn_buf_puts(b, "</td></tr>\n<tr><th>characters</th><td>");
  put_uint(&tmp, rep->kept_chars);
  wn_buf_puts(&tmp, " kept in ");
  put_uint(&tmp, nkept);
  wn_buf_puts(&tmp, " blocks \xc2\xb7 ");
  put_uint(&tmp, rep->dropped_chars);
  wn_buf_puts(&tmp, " dropped in ");
  put_uint(&tmp, ndrop + nout);
  wn_buf_puts(&tmp, " blocks (");
  put_uint(&tmp, nout);
  wn_buf_puts(&tmp, " outside the container)");
  put_html_buf(b, &tmp);
  wn_buf_puts(b, "</td></tr>\n<tr><th>mode</th><td>");
  wn_buf_puts(b, mode_name(d->flags));
  wn_buf_puts(b, "</td></tr>\n<tr><th>fallback pass</th><td>");
  put_fallback(&tmp, d);
  put_html_buf(b, &tmp);
  wn_buf_puts(b, "</td></tr>\n</table>\n");

  uint32_t cands[MAX_CANDS];
  unsigned nc = runners_up(d, cands);
  wn_buf_puts(b, "<h2>Candidates for the container</h2>\n<table class=\"cands\">\n"
                 "<tr><th>score</th><th>good</th><th>bad</th><th>element</th></tr>\n");
  for (unsigned k = 0; k <= nc; k++) {
    uint32_t i = k == 0 ? d->sel.root : cands[k - 1];
    if (i == WN_NONE) continue;
    wn_buf_puts(b, "<tr><td>");
    put_num(b, f[i].score, 0);
    wn_buf_puts(b, "</td><td>");
    put_num(b, f[i].good, 0);
    wn_buf_puts(b, "</td><td>");
    put_num(b, f[i].bad, 0);
    wn_buf_puts(b, "</td><td><span class=\"path\">");
    put_path(&tmp, d, i);
    put_html_buf(b, &tmp);
    wn_buf_puts(b, "</span>");
    if (k == 0) wn_buf_puts(b, " <b>(chosen)</b>");
    wn_buf_puts(b, "</td></tr>\n");
  }
  if (d->sel.root == WN_NONE && !nc)
    wn_buf_puts(b, "<tr><td colspan=\"4\">none: no element holds more good text than bad</td></tr>\n");
  wn_buf_puts(b, "</table>\n<p class=\"howto\">Below, every block of the page's text in "
                 "document order: <b>green</b> kept, <b>red</b> dropped inside the chosen "
                 "container, <b>grey</b> outside it. The bold phrase says why, with its evidence; "
                 "the chip is the block's class as the scorer judged it on its own; under the "
                 "text, where the block sits and its numbers (length counts CJK characters "
                 "three times).</p>\n</header>\n<div class=\"bar\">Show: "
                 "<label><input type=\"checkbox\" data-show=\"kept\" checked>"
                 "<span class=\"sw\" style=\"background:#2e7d32\"></span>kept (");
  put_uint(b, nkept);
  wn_buf_puts(b, ")</label><label><input type=\"checkbox\" data-show=\"dropped\" checked>"
                 "<span class=\"sw\" style=\"background:#c62828\"></span>dropped inside the container (");
  put_uint(b, ndrop);
  wn_buf_puts(b, ")</label><label><input type=\"checkbox\" data-show=\"outside\" checked>"
                 "<span class=\"sw\" style=\"background:#a8a8a8\"></span>outside it, or no "
                 "article (");
  put_uint(b, nout);
  wn_buf_puts(b, ")</label></div>\n<main>\n");

  for (size_t k = 0; k < rep->count; k++) {
    const wn_ex_item *it = &rep->items[k];
    const char *dec = it->kept ? "kept" : "dropped";
    wn_buf_puts(b, "<div class=\"b ");
    wn_buf_puts(b, dec);
    if (it->outside || it->reason == WN_R_NO_ARTICLE) wn_buf_puts(b, " outside");
    wn_buf_puts(b, "\" id=\"b");
    put_uint(b, k + 1);
    wn_buf_puts(b, "\" data-decision=\"");
    wn_buf_puts(b, dec);
    wn_buf_puts(b, "\" data-reason=\"");
    wn_buf_puts(b, wn_reason_name(it->reason));
    wn_buf_puts(b, "\" data-class=\"");
    wn_buf_puts(b, class_name(it->cls));
    wn_buf_puts(b, "\">\n<div class=\"why\"><span class=\"d\">");
    wn_buf_puts(b, dec);
    wn_buf_puts(b, "</span><span class=\"r\">");
    put_phrase(&tmp, d, it);
    put_html_buf(b, &tmp);
    wn_buf_puts(b, "</span>");
    if (it->block != WN_NONE) {
      wn_buf_puts(b, "<span class=\"cl ");
      wn_buf_puts(b, class_name(it->cls));
      wn_buf_puts(b, "\" title=\"");
      wn_buf_puts(b, wn_rule_phrase(it->rule));
      wn_buf_puts(b, "\">");
      wn_buf_puts(b, class_name(it->cls));
      wn_buf_puts(b, "</span>");
    }
    wn_buf_puts(b, "</div>\n<div class=\"t\">");
    const char *text = rep->text.data ? rep->text.data + it->off : "";
    if (!it->kept && it->len > MAX_DROPPED_SHOWN) {
      /* a long dropped text (a script's JSON-LD) is cut here; JSON has it all */
      size_t n = MAX_DROPPED_SHOWN;
      while (n && ((unsigned char)text[n] & 0xC0) == 0x80) n--;
      put_html(b, text, n);
      wn_buf_puts(b, "\xe2\x80\xa6 <span class=\"note\">(");
      put_uint(b, it->len - n);
      wn_buf_puts(b, " more bytes)</span>");
    } else {
      put_html(b, text, it->len);
    }
    wn_buf_puts(b, "</div>\n");
    if (it->block != WN_NONE) {
      wn_buf_puts(b, "<div class=\"m\"><span class=\"path\" title=\"");
      put_path(&tmp, d, it->block);
      put_html_buf(b, &tmp);
      wn_buf_puts(b, "\">");
      put_path_tail(&tmp, d, it->block, 3);
      put_html_buf(b, &tmp);
      wn_buf_puts(b, "</span><span>");
      html_numbers(&tmp, &f[it->block].own);
      put_html_buf(b, &tmp);
      wn_buf_puts(b, " \xc2\xb7 <code>");
      wn_buf_puts(b, wn_reason_name(it->reason));
      wn_buf_puts(b, "</code></span></div>\n");
    }
    wn_buf_puts(b, "</div>\n");
  }
  if (!rep->count) wn_buf_puts(b, "<p>The page holds no text.</p>\n");
  wn_buf_puts(b, "</main>\n<script>");
  wn_buf_puts(b, script);
  wn_buf_puts(b, "</script>\n</body></html>\n");
  if (tmp.failed) b->failed = 1;
  wn_buf_free(&tmp);
}

/*** JSON ***/

static void json_key(wn_buf *b, const char *k) {
  wn_buf_putc(b, '"');
  wn_buf_puts(b, k);
  wn_buf_puts(b, "\":");
}

static void json_path(wn_buf *b, wn_buf *tmp, const winnow_doc *d, uint32_t i) {
  if (i == WN_NONE) {
    wn_buf_puts(b, "null");
    return;
  }
  put_path(tmp, d, i);
  put_json_buf(b, tmp);
}

static void json_cand(wn_buf *b, wn_buf *tmp, const winnow_doc *d, uint32_t i) {
  const wn_feat *f = d->fs.f;
  wn_buf_putc(b, '{');
  json_key(b, "path");
  json_path(b, tmp, d, i);
  wn_buf_putc(b, ',');
  json_key(b, "score");
  put_num(b, f[i].score, 1);
  wn_buf_putc(b, ',');
  json_key(b, "good");
  put_num(b, f[i].good, 1);
  wn_buf_putc(b, ',');
  json_key(b, "bad");
  put_num(b, f[i].bad, 1);
  wn_buf_putc(b, '}');
}

static void json_report(const winnow_doc *d, const wn_ex_report *rep, wn_buf *b) {
  const wn_explain *ex = d->dom.explain;
  const wn_feat *f = d->fs.f;
  wn_buf tmp;
  wn_buf_init(&tmp, b->mem);
  wn_buf_putc(b, '{');
  json_key(b, "title");
  if (d->title) put_json_str(b, d->title, strlen(d->title));
  else wn_buf_puts(b, "null");
  wn_buf_putc(b, ',');
  json_key(b, "container");
  if (d->sel.root == WN_NONE) wn_buf_puts(b, "null");
  else json_cand(b, &tmp, d, d->sel.root);
  wn_buf_putc(b, ',');
  json_key(b, "confidence");
  wn_buf_putc(b, '{');
  json_key(b, "value");
  put_num(b, d->confidence, 3);
  wn_buf_putc(b, ',');
  json_key(b, "purity");
  put_num(b, ex->purity, 3);
  wn_buf_putc(b, ',');
  json_key(b, "share");
  put_num(b, ex->share, 3);
  wn_buf_putc(b, ',');
  json_key(b, "size");
  put_num(b, ex->size, 3);
  wn_buf_puts(b, "},");
  json_key(b, "chars_kept");
  put_uint(b, rep->kept_chars);
  wn_buf_putc(b, ',');
  json_key(b, "chars_dropped");
  put_uint(b, rep->dropped_chars);
  wn_buf_putc(b, ',');
  json_key(b, "mode");
  wn_buf_putc(b, '"');
  wn_buf_puts(b, mode_name(d->flags));
  wn_buf_puts(b, "\",");
  json_key(b, "fallback");
  wn_buf_puts(b, ex->fallback ? "true" : "false");
  wn_buf_putc(b, ',');
  json_key(b, "fallback_note");
  put_fallback(&tmp, d);
  put_json_buf(b, &tmp);
  wn_buf_putc(b, ',');
  json_key(b, "candidates");
  wn_buf_putc(b, '[');
  uint32_t cands[MAX_CANDS];
  unsigned nc = runners_up(d, cands);
  for (unsigned k = 0; k < nc; k++) {
    if (k) wn_buf_putc(b, ',');
    json_cand(b, &tmp, d, cands[k]);
  }
  wn_buf_puts(b, "],");
  json_key(b, "blocks");
  wn_buf_putc(b, '[');
  for (size_t k = 0; k < rep->count; k++) {
    const wn_ex_item *it = &rep->items[k];
    if (k) wn_buf_putc(b, ',');
    wn_buf_puts(b, "\n{");
    json_key(b, "path");
    json_path(b, &tmp, d, it->block);
    wn_buf_putc(b, ',');
    json_key(b, "text");
    put_json_str(b, rep->text.data ? rep->text.data + it->off : "", it->len);
    wn_buf_putc(b, ',');
    json_key(b, "sep");
    put_json_str(b, rep->text.data ? rep->text.data + it->off - it->sep : "", it->sep);
    wn_buf_putc(b, ',');
    json_key(b, "decision");
    wn_buf_puts(b, it->kept ? "\"kept\"," : "\"dropped\",");
    json_key(b, "reason");
    wn_buf_putc(b, '"');
    wn_buf_puts(b, wn_reason_name(it->reason));
    wn_buf_puts(b, "\",");
    json_key(b, "phrase");
    put_phrase(&tmp, d, it);
    put_json_buf(b, &tmp);
    wn_buf_putc(b, ',');
    json_key(b, "class");
    wn_buf_putc(b, '"');
    wn_buf_puts(b, class_name(it->cls));
    wn_buf_puts(b, "\",");
    json_key(b, "rule");
    wn_buf_putc(b, '"');
    wn_buf_puts(b, wn_rule_name(it->rule));
    wn_buf_puts(b, "\",");
    json_key(b, "outside");
    wn_buf_puts(b, it->outside ? "true," : "false,");
    json_key(b, "also");
    if (it->also != WN_NONE) {
      wn_buf_putc(b, '"');
      wn_buf_puts(b, wn_reason_name(own_reason(d, it->also)));
      wn_buf_puts(b, "\",");
    } else {
      wn_buf_puts(b, "null,");
    }
    json_key(b, "spared");
    uint32_t sp = it->block != WN_NONE ? spared_at(d, it->block) : WN_NONE;
    if (sp != WN_NONE) {
      wn_buf_putc(b, '"');
      wn_buf_puts(b, wn_reason_name(spared_code(d, sp)));
      wn_buf_puts(b, "\",");
    } else {
      wn_buf_puts(b, "null,");
    }
    json_key(b, "decided_by");
    json_path(b, &tmp, d, it->decider != WN_NONE ? it->decider : it->also);
    wn_buf_putc(b, ',');
    json_key(b, "numbers");
    if (it->block == WN_NONE) {
      wn_buf_puts(b, "null");
    } else {
      const wn_count *c = &f[it->block].own;
      wn_buf_putc(b, '{');
      json_key(b, "length");
      put_uint(b, wn_eff(c));
      wn_buf_putc(b, ',');
      json_key(b, "chars");
      put_uint(b, c->chars);
      wn_buf_putc(b, ',');
      json_key(b, "link_share");
      put_num(b, c->chars ? (double)c->link / c->chars : 0, 3);
      wn_buf_putc(b, ',');
      json_key(b, "sentence_ends");
      put_uint(b, c->stops);
      wn_buf_putc(b, ',');
      json_key(b, "commas");
      put_uint(b, c->commas);
      wn_buf_putc(b, ',');
      json_key(b, "words");
      put_uint(b, c->words);
      wn_buf_putc(b, '}');
    }
    wn_buf_putc(b, '}');
  }
  wn_buf_puts(b, "]}\n");
  if (tmp.failed) b->failed = 1;
  wn_buf_free(&tmp);
}

winnow_status wn_render_explain(const winnow_doc *d, int json, wn_buf *out) {
  wn_ex_report rep;
  winnow_status st = wn_explain_build(d, &rep);
  if (st) return st;
  if (json) json_report(d, &rep, out);
  else html_report(d, &rep, out);
  wn_explain_free(&rep);
  return out->failed ? WINNOW_E_NOMEM : WINNOW_OK;
}
