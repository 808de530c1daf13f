/* Page metadata: what a page says about itself (author, dates, site,
 * language, ...), read from the parsed page directly, since the head and
 * the scripts that carry it are dropped from the content.
 *
 * Every field comes from the most trusted source that gives it, in this
 * order (README, "Metadata"): JSON-LD, OpenGraph/Twitter meta, Dublin
 * Core, other <meta name>, itemprop, rel="author"/rel="tag", <time>,
 * <html lang>/Content-Language, <link rel="canonical">, <title>.  A field
 * no source gives stays NULL: nothing is guessed.  Strings are valid,
 * NFC, whitespace-collapsed UTF-8 in the arena. */
#ifndef WINNOW_METADATA_H
#define WINNOW_METADATA_H

#include "dates.h"
#include "feature.h"

#define WN_META_MAX_AUTHORS 16
#define WN_META_MAX_TAGS 32

typedef struct wn_meta {
  const char *title; /* the headline the metadata gives; winnow prefers the page's <h1> */
  const char *author[WN_META_MAX_AUTHORS];
  unsigned nauthor;
  const char *date;     /* publication, ISO 8601 */
  const char *modified; /* last modification, ISO 8601 */
  const char *sitename;
  const char *description;
  const char *language;
  const char *canonical; /* absolute when the page or --url allows */
  const char *image;
  const char *tags[WN_META_MAX_TAGS];
  unsigned ntags;
  /* What relative links resolve against: <base href> (itself resolved
   * against url), else url; NULL when neither is an absolute URL. */
  const char *base;
  /* For telling the headline among the page's <h1>s, not for output: every
   * title the metadata gives (JSON-LD, og:, twitter:, <title>), and the
   * site's name as the <title> ends with it ("Headline | Site"). */
  const char *title_cand[6];
  unsigned ntitle_cand;
  const char *site_hint;
  /* the JSON-LD headline and the OpenGraph/Twitter title, without the
   * site's name, for wn_meta_headline(); og_alt: the other card's title
   * where og:title and twitter:title differ */
  const char *ld_title, *og_title, *og_alt;
} wn_meta;

/* The text of heading i as a title: whitespace collapsed, invisible
 * characters (soft hyphens) dropped, NFC; its hidden parts left out but
 * for a separator between spans ("Kicker<span class=sr-only>:</span>").
 * NULL when it holds no text; *nomem set when memory ran out. */
const char *wn_meta_heading_text(wn_arena *a, const wn_dom *dom, const wn_features *fs, uint32_t i,
                                 int *nomem);

/* 1 when heading text h is one of the metadata's titles, alone or with
 * the site's name after a separator ("Headline | Site"). */
int wn_meta_is_title(const wn_meta *m, const char *h);

/* The alt text of the one image heading i holds when it holds no text:
 * a logo's heading names the site so ("<h1><a href=/><img alt=Site>");
 * else NULL. */
const char *wn_meta_logo_name(const wn_dom *dom, uint32_t i);

/* Title t without the site's name site at its end (and a section's name
 * before it), as when the page's metadata names the site; t itself when
 * it does not end so, or when memory ran out. */
const char *wn_meta_without_site(wn_arena *a, const char *t, const char *site);

/* The headline given the page's <h1> text h1 (may be NULL): the <h1>,
 * or the metadata's title where it is the same headline better written
 * (without the kicker the <h1> shows before it, with the kicker the
 * <h1> leaves out, with spaces the <h1>'s spans lack), where the JSON-LD
 * and OpenGraph agree on another, or where the <h1> is a word or two
 * the title does not hold (a section's name). */
const char *wn_meta_headline(const wn_meta *m, const char *h1);

/* Reads the metadata of dom.  fs (may be NULL) lets comment sections be
 * skipped; article (may be WN_NONE) is the chosen container, where a
 * <time> is looked for first; url (may be NULL) is the page's address.
 * Broken JSON-LD is skipped.  Fails only when memory runs out. */
winnow_status wn_meta_extract(wn_arena *a, const wn_dom *dom, const wn_features *fs,
                              uint32_t article, const char *url, wn_meta *out);

/* Resolves ref against the absolute URL base (RFC 3986, section 5.2) and
 * appends the result to out.  Leading and trailing spaces and any tab or
 * newline in ref are dropped first, as browsers do.  When base is NULL or
 * not absolute, ref is appended as it is and 0 returned; else 1. */
int wn_url_resolve(wn_buf *out, const char *base, const char *ref);

/* 1 when s starts with a URI scheme ("https:", "mailto:"). */
int wn_url_is_absolute(const char *s);

#endif
