/* Markdown: CommonMark that renders as the article did, with GitHub's
 * pipe tables.  Headings keep their level; lists are "- " and "1. ",
 * nested by the width of the marker; quotes put "> " on every line;
 * <pre> becomes a fenced block with the page's language; <br> a hard
 * break ("\" at the end of the line); **bold**, *italic*, `code`;
 * [text](url) and ![alt](src) on request, resolved against the page's
 * base.  Text that would read as markup is escaped (render.c).
 *
 * The walk and the line state are render.c's; this file says what each
 * element does and keeps, per open element, what its exit must undo. */
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "doc.h"

/* What an open element started, for its exit. */
enum { K_BOLD = 1, K_ITALIC, K_CODE, K_LINK, K_HEADING, K_QUOTE, K_ITEM, K_LIST, K_TABLE, K_ROW,
       K_CELL, K_PRE, K_CAPTION, K_LAYOUT };

typedef struct md_span {
  uint32_t node;
  uint8_t kind;
  uint8_t open_len; /* bytes of the opener still in the prefix while nothing followed it */
  uint8_t pad;      /* code spans: padded with a space (its text starts or ends with "`") */
  uint8_t ticks;    /* code spans: backticks of the fence */
  uint8_t reopened; /* continues the span of the same kind closed right before it */
  uint32_t wrote;   /* r->wrote when it opened */
} md_span;

#define MD_MAX_SPANS 128

typedef struct md_state {
  md_span span[MD_MAX_SPANS];
  unsigned nspan;
  unsigned flags; /* WINNOW_OPT_* */
  const char *base;
  wn_buf url; /* scratch for resolved addresses */
  unsigned links; /* open [text](url) spans */
  /* lists: bullets alternate ("-", "*") when a list follows another
   * directly, which CommonMark would otherwise merge into one */
  uint8_t alt[WN_MAX_LEADS];
  uint32_t list_end_wrote;
  unsigned list_end_depth;
  int list_end_alt, list_end_ordered;
  /* the span closed last, to reopen it (see reopen()) */
  int close_kind;
  size_t close_end, close_len;
  uint32_t close_wrote;
  char close[20];
  /* the open pipe table: rows written, columns, cells of the current row
   * up to its last non-empty one */
  unsigned rows, columns, cells_written;
  unsigned fence; /* backticks of the open code block's fence */
} md_state;

static md_state *st(wn_render *r) { return r->fmt; }

static md_span *push(wn_render *r, uint32_t i, int kind, size_t open_len) {
  md_state *m = st(r);
  if (m->nspan >= MD_MAX_SPANS) return NULL;
  md_span *s = &m->span[m->nspan++];
  s->node = i;
  s->kind = (uint8_t)kind;
  s->open_len = (uint8_t)open_len;
  s->pad = s->ticks = s->reopened = 0;
  s->wrote = r->wrote;
  return s;
}

static int room(wn_render *r) { return st(r)->nspan < MD_MAX_SPANS; }

/*** Blocks and containers ***/

static int lead_pending(const wn_render *r) {
  unsigned n = r->nleads < WN_MAX_LEADS ? r->nleads : WN_MAX_LEADS;
  return n && r->nleads <= WN_MAX_LEADS && r->leads[n - 1].pending;
}

/* A block starts: a blank line before it, unless its container (list
 * item, quote) has just opened and asked for its own break. */
static void start_block(wn_render *r) {
  if (r->cell) {
    r->space = 1;
    return;
  }
  if (lead_pending(r)) return;
  wn_render_break(r, 2);
  r->soft = 0;
  r->hard = 0;
}

/* A block ends: a blank line after it, which shrinks to a line break
 * if the next thing is another list item. */
static void end_block(wn_render *r) {
  if (r->cell) {
    r->space = 1;
    return;
  }
  if (r->brk < 2) {
    r->brk = 2;
    r->soft = 1;
  }
  r->space = 0;
  r->hard = 0;
}

static void push_lead(wn_render *r, const char *mark, size_t len, int quote) {
  if (r->nleads < WN_MAX_LEADS) {
    wn_lead *l = &r->leads[r->nleads];
    memcpy(l->mark, mark, len);
    l->len = (uint8_t)len;
    l->quote = (uint8_t)quote;
    l->pending = 1;
  }
  r->nleads++;
}

static void pop_lead(wn_render *r) {
  if (r->nleads) r->nleads--;
}

/* 1 when the subtree of i holds a block (a span cannot cross blocks in
 * Markdown) or is too large to look through. */
static int holds_block(const wn_render *r, uint32_t i) {
  const wn_node *nodes = r->dom->nodes;
  uint32_t end = nodes[i].end;
  if (end - i > 256) return 1;
  for (uint32_t k = i + 1; k < end; k++) {
    if (nodes[k].tag == WN_TAG_TEXT) continue;
    uint32_t fl = r->fs->f[k].flags;
    if ((fl & WN_F_DROP) || r->sel->skip[k]) {
      k = nodes[k].end - 1;
      continue;
    }
    if (fl & WN_F_BLOCK) return 1;
  }
  return 0;
}

/* The longest run of backticks in the text of subtree i. */
static unsigned longest_ticks(const wn_render *r, uint32_t i, int *edge) {
  const wn_node *nodes = r->dom->nodes;
  unsigned best = 0, run = 0;
  int first = -1, last = 0; /* first and last non-space characters are backticks */
  for (uint32_t k = i + 1; k < nodes[i].end; k++) {
    if (nodes[k].tag != WN_TAG_TEXT) continue;
    for (uint32_t j = 0; j < nodes[k].len; j++) {
      char c = nodes[k].text[j];
      if (c == '`') {
        if (++run > best) best = run;
      } else {
        run = 0;
      }
      if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
        if (first < 0) first = c == '`';
        last = c == '`';
      }
    }
  }
  if (edge) *edge = first > 0 || last;
  return best;
}

/* The language a <pre> names: class="language-x" or "lang-x" on it,
 * on its <code>, or on its parent (highlighters wrap it in a div). */
static size_t code_language(const wn_render *r, uint32_t i, char *out, size_t cap) {
  const wn_node *nodes = r->dom->nodes;
  uint32_t cand[3] = {i, i + 1 < nodes[i].end ? i + 1 : WN_NONE, nodes[i].parent};
  for (int c = 0; c < 3; c++) {
    if (cand[c] == WN_NONE || nodes[cand[c]].tag == WN_TAG_TEXT) continue;
    const char *cls = wn_node_attr(&nodes[cand[c]], WN_ATTR_CLASS);
    for (const char *p = cls; p && *p;) {
      while (*p == ' ' || *p == '\t' || *p == '\n') p++;
      const char *e = p;
      while (*e && *e != ' ' && *e != '\t' && *e != '\n') e++;
      size_t skip = !strncmp(p, "language-", 9) ? 9 : !strncmp(p, "lang-", 5) ? 5 : 0;
      if (skip && (size_t)(e - p) > skip) {
        size_t n = 0;
        for (const char *q = p + skip; q < e && n + 1 < cap; q++) {
          char ch = *q;
          int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                   ch == '+' || ch == '-' || ch == '_' || ch == '#' || ch == '.';
          if (!ok) break;
          out[n++] = ch;
        }
        out[n] = '\0';
        if (n) return n;
      }
      p = e;
    }
  }
  out[0] = '\0';
  return 0;
}

/* Columns of a table: the most cells in one of its rows (rows of tables
 * inside its cells are not its own). */
static unsigned count_columns(const wn_render *r, uint32_t t) {
  const wn_node *nodes = r->dom->nodes;
  unsigned best = 0, cells = 0;
  for (uint32_t k = t + 1; k < nodes[t].end; k++) {
    unsigned tag = nodes[k].tag;
    if (tag == WN_TAG_TABLE) {
      k = nodes[k].end - 1;
      continue;
    }
    if (tag == WN_TAG_TR) cells = 0;
    if (tag == WN_TAG_TD || tag == WN_TAG_TH)
      if (++cells > best) best = cells;
  }
  return best ? best : 1;
}

/*** Addresses ***/

/* A link destination: resolved, and written so CommonMark reads it
 * whole (spaces, angle brackets, parentheses and pipes encoded). */
static const char *destination(wn_render *r, const char *href) {
  md_state *m = st(r);
  wn_buf tmp;
  wn_buf_init(&tmp, r->out.mem);
  wn_url_resolve(&tmp, m->base, href);
  m->url.len = 0;
  for (size_t k = 0; k < tmp.len; k++) {
    unsigned char c = (unsigned char)tmp.data[k];
    if (c <= ' ' || c == 0x7F || c == '<' || c == '>' || c == '(' || c == ')' || c == '|' ||
        c == '\\') {
      char esc[4];
      snprintf(esc, sizeof esc, "%%%02X", c);
      wn_buf_put(&m->url, esc, 3);
    } else {
      wn_buf_putc(&m->url, (char)c);
    }
  }
  if (tmp.failed) m->url.failed = 1;
  wn_buf_free(&tmp);
  return wn_buf_cstr(&m->url);
}

static int usable_href(const char *href) {
  if (!href) return 0;
  while (*href == ' ' || *href == '\t' || *href == '\n') href++;
  return *href && strncmp(href, "javascript:", 11) && strncmp(href, "JavaScript:", 11);
}

/* ![alt](src): the alt text collapsed and escaped like link text. */
static void image(wn_render *r, const wn_node *nd) {
  const char *src = wn_node_attr(nd, WN_ATTR_SRC), *alt = wn_node_attr(nd, WN_ATTR_ALT);
  if (!usable_href(src) || !strncmp(src, "data:", 5)) return;
  wn_buf b;
  wn_buf_init(&b, r->out.mem);
  wn_buf_put(&b, "![", 2);
  int space = 0;
  for (const char *p = alt ? alt : ""; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
      space = 1;
      continue;
    }
    if (c < 0x20 || c == 0x7F) continue;
    if (space && b.len > 2) wn_buf_putc(&b, ' ');
    space = 0;
    if (strchr("\\`*_[]<>&!~", c) || (c == '|' && r->cell)) wn_buf_putc(&b, '\\');
    wn_buf_putc(&b, (char)c);
  }
  wn_buf_put(&b, "](", 2);
  wn_buf_puts(&b, destination(r, src));
  wn_buf_putc(&b, ')');
  if (b.failed) r->out.failed = 1;
  else wn_render_raw(r, b.data, b.len);
  wn_buf_free(&b);
}

/*** Elements ***/

static void list_enter(wn_render *r, uint32_t i, int ordered) {
  md_state *m = st(r);
  if (r->cell || !room(r)) {
    r->space = 1;
    return;
  }
  unsigned depth = r->nlists;
  if (depth) {
    /* a list inside an item follows the item's text on the next line */
    if (!lead_pending(r)) wn_render_break(r, 1);
    r->hard = 0;
  } else {
    start_block(r);
  }
  if (depth < sizeof r->lists / sizeof *r->lists) {
    r->lists[depth].ordered = (uint16_t)ordered;
    r->lists[depth].counter = 0;
    int follows = m->list_end_wrote == r->wrote && m->list_end_depth == depth &&
                  m->list_end_ordered == ordered;
    m->alt[depth] = (uint8_t)(follows ? !m->list_end_alt : 0);
  }
  r->nlists++;
  push(r, i, K_LIST, 0);
}

static void list_exit(wn_render *r) {
  md_state *m = st(r);
  if (r->nlists) r->nlists--;
  unsigned depth = r->nlists;
  m->list_end_wrote = r->wrote;
  m->list_end_depth = depth;
  m->list_end_alt = depth < WN_MAX_LEADS ? m->alt[depth] : 0;
  m->list_end_ordered = depth < 32 ? r->lists[depth].ordered : 0;
  end_block(r);
}

static void item_enter(wn_render *r, uint32_t i) {
  if (r->cell || !room(r)) {
    r->space = 1;
    return;
  }
  if (r->soft) r->brk = 1; /* the item before ended a block: keep the list tight */
  wn_render_break(r, 1);
  r->hard = 0;
  r->soft = 0;
  char mark[16];
  int n;
  unsigned depth = r->nlists ? r->nlists - 1 : 0;
  wn_list *l = r->nlists && depth < 32 ? &r->lists[depth] : NULL;
  int alt = depth < WN_MAX_LEADS ? st(r)->alt[depth] : 0;
  if (l && l->ordered) n = snprintf(mark, sizeof mark, "%u%c ", ++l->counter, alt ? ')' : '.');
  else n = snprintf(mark, sizeof mark, "%c ", alt ? '*' : '-');
  push_lead(r, mark, (size_t)n, 0);
  push(r, i, K_ITEM, 0);
}

static void heading_enter(wn_render *r, uint32_t i, unsigned level) {
  if (r->cell || r->heading || !room(r)) {
    start_block(r);
    return;
  }
  start_block(r);
  static const char hashes[] = "###### ";
  size_t n = level + 1;
  wn_render_prefix(r, hashes + 6 - level, n);
  r->heading++;
  push(r, i, K_HEADING, n);
}

static void pre_enter(wn_render *r, uint32_t i) {
  md_state *m = st(r);
  if (r->cell || r->pre || !room(r)) {
    if (r->cell) r->space = 1;
    return;
  }
  start_block(r);
  char lang[32], fence[64];
  code_language(r, i, lang, sizeof lang);
  unsigned ticks = longest_ticks(r, i, NULL) + 1;
  if (ticks < 3) ticks = 3;
  if (ticks > 40) ticks = 40;
  memset(fence, '`', ticks);
  m->fence = ticks;
  int n = snprintf(fence + ticks, sizeof fence - ticks, "%s", lang);
  wn_render_raw(r, fence, ticks + (size_t)n);
  wn_render_eol(r);
  r->pre++;
  push(r, i, K_PRE, 0);
}

static void pre_exit(wn_render *r) {
  md_state *m = st(r);
  char fence[64];
  memset(fence, '`', m->fence);
  if (r->pre) r->pre--;
  if (!r->need_lead) wn_render_eol(r);
  r->brk = 0;
  r->space = 0;
  r->prefix_len = 0;
  wn_render_raw(r, fence, m->fence);
  end_block(r);
}

/* CommonMark's classes of the characters around a delimiter run: 0
 * whitespace (or a line's end), 1 punctuation or symbol, 2 other. */
static int char_class(int32_t cp) {
  if (cp < 0 || cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f') return 0;
  if (cp < 0x80)
    return (cp >= '!' && cp <= '/') || (cp >= ':' && cp <= '@') || (cp >= '[' && cp <= '`') ||
                   (cp >= '{' && cp <= '~')
               ? 1
               : 2;
  switch (utf8proc_category(cp)) {
  case UTF8PROC_CATEGORY_ZS: return 0;
  case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
  case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
  case UTF8PROC_CATEGORY_PO: case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SC:
  case UTF8PROC_CATEGORY_SK: case UTF8PROC_CATEGORY_SO:
    return 1;
  default: return 2;
  }
}

/* The last code point of s[0..len), or -1. */
static int32_t last_cp(const char *s, size_t len) {
  if (!len) return -1;
  size_t k = len - 1;
  while (k && ((unsigned char)s[k] & 0xC0) == 0x80 && len - k < 4) k--;
  utf8proc_int32_t cp;
  return utf8proc_iterate((const utf8proc_uint8_t *)s + k, (utf8proc_ssize_t)(len - k), &cp) > 0 ? cp : -1;
}

/* Class of what an opener written now would follow. */
static int class_before(const wn_render *r) {
  if (r->brk || r->space || !r->out.len || r->need_lead) return 0;
  if (r->prefix_len) return char_class((unsigned char)r->prefix[r->prefix_len - 1]);
  return char_class(last_cp(r->out.data, r->out.len));
}

/* Class of the first character after element i, as far as the text goes
 * on inline (a block boundary counts as whitespace). */
static int class_after(const wn_render *r, uint32_t i) {
  const wn_node *nodes = r->dom->nodes;
  uint32_t root = r->sel->root, stop = root != WN_NONE ? nodes[root].end : r->dom->count;
  for (uint32_t k = nodes[i].end, seen = 0; k < stop && seen < 64; k++, seen++) {
    if (nodes[k].tag != WN_TAG_TEXT) {
      uint32_t fl = r->fs->f[k].flags;
      if ((fl & WN_F_DROP) || r->sel->skip[k]) {
        k = nodes[k].end - 1;
        continue;
      }
      if ((fl & WN_F_BLOCK) || nodes[k].tag == WN_TAG_BR) return 0;
      continue;
    }
    if (!nodes[k].len) continue;
    utf8proc_int32_t cp;
    if (utf8proc_iterate((const utf8proc_uint8_t *)nodes[k].text, nodes[k].len, &cp) <= 0) return 0;
    return char_class(cp);
  }
  return 0;
}

/* Bytes looked through at either end of a text node for its first or
 * last visible character: enough for any real page, and nested spans
 * over long runs of spaces stay linear. */
#define EDGE_SCAN 256

/* The first (from_end = 0) or last non-space code point of text node k,
 * or -1; *edge_space says whether the node starts (ends) with a space. */
static int32_t visible_end(const wn_node *nd, int from_end, int *edge_space) {
  const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)nd->text, *e = s + nd->len;
  *edge_space = 0;
  if (!nd->len) return -1;
  if (!from_end) {
    for (const utf8proc_uint8_t *p = s; p < e && p - s < EDGE_SCAN;) {
      utf8proc_int32_t cp;
      utf8proc_ssize_t n = utf8proc_iterate(p, e - p, &cp);
      if (n <= 0) return -1;
      if (char_class(cp)) return cp;
      if (p == s) *edge_space = 1;
      p += n;
    }
    return -1;
  }
  const utf8proc_uint8_t *p = e;
  while (p > s && e - p < EDGE_SCAN) {
    const utf8proc_uint8_t *q = p - 1;
    while (q > s && (*q & 0xC0) == 0x80) q--;
    utf8proc_int32_t cp;
    if (utf8proc_iterate(q, p - q, &cp) <= 0) return -1;
    if (char_class(cp)) return cp;
    if (p == e) *edge_space = 1;
    p = q;
  }
  return -1;
}

/* Whether "*" around subtree i would be read as emphasis: the opener
 * must be left-flanking and the closer right-flanking (CommonMark 6.2);
 * **"Quote"**text is not, and is then left plain.  Spaces at the span's
 * edges are written outside the delimiters (render.c's lazy space).  The
 * caller made sure the subtree is small (holds_block). */
static int flanks(const wn_render *r, uint32_t i) {
  const wn_node *nodes = r->dom->nodes;
  int32_t first = -1, last = -1;
  int lead_space = 0, trail_space = 0, seen = 0;
  for (uint32_t k = i + 1; k < nodes[i].end; k++) {
    if (nodes[k].tag != WN_TAG_TEXT) {
      if ((r->fs->f[k].flags & WN_F_DROP) || r->sel->skip[k]) k = nodes[k].end - 1;
      continue;
    }
    if (!nodes[k].len || (r->fs->f[k].flags & WN_F_DROP)) continue;
    int sp_start, sp_end;
    int32_t a = visible_end(&nodes[k], 0, &sp_start);
    int32_t b = visible_end(&nodes[k], 1, &sp_end);
    if (!seen) lead_space = sp_start || a < 0;
    seen = 1;
    if (a >= 0) {
      if (first < 0) first = a;
      last = b >= 0 ? b : a;
      trail_space = sp_end;
    } else {
      trail_space = 1;
    }
  }
  if (first < 0) return 0; /* no text to mark */
  int before = lead_space ? 0 : class_before(r);
  int after = trail_space ? 0 : class_after(r, i);
  int left = char_class(first) != 1 || before != 2;
  int right = char_class(last) != 1 || after != 2;
  return left && right;
}

/* A span of the same kind closed right before (<em>a</em><em>.</em>):
 * "*a**.*" would not read as two, so the first is reopened instead. */
static int reopen(wn_render *r, int kind, const char *close, size_t n) {
  md_state *m = st(r);
  /* after a failed write the buffer's length no longer counts the marks */
  if (r->out.failed || m->close_kind != kind || m->close_end != r->out.len || m->close_wrote != r->wrote ||
      r->prefix_len || r->space || r->brk || m->close_len != n || memcmp(m->close, close, n))
    return 0;
  r->out.len -= n;
  return 1;
}

static void span_enter(wn_render *r, uint32_t i, int kind) {
  const wn_node *nd = &r->dom->nodes[i];
  md_state *m = st(r);
  if (r->pre || r->code || !room(r)) return;
  switch (kind) {
  case K_BOLD:
  case K_ITALIC: {
    size_t n = kind == K_BOLD ? 2 : 1;
    if (holds_block(r, i)) return;
    if (reopen(r, kind, "**", n)) {
      md_span *s = push(r, i, kind, 0);
      if (s) s->reopened = 1;
      return;
    }
    if (!flanks(r, i)) return;
    wn_render_prefix(r, "**", n);
    push(r, i, kind, n);
    break;
  }
  case K_CODE: {
    if (holds_block(r, i)) return;
    int edge;
    unsigned ticks = longest_ticks(r, i, &edge) + 1;
    if (ticks > 16) return;
    char open[20];
    memset(open, '`', ticks);
    size_t n = ticks;
    if (edge) open[n++] = ' ';
    char close[20];
    size_t cn = 0;
    if (edge) close[cn++] = ' ';
    memset(close + cn, '`', ticks);
    cn += ticks;
    r->code++;
    md_span *s;
    if (reopen(r, kind, close, cn)) {
      s = push(r, i, K_CODE, 0);
      if (s) s->reopened = 1;
    } else {
      wn_render_prefix(r, open, n);
      s = push(r, i, K_CODE, n);
    }
    if (s) {
      s->pad = (uint8_t)edge;
      s->ticks = (uint8_t)ticks;
    }
    break;
  }
  case K_LINK:
    if (!(m->flags & WINNOW_OPT_LINKS) || m->links || !usable_href(wn_node_attr(nd, WN_ATTR_HREF)) ||
        holds_block(r, i))
      return;
    wn_render_prefix(r, "[", 1);
    m->links++;
    push(r, i, K_LINK, 1);
    break;
  default: break;
  }
}

static void close_span(wn_render *r, int kind, const char *s, size_t n) {
  md_state *m = st(r);
  wn_render_close(r, s, n);
  m->close_kind = kind;
  m->close_end = r->out.len;
  m->close_wrote = r->wrote;
  m->close_len = n < sizeof m->close ? n : 0;
  memcpy(m->close, s, m->close_len);
}

/* Closes span s: nothing was written inside it, so its opener is taken
 * back from the prefix, or its closer is written. */
static void span_exit(wn_render *r, md_span *s) {
  md_state *m = st(r);
  const wn_node *nd = &r->dom->nodes[s->node];
  int empty = r->wrote == s->wrote && !s->reopened;
  if (s->kind == K_CODE && r->code) r->code--;
  if (s->kind == K_LINK && m->links) m->links--;
  if (empty) {
    if (r->prefix_len >= s->open_len) r->prefix_len -= s->open_len;
    return;
  }
  switch (s->kind) {
  case K_BOLD: close_span(r, K_BOLD, "**", 2); break;
  case K_ITALIC: close_span(r, K_ITALIC, "*", 1); break;
  case K_CODE: {
    char close[20];
    size_t n = 0;
    if (s->pad) close[n++] = ' ';
    memset(close + n, '`', s->ticks);
    close_span(r, K_CODE, close, n + s->ticks);
    break;
  }
  case K_LINK: {
    const char *dst = destination(r, wn_node_attr(nd, WN_ATTR_HREF));
    wn_render_close(r, "](", 2);
    wn_render_close(r, dst, strlen(dst));
    wn_render_close(r, ")", 1);
    break;
  }
  default: break;
  }
}

/* A table that lays out the page rather than holding data: a cell with a
 * table, a heading, a list, a quote or code in it, or with two blocks of
 * text or more; or a single column (a box around a pull quote).  A pipe
 * table would squeeze all of it onto one line, so its rows and cells are
 * written as the blocks they are. */
static int layout_table(const wn_render *r, uint32_t t, unsigned columns) {
  const wn_node *nodes = r->dom->nodes;
  if (columns <= 1) return 1;
  uint32_t cell_end = 0;
  unsigned blocks = 0;
  for (uint32_t k = t + 1; k < nodes[t].end; k++) {
    unsigned tag = nodes[k].tag;
    if (tag == WN_TAG_TEXT) continue;
    if ((r->fs->f[k].flags & WN_F_DROP) || r->sel->skip[k]) {
      k = nodes[k].end - 1;
      continue;
    }
    if (tag == WN_TAG_TD || tag == WN_TAG_TH) {
      cell_end = nodes[k].end;
      blocks = 0;
      continue;
    }
    if (k >= cell_end) continue;
    switch (tag) {
    case WN_TAG_TABLE: case WN_TAG_H1: case WN_TAG_H2: case WN_TAG_H3: case WN_TAG_H4:
    case WN_TAG_H5: case WN_TAG_H6: case WN_TAG_UL: case WN_TAG_OL: case WN_TAG_DL:
    case WN_TAG_BLOCKQUOTE: case WN_TAG_PRE:
      return 1;
    default:
      if ((r->fs->f[k].flags & WN_F_BLOCK) && r->fs->f[k].own.chars && ++blocks >= 2) return 1;
    }
  }
  return 0;
}

static void table_enter(wn_render *r, uint32_t i) {
  md_state *m = st(r);
  if (r->cell || !room(r)) {
    r->table++;
    r->space = 1;
    return;
  }
  unsigned columns = count_columns(r, i);
  if (layout_table(r, i, columns)) {
    start_block(r);
    push(r, i, K_LAYOUT, 0);
    return;
  }
  r->table++;
  start_block(r);
  m->rows = 0;
  m->columns = columns;
  push(r, i, K_TABLE, 0);
}

static void row_enter(wn_render *r, uint32_t i) {
  if (!r->table && !r->cell) { /* a row of a layout table */
    start_block(r);
    return;
  }
  if (r->cell || r->table != 1 || !room(r)) {
    r->space = 1;
    return;
  }
  wn_render_break(r, 1);
  r->hard = 0;
  r->prefix_len = 0;
  r->cells = 0;
  st(r)->cells_written = 0;
  wn_render_prefix(r, "| ", 2);
  push(r, i, K_ROW, 2);
}

static void row_exit(wn_render *r, md_span *s) {
  md_state *m = st(r);
  r->prefix_len = 0; /* separators of trailing empty cells */
  if (r->wrote == s->wrote) return; /* an empty row is left out, as in text */
  wn_render_close(r, " |", 2);
  if (m->rows++ == 0) {
    /* the first row is the header; it must have every column */
    for (unsigned k = m->cells_written; k < m->columns; k++) wn_render_close(r, " |", 2);
    wn_render_break(r, 1);
    wn_render_raw(r, "|", 1);
    for (unsigned k = 0; k < m->columns; k++) wn_render_close(r, " --- |", 6);
  }
  wn_render_break(r, 1);
}

static void cell_enter(wn_render *r, uint32_t i) {
  if (!r->table && !r->cell) { /* a cell of a layout table */
    start_block(r);
    return;
  }
  if (r->cell || r->table != 1 || !room(r)) {
    r->space = 1;
    return;
  }
  if (r->cells++) {
    r->space = 0;
    wn_render_prefix(r, " | ", 3);
  }
  r->cell++;
  push(r, i, K_CELL, 0);
}

static void cell_exit(wn_render *r, md_span *s) {
  if (r->cell) r->cell--;
  if (r->wrote != s->wrote) st(r)->cells_written = r->cells;
  r->space = 0;
}

static void md_enter(wn_render *r, uint32_t i) {
  const wn_node *nd = &r->dom->nodes[i];
  switch (nd->tag) {
  case WN_TAG_UL: case WN_TAG_MENU: list_enter(r, i, 0); break;
  case WN_TAG_OL: list_enter(r, i, 1); break;
  case WN_TAG_LI: item_enter(r, i); break;
  case WN_TAG_BR:
    if (r->code) {
      r->space = 1; /* a code span is one line */
    } else if (r->cell) {
      wn_render_raw(r, "<br>", 4);
    } else if (r->heading) {
      r->space = 1;
    } else if (r->pre || r->brk >= 1) {
      /* a second <br> in a row ends the paragraph, as in text */
      wn_render_break(r, r->brk >= 1 ? 2 : 1);
      r->hard = 0;
    } else {
      wn_render_break(r, 1);
      r->hard = 1;
    }
    break;
  case WN_TAG_H1: case WN_TAG_H2: case WN_TAG_H3: case WN_TAG_H4: case WN_TAG_H5: case WN_TAG_H6:
    heading_enter(r, i, (unsigned)(nd->tag - WN_TAG_H1 + 1));
    break;
  case WN_TAG_BLOCKQUOTE:
    if (r->cell || !room(r)) {
      start_block(r);
      break;
    }
    start_block(r);
    push_lead(r, "> ", 2, 1);
    push(r, i, K_QUOTE, 0);
    break;
  case WN_TAG_PRE: pre_enter(r, i); break;
  case WN_TAG_B: case WN_TAG_STRONG: span_enter(r, i, K_BOLD); break;
  case WN_TAG_I: case WN_TAG_EM: span_enter(r, i, K_ITALIC); break;
  case WN_TAG_CODE: case WN_TAG_KBD: case WN_TAG_SAMP: span_enter(r, i, K_CODE); break;
  case WN_TAG_A: span_enter(r, i, K_LINK); break;
  case WN_TAG_IMG:
    if (st(r)->flags & WINNOW_OPT_IMAGES) image(r, nd);
    break;
  case WN_TAG_TABLE: table_enter(r, i); break;
  case WN_TAG_TR: row_enter(r, i); break;
  case WN_TAG_TD: case WN_TAG_TH: cell_enter(r, i); break;
  case WN_TAG_CAPTION:
    if (!r->table && !r->cell) {
      start_block(r);
      break;
    }
    if (r->cell || r->table != 1 || !room(r)) {
      r->space = 1;
      break;
    }
    wn_render_break(r, 2);
    push(r, i, K_CAPTION, 0);
    break;
  case WN_TAG_WBR: break;
  default:
    /* thead, tbody: between the rows of a pipe table only rows count */
    if ((r->fs->f[i].flags & WN_F_BLOCK) && !(r->table && !r->cell)) start_block(r);
    break;
  }
}

static void md_exit(wn_render *r, uint32_t i) {
  md_state *m = st(r);
  const wn_node *nd = &r->dom->nodes[i];
  if (m->nspan && m->span[m->nspan - 1].node == i) {
    md_span *s = &m->span[--m->nspan];
    switch (s->kind) {
    case K_BOLD: case K_ITALIC: case K_CODE: case K_LINK: span_exit(r, s); return;
    case K_HEADING:
      if (r->heading) r->heading--;
      if (r->wrote == s->wrote && r->prefix_len >= s->open_len) r->prefix_len -= s->open_len;
      end_block(r);
      return;
    case K_QUOTE:
      pop_lead(r);
      end_block(r);
      return;
    case K_ITEM:
      pop_lead(r);
      r->prefix_len = 0;
      wn_render_break(r, 1);
      r->hard = 0;
      return;
    case K_LIST: list_exit(r); return;
    case K_PRE: pre_exit(r); return;
    case K_TABLE:
      if (r->table) r->table--;
      end_block(r);
      return;
    case K_LAYOUT: end_block(r); return;
    case K_ROW: row_exit(r, s); return;
    case K_CELL: cell_exit(r, s); return;
    case K_CAPTION: wn_render_break(r, 2); return;
    default: return;
    }
  }
  switch (nd->tag) {
  case WN_TAG_TABLE:
    if (r->table) r->table--;
    r->space = 1;
    break;
  case WN_TAG_BR: case WN_TAG_IMG: case WN_TAG_WBR: break;
  default:
    if ((r->fs->f[i].flags & WN_F_BLOCK) && !(r->table && !r->cell)) end_block(r);
    break;
  }
}

/* A <picture> is dropped as media; with --images its <img> is kept. */
static void md_dropped(wn_render *r, uint32_t i) {
  const wn_node *nodes = r->dom->nodes;
  if (nodes[i].tag != WN_TAG_PICTURE || !(st(r)->flags & WINNOW_OPT_IMAGES)) return;
  for (uint32_t k = i + 1; k < nodes[i].end; k++)
    if (nodes[k].tag == WN_TAG_IMG) {
      image(r, &nodes[k]);
      return;
    }
}

const wn_render_ops wn_md_ops = {md_enter, md_exit, md_dropped, NULL};

winnow_status wn_render_md(const winnow_doc *d, wn_buf *out) {
  md_state *m = d->arena.mem.alloc(d->arena.mem.userdata, sizeof *m);
  if (!m) return WINNOW_E_NOMEM;
  memset(m, 0, sizeof *m);
  m->flags = d->flags;
  m->base = d->meta.base;
  m->list_end_wrote = UINT32_MAX;
  wn_buf_init(&m->url, &d->arena.mem);

  wn_render r;
  wn_render_init(&r, &d->dom, &d->fs, &d->sel, d->flags, *out);
  r.md = 1;
  r.need_lead = 1;
  r.fmt = m;
  if ((d->flags & WINNOW_OPT_TITLE) && d->title) {
    wn_render_prefix(&r, "# ", 2);
    r.heading = 1;
    wn_render_text(&r, d->title, strlen(d->title));
    r.heading = 0;
    r.prefix_len = 0;
    wn_render_break(&r, 2);
  }
  winnow_status s = wn_render_run(&r, &wn_md_ops);
  if (!s && m->url.failed) s = WINNOW_E_NOMEM;
  *out = r.out;
  wn_buf_free(&m->url);
  d->arena.mem.free(d->arena.mem.userdata, m);
  return s;
}
