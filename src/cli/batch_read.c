/* winnow batch: reading the inputs, on the main thread, in order.
 *
 * An operand is a folder (walked sorted, lazily, without recursion; its
 * pages go to one output unit, each WARC or JSONL file to its own), a
 * WARC, a JSONL file, one page, or standard input; its kind comes from
 * its name, else from its first bytes.  Each record becomes a job in the
 * ring; what is known while reading (a request record, damage) becomes an
 * event.  Before the run, when a terminal shows progress, the same walk
 * adds up the bytes the inputs will be read from.
 *
 * Owns the kind sniffing and the output names a folder's files get.
 * Calls warc.h and jsonl.h to frame records, batch_ring.c to put jobs,
 * batch_output.c to begin and end units. */
#define _GNU_SOURCE /* realpath */
#include "batch_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "warc.h"

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

/* A page over --max-page-bytes, found while reading: skipped, and counted
 * as a page.  Takes id. */
static void too_large(wn_batch *b, const char *input, char *id, const char *detail) {
  job *j = wn_ring_get(b, 0);
  j->kind = JK_EVENT;
  j->input = wn_cli_strdup(input);
  j->id = id;
  j->outcome = OC_SKIPPED;
  j->reason = SK_TOO_LARGE;
  j->html = 1;
  j->detail = wn_cli_strdup(detail);
  wn_ring_put(b, j);
}

static void read_warc(wn_batch *b, const char *input, wn_src *src, unit *u) {
  wn_warc_opts wo = {0};
  wo.max_block = b->max_page + (64u << 10);
  wn_warc *w = wn_warc_new(src, &wo);
  if (!w) {
    wn_ring_event(b, input, OC_FAILED, FL_NOMEM, NULL, 0, 0, NULL);
    return;
  }
  uint64_t seen = 0;
  for (;;) {
    wn_warc_record r;
    int k = wn_warc_next(w, &r);
    add_bytes(b, &seen, src);
    if (k < 0) {
      wn_ring_event(b, input, OC_FAILED, FL_NOMEM, NULL, 0, 0, "reading the WARC");
      break;
    }
    if (k == WN_WARC_END) break;
    char d[96];
    if (k == WN_WARC_IOERR) {
      wn_ring_event(b, input, OC_FAILED, FL_READ, NULL, 1, r.offset, strerror(src->err));
      wn_warc_record_clear(&r);
      break;
    }
    if (k == WN_WARC_CORRUPT || k == WN_WARC_JUNK) {
      snprintf(d, sizeof d, "%llu %sbytes skipped", (unsigned long long)r.skipped,
               k == WN_WARC_CORRUPT ? "compressed " : "");
      wn_ring_event(b, input, OC_FAILED, k == WN_WARC_CORRUPT ? FL_CORRUPT_GZIP : FL_NOT_WARC, r.id, 1,
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
      wn_ring_event(b, input, OC_FAILED, FL_TRUNCATED, r.id, 1, r.offset, "the input ended inside the record");
    } else if (sk >= 0) {
      wn_ring_event_w(b, input, OC_SKIPPED, sk, r.id, 1, r.offset, sk == SK_OTHER_TYPE ? t : NULL,
                  !!(r.flags & WN_WARC_BAD_LENGTH));
    } else {
      job *j = wn_ring_get(b, r.block_len);
      j->kind = JK_PAGE;
      j->u = u;
      j->input = wn_cli_strdup(input);
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
      wn_ring_put(b, j);
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
    wn_ring_event(b, input, OC_FAILED, FL_NOMEM, NULL, 0, 0, NULL);
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
      if (k < 0) wn_ring_event(b, input, OC_FAILED, FL_NOMEM, NULL, 0, 0, NULL);
      break;
    }
    char id[64], d[96];
    snprintf(id, sizeof id, ":%llu", (unsigned long long)no);
    if (k == WN_LINE_IOERR) {
      wn_ring_event(b, input, OC_FAILED, FL_READ, NULL, 0, 0, strerror(src->err));
      break;
    }
    if (k == WN_LINE_CORRUPT) {
      snprintf(d, sizeof d, "%llu compressed bytes skipped",
               (unsigned long long)(src->bad_end - src->bad_off));
      wn_ring_event(b, input, OC_FAILED, FL_CORRUPT_GZIP, NULL, 1, src->bad_off, d);
      continue;
    }
    /* the default id: FILE:LINE */
    size_t il = strlen(input);
    char *fid = malloc(il + strlen(id) + 1);
    if (fid) memcpy(fid, input, il), strcpy(fid + il, id);
    if (k == WN_LINE_LONG) {
      snprintf(d, sizeof d, "line of %zu bytes", len);
      too_large(b, input, fid, d);
      continue;
    }
    size_t s = 0;
    while (s < len && (line[s] == ' ' || line[s] == '\t')) s++;
    if (s == len) {
      free(fid);
      continue; /* blank lines are no records */
    }
    job *j = wn_ring_get(b, len);
    j->kind = JK_PAGE;
    j->src = SRC_JSONL;
    j->u = u;
    j->input = wn_cli_strdup(input);
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
    wn_ring_put(b, j);
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
    wn_ring_event(b, input, OC_FAILED, FL_NOMEM, input, 0, 0, NULL);
    return;
  }
  if (fail >= 0 && fail != FL_TRUNCATED) {
    wn_ring_event(b, input, OC_FAILED, fail, input, 0, 0, detail);
    free(buf);
    return;
  }
  if (n > b->max_page) {
    char d[64];
    snprintf(d, sizeof d, "over %zu bytes", b->max_page);
    too_large(b, input, wn_cli_strdup(input), d);
    free(buf);
    return;
  }
  job *j = wn_ring_get(b, n);
  j->kind = JK_PAGE;
  j->src = SRC_RAW;
  j->u = u;
  j->input = wn_cli_strdup(input);
  j->id = wn_cli_strdup(input);
  j->media = wn_cli_strdup("text/html");
  j->data = buf;
  j->len = n;
  if (fail == FL_TRUNCATED) j->wflags = WN_WARC_TRUNCATED;
  wn_ring_put(b, j);
}

/* Reads one input file of kind k (K_UNKNOWN: sniffed) into u. */
static void read_file(wn_batch *b, const char *path, int k, unit *u) {
  int fd = strcmp(path, "-") ? open(path, O_RDONLY) : 0;
  const char *input = strcmp(path, "-") ? path : "(stdin)";
  b->cur = u;
  if (fd < 0) {
    wn_ring_event(b, input, OC_FAILED, FL_READ, NULL, 0, 0, strerror(errno));
    wn_ring_marker(b, JK_INPUT_END, u, input);
    b->cur = NULL;
    return;
  }
  wn_src src;
  if (wn_src_open(&src, fd, NULL, 0)) {
    wn_ring_event(b, input, OC_FAILED, FL_NOMEM, NULL, 0, 0, NULL);
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
  wn_ring_marker(b, JK_INPUT_END, u, input);
  b->cur = NULL;
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
      char *d = wn_cli_strdup(r + 1);
      free(real);
      return d;
    }
    free(real);
    return wn_cli_strdup("root");
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
    if (!(f->names[f->n] = wn_cli_strdup(e->d_name))) break;
    f->n++;
  }
  closedir(d);
  if (!f->names) return -1;
  qsort(f->names, f->n, sizeof *f->names, wn_cli_cmp_names);
  return 0;
}

static void frame_free(dframe *f) {
  for (size_t i = 0; i < f->n; i++) free(f->names[i]);
  free(f->names);
  free(f->path);
  free(f->rel);
}

/* Reads the folder root into units; with size set, reads nothing and adds
 * the bytes of the files it would read to *size (the progress line's
 * total), quietly passing over what it cannot list. */
static void walk(wn_batch *b, const char *root, uint64_t *size) {
  char *top = stem(root);
  unit *pages = NULL; /* the folder's own unit, opened at its first page */
  int pages_open = 0;
  size_t depth = 0, cap = 8;
  dframe *st = malloc(cap * sizeof *st);
  if (!st || !top) {
    free(st), free(top);
    if (!size) wn_ring_event(b, root, OC_FAILED, FL_NOMEM, NULL, 0, 0, NULL);
    return;
  }
  memset(&st[0], 0, sizeof *st);
  st[0].path = wn_cli_strdup(root);
  st[0].rel = wn_cli_strdup("");
  if (list_dir(root, &st[0])) {
    if (!size) {
      wn_ring_event(b, root, OC_FAILED, FL_READ, NULL, 0, 0, strerror(errno));
      wn_ring_marker(b, JK_INPUT_END, NULL, root);
    }
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
    char *full = wn_cli_join(f->path, name);
    if (!full) continue;
    struct stat ls, fs;
    if (lstat(full, &ls)) {
      if (!size) wn_ring_event(b, full, OC_FAILED, FL_READ, NULL, 0, 0, strerror(errno));
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
      c->rel = wn_cli_join(f->rel, name);
      if (list_dir(full, c)) {
        if (!size) wn_ring_event(b, full, OC_FAILED, FL_READ, NULL, 0, 0, strerror(errno));
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
    if (size) {
      if (k != K_UNKNOWN) *size += (uint64_t)fs.st_size;
    } else if (k == K_HTML) {
      if (!pages_open) {
        pages_open = 1;
        pages = wn_unit_begin(b, top, root, &fs);
      } else if (pages == UNIT_SKIP) {
        wn_unit_passed(b, &fs);
      }
      if (pages != UNIT_SKIP) read_file(b, full, K_HTML, pages);
    } else if (k == K_WARC || k == K_JSONL) {
      char *rel = wn_cli_join(f->rel, name);
      char *r2 = rel ? wn_cli_join(top, rel) : NULL;
      if (r2) r2[strlen(r2) - suf] = 0;
      if (r2) {
        unit *u = wn_unit_begin(b, r2, full, &fs);
        if (u != UNIT_SKIP) {
          read_file(b, full, k, u);
          wn_unit_end(b, u);
        }
      }
      free(rel);
      free(r2);
    }
    free(full);
  }
  if (!size) wn_unit_end(b, pages);
  free(st);
  free(top);
}

void wn_read_operand(wn_batch *b, const char *path) {
  struct stat st;
  if (strcmp(path, "-") && stat(path, &st)) {
    wn_ring_event(b, path, OC_FAILED, FL_READ, NULL, 0, 0, strerror(errno));
    wn_ring_marker(b, JK_INPUT_END, NULL, path);
    return;
  }
  if (strcmp(path, "-") && S_ISDIR(st.st_mode)) {
    walk(b, path, NULL);
    return;
  }
  char *name = strcmp(path, "-") ? stem(path) : wn_cli_strdup("stdin");
  const struct stat *in = strcmp(path, "-") ? &st : NULL;
  unit *u = name ? wn_unit_begin(b, name, strcmp(path, "-") ? path : "(stdin)", in) : UNIT_SKIP;
  free(name);
  if (u == UNIT_SKIP) return;
  read_file(b, path, kind_by_name(path, NULL), u);
  wn_unit_end(b, u);
}

/* The bytes path will be read from: a file's size, or the files a folder
 * holds.  Returns -1 for standard input, which has no size. */
static int size_of(wn_batch *b, const char *path, uint64_t *size) {
  struct stat st;
  if (!strcmp(path, "-")) return -1;
  if (stat(path, &st)) return 0; /* reading it fails: no bytes */
  if (S_ISREG(st.st_mode)) *size += (uint64_t)st.st_size;
  else if (S_ISDIR(st.st_mode)) walk(b, path, size);
  return 0;
}

/* --files-from: one operand a line, read; or, with size set, only their
 * sizes added up (-1 when one is standard input, or the list is). */
int wn_read_list(wn_batch *b, const char *list, uint64_t *size) {
  if (size && !strcmp(list, "-")) return -1; /* it can be read only once */
  FILE *f = strcmp(list, "-") ? fopen(list, "r") : stdin;
  if (!f) {
    if (!size) fprintf(stderr, "winnow batch: %s: %s\n", list, strerror(errno));
    return -1;
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  int rc = 0;
  while ((n = getline(&line, &cap, f)) > 0) {
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
    if (n && size && size_of(b, line, size)) rc = -1;
    else if (n && !size) wn_read_operand(b, line);
  }
  free(line);
  if (f != stdin) fclose(f);
  return rc;
}

/* The bytes all the inputs will be read from, for the progress line; 0
 * when that cannot be known (standard input among them). */
uint64_t wn_read_total(wn_batch *b, char *const *ops, int nops, const char *list) {
  uint64_t size = 0;
  for (int i = 0; i < nops; i++)
    if (size_of(b, ops[i], &size)) return 0;
  if (list && wn_read_list(b, list, &size)) return 0;
  return size;
}
