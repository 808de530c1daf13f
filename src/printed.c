/* What the page prints about itself: the byline and the date line by
 * the headline, the article's first and last lines, a bold signature,
 * the date in the address (moved out of metadata.c, which reads the
 * page's metadata and calls this last). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meta_internal.h"

/*** What the page prints: the byline and the date by the headline ***/

/* Text scanned around the headline, in bytes, and lines kept from it:
 * the byline and the date line sit within a few lines of it. */
#define NEAR_CHARS 1500
#define NEAR_NODES 600
#define MAX_LINES 48
/* Nodes read above the article for its byline. */
#define BEFORE_NODES 200
/* A byline or a date line is short; a longer line is the article's. */
#define SHORT_LINE 200
/* Byline elements read in one region, and elements named for dates. */
#define MAX_BYLINES 64

typedef struct line {
  uint32_t node;    /* the first text node */
  const char *text; /* collapsed, arena */
  size_t len;
} line;

typedef struct lines {
  line v[MAX_LINES];
  unsigned n;
} lines;

/* Subtrees whose dates and names are not the article's: comments,
 * navigation, sidebars, footers, forms, hidden parts. */
static int foreign(const wn_dom *dom, const wn_features *fs, uint32_t i) {
  unsigned tag = dom->nodes[i].tag;
  if (fs->f[i].flags & (WN_F_DROP | WN_F_COMMENTS)) return 1;
  return tag == WN_TAG_NAV || tag == WN_TAG_ASIDE || tag == WN_TAG_FOOTER || tag == WN_TAG_FORM ||
         tag == WN_TAG_SELECT || tag == WN_TAG_H1;
}

static int others_class(const wn_node *nd);
static int teasers_class(const wn_node *nd);

/* Nodes of an element looked at for the blocks of a list. */
#define LIST_SCAN 64

/* A list of other articles or a sidebar: named so, and of several
 * blocks (a heading and teasers); a byline box named "teaser_meta" is
 * one line and stays. */
static int teaser_list(const wn_dom *dom, const wn_features *fs, uint32_t i) {
  if (!teasers_class(&dom->nodes[i])) return 0;
  unsigned blocks = 0;
  for (uint32_t k = i + 1; k < dom->nodes[i].end && k - i < LIST_SCAN; k++)
    if (dom->nodes[k].tag != WN_TAG_TEXT && (fs->f[k].flags & WN_F_BLOCK) && ++blocks >= 2) return 1;
  return 0;
}

/* The text of nodes [from, to) as lines, one per block, at most
 * NEAR_CHARS bytes in all; skip is a subtree left out (the headline). */
static void read_lines(collector *c, const wn_dom *dom, const wn_features *fs, uint32_t from,
                       uint32_t to, lines *out) {
  const wn_node *nodes = dom->nodes;
  wn_buf *b = &c->tmp;
  size_t total = 0;
  uint32_t block = WN_NONE, first = WN_NONE;
  out->n = 0;
  b->len = 0;
  for (uint32_t k = from; k < to && k < dom->count && out->n < MAX_LINES; k++) {
    if (nodes[k].tag != WN_TAG_TEXT) {
      /* a short <aside> by the text is its box of facts ("Hintergrund
       * 19.07.2022 Lesedauer 10 Minuten"), a longer one a sidebar */
      const wn_count *n = &fs->f[k].all;
      int facts = nodes[k].tag == WN_TAG_ASIDE && !(fs->f[k].flags & (WN_F_DROP | WN_F_COMMENTS)) &&
                  n->chars < SHORT_LINE && n->link * 2 <= n->chars && !others_class(&nodes[k]);
      /* lists of other articles and sidebars print their dates, not the
       * article's (a post's footer may hold its signature line) */
      /* (the lines' own root, or one holding what they lead to, the
       * headline, is a wrapper: a blog's "widget Blog") */
      if (!facts && (foreign(dom, fs, k) || (k > from && nodes[k].end <= to && teaser_list(dom, fs, k))))
        k = nodes[k].end - 1;
      continue;
    }
    if (fs->f[k].block != block || k == to - 1 || total > NEAR_CHARS) {
      if (b->len) {
        const char *t = wn_meta_clean(c->a, b->data, b->len, &c->nomem);
        if (t) out->v[out->n++] = (line){first, t, strlen(t)};
      }
      b->len = 0;
      block = fs->f[k].block;
      first = k;
      if (total > NEAR_CHARS || out->n >= MAX_LINES) break;
    }
    wn_buf_put(b, nodes[k].text, nodes[k].len);
    wn_buf_putc(b, ' ');
    total += nodes[k].len;
  }
  if (b->len && out->n < MAX_LINES && total <= NEAR_CHARS + 4096) {
    const char *t = wn_meta_clean(c->a, b->data, b->len, &c->nomem);
    if (t) out->v[out->n++] = (line){first, t, strlen(t)};
  }
  if (b->failed) c->nomem = 1;
  b->len = 0;
}

/* 1 when s[0..n) holds word, case aside (ASCII). */
static int has_word(const char *s, size_t n, const char *word) {
  size_t w = strlen(word);
  for (size_t i = 0; i + w <= n; i++)
    if (lower_eq_n(s + i, word, w)) return 1;
  return 0;
}

/* Words that say a date is an update, not the publication. */
static int says_updated(const char *s, size_t n) {
  static const char *const words[] = {
      "updated", "update:", "modified", "edited", "revised", "aktualisiert", "ge\xC3\xA4ndert",
      "stand:", "mis \xC3\xA0 jour", "modifi\xC3\xA9", "actualizado", "actualizada",
      "atualizado", "atualizada", "aggiornato", "bijgewerkt", "oppdatert", "uppdaterad",
      "opdateret", "\xE6\x9B\xB4\xE6\x96\xB0", "\xEC\x88\x98\xEC\xA0\x95", NULL};
  for (int k = 0; words[k]; k++)
    if (has_word(s, n, words[k])) return 1;
  return 0;
}

/* Words that say a date is the publication's. */
static int says_published(const char *s, size_t n) {
  static const char *const words[] = {
      "published", "posted", "ver\xC3\xB6" "ffentlicht", "erschienen", "publi\xC3\xA9",
      "publicado", "publicada", "pubblicato", "gepubliceerd", "publicerad", "publisert",
      "udgivet", "opublikowano", "geschrieben", "written", "\xC3\xA9" "crit", "escrito", "scritto",
      NULL};
  for (int k = 0; words[k]; k++)
    if (has_word(s, n, words[k])) return 1;
  return 0;
}

static int says_copyright(const char *s, size_t n) {
  return has_word(s, n, "\xC2\xA9") || has_word(s, n, "copyright") || has_word(s, n, "(c)");
}

/* Dates the page prints, by where they are; 0 y when none. */
typedef struct seen_dates {
  wn_text_date near;    /* the publication date by the headline */
  uint32_t near_node;   /* the first text node of its line */
  wn_text_date updated; /* an update date there, when no other */
  wn_text_date dated;   /* an element named for dates, before the article's end */
  wn_text_date body;    /* the article's first or last lines */
  wn_text_date url;
} seen_dates;

/* Lines after the article looked at for its signature line. */
#define AFTER_LINES 4

/* Bytes at the start of the article's first long line read for a
 * dateline. */
#define DATELINE_BYTES 40

/* The publication date among lines: the first date of a short line not
 * said to be an update, else the first update.  NEAR_LINES are those
 * under the headline: lines after the second long one are the article's
 * text or teasers after it, a date there counts only when the line says
 * it is the publication's ("Artikel veröffentlicht am 16.12.2012").
 * SIGNED_LINES, those after the article, count only so or when they
 * are a byline ("Von Christian am 03.05.2013"). */
enum { ANY_LINE, NEAR_LINES, SIGNED_LINES };

static size_t byline_prefix(const char *s);

static void dates_in(const lines *ls, int month_first, wn_text_date *pub, wn_text_date *upd,
                     uint32_t *pub_node, int mode) {
  int in_text = mode == NEAR_LINES;
  unsigned long_lines = 0;
  for (unsigned i = 0; i < ls->n && !pub->y; i++) {
    const line *l = &ls->v[i];
    if (l->len > SHORT_LINE && in_text && !long_lines++) {
      /* "(18.01.2018) Deutschlands Landwirte ...": a date opening the
       * text under the headline is its dateline */
      size_t lead = l->text[0] == '(' || l->text[0] == '[';
      wn_text_date d;
      if (wn_date_find(l->text + lead, DATELINE_BYTES, month_first, &d) && d.start == 0) {
        *pub = d;
        if (pub_node) *pub_node = l->node;
        break;
      }
    }
    if (l->len > SHORT_LINE || says_copyright(l->text, l->len)) continue;
    if (in_text && long_lines >= 2 && !says_published(l->text, l->len)) continue;
    if (mode == SIGNED_LINES && !says_published(l->text, l->len) && !byline_prefix(l->text)) continue;
    size_t at = 0;
    wn_text_date d;
    /* "Published 3 May 2023, updated 4 May 2023": each date with the
     * words before it */
    while (at < l->len && wn_date_find(l->text + at, l->len - at, month_first, &d)) {
      int upd_words = says_updated(l->text + at, d.start);
      /* a date alone on its line takes the label of the line above */
      if (!upd_words && i && d.start == 0 && ls->v[i - 1].len < 40)
        upd_words = says_updated(ls->v[i - 1].text, ls->v[i - 1].len);
      if (!upd_words) {
        *pub = d;
        if (pub_node) *pub_node = l->node;
        break;
      }
      if (!upd->y) *upd = d;
      at += d.end;
    }
  }
}

/* Language tags whose pages write 03/04/2023 month first. */
static int month_first_lang(const char *lang) {
  if (!lang || !istarts(lang, "en")) return 0;
  static const char *const day_first[] = {"en-gb", "en-ie", "en-au", "en-nz", "en-in", "en-za",
                                          "en-sg", "en-ng", "en-ke", NULL};
  for (int k = 0; day_first[k]; k++)
    if (istarts(lang, day_first[k])) return 0;
  return 1;
}

/* The headline: the first <h1> in the article, else the last before it,
 * else the page's first. */
static uint32_t find_headline(const wn_dom *dom, const wn_features *fs, uint32_t article) {
  uint32_t first = WN_NONE, before = WN_NONE;
  for (uint32_t i = 0; i < dom->count; i++) {
    if (dom->nodes[i].tag != WN_TAG_H1 || (fs->f[i].flags & (WN_F_DROP | WN_F_COMMENTS)) ||
        !fs->f[i].all.chars)
      continue;
    if (article != WN_NONE && i > article && i < dom->nodes[article].end) return i;
    if (first == WN_NONE) first = i;
    if (article != WN_NONE && i < article) before = i;
  }
  return before != WN_NONE ? before : first;
}

/* Headings looked at for the title when the page has no <h1>. */
#define MAX_HEADINGS 64

/* Longest title candidate searched for a heading. */
#define TITLE_SEARCH 512

static int word_edge(const char *t, size_t tn, size_t at) {
  unsigned char ch = at < tn ? (unsigned char)t[at] : ' ';
  return !is_alpha(ch) && !is_digit(ch) && ch < 0x80;
}

/* 1 when h names the page: it is the title as wn_meta_is_title() reads
 * it, or a title candidate holds it between separators ("Headline ‹
 * Site", "Kicker: Headline | Site"). */
static int names_title(const wn_meta *m, const char *h) {
  if (!h) return 0;
  if (wn_meta_is_title(m, h)) return 1;
  size_t n = strlen(h);
  if (n < 16) return 0; /* "News", "Sport": a section's name */
  for (unsigned i = 0; i < m->ntitle_cand; i++) {
    const char *t = m->title_cand[i];
    size_t tn = strlen(t);
    if (tn <= n || tn > TITLE_SEARCH) continue;
    for (size_t at = 0; at + n <= tn; at++)
      if ((!at || word_edge(t, tn, at - 1)) && word_edge(t, tn, at + n) && lower_eq_n(t + at, h, n))
        return 1;
  }
  return 0;
}

/* The headline of a page without a usable <h1>: the first <h1>..<h3>
 * that reads as the page's title ("<h2>Headline</h2>" under a <title>
 * "Headline | Site"), for the date line under it. */
static uint32_t titled_heading(collector *c, const wn_dom *dom, const wn_features *fs) {
  unsigned tried = 0;
  for (uint32_t i = 0; i < dom->count; i++) {
    unsigned tag = dom->nodes[i].tag;
    if (tag != WN_TAG_H1 && tag != WN_TAG_H2 && tag != WN_TAG_H3) continue;
    if (fs->f[i].flags & WN_F_COMMENTS) continue;
    if (++tried > MAX_HEADINGS) break;
    const char *t = wn_meta_element_text(c, dom, i);
    if (t && names_title(c->m, wn_meta_clean(c->a, t, strlen(t), &c->nomem))) return i;
  }
  return WN_NONE;
}

/* Whether the class or id of nd holds one of words (NULL-ended). */
static int named_any(const wn_node *nd, const char *const *words) {
  for (int a = 0; a < 2; a++) {
    const char *v = wn_node_attr(nd, a ? WN_ATTR_ID : WN_ATTR_CLASS);
    if (!v || strlen(v) > 200) continue;
    for (int k = 0; words[k]; k++)
      if (has_word(v, strlen(v), words[k])) return 1;
  }
  return 0;
}

/* Class or id names of the elements that hold a date, and of the
 * lists of other articles whose dates are theirs. */
static int date_class(const wn_node *nd) {
  static const char *const words[] = {"date", "time", "posted", "publish", "datum", "fecha",
                                      "data", "meta", "byline", NULL};
  return named_any(nd, words);
}

static int teasers_class(const wn_node *nd) {
  static const char *const words[] = {"related", "teaser", "recommend", "sidebar", "more-",
                                      "popular", "trending", "latest", "archive", NULL};
  return named_any(nd, words);
}

static int others_class(const wn_node *nd) {
  static const char *const more[] = {"widget", "comment", "footer", "breadcrumb", NULL};
  return teasers_class(nd) || named_any(nd, more);
}

int wn_meta_others_named(const wn_node *nd) { return others_class(nd); }

/* The first date an element named for dates prints in nodes [from, to),
 * outside lists of other articles. */
static void dated_element(collector *c, const wn_dom *dom, const wn_features *fs, uint32_t from,
                          uint32_t to, int month_first, wn_text_date *pub, wn_text_date *upd) {
  const wn_node *nodes = dom->nodes;
  unsigned tried = 0;
  for (uint32_t i = from; i < to && i < dom->count && !pub->y; i++) {
    const wn_node *nd = &nodes[i];
    if (nd->tag == WN_TAG_TEXT) continue;
    if (foreign(dom, fs, i) || others_class(nd)) {
      i = nd->end - 1;
      continue;
    }
    if (!date_class(nd)) continue;
    if (++tried > MAX_BYLINES) break;
    const char *t = wn_meta_element_text(c, dom, i);
    size_t n = t ? strlen(t) : 0;
    /* a wrapper of more than a date line: look inside */
    if (n >= SHORT_LINE) continue;
    wn_text_date d;
    if (n && n < SHORT_LINE && !says_copyright(t, n) && wn_date_find(t, n, month_first, &d)) {
      const char *cls = wn_node_attr(nd, WN_ATTR_CLASS);
      if (says_updated(t, d.start) || (cls && says_updated(cls, strlen(cls)))) {
        if (!upd->y) *upd = d;
      } else {
        *pub = d;
      }
    }
    i = nd->end - 1;
  }
}

/** Bylines **/

/* Words that open a byline.  The first run takes its names after a
 * space ("By Jane Doe") or a colon; the labels after them only with a
 * colon ("Autor: Jane Doe", "\xE8\x91\x97\xE8\x80\x85\xEF\xBC\x9A..."), or as a label element
 * of their own (byline_label()). */
static const char *const byline_words[] = {
    "written by", "posted by", "words by", "story by", "reported by", "text by", "text von",
    "by", "von", "par", "por", "door", "af", "av", NULL};
static const char *const byline_labels[] = {
    "text", "texto", "texte", "autor", "autorin", "autoren", "author", "authors", "auteur",
    "autore", "\xD0\x90\xD0\xB2\xD1\x82\xD0\xBE\xD1\x80", /* Автор */
    "\xE8\x91\x97\xE8\x80\x85",                         /* 著者 */
    "\xE7\xAD\x86\xE8\x80\x85",                         /* 筆者 */
    "\xE4\xBD\x9C\xE8\x80\x85",                         /* 作者 */
    "\xE6\x96\x87",                                     /* 文 */
    NULL};

/* Length of a colon ("Autor:", "著者：", "文●") at s, spaces before it
 * included, and the spaces after it; 0 when none. */
static size_t label_colon(const char *s) {
  size_t i = 0;
  while (s[i] == ' ') i++;
  size_t c = s[i] == ':'                                                            ? 1
             : !strncmp(s + i, "\xEF\xBC\x9A", 3) || !strncmp(s + i, "\xE2\x97\x8F", 3) ? 3
                                                                                     : 0;
  if (!c) return 0;
  i += c;
  while (s[i] == ' ') i++;
  return i;
}

/* The length of the opening word or label of a byline at s, with its
 * space or colon; 0 when s opens no byline. */
static size_t byline_prefix(const char *s) {
  for (int list = 0; list < 2; list++) {
    const char *const *words = list ? byline_labels : byline_words;
    for (int k = 0; words[k]; k++) {
      size_t l = strlen(words[k]);
      if (!lower_eq_n(s, words[k], l)) continue;
      size_t c = label_colon(s + l);
      if (c) return l + c;
      if (!list && s[l] == ' ') return l + 1;
    }
  }
  return 0;
}

/* 1 when s is only a byline's label, set in an element of its own
 * ("<strong>Autorin/Autor</strong> Jane Doe", "<span>By</span>"):
 * label words, alternatives joined by '/', an optional colon. */
static int byline_label(const char *s, size_t n) {
  while (n && (is_space((unsigned char)s[n - 1]) || s[n - 1] == ':')) n--;
  while (n && is_space((unsigned char)*s)) s++, n--;
  if (!n) return 0;
  for (;;) {
    size_t got = 0;
    for (int list = 0; list < 2 && !got; list++) {
      const char *const *words = list ? byline_labels : byline_words;
      for (int k = 0; words[k] && !got; k++) {
        size_t l = strlen(words[k]);
        if (l <= n && lower_eq_n(s, words[k], l) && (l == n || s[l] == '/')) got = l;
      }
    }
    if (!got) return 0;
    if (got == n) return 1;
    s += got + 1;
    n -= got + 1;
  }
}

/* Where a byline's names end: a date, a separator, what follows the
 * names ("on March 3", "for The Times", "| 5 min read"). */
static size_t names_end(const char *s, size_t n) {
  static const char *const stops[] = {
      " | ", " \xE2\x80\xA2", " \xC2\xB7 ", " - ", " \xE2\x80\x94", " \xE2\x80\x93", " on ",
      " am ", " le ", " el ", " il ", " for ", " in ", " published", " updated", " posted",
      " ver\xC3\xB6" "ffentlicht", " aktualisiert", " mis \xC3\xA0 jour", " publi\xC3\xA9",
      " photo", " foto", " | ", " :: ", "\xE3\x80\x80", NULL};
  size_t end = n;
  for (size_t i = 0; i < n; i++) {
    /* digits in a word are a name's ("BR24 Redaktion"), not a date's */
    if (is_digit((unsigned char)s[i]) && !(i && is_alpha((unsigned char)s[i - 1]))) {
      end = i;
      break;
    }
    /* a date's month word: "Jane Doe Dec 6, 2016" */
    if ((!i || s[i - 1] == ' ') && is_alpha((unsigned char)s[i])) {
      size_t k = i;
      while (k < n && s[k] != ' ' && s[k] != ',') k++;
      if (k + 1 < n && is_digit((unsigned char)s[k + 1]) && wn_month_of(s + i, k - i)) {
        end = i;
        break;
      }
    }
  }
  for (int k = 0; stops[k]; k++) {
    size_t l = strlen(stops[k]);
    for (size_t i = 0; i + l <= end; i++)
      if (lower_eq_n(s + i, stops[k], l)) {
        end = i;
        break;
      }
  }
  return end;
}

/* Roles written after a name ("Jane Doe, Staff Writer", "신현주 기자"). */
static const char *const roles[] = {
    "staff writers", "staff writer", "senior writer", "contributing writer", "staff reporters",
    "staff reporter", "reporters", "reporter", "correspondents", "correspondent",
    "contributors", "contributor", "editors", "editor", "columnist", "writers", "writer",
    "redakteurin",
    "redakteur", "korrespondentin", "korrespondent", "journalist", "\xEA\xB8\xB0\xEC\x9E\x90",
    "\xE8\xA8\x98\xE8\x80\x85", "\xE7\x89\xB9\xE6\xB4\xBE\xE5\x93\xA1", "\xE8\x91\x97", NULL};

/* s[0..*n) without a role at its end; 1 when only a role was there. */
static int strip_role(const char *s, size_t *n) {
  for (int k = 0; roles[k]; k++) {
    size_t l = strlen(roles[k]);
    if (*n >= l && lower_eq_n(s + *n - l, roles[k], l)) {
      size_t m = *n - l;
      if (m && !is_space((unsigned char)s[m - 1]) && (unsigned char)s[m - 1] < 0x80) continue;
      while (m && (is_space((unsigned char)s[m - 1]) || s[m - 1] == ',')) m--;
      /* "Guardian staff reporter" is a desk's byline, not a name and a role */
      if (m && (unsigned char)s[0] < 0x80 && !memchr(s, ' ', m)) return 0;
      *n = m;
      return m == 0;
    }
  }
  return 0;
}

/* 1 when one of the space-separated words of s is in words (NULL-ended),
 * case aside. */
static int word_of(const char *s, const char *const *words) {
  for (const char *p = s; *p;) {
    const char *q = p;
    while (*q && *q != ' ') q++;
    for (int k = 0; words[k]; k++)
      if ((size_t)(q - p) == strlen(words[k]) && lower_eq_n(p, words[k], (size_t)(q - p))) return 1;
    p = q;
    while (*p == ' ') p++;
  }
  return 0;
}

/* 1 when s holds a word of share bars and links, not of names ("See
 * full bio", "Follow"). */
static int furniture(const char *s) {
  static const char *const words[] = {"see", "bio", "more", "share", "comments", "follow",
                                      "subscribe", "read", "menu", "home", "search",
                                      "advertisement", "anzeige", "min", "video", "twitter",
                                      "facebook", "linkedin", "instagram", "whatsapp",
                                      "email", "e-mail", "mail", "print", "teilen", NULL};
  return word_of(s, words);
}

/* 1 when s reads as a person's or a desk's name: a few words, no digits
 * or addresses, and when strict capitalised (particles aside), or a
 * short run of another script. */
static int is_name(const char *s, int strict) {
  size_t n = strlen(s);
  if (n < 2 || n > 60) return 0;
  int words = 1, ascii = 1, upper_starts = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (is_digit(ch) || ch == '@' || ch == ':' || ch == '/' || ch == '?' || ch == '!' ||
        ch == '"' || ch == '=')
      return 0;
    if (ch >= 0x80) ascii = 0;
    if (ch == ' ') words++;
  }
  if (words > 5 || (words == 1 && wn_month_of(s, n))) return 0;
  /* nor words of a byline's other parts */
  static const char *const others[] = {"posted", "published", "updated", "by",
                                       "ver\xC3\xB6" "ffentlicht", "aktualisiert",
                                       "publi\xC3\xA9", "publicado", "pubblicato",
                                       "gepubliceerd", NULL};
  if (furniture(s) || word_of(s, others)) return 0;
  const char *p = s;
  while (*p) {
    unsigned char ch = (unsigned char)*p;
    const char *q = p;
    while (*q && *q != ' ') q++;
    if ((ch >= 'A' && ch <= 'Z') || ch >= 0x80) upper_starts++;
    else if (p == s && ascii && strict) return 0; /* "ku Frankfurt": initials and a place */
    p = q;
    while (*p == ' ') p++;
  }
  if (ascii && strict) return upper_starts * 2 >= words;
  return 1;
}

/* The names a byline gives: "By Jane Doe and John Roe, Staff Writers",
 * "Von Jane Doe und John Roe", "Texto: Juan Pérez y Ana Ruiz". */
static unsigned byline_names(collector *c, const char *text, const char **names, unsigned cap,
                             int strict) {
  if (!text) return 0;
  /* spaces of any kind as one */
  const char *s = wn_meta_clean(c->a, text, strlen(text), &c->nomem);
  if (!s) return 0;
  while (*s == ' ' || *s == '-' || *s == '|' || *s == '[' || !strncmp(s, "\xE2\x80\x94", 3) ||
         !strncmp(s, "\xE2\x80\x93", 3))
    s += *s == ' ' || *s == '-' || *s == '|' || *s == '[' ? 1 : 3;
  size_t pre = byline_prefix(s);
  s += pre;
  /* a label element and the text after it: "By" "by Jane Doe" */
  if (pre) s += byline_prefix(s);
  if (istarts(s, "more stories by ")) s += 16, pre = 1;
  /* "Posted on March 3, 2023 by Jane Doe": the names follow the "by" */
  static const char *const inner[] = {" by ", " von ", " par ", " por ", " door ", NULL};
  /* "Translated by", "Photos by": the names of other work than the text */
  static const char *const others[] = {"translat", "illustrat", "photo", "foto", "edited",
                                       "image", "video", "\xC3\xBC" "bersetz", "traduc", NULL};
  for (int k = 0; strict && !pre && inner[k]; k++) {
    size_t l = strlen(inner[k]), n0 = strlen(s);
    for (size_t i = 0; i + l <= n0 && i < 80; i++)
      if (lower_eq_n(s + i, inner[k], l)) {
        for (int o = 0; others[o]; o++)
          if (has_word(s, i, others[o])) return 0;
        s += i + l;
        k = -1;
        break;
      }
    if (k < 0) break;
  }
  size_t n = names_end(s, strlen(s));
  unsigned count = 0;
  const char *p = s, *e = s + n;
  static const char *const joins[] = {" and ", " und ", " & ", " y ", " et ", " e ", " og ",
                                      " och ", " en ", " ve ", NULL};
  while (p < e && count < cap) {
    /* the next separator: a comma, a semicolon or a joining word */
    const char *q = p, *next = e;
    for (; q < e; q++) {
      /* full-width commas and slashes too ("田中， ITmedia", "名前／編集部") */
      if (*q == ',' || *q == ';' || (*q == '/' && strict) || !strncmp(q, "\xE3\x80\x81", 3) ||
          !strncmp(q, "\xEF\xBC\x8C", 3) || (strict && !strncmp(q, "\xEF\xBC\x8F", 3))) {
        next = q + (*q == ',' || *q == ';' || *q == '/' ? 1 : 3);
        break;
      }
      int hit = 0;
      for (int k = 0; joins[k]; k++) {
        size_t l = strlen(joins[k]);
        if ((size_t)(e - q) >= l && lower_eq_n(q, joins[k], l)) {
          next = q + l;
          hit = 1;
          break;
        }
      }
      if (hit) break;
    }
    size_t len = (size_t)(q - p);
    /* "Jane Doe, Lille": a place after the names, one capitalised word
     * (agencies are written "dpa", "AFP") */
    if (next == e && count && p > s && p[-1] == ',' && !memchr(p + 1, ' ', len ? len - 1 : 0) &&
        len > 1 && p[0 + (*p == ' ')] >= 'A' && p[0 + (*p == ' ')] <= 'Z' &&
        p[1 + (*p == ' ')] >= 'a' && p[1 + (*p == ' ')] <= 'z')
      break;
    /* "(obe)", an initials tag after the name, a closing bracket, and
     * "@handle" */
    const char *paren = memchr(p, '(', len);
    if (paren) len = (size_t)(paren - p);
    const char *bracket = memchr(p, ']', len);
    if (bracket) len = (size_t)(bracket - p);
    const char *at = memchr(p, '@', len);
    if (at && at > p && at[-1] == ' ') len = (size_t)(at - p);
    while (len && is_space((unsigned char)p[len - 1])) len--;
    while (len && is_space((unsigned char)*p)) p++, len--;
    if (len && !strip_role(p, &len)) {
      const char *v = wn_meta_clean(c->a, p, len, &c->nomem);
      size_t vl = v ? strlen(v) : 0;
      /* "Jane Doe Jane Doe": a name printed twice (a link and a card) */
      if (vl >= 5 && vl % 2 && v[vl / 2] == ' ' && !memcmp(v, v + vl / 2 + 1, vl / 2)) {
        if (!(v = wn_arena_strndup(c->a, v, vl / 2))) c->nomem = 1;
      }
      if (v && is_name(v, strict)) names[count++] = v;
      /* a list whose first part is no name is not a byline: a profile's
       * "Interests: war, peace, ..." */
      else if (v && strict && !count) return 0;
    }
    p = next;
  }
  return count;
}

/* Class or id names of bylines. */
static int author_class(const wn_node *nd) {
  static const char *const words[] = {"author", "byline", "autor", "auteur", "writer",
                                      "creator", "reporter", "journalist", "verfasser", NULL};
  static const char *const not_words[] = {"avatar", "image", "img", "photo", "pic", "bio",
                                          "desc", "about", "bild", "foto", "credit",
                                          "caption", NULL};
  for (int a = 0; a < 2; a++) {
    const char *v = wn_node_attr(nd, a ? WN_ATTR_ID : WN_ATTR_CLASS);
    if (!v) continue;
    size_t n = strlen(v);
    if (n > 200) continue;
    int hit = 0;
    for (int k = 0; words[k] && !hit; k++) hit = has_word(v, n, words[k]);
    for (int k = 0; not_words[k] && hit; k++)
      if (has_word(v, n, not_words[k])) hit = 0;
    if (hit) return 1;
  }
  return 0;
}

/* 1 when the class or id of nd holds a byline word as a word of its
 * own: not "reporterr" (a "report an error" button); a plural or a
 * feminine ending ("authors", "Autorin") is the word's. */
static int author_word(const wn_node *nd) {
  static const char *const words[] = {"author", "byline", "autor", "auteur", "writer", NULL};
  for (int a = 0; a < 2; a++) {
    const char *v = wn_node_attr(nd, a ? WN_ATTR_ID : WN_ATTR_CLASS);
    size_t n = v ? strlen(v) : 0;
    for (int k = 0; words[k] && n <= 200; k++) {
      size_t l = strlen(words[k]);
      for (size_t i = 0; i + l <= n; i++) {
        if (!lower_eq_n(v + i, words[k], l)) continue;
        const char *e = v + i + l;
        if (*e == 's') e++;
        else if (!strncmp(e, "in", 2) || !strncmp(e, "en", 2)) e += 2;
        if (!(*e >= 'a' && *e <= 'z')) return 1;
      }
    }
  }
  return 0;
}

/* A link to an author's page. */
static int author_link(const wn_node *nd) {
  const char *h = nd->tag == WN_TAG_A ? wn_node_attr(nd, WN_ATTR_HREF) : NULL;
  if (!h) return 0;
  size_t n = strlen(h);
  static const char *const paths[] = {"/author/", "/authors/", "/autor/", "/autoren/",
                                      "/auteur/", "/auteurs/", "/journalist/", "/redakteur/",
                                      "/reporter/", "/writers/", "/staff/", "/editors/",
                                      "/contributor/", "/contributors/", "/columnist/",
                                      "/columnists/", NULL};
  for (int k = 0; paths[k]; k++)
    if (has_word(h, n, paths[k])) return 1;
  return 0;
}

/* Nodes of a byline element looked at for its parts. */
#define BYLINE_NODES 512

/* A link that holds a heading: another article's teaser card, whose
 * byline is not this article's. */
static int teaser_link(const wn_dom *dom, uint32_t i) {
  const wn_node *nodes = dom->nodes;
  if (nodes[i].tag != WN_TAG_A) return 0;
  /* a card is small: the look is bounded */
  uint32_t end = nodes[i].end - i > BYLINE_NODES ? i + BYLINE_NODES : nodes[i].end;
  for (uint32_t k = i + 1; k < end; k++)
    if (wn_is_heading(nodes[k].tag)) return 1;
  return 0;
}

/* Subtrees a byline scan skips: the foreign() ones and figures, except
 * a <button> (a byline that opens the author's card) and, by the
 * headline, a short element named for comments (a meta bar "By Jane Doe
 * * 3 comments"): a thread of comments is long and comes after the
 * article. */
static int byline_foreign(const wn_dom *dom, const wn_features *fs, uint32_t i, int near) {
  const wn_node *nd = &dom->nodes[i];
  uint32_t fl = fs->f[i].flags;
  if (nd->tag == WN_TAG_BUTTON && !(fl & WN_F_COMMENTS)) return 0;
  if (near && (fl & WN_F_COMMENTS) && !(fl & WN_F_DROP) && nd->tag != WN_TAG_NAV &&
      nd->tag != WN_TAG_ASIDE && nd->tag != WN_TAG_FOOTER && nd->tag != WN_TAG_FORM &&
      fs->f[i].all.chars < SHORT_LINE)
    return 0;
  /* a figure's byline is its picture's or its audio's */
  if (nd->tag == WN_TAG_FIGURE || nd->tag == WN_TAG_FIGCAPTION) return 1;
  return foreign(dom, fs, i) || teaser_link(dom, i);
}

/* The names of byline text t (NULL: none) after its first 'skip'
 * bytes, when its collapsed text is a line's worth. */
static unsigned line_names(collector *c, const char *t, size_t skip, const char **names) {
  if (!t) return 0;
  const char *s = wn_meta_clean(c->a, t, strlen(t), &c->nomem);
  if (!s || strlen(s) >= SHORT_LINE || strlen(s) < skip) return 0;
  return byline_names(c, s + skip, names, WN_META_MAX_AUTHORS, 1);
}

/* Names in a row of like elements, at most: a longer row is a list of
 * staff, not a byline. */
#define MAX_ROW 6

/* An element named for a person's name inside a byline ("author__name",
 * itemprop="name"), not for a part of one ("firstname"). */
static int name_part(const wn_node *nd) {
  const char *ip = wn_node_attr(nd, WN_ATTR_ITEMPROP);
  if (ip && has_word(ip, strlen(ip), "name")) return 1;
  const char *v = wn_node_attr(nd, WN_ATTR_CLASS);
  if (!v || strlen(v) > 200 || !has_word(v, strlen(v), "name")) return 0;
  static const char *const parts[] = {"first", "last", "given", "family", "user", "nick", "site", NULL};
  return !named_any(nd, parts);
}

/* 1 when a and b are elements of the same tag and class. */
static int alike(const wn_node *a, const wn_node *b) {
  if (a->tag != b->tag || a->tag == WN_TAG_TEXT) return 0;
  const char *x = wn_node_attr(a, WN_ATTR_CLASS), *y = wn_node_attr(b, WN_ATTR_CLASS);
  return (!x && !y) || (x && y && !strcmp(x, y));
}

/* The element after k among its siblings, past text of a few bytes
 * (", ", " and "); WN_NONE when none. */
static uint32_t next_alike(const wn_dom *dom, uint32_t k, uint32_t end) {
  const wn_node *nodes = dom->nodes;
  uint32_t j = nodes[k].end;
  while (j < end && nodes[j].tag == WN_TAG_TEXT && nodes[j].parent == nodes[k].parent) {
    unsigned solid = 0;
    for (uint32_t b = 0; b < nodes[j].len; b++) solid += !is_space((unsigned char)nodes[j].text[b]);
    if (solid > 5) return WN_NONE;
    j++;
  }
  return j < end && nodes[j].parent == nodes[k].parent && alike(&nodes[k], &nodes[j]) ? j : WN_NONE;
}

/* A person's name as a part of its own gives: two to four words, or a
 * run of another script; capitalised ("skrifar frá Porsgrunn" is a
 * dateline). */
static int full_name(const char *v) {
  int words = 1, ascii = 1;
  if (*v >= 'a' && *v <= 'z') return 0;
  for (const char *q = v; *q; q++) words += *q == ' ', ascii &= (unsigned char)*q < 0x80;
  return !ascii || (words >= 2 && words <= 4);
}

/* The names a byline element gives, read by its parts: the elements
 * named for names ("<span class=author__name>"), else a row of like
 * elements each a full name (one per author), else its first line, or
 * the line after a label line ("<p>Author:</p><ul><li>Jane Doe"), else
 * all its text. */
static unsigned byline_element(collector *c, const wn_dom *dom, const wn_features *fs, uint32_t e,
                               const char **names) {
  const wn_node *nodes = dom->nodes;
  uint32_t end = nodes[e].end - e > BYLINE_NODES ? e + BYLINE_NODES : nodes[e].end;
  const char *tmp[WN_META_MAX_AUTHORS];
  unsigned n = 0;
  for (uint32_t k = e + 1; k < end && n < WN_META_MAX_AUTHORS; k++) {
    if (nodes[k].tag == WN_TAG_TEXT || !name_part(&nodes[k])) continue;
    unsigned got = line_names(c, wn_meta_element_text(c, dom, k), 0, tmp);
    for (unsigned x = 0; x < got && n < WN_META_MAX_AUTHORS; x++) names[n++] = tmp[x];
    k = nodes[k].end - 1;
  }
  if (n) return n;
  for (uint32_t k = e + 1; k < end; k++) {
    if (nodes[k].tag == WN_TAG_TEXT) continue;
    uint32_t row[MAX_ROW + 1], nrow = 0;
    for (uint32_t j = k; j != WN_NONE && nrow <= MAX_ROW; j = next_alike(dom, j, end)) row[nrow++] = j;
    if (nrow < 2) continue;
    n = 0;
    int ok = nrow <= MAX_ROW;
    /* items opened by a byline's label ("Author: ...") beside items that
     * are not ("Translator ..."): only the labelled ones are bylines */
    unsigned labelled = 0;
    for (uint32_t r = 0; r < nrow && ok; r++) {
      const char *t = wn_meta_element_text(c, dom, row[r]);
      const char *ct = t ? wn_meta_clean(c->a, t, strlen(t), &c->nomem) : NULL;
      if (ct && byline_prefix(ct)) labelled |= 1u << r;
      unsigned got = line_names(c, ct, 0, tmp);
      ok = got > 0 || labelled;
      for (unsigned x = 0; x < got && ok; x++) ok = full_name(tmp[x]) || labelled;
      for (unsigned x = 0; x < got && ok && n < WN_META_MAX_AUTHORS; x++) {
        if (labelled && !(labelled >> r & 1)) break;
        names[n++] = tmp[x];
      }
    }
    if (ok && n) return n;
    /* a long row is a list of staff: no byline */
    if (nrow > MAX_ROW) return 0;
    n = 0;
    k = nodes[row[nrow - 1]].end - 1;
  }
  /* the first two lines, one per block */
  wn_buf *b = &c->tmp;
  const char *ln[2] = {NULL, NULL};
  unsigned nl = 0;
  uint32_t block = WN_NONE;
  b->len = 0;
  for (uint32_t k = e + 1; k <= end && nl < 2; k++) {
    if (k == end || (nodes[k].tag == WN_TAG_TEXT && fs->f[k].block != block && b->len)) {
      const char *t = wn_meta_clean(c->a, b->data, b->len, &c->nomem);
      b->len = 0;
      if (t) ln[nl++] = t;
      if (k == end) break;
    }
    if (nodes[k].tag == WN_TAG_SCRIPT || nodes[k].tag == WN_TAG_STYLE) {
      k = nodes[k].end - 1;
      continue;
    }
    if (nodes[k].tag != WN_TAG_TEXT) continue;
    block = fs->f[k].block;
    wn_buf_put(b, nodes[k].text, nodes[k].len);
    wn_buf_putc(b, ' ');
    if (b->len > SHORT_LINE * 4) break;
  }
  if (b->failed) c->nomem = 1;
  b->len = 0;
  if (ln[0] && ln[1] && byline_label(ln[0], strlen(ln[0]))) {
    /* "Author:" then the names */
    n = line_names(c, ln[1], 0, names);
    if (n) return n;
  }
  /* a first line that opens as a byline ("By Jane Doe", then a line
   * for the publication); a line not so opened may be any button's */
  if (ln[0] && ln[1] && byline_prefix(ln[0])) {
    n = line_names(c, ln[0], 0, names);
    if (n) return n;
  }
  /* a first line that is a full name, in an element named for authors
   * ("<div class=author-card><span>Jane Doe</span><p>Her bio...") */
  if (ln[0] && ln[1] && author_word(&nodes[e])) {
    n = line_names(c, ln[0], 0, names);
    for (unsigned x = 0; x < n; x++) {
      int words = 1;
      for (const char *q = names[x]; *q; q++) words += *q == ' ';
      /* in any script, words that can be told from a label's */
      if (!full_name(names[x]) || words < 2) n = 0;
    }
    if (n) return n;
  }
  /* lines of other things: the names, if any, are in an element inside,
   * which the scan reaches next */
  if (ln[1]) return 0;
  /* a link to a section or a tag is the article's topic, not a name */
  for (uint32_t k = e; k < end; k++) {
    const char *h = nodes[k].tag == WN_TAG_A ? wn_node_attr(&nodes[k], WN_ATTR_HREF) : NULL;
    static const char *const topics[] = {"/category/", "/categories/", "/tag/", "/tags/",
                                         "/section/", "/topic/", "/topics/", "/thema/",
                                         "/themen/", "/rubrik/", "/ressort/", NULL};
    for (int t = 0; h && topics[t]; t++)
      if (has_word(h, strlen(h), topics[t])) return 0;
  }
  return line_names(c, wn_meta_element_text(c, dom, e), 0, names);
}

/* Names a byline element or a byline line gives in nodes [from, to),
 * in document order; the first that gives any wins (last when 'last').
 * 'near': the nodes by the headline. */
static unsigned bylines_in(collector *c, const wn_dom *dom, const wn_features *fs, uint32_t from,
                           uint32_t to, int last, int near, const char **names, unsigned cap) {
  const wn_node *nodes = dom->nodes;
  unsigned got = 0, tried = 0;
  const char *tmp[WN_META_MAX_AUTHORS];
  for (uint32_t i = from; i < to && i < dom->count; i++) {
    const wn_node *nd = &nodes[i];
    if (nd->tag == WN_TAG_TEXT) continue;
    if (byline_foreign(dom, fs, i, near)) {
      i = nd->end - 1;
      continue;
    }
    /* reading up to a node, its ancestors are not bylines: their parts are */
    if (last && nd->end > to) continue;
    unsigned n = 0;
    if (author_class(nd) || author_link(nd)) {
      /* a few bylines at most are read: the scan stays linear */
      if (++tried > MAX_BYLINES) break;
      n = byline_element(c, dom, fs, i, tmp);
    } else if (fs->f[i].flags & WN_F_BLOCK) {
      /* a block whose own first text starts with "By", "Von", "Par", or
       * is a label in an element of its own ("<b>Autor</b> Jane Doe") */
      uint32_t k = i + 1;
      const char *t = NULL;
      for (; k < nd->end && !(fs->f[k].flags & WN_F_BLOCK); k++) {
        if (nodes[k].tag != WN_TAG_TEXT) continue;
        t = nodes[k].text;
        while (is_space((unsigned char)*t)) t++;
        if (*t) break;
      }
      if (k < nd->end && t && *t) {
        if (byline_prefix(t)) {
          n = line_names(c, wn_meta_element_text(c, dom, i), 0, tmp);
        } else if (nodes[k].parent != i && byline_label(t, strlen(t))) {
          const char *label = wn_meta_clean(c->a, t, strlen(t), &c->nomem);
          n = line_names(c, wn_meta_element_text(c, dom, i), label ? strlen(label) : 0, tmp);
        }
      }
    }
    if (!n) continue;
    got = 0;
    for (unsigned k = 0; k < n && got < cap; k++) {
      /* the same name twice (a link and a card's heading) is one */
      int dup = 0;
      for (unsigned x = 0; x < got; x++) dup |= ieq(names[x], tmp[k]);
      if (!dup) names[got++] = tmp[k];
    }
    if (!last) return got;
    i = nd->end - 1;
  }
  return got;
}

/* Paragraphs at the article's start and end looked at for a name set
 * in bold on its own line. */
#define EDGE_PARAS 4

/* The names of a paragraph that is only a bold name ("<p><strong>Jane
 * Doe</strong></p>"), as some sites sign their articles at the top or
 * the bottom; 0 when p is not one. */
static unsigned bold_names(collector *c, const wn_dom *dom, uint32_t p, const char **names,
                           unsigned cap) {
  const wn_node *nodes = dom->nodes;
  uint32_t bold = WN_NONE;
  for (uint32_t k = p + 1; k < nodes[p].end; k = nodes[k].end) {
    if (nodes[k].tag == WN_TAG_TEXT) {
      for (uint32_t i = 0; i < nodes[k].len; i++)
        if (!is_space((unsigned char)nodes[k].text[i])) return 0;
      continue;
    }
    if ((nodes[k].tag != WN_TAG_STRONG && nodes[k].tag != WN_TAG_B) || bold != WN_NONE) return 0;
    bold = k;
  }
  if (bold == WN_NONE) return 0;
  const char *t = wn_meta_element_text(c, dom, bold);
  if (!t || strlen(t) > 80) return 0;
  /* "APA/KEYSTONE/NAME", "Jane Doe/Example Images": a photo's credit;
   * "Jane Doe/John Roe" two authors (each a full name, below) */
  static const char *const credits[] = {"images", "image", "photo", "photos", "foto", "pictures",
                                        "press", "getty", "reuters", "keystone", "imago",
                                        "shutterstock", "scanpix", NULL};
  if (strchr(t, '/')) {
    const char *ct = wn_meta_clean(c->a, t, strlen(t), &c->nomem);
    if (!ct) return 0;
    char *sp = wn_arena_strndup(c->a, ct, strlen(ct));
    if (!sp) return 0;
    for (char *q = sp; *q; q++)
      if (*q == '/') *q = ' ';
    if (word_of(sp, credits)) return 0;
  }
  const char *tmp[WN_META_MAX_AUTHORS];
  unsigned n = byline_names(c, t, tmp, WN_META_MAX_AUTHORS, 1), got = 0;
  /* a person's full name: two to four words, each capitalised but for
   * particles ("Full coverage and live updates" is a link's) */
  static const char *const particles[] = {"de", "da", "di", "do", "dos", "du", "van", "von",
                                          "der", "den", "la", "le", "del", "bin", "al", NULL};
  for (unsigned i = 0; i < n; i++) {
    int words = 1;
    for (const char *q = tmp[i]; *q; q++) {
      words += *q == ' ';
      if ((q == tmp[i] || q[-1] == ' ') && *q >= 'a' && *q <= 'z') {
        const char *e = q;
        while (*e && *e != ' ') e++;
        int ok = 0;
        for (int k = 0; particles[k] && !ok; k++)
          ok = (size_t)(e - q) == strlen(particles[k]) && !strncmp(q, particles[k], (size_t)(e - q));
        if (!ok || q == tmp[i]) return 0;
      }
    }
    if (words < 2 || words > 4) return 0;
  }
  for (unsigned i = 0; i < n && got < cap; i++) names[got++] = tmp[i];
  return got;
}

/* The article's first and last few paragraphs, for a bold name. */
static unsigned edge_names(collector *c, const wn_dom *dom, const wn_features *fs, uint32_t article,
                           const char **names, unsigned cap) {
  const wn_node *nodes = dom->nodes;
  uint32_t paras[2 * EDGE_PARAS], last[EDGE_PARAS];
  unsigned np = 0, nl = 0, seen = 0;
  for (uint32_t i = article; i < nodes[article].end; i++) {
    if (nodes[i].tag == WN_TAG_TEXT) continue;
    if (foreign(dom, fs, i)) {
      i = nodes[i].end - 1;
      continue;
    }
    if (nodes[i].tag != WN_TAG_P) continue;
    if (seen < EDGE_PARAS) paras[np++] = i;
    else last[nl++ % EDGE_PARAS] = i;
    seen++;
    i = nodes[i].end - 1;
  }
  unsigned keep = nl < EDGE_PARAS ? nl : EDGE_PARAS;
  for (unsigned k = 0; k < keep; k++) paras[np++] = last[(nl - keep + k) % EDGE_PARAS];
  for (unsigned k = 0; k < np; k++) {
    unsigned n = bold_names(c, dom, paras[k], names, cap);
    if (n) return n;
  }
  return 0;
}

/* A name that is the site's or an address, not a person's. */
static int site_like(const wn_meta *m, const char *v) {
  if (ieq(v, m->sitename) || ieq(v, m->site_hint) || strchr(v, '@')) return 1;
  /* "VnExpress" for the site "Báo VnExpress" */
  size_t n = strlen(v);
  for (int k = 0; k < 2 && n >= 3; k++) {
    const char *site = k ? m->site_hint : m->sitename;
    size_t sn = site ? strlen(site) : 0;
    for (size_t i = 0; i + n <= sn; i++)
      if ((!i || site[i - 1] == ' ') && (i + n == sn || site[i + n] == ' ') &&
          lower_eq_n(site + i, v, n))
        return 1;
  }
  /* "mdr.de", "Example (www.example.com)" */
  for (const char *p = v; *p; p++)
    if (*p == '.' && p > v && is_alpha((unsigned char)p[-1]) && is_alpha((unsigned char)p[1]) &&
        is_alpha((unsigned char)p[2]))
      return 1;
  return 0;
}

/* An agency's or a desk's short name ("AFP", "LTO"), or the site's:
 * what a byline naming a person beats. */
static int agency_like(const wn_meta *m, const char *v) {
  size_t n = strlen(v), caps = 0;
  for (size_t i = 0; i < n; i++) {
    if (!is_alpha((unsigned char)v[i]) && !is_digit((unsigned char)v[i])) return site_like(m, v);
    caps += v[i] >= 'A' && v[i] <= 'Z';
  }
  return (n >= 2 && n <= 5 && caps == n) || site_like(m, v);
}

/* The authors as the metadata gives them, cleaned: lists split into
 * names, roles and tags dropped; a site's name dropped beside persons.
 * Returns a bit for each author kept that was a site's before it was
 * cleaned ("Example News (www.example.com)"). */
static unsigned tidy_authors(collector *c) {
  wn_meta *m = c->m;
  const char *out[WN_META_MAX_AUTHORS];
  unsigned n = 0, persons = 0, site = 0, site_out = 0;
  for (unsigned i = 0; i < m->nauthor; i++) {
    const char *parts[WN_META_MAX_AUTHORS];
    unsigned first = n;
    /* the metadata names people: lower-case initials ("dpa") are kept */
    unsigned k = byline_names(c, m->author[i], parts, WN_META_MAX_AUTHORS, 0);
    if (!k) {
      /* keep what the metadata says when it reads as no list of names,
       * unless it is a link's words ("See full bio") */
      if (furniture(m->author[i])) continue;
      parts[0] = m->author[i];
      k = 1;
    }
    for (unsigned j = 0; j < k && n < WN_META_MAX_AUTHORS; j++) {
      int dup = 0;
      for (unsigned x = 0; x < n; x++) dup |= ieq(out[x], parts[j]);
      if (!dup) out[n++] = parts[j];
    }
    if (site_like(m, m->author[i]))
      for (unsigned j = first; j < n; j++) site |= 1u << j;
  }
  for (unsigned i = 0; i < n; i++) persons += !site_like(m, out[i]) && !(site >> i & 1);
  m->nauthor = 0;
  for (unsigned i = 0; i < n; i++)
    if (!persons || (!site_like(m, out[i]) && !(site >> i & 1))) {
      if (site >> i & 1) site_out |= 1u << m->nauthor;
      m->author[m->nauthor++] = out[i];
    }
  return site_out;
}

/* Byline elements looked at for an editor's name. */
#define MAX_EDITOR_LOOKS 256

/* 1 when the page prints name in a byline element or an author's link
 * right after an editor's label ("Editor : <a class=author>Jane
 * Roe</a>", "Redaktur: ..."). */
static int printed_as_editor(collector *c, const wn_dom *dom, const wn_features *fs,
                             const char *name) {
  static const char *const labels[] = {"editor", "redaktur", "editado por",
                                       "edited by", "\xE8\xB4\xA3\xE7\xBC\x96", NULL};
  const wn_node *nodes = dom->nodes;
  unsigned looks = 0;
  for (uint32_t i = 1; i < dom->count && looks < MAX_EDITOR_LOOKS; i++) {
    const wn_node *nd = &nodes[i];
    if (nd->tag == WN_TAG_TEXT || !(author_class(nd) || author_link(nd))) continue;
    looks++;
    const wn_node *prev = &nodes[i - 1];
    if (prev->tag != WN_TAG_TEXT || prev->parent != nd->parent || (fs->f[i].flags & WN_F_DROP))
      continue;
    const char *t = wn_meta_element_text(c, dom, i);
    const char *v = t ? wn_meta_clean(c->a, t, strlen(t), &c->nomem) : NULL;
    if (!v || !ieq(v, name)) continue;
    size_t n = prev->len;
    while (n && (is_space((unsigned char)prev->text[n - 1]) || prev->text[n - 1] == ':')) n--;
    for (int k = 0; labels[k]; k++) {
      size_t l = strlen(labels[k]);
      if (n >= l && lower_eq_n(prev->text + n - l, labels[k], l) &&
          (n == l || !is_alpha((unsigned char)prev->text[n - l - 1])))
        return 1;
    }
  }
  return 0;
}

/* Reads the byline and the printed date around the headline, and the
 * date in the address; they fill what the metadata lacks and mend what
 * it gets wrong (a site's name for the author, a day shifted to UTC). */
void wn_meta_read_printed(collector *c, const wn_dom *dom, const wn_features *fs, uint32_t article,
                          const char *url) {
  const wn_node *nodes = dom->nodes;
  wn_meta *m = c->m;
  uint32_t h = find_headline(dom, fs, article);
  int month_first = month_first_lang(m->language);
  seen_dates sd;
  memset(&sd, 0, sizeof sd);
  lines *ls = calloc(1, sizeof *ls);
  if (!ls) {
    c->nomem = 1;
    return;
  }
  const char *names[WN_META_MAX_AUTHORS];
  unsigned nnames = 0;
  uint32_t before = WN_NONE;
  /* the date line is looked for under a heading that names the article
   * when there is no <h1> */
  uint32_t hd = h != WN_NONE ? h : titled_heading(c, dom, fs);
  if (hd != WN_NONE) {
    /* after the headline, then just before it (a kicker or a date line
     * above it within its own header) */
    uint32_t to = nodes[hd].end + NEAR_NODES;
    before = hd;
    for (int up = 0; up < 3; up++) {
      uint32_t p = nodes[before].parent;
      if (p == WN_NONE || hd - p > 80) break;
      before = p;
    }
    /* the printed date is wanted when the metadata gives none, gives
     * only a <time> found somewhere in the page, or gives an instant in
     * UTC whose day it may correct (below) */
    size_t dl = m->date ? strlen(m->date) : 0;
    int want_date = !m->date || c->rank[F_DATE] == R_TIME || (dl >= 20 && m->date[dl - 1] == 'Z');
    if (want_date) {
      read_lines(c, dom, fs, nodes[hd].end, to, ls);
      dates_in(ls, month_first, &sd.near, &sd.updated, &sd.near_node, NEAR_LINES);
    }
    if (want_date && !sd.near.y && before < hd) {
      read_lines(c, dom, fs, before, hd, ls);
      wn_text_date upd = sd.updated;
      dates_in(ls, month_first, &sd.near, &upd, &sd.near_node, NEAR_LINES);
      if (!sd.updated.y) sd.updated = upd;
    }
    if (h != WN_NONE) {
      nnames = bylines_in(c, dom, fs, nodes[h].end, to, 0, 1, names, WN_META_MAX_AUTHORS);
      if (!nnames && before < h) nnames = bylines_in(c, dom, fs, before, h, 1, 1, names, WN_META_MAX_AUTHORS);
    }
  }
  if (article != WN_NONE) {
    if (!nnames) nnames = bylines_in(c, dom, fs, article, nodes[article].end, 0, 0, names, WN_META_MAX_AUTHORS);
    /* just above the article, when the headline found was not the
     * article's (a logo in an <h1>): the last byline there */
    if (!nnames && article > BEFORE_NODES && (h == WN_NONE || h + NEAR_NODES < article))
      nnames = bylines_in(c, dom, fs, article - BEFORE_NODES, article, 1, 1, names, WN_META_MAX_AUTHORS);
    /* a signature in bold beats a byline of the site's or an agency's
     * name only ("by Example Times" over "<b>Jane Doe</b>") */
    int site_only = nnames > 0;
    for (unsigned k = 0; k < nnames; k++) site_only &= agency_like(m, names[k]);
    if (!nnames || site_only) {
      const char *edge[WN_META_MAX_AUTHORS];
      unsigned ne = edge_names(c, dom, fs, article, edge, WN_META_MAX_AUTHORS);
      for (unsigned k = 0; k < ne; k++) names[k] = edge[k];
      if (ne) nnames = ne;
    }
  }
  if (article != WN_NONE && !m->date) {
    /* the article's first lines, then its last */
    read_lines(c, dom, fs, article, nodes[article].end, ls);
    wn_text_date upd = {0};
    if (ls->n > 3) ls->n = 3;
    dates_in(ls, month_first, &sd.body, &upd, NULL, ANY_LINE);
    if (!sd.body.y) {
      uint32_t end = nodes[article].end, from = end > article + 60 ? end - 60 : article;
      read_lines(c, dom, fs, from, end, ls);
      if (ls->n > 3) memmove(ls->v, ls->v + ls->n - 3, 3 * sizeof *ls->v), ls->n = 3;
      dates_in(ls, month_first, &sd.body, &upd, NULL, ANY_LINE);
    }
    if (!sd.body.y) {
      /* the post's signature line just after the text */
      uint32_t end = nodes[article].end;
      read_lines(c, dom, fs, end, end + NEAR_NODES, ls);
      if (ls->n > AFTER_LINES) ls->n = AFTER_LINES;
      dates_in(ls, month_first, &sd.body, &upd, NULL, SIGNED_LINES);
    }
  }
  free(ls);
  if (!m->date) {
    uint32_t end = article != WN_NONE ? nodes[article].end : dom->count;
    dated_element(c, dom, fs, 0, end, month_first, &sd.dated, &sd.updated);
  }
  const char *addr[3] = {url, m->canonical, NULL};
  for (int k = 0; k < 2 && !sd.url.y; k++) wn_date_in_url(addr[k], &sd.url);

  /* authors: the byline fills a gap, and wins over a site's name or over
   * fewer of the same names */
  unsigned site = tidy_authors(c);
  if (nnames) {
    int replace = !m->nauthor, all_site = m->nauthor > 0, covered = 1;
    for (unsigned i = 0; i < m->nauthor; i++) {
      if (!agency_like(m, m->author[i]) && !(site >> i & 1)) all_site = 0;
      int in = 0;
      for (unsigned k = 0; k < nnames; k++) in |= ieq(m->author[i], names[k]);
      covered &= in;
    }
    int byline_site = 0;
    for (unsigned k = 0; k < nnames; k++) byline_site |= agency_like(m, names[k]);
    /* "SID Nachrichtenagentur" for "SID" is the same agency */
    for (unsigned i = 0; i < m->nauthor && all_site; i++)
      for (unsigned k = 0; k < nnames; k++)
        if (istarts(names[k], m->author[i]) && names[k][strlen(m->author[i])] == ' ') all_site = 0;
    if (all_site && !byline_site) replace = 1;
    if (covered && nnames > m->nauthor) replace = 1;
    /* the metadata names the editor the page prints as such ("Editor:
     * Jane Roe") beside a byline naming another: the byline's is the
     * author */
    int editors = m->nauthor > 0 && !covered;
    for (unsigned i = 0; i < m->nauthor && editors; i++) {
      int in = 0;
      for (unsigned k = 0; k < nnames; k++) in |= ieq(m->author[i], names[k]);
      editors = !in && printed_as_editor(c, dom, fs, m->author[i]);
    }
    if (editors) replace = 1;
    if (replace) {
      /* the site's own name beside persons ("[ Jane Doe, Example News ]")
       * is the publication, not an author */
      unsigned persons = 0;
      for (unsigned k = 0; k < nnames; k++) persons += !agency_like(m, names[k]);
      m->nauthor = 0;
      for (unsigned k = 0; k < nnames; k++)
        if (!persons || !site_like(m, names[k])) m->author[m->nauthor++] = names[k];
      c->rank[F_AUTHOR] = R_TEXT;
    }
  }

  /* the date: a printed one never later than the page's last change */
  long latest = 0;
  if (m->modified && strlen(m->modified) >= 10)
    latest = wn_date_days(atoi(m->modified), atoi(m->modified + 5), atoi(m->modified + 8));
  wn_text_date *order[] = {&sd.near, &sd.dated, &sd.body, &sd.url, &sd.updated};
  const wn_text_date *best = NULL;
  for (int k = 0; k < 5 && !best; k++)
    if (order[k]->y && (!latest || wn_date_days(order[k]->y, order[k]->mo, order[k]->d) <= latest))
      best = order[k];
  char iso[16];
  if (!m->date && best) {
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", best->y, best->mo, best->d);
    m->date = wn_arena_strndup(c->a, iso, 10);
    if (!m->date) c->nomem = 1;
    c->rank[F_DATE] = R_TEXT;
  } else if (m->date && c->rank[F_DATE] == R_TIME && sd.near.y &&
             !(hd != WN_NONE && c->time_node > hd && nodes[c->time_node].end <= sd.near_node)) {
    /* a <time> is only the first of the page's (a teaser's, an embedded
     * post's, or one whose text names another day than its datetime):
     * the date printed by the headline is the article's, unless that
     * <time> comes first after the headline ("Posted 2 hours ago") */
    if (wn_date_days(sd.near.y, sd.near.mo, sd.near.d) !=
        wn_date_days(atoi(m->date), atoi(m->date + 5), atoi(m->date + 8))) {
      snprintf(iso, sizeof iso, "%04d-%02d-%02d", sd.near.y, sd.near.mo, sd.near.d);
      m->date = wn_arena_strndup(c->a, iso, 10);
      if (!m->date) c->nomem = 1;
      c->rank[F_DATE] = R_TEXT;
    }
  } else if (m->date && strlen(m->date) >= 20 && m->date[strlen(m->date) - 1] == 'Z') {
    /* an instant given in another zone than the publisher's: the day
     * printed by the headline or in the address, when it is the next or
     * the one before, is the publisher's own */
    const wn_text_date *local = sd.near.y ? &sd.near : sd.url.y ? &sd.url : NULL;
    long md = wn_date_days(atoi(m->date), atoi(m->date + 5), atoi(m->date + 8));
    if (local) {
      long lday = wn_date_days(local->y, local->mo, local->d);
      /* the day before is the publisher's only west of UTC, up to ten
       * hours (the Americas), the day after only east of it */
      int hour = atoi(m->date + 11);
      if ((lday == md - 1 && hour < 10) || (lday == md + 1 && hour >= 14)) {
        snprintf(iso, sizeof iso, "%04d-%02d-%02d", local->y, local->mo, local->d);
        m->date = wn_arena_strndup(c->a, iso, 10);
        if (!m->date) c->nomem = 1;
      }
    }
  }
}
