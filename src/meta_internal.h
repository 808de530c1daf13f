/* What metadata.c and printed.c share: the collector of candidates,
 * the ranks of the sources, and the string helpers both use.  Internal:
 * not part of the library's interface. */
#ifndef WINNOW_META_INTERNAL_H
#define WINNOW_META_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "metadata.h"

static inline int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static inline int ieq(const char *a, const char *b) {
  if (!a || !b) return 0;
  while (*a && lower((unsigned char)*a) == lower((unsigned char)*b)) a++, b++;
  return *a == *b;
}

static inline int istarts(const char *s, const char *prefix) {
  while (*prefix && lower((unsigned char)*s) == lower((unsigned char)*prefix)) s++, prefix++;
  return !*prefix;
}

static inline int lower_eq_n(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]) || !a[i]) return 0;
  return 1;
}

static inline int is_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
static inline int is_digit(int c) { return c >= '0' && c <= '9'; }
static inline int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Sources, most trusted first.  <link rel="canonical"> is the element
 * made for the canonical address, so it is offered with a rank above
 * all (R_FIRST). */
enum {
  R_FIRST,
  R_JSONLD,
  R_OG,       /* OpenGraph, article:*, Twitter cards */
  R_DC,       /* Dublin Core */
  R_META,     /* other <meta name> */
  R_ITEMPROP, /* microdata in the body */
  R_REL,      /* rel="author", rel="tag" links */
  R_TIME,     /* <time datetime> */
  R_TEXT,     /* what the page prints: a byline, a date line, the address */
  R_HTML,     /* <html lang>, Content-Language */
  R_TITLE,    /* <title> */
  R_NONE
};

enum { F_TITLE, F_DATE, F_MODIFIED, F_SITENAME, F_DESCRIPTION, F_LANGUAGE, F_CANONICAL, F_IMAGE,
       F_AUTHOR, F_TAGS, F_COUNT };

typedef struct collector {
  wn_arena *a;
  wn_meta *m;
  int rank[F_COUNT];
  const char *base; /* for image and canonical addresses */
  int nomem;
  wn_buf tmp;
  uint32_t time_node; /* the <time> the date came from when its rank is R_TIME */
} collector;

/* s[0..len) as a clean arena string: invalid UTF-8 replaced, invisible
 * characters dropped, whitespace collapsed and trimmed, NFC.  NULL when
 * nothing is left; *nomem set when memory ran out. */
const char *wn_meta_clean(wn_arena *a, const char *s, size_t len, int *nomem);

/* Collapsed text of the subtree of node i, at most a line's worth. */
const char *wn_meta_element_text(collector *c, const wn_dom *dom, uint32_t i);

/* 1 when the class or id of nd names a list of other articles, a
 * sidebar or a footer ("related", "teaser", "sidebar"...), whose dates
 * are not the article's (printed.c). */
int wn_meta_others_named(const wn_node *nd);

/* Reads the byline and the printed date around the headline, and the
 * date in the address (printed.c). */
void wn_meta_read_printed(collector *c, const wn_dom *dom, const wn_features *fs, uint32_t article,
                          const char *url);

#endif
