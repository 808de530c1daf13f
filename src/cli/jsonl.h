/* JSONL input for batch mode: lines of a (maybe gzip) stream, and the
 * page one line holds ({"url": ..., "html": ...}, field names chosen by
 * the caller).  No globals; one reader per input. */
#ifndef WN_JSONL_H
#define WN_JSONL_H

#include <stddef.h>
#include <stdint.h>

#include "warc.h"

typedef struct wn_lines wn_lines;

/* Lines over src (the caller's); lines longer than max_line are skipped
 * and said so. */
wn_lines *wn_lines_new(wn_src *src, size_t max_line);
void wn_lines_free(wn_lines *l);

typedef enum wn_line_kind {
  WN_LINE = 0,     /* *line, *len: a line without its newline, valid until the next call */
  WN_LINE_LONG,    /* a line over max_line was skipped (*len: its length) */
  WN_LINE_CORRUPT, /* a corrupt gzip member was skipped (src->bad_off, bad_end) */
  WN_LINE_IOERR,   /* reading failed (src->err) */
  WN_LINE_END
} wn_line_kind;

/* The next line.  *lineno is its number (from 1).  Returns -1 when out of
 * memory. */
int wn_lines_next(wn_lines *l, const char **line, size_t *len, uint64_t *lineno);

typedef struct wn_jsonl_fields {
  const char *url;  /* Default: "url" */
  const char *html; /* Default: "html" */
  const char *id;   /* Default: "id" */
  const char *date; /* Default: "date" (kept as crawl_date) */
} wn_jsonl_fields;

typedef struct wn_jsonl_page {
  char *url, *id, *date; /* malloc'd; NULL when absent or not a string/number */
  char *html;            /* malloc'd, html_len bytes plus a NUL */
  size_t html_len;
} wn_jsonl_page;

/* Parse one line.  Returns 0, or -1 with *why set to a static reason:
 * "bad_json" (not one JSON object), "no_html" (the html field is missing
 * or not a string), "nomem". */
int wn_jsonl_page_parse(const char *line, size_t len, const wn_jsonl_fields *f,
                        wn_jsonl_page *out, const char **why);
void wn_jsonl_page_clear(wn_jsonl_page *p);

#endif
