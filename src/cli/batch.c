/* winnow batch: folders, WARC and JSONL in, one JSON object per page out,
 * in input order whatever the thread count.
 *
 * Threads: the main thread reads the inputs in order (directory walk,
 * gzip, WARC framing) and puts each record into a ring of slots; N
 * workers take the slots in order, undo HTTP framing, sniff, extract and
 * render each into its output line; one writer thread writes the slots
 * in order (output, error log, counts, progress).  The ring and a byte
 * budget bound what is in flight, so memory does not grow with the
 * archive.  No globals: all state lives in one wn_batch on main's stack. */
#define _GNU_SOURCE /* realpath, sched_getaffinity */
#include "args.h"
#include "batch.h"

#include <sched.h>
#include <dirent.h>
#include <json-c/json.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "jsonl.h"
#include "warc.h"
#include "winnow.h"
#include "winnow_version.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

static const char usage[] =
    "Usage: winnow batch [OPTIONS] INPUT...\n"
    "Extract the article of every page in folders, WARC files and JSONL files,\n"
    "on all cores; one JSON object per page, in input order.\n"
    "\n"
    "Inputs:\n"
    "  INPUT                  a folder (searched recursively for .html .htm .xhtml\n"
    "                         pages, plain or .gz, and for WARC and JSONL files), a\n"
    "                         .warc or .warc.gz file, a .jsonl or .jsonl.gz file, one\n"
    "                         page, or - for standard input (its kind is sniffed)\n"
    "      --files-from FILE  read more INPUTs from FILE, one a line (- for stdin)\n"
    "      --html-field NAME  JSONL: the field holding the HTML (default html)\n"
    "      --url-field NAME   JSONL: the field holding the address (default url)\n"
    "      --id-field NAME    JSONL: the field holding an id (default id; else\n"
    "                         FILE:LINE)\n"
    "      --date-field NAME  JSONL: the field kept as crawl_date (default date)\n"
    "\n"
    "Output (JSON lines: id, crawl_date, then the fields of --format json):\n"
    "  -o, --output FILE      write to FILE instead of stdout\n"
    "      --output-dir DIR   one FILE.jsonl per input in DIR (a folder's pages go\n"
    "                         to DIR/FOLDER.jsonl); each is written under a\n"
    "                         temporary name and renamed when complete\n"
    "                         with NAME.errors.jsonl (its --errors lines) and, once\n"
    "                         both are complete, NAME.summary.json (its counts)\n"
    "      --skip-existing    with --output-dir: leave inputs that are done (a\n"
    "                         summary vouching for their output and log)\n"
    "      --check-done       with --output-dir: read and write nothing, print the\n"
    "                         inputs that are not done, one a line; exit status 1\n"
    "                         when there are any\n"
    "      --compress         gzip the JSONL (NAME.jsonl.gz with --output-dir)\n"
    "      --task ID          recorded as \"task\" in each summary (a job's name)\n"
    "      --errors FILE      one JSON line per skipped or failed record\n"
    "  -f, --format FMT       text (default) or json: the article in \"text\";\n"
    "                         markdown: in \"markdown\"\n"
    "      --captions, --precision, --recall, --links, --images: as for one page\n"
    "\n"
    "Run:\n"
    "  -j, --jobs N           threads extracting (default: all cores)\n"
    "      --max-page-bytes N HTML bytes per page after decompression (default\n"
    "                         8 MiB); a larger page is skipped and reported\n"
    "      --max-depth N, --max-attrs N, --max-nodes N: as for one page\n"
    "      --max-time S       seconds of CPU time per page (default 10; 0: no\n"
    "                         limit); a page that needs more is skipped and\n"
    "                         reported as too_slow\n"
    "      --all-status       also extract HTTP responses whose status is not 2xx\n"
    "  -q, --quiet            no progress bar and no summary\n"
    "  -h, --help             show this help and exit\n"
    "\n"
    "Adding up a run (winnow batch --summarize [OPTIONS] DIR...):\n"
    "      --summarize        read the NAME.summary.json files under each DIR and\n"
    "                         print one table: inputs done, pages, failures by\n"
    "                         reason, MB/s per task\n"
    "      --manifest FILE    the inputs the run was given, one a line: also say\n"
    "                         which have no complete output yet\n"
    "      --missing          print only those inputs, one a line (a manifest for\n"
    "                         a rerun); exit status 1 when there are any\n"
    "      --by-task          one line per task even when there are many\n"
    "\n"
    "A summary goes to stderr at the end; a progress bar too while stderr is a\n"
    "terminal.  Exit status: 0 every record was extracted, empty or skipped as\n"
    "above; 1 some record or input failed (see --errors), or the output could\n"
    "not be written; 2 usage error.\n";

/*** Outcomes ***/

/* Why a record was skipped (a policy: it is not an article page) or
 * failed (damage or an error).  Names appear in the summary and the
 * error log. */
enum {
  SK_REQUEST, SK_METADATA, SK_REVISIT, SK_WARCINFO, SK_CONVERSION, SK_CONTINUATION,
  SK_OTHER_TYPE, SK_NON_HTML, SK_HTTP_STATUS, SK_TOO_LARGE, SK_TOO_SLOW, SK_COUNT
};
static const char *const skip_names[SK_COUNT] = {
    "request",      "metadata",   "revisit",  "warcinfo",    "conversion",
    "continuation", "other_type", "non_html", "http_status", "too_large",
    "too_slow"};

enum {
  FL_READ, FL_CORRUPT_GZIP, FL_NOT_WARC, FL_TRUNCATED, FL_BAD_HTTP, FL_CONTENT_ENCODING,
  FL_BAD_JSON, FL_NO_HTML, FL_EXTRACT, FL_OUTPUT, FL_NOMEM, FL_COUNT
};
static const char *const fail_names[FL_COUNT] = {
    "read_error", "corrupt_gzip", "not_warc", "truncated",    "bad_http",     "content_encoding",
    "bad_json",   "no_html",      "extract_error", "output_error", "out_of_memory"};

enum { OC_NONE = 0, OC_EXTRACTED, OC_EMPTY, OC_SKIPPED, OC_FAILED };

/*** Growable JSON buffer ***/

typedef struct jbuf {
  char *d;
  size_t len, cap;
  int oom;
} jbuf;

static void jb_put(jbuf *b, const char *s, size_t n) {
  if (b->oom) return;
  if (b->cap - b->len < n + 1) {
    size_t ncap = b->cap ? b->cap : 256;
    while (ncap - b->len < n + 1) ncap *= 2;
    char *nd = realloc(b->d, ncap);
    if (!nd) {
      b->oom = 1;
      return;
    }
    b->d = nd;
    b->cap = ncap;
  }
  memcpy(b->d + b->len, s, n);
  b->len += n;
  b->d[b->len] = 0;
}

static void jb_puts(jbuf *b, const char *s) { jb_put(b, s, strlen(s)); }

/* Length of the valid UTF-8 sequence at s[0..n), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  if (c < 0x80) return 1;
  size_t k;
  unsigned min;
  if (c >= 0xc2 && c <= 0xdf) k = 2, min = 0x80;
  else if (c >= 0xe0 && c <= 0xef) k = 3, min = 0x800;
  else if (c >= 0xf0 && c <= 0xf4) k = 4, min = 0x10000;
  else return 0;
  if (n < k) return 0;
  unsigned cp = c & (0xff >> (k + 1));
  for (size_t i = 1; i < k; i++) {
    if ((s[i] & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (s[i] & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return k;
}

/* A JSON string: escapes, and U+FFFD for bytes that are not UTF-8, so the
 * line stays valid JSON whatever a header or a page held. */
static void jb_str(jbuf *b, const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  jb_put(b, "\"", 1);
  size_t run = 0, i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      i++;
      continue;
    }
    size_t k = c >= 0x80 ? utf8_len(p + i, n - i) : 0;
    if (k) {
      i += k;
      continue;
    }
    jb_put(b, s + run, i - run);
    char esc[8];
    switch (c) {
    case '"': jb_put(b, "\\\"", 2); break;
    case '\\': jb_put(b, "\\\\", 2); break;
    case '\n': jb_put(b, "\\n", 2); break;
    case '\r': jb_put(b, "\\r", 2); break;
    case '\t': jb_put(b, "\\t", 2); break;
    default:
      if (c < 0x20) {
        snprintf(esc, sizeof esc, "\\u%04x", c);
        jb_put(b, esc, 6);
      } else {
        jb_put(b, "\xef\xbf\xbd", 3);
      }
    }
    i++;
    run = i;
  }
  jb_put(b, s + run, n - run);
  jb_put(b, "\"", 1);
}

static void jb_strz(jbuf *b, const char *s) {
  if (s) jb_str(b, s, strlen(s));
  else jb_puts(b, "null");
}

static void jb_key(jbuf *b, const char *k, int first) {
  if (!first) jb_put(b, ",", 1);
  jb_strz(b, k);
  jb_put(b, ":", 1);
}

/* Valid UTF-8 without raw control characters: what a JSON line from the
 * library must be before it is passed through. */
static int clean_json_text(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  for (size_t i = 0; i < n;) {
    if (p[i] < 0x20) return 0;
    if (p[i] < 0x80) {
      i++;
      continue;
    }
    size_t k = utf8_len(p + i, n - i);
    if (!k) return 0;
    i += k;
  }
  return 1;
}

/*** Jobs and the ring ***/

enum { JK_PAGE = 1, JK_EVENT, JK_UNIT_OPEN, JK_UNIT_CLOSE, JK_INPUT_END };
enum { ST_FREE = 0, ST_READY, ST_RUNNING, ST_DONE };
/* how a page's HTML is held */
enum { SRC_HTTP = 1, SRC_RAW, SRC_JSONL };

/* What a run, or one output unit of it, went through. */
typedef struct counts {
  uint64_t inputs, records, html, extracted, empty;
  uint64_t skipped[SK_COUNT], failed[FL_COUNT], bad_length;
  uint64_t html_bytes;
  double slowest;
  char *slowest_id;
} counts;

/* One output of --output-dir: the JSONL, its error log and its summary,
 * each written under a hidden .part name and renamed when complete (the
 * summary last: its presence says the unit is done). */
typedef struct unit {
  char *final, *tmp;   /* NAME.jsonl[.gz] */
  char *efinal, *etmp; /* NAME.errors.jsonl */
  char *sfinal, *stmp; /* NAME.summary.json */
  char *input;         /* as named on the command line */
  FILE *fp, *efp;
  z_stream *z;         /* --compress */
  int bad;             /* an output could not be written */
  int transient;       /* 1 + the failure that makes a rerun worth it (FL_*), or 0 */
  counts c;            /* writer thread */
  uint64_t bytes_in;   /* main thread; read by the writer after the close marker */
  double t0;
} unit;

typedef struct job {
  int kind, state, src;
  unit *u;
  char *input;  /* the input file's name (error log) */
  char *id, *url, *date;
  char *media;  /* media type known before the payload (resource records, files) */
  unsigned char *data;
  size_t len;
  int has_offset;
  uint64_t offset;
  unsigned wflags;
  /* result */
  int outcome, reason, html;
  int warn_bad_length;
  char *detail;
  char *line;
  size_t line_len;
  size_t html_bytes;
  double secs;
} job;

typedef struct wn_batch {
  /* options */
  winnow_options wopt;
  int format; /* WINNOW_FORMAT_* */
  int threads;
  size_t max_page;
  const char *output, *outdir, *errors_path, *files_from, *task;
  int skip_existing, quiet, progress, all_status, compress, check_done;
  uint64_t undone; /* --check-done (main thread) */
  wn_jsonl_fields fields;

  /* ring */
  pthread_mutex_t mu;
  pthread_cond_t can_put, can_work, can_write;
  job *slots;
  size_t cap;
  uint64_t head, take, tail;
  size_t inflight, budget; /* payload bytes held by jobs not yet processed */
  int closed;

  /* output (writer thread only) */
  FILE *out, *errs;
  z_stream *outz; /* --compress without --output-dir */
  int out_failed;

  /* counts (writer thread only) */
  counts c;
  uint64_t inputs_existing;

  /* progress (main thread writes, writer reads) */
  _Atomic uint64_t bytes_in;
  uint64_t total_bytes; /* 0: unknown */
  double t0, last_progress;
  int progress_shown;

  /* output names handed out (main thread) */
  char **names;
  size_t nnames, names_cap;
  struct stat outdir_st;
  int have_outdir_st;
  unit *cur; /* the unit the input being read belongs to (main thread) */
  char host[256];
} wn_batch;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *xstrdup(const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s);
  char *d = malloc(n + 1);
  if (d) memcpy(d, s, n + 1);
  return d;
}

static void job_clear(job *j) {
  free(j->input);
  free(j->id);
  free(j->url);
  free(j->date);
  free(j->media);
  free(j->data);
  free(j->detail);
  free(j->line);
  memset(j, 0, sizeof *j);
}

/* A slot for the next job, waiting while the ring is full or too many
 * payload bytes are in flight (one job always gets through). */
static job *slot_get(wn_batch *b, size_t bytes) {
  pthread_mutex_lock(&b->mu);
  while (b->head - b->tail >= b->cap ||
         (b->head != b->tail && b->inflight + bytes > b->budget))
    pthread_cond_wait(&b->can_put, &b->mu);
  job *j = &b->slots[b->head % b->cap];
  pthread_mutex_unlock(&b->mu);
  memset(j, 0, sizeof *j);
  j->u = b->cur; /* events of the input being read count for its unit */
  return j;
}

static void slot_put(wn_batch *b, job *j) {
  pthread_mutex_lock(&b->mu);
  if (j->kind == JK_PAGE) {
    j->state = ST_READY;
    b->inflight += j->len;
    pthread_cond_signal(&b->can_work);
  } else {
    j->state = ST_DONE;
  }
  if (b->head == b->tail) pthread_cond_signal(&b->can_write);
  b->head++;
  pthread_mutex_unlock(&b->mu);
}

/* An outcome known while reading (a skipped record type, damage). */
static void put_event_w(wn_batch *b, const char *input, int outcome, int reason, const char *id,
                        int has_offset, uint64_t offset, const char *detail, int warn) {
  job *j = slot_get(b, 0);
  j->warn_bad_length = warn;
  j->kind = JK_EVENT;
  j->input = xstrdup(input);
  j->id = xstrdup(id);
  j->has_offset = has_offset;
  j->offset = offset;
  j->outcome = outcome;
  j->reason = reason;
  j->detail = xstrdup(detail);
  slot_put(b, j);
}

static void put_event(wn_batch *b, const char *input, int outcome, int reason, const char *id,
                      int has_offset, uint64_t offset, const char *detail) {
  put_event_w(b, input, outcome, reason, id, has_offset, offset, detail, 0);
}

static void put_marker(wn_batch *b, int kind, unit *u, const char *input) {
  job *j = slot_get(b, 0);
  j->kind = kind;
  j->u = u;
  j->input = xstrdup(input);
  slot_put(b, j);
}

/*** Worker: one page ***/

typedef struct sink {
  jbuf *b;
} sink;

static int sink_write(const char *data, size_t len, void *ud) {
  jbuf *b = ud;
  jb_put(b, data, len);
  return b->oom;
}

static void set_outcome(job *j, int outcome, int reason, const char *detail) {
  j->outcome = outcome;
  j->reason = reason;
  free(j->detail);
  j->detail = xstrdup(detail);
}

/* The output line of an extracted page: the library's JSON object with
 * id and crawl_date in front, or, when that is not available, our own
 * object from the accessors. */
static int render_line(const wn_batch *b, job *j, winnow_doc *doc) {
  jbuf lib = {0}, out = {0};
  winnow_status st = WINNOW_OK;
  int md = b->format == WINNOW_FORMAT_MARKDOWN;
  int own = 0;
#ifndef WINNOW_OPT_MARKDOWN_IN_JSON
  own = md;
#endif
  if (!own) {
    st = winnow_render(doc, WINNOW_FORMAT_JSON, sink_write, &lib);
    if (st == WINNOW_E_WRITE && lib.oom) st = WINNOW_E_NOMEM;
    if (st) {
      free(lib.d);
      return st;
    }
    /* trim the newline; pass it through only when it is one clean object */
    while (lib.len && (lib.d[lib.len - 1] == '\n' || lib.d[lib.len - 1] == ' ')) lib.len--;
    own = lib.len < 2 || lib.d[0] != '{' || lib.d[lib.len - 1] != '}' ||
          !clean_json_text(lib.d, lib.len);
  }
  jb_puts(&out, "{\"id\":");
  jb_strz(&out, j->id);
  jb_puts(&out, ",\"crawl_date\":");
  jb_strz(&out, j->date);
  if (!own) {
    size_t k = 1;
    while (k < lib.len && lib.d[k] == ' ') k++;
    if (lib.d[k] != '}') jb_put(&out, ",", 1);
    jb_put(&out, lib.d + k, lib.len - k);
  } else {
    jbuf body = {0};
    st = winnow_render(doc, md ? WINNOW_FORMAT_MARKDOWN : WINNOW_FORMAT_TEXT, sink_write, &body);
    if (st == WINNOW_E_WRITE && body.oom) st = WINNOW_E_NOMEM;
    while (body.len && body.d[body.len - 1] == '\n') body.len--;
    jb_key(&out, "url", 0);
    jb_strz(&out, j->url);
    jb_key(&out, "title", 0);
    jb_strz(&out, winnow_doc_title(doc));
    jb_key(&out, md ? "markdown" : "text", 0);
    jb_str(&out, body.d ? body.d : "", body.len);
    jb_puts(&out, "}");
    free(body.d);
  }
  free(lib.d);
  jb_put(&out, "\n", 1);
  if (out.oom || st) {
    free(out.d);
    return st ? st : WINNOW_E_NOMEM;
  }
  j->line = out.d;
  j->line_len = out.len;
  return WINNOW_OK;
}

static void extract(const wn_batch *b, job *j, const unsigned char *html, size_t len,
                    const char *charset) {
  j->html = 1;
  if (len > b->max_page) {
    char d[64];
    snprintf(d, sizeof d, "%zu bytes", len);
    set_outcome(j, OC_SKIPPED, SK_TOO_LARGE, d);
    return;
  }
  winnow_options o = b->wopt;
  o.url = j->url;
  o.charset = charset && *charset && winnow_charset_supported(charset) ? charset : NULL;
  winnow_doc *doc = NULL;
  double t = now();
  winnow_status st = winnow_extract((const char *)html, len, &o, &doc);
  if (!st) st = render_line(b, j, doc);
  j->secs = now() - t;
  j->html_bytes = len;
  if (st == WINNOW_E_LIMIT) {
    set_outcome(j, OC_SKIPPED, SK_TOO_LARGE, winnow_status_str(st));
  } else if (st == WINNOW_E_TIME) {
    char d[64];
    snprintf(d, sizeof d, "over %.3g s of CPU time", b->wopt.max_ms / 1000.0);
    set_outcome(j, OC_SKIPPED, SK_TOO_SLOW, d);
  } else if (st) {
    set_outcome(j, OC_FAILED, st == WINNOW_E_NOMEM ? FL_NOMEM : FL_EXTRACT, winnow_status_str(st));
  } else {
    j->outcome = winnow_doc_chars(doc) ? OC_EXTRACTED : OC_EMPTY;
  }
  winnow_doc_free(doc);
}

/* A payload whose media type is known (or "" unknown): sniff, extract. */
static void payload(const wn_batch *b, job *j, const char *media, const unsigned char *body,
                    size_t blen, const char *charset) {
  if (!wn_sniff_html(media, body, blen)) {
    set_outcome(j, OC_SKIPPED, SK_NON_HTML, *media ? media : "unknown type");
    return;
  }
  extract(b, j, body, blen, charset);
}

static void do_http(const wn_batch *b, job *j) {
  wn_http h;
  if (wn_http_parse(j->data, j->len, &h)) {
    set_outcome(j, OC_FAILED, FL_BAD_HTTP, "no HTTP header");
    return;
  }
  if (!b->all_status && (h.status < 200 || h.status > 299)) {
    char d[32];
    snprintf(d, sizeof d, "%d", h.status);
    set_outcome(j, OC_SKIPPED, SK_HTTP_STATUS, d);
    return;
  }
  char media[128], cs[64];
  wn_http_media_type(h.ctype, h.ctype_len, media, sizeof media, cs, sizeof cs);
  unsigned char *body = j->data + h.body_off;
  size_t blen = j->len - h.body_off;
  if (j->wflags & WN_WARC_OVERSIZE) {
    /* only the head was kept: enough to say what it was */
    if (wn_sniff_html(media, body, blen)) {
      j->html = 1;
      set_outcome(j, OC_SKIPPED, SK_TOO_LARGE, "record over the page budget");
    } else {
      set_outcome(j, OC_SKIPPED, SK_NON_HTML, *media ? media : "unknown type");
    }
    return;
  }
  if (h.chunked) {
    size_t n = wn_http_dechunk(body, blen);
    if (n != (size_t)-1) blen = n; /* else the crawler had undone it already */
  }
  unsigned char *dec = NULL;
  if (h.encoding == WN_ENC_GZIP || h.encoding == WN_ENC_DEFLATE || h.encoding == WN_ENC_BR) {
    size_t dlen;
    int r = wn_http_inflate(body, blen, h.encoding, b->max_page, &dec, &dlen);
    if (r == 1) {
      j->html = 1;
      set_outcome(j, OC_SKIPPED, SK_TOO_LARGE, "over the page budget once decompressed");
      return;
    }
    if (r == 0) {
      body = dec;
      blen = dlen;
    } else if (!wn_sniff_html(media, body, blen) || (blen >= 2 && body[0] == 0x1f && body[1] == 0x8b)) {
      /* not stored decoded either */
      set_outcome(j, OC_FAILED, FL_CONTENT_ENCODING,
                  h.encoding == WN_ENC_GZIP ? "bad gzip" : h.encoding == WN_ENC_BR ? "bad brotli" : "bad deflate");
      return;
    }
  } else if (h.encoding == WN_ENC_OTHER && !wn_sniff_html(media, body, blen)) {
    set_outcome(j, OC_FAILED, FL_CONTENT_ENCODING, "unsupported Content-Encoding");
    return;
  }
  payload(b, j, media, body, blen, cs);
  free(dec);
}

static void do_page(const wn_batch *b, job *j) {
  if (j->wflags & WN_WARC_TRUNCATED) {
    set_outcome(j, OC_FAILED, FL_TRUNCATED, "the input ended inside the record");
    return;
  }
  if (j->src == SRC_HTTP) {
    do_http(b, j);
    return;
  }
  if (j->src == SRC_JSONL) {
    wn_jsonl_page p;
    const char *why;
    if (wn_jsonl_page_parse((const char *)j->data, j->len, &b->fields, &p, &why)) {
      int r = !strcmp(why, "no_html") ? FL_NO_HTML : !strcmp(why, "nomem") ? FL_NOMEM : FL_BAD_JSON;
      set_outcome(j, OC_FAILED, r, NULL);
      return;
    }
    if (p.id) {
      free(j->id);
      j->id = p.id;
      p.id = NULL;
    }
    j->url = p.url;
    j->date = p.date;
    p.url = p.date = NULL;
    payload(b, j, "text/html", (const unsigned char *)p.html, p.html_len, NULL);
    wn_jsonl_page_clear(&p);
    return;
  }
  char media[128] = "", cs[64] = "";
  if (j->media) wn_http_media_type(j->media, strlen(j->media), media, sizeof media, cs, sizeof cs);
  if (j->wflags & WN_WARC_OVERSIZE) {
    if (wn_sniff_html(media, j->data, j->len)) {
      j->html = 1;
      set_outcome(j, OC_SKIPPED, SK_TOO_LARGE, "record over the page budget");
    } else {
      set_outcome(j, OC_SKIPPED, SK_NON_HTML, *media ? media : "unknown type");
    }
    return;
  }
  payload(b, j, media, j->data, j->len, cs);
}

static void *worker(void *arg) {
  wn_batch *b = arg;
  pthread_mutex_lock(&b->mu);
  for (;;) {
    /* the writer may have passed events no worker looked at: never look
     * behind it, where slots are being reused */
    if (b->take < b->tail) b->take = b->tail;
    while (b->take < b->head && b->slots[b->take % b->cap].state != ST_READY) b->take++;
    if (b->take < b->head) {
      uint64_t s = b->take++;
      job *j = &b->slots[s % b->cap];
      j->state = ST_RUNNING;
      pthread_mutex_unlock(&b->mu);
      do_page(b, j);
      size_t held = j->len;
      free(j->data);
      j->data = NULL;
      pthread_mutex_lock(&b->mu);
      b->inflight -= held;
      j->state = ST_DONE;
      if (s == b->tail) pthread_cond_signal(&b->can_write);
      pthread_cond_signal(&b->can_put);
      continue;
    }
    if (b->closed) break;
    pthread_cond_wait(&b->can_work, &b->mu);
  }
  pthread_mutex_unlock(&b->mu);
  return NULL;
}

/*** Writer: output, error log, counts, progress ***/

static void fmt_dur(char *out, size_t n, double s) {
  long t = (long)(s + 0.5);
  snprintf(out, n, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
}

static void progress(wn_batch *b, int final) {
  double t = now();
  if (!final && t - b->last_progress < 0.25) return;
  b->last_progress = t;
  if (final) {
    if (b->progress_shown) fputs("\r\033[K", stderr);
    return;
  }
  double el = t - b->t0;
  double mb = (double)atomic_load(&b->bytes_in) / 1e6;
  double rate = el > 0 ? mb / el : 0;
  char eta[80] = "";
  if (b->total_bytes && rate > 0) {
    double left = (double)b->total_bytes / 1e6 - mb;
    char d[64];
    fmt_dur(d, sizeof d, left > 0 ? left / rate : 0);
    snprintf(eta, sizeof eta, "  ETA %s", d);
  }
  fprintf(stderr, "\r\033[K%llu records  %.1f MB  %.1f MB/s%s", (unsigned long long)b->c.records, mb,
          rate, eta);
  b->progress_shown = 1;
}

static int mkdirs(char *path) {
  /* every parent of path */
  for (char *p = path + 1; *p; p++) {
    if (*p != '/') continue;
    *p = 0;
    int r = mkdir(path, 0777);
    int e = errno;
    *p = '/';
    if (r && e != EEXIST) return -1;
  }
  return 0;
}

static void err_line(wn_batch *b, const job *j, const char *status, const char *reason) {
  FILE *ue = j->u && j->u->efp && !j->u->bad ? j->u->efp : NULL;
  if (b->errs || ue) {
    jbuf l = {0};
    jb_puts(&l, "{\"input\":");
    jb_strz(&l, j->input);
    jb_puts(&l, ",\"id\":");
    jb_strz(&l, j->id);
    jb_puts(&l, ",\"offset\":");
    if (j->has_offset) {
      char n[32];
      snprintf(n, sizeof n, "%llu", (unsigned long long)j->offset);
      jb_puts(&l, n);
    } else {
      jb_puts(&l, "null");
    }
    jb_puts(&l, ",\"status\":");
    jb_strz(&l, status);
    jb_puts(&l, ",\"reason\":");
    jb_strz(&l, reason);
    jb_puts(&l, ",\"detail\":");
    jb_strz(&l, j->detail);
    jb_puts(&l, "}\n");
    if (!l.oom && b->errs) fwrite(l.d, 1, l.len, b->errs);
    if (ue && (l.oom || fwrite(l.d, 1, l.len, ue) != l.len)) j->u->bad = 1;
    free(l.d);
  }
  if (!b->errs && !strcmp(status, "failed")) {
    /* no error log: failures (not policy skips) still get a line */
    if (b->progress_shown) fputs("\r\033[K", stderr);
    char where[48] = "";
    if (j->id) snprintf(where, sizeof where, "%.46s", j->id);
    else if (j->has_offset) snprintf(where, sizeof where, "offset %llu", (unsigned long long)j->offset);
    fprintf(stderr, "winnow batch: %s%s%s: %s%s%s%s\n", j->input ? j->input : "", *where ? ": " : "",
            where, reason, j->detail ? " (" : "", j->detail ? j->detail : "", j->detail ? ")" : "");
  }
}

/*** gzip output (--compress) ***/

static z_stream *gz_new(void) {
  z_stream *z = calloc(1, sizeof *z);
  /* 15 + 16: a gzip wrapper, with no name and no time in its header, so
   * the same input gives the same bytes */
  if (z && deflateInit2(z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    free(z);
    z = NULL;
  }
  return z;
}

static void gz_free(z_stream *z) {
  if (!z) return;
  deflateEnd(z);
  free(z);
}

/* n bytes to f, through z when set; finish ends the gzip stream.
 * Returns 0, or -1 when writing failed. */
static int out_write(FILE *f, z_stream *z, const char *p, size_t n, int finish) {
  if (!z) return n && fwrite(p, 1, n, f) != n ? -1 : 0;
  unsigned char buf[1 << 15];
  z->next_in = (Bytef *)(uintptr_t)p;
  for (;;) {
    uInt chunk = n > (1u << 30) ? 1u << 30 : (uInt)n;
    z->avail_in = chunk;
    int last = finish && chunk == n, r;
    do {
      z->next_out = buf;
      z->avail_out = sizeof buf;
      r = deflate(z, last ? Z_FINISH : Z_NO_FLUSH);
      if (r == Z_STREAM_ERROR) return -1;
      size_t have = sizeof buf - z->avail_out;
      if (have && fwrite(buf, 1, have, f) != have) return -1;
    } while (z->avail_out == 0 || (last && r != Z_STREAM_END));
    n -= chunk;
    if (!n) return 0;
  }
}

/*** Output units: open, write, close with their summary ***/

static void unit_free(unit *u) {
  gz_free(u->z);
  free(u->final);
  free(u->tmp);
  free(u->efinal);
  free(u->etmp);
  free(u->sfinal);
  free(u->stmp);
  free(u->input);
  free(u->c.slowest_id);
  free(u);
}

static void unit_open(wn_batch *b, unit *u) {
  /* this input is being redone: a summary left from before must not
   * vouch for the files about to be replaced */
  if (unlink(u->sfinal) && errno != ENOENT) {
    u->bad = 1;
    b->out_failed = 1;
    fprintf(stderr, "winnow batch: %s: %s\n", u->sfinal, strerror(errno));
    return;
  }
  const char *what = u->tmp;
  int ok = !mkdirs(u->tmp) && (u->fp = fopen(u->tmp, "wb"));
  if (ok && !(u->efp = fopen(u->etmp, "wb"))) ok = 0, what = u->etmp;
  if (ok && b->compress && !(u->z = gz_new())) ok = 0, errno = ENOMEM;
  if (!ok) {
    u->bad = 1;
    b->out_failed = 1;
    if (b->progress_shown) fputs("\r\033[K", stderr);
    fprintf(stderr, "winnow batch: %s: %s\n", what, strerror(errno));
    return;
  }
  setvbuf(u->fp, NULL, _IOFBF, 1 << 20);
}

static const char *base_name(const char *p) {
  const char *s = strrchr(p, '/');
  return s ? s + 1 : p;
}

static void jb_u64(jbuf *b, uint64_t v) {
  char n[32];
  snprintf(n, sizeof n, "%llu", (unsigned long long)v);
  jb_puts(b, n);
}

static void jb_num(jbuf *b, const char *fmt, double v) {
  char n[64];
  snprintf(n, sizeof n, fmt, v);
  jb_puts(b, n);
}

/* {"name": n, ...} of the non-zero counts. */
static void jb_reasons(jbuf *l, const char *const *names, const uint64_t *n, int count) {
  int first = 1;
  jb_puts(l, "{");
  for (int i = 0; i < count; i++)
    if (n[i]) {
      jb_key(l, names[i], first);
      jb_u64(l, n[i]);
      first = 0;
    }
  jb_puts(l, "}");
}

/* The summary of one unit: the counts of the batch summary, the files it
 * vouches for (name and size), and how fast it went. */
static char *unit_summary(const wn_batch *b, const unit *u, uint64_t out_bytes, uint64_t err_bytes,
                          double wall, size_t *len) {
  const counts *c = &u->c;
  uint64_t sk = 0, fl = 0;
  for (int i = 0; i < SK_COUNT; i++) sk += c->skipped[i];
  for (int i = 0; i < FL_COUNT; i++) fl += c->failed[i];
  char when[32] = "";
  time_t t = time(NULL);
  struct tm tm;
  if (gmtime_r(&t, &tm)) strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  jbuf l = {0};
  jb_puts(&l, "{");
  jb_key(&l, "input", 1), jb_strz(&l, u->input);
  jb_key(&l, "output", 0), jb_strz(&l, base_name(u->final));
  jb_key(&l, "output_bytes", 0), jb_u64(&l, out_bytes);
  jb_key(&l, "errors", 0), jb_strz(&l, base_name(u->efinal));
  jb_key(&l, "errors_bytes", 0), jb_u64(&l, err_bytes);
  jb_key(&l, "inputs", 0), jb_u64(&l, c->inputs);
  jb_key(&l, "records", 0), jb_u64(&l, c->records);
  jb_key(&l, "html_pages", 0), jb_u64(&l, c->html);
  jb_key(&l, "extracted", 0), jb_u64(&l, c->extracted);
  jb_key(&l, "empty", 0), jb_u64(&l, c->empty);
  jb_key(&l, "skipped", 0), jb_u64(&l, sk);
  jb_key(&l, "skipped_by", 0), jb_reasons(&l, skip_names, c->skipped, SK_COUNT);
  jb_key(&l, "failed", 0), jb_u64(&l, fl);
  jb_key(&l, "failed_by", 0), jb_reasons(&l, fail_names, c->failed, FL_COUNT);
  static const char *const repaired_names[1] = {"bad_length"};
  jb_key(&l, "repaired", 0), jb_u64(&l, c->bad_length);
  jb_key(&l, "repaired_by", 0), jb_reasons(&l, repaired_names, &c->bad_length, 1);
  jb_key(&l, "bytes_in", 0), jb_u64(&l, u->bytes_in);
  jb_key(&l, "html_bytes", 0), jb_u64(&l, c->html_bytes);
  jb_key(&l, "wall_s", 0), jb_num(&l, "%.3f", wall);
  jb_key(&l, "mb_per_s", 0), jb_num(&l, "%.2f", wall > 0 ? (double)u->bytes_in / 1e6 / wall : 0);
  jb_key(&l, "html_mb_per_s", 0), jb_num(&l, "%.2f", wall > 0 ? (double)c->html_bytes / 1e6 / wall : 0);
  jb_key(&l, "slowest_page_s", 0), jb_num(&l, "%.3f", c->slowest);
  jb_key(&l, "slowest_page", 0), jb_strz(&l, c->slowest_id);
  jb_key(&l, "threads", 0), jb_u64(&l, (uint64_t)b->threads);
  jb_key(&l, "task", 0), jb_strz(&l, b->task);
  jb_key(&l, "host", 0), jb_strz(&l, b->host[0] ? b->host : NULL);
  jb_key(&l, "finished", 0), jb_strz(&l, when[0] ? when : NULL);
  jb_key(&l, "winnow", 0), jb_strz(&l, WINNOW_VERSION_STRING);
  jb_puts(&l, "}\n");
  if (l.oom || !l.d) {
    free(l.d);
    return NULL;
  }
  *len = l.len;
  return l.d;
}

/* Flushes, syncs and closes f; its size in *size.  Returns 0 or -1. */
static int close_synced(FILE *f, uint64_t *size) {
  struct stat st;
  int bad = fflush(f) || ferror(f) || fsync(fileno(f)) || fstat(fileno(f), &st);
  int e = errno;
  if (fclose(f)) bad = 1, e = errno;
  if (!bad && size) *size = (uint64_t)st.st_size;
  errno = e;
  return bad ? -1 : 0;
}

static void sync_dir_of(const char *path) {
  const char *s = strrchr(path, '/');
  char *d = s ? strndup(path, (size_t)(s - path) + (s == path)) : xstrdup(".");
  int fd = d ? open(d, O_RDONLY | O_DIRECTORY) : -1;
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
  free(d);
}

static void unit_close(wn_batch *b, unit *u) {
  double wall = now() - u->t0;
  const char *failed_file = u->final;
  int opened = u->fp && u->efp, bad = u->bad, e = EIO;
  uint64_t out_bytes = 0, err_bytes = 0;
  if (u->fp) {
    if (!bad && u->z && out_write(u->fp, u->z, "", 0, 1)) bad = 1, e = errno;
    if (close_synced(u->fp, &out_bytes) && !bad) bad = 1, e = errno;
  }
  if (u->efp && close_synced(u->efp, &err_bytes) && !bad) bad = 1, e = errno, failed_file = u->efinal;
  if (!bad && u->transient) {
    /* an input that could not be read (or memory that ran out) is not
     * done: no summary, so the next run with --skip-existing redoes it */
    unlink(u->tmp);
    unlink(u->etmp);
    if (b->progress_shown) fputs("\r\033[K", stderr);
    fprintf(stderr, "winnow batch: %s: left undone (%s); a rerun redoes it\n", u->input,
            fail_names[u->transient - 1]);
    unit_free(u);
    return;
  }
  if (!bad) {
    /* the JSONL and its log first, the summary that vouches for them last */
    size_t slen = 0;
    char *sum = unit_summary(b, u, out_bytes, err_bytes, wall, &slen);
    FILE *sf = NULL;
    if (rename(u->tmp, u->final)) bad = 1, e = errno;
    else if (rename(u->etmp, u->efinal)) bad = 1, e = errno, failed_file = u->efinal;
    else if (!sum) bad = 1, e = ENOMEM, failed_file = u->sfinal;
    else if (!(sf = fopen(u->stmp, "wb"))) bad = 1, e = errno, failed_file = u->sfinal;
    else if (fwrite(sum, 1, slen, sf) != slen) bad = 1, e = errno, failed_file = u->sfinal;
    if (sf) {
      if (close_synced(sf, NULL) && !bad) bad = 1, e = errno, failed_file = u->sfinal;
      if (!bad && rename(u->stmp, u->sfinal)) bad = 1, e = errno, failed_file = u->sfinal;
    }
    free(sum);
    if (!bad) sync_dir_of(u->sfinal);
  }
  if (bad) {
    unlink(u->tmp);
    unlink(u->etmp);
    unlink(u->stmp);
    b->out_failed = 1;
    if (opened) { /* else unit_open said why */
      if (b->progress_shown) fputs("\r\033[K", stderr);
      fprintf(stderr, "winnow batch: %s: %s\n", failed_file, strerror(e));
    }
  }
  unit_free(u);
}

static void count_job(counts *c, const job *j) {
  c->records++;
  if (j->html) c->html++;
  c->html_bytes += j->html_bytes;
  if (j->secs > c->slowest) {
    c->slowest = j->secs;
    free(c->slowest_id);
    c->slowest_id = xstrdup(j->id);
  }
  if (j->warn_bad_length) c->bad_length++;
  switch (j->outcome) {
  case OC_EXTRACTED: c->extracted++; break;
  case OC_EMPTY: c->empty++; break;
  case OC_SKIPPED: c->skipped[j->reason]++; break;
  default: c->failed[j->reason]++; break;
  }
}

static void write_job(wn_batch *b, job *j) {
  switch (j->kind) {
  case JK_UNIT_OPEN: unit_open(b, j->u); return;
  case JK_UNIT_CLOSE: unit_close(b, j->u); return;
  case JK_INPUT_END:
    b->c.inputs++;
    if (j->u) j->u->c.inputs++;
    return;
  default: break;
  }
  if (j->outcome == OC_NONE) {
    if (j->html == -1) b->inputs_existing++;
    return;
  }
  count_job(&b->c, j);
  if (j->u) count_job(&j->u->c, j);
  if (j->warn_bad_length) err_line(b, j, "warning", "bad_length");
  switch (j->outcome) {
  case OC_EXTRACTED:
  case OC_EMPTY:
    if (!j->line) break;
    if (j->u) {
      if (j->u->fp && !j->u->bad && out_write(j->u->fp, j->u->z, j->line, j->line_len, 0)) j->u->bad = 1;
    } else if (!b->out_failed && out_write(b->out, b->outz, j->line, j->line_len, 0)) {
      b->out_failed = 1;
      fprintf(stderr, "winnow batch: %s: %s\n", b->output ? b->output : "(stdout)", strerror(errno));
    }
    break;
  case OC_SKIPPED:
    err_line(b, j, "skipped", skip_names[j->reason]);
    break;
  default:
    err_line(b, j, "failed", fail_names[j->reason]);
    /* worth a rerun: the input or the machine, not the data, was at fault */
    if (j->u && !j->u->transient &&
        (j->reason == FL_READ || j->reason == FL_NOMEM || j->reason == FL_OUTPUT))
      j->u->transient = j->reason + 1;
    break;
  }
}

static void *writer(void *arg) {
  wn_batch *b = arg;
  pthread_mutex_lock(&b->mu);
  for (;;) {
    if (b->tail < b->head && b->slots[b->tail % b->cap].state == ST_DONE) {
      job *j = &b->slots[b->tail % b->cap];
      pthread_mutex_unlock(&b->mu);
      write_job(b, j);
      job_clear(j);
      if (b->progress) progress(b, 0);
      pthread_mutex_lock(&b->mu);
      b->tail++;
      pthread_cond_signal(&b->can_put);
      continue;
    }
    if (b->closed && b->tail == b->head) break;
    if (b->progress) {
      struct timespec ts;
      clock_gettime(CLOCK_REALTIME, &ts);
      ts.tv_nsec += 250000000;
      if (ts.tv_nsec >= 1000000000) ts.tv_sec++, ts.tv_nsec -= 1000000000;
      pthread_cond_timedwait(&b->can_write, &b->mu, &ts);
      pthread_mutex_unlock(&b->mu);
      progress(b, 0);
      pthread_mutex_lock(&b->mu);
    } else {
      pthread_cond_wait(&b->can_write, &b->mu);
    }
  }
  pthread_mutex_unlock(&b->mu);
  return NULL;
}

/*** Reading the inputs (main thread) ***/

enum { K_UNKNOWN = 0, K_HTML, K_WARC, K_JSONL };

static int ends_with_ci(const char *s, const char *suf) {
  size_t a = strlen(s), n = strlen(suf);
  if (a < n) return 0;
  for (size_t i = 0; i < n; i++) {
    char x = s[a - n + i], y = suf[i];
    if (x >= 'A' && x <= 'Z') x = (char)(x + 32);
    if (x != y) return 0;
  }
  return 1;
}

/* The kind a file's name says, and the length of the suffix saying it. */
static int kind_by_name(const char *name, size_t *suffix) {
  static const struct {
    const char *s;
    int k;
  } sufs[] = {{".warc.gz", K_WARC},   {".warc", K_WARC},     {".jsonl.gz", K_JSONL},
              {".jsonl", K_JSONL},    {".ndjson.gz", K_JSONL}, {".ndjson", K_JSONL},
              {".html.gz", K_HTML},   {".htm.gz", K_HTML},   {".xhtml.gz", K_HTML},
              {".html", K_HTML},      {".htm", K_HTML},      {".xhtml", K_HTML}};
  for (size_t i = 0; i < sizeof sufs / sizeof *sufs; i++)
    if (ends_with_ci(name, sufs[i].s)) {
      if (suffix) *suffix = strlen(sufs[i].s);
      return sufs[i].k;
    }
  if (suffix) *suffix = 0;
  return K_UNKNOWN;
}

static int kind_by_bytes(const unsigned char *p, size_t n) {
  size_t i = 0;
  if (n >= 3 && !memcmp(p, "\xef\xbb\xbf", 3)) i = 3;
  while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n')) i++;
  if (n - i >= 5 && !memcmp(p + i, "WARC/", 5)) return K_WARC;
  if (i < n && p[i] == '{') return K_JSONL;
  return K_HTML;
}

static void add_bytes(wn_batch *b, uint64_t *seen, const wn_src *s) {
  if (s->consumed > *seen) {
    atomic_fetch_add(&b->bytes_in, s->consumed - *seen);
    if (b->cur) b->cur->bytes_in += s->consumed - *seen;
    *seen = s->consumed;
  }
}

static void read_warc(wn_batch *b, const char *input, wn_src *src, unit *u) {
  wn_warc_opts wo = {0};
  wo.max_block = b->max_page + (64u << 10);
  wn_warc *w = wn_warc_new(src, &wo);
  if (!w) {
    put_event(b, input, OC_FAILED, FL_NOMEM, NULL, 0, 0, NULL);
    return;
  }
  uint64_t seen = 0;
  for (;;) {
    wn_warc_record r;
    int k = wn_warc_next(w, &r);
    add_bytes(b, &seen, src);
    if (k < 0) {
      put_event(b, input, OC_FAILED, FL_NOMEM, NULL, 0, 0, "reading the WARC");
      break;
    }
    if (k == WN_WARC_END) break;
    char d[96];
    if (k == WN_WARC_IOERR) {
      put_event(b, input, OC_FAILED, FL_READ, NULL, 1, r.offset, strerror(src->err));
      wn_warc_record_clear(&r);
      break;
    }
    if (k == WN_WARC_CORRUPT || k == WN_WARC_JUNK) {
      snprintf(d, sizeof d, "%llu %sbytes skipped", (unsigned long long)r.skipped,
               k == WN_WARC_CORRUPT ? "compressed " : "");
      put_event(b, input, OC_FAILED, k == WN_WARC_CORRUPT ? FL_CORRUPT_GZIP : FL_NOT_WARC, r.id, 1,
                r.offset, d);
      wn_warc_record_clear(&r);
      continue;
    }
    int sk = -1;
    const char *t = r.type;
    if (!strcmp(t, "response") || !strcmp(t, "resource")) sk = -1;
    else if (!strcmp(t, "request")) sk = SK_REQUEST;
    else if (!strcmp(t, "metadata")) sk = SK_METADATA;
    else if (!strcmp(t, "revisit")) sk = SK_REVISIT;
    else if (!strcmp(t, "warcinfo")) sk = SK_WARCINFO;
    else if (!strcmp(t, "conversion")) sk = SK_CONVERSION;
    else if (!strcmp(t, "continuation")) sk = SK_CONTINUATION;
    else sk = SK_OTHER_TYPE;
    if (r.flags & WN_WARC_TRUNCATED) {
      put_event(b, input, OC_FAILED, FL_TRUNCATED, r.id, 1, r.offset, "the input ended inside the record");
    } else if (sk >= 0) {
      put_event_w(b, input, OC_SKIPPED, sk, r.id, 1, r.offset, sk == SK_OTHER_TYPE ? t : NULL,
                  !!(r.flags & WN_WARC_BAD_LENGTH));
    } else {
      job *j = slot_get(b, r.block_len);
      j->kind = JK_PAGE;
      j->u = u;
      j->input = xstrdup(input);
      j->id = r.id;
      j->url = r.uri;
      j->date = r.date;
      j->has_offset = 1;
      j->offset = r.offset;
      j->wflags = r.flags;
      j->warn_bad_length = !!(r.flags & WN_WARC_BAD_LENGTH);
      j->data = r.block;
      j->len = r.block_len;
      /* a response holds an HTTP message unless its type says otherwise */
      int http = !strcmp(t, "response");
      if (http && r.content_type && !strstr(r.content_type, "application/http")) http = 0;
      if (http && !r.content_type && (r.block_len < 5 || memcmp(r.block, "HTTP/", 5))) http = 0;
      j->src = http ? SRC_HTTP : SRC_RAW;
      if (!http) j->media = r.content_type, r.content_type = NULL;
      r.id = r.uri = r.date = NULL;
      r.block = NULL;
      slot_put(b, j);
      wn_warc_record_clear(&r);
      continue;
    }
    wn_warc_record_clear(&r);
  }
  wn_warc_free(w);
}

static void read_jsonl(wn_batch *b, const char *input, wn_src *src, unit *u) {
  wn_lines *l = wn_lines_new(src, 2 * b->max_page + (64u << 10));
  if (!l) {
    put_event(b, input, OC_FAILED, FL_NOMEM, NULL, 0, 0, NULL);
    return;
  }
  uint64_t seen = 0;
  for (;;) {
    const char *line;
    size_t len;
    uint64_t no;
    int k = wn_lines_next(l, &line, &len, &no);
    add_bytes(b, &seen, src);
    if (k < 0 || k == WN_LINE_END) {
      if (k < 0) put_event(b, input, OC_FAILED, FL_NOMEM, NULL, 0, 0, NULL);
      break;
    }
    char id[64], d[96];
    snprintf(id, sizeof id, ":%llu", (unsigned long long)no);
    if (k == WN_LINE_IOERR) {
      put_event(b, input, OC_FAILED, FL_READ, NULL, 0, 0, strerror(src->err));
      break;
    }
    if (k == WN_LINE_CORRUPT) {
      snprintf(d, sizeof d, "%llu compressed bytes skipped",
               (unsigned long long)(src->bad_end - src->bad_off));
      put_event(b, input, OC_FAILED, FL_CORRUPT_GZIP, NULL, 1, src->bad_off, d);
      continue;
    }
    /* the default id: FILE:LINE */
    size_t il = strlen(input);
    char *fid = malloc(il + strlen(id) + 1);
    if (fid) memcpy(fid, input, il), strcpy(fid + il, id);
    if (k == WN_LINE_LONG) {
      snprintf(d, sizeof d, "line of %zu bytes", len);
      job *j = slot_get(b, 0);
      j->kind = JK_EVENT;
      j->input = xstrdup(input);
      j->id = fid;
      j->outcome = OC_SKIPPED;
      j->reason = SK_TOO_LARGE;
      j->html = 1;
      j->detail = xstrdup(d);
      slot_put(b, j);
      continue;
    }
    size_t s = 0;
    while (s < len && (line[s] == ' ' || line[s] == '\t')) s++;
    if (s == len) {
      free(fid);
      continue; /* blank lines are no records */
    }
    job *j = slot_get(b, len);
    j->kind = JK_PAGE;
    j->src = SRC_JSONL;
    j->u = u;
    j->input = xstrdup(input);
    j->id = fid;
    if ((j->data = malloc(len + 1))) {
      memcpy(j->data, line, len);
      j->data[len] = 0;
      j->len = len;
    } else {
      j->kind = JK_EVENT;
      j->outcome = OC_FAILED;
      j->reason = FL_NOMEM;
    }
    slot_put(b, j);
  }
  wn_lines_free(l);
}

static void read_html(wn_batch *b, const char *input, wn_src *src, unit *u) {
  size_t cap = 1u << 16, n = 0, limit = b->max_page + 1;
  unsigned char *buf = malloc(cap);
  int fail = -1;
  const char *detail = NULL;
  while (buf) {
    if (n == cap) {
      if (cap >= limit) break;
      size_t nc = cap * 2 > limit ? limit : cap * 2;
      unsigned char *nb = realloc(buf, nc);
      if (!nb) break;
      buf = nb;
      cap = nc;
    }
    wn_src_ev ev;
    size_t got = wn_src_read(src, buf + n, cap - n, &ev);
    n += got;
    if (got || ev == WN_SRC_BOUNDARY) continue;
    if (ev == WN_SRC_CORRUPT) fail = FL_CORRUPT_GZIP, detail = "corrupt gzip data";
    else if (ev == WN_SRC_TRUNCATED) fail = FL_TRUNCATED, detail = "the gzip stream was cut";
    else if (ev == WN_SRC_IOERR) fail = FL_READ, detail = strerror(src->err);
    break;
  }
  uint64_t seen = 0;
  add_bytes(b, &seen, src);
  if (!buf) {
    put_event(b, input, OC_FAILED, FL_NOMEM, input, 0, 0, NULL);
    return;
  }
  if (fail >= 0 && fail != FL_TRUNCATED) {
    put_event(b, input, OC_FAILED, fail, input, 0, 0, detail);
    free(buf);
    return;
  }
  if (n > b->max_page) {
    char d[64];
    snprintf(d, sizeof d, "over %zu bytes", b->max_page);
    job *j = slot_get(b, 0);
    j->kind = JK_EVENT;
    j->input = xstrdup(input);
    j->id = xstrdup(input);
    j->outcome = OC_SKIPPED;
    j->reason = SK_TOO_LARGE;
    j->html = 1;
    j->detail = xstrdup(d);
    slot_put(b, j);
    free(buf);
    return;
  }
  job *j = slot_get(b, n);
  j->kind = JK_PAGE;
  j->src = SRC_RAW;
  j->u = u;
  j->input = xstrdup(input);
  j->id = xstrdup(input);
  j->media = xstrdup("text/html");
  j->data = buf;
  j->len = n;
  if (fail == FL_TRUNCATED) j->wflags = WN_WARC_TRUNCATED;
  slot_put(b, j);
}

/* Reads one input file of kind k (K_UNKNOWN: sniffed) into u. */
static void read_file(wn_batch *b, const char *path, int k, unit *u) {
  int fd = strcmp(path, "-") ? open(path, O_RDONLY) : 0;
  const char *input = strcmp(path, "-") ? path : "(stdin)";
  b->cur = u;
  if (fd < 0) {
    put_event(b, input, OC_FAILED, FL_READ, NULL, 0, 0, strerror(errno));
    put_marker(b, JK_INPUT_END, u, input);
    b->cur = NULL;
    return;
  }
  wn_src src;
  if (wn_src_open(&src, fd, NULL, 0)) {
    put_event(b, input, OC_FAILED, FL_NOMEM, NULL, 0, 0, NULL);
  } else {
    if (k == K_UNKNOWN) {
      const unsigned char *p;
      size_t n;
      k = wn_src_peek(&src, &p, &n) ? K_HTML : kind_by_bytes(p, n);
    }
    if (k == K_WARC) read_warc(b, input, &src, u);
    else if (k == K_JSONL) read_jsonl(b, input, &src, u);
    else read_html(b, input, &src, u);
    wn_src_close(&src);
  }
  if (fd) close(fd);
  put_marker(b, JK_INPUT_END, u, input);
  b->cur = NULL;
}

/*** Output units (--output-dir) ***/

static uint64_t hash_str(const char *s) {
  uint64_t h = 1469598103934665603ull; /* FNV-1a */
  while (*s) h = (h ^ (unsigned char)*s++) * 1099511628211ull;
  return h;
}

/* Whether an earlier unit has this output name; remembers it if not (an
 * open-addressing set: one entry per output file of the run). */
static int name_taken(wn_batch *b, const char *name) {
  if (b->nnames * 2 >= b->names_cap) {
    size_t nc = b->names_cap ? b->names_cap * 2 : 256;
    char **nn = calloc(nc, sizeof *nn);
    if (!nn) return 0;
    for (size_t i = 0; i < b->names_cap; i++)
      if (b->names[i]) {
        size_t k = hash_str(b->names[i]) & (nc - 1);
        while (nn[k]) k = (k + 1) & (nc - 1);
        nn[k] = b->names[i];
      }
    free(b->names);
    b->names = nn;
    b->names_cap = nc;
  }
  size_t k = hash_str(name) & (b->names_cap - 1);
  while (b->names[k]) {
    if (!strcmp(b->names[k], name)) return 1;
    k = (k + 1) & (b->names_cap - 1);
  }
  if ((b->names[k] = xstrdup(name))) b->nnames++;
  return 0;
}

#define UNIT_SKIP ((unit *)1)

/* DIR/REL.SUFFIX, and its temporary DIR/[REL's folder/].BASE.SUFFIX.part:
 * hidden, so a folder walk over DIR never takes it for an input. */
static int unit_names(const wn_batch *b, const char *rel, const char *suffix, char **final, char **tmp) {
  size_t n = strlen(b->outdir) + strlen(rel) + strlen(suffix) + 16;
  *final = malloc(n);
  *tmp = malloc(n);
  if (!*final || !*tmp) return -1;
  snprintf(*final, n, "%s/%s%s", b->outdir, rel, suffix);
  const char *slash = strrchr(rel, '/');
  if (slash)
    snprintf(*tmp, n, "%s/%.*s/.%s%s.part", b->outdir, (int)(slash - rel), rel, slash + 1, suffix);
  else
    snprintf(*tmp, n, "%s/.%s%s.part", b->outdir, rel, suffix);
  return 0;
}

/* The size the summary json gives for key, or -1. */
static int64_t summary_size(json_object *o, const char *key) {
  json_object *v;
  if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_int)) return -1;
  return json_object_get_int64(v);
}

/* Whether the summary at path vouches for an output of that name (in its
 * folder) and its error log, as they are now: both named in it, with the
 * sizes they had when it was written.  A summary is renamed into place
 * after the files it names, so a killed run never leaves one. */
static int summary_vouches(const char *path, const char *final, const char *efinal) {
  json_object *o = json_object_from_file(path);
  if (!o || !json_object_is_type(o, json_type_object)) {
    json_object_put(o);
    return 0;
  }
  json_object *v;
  struct stat st, est;
  int ok = json_object_object_get_ex(o, "output", &v) && json_object_is_type(v, json_type_string) &&
           !strcmp(json_object_get_string(v), base_name(final)) &&
           json_object_object_get_ex(o, "errors", &v) && json_object_is_type(v, json_type_string) &&
           !strcmp(json_object_get_string(v), base_name(efinal)) && !stat(final, &st) &&
           S_ISREG(st.st_mode) && summary_size(o, "output_bytes") == (int64_t)st.st_size &&
           !stat(efinal, &est) && S_ISREG(est.st_mode) &&
           summary_size(o, "errors_bytes") == (int64_t)est.st_size;
  json_object_put(o);
  return ok;
}

/* The unit for output name rel ("crawl/a" -> DIR/crawl/a.jsonl), NULL
 * without --output-dir, UNIT_SKIP when it is not to be written. */
static unit *unit_begin(wn_batch *b, const char *rel, const char *input) {
  if (!b->outdir) return NULL;
  unit *u = calloc(1, sizeof *u);
  if (!u || unit_names(b, rel, b->compress ? ".jsonl.gz" : ".jsonl", &u->final, &u->tmp) ||
      unit_names(b, rel, ".errors.jsonl", &u->efinal, &u->etmp) ||
      unit_names(b, rel, ".summary.json", &u->sfinal, &u->stmp) || !(u->input = xstrdup(input))) {
    if (u) unit_free(u);
    put_event(b, input, OC_FAILED, FL_NOMEM, NULL, 0, 0, NULL);
    return UNIT_SKIP;
  }
  struct stat st, ist;
  const char *why = NULL;
  if (name_taken(b, u->final) || name_taken(b, u->efinal) || name_taken(b, u->sfinal))
    why = "its output name is taken by an earlier input";
  else if (strcmp(input, "(stdin)") && !stat(input, &ist) &&
           ((!stat(u->final, &st) && st.st_dev == ist.st_dev && st.st_ino == ist.st_ino) ||
            (!stat(u->efinal, &st) && st.st_dev == ist.st_dev && st.st_ino == ist.st_ino)))
    why = "its output would replace it";
  if (why) {
    put_event(b, input, OC_FAILED, FL_OUTPUT, NULL, 0, 0, why);
    unit_free(u);
    return UNIT_SKIP;
  }
  if ((b->skip_existing || b->check_done) && summary_vouches(u->sfinal, u->final, u->efinal)) {
    /* counted by the writer so the summary stays in one thread */
    job *j = slot_get(b, 0);
    j->kind = JK_EVENT;
    j->u = NULL;
    j->input = xstrdup(input);
    j->outcome = OC_NONE;
    j->html = -1; /* marks "existing" for the writer */
    slot_put(b, j);
    unit_free(u);
    return UNIT_SKIP;
  }
  if (b->check_done) {
    printf("%s\n", input);
    b->undone++;
    unit_free(u);
    return UNIT_SKIP;
  }
  u->t0 = now();
  put_marker(b, JK_UNIT_OPEN, u, input);
  return u;
}

static void unit_end(wn_batch *b, unit *u) {
  if (u && u != UNIT_SKIP) put_marker(b, JK_UNIT_CLOSE, u, NULL);
}

/* path's last component without its kind suffix; "." and "/" name the
 * folder they stand for. */
static char *stem(const char *path) {
  char *real = NULL;
  size_t n = strlen(path);
  while (n > 1 && path[n - 1] == '/') n--;
  const char *s = path + n;
  while (s > path && s[-1] != '/') s--;
  size_t len = (size_t)(path + n - s);
  if (!len || (len == 1 && *s == '.') || (len == 2 && !strncmp(s, "..", 2)) || (len == 1 && *s == '/')) {
    real = realpath(path, NULL);
    if (real && strcmp(real, "/")) {
      char *r = strrchr(real, '/');
      char *d = xstrdup(r + 1);
      free(real);
      return d;
    }
    free(real);
    return xstrdup("root");
  }
  char *d = malloc(len + 1);
  if (!d) return NULL;
  memcpy(d, s, len);
  d[len] = 0;
  size_t suf;
  kind_by_name(d, &suf);
  if (suf && suf < len) d[len - suf] = 0;
  return d;
}

/*** Folder walk: sorted, lazy, iterative ***/

typedef struct dframe {
  char *path;
  char *rel; /* path below the operand, "" at its top */
  char **names;
  size_t n, i;
} dframe;

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join(const char *a, const char *b) {
  size_t x = strlen(a), y = strlen(b);
  char *d = malloc(x + y + 2);
  if (!d) return NULL;
  memcpy(d, a, x);
  size_t k = x;
  if (x && y && a[x - 1] != '/') d[k++] = '/';
  memcpy(d + k, b, y + 1);
  return d;
}

static int list_dir(const char *path, dframe *f) {
  DIR *d = opendir(path);
  if (!d) return -1;
  size_t cap = 16;
  f->names = malloc(cap * sizeof *f->names);
  f->n = f->i = 0;
  struct dirent *e;
  while (f->names && (e = readdir(d))) {
    if (e->d_name[0] == '.') continue; /* ., .., hidden files and our .part files */
    if (f->n == cap) {
      char **nn = realloc(f->names, cap * 2 * sizeof *nn);
      if (!nn) break;
      f->names = nn;
      cap *= 2;
    }
    if (!(f->names[f->n] = xstrdup(e->d_name))) break;
    f->n++;
  }
  closedir(d);
  if (!f->names) return -1;
  qsort(f->names, f->n, sizeof *f->names, cmp_names);
  return 0;
}

static void frame_free(dframe *f) {
  for (size_t i = 0; i < f->n; i++) free(f->names[i]);
  free(f->names);
  free(f->path);
  free(f->rel);
}

static void walk(wn_batch *b, const char *root) {
  char *top = stem(root);
  unit *pages = NULL; /* the folder's own unit, opened at its first page */
  int pages_open = 0;
  size_t depth = 0, cap = 8;
  dframe *st = malloc(cap * sizeof *st);
  if (!st || !top) {
    free(st), free(top);
    put_event(b, root, OC_FAILED, FL_NOMEM, NULL, 0, 0, NULL);
    return;
  }
  memset(&st[0], 0, sizeof *st);
  st[0].path = xstrdup(root);
  st[0].rel = xstrdup("");
  if (list_dir(root, &st[0])) {
    put_event(b, root, OC_FAILED, FL_READ, NULL, 0, 0, strerror(errno));
    put_marker(b, JK_INPUT_END, NULL, root);
    frame_free(&st[0]);
    free(st), free(top);
    return;
  }
  depth = 1;
  while (depth) {
    dframe *f = &st[depth - 1];
    if (f->i == f->n) {
      frame_free(f);
      depth--;
      continue;
    }
    const char *name = f->names[f->i++];
    char *full = join(f->path, name);
    if (!full) continue;
    struct stat ls, fs;
    if (lstat(full, &ls)) {
      put_event(b, full, OC_FAILED, FL_READ, NULL, 0, 0, strerror(errno));
      free(full);
      continue;
    }
    if (S_ISDIR(ls.st_mode)) {
      /* never descend into the output folder */
      if (b->have_outdir_st && ls.st_dev == b->outdir_st.st_dev && ls.st_ino == b->outdir_st.st_ino) {
        free(full);
        continue;
      }
      if (depth == cap) {
        dframe *ns = realloc(st, cap * 2 * sizeof *ns);
        if (!ns) {
          free(full);
          continue;
        }
        st = ns;
        cap *= 2;
        f = &st[depth - 1];
      }
      dframe *c = &st[depth];
      memset(c, 0, sizeof *c);
      c->path = full;
      c->rel = join(f->rel, name);
      if (list_dir(full, c)) {
        put_event(b, full, OC_FAILED, FL_READ, NULL, 0, 0, strerror(errno));
        frame_free(c);
        continue;
      }
      depth++;
      continue;
    }
    /* files, and symbolic links to files (links to folders are not
     * followed: they could loop) */
    if (stat(full, &fs) || !S_ISREG(fs.st_mode)) {
      free(full);
      continue;
    }
    size_t suf;
    int k = kind_by_name(name, &suf);
    if (k == K_HTML) {
      if (!pages_open) {
        pages_open = 1;
        pages = unit_begin(b, top, root);
      }
      if (pages != UNIT_SKIP) read_file(b, full, K_HTML, pages);
    } else if (k == K_WARC || k == K_JSONL) {
      char *rel = join(f->rel, name);
      char *r2 = rel ? join(top, rel) : NULL;
      if (r2) r2[strlen(r2) - suf] = 0;
      if (r2) {
        unit *u = unit_begin(b, r2, full);
        if (u != UNIT_SKIP) {
          read_file(b, full, k, u);
          unit_end(b, u);
        }
      }
      free(rel);
      free(r2);
    }
    free(full);
  }
  unit_end(b, pages);
  free(st);
  free(top);
}

static void do_operand(wn_batch *b, const char *path) {
  struct stat st;
  if (strcmp(path, "-") && stat(path, &st)) {
    put_event(b, path, OC_FAILED, FL_READ, NULL, 0, 0, strerror(errno));
    put_marker(b, JK_INPUT_END, NULL, path);
    return;
  }
  if (strcmp(path, "-") && S_ISDIR(st.st_mode)) {
    walk(b, path);
    return;
  }
  char *name = strcmp(path, "-") ? stem(path) : xstrdup("stdin");
  unit *u = name ? unit_begin(b, name, strcmp(path, "-") ? path : "(stdin)") : UNIT_SKIP;
  free(name);
  if (u == UNIT_SKIP) return;
  read_file(b, path, kind_by_name(path, NULL), u);
  unit_end(b, u);
}

/* --files-from: one operand a line. */
static int do_list(wn_batch *b, const char *list) {
  FILE *f = strcmp(list, "-") ? fopen(list, "r") : stdin;
  if (!f) {
    fprintf(stderr, "winnow batch: %s: %s\n", list, strerror(errno));
    return -1;
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  while ((n = getline(&line, &cap, f)) > 0) {
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
    if (n) do_operand(b, line);
  }
  free(line);
  if (f != stdin) fclose(f);
  return 0;
}

/*** Options ***/

static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "winnow batch: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nTry 'winnow batch --help' for more information.\n");
  return EXIT_USAGE;
}

static int is_opt(const char *arg, const char *s, const char *l) {
  if (s && !strcmp(arg, s)) return 1;
  size_t n = strlen(l);
  return !strncmp(arg, l, n) && (arg[n] == '\0' || arg[n] == '=');
}

/* --opt=value or --opt value; NULL when missing. */
static const char *opt_arg(int argc, char **argv, int *i) {
  const char *eq = strchr(argv[*i], '=');
  if (argv[*i][1] == '-' && eq) return eq + 1;
  if (*i + 1 >= argc) return NULL;
  return argv[++*i];
}

static int parse_size(const char *v, size_t *out) {
  char *end;
  errno = 0;
  if (!v || !*v || *v == '-') return -1;
  unsigned long long n = strtoull(v, &end, 10);
  if (errno || !n) return -1;
  unsigned long long mul = 1;
  if (*end == 'K' || *end == 'k') mul = 1ull << 10, end++;
  else if (*end == 'M' || *end == 'm') mul = 1ull << 20, end++;
  else if (*end == 'G' || *end == 'g') mul = 1ull << 30, end++;
  if (*end || n > SIZE_MAX / mul) return -1;
  *out = (size_t)(n * mul);
  return 0;
}

static void summary(const wn_batch *b, double wall) {
  uint64_t sk = 0, fl = 0;
  for (int i = 0; i < SK_COUNT; i++) sk += b->c.skipped[i];
  for (int i = 0; i < FL_COUNT; i++) fl += b->c.failed[i];
  double mb = (double)atomic_load(&b->bytes_in) / 1e6;
  FILE *e = stderr;
  fprintf(e, "winnow batch: summary\n");
  fprintf(e, "  inputs          %llu", (unsigned long long)b->c.inputs);
  if (b->inputs_existing)
    fprintf(e, " (and %llu left as their output exists)", (unsigned long long)b->inputs_existing);
  fprintf(e, "\n  records         %llu\n", (unsigned long long)b->c.records);
  fprintf(e, "  html pages      %llu\n", (unsigned long long)b->c.html);
  fprintf(e, "  extracted       %llu\n", (unsigned long long)b->c.extracted);
  fprintf(e, "  empty           %llu\n", (unsigned long long)b->c.empty);
  fprintf(e, "  skipped         %llu", (unsigned long long)sk);
  const char *sep = " (";
  for (int i = 0; i < SK_COUNT; i++)
    if (b->c.skipped[i]) {
      fprintf(e, "%s%s %llu", sep, skip_names[i], (unsigned long long)b->c.skipped[i]);
      sep = ", ";
    }
  fprintf(e, "%s\n  failed          %llu", sk ? ")" : "", (unsigned long long)fl);
  sep = " (";
  for (int i = 0; i < FL_COUNT; i++)
    if (b->c.failed[i]) {
      fprintf(e, "%s%s %llu", sep, fail_names[i], (unsigned long long)b->c.failed[i]);
      sep = ", ";
    }
  fprintf(e, "%s\n", fl ? ")" : "");
  if (b->c.bad_length)
    fprintf(e, "  repaired        %llu (bad_length %llu)\n", (unsigned long long)b->c.bad_length,
            (unsigned long long)b->c.bad_length);
  double hmb = (double)b->c.html_bytes / 1e6;
  /* small runs (tests, a few pages) still show their bytes */
  fprintf(e, "  MB in           %.*f\n", mb < 100 ? 3 : 1, mb);
  fprintf(e, "  MB/s            %.1f\n", wall > 0 ? mb / wall : 0);
  fprintf(e, "  HTML MB         %.*f (%.1f MB/s)\n", hmb < 100 ? 3 : 1, hmb, wall > 0 ? hmb / wall : 0);
  fprintf(e, "  wall time       %.2f s\n", wall);
  if (b->c.slowest > 0)
    fprintf(e, "  slowest page    %.3f s (%s)\n", b->c.slowest, b->c.slowest_id ? b->c.slowest_id : "?");
}

/*** --summarize: one table for the summaries of a whole run ***/

typedef struct named_count {
  char *name;
  uint64_t n;
} named_count;

typedef struct reason_list {
  named_count *v;
  size_t n, cap;
} reason_list;

static void reasons_add(reason_list *l, const char *name, uint64_t n) {
  for (size_t i = 0; i < l->n; i++)
    if (!strcmp(l->v[i].name, name)) {
      l->v[i].n += n;
      return;
    }
  if (l->n == l->cap) {
    size_t nc = l->cap ? l->cap * 2 : 16;
    named_count *nv = realloc(l->v, nc * sizeof *nv);
    if (!nv) return;
    l->v = nv;
    l->cap = nc;
  }
  if ((l->v[l->n].name = xstrdup(name))) l->v[l->n++].n = n;
}

static void reasons_print(const char *label, const reason_list *l, uint64_t total) {
  printf("  %-16s%llu", label, (unsigned long long)total);
  const char *sep = " (";
  for (size_t i = 0; i < l->n; i++)
    if (l->v[i].n) {
      printf("%s%s %llu", sep, l->v[i].name, (unsigned long long)l->v[i].n);
      sep = ", ";
    }
  printf("%s\n", *sep == ',' ? ")" : "");
}

static void reasons_free(reason_list *l) {
  for (size_t i = 0; i < l->n; i++) free(l->v[i].name);
  free(l->v);
}

typedef struct srec {
  char *task, *host;
  uint64_t inputs, records, extracted, failed, bytes_in;
  double wall;
} srec;

typedef struct sumrun {
  srec *recs;
  size_t nrecs, recs_cap;
  char **done; /* inputs with a complete output, and their real paths: sorted */
  size_t ndone, done_cap;
  uint64_t summaries, incomplete, partial, unreadable;
  uint64_t records, html, extracted, empty, skipped, failed, repaired;
  uint64_t bytes_in, html_bytes, out_bytes;
  double wall;
  reason_list sk, fl, rp;
} sumrun;

static uint64_t js_u64(json_object *o, const char *key) {
  json_object *v;
  if (!json_object_object_get_ex(o, key, &v)) return 0;
  int64_t n = json_object_get_int64(v);
  return n > 0 ? (uint64_t)n : 0;
}

static const char *js_str(json_object *o, const char *key) {
  json_object *v;
  if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string)) return NULL;
  return json_object_get_string(v);
}

static void js_reasons(json_object *o, const char *key, reason_list *l) {
  json_object *v;
  if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_object)) return;
  json_object_object_foreach(v, k, n) reasons_add(l, k, (uint64_t)json_object_get_int64(n));
}

static void done_add(sumrun *r, const char *s) {
  if (!s) return;
  if (r->ndone == r->done_cap) {
    size_t nc = r->done_cap ? r->done_cap * 2 : 256;
    char **nd = realloc(r->done, nc * sizeof *nd);
    if (!nd) return;
    r->done = nd;
    r->done_cap = nc;
  }
  if ((r->done[r->ndone] = xstrdup(s))) r->ndone++;
}

/* The file at a summary's "key", in the summary's folder, has the size
 * the summary gives. */
static int sum_file_ok(json_object *o, const char *dir, const char *key, const char *size_key) {
  const char *name = js_str(o, key);
  if (!name || !*name || strchr(name, '/')) return 0;
  char *p = join(dir, name);
  struct stat st;
  int ok = p && !stat(p, &st) && S_ISREG(st.st_mode) && summary_size(o, size_key) == (int64_t)st.st_size;
  free(p);
  return ok;
}

static void sum_one(sumrun *r, const char *dir, const char *path) {
  r->summaries++;
  json_object *o = json_object_from_file(path);
  if (!o || !json_object_is_type(o, json_type_object)) {
    json_object_put(o);
    r->unreadable++;
    fprintf(stderr, "winnow batch: %s: not a summary\n", path);
    return;
  }
  if (!sum_file_ok(o, dir, "output", "output_bytes") || !sum_file_ok(o, dir, "errors", "errors_bytes")) {
    r->incomplete++;
    json_object_put(o);
    return;
  }
  const char *input = js_str(o, "input");
  done_add(r, input);
  char *real = input ? realpath(input, NULL) : NULL;
  if (real && strcmp(real, input)) done_add(r, real);
  free(real);
  uint64_t rec = js_u64(o, "records"), ex = js_u64(o, "extracted"), fl = js_u64(o, "failed");
  uint64_t in = js_u64(o, "bytes_in");
  json_object *w;
  double wall = json_object_object_get_ex(o, "wall_s", &w) ? json_object_get_double(w) : 0;
  r->records += rec;
  r->html += js_u64(o, "html_pages");
  r->extracted += ex;
  r->empty += js_u64(o, "empty");
  r->skipped += js_u64(o, "skipped");
  r->failed += fl;
  r->repaired += js_u64(o, "repaired");
  r->bytes_in += in;
  r->html_bytes += js_u64(o, "html_bytes");
  r->out_bytes += js_u64(o, "output_bytes");
  r->wall += wall;
  js_reasons(o, "skipped_by", &r->sk);
  js_reasons(o, "failed_by", &r->fl);
  js_reasons(o, "repaired_by", &r->rp);
  if (r->nrecs == r->recs_cap) {
    size_t nc = r->recs_cap ? r->recs_cap * 2 : 256;
    srec *nr = realloc(r->recs, nc * sizeof *nr);
    if (!nr) {
      json_object_put(o);
      return;
    }
    r->recs = nr;
    r->recs_cap = nc;
  }
  srec *s = &r->recs[r->nrecs++];
  memset(s, 0, sizeof *s);
  s->task = xstrdup(js_str(o, "task") ? js_str(o, "task") : "-");
  s->host = xstrdup(js_str(o, "host") ? js_str(o, "host") : "-");
  s->inputs = 1;
  s->records = rec;
  s->extracted = ex;
  s->failed = fl;
  s->bytes_in = in;
  s->wall = wall;
  json_object_put(o);
}

static int ends_with(const char *s, const char *suf) {
  size_t a = strlen(s), n = strlen(suf);
  return a >= n && !strcmp(s + a - n, suf);
}

/* Every NAME.summary.json under root; hidden .part files are counted as
 * outputs in progress (or left by a killed run). */
static void sum_walk(sumrun *r, const char *root) {
  char **stack = malloc(sizeof *stack);
  size_t n = 0, cap = 1;
  if (stack) stack[n++] = xstrdup(root);
  while (n) {
    char *dir = stack[--n];
    DIR *d = dir ? opendir(dir) : NULL;
    if (!d) {
      if (dir) fprintf(stderr, "winnow batch: %s: %s\n", dir, strerror(errno));
      r->unreadable++;
      free(dir);
      continue;
    }
    char **names = NULL;
    size_t nn = 0, ncap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
      if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
      if (e->d_name[0] == '.') {
        /* one a unit: its JSONL's (the log's and summary's go with it) */
        if (ends_with(e->d_name, ".part") && !ends_with(e->d_name, ".errors.jsonl.part") &&
            !ends_with(e->d_name, ".summary.json.part"))
          r->partial++;
        continue;
      }
      if (nn == ncap) {
        ncap = ncap ? ncap * 2 : 64;
        char **nv = realloc(names, ncap * sizeof *nv);
        if (!nv) break;
        names = nv;
      }
      if ((names[nn] = xstrdup(e->d_name))) nn++;
    }
    closedir(d);
    if (nn) qsort(names, nn, sizeof *names, cmp_names);
    for (size_t i = 0; i < nn; i++) {
      char *full = join(dir, names[i]);
      struct stat st;
      if (full && !lstat(full, &st)) {
        if (S_ISDIR(st.st_mode)) {
          if (n == cap) {
            char **ns = realloc(stack, cap * 2 * sizeof *ns);
            if (ns) stack = ns, cap *= 2;
          }
          if (n < cap) {
            stack[n++] = full;
            full = NULL;
          }
        } else if (S_ISREG(st.st_mode) && ends_with(names[i], ".summary.json")) {
          sum_one(r, dir, full);
        }
      }
      free(full);
      free(names[i]);
    }
    free(names);
    free(dir);
  }
  free(stack);
}

static int cmp_task(const void *a, const void *b) {
  const srec *x = a, *y = b;
  return strverscmp(x->task, y->task);
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static int cmp_str_ptr(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int summarize_main(const char *const *dirs, int ndirs, const char *manifest, int missing_only,
                          int by_task) {
  sumrun r;
  memset(&r, 0, sizeof r);
  for (int i = 0; i < ndirs; i++) sum_walk(&r, dirs[i]);
  if (r.ndone) qsort(r.done, r.ndone, sizeof *r.done, cmp_str_ptr);

  /* the manifest: which of its inputs have no complete output */
  uint64_t listed = 0, missing = 0;
  char **miss = NULL;
  size_t miss_cap = 0;
  if (manifest) {
    FILE *f = strcmp(manifest, "-") ? fopen(manifest, "r") : stdin;
    if (!f) {
      fprintf(stderr, "winnow batch: %s: %s\n", manifest, strerror(errno));
      return EXIT_USAGE;
    }
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    while ((len = getline(&line, &lcap, f)) > 0) {
      while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = 0;
      size_t k = 0;
      while (line[k] == ' ' || line[k] == '\t') k++;
      if (!line[k] || line[k] == '#') continue; /* as the job script reads it */
      listed++;
      const char *key = line;
      int found = r.ndone && bsearch(&key, r.done, r.ndone, sizeof *r.done, cmp_str_ptr);
      if (!found) {
        char *real = realpath(line, NULL);
        const char *rk = real;
        found = real && r.ndone && bsearch(&rk, r.done, r.ndone, sizeof *r.done, cmp_str_ptr);
        free(real);
      }
      if (found) continue;
      missing++;
      if (missing_only) {
        printf("%s\n", line);
      } else if (missing <= 20) {
        if (missing > miss_cap) {
          miss_cap = 20;
          miss = calloc(miss_cap, sizeof *miss);
        }
        if (miss) miss[missing - 1] = xstrdup(line);
      }
    }
    free(line);
    if (f != stdin) fclose(f);
  }

  if (!missing_only) {
    printf("winnow batch: run summary\n");
    if (manifest)
      printf("  inputs done     %llu of %llu in %s\n  missing         %llu\n",
             (unsigned long long)(listed - missing), (unsigned long long)listed, manifest,
             (unsigned long long)missing);
    else
      printf("  inputs done     %llu\n", (unsigned long long)r.nrecs);
    for (uint64_t i = 0; i < missing && i < 20 && miss; i++)
      if (miss[i]) printf("    %s\n", miss[i]);
    if (missing > 20) printf("    ... (--missing lists them all)\n");
    if (r.incomplete)
      printf("  incomplete      %llu (a summary whose output is gone or changed)\n",
             (unsigned long long)r.incomplete);
    if (r.partial)
      printf("  partial         %llu (.part files: being written, or left by a killed task)\n",
             (unsigned long long)r.partial);
    if (r.unreadable) printf("  unreadable      %llu\n", (unsigned long long)r.unreadable);
    printf("  records         %llu\n", (unsigned long long)r.records);
    printf("  html pages      %llu\n", (unsigned long long)r.html);
    printf("  extracted       %llu\n", (unsigned long long)r.extracted);
    printf("  empty           %llu\n", (unsigned long long)r.empty);
    reasons_print("skipped", &r.sk, r.skipped);
    reasons_print("failed", &r.fl, r.failed);
    if (r.repaired) reasons_print("repaired", &r.rp, r.repaired);
    double mb = (double)r.bytes_in / 1e6, hmb = (double)r.html_bytes / 1e6, omb = (double)r.out_bytes / 1e6;
    printf("  MB in           %.*f\n", mb < 100 ? 3 : 1, mb);
    printf("  HTML MB         %.*f\n", hmb < 100 ? 3 : 1, hmb);
    printf("  MB out          %.*f\n", omb < 100 ? 3 : 1, omb);
    printf("  task time       %.2f s (summed over inputs)\n", r.wall);

    /* per task: the inputs it completed */
    size_t ntasks = 0;
    srec *tasks = r.nrecs ? calloc(r.nrecs, sizeof *tasks) : NULL;
    if (tasks) {
      qsort(r.recs, r.nrecs, sizeof *r.recs, cmp_task);
      for (size_t i = 0; i < r.nrecs; i++) {
        srec *s = &r.recs[i];
        if (ntasks && !strcmp(tasks[ntasks - 1].task, s->task)) {
          srec *t = &tasks[ntasks - 1];
          t->inputs += s->inputs, t->records += s->records, t->extracted += s->extracted;
          t->failed += s->failed, t->bytes_in += s->bytes_in, t->wall += s->wall;
        } else {
          tasks[ntasks++] = *s;
        }
      }
      double *rate = calloc(ntasks, sizeof *rate);
      if (rate) {
        for (size_t i = 0; i < ntasks; i++)
          rate[i] = tasks[i].wall > 0 ? (double)tasks[i].bytes_in / 1e6 / tasks[i].wall : 0;
        qsort(rate, ntasks, sizeof *rate, cmp_double);
        printf("  MB/s per task   min %.1f, median %.1f, max %.1f over %zu task%s\n", rate[0],
               ntasks % 2 ? rate[ntasks / 2] : (rate[ntasks / 2 - 1] + rate[ntasks / 2]) / 2,
               rate[ntasks - 1], ntasks, ntasks == 1 ? "" : "s");
        free(rate);
      }
      if (by_task || ntasks <= 64) {
        printf("\n  %-20s %7s %9s %9s %7s %10s %9s %7s  %s\n", "task", "inputs", "records", "extracted",
               "failed", "MB in", "wall s", "MB/s", "host");
        for (size_t i = 0; i < ntasks; i++) {
          const srec *t = &tasks[i];
          printf("  %-20s %7llu %9llu %9llu %7llu %10.3f %9.2f %7.1f  %s\n", t->task,
                 (unsigned long long)t->inputs, (unsigned long long)t->records,
                 (unsigned long long)t->extracted, (unsigned long long)t->failed,
                 (double)t->bytes_in / 1e6, t->wall, t->wall > 0 ? (double)t->bytes_in / 1e6 / t->wall : 0,
                 t->host);
        }
      } else {
        printf("  (%zu tasks: --by-task lists them)\n", ntasks);
      }
      free(tasks);
    }
  }
  int rc = missing || r.incomplete || r.unreadable ? EXIT_FAIL : EXIT_OK;
  if (fflush(stdout) || ferror(stdout)) rc = EXIT_FAIL;
  for (size_t i = 0; i < r.nrecs; i++) free(r.recs[i].task), free(r.recs[i].host);
  free(r.recs);
  for (size_t i = 0; i < r.ndone; i++) free(r.done[i]);
  free(r.done);
  for (size_t i = 0; miss && i < miss_cap; i++) free(miss[i]);
  free(miss);
  reasons_free(&r.sk);
  reasons_free(&r.fl);
  reasons_free(&r.rp);
  return rc;
}

int winnow_batch_main(int argc, char **argv) {
  wn_batch *b = calloc(1, sizeof *b);
  char **ops = calloc((size_t)argc + 1, sizeof *ops);
  if (!b || !ops) {
    free(b);
    free(ops);
    fprintf(stderr, "winnow batch: out of memory\n");
    return EXIT_FAIL;
  }
  winnow_options_init(&b->wopt);
  b->format = WINNOW_FORMAT_TEXT;
  b->max_page = 8u << 20;
  /* The slowest hostile 8 MiB page takes under 2 s (README, "Limits"). */
  b->wopt.max_ms = 10000;
  /* all cores this process may run on (a cluster job's cpuset, taskset) */
  cpu_set_t cpus;
  long nproc = sched_getaffinity(0, sizeof cpus, &cpus) ? sysconf(_SC_NPROCESSORS_ONLN) : CPU_COUNT(&cpus);
  b->threads = nproc > 0 ? (int)nproc : 1;
  int nops = 0, only = 0, rc = EXIT_OK;
  int summarize = 0, missing_only = 0, by_task = 0;
  const char *manifest = NULL;
  const char *bad = NULL, *badarg = NULL;
  for (int i = 1; i < argc && !bad; i++) {
    const char *a = argv[i];
    const char *v;
    if (only || a[0] != '-' || !strcmp(a, "-")) {
      ops[nops++] = argv[i];
    } else if (!strcmp(a, "--")) {
      only = 1;
    } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(usage, stdout);
      free(b);
      free(ops);
      return fflush(stdout) || ferror(stdout) ? EXIT_FAIL : EXIT_OK;
    } else if (is_opt(a, "-o", "--output")) {
      if (!(b->output = opt_arg(argc, argv, &i))) bad = "option '%s' needs an argument", badarg = a;
    } else if (is_opt(a, NULL, "--output-dir")) {
      if (!(b->outdir = opt_arg(argc, argv, &i))) bad = "option '%s' needs an argument", badarg = a;
    } else if (is_opt(a, NULL, "--errors")) {
      if (!(b->errors_path = opt_arg(argc, argv, &i))) bad = "option '%s' needs an argument", badarg = a;
    } else if (is_opt(a, NULL, "--files-from")) {
      if (!(b->files_from = opt_arg(argc, argv, &i))) bad = "option '%s' needs an argument", badarg = a;
    } else if (is_opt(a, NULL, "--html-field")) {
      if (!(b->fields.html = opt_arg(argc, argv, &i))) bad = "option '%s' needs an argument", badarg = a;
    } else if (is_opt(a, NULL, "--url-field")) {
      if (!(b->fields.url = opt_arg(argc, argv, &i))) bad = "option '%s' needs an argument", badarg = a;
    } else if (is_opt(a, NULL, "--date-field")) {
      if (!(b->fields.date = opt_arg(argc, argv, &i))) bad = "option '%s' needs an argument", badarg = a;
    } else if (is_opt(a, NULL, "--id-field")) {
      if (!(b->fields.id = opt_arg(argc, argv, &i))) bad = "option '%s' needs an argument", badarg = a;
    } else if (is_opt(a, "-f", "--format")) {
      v = opt_arg(argc, argv, &i);
      if (!v) bad = "option '%s' needs an argument", badarg = a;
      else if (!strcmp(v, "text") || !strcmp(v, "json")) b->format = WINNOW_FORMAT_TEXT;
      else if (!strcmp(v, "markdown") || !strcmp(v, "md")) b->format = WINNOW_FORMAT_MARKDOWN;
      else bad = "unknown format '%s' (text, markdown, json)", badarg = v;
    } else if (is_opt(a, "-j", "--jobs")) {
      v = opt_arg(argc, argv, &i);
      size_t n;
      if (parse_size(v, &n) || n > 1024) bad = "invalid --jobs '%s' (1 to 1024)", badarg = v ? v : "";
      else b->threads = (int)n;
    } else if (!strncmp(a, "-j", 2) && a[2]) {
      size_t n;
      if (parse_size(a + 2, &n) || n > 1024) bad = "invalid --jobs '%s' (1 to 1024)", badarg = a + 2;
      else b->threads = (int)n;
    } else if (is_opt(a, NULL, "--max-depth")) {
      v = opt_arg(argc, argv, &i);
      if (wn_parse_count(v, 65536, &b->wopt.max_depth)) bad = "invalid --max-depth '%s' (1 to 65536)", badarg = v ? v : "";
    } else if (is_opt(a, NULL, "--max-attrs")) {
      v = opt_arg(argc, argv, &i);
      if (wn_parse_count(v, 65536, &b->wopt.max_attrs)) bad = "invalid --max-attrs '%s' (1 to 65536)", badarg = v ? v : "";
    } else if (is_opt(a, NULL, "--max-nodes")) {
      v = opt_arg(argc, argv, &i);
      if (wn_parse_count(v, 100000000, &b->wopt.max_nodes))
        bad = "invalid --max-nodes '%s' (1 to 100000000)", badarg = v ? v : "";
    } else if (is_opt(a, NULL, "--max-time")) {
      v = opt_arg(argc, argv, &i);
      if (wn_parse_seconds(v, &b->wopt.max_ms)) bad = "invalid --max-time '%s' (seconds, 0 to 86400)", badarg = v ? v : "";
    } else if (is_opt(a, NULL, "--max-page-bytes")) {
      v = opt_arg(argc, argv, &i);
      if (parse_size(v, &b->max_page)) bad = "invalid --max-page-bytes '%s'", badarg = v ? v : "";
    } else if (!strcmp(a, "--skip-existing")) {
      b->skip_existing = 1;
    } else if (!strcmp(a, "--check-done")) {
      b->check_done = 1;
    } else if (!strcmp(a, "--compress")) {
      b->compress = 1;
    } else if (is_opt(a, NULL, "--task")) {
      if (!(b->task = opt_arg(argc, argv, &i))) bad = "option '%s' needs an argument", badarg = a;
    } else if (!strcmp(a, "--summarize")) {
      summarize = 1;
    } else if (is_opt(a, NULL, "--manifest")) {
      if (!(manifest = opt_arg(argc, argv, &i))) bad = "option '%s' needs an argument", badarg = a;
    } else if (!strcmp(a, "--missing")) {
      missing_only = 1;
    } else if (!strcmp(a, "--by-task")) {
      by_task = 1;
    } else if (!strcmp(a, "--all-status")) {
      b->all_status = 1;
    } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
      b->quiet = 1;
    } else if (!strcmp(a, "--captions")) {
      b->wopt.flags |= WINNOW_OPT_CAPTIONS;
    } else if (!strcmp(a, "--precision")) {
      b->wopt.flags |= WINNOW_OPT_PRECISION;
    } else if (!strcmp(a, "--recall")) {
      b->wopt.flags |= WINNOW_OPT_RECALL;
    } else if (!strcmp(a, "--markdown")) {
      b->format = WINNOW_FORMAT_MARKDOWN; /* as "--format json --markdown" for one page */
    } else if (!strcmp(a, "--title")) {
      b->wopt.flags |= WINNOW_OPT_TITLE;
#ifdef WINNOW_OPT_LINKS
    } else if (!strcmp(a, "--links")) {
      b->wopt.flags |= WINNOW_OPT_LINKS;
    } else if (!strcmp(a, "--images")) {
      b->wopt.flags |= WINNOW_OPT_IMAGES;
#endif
    } else {
      bad = "unknown option '%s'", badarg = a;
    }
  }
  if (!bad && !summarize && (manifest || missing_only || by_task))
    bad = "%s", badarg = "--manifest, --missing and --by-task go with --summarize";
  if (!bad && summarize && !nops) bad = "%s", badarg = "--summarize needs a folder (an --output-dir)";
  if (!bad && summarize && missing_only && !manifest) bad = "%s", badarg = "--missing needs --manifest";
  if (!bad && summarize) {
    free(b);
    rc = summarize_main((const char *const *)ops, nops, manifest, missing_only, by_task);
    free(ops);
    return rc;
  }
  if (!bad && (b->wopt.flags & WINNOW_OPT_PRECISION) && (b->wopt.flags & WINNOW_OPT_RECALL))
    bad = "%s", badarg = "--precision and --recall exclude each other";
  if (!bad && !nops && !b->files_from) bad = "%s", badarg = "no input (a folder, WARC, JSONL or page)";
  if (!bad && b->output && b->outdir) bad = "%s", badarg = "--output and --output-dir exclude each other";
  if (!bad && b->skip_existing && !b->outdir) bad = "%s", badarg = "--skip-existing needs --output-dir";
  if (!bad && b->check_done && !b->outdir) bad = "%s", badarg = "--check-done needs --output-dir";
  /* opening an output would empty an input before it is read */
  const char *outs[2] = {b->output, b->errors_path};
  for (int k = 0; k < 2 && !bad; k++) {
    struct stat os, is;
    if (!outs[k] || stat(outs[k], &os)) continue;
    for (int i = 0; i < nops && !bad; i++)
      if (strcmp(ops[i], "-") && !stat(ops[i], &is) && is.st_dev == os.st_dev && is.st_ino == os.st_ino)
        bad = "input '%s' is also an output", badarg = ops[i];
  }
  if (bad) {
    free(b);
    free(ops);
    return usage_error(bad, badarg);
  }
#ifdef WINNOW_OPT_MARKDOWN_IN_JSON
  if (b->format == WINNOW_FORMAT_MARKDOWN) b->wopt.flags |= WINNOW_OPT_MARKDOWN_IN_JSON;
#endif
  /* the budget is checked on raw HTML; charset conversion may grow it */
  if (b->wopt.max_bytes < b->max_page * 4) b->wopt.max_bytes = b->max_page * 4;

  if (b->check_done) {
    b->quiet = 1; /* the inputs not done are the whole answer */
    b->errors_path = NULL; /* nothing is written */
    b->have_outdir_st = !stat(b->outdir, &b->outdir_st);
  } else if (b->outdir) {
    char *d = join(b->outdir, "x");
    if (!d || mkdirs(d) || stat(b->outdir, &b->outdir_st) || !S_ISDIR(b->outdir_st.st_mode)) {
      fprintf(stderr, "winnow batch: %s: %s\n", b->outdir, errno ? strerror(errno) : "not a folder");
      free(d);
      free(b);
      free(ops);
      return EXIT_FAIL;
    }
    free(d);
    b->have_outdir_st = 1;
  }
  b->out = stdout;
  if (b->output && !(b->out = fopen(b->output, "wb"))) {
    fprintf(stderr, "winnow batch: %s: %s\n", b->output, strerror(errno));
    free(b);
    free(ops);
    return EXIT_FAIL;
  }
  setvbuf(b->out, NULL, _IOFBF, 1 << 20);
  if (b->compress && !b->outdir && !(b->outz = gz_new())) {
    fprintf(stderr, "winnow batch: out of memory\n");
    if (b->out != stdout) fclose(b->out);
    free(b);
    free(ops);
    return EXIT_FAIL;
  }
  if (gethostname(b->host, sizeof b->host - 1)) b->host[0] = 0;
  if (b->errors_path && !(b->errs = fopen(b->errors_path, "wb"))) {
    fprintf(stderr, "winnow batch: %s: %s\n", b->errors_path, strerror(errno));
    if (b->out != stdout) fclose(b->out);
    free(b);
    free(ops);
    return EXIT_FAIL;
  }
  b->progress = !b->quiet && isatty(2);
  /* ETA: known when every operand is a plain file */
  for (int i = 0; i < nops && !b->files_from; i++) {
    struct stat st;
    if (strcmp(ops[i], "-") && !stat(ops[i], &st) && S_ISREG(st.st_mode)) {
      b->total_bytes += (uint64_t)st.st_size;
    } else {
      b->total_bytes = 0;
      break;
    }
  }

  b->cap = (size_t)b->threads * 4 + 4;
  b->budget = (size_t)b->threads * 2 * (b->max_page + (64u << 10));
  if (b->budget < (64u << 20)) b->budget = 64u << 20;
  b->slots = calloc(b->cap, sizeof *b->slots);
  pthread_t *tids = calloc((size_t)b->threads, sizeof *tids);
  pthread_t wt;
  if (!b->slots || !tids) {
    fprintf(stderr, "winnow batch: out of memory\n");
    return EXIT_FAIL;
  }
  pthread_mutex_init(&b->mu, NULL);
  pthread_cond_init(&b->can_put, NULL);
  pthread_cond_init(&b->can_work, NULL);
  pthread_cond_init(&b->can_write, NULL);
  b->t0 = now();
  int started = 0;
  for (; started < b->threads; started++)
    if (pthread_create(&tids[started], NULL, worker, b)) break;
  if (!started || pthread_create(&wt, NULL, writer, b)) {
    fprintf(stderr, "winnow batch: cannot start threads\n");
    return EXIT_FAIL;
  }

  for (int i = 0; i < nops; i++) do_operand(b, ops[i]);
  if (b->files_from && do_list(b, b->files_from)) rc = EXIT_FAIL;

  pthread_mutex_lock(&b->mu);
  b->closed = 1;
  pthread_cond_broadcast(&b->can_work);
  pthread_cond_broadcast(&b->can_write);
  pthread_mutex_unlock(&b->mu);
  for (int i = 0; i < started; i++) pthread_join(tids[i], NULL);
  pthread_join(wt, NULL);
  double wall = now() - b->t0;
  if (b->progress) progress(b, 1);

  if (b->outz && !b->out_failed && out_write(b->out, b->outz, "", 0, 1)) {
    fprintf(stderr, "winnow batch: %s: %s\n", b->output ? b->output : "(stdout)", strerror(errno));
    b->out_failed = 1;
  }
  gz_free(b->outz);
  if (fflush(b->out) || ferror(b->out) || (b->out != stdout && fclose(b->out))) {
    if (!b->out_failed)
      fprintf(stderr, "winnow batch: %s: %s\n", b->output ? b->output : "(stdout)", strerror(errno));
    b->out_failed = 1;
  }
  if (b->errs && (fflush(b->errs) || ferror(b->errs) || fclose(b->errs))) {
    fprintf(stderr, "winnow batch: %s: %s\n", b->errors_path, strerror(errno));
    b->out_failed = 1;
  }
  if (!b->quiet) summary(b, wall);
  uint64_t fl = 0;
  for (int i = 0; i < FL_COUNT; i++) fl += b->c.failed[i];
  if (fl || b->out_failed || b->undone) rc = EXIT_FAIL;
  if (b->check_done && (fflush(stdout) || ferror(stdout))) rc = EXIT_FAIL;

  pthread_mutex_destroy(&b->mu);
  pthread_cond_destroy(&b->can_put);
  pthread_cond_destroy(&b->can_work);
  pthread_cond_destroy(&b->can_write);
  for (size_t i = 0; i < b->names_cap; i++) free(b->names[i]);
  free(b->names);
  free(b->c.slowest_id);
  free(b->slots);
  free(tids);
  free(b);
  free(ops);
  return rc;
}
