/*
 * winnow: keep the article of a web page, drop the rest.
 *
 * One page in (HTML bytes, any charset, optionally gzip-compressed), the
 * article out as text, Markdown or JSON.  The library never prints, never
 * exits and keeps no global state: every call works on the objects it is
 * given, so separate documents may be processed on separate threads.
 *
 * Ownership: a winnow_doc owns everything reachable from it; strings it
 * returns stay valid until winnow_doc_free().  Strings returned by
 * winnow_html_to_text() are the caller's to free with free().
 */
#ifndef WINNOW_H
#define WINNOW_H

#include <stddef.h>

#include "winnow_export.h"
#include "winnow_version.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Every fallible call returns one of these; winnow_status_str() names it. */
typedef enum winnow_status {
  WINNOW_OK = 0,
  WINNOW_E_NOMEM,   /* an allocation failed */
  WINNOW_E_INVALID, /* a bad argument (NULL pointer, unknown format, ...) */
  WINNOW_E_LIMIT,   /* the input exceeds options.max_bytes */
  WINNOW_E_DECODE,  /* the bytes could not be decoded (corrupt gzip, ...) */
  WINNOW_E_PARSE,   /* the HTML parser gave up */
  WINNOW_E_WRITE,   /* the caller's write callback reported an error */
  WINNOW_E_TIME     /* the page took longer than options.max_ms */
} winnow_status;

typedef enum winnow_format {
  WINNOW_FORMAT_TEXT = 0,
  WINNOW_FORMAT_MARKDOWN,
  WINNOW_FORMAT_JSON,
  /* Why each block was kept or dropped: a self-contained HTML page, or
   * the same as one JSON object ("blocks": [{"path", "text", "decision",
   * "reason", ...}]; the README has the fields and the reason codes).
   * The document must come from winnow_extract() with WINNOW_OPT_EXPLAIN,
   * else winnow_render() returns WINNOW_E_INVALID. */
  WINNOW_FORMAT_EXPLAIN_HTML,
  WINNOW_FORMAT_EXPLAIN_JSON
} winnow_format;

/* Option bits for winnow_options.flags. */
#define WINNOW_OPT_TITLE (1u << 0)     /* render the title before the body */
#define WINNOW_OPT_CAPTIONS (1u << 1)  /* keep figure captions and credits */
#define WINNOW_OPT_PRECISION (1u << 2) /* drop anything doubtful */
#define WINNOW_OPT_RECALL (1u << 3)    /* keep anything plausible */
/* Markdown: links as [text](url) and images as ![alt](src), addresses
 * resolved against the page's <base href>, else options.url (left as the
 * page wrote them when neither is an absolute URL).  Default: text only. */
#define WINNOW_OPT_LINKS (1u << 4)
#define WINNOW_OPT_IMAGES (1u << 5)
/* JSON: the article as Markdown in "markdown" instead of plain text in
 * "text" (the LINKS and IMAGES bits apply).  Default: "text". */
#define WINNOW_OPT_MARKDOWN_IN_JSON (1u << 6)
/* Record why each block was kept or dropped, for the WINNOW_FORMAT_EXPLAIN_*
 * reports.  Costs memory and a little time; the extraction is the same.
 * Default: off. */
#define WINNOW_OPT_EXPLAIN (1u << 7)
/* options.charset is what the transport declared (an HTTP Content-Type
 * header), not an override: it outranks the page's <meta>, but, like a
 * <meta> charset, a legacy one gives way to bytes that are plainly UTF-8
 * (a server's default label on a UTF-8 page).  Default: off (charset
 * overrides everything but a BOM). */
#define WINNOW_OPT_CHARSET_HINT (1u << 8)

/* Warning bits reported by winnow_doc_warnings(): the page was changed
 * before parsing to keep the parser within its limits. */
/* elements nested deeper than max_depth were flattened, or formatting
 * (<b>, <i>...) that the parser would re-open in every later block was
 * ended early: the text is all there, some of its formatting is not */
#define WINNOW_WARN_DEPTH (1u << 0)
#define WINNOW_WARN_ATTRS (1u << 1)     /* attributes past max_attrs were dropped */
#define WINNOW_WARN_TRUNCATED (1u << 2) /* input past max_bytes was cut */
#define WINNOW_WARN_CHARSET (1u << 3)   /* invalid bytes were replaced by U+FFFD */
#define WINNOW_WARN_NODES (1u << 4)     /* nodes past max_nodes were dropped */

/* Memory hooks; all three or none.  userdata is passed back unchanged. */
typedef struct winnow_allocator {
  void *(*alloc)(void *userdata, size_t size);
  void *(*realloc)(void *userdata, void *ptr, size_t size);
  void (*free)(void *userdata, void *ptr);
  void *userdata;
} winnow_allocator;

/* Version 2 added max_ms and max_nodes; a struct filled for version 1 is
 * still taken. */
#define WINNOW_OPTIONS_VERSION 2

/* Fill with winnow_options_init(); then change what you need. */
typedef struct winnow_options {
  /* Must be WINNOW_OPTIONS_VERSION. Default: WINNOW_OPTIONS_VERSION. */
  int version;
  /* WINNOW_OPT_* bits. Default: 0 (balanced extraction, no title). */
  unsigned flags;
  /* The page's address, for links and metadata. Default: NULL. */
  const char *url;
  /* Charset label that overrides the page's own declaration (a BOM still
   * wins); with WINNOW_OPT_CHARSET_HINT, a declaration that may give way.
   * Default: NULL (detect). */
  const char *charset;
  /* Bytes of decoded HTML kept; the rest is cut and WINNOW_WARN_TRUNCATED
   * set. Default: 64 MiB. */
  size_t max_bytes;
  /* Open-element depth passed to the parser; deeper start tags are dropped.
   * Default: 512. */
  unsigned max_depth;
  /* Attributes kept per tag. Default: 256. */
  unsigned max_attrs;
  /* Memory hooks. Default: NULL (malloc, realloc, free). */
  const winnow_allocator *allocator;
  /* Milliseconds of CPU time (the calling thread's) winnow_extract() may
   * spend on the page before it gives up with WINNOW_E_TIME.  Checked
   * between stages and while the parser allocates, so the overshoot is
   * short (the README gives figures).  Default: 0, no bound. */
  unsigned max_ms;
  /* Nodes (elements and runs of text) kept from the parsed page; later
   * ones are dropped and WINNOW_WARN_NODES set.  Default: 4,000,000. */
  unsigned max_nodes;
} winnow_options;

/* An extracted page. Opaque. */
typedef struct winnow_doc winnow_doc;

/* Receives rendered output in chunks; return 0 to go on, non-zero to stop
 * (the render call then returns WINNOW_E_WRITE). */
typedef int (*winnow_write_fn)(const char *data, size_t len, void *userdata);

WINNOW_EXPORT void winnow_options_init(winnow_options *opt);

/* Extract the article of html[0..len).  opt may be NULL for the defaults.
 * On WINNOW_OK *out holds a document to free with winnow_doc_free(); on
 * any other status *out is NULL. */
WINNOW_EXPORT winnow_status winnow_extract(const char *html, size_t len,
                                           const winnow_options *opt,
                                           winnow_doc **out);

/* Render the article of doc in format f through write(). */
WINNOW_EXPORT winnow_status winnow_render(const winnow_doc *doc,
                                          winnow_format f,
                                          winnow_write_fn write,
                                          void *userdata);

/* Characters (code points) of article text; 0 when no article was found. */
WINNOW_EXPORT size_t winnow_doc_chars(const winnow_doc *doc);
/* The page's title, or NULL. Owned by doc. */
WINNOW_EXPORT const char *winnow_doc_title(const winnow_doc *doc);
/* Words of article text (CJK characters count one each). */
WINNOW_EXPORT size_t winnow_doc_words(const winnow_doc *doc);
/* How sure winnow is that it found an article, in [0, 1]: 0 when it found
 * none; the formula is in the README ("JSON"). */
WINNOW_EXPORT double winnow_doc_confidence(const winnow_doc *doc);
/* WINNOW_WARN_* bits. */
WINNOW_EXPORT unsigned winnow_doc_warnings(const winnow_doc *doc);

/* What the page says about itself, read from JSON-LD, <meta>, microdata
 * and the like in the order of trust the README gives.  A field the page
 * does not give is NULL: nothing is guessed. */
typedef enum winnow_field {
  WINNOW_FIELD_AUTHOR = 0,  /* a list: one name per index */
  WINNOW_FIELD_DATE,        /* publication date, ISO 8601 ("2023-03-03", "2023-03-03T10:20:30+01:00") */
  WINNOW_FIELD_MODIFIED,    /* last modification, ISO 8601 */
  WINNOW_FIELD_SITENAME,
  WINNOW_FIELD_DESCRIPTION,
  WINNOW_FIELD_LANGUAGE,    /* as the page declares it ("en", "pt-BR") */
  WINNOW_FIELD_CANONICAL,   /* absolute when <base href> or options.url allow */
  WINNOW_FIELD_IMAGE,       /* the page's lead image, likewise */
  WINNOW_FIELD_TAGS         /* a list */
} winnow_field;

/* The index-th value of field f (only the lists have more than index 0),
 * or NULL.  Owned by doc. */
WINNOW_EXPORT const char *winnow_doc_meta(const winnow_doc *doc, winnow_field f, size_t index);
/* Charset the page was decoded from (e.g. "UTF-8", "windows-1252"). */
WINNOW_EXPORT const char *winnow_doc_charset(const winnow_doc *doc);

/* NULL-safe. Frees everything the document owns. */
WINNOW_EXPORT void winnow_doc_free(winnow_doc *doc);

/* One-shot: extract and render in one call.  Returns a NUL-terminated
 * string the caller frees with free(), or NULL on failure (*status, when
 * not NULL, says why). */
WINNOW_EXPORT char *winnow_html_to_text(const char *html, size_t len,
                                        winnow_format f,
                                        const winnow_options *opt,
                                        winnow_status *status);

WINNOW_EXPORT const char *winnow_status_str(winnow_status s);

/* 1 when label names a charset winnow can decode (WHATWG labels such as
 * "utf-8", "latin1", "shift_jis", "gb2312"), else 0. */
WINNOW_EXPORT int winnow_charset_supported(const char *label);

/* WINNOW_VERSION of the library actually linked. */
WINNOW_EXPORT int winnow_version(void);
WINNOW_EXPORT const char *winnow_version_string(void);

#ifdef __cplusplus
}
#endif

#endif
