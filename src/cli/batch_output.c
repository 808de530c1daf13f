/* winnow batch: output units (--output-dir) and gzip output.
 *
 * A unit is one input's NAME.jsonl[.gz], NAME.errors.jsonl and
 * NAME.summary.json.  The reader begins it (its names; whether it is done
 * already, for --skip-existing and --check-done); the writer opens it,
 * writes it under hidden .part names and closes it: flush, fsync, rename
 * the JSONL and the log into place, then write and rename the summary
 * that vouches for both, so a killed run never leaves a summary behind.
 *
 * Owns the unit's files.  Calls batch_ring.c to put the open and close
 * markers and events, json-c to read an old summary. */
#define _GNU_SOURCE
#include "batch_int.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "winnow_version.h"

/*** gzip output (--compress) ***/

z_stream *wn_gz_new(void) {
  z_stream *z = calloc(1, sizeof *z);
  /* 15 + 16: a gzip wrapper, with no name and no time in its header, so
   * the same input gives the same bytes */
  if (z && deflateInit2(z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    free(z);
    z = NULL;
  }
  return z;
}

void wn_gz_free(z_stream *z) {
  if (!z) return;
  deflateEnd(z);
  free(z);
}

/* n bytes to f, through z when set; finish ends the gzip stream.
 * Returns 0, or -1 when writing failed. */
int wn_out_write(FILE *f, z_stream *z, const char *p, size_t n, int finish) {
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
  wn_gz_free(u->z);
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

void wn_unit_open(wn_batch *b, unit *u) {
  /* this input is being redone: a summary left from before must not
   * vouch for the files about to be replaced */
  if (unlink(u->sfinal) && errno != ENOENT) {
    u->bad = 1;
    b->out_failed = 1;
    fprintf(stderr, "winnow batch: %s: %s\n", u->sfinal, strerror(errno));
    return;
  }
  const char *what = u->tmp;
  int ok = !wn_cli_mkdirs(u->tmp) && (u->fp = fopen(u->tmp, "wb"));
  if (ok && !(u->efp = fopen(u->etmp, "wb"))) ok = 0, what = u->etmp;
  if (ok && b->compress && !(u->z = wn_gz_new())) ok = 0, errno = ENOMEM;
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
  wn_jb_puts(b, n);
}

static void jb_num(jbuf *b, const char *fmt, double v) {
  char n[64];
  snprintf(n, sizeof n, fmt, v);
  wn_jb_puts(b, n);
}

/* {"name": n, ...} of the non-zero counts. */
static void jb_reasons(jbuf *l, const char *const *names, const uint64_t *n, int count) {
  int first = 1;
  wn_jb_puts(l, "{");
  for (int i = 0; i < count; i++)
    if (n[i]) {
      wn_jb_key(l, names[i], first);
      jb_u64(l, n[i]);
      first = 0;
    }
  wn_jb_puts(l, "}");
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
  wn_jb_puts(&l, "{");
  wn_jb_key(&l, "input", 1), wn_jb_strz(&l, u->input);
  wn_jb_key(&l, "output", 0), wn_jb_strz(&l, base_name(u->final));
  wn_jb_key(&l, "output_bytes", 0), jb_u64(&l, out_bytes);
  wn_jb_key(&l, "errors", 0), wn_jb_strz(&l, base_name(u->efinal));
  wn_jb_key(&l, "errors_bytes", 0), jb_u64(&l, err_bytes);
  wn_jb_key(&l, "inputs", 0), jb_u64(&l, c->inputs);
  wn_jb_key(&l, "records", 0), jb_u64(&l, c->records);
  wn_jb_key(&l, "html_pages", 0), jb_u64(&l, c->html);
  wn_jb_key(&l, "extracted", 0), jb_u64(&l, c->extracted);
  wn_jb_key(&l, "empty", 0), jb_u64(&l, c->empty);
  wn_jb_key(&l, "skipped", 0), jb_u64(&l, sk);
  wn_jb_key(&l, "skipped_by", 0), jb_reasons(&l, wn_skip_names, c->skipped, SK_COUNT);
  wn_jb_key(&l, "failed", 0), jb_u64(&l, fl);
  wn_jb_key(&l, "failed_by", 0), jb_reasons(&l, wn_fail_names, c->failed, FL_COUNT);
  static const char *const repaired_names[1] = {"bad_length"};
  wn_jb_key(&l, "repaired", 0), jb_u64(&l, c->bad_length);
  wn_jb_key(&l, "repaired_by", 0), jb_reasons(&l, repaired_names, &c->bad_length, 1);
  wn_jb_key(&l, "bytes_in", 0), jb_u64(&l, u->bytes_in);
  wn_jb_key(&l, "html_bytes", 0), jb_u64(&l, c->html_bytes);
  wn_jb_key(&l, "wall_s", 0), jb_num(&l, "%.3f", wall);
  wn_jb_key(&l, "mb_per_s", 0), jb_num(&l, "%.2f", wall > 0 ? (double)u->bytes_in / 1e6 / wall : 0);
  wn_jb_key(&l, "html_mb_per_s", 0), jb_num(&l, "%.2f", wall > 0 ? (double)c->html_bytes / 1e6 / wall : 0);
  wn_jb_key(&l, "slowest_page_s", 0), jb_num(&l, "%.3f", c->slowest);
  wn_jb_key(&l, "slowest_page", 0), wn_jb_strz(&l, c->slowest_id);
  wn_jb_key(&l, "threads", 0), jb_u64(&l, (uint64_t)b->threads);
  wn_jb_key(&l, "task", 0), wn_jb_strz(&l, b->task);
  wn_jb_key(&l, "host", 0), wn_jb_strz(&l, b->host[0] ? b->host : NULL);
  wn_jb_key(&l, "finished", 0), wn_jb_strz(&l, when[0] ? when : NULL);
  wn_jb_key(&l, "winnow", 0), wn_jb_strz(&l, WINNOW_VERSION_STRING);
  wn_jb_puts(&l, "}\n");
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
  char *d = s ? strndup(path, (size_t)(s - path) + (s == path)) : wn_cli_strdup(".");
  int fd = d ? open(d, O_RDONLY | O_DIRECTORY) : -1;
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
  free(d);
}

void wn_unit_close(wn_batch *b, unit *u) {
  double wall = wn_cli_now() - u->t0;
  const char *failed_file = u->final;
  int opened = u->fp && u->efp, bad = u->bad, e = EIO;
  uint64_t out_bytes = 0, err_bytes = 0;
  if (u->fp) {
    if (!bad && u->z && wn_out_write(u->fp, u->z, "", 0, 1)) bad = 1, e = errno;
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
            wn_fail_names[u->transient - 1]);
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
  if ((b->names[k] = wn_cli_strdup(name))) b->nnames++;
  return 0;
}

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
int64_t wn_summary_size(json_object *o, const char *key) {
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
           S_ISREG(st.st_mode) && wn_summary_size(o, "output_bytes") == (int64_t)st.st_size &&
           !stat(efinal, &est) && S_ISREG(est.st_mode) &&
           wn_summary_size(o, "errors_bytes") == (int64_t)est.st_size;
  json_object_put(o);
  return ok;
}

/* An input not read (done already, or its output cannot be written):
 * its bytes count as done on the progress line. */
void wn_unit_passed(wn_batch *b, const struct stat *st) {
  if (st && S_ISREG(st->st_mode)) atomic_fetch_add(&b->bytes_passed, (uint64_t)st->st_size);
}

/* The unit for output name rel ("crawl/a" -> DIR/crawl/a.jsonl), NULL
 * without --output-dir, UNIT_SKIP when it is not to be written; then the
 * bytes of in (the input's stat, a folder's first page's, or NULL) are
 * passed, before the writer hears of it. */
unit *wn_unit_begin(wn_batch *b, const char *rel, const char *input, const struct stat *in) {
  if (!b->outdir) return NULL;
  unit *u = calloc(1, sizeof *u);
  if (!u || unit_names(b, rel, b->compress ? ".jsonl.gz" : ".jsonl", &u->final, &u->tmp) ||
      unit_names(b, rel, ".errors.jsonl", &u->efinal, &u->etmp) ||
      unit_names(b, rel, ".summary.json", &u->sfinal, &u->stmp) || !(u->input = wn_cli_strdup(input))) {
    if (u) unit_free(u);
    wn_unit_passed(b, in);
    wn_ring_event(b, input, OC_FAILED, FL_NOMEM, NULL, 0, 0, NULL);
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
    wn_unit_passed(b, in);
    wn_ring_event(b, input, OC_FAILED, FL_OUTPUT, NULL, 0, 0, why);
    unit_free(u);
    return UNIT_SKIP;
  }
  if ((b->skip_existing || b->check_done) && summary_vouches(u->sfinal, u->final, u->efinal)) {
    /* counted by the writer so the summary stays in one thread */
    wn_unit_passed(b, in);
    job *j = wn_ring_get(b, 0);
    j->kind = JK_EVENT;
    j->u = NULL;
    j->input = wn_cli_strdup(input);
    j->outcome = OC_NONE;
    j->html = -1; /* marks "existing" for the writer */
    wn_ring_put(b, j);
    unit_free(u);
    return UNIT_SKIP;
  }
  if (b->check_done) {
    printf("%s\n", input);
    b->undone++;
    unit_free(u);
    return UNIT_SKIP;
  }
  u->t0 = wn_cli_now();
  wn_ring_marker(b, JK_UNIT_OPEN, u, input);
  return u;
}

void wn_unit_end(wn_batch *b, unit *u) {
  if (u && u != UNIT_SKIP) wn_ring_marker(b, JK_UNIT_CLOSE, u, NULL);
}
