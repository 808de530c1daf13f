/* Streaming readers for batch mode: a byte source that undoes gzip (one
 * member per record as Common Crawl writes it, or one for the whole file),
 * WARC records on top of it, and the HTTP payload of a response record.
 *
 * Everything here works on the objects it is given (no globals), so one
 * reader per thread is safe.  Memory is bounded by the options, not by the
 * size of the archive: a record's block is kept only up to max_block bytes.
 *
 * Damage real crawls contain and what the reader does with it:
 *   wrong Content-Length    the block ends where the next record starts
 *                           (next "WARC/1." header after a blank line, or
 *                           the end of the record's gzip member)
 *   extra blank lines       skipped between records
 *   truncated last record   returned with WN_WARC_TRUNCATED
 *   corrupt gzip member     one WN_WARC_CORRUPT event, then reading goes on
 *                           at the next member's magic (a whole-file gzip
 *                           stream has no later member: the rest is lost)
 *   bytes that are no WARC  one WN_WARC_JUNK event, skipped to the next
 *                           "WARC/" line */
#ifndef WN_WARC_H
#define WN_WARC_H

#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

/*** Byte source: plain or gzip, from a file descriptor or from memory ***/

typedef enum wn_src_ev {
  WN_SRC_DATA = 0, /* bytes were returned */
  WN_SRC_BOUNDARY, /* a gzip member ended; the next read starts the next one */
  WN_SRC_EOF,      /* the input ended cleanly */
  WN_SRC_TRUNCATED, /* the input ended inside a gzip member */
  WN_SRC_CORRUPT,  /* the current member is corrupt: drop what it gave; the
                      next read starts at the next member (bad_off, bad_end) */
  WN_SRC_IOERR     /* read() failed (errno is kept in err) */
} wn_src_ev;

#define WN_SRC_INBUF (1u << 16)

typedef struct wn_src {
  int fd;                     /* -1 for a memory source */
  const unsigned char *mem;   /* memory source */
  size_t mem_len;
  int seekable;               /* a corrupt member is rescanned from its start + 1 */
  int gz;                     /* detected from the first two bytes */
  int started;                /* the format was detected */
  int in_member;              /* inside a gzip member */
  int done;                   /* EOF or I/O error returned */
  int pending_boundary;       /* a member ended with data still to return */
  int pending_corrupt;        /* a member failed after giving data: say so next */
  z_stream z;
  int z_ready;
  unsigned char *in;          /* compressed input window */
  size_t in_pos, in_len;
  uint64_t in_off;            /* file offset of in[0] */
  int in_eof;
  uint64_t member_off;        /* file offset of the current member's magic */
  uint64_t bad_off, bad_end;  /* last WN_SRC_CORRUPT: the bytes skipped */
  uint64_t consumed;          /* bytes taken from the file so far (progress) */
  int err;                    /* errno of WN_SRC_IOERR */
  unsigned char *peek;        /* wn_src_peek()'s bytes, returned by reads first */
  size_t peek_len, peek_pos;
  int peek_ev;                /* event met while peeking, returned after them */
} wn_src;

/* Open over fd (not closed by wn_src_close) or over mem[0..len) (fd < 0).
 * Returns 0, or -1 when out of memory. */
int wn_src_open(wn_src *s, int fd, const void *mem, size_t len);
void wn_src_close(wn_src *s);
/* Up to cap bytes into out; 0 with *ev saying why there were none. */
size_t wn_src_read(wn_src *s, void *out, size_t cap, wn_src_ev *ev);
/* The first bytes of the (decompressed) data, up to 64 KiB, without
 * consuming them: later reads return them first.  *n is 0 for an empty
 * or unreadable input.  Call before any read. */
int wn_src_peek(wn_src *s, const unsigned char **p, size_t *n);
/* File offset where the data returned next comes from: the current
 * member's magic for gzip, the exact byte otherwise. */
uint64_t wn_src_offset(const wn_src *s);

/*** WARC records ***/

typedef enum wn_warc_kind {
  WN_WARC_RECORD = 0, /* a record: header fields and (maybe) its block */
  WN_WARC_CORRUPT,    /* a corrupt gzip member was skipped */
  WN_WARC_JUNK,       /* bytes that are not a WARC record were skipped */
  WN_WARC_IOERR,      /* reading the input failed; nothing follows */
  WN_WARC_END         /* no more records */
} wn_warc_kind;

/* wn_warc_record.flags */
#define WN_WARC_TRUNCATED (1u << 0) /* the input ended inside the block */
#define WN_WARC_BAD_LENGTH (1u << 1) /* Content-Length was wrong (or absent) */
#define WN_WARC_OVERSIZE (1u << 2)  /* block over max_block: only its head kept */

typedef struct wn_warc_record {
  wn_warc_kind kind;
  unsigned flags;
  char type[24];        /* WARC-Type, lower case ("response", ...); "" if absent */
  /* Header values, NUL-terminated, malloc'd; NULL when absent. */
  char *id;             /* WARC-Record-ID, as written ("<urn:uuid:...>") */
  char *uri;            /* WARC-Target-URI, without enclosing <> */
  char *date;           /* WARC-Date */
  char *content_type;   /* the WARC Content-Type (of the block) */
  uint64_t offset;      /* where it starts: the gzip member's offset, or the byte */
  uint64_t length;      /* bytes of block found (not the declared length) */
  uint64_t skipped;     /* WN_WARC_CORRUPT / WN_WARC_JUNK: input bytes skipped */
  unsigned char *block; /* malloc'd, block_len bytes plus a NUL; NULL if not kept */
  size_t block_len;
} wn_warc_record;

typedef struct wn_warc_opts {
  size_t max_block; /* blocks kept whole up to this size. Default: 8 MiB + 64 KiB */
  size_t head;      /* bytes kept of a larger block. Default: 64 KiB */
  /* Which blocks to keep by WARC-Type: bit 1 response, 2 resource,
   * 4 anything else.  Default: response | resource. */
  unsigned keep;
} wn_warc_opts;

#define WN_WARC_KEEP_RESPONSE 1u
#define WN_WARC_KEEP_RESOURCE 2u
#define WN_WARC_KEEP_OTHER 4u

typedef struct wn_warc wn_warc;

/* A reader over src (which stays the caller's).  opts may be NULL. */
wn_warc *wn_warc_new(wn_src *src, const wn_warc_opts *opts);
void wn_warc_free(wn_warc *w);
/* The next record or event into rec (cleared first; free its strings
 * with wn_warc_record_clear, or take them and set them NULL).
 * Returns rec->kind; -1 when out of memory. */
int wn_warc_next(wn_warc *w, wn_warc_record *rec);
void wn_warc_record_clear(wn_warc_record *rec);

/*** HTTP payload of a response record ***/

typedef struct wn_http {
  int status;              /* 200, ...; 0 when the status line was not HTTP */
  const char *ctype;       /* Content-Type value (not NUL-terminated) or NULL */
  size_t ctype_len;
  int chunked;             /* Transfer-Encoding: chunked */
  int encoding;            /* WN_ENC_* of Content-Encoding */
  size_t body_off;         /* where the body starts in the block */
} wn_http;

enum { WN_ENC_IDENTITY = 0, WN_ENC_GZIP, WN_ENC_DEFLATE, WN_ENC_BR, WN_ENC_OTHER };

/* Parse the status line and headers of block[0..len).  Returns 0, or -1
 * when there is no HTTP header block (no blank line within 64 KiB). */
int wn_http_parse(const unsigned char *block, size_t len, wn_http *h);

/* The media type of a Content-Type value, lower case, into out (e.g.
 * "text/html"); and its charset parameter (unquoted) into cs, "" if none. */
void wn_http_media_type(const char *v, size_t len, char *out, size_t outsz, char *cs,
                        size_t cssz);

/* Undo chunked transfer coding in place.  Returns the new length, or
 * (size_t)-1 when the data is not chunked (left as it was).  A truncated
 * stream keeps what arrived. */
size_t wn_http_dechunk(unsigned char *data, size_t len);

/* Decode gzip, deflate (zlib or raw) or Brotli data[0..len) into a
 * malloc'd buffer of at most max bytes.  Returns 0 and *out, *out_len on
 * success (also for a truncated stream: what arrived), 1 when the result
 * would pass max, -1 when the data is not compressed as said (Brotli:
 * also when it already reads as markup) or out of memory. */
int wn_http_inflate(const unsigned char *data, size_t len, int encoding, size_t max,
                    unsigned char **out, size_t *out_len);

/* What a payload is: 1 HTML, 0 something else.  media is the lower-case
 * media type ("" when none was given): HTML and XHTML types pass unless
 * the bytes are binary; generic or missing types pass when the first
 * bytes look like markup; any other type fails. */
int wn_sniff_html(const char *media, const unsigned char *data, size_t len);

#endif
