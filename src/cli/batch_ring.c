/* winnow batch: the ring of slots and the threads around it.
 *
 * The main thread (batch_read.c) puts each record into the next slot,
 * waiting while the ring is full or too many payload bytes are in
 * flight; N workers take READY slots in any order, undo HTTP framing,
 * sniff, extract and render each into its output line; one writer
 * thread takes the slots strictly in order and writes the output, the
 * error log and the counts.  So the output is in input order whatever
 * the thread count, and memory does not grow with the archive.
 *
 * Owns the ring's locking and the job life cycle.  Calls the library
 * (winnow.h), warc.h and jsonl.h for payloads, batch_output.c to write
 * and to open and close units, batch_report.c for the progress line. */
#define _GNU_SOURCE
#include "batch_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "warc.h"

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
job *wn_ring_get(wn_batch *b, size_t bytes) {
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

void wn_ring_put(wn_batch *b, job *j) {
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
void wn_ring_event_w(wn_batch *b, const char *input, int outcome, int reason, const char *id,
                        int has_offset, uint64_t offset, const char *detail, int warn) {
  job *j = wn_ring_get(b, 0);
  j->warn_bad_length = warn;
  j->kind = JK_EVENT;
  j->input = wn_cli_strdup(input);
  j->id = wn_cli_strdup(id);
  j->has_offset = has_offset;
  j->offset = offset;
  j->outcome = outcome;
  j->reason = reason;
  j->detail = wn_cli_strdup(detail);
  wn_ring_put(b, j);
}

void wn_ring_event(wn_batch *b, const char *input, int outcome, int reason, const char *id,
                      int has_offset, uint64_t offset, const char *detail) {
  wn_ring_event_w(b, input, outcome, reason, id, has_offset, offset, detail, 0);
}

void wn_ring_marker(wn_batch *b, int kind, unit *u, const char *input) {
  job *j = wn_ring_get(b, 0);
  j->kind = kind;
  j->u = u;
  j->input = wn_cli_strdup(input);
  wn_ring_put(b, j);
}

/*** Worker: one page ***/

typedef struct sink {
  jbuf *b;
} sink;

static int sink_write(const char *data, size_t len, void *ud) {
  jbuf *b = ud;
  wn_jb_put(b, data, len);
  return b->oom;
}

static void set_outcome(job *j, int outcome, int reason, const char *detail) {
  j->outcome = outcome;
  j->reason = reason;
  free(j->detail);
  j->detail = wn_cli_strdup(detail);
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
          !wn_jb_clean(lib.d, lib.len);
  }
  wn_jb_puts(&out, "{\"id\":");
  wn_jb_strz(&out, j->id);
  wn_jb_puts(&out, ",\"crawl_date\":");
  wn_jb_strz(&out, j->date);
  if (!own) {
    size_t k = 1;
    while (k < lib.len && lib.d[k] == ' ') k++;
    if (lib.d[k] != '}') wn_jb_put(&out, ",", 1);
    wn_jb_put(&out, lib.d + k, lib.len - k);
  } else {
    jbuf body = {0};
    st = winnow_render(doc, md ? WINNOW_FORMAT_MARKDOWN : WINNOW_FORMAT_TEXT, sink_write, &body);
    if (st == WINNOW_E_WRITE && body.oom) st = WINNOW_E_NOMEM;
    while (body.len && body.d[body.len - 1] == '\n') body.len--;
    wn_jb_key(&out, "url", 0);
    wn_jb_strz(&out, j->url);
    wn_jb_key(&out, "title", 0);
    wn_jb_strz(&out, winnow_doc_title(doc));
    wn_jb_key(&out, md ? "markdown" : "text", 0);
    wn_jb_str(&out, body.d ? body.d : "", body.len);
    wn_jb_puts(&out, "}");
    free(body.d);
  }
  free(lib.d);
  wn_jb_put(&out, "\n", 1);
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
  if (o.charset) o.flags |= WINNOW_OPT_CHARSET_HINT; /* the HTTP header's label */
  winnow_doc *doc = NULL;
  double t = wn_cli_now();
  winnow_status st = winnow_extract((const char *)html, len, &o, &doc);
  if (!st) st = render_line(b, j, doc);
  j->secs = wn_cli_now() - t;
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

/* A record over the page budget: only its head was kept, enough to say
 * whether it was a page (counted as one) or something else. */
static void oversize(job *j, const char *media, const unsigned char *body, size_t blen) {
  if (wn_sniff_html(media, body, blen)) {
    j->html = 1;
    set_outcome(j, OC_SKIPPED, SK_TOO_LARGE, "record over the page budget");
  } else {
    set_outcome(j, OC_SKIPPED, SK_NON_HTML, *media ? media : "unknown type");
  }
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
    oversize(j, media, body, blen);
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
    oversize(j, media, j->data, j->len);
    return;
  }
  payload(b, j, media, j->data, j->len, cs);
}

void *wn_ring_worker(void *arg) {
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

/*** Writer: output, error log, counts ***/

static void err_line(wn_batch *b, const job *j, const char *status, const char *reason) {
  FILE *ue = j->u && j->u->efp && !j->u->bad ? j->u->efp : NULL;
  if (b->errs || ue) {
    jbuf l = {0};
    wn_jb_puts(&l, "{\"input\":");
    wn_jb_strz(&l, j->input);
    wn_jb_puts(&l, ",\"id\":");
    wn_jb_strz(&l, j->id);
    wn_jb_puts(&l, ",\"offset\":");
    if (j->has_offset) {
      char n[32];
      snprintf(n, sizeof n, "%llu", (unsigned long long)j->offset);
      wn_jb_puts(&l, n);
    } else {
      wn_jb_puts(&l, "null");
    }
    wn_jb_puts(&l, ",\"status\":");
    wn_jb_strz(&l, status);
    wn_jb_puts(&l, ",\"reason\":");
    wn_jb_strz(&l, reason);
    wn_jb_puts(&l, ",\"detail\":");
    wn_jb_strz(&l, j->detail);
    wn_jb_puts(&l, "}\n");
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

static void count_job(counts *c, const job *j) {
  c->records++;
  if (j->html) c->html++;
  c->html_bytes += j->html_bytes;
  if (j->secs > c->slowest) {
    c->slowest = j->secs;
    free(c->slowest_id);
    c->slowest_id = wn_cli_strdup(j->id);
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
  case JK_UNIT_OPEN: wn_unit_open(b, j->u); return;
  case JK_UNIT_CLOSE: wn_unit_close(b, j->u); return;
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
      if (j->u->fp && !j->u->bad && wn_out_write(j->u->fp, j->u->z, j->line, j->line_len, 0)) j->u->bad = 1;
    } else if (!b->out_failed && wn_out_write(b->out, b->outz, j->line, j->line_len, 0)) {
      b->out_failed = 1;
      fprintf(stderr, "winnow batch: %s: %s\n", b->output ? b->output : "(stdout)", strerror(errno));
    }
    break;
  case OC_SKIPPED:
    err_line(b, j, "skipped", wn_skip_names[j->reason]);
    break;
  default:
    err_line(b, j, "failed", wn_fail_names[j->reason]);
    /* worth a rerun: the input or the machine, not the data, was at fault */
    if (j->u && !j->u->transient &&
        (j->reason == FL_READ || j->reason == FL_NOMEM || j->reason == FL_OUTPUT))
      j->u->transient = j->reason + 1;
    break;
  }
}

void *wn_ring_writer(void *arg) {
  wn_batch *b = arg;
  pthread_mutex_lock(&b->mu);
  for (;;) {
    if (b->tail < b->head && b->slots[b->tail % b->cap].state == ST_DONE) {
      job *j = &b->slots[b->tail % b->cap];
      pthread_mutex_unlock(&b->mu);
      write_job(b, j);
      job_clear(j);
      if (b->progress) wn_report_progress(b, 0);
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
      wn_report_progress(b, 0);
      pthread_mutex_lock(&b->mu);
    } else {
      pthread_cond_wait(&b->can_write, &b->mu);
    }
  }
  pthread_mutex_unlock(&b->mu);
  return NULL;
}
