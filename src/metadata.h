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

#include "feature.h"

#define WN_META_MAX_AUTHORS 16
#define WN_META_MAX_TAGS 32
/* Bytes an ISO 8601 date written by wn_date_normalize() takes at most,
 * NUL included ("-12345-12-31T23:59:59.123456789+14:00" does not occur:
 * years have four digits, fractions at most nine). */
#define WN_DATE_MAX 40

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
} wn_meta;

/* 1 when heading text h is one of the metadata's titles, alone or with
 * the site's name after a separator ("Headline | Site"). */
int wn_meta_is_title(const wn_meta *m, const char *h);

/* Reads the metadata of dom.  fs (may be NULL) lets comment sections be
 * skipped; article (may be WN_NONE) is the chosen container, where a
 * <time> is looked for first; url (may be NULL) is the page's address.
 * Broken JSON-LD is skipped.  Fails only when memory runs out. */
winnow_status wn_meta_extract(wn_arena *a, const wn_dom *dom, const wn_features *fs,
                              uint32_t article, const char *url, wn_meta *out);

/* Writes the ISO 8601 form of a date as pages write it into out and
 * returns 1, or returns 0 when s is not a date that can be read without
 * guessing (03/04/2023: March or April?).  Read: RFC 3339 and ISO 8601
 * ("2023-03-03T10:20:30+01:00", zone "+0100", no seconds), "2023/03/03",
 * "03.03.2023" (day first), "3/25/2023" and "25/3/2023" when only one
 * reading is a date, month names in English, German, French, Spanish,
 * Italian, Portuguese and Dutch ("March 3, 2023", "3. März 2023",
 * "Fri, 03 Mar 2023 10:20:30 +0000"), "2023年3月3日", and Unix times in
 * seconds or milliseconds (as UTC).  The time and zone are kept when
 * given: "2023-03-03", "2023-03-03T10:20:30", "2023-03-03T10:20:30Z",
 * "2023-03-03T10:20:30+01:00". */
int wn_date_normalize(const char *s, char out[WN_DATE_MAX]);

/* Resolves ref against the absolute URL base (RFC 3986, section 5.2) and
 * appends the result to out.  Leading and trailing spaces and any tab or
 * newline in ref are dropped first, as browsers do.  When base is NULL or
 * not absolute, ref is appended as it is and 0 returned; else 1. */
int wn_url_resolve(wn_buf *out, const char *base, const char *ref);

/* 1 when s starts with a URI scheme ("https:", "mailto:"). */
int wn_url_is_absolute(const char *s);

#endif
