/* Stage 1b, pre-pass: one linear scan that bounds what reaches Gumbo and
 * drops bytes that can never be article text (see prepass.h).
 *
 * This file is the tokenizer: a small HTML tokenizer (WHATWG
 * "tokenization": the parts that decide where tags, comments and raw
 * text are), the output, and wn_prepass().  It feeds every tag in HTML
 * content to a model of Gumbo 0.10.1's tree builder (prepass_tree.c),
 * which decides whether the tag is written.  It may call the model's
 * functions declared in prepass_int.h, and nothing else of it; the model
 * calls nothing here.  What the tokenizer does itself:
 *  - <svg>/<math> content is skipped up to its end tag (bare: Gumbo
 *    compares "</svg>" by its source text), or to where Gumbo leaves it:
 *    an HTML "breakout" start tag, or an end tag that closes an element
 *    holding it.  When that was a guess (integration points such as
 *    <foreignObject> hold HTML), or the svg never closes (then the rest is
 *    scanned again and copied: at most two passes), the model is "unsure"
 *    until the element holding the svg closes: every start tag nests, an
 *    end tag closes the current node only, raw text bodies go.
 *  - Raw text: script (with its "<!--" escapes), style, noscript, iframe,
 *    noembed, noframes bodies are emptied, except JSON-LD scripts; title,
 *    textarea, xmp are kept; <plaintext> makes the rest text.  <template>
 *    content is emptied.  Comments go; the doctype stays.
 *
 * Output is never longer than the input plus WN_SYNTH_BYTES' room:
 * everything written is a copy of input bytes, except "&lt;" (see
 * guard()) and " />" after cut attributes, both paid for by dropped
 * bytes, and the end tags of close_stale(), which have that room of their
 * own.  So one allocation is enough.
 *
 * Nothing here allocates outside the arena, prints, or keeps state
 * between calls: the tables are const. */
#include "prepass_int.h"

/*** Character classes ***/

enum {
  C_WS = 1,      /* \t \n \f \r space */
  C_NAMEEND = 2, /* ends a tag name: ws / > */
  C_ATTREND = 4, /* ends an attribute name: ws / > = */
  C_UQEND = 8,   /* ends an unquoted value: ws > */
  C_ALPHA = 16
};

#define WS_ (C_WS | C_NAMEEND | C_ATTREND | C_UQEND)
#define L_(c) [c] = C_ALPHA
static const unsigned char cls[256] = {
    ['\t'] = WS_, ['\n'] = WS_, ['\f'] = WS_, ['\r'] = WS_, [' '] = WS_,
    ['/'] = C_NAMEEND | C_ATTREND,
    ['>'] = C_NAMEEND | C_ATTREND | C_UQEND,
    ['='] = C_ATTREND,
    L_('A'), L_('B'), L_('C'), L_('D'), L_('E'), L_('F'), L_('G'), L_('H'),
    L_('I'), L_('J'), L_('K'), L_('L'), L_('M'), L_('N'), L_('O'), L_('P'),
    L_('Q'), L_('R'), L_('S'), L_('T'), L_('U'), L_('V'), L_('W'), L_('X'),
    L_('Y'), L_('Z'),
    L_('a'), L_('b'), L_('c'), L_('d'), L_('e'), L_('f'), L_('g'), L_('h'),
    L_('i'), L_('j'), L_('k'), L_('l'), L_('m'), L_('n'), L_('o'), L_('p'),
    L_('q'), L_('r'), L_('s'), L_('t'), L_('u'), L_('v'), L_('w'), L_('x'),
    L_('y'), L_('z'),
};
#undef L_
#undef WS_

static uc lower(uc c) { return c >= 'A' && c <= 'Z' ? (uc)(c + 32) : c; }

/* s[0..k) equals the lowercase ASCII word w, ignoring ASCII case. */
static int caseeq(const uc *s, const char *w, size_t k) {
  for (size_t i = 0; i < k; i++)
    if (lower(s[i]) != (uc)w[i]) return 0;
  return 1;
}

/* Index in wn_pp_tags of s[0..k) (any case), or -1. */
static int lookup(const uc *s, size_t k) {
  char buf[16];
  if (k == 0 || k >= sizeof buf) return -1;
  memset(buf, 0, sizeof buf);
  for (size_t i = 0; i < k; i++) {
    if (!s[i]) return -1; /* U+FFFD to the tokenizer: no known name */
    buf[i] = (char)lower(s[i]);
  }
  int lo = 0, hi = T_COUNT - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    int c = memcmp(buf, wn_pp_tags[mid].name, sizeof buf);
    if (c == 0) return mid;
    if (c < 0)
      hi = mid - 1;
    else
      lo = mid + 1;
  }
  return -1;
}

static uint32_t name_key(const uc *s, size_t k, int id) {
  if (id >= 0) return (uint32_t)id;
  uint32_t h = 2166136261u; /* FNV-1a */
  for (size_t i = 0; i < k; i++) h = (h ^ lower(s[i])) * 16777619u;
  return UNKNOWN_BIT | h;
}

/*** Output ***/

/* Called where a construct of at least 3 bytes was dropped and output may
 * go on.  A text "<" just before it could now meet a letter, "/", "!" or
 * "?" and become markup ("<<!---->div>" must stay text): write it as
 * "&lt;", the same character, paid for by the dropped bytes.  (Output text
 * only ever ends in a lone "<": a "<" followed by "/" is never text.)
 *
 * A character reference cut by a drop, as in "&amp<!---->;", would decode
 * differently afterwards ("&;" becomes "&"): comments are kept there (see
 * in_charref()).  A dropped tag (a limit applied) does not get that care;
 * the text stays text. */
static void guard(pp *p, size_t resume) {
  if (resume < p->n && p->ol && p->o[p->ol - 1] == '<' &&
      p->ocap - p->ol >= 3) {
    memcpy(p->o + p->ol - 1, "&lt;", 4);
    p->ol += 3;
  }
}

/* The output ends inside what may be a character reference ("&amp",
 * "&#6"): the next text byte could change how it decodes. */
static int in_charref(const pp *p) {
  size_t k = p->ol, stop = k > 40 ? k - 40 : 0;
  while (k > stop) {
    uc c = (uc)p->o[--k];
    if (c == '&') return 1;
    if (!(cls[c] & C_ALPHA) && !(c >= '0' && c <= '9') && c != '#') return 0;
  }
  return 0;
}

/* Whether s[0..k) is a mark React's streamed HTML puts around a part
 * that arrives later ("<!--$?-->" before, "<!--/$-->" after its
 * placeholder): dom.c needs them to put the part in its place. */
static int react_mark(const uc *s, size_t k) {
  return (k == 8 && !memcmp(s, "<!--$-->", 8)) || (k == 9 && (!memcmp(s, "<!--$?-->", 9) ||
                                                               !memcmp(s, "<!--$!-->", 9) ||
                                                               !memcmp(s, "<!--/$-->", 9)));
}

/* Drops the comment s[b..e) in HTML content, or keeps it where dropping
 * would join a character reference to the text after it, or a CR to an
 * LF (two line breaks would become one), and React's marks. */
static void drop_comment(pp *p, size_t b, size_t e) {
  if ((e < p->n && (in_charref(p) || (p->ol && p->o[p->ol - 1] == '\r' &&
                                      p->s[e] == '\n'))) ||
      react_mark(p->s + b, e - b))
    put(p, p->s + b, e - b);
  else
    guard(p, e);
}

/*** Tags ***/

static int is_ldjson(const uc *v, size_t k) {
  while (k && (cls[v[0]] & C_WS)) v++, k--;
  while (k && (cls[v[k - 1]] & C_WS)) k--;
  return k == 19 && caseeq(v, "application/ld+json", 19);
}

/* Tokenizes the tag whose name starts at s[i] (just after "<" or "</"):
 * tag name, then attributes with double-, single- or un-quoted values,
 * up to the '>' that is not inside a quoted value. */
static void scan_tag(const pp *p, size_t i, tag *t) {
  const uc *s = p->s;
  size_t n = p->n, b = i;
  while (i < n && !(cls[s[i]] & C_NAMEEND)) i++;
  t->id = lookup(s + b, i - b);
  t->key = name_key(s + b, i - b, t->id);
  t->keep_end = t->name_end = i;
  t->nattr = 0;
  t->selfclose = t->eof = t->ldjson = t->fontattr = 0;
  int want_type = t->id == T_SCRIPT, want_font = t->id == T_FONT;
  for (;;) {
    while (i < n && (cls[s[i]] & C_WS)) i++;
    if (i >= n) break;
    if (s[i] == '>') {
      t->end = i + 1;
      return;
    }
    if (s[i] == '/') {
      i++;
      if (i < n && s[i] == '>') {
        t->selfclose = 1;
        t->end = i + 1;
        return;
      }
      continue;
    }
    size_t ab = i++; /* the first character is part of the name, even '=' */
    while (i < n && !(cls[s[i]] & C_ATTREND)) i++;
    size_t ae = i, vb = i, ve = i, j = i;
    while (j < n && (cls[s[j]] & C_WS)) j++;
    if (j < n && s[j] == '=') {
      j++;
      while (j < n && (cls[s[j]] & C_WS)) j++;
      if (j >= n) break;
      if (s[j] == '"' || s[j] == '\'') {
        const uc *q = memchr(s + j + 1, s[j], n - j - 1);
        if (!q) break;
        vb = j + 1;
        ve = (size_t)(q - s);
        i = ve + 1;
      } else {
        vb = j;
        while (j < n && !(cls[s[j]] & C_UQEND)) j++;
        ve = i = j;
      }
    }
    if (++t->nattr == p->max_attrs) t->keep_end = i;
    /* only attributes that are kept count (Gumbo sees no others) */
    if (t->nattr > p->max_attrs) want_type = want_font = 0;
    if (want_type && ae - ab == 4 && caseeq(s + ab, "type", 4)) {
      want_type = 0; /* the first one counts */
      t->ldjson = (unsigned char)is_ldjson(s + vb, ve - vb);
    }
    if (want_font && ae - ab == 4 &&
        (caseeq(s + ab, "face", 4) || caseeq(s + ab, "size", 4)))
      t->fontattr = 1;
    if (want_font && ae - ab == 5 && caseeq(s + ab, "color", 5))
      t->fontattr = 1;
  }
  /* end of input inside the tag: the tokenizer drops the tag */
  t->eof = 1;
  t->end = n;
}

/* Writes the tag s[b..t->end), without the attributes past max_attrs. */
static void emit_tag(pp *p, size_t b, const tag *t) {
  if (t->nattr > p->max_attrs) {
    put(p, p->s + b, t->keep_end - b);
    /* " />": an unquoted value must not swallow the slash */
    if (t->selfclose)
      put(p, " />", 3);
    else
      put(p, ">", 1);
    p->warn |= WINNOW_WARN_ATTRS;
  } else {
    put(p, p->s + b, t->end - b);
  }
}

/* A start tag that ends foreign content (outside integration points). */
static int is_breakout(const tag *t, uint32_t f) {
  return (f & F_BREAKOUT) || (t->id == T_FONT && t->fontattr);
}

/*** Skipping: comments, raw text, foreign content ***/

/* After "<!--" at i: the end of the comment ("-->", "--!>", or the
 * abrupt "<!-->" and "<!--->"), or n when unclosed. */
static size_t comment_end(const uc *s, size_t n, size_t i) {
  size_t k = i + 4;
  if (k < n && s[k] == '>') return k + 1;
  if (k + 1 < n && s[k] == '-' && s[k + 1] == '>') return k + 2;
  while (k < n) {
    const uc *d = memchr(s + k, '-', n - k);
    if (!d) return n;
    k = (size_t)(d - s);
    if (k + 2 < n && s[k + 1] == '-') {
      if (s[k + 2] == '>') return k + 3;
      if (s[k + 2] == '!' && k + 3 < n && s[k + 3] == '>') return k + 4;
    }
    k++;
  }
  return n;
}

/* After "<![CDATA[" at i (foreign content): past "]]>", or n. */
static size_t cdata_end(const uc *s, size_t n, size_t i) {
  size_t k = i + 9;
  while (k < n) {
    const uc *d = memchr(s + k, ']', n - k);
    if (!d) return n;
    k = (size_t)(d - s);
    if (k + 2 < n && s[k + 1] == ']' && s[k + 2] == '>') return k + 3;
    k++;
  }
  return n;
}

/* Past the next '>' from i, or n. */
static size_t gt_end(const uc *s, size_t n, size_t i) {
  const uc *q = i < n ? memchr(s + i, '>', n - i) : NULL;
  return q ? (size_t)(q - s) + 1 : n;
}

/* Offset of the "</name" (any case) followed by whitespace, '/' or '>'
 * that ends raw text started at i, or n. */
/* "<script" or "</script" (skip 1 or 2) at s[i], then whitespace, '/' or
 * '>'. */
static int script_tag_at(const uc *s, size_t n, size_t i, size_t skip) {
  return i + skip + 6 < n && caseeq(s + i + skip, "script", 6) &&
         (cls[s[i + skip + 6]] & C_NAMEEND);
}

/* Where script data ends: its escape states ("<!--" ... "-->", and
 * "<script" inside them, until "</script") keep a "</script>" written in
 * an old-style document.write() from ending it, as the tokenizer does. */
static size_t script_end(const uc *s, size_t n, size_t i) {
  int state = 0; /* data, escaped, double escaped */
  size_t lt = i, dash = i; /* next '<' and '-' at or after them (n: none) */
  while (i < n) {
    if (state == 0) {
      const uc *q = memchr(s + i, '<', n - i);
      if (!q) return n;
      i = (size_t)(q - s);
      if (s[i + 1 < n ? i + 1 : i] == '/' && script_tag_at(s, n, i, 2))
        return i;
      if (i + 3 < n && s[i + 1] == '!' && s[i + 2] == '-' && s[i + 3] == '-') {
        state = 1;
        i += 2; /* the dashes may also close it: "<!-->" */
        continue;
      }
      i++;
      continue;
    }
    if (lt < i) {
      const uc *q = memchr(s + i, '<', n - i);
      lt = q ? (size_t)(q - s) : n;
    }
    if (dash < i) {
      const uc *q = memchr(s + i, '-', n - i);
      dash = q ? (size_t)(q - s) : n;
    }
    if (lt >= n && dash >= n) return n;
    if (dash < lt) {
      size_t k = dash;
      while (k < n && s[k] == '-') k++;
      i = k;
      if (k - dash >= 2 && k < n && s[k] == '>') {
        state = 0; /* "-->" */
        i++;
      }
      continue;
    }
    i = lt;
    if (s[i + 1 < n ? i + 1 : i] == '/' && script_tag_at(s, n, i, 2)) {
      if (state == 1) return i;
      state = 1; /* "</script>" ends only the double escape */
      i += 8;
    } else if (state == 1 && script_tag_at(s, n, i, 1)) {
      state = 2;
      i += 7;
    } else {
      i++;
    }
  }
  return n;
}

/* Offset of the "</name" (any case) followed by whitespace, '/' or '>'
 * at or after i, or n. */
static size_t plain_end(const uc *s, size_t n, size_t i, const char *name) {
  size_t k = strlen(name);
  while (i < n) {
    const uc *q = memchr(s + i, '<', n - i);
    if (!q) return n;
    i = (size_t)(q - s);
    if (i + 2 + k < n && s[i + 1] == '/' && caseeq(s + i + 2, name, k) &&
        (cls[s[i + 2 + k]] & C_NAMEEND))
      return i;
    i++;
  }
  return n;
}

static size_t raw_end(const uc *s, size_t n, size_t i, const char *name) {
  size_t k = strlen(name);
  if (k == 6 && memcmp(name, "script", 6) == 0) return script_end(s, n, i);
  return plain_end(s, n, i, name);
}

/*** Raw text with no end ***/

/* A start tag of title, script, style, textarea... whose end tag never
 * comes makes the rest of the page its text: the page is lost.  Scrapes
 * have that (a truncated head, a script that wrote into the title, a
 * "<script src=x />").  Where the raw text plainly runs into the page,
 * the pass ends it there with an end tag of its own (paid from the
 * synthetic room, see WN_SYNTH_BYTES), so what follows is read:
 *  - a title whose text reaches markup that opens a line, or markup after
 *    more than WN_TITLE_MAX bytes, ends before that markup (a
 *    well-formed title may run over lines, or hold a "<b>" in its text,
 *    but none starts a line with a tag or runs that long);
 *  - any other raw text element with no end tag at all ends before the
 *    first markup that opens a line, else before the first markup.
 * "Markup" is '<' then a letter, '/' or '!'.  Searches are remembered
 * (pp.rend_*, pp.lsm_*), so however many such tags a page has, each byte
 * is searched a bounded number of times. */
#define WN_TITLE_MAX 512u

/* A tag, end tag, comment or doctype may start at s[k]. */
static int markup_at(const uc *s, size_t n, size_t k) {
  return s[k] == '<' && k + 1 < n &&
         ((cls[s[k + 1]] & C_ALPHA) || s[k + 1] == '/' || s[k + 1] == '!');
}

/* The first markup in s[i..end), or end. */
static size_t next_markup(const uc *s, size_t n, size_t i, size_t end) {
  while (i < end) {
    const uc *q = memchr(s + i, '<', end - i);
    if (!q) return end;
    i = (size_t)(q - s);
    if (markup_at(s, n, i)) return i;
    i++;
  }
  return end;
}

/* Markup at s[k] is the first thing on its line: only spaces and tabs
 * between it and a line end. */
static int opens_line(const uc *s, size_t k) {
  while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t')) k--;
  return k > 0 && (s[k - 1] == '\n' || s[k - 1] == '\r');
}

/* The first markup at or after i that opens a line, or n. */
static size_t line_markup(pp *p, size_t i) {
  if (p->lsm_at && p->lsm_from <= i && i <= p->lsm_at) return p->lsm_at;
  size_t k = i;
  while ((k = next_markup(p->s, p->n, k, p->n)) < p->n && !opens_line(p->s, k))
    k++;
  p->lsm_from = i;
  p->lsm_at = k;
  return k;
}

/* plain_end() for tag id, remembered: from any start between the last
 * search's and its result, the result is the same. */
static size_t end_of(pp *p, size_t i, int id) {
  if (p->rend_at[id] && p->rend_from[id] <= i && i <= p->rend_at[id])
    return p->rend_at[id];
  size_t k = plain_end(p->s, p->n, i, wn_pp_tags[id].name);
  p->rend_from[id] = i;
  p->rend_at[id] = k;
  return k;
}

/* Where the raw text of start tag t ends, as the tokenizer reads it: its
 * end tag, or n.  *cut: where the pass ends it instead (see above), or
 * that same offset. */
static size_t raw_text_end(pp *p, const tag *t, size_t *cut) {
  size_t b = t->end, n = p->n, e;
  if (t->id != T_SCRIPT) {
    e = end_of(p, b, t->id);
  } else if (p->rend_at[T_SCRIPT] == n && p->rend_from[T_SCRIPT] <= b) {
    e = n; /* no "</script" from here on: known */
  } else {
    e = script_end(p->s, n, b);
  }
  *cut = e;
  if (t->id == T_TITLE) {
    size_t m = next_markup(p->s, n, b, e);
    if (m < e && (opens_line(p->s, m) || e - b > WN_TITLE_MAX)) *cut = m;
  } else if (e >= n && end_of(p, b, t->id) >= n) {
    /* (a script's escapes can hide a "</script" that is there: then
     * it is left alone, as before) */
    size_t m = line_markup(p, b);
    *cut = m < n ? m : next_markup(p->s, n, b, n);
  }
  return e;
}

/* Raw text after the start tag t (which ends at t->end): writes the body
 * when keep, then the end tag.  Returns where scanning resumes. */
static size_t raw_text(pp *p, const tag *t, int keep, int write) {
  size_t cut, e = raw_text_end(p, t, &cut);
  if (cut < e) { /* ended early (see "Raw text with no end") */
    const char *name = wn_pp_tags[t->id].name;
    size_t k = strlen(name) + 3;
    if (!write) return cut;
    if (k <= p->xroom) {
      p->xroom -= k;
      if (keep) put(p, p->s + t->end, cut - t->end);
      put(p, "</", 2);
      put(p, name, k - 3);
      put(p, ">", 1);
      return cut;
    }
  }
  if (write && keep) put(p, p->s + t->end, e - t->end);
  if (e >= p->n) return p->n; /* runs to the end of input */
  tag et;
  scan_tag(p, e + 2, &et);
  if (et.eof) return p->n;
  if (write) emit_tag(p, e, &et);
  return et.end;
}

/* Names opened inside <svg>/<math>: a small open-addressing table. */
static wn_inner *inner_slot(pp *p, uint32_t key, int add) {
  uint32_t h = key * 2654435761u;
  for (uint32_t k = 0; k < WN_INNER_CAP; k++) {
    wn_inner *e = &p->fin[(h + k) & (WN_INNER_CAP - 1)];
    if (e->count && e->key == key) return e;
    if (!e->count) {
      if (!add) return NULL;
      e->key = key;
      return e;
    }
  }
  return NULL; /* full: untracked */
}

/*** Quirks mode (only to know whether <table> closes a <p>) ***/

/* w is a prefix of s[0..k), ignoring ASCII case on both sides. */
static int ci_prefix(const uc *s, size_t k, const char *w) {
  size_t wl = strlen(w);
  if (k < wl) return 0;
  for (size_t i = 0; i < wl; i++)
    if (lower(s[i]) != lower((uc)w[i])) return 0;
  return 1;
}

/* Reads a quoted identifier at d[*j]: 1 and its span, 0 when there is no
 * quote, -1 when '>' or the end comes first (the tokenizer then forces
 * quirks mode). */
static int doctype_id(const uc *d, size_t k, size_t *j, size_t *b,
                      size_t *len) {
  while (*j < k && (cls[d[*j]] & C_WS)) (*j)++;
  if (*j >= k || (d[*j] != '"' && d[*j] != '\'')) return 0;
  uc q = d[(*j)++];
  *b = *j;
  while (*j < k && d[*j] != q && d[*j] != '>') (*j)++;
  if (*j >= k || d[*j] == '>') return -1;
  *len = (*j)++ - *b;
  return 1;
}

/* Quirks mode from the doctype d[0..k) ("<!doctype" ... '>'), as Gumbo
 * 0.10.1 decides it: a missing or other name than "html", or a malformed
 * doctype, mean quirks.  Its lists of legacy public identifiers are
 * compared whole (the prefix lists too), so an ordinary legacy doctype
 * such as HTML 4.01 Transitional is not quirks there; an identifier that
 * might equal an entry leaves it Q_UNSURE. */
static int doctype_quirks(const uc *d, size_t k) {
  size_t j = 9, nb, pb = 0, pl = 0, sb = 0, sl = 0;
  int pub = 0, sys = 0;
  if (!k || d[k - 1] != '>') return Q_QUIRKS; /* cut by the end of input */
  k--;
  while (j < k && (cls[d[j]] & C_WS)) j++;
  nb = j;
  while (j < k && !(cls[d[j]] & C_WS)) j++;
  if (j - nb != 4 || !caseeq(d + nb, "html", 4)) return Q_QUIRKS;
  while (j < k && (cls[d[j]] & C_WS)) j++;
  if (ci_prefix(d + j, k - j, "public")) {
    j += 6;
    if ((pub = doctype_id(d, k, &j, &pb, &pl)) <= 0) return Q_QUIRKS;
    if ((sys = doctype_id(d, k, &j, &sb, &sl)) < 0) return Q_QUIRKS;
  } else if (ci_prefix(d + j, k - j, "system")) {
    j += 6;
    if ((sys = doctype_id(d, k, &j, &sb, &sl)) <= 0) return Q_QUIRKS;
  }
  while (j < k && (cls[d[j]] & C_WS)) j++;
  if (j < k) return Q_UNSURE; /* more than we read */
  if (sys && sl == 58 &&
      ci_prefix(d + sb, sl,
                "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd"))
    return Q_QUIRKS;
  if (pub && (pl < 5 || (d[pb + pl - 1] == '/' && d[pb + pl - 2] == '/') ||
              ci_prefix(d + pb, pl, "-/W3C/DTD HTML 4.0 Transitional/EN")))
    return Q_UNSURE;
  return Q_NOQUIRKS;
}

/* Text before any doctype makes quirks mode, and text clears
 * frameset-ok; whitespace does neither. */
static void text_decides(pp *p, size_t i, size_t j) {
  for (; i < j; i++)
    if (!(cls[p->s[i]] & C_WS)) {
      if (p->quirks == Q_UNDECIDED) p->quirks = Q_QUIRKS;
      p->fs_ok = 0;
      return;
    }
}

/* Raw text in unsure mode: the body goes (it may be markup), the tags
 * stay.  A start tag Gumbo may see as a foreign element nests until a
 * bare end tag closes it. */
static size_t raw_unsure(pp *p, size_t b, const tag *t) {
  tag st = *t;
  st.id = -1; /* no HTML rules for it: nests */
  if (!wn_pp_start_tag(p, &st)) {
    guard(p, t->end);
    return t->end; /* dropped, and its text is markup or text: keep going */
  }
  emit_tag(p, b, t);
  size_t e = raw_end(p->s, p->n, t->end, wn_pp_tags[t->id].name);
  if (e >= p->n) return p->n;
  tag et;
  scan_tag(p, e + 2, &et);
  if (et.eof) return p->n;
  emit_tag(p, e, &et);
  if (et.end == et.name_end + 1 && wn_pp_top_key(p) == t->key) wn_pp_pop1(p);
  return et.end;
}

/* Tokenizes s[i..n) and writes what is kept.  Returns in M_FOREIGN when
 * an <svg>/<math> was still open at the end of input. */
static void scan(pp *p, size_t i) {
  const uc *s = p->s;
  size_t n = p->n;
  while (i < n) {
    const uc *lt = memchr(s + i, '<', n - i);
    size_t j = lt ? (size_t)(lt - s) : n;
    if (p->mode == M_HTML && j > i) {
      if (p->fmt.n) wn_pp_reopen(p, j, 1);
      if (p->quirks == Q_UNDECIDED || p->fs_ok) text_decides(p, i, j);
      put(p, s + i, j - i);
    }
    i = j;
    if (i >= n) break;
    int html = p->mode == M_HTML;
    uc c = i + 1 < n ? s[i + 1] : 0;

    /* a tag or text before any doctype: quirks mode */
    if (html && p->quirks == Q_UNDECIDED &&
        (!(c == '!' || c == '?' || c == '/') ||
         (c == '/' && i + 2 < n && (cls[s[i + 2]] & C_ALPHA))))
      p->quirks = Q_QUIRKS;

    if (cls[c] & C_ALPHA) { /* start tag */
      tag t;
      scan_tag(p, i + 1, &t);
      if (t.eof) break; /* the tokenizer drops an unfinished tag */
      uint32_t f = t.id >= 0 ? wn_pp_tags[t.id].flags : 0;

      if (p->mode == M_FOREIGN) {
        if (t.id == p->froot && !t.selfclose) {
          p->fnest++;
        } else if (is_breakout(&t, f) && p->finteg == 0) {
          /* an HTML element ends the foreign content: go on as HTML
           * from this very tag */
          p->mode = M_HTML;
          p->breakout = p->fvague ? 2 : 1;
          continue;
        } else if (!t.selfclose && !(f & F_VOID)) {
          wn_inner *e = inner_slot(p, t.key, 1);
          if (e)
            e->count++;
          else
            p->fvague = 1;
          if (f & F_INTEG) p->finteg++, p->fvague = 1;
        }
        i = t.end;
        continue;
      }
      if (p->mode == M_TEMPLATE) {
        if (t.id == T_TEMPLATE) p->tnest++;
        if (f & (F_RAWDROP | F_RAWKEEP))
          i = raw_text(p, &t, 0, 0);
        else if (t.id == T_PLAINTEXT)
          i = n;
        else
          i = t.end;
        continue;
      }

      /* M_HTML */
      int deeper = p->unsure;
      /* in a <select>, the tree builder ignores most start tags, and the
       * tokenizer then stays in its data state */
      int insel = wn_pp_in_select(p) && t.id != T_SCRIPT &&
                  t.id != T_TEXTAREA && t.id != T_TEMPLATE && !deeper;
      if (insel && (f & (F_RAWDROP | F_RAWKEEP) || t.id == T_SVG ||
                    t.id == T_MATH || t.id == T_PLAINTEXT)) {
        wn_pp_start_tag(p, &t); /* ignored there, or closes the select */
        emit_tag(p, i, &t);
        i = t.end;
      } else if (t.id == T_TEMPLATE) {
        /* its content goes, whatever Gumbo makes of it */
        emit_tag(p, i, &t);
        p->mode = M_TEMPLATE;
        p->tnest = 1;
        i = t.end;
      } else if (deeper && (f & (F_RAWDROP | F_RAWKEEP))) {
        i = raw_unsure(p, i, &t);
      } else if ((t.id == T_SVG || t.id == T_MATH) && p->noforeign &&
                 !p->unsure && !t.selfclose) {
        /* copied, not skipped: unsure while it is open */
        uint32_t d0 = p->depth;
        if (wn_pp_start_tag(p, &t)) {
          emit_tag(p, i, &t);
          if (p->depth > d0) wn_pp_enter_unsure(p, p->depth);
        } else {
          guard(p, t.end);
        }
        i = t.end;
      } else if ((t.id == T_SVG || t.id == T_MATH) && !p->noforeign &&
                 !p->unsure && (p->fs_ok = 0, !p->fs_mode)) {
        if (p->fmt.n) wn_pp_reopen(p, t.end, 1);
        emit_tag(p, i, &t);
        if (!t.selfclose) {
          p->mode = M_FOREIGN;
          p->froot = t.id;
          p->fnest = 1;
          p->finteg = 0;
          p->fstart = t.end;
          p->fol = p->ol;
          p->ffmt = p->fmt;
          p->fdepth = p->depth;
          p->fvague = 0;
          memset(p->fin, 0, sizeof p->fin);
        }
        i = t.end;
      } else if ((f & (F_RAWDROP | F_RAWKEEP)) && !deeper) {
        if (t.id != T_SCRIPT && t.id != T_STYLE && t.id != T_TITLE &&
            t.id != T_NOFRAMES)
          p->fs_ok = 0;
        uint32_t d0 = p->depth;
        if ((f & F_CLOSEP) && p->open[T_P]) wn_pp_close_p(p); /* <xmp> */
        if (t.id == T_TEXTAREA && wn_pp_in_select(p)) wn_pp_select_ignores(p, t.id);
        if (p->fmt.n) wn_pp_reopen(p, t.end, p->depth == d0);
        emit_tag(p, i, &t);
        int keep = (f & F_RAWKEEP) || (t.id == T_SCRIPT && t.ldjson);
        i = raw_text(p, &t, keep, 1);
      } else if (t.id == T_PLAINTEXT && !deeper) {
        /* everything after it is text */
        wn_pp_start_tag(p, &t);
        emit_tag(p, i, &t);
        put(p, s + t.end, n - t.end);
        i = n;
      } else {
        /* "/>" closes a foreign element at once: the deeper reading of a
         * self-closing tag in unsure mode is the HTML one (it stays open) */
        if (wn_pp_start_tag(p, &t)) {
          emit_tag(p, i, &t);
          if (p->breakout == 2) wn_pp_enter_unsure(p, p->fdepth);
        } else if (p->breakout) {
          p->mode = M_FOREIGN; /* Gumbo never sees it: still in the svg */
        } else {
          guard(p, t.end);
        }
        i = t.end;
      }
      p->breakout = 0;
      wn_pp_settle(p);
      continue;
    }

    if (c == '/') {
      if (i + 2 >= n) { /* "</" at the end is text */
        if (html) put(p, s + i, n - i);
        break;
      }
      uc c2 = s[i + 2];
      if (cls[c2] & C_ALPHA) { /* end tag */
        tag t;
        scan_tag(p, i + 2, &t);
        if (t.eof) break;
        /* Gumbo 0.10.1 matches end tags to foreign elements by their
         * source text: only a bare "</name>" closes one; "</svg >" or
         * "</svg/>" go to the HTML rules */
        int bare = t.end == t.name_end + 1;
        if (p->mode == M_FOREIGN) {
          wn_inner *e = NULL;
          if (bare && t.id == p->froot) {
            if (--p->fnest == 0) {
              emit_tag(p, i, &t);
              p->mode = M_HTML;
              /* a form taken out from under it is gone now */
              while (p->depth && p->st[p->depth - 1].key == GHOST_KEY)
                p->depth--;
            }
          } else if (bare && (e = inner_slot(p, t.key, 0)) != NULL) {
            e->count--;
            if (t.id >= 0 && (wn_pp_tags[t.id].flags & F_INTEG) && p->finteg)
              p->finteg--;
          } else if (t.id == T_FORM) {
            /* takes the form element out from under the svg, leaving a
             * ghost (the svg is open above it) */
            if (!p->nph || !wn_pp_ph_take(p, t.key)) {
              wn_pp_form_end(p, 0);
              emit_tag(p, i, &t);
            }
          } else if (t.id >= 0) {
            /* no foreign element of that name: the HTML rules, which
             * close the svg only by closing an element that holds it.
             * (Unknown names are left alone: where Gumbo's "any unknown
             * closes any unknown" would take it, fuzzing found it does
             * not always; skipping on is the safe side.) */
            uint32_t d0 = p->depth;
            if (wn_pp_end_tag(p, &t)) {
              emit_tag(p, i, &t); /* what Gumbo makes of it, we did */
              if (p->depth < d0) p->mode = M_HTML;
            }
          }
          i = t.end;
          continue;
        }
        if (p->mode == M_TEMPLATE) {
          if (t.id == T_TEMPLATE && --p->tnest == 0) {
            emit_tag(p, i, &t);
            p->mode = M_HTML;
          }
          i = t.end;
          continue;
        }
        if (p->unsure && !bare) {
          /* it closes no foreign element, maybe an HTML one: closing
           * nothing is the deeper reading */
          emit_tag(p, i, &t);
        } else if (wn_pp_end_tag(p, &t)) {
          emit_tag(p, i, &t);
        } else {
          guard(p, t.end);
        }
        wn_pp_settle(p);
        i = t.end;
        continue;
      }
      /* "</>" is dropped; "</" + anything else is a bogus comment */
      size_t b = i;
      i = c2 == '>' ? i + 3 : gt_end(s, n, i + 2);
      if (html) drop_comment(p, b, i);
      continue;
    }

    if (c == '!') {
      size_t b = i;
      int cdata = n - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0;
      if (i + 3 < n && s[i + 2] == '-' && s[i + 3] == '-') {
        i = comment_end(s, n, i);
      } else if (cdata && p->mode == M_FOREIGN) {
        i = cdata_end(s, n, i); /* text in foreign content: skipped */
        continue;
      } else if (cdata && p->unsure) {
        /* text in foreign content, a bogus comment up to the first '>'
         * in HTML: dropping it all is safe in both readings */
        i = cdata_end(s, n, i);
        guard(p, i);
        continue;
      } else if (html && n - i >= 9 && caseeq(s + i + 2, "doctype", 7)) {
        size_t e = gt_end(s, n, i + 9);
        put(p, s + i, e - i); /* decides quirks mode: keep */
        if (p->quirks == Q_UNDECIDED) p->quirks = doctype_quirks(s + i, e - i);
        i = e;
        continue;
      } else {
        i = gt_end(s, n, i + 2);
      }
      if (html) drop_comment(p, b, i);
      continue;
    }

    if (c == '?') {
      size_t b = i;
      i = gt_end(s, n, i + 2);
      if (html) drop_comment(p, b, i);
      continue;
    }

    /* '<' before anything else is text */
    if (html) put(p, s + i, 1);
    i++;
  }
}

winnow_status wn_prepass(wn_arena *a, const char *in, size_t len,
                         const wn_limits *lim, const char **out,
                         size_t *out_len, unsigned *warnings) {
  if (out) *out = NULL;
  if (out_len) *out_len = 0;
  if (warnings) *warnings = 0;
  if (!a || !out || !out_len || !warnings || (!in && len))
    return WINNOW_E_INVALID;
  if (len == SIZE_MAX) return WINNOW_E_NOMEM;

  pp p;
  memset(&p, 0, sizeof p);
  p.s = in ? (const uc *)in : (const uc *)"";
  p.n = len;
  unsigned md = lim && lim->max_depth ? lim->max_depth : WN_DEFAULT_DEPTH;
  if (md > WN_DEPTH_CLAMP) md = WN_DEPTH_CLAMP;
  p.limit = md > WN_RESERVED ? md - WN_RESERVED : 1;
  p.max_attrs = lim && lim->max_attrs ? lim->max_attrs : WN_DEFAULT_ATTRS;
  /* Each push needs a tag of at least 3 bytes ("<a>") or, with the
   * implied tbody and tr, "<td>" after a "<table>". */
  size_t cap = len / 2 + 8;
  p.cap = cap < p.limit ? (uint32_t)cap : p.limit;
  p.capx = p.cap + WN_FMT_LIMIT;
  p.phcap = len / 3 + 1 < WN_PH_CAP ? (uint32_t)(len / 3 + 1) : WN_PH_CAP;

  p.xroom = len / WN_SYNTH_BYTES + WN_SYNTH_FREE;
  if (len > SIZE_MAX - 1 - p.xroom) return WINNOW_E_NOMEM;
  p.ocap = len + p.xroom;
  p.o = wn_arena_alloc(a, p.ocap + 1);
  p.st = wn_arena_alloc(a, (size_t)p.capx * sizeof *p.st);
  p.ms = wn_arena_alloc(a, (size_t)p.cap * sizeof *p.ms);
  p.ph = wn_arena_alloc(a, (size_t)p.phcap * sizeof *p.ph);
  if (!p.o || !p.st || !p.ms || !p.ph) return WINNOW_E_NOMEM;

  p.mode = M_HTML;
  p.fs_ok = 1;
  scan(&p, 0);
  if (p.mode == M_FOREIGN) {
    /* An <svg> or <math> never closed.  Whether Gumbo left it somewhere
     * (a tag we did not recognise as ending it) cannot be known any more,
     * and browsers keep the rest of the page inside it only when nothing
     * ends it.  Rather than lose the rest of the page, go back and copy
     * it, unsure, with no more skipping of svg/math: at most two passes. */
    p.mode = M_HTML;
    p.ol = p.fol;   /* end tags kept inside it are written again */
    p.fmt = p.ffmt; /* ... and their effect on the list redone */
    p.noforeign = 1;
    if (p.depth < p.capx) wn_pp_push(&p, (uint32_t)p.froot, 0); /* written */
    wn_pp_enter_unsure(&p, p.depth);
    scan(&p, p.fstart);
  }

  p.o[p.ol] = '\0';
  *out = p.o;
  *out_len = p.ol;
  *warnings = p.warn;
  return WINNOW_OK;
}

