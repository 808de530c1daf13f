/* winnow batch's internal header: the types its files share and what each
 * file offers the others.  Nothing outside src/cli/batch_*.c includes it.
 *
 * The files, one role each; each says in its head comment what it may
 * call (batch_util.c: any of them).
 *   batch_main.c      options, usage, main: sets up, starts the threads,
 *                     feeds the operands, prints the report
 *   batch_ring.c      the ring of slots; the worker threads (HTTP framing,
 *                     sniffing, extracting, the output line) and the writer
 *                     thread (output, error log, counts)
 *   batch_read.c      the input readers on the main thread: folder walk,
 *                     WARC, JSONL, single pages, kind sniffing
 *   batch_output.c    output units of --output-dir: names, temporary files,
 *                     atomic rename, fsync, summaries, --skip-existing and
 *                     --check-done; gzip output
 *   batch_report.c    the progress line and the end-of-run summary
 *   batch_summarize.c --summarize: one table over a run's summaries
 *   batch_util.c      outcome names, JSON line buffer, clock, paths
 *
 * Names shared between the files start with wn_ and, where a file owns
 * them, its role: wn_ring_, wn_read_, wn_unit_, wn_report_. */
#ifndef WN_BATCH_INT_H
#define WN_BATCH_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <json-c/json.h>
#include <zlib.h>

#include "jsonl.h"
#include "winnow.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/*** Outcomes ***/

/* Why a record was skipped (a policy: it is not an article page) or
 * failed (damage or an error).  Names appear in the summary and the
 * error log. */
enum {
  SK_REQUEST, SK_METADATA, SK_REVISIT, SK_WARCINFO, SK_CONVERSION, SK_CONTINUATION,
  SK_OTHER_TYPE, SK_NON_HTML, SK_HTTP_STATUS, SK_TOO_LARGE, SK_TOO_SLOW, SK_COUNT
};
extern const char *const wn_skip_names[SK_COUNT];

enum {
  FL_READ, FL_CORRUPT_GZIP, FL_NOT_WARC, FL_TRUNCATED, FL_BAD_HTTP, FL_CONTENT_ENCODING,
  FL_BAD_JSON, FL_NO_HTML, FL_EXTRACT, FL_OUTPUT, FL_NOMEM, FL_COUNT
};
extern const char *const wn_fail_names[FL_COUNT];

enum { OC_NONE = 0, OC_EXTRACTED, OC_EMPTY, OC_SKIPPED, OC_FAILED };

/*** Growable JSON buffer ***/

typedef struct jbuf {
  char *d;
  size_t len, cap;
  int oom;
} jbuf;

void wn_jb_put(jbuf *b, const char *s, size_t n);
void wn_jb_puts(jbuf *b, const char *s);
/* A JSON string: escapes, and U+FFFD for bytes that are not UTF-8. */
void wn_jb_str(jbuf *b, const char *s, size_t n);
void wn_jb_strz(jbuf *b, const char *s); /* NULL: null */
void wn_jb_key(jbuf *b, const char *k, int first);
/* Valid UTF-8 without raw control characters. */
int wn_jb_clean(const char *s, size_t n);

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
  _Atomic uint64_t bytes_passed; /* of inputs not read: done already, or no output */
  uint64_t total_bytes; /* of all inputs, while showing progress; 0: unknown */
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

#define UNIT_SKIP ((unit *)1)

/*** What each file offers ***/

/* batch_util.c */
double wn_cli_now(void); /* monotonic seconds */
char *wn_cli_strdup(const char *s); /* NULL-safe */
char *wn_cli_join(const char *a, const char *b); /* a/b */
int wn_cli_cmp_names(const void *a, const void *b); /* qsort over char * */
int wn_cli_mkdirs(char *path); /* every parent of path */

/* batch_ring.c: the main thread puts jobs; the threads it starts */
job *wn_ring_get(wn_batch *b, size_t bytes);
void wn_ring_put(wn_batch *b, job *j);
void wn_ring_event_w(wn_batch *b, const char *input, int outcome, int reason, const char *id,
                     int has_offset, uint64_t offset, const char *detail, int warn);
void wn_ring_event(wn_batch *b, const char *input, int outcome, int reason, const char *id,
                   int has_offset, uint64_t offset, const char *detail);
void wn_ring_marker(wn_batch *b, int kind, unit *u, const char *input);
void *wn_ring_worker(void *arg);
void *wn_ring_writer(void *arg);

/* batch_read.c (main thread) */
void wn_read_operand(wn_batch *b, const char *path);
int wn_read_list(wn_batch *b, const char *list, uint64_t *size);
uint64_t wn_read_total(wn_batch *b, char *const *ops, int nops, const char *list);

/* batch_output.c: units are begun and ended by the reader (main thread),
 * opened and closed by the writer */
unit *wn_unit_begin(wn_batch *b, const char *rel, const char *input, const struct stat *in);
void wn_unit_passed(wn_batch *b, const struct stat *st);
void wn_unit_end(wn_batch *b, unit *u);
void wn_unit_open(wn_batch *b, unit *u);
void wn_unit_close(wn_batch *b, unit *u);
z_stream *wn_gz_new(void);
void wn_gz_free(z_stream *z);
int wn_out_write(FILE *f, z_stream *z, const char *p, size_t n, int finish);
int64_t wn_summary_size(json_object *o, const char *key);

/* batch_report.c */
void wn_report_format(char *out, size_t n, uint64_t records, uint64_t done, uint64_t total,
                      double elapsed);
void wn_report_progress(wn_batch *b, int final);
void wn_report_summary(const wn_batch *b, double wall);

/* batch_summarize.c */
int wn_summarize_main(const char *const *dirs, int ndirs, const char *manifest, int missing_only,
                      int by_task);

#endif
