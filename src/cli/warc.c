/* Streaming WARC reader: byte source (plain or gzip members), records,
 * HTTP payloads.  See warc.h for what is tolerated and how. */
#include "warc.h"

#include <brotli/decode.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*** Byte source ***/

int wn_src_open(wn_src *s, int fd, const void *mem, size_t len) {
  memset(s, 0, sizeof *s);
  s->fd = fd;
  if (fd < 0) {
    /* memory: the whole input is the window, already at its end */
    s->mem = mem;
    s->mem_len = len;
    s->in = (unsigned char *)(uintptr_t)mem;
    s->in_len = len;
    s->in_eof = 1;
    s->seekable = 1;
    s->consumed = len;
    return 0;
  }
  struct stat st;
  s->seekable = !fstat(fd, &st) && S_ISREG(st.st_mode) && lseek(fd, 0, SEEK_CUR) == 0;
  s->in = malloc(WN_SRC_INBUF);
  return s->in ? 0 : -1;
}

void wn_src_close(wn_src *s) {
  if (s->z_ready) inflateEnd(&s->z);
  free(s->peek);
  if (s->fd >= 0) free(s->in);
  memset(s, 0, sizeof *s);
  s->fd = -1;
}

/* Reads more compressed input behind what is left.  Returns bytes added,
 * 0 at end of input, -1 on error. */
static long in_more(wn_src *s) {
  if (s->in_eof) return 0;
  if (s->in_pos) {
    memmove(s->in, s->in + s->in_pos, s->in_len - s->in_pos);
    s->in_off += s->in_pos;
    s->in_len -= s->in_pos;
    s->in_pos = 0;
  }
  if (s->in_len == WN_SRC_INBUF) return 0; /* callers consume before asking */
  ssize_t n;
  do n = read(s->fd, s->in + s->in_len, WN_SRC_INBUF - s->in_len);
  while (n < 0 && errno == EINTR);
  if (n < 0) {
    s->err = errno;
    return -1;
  }
  if (n == 0) s->in_eof = 1;
  s->in_len += (size_t)n;
  if (s->in_off + s->in_len > s->consumed) s->consumed = s->in_off + s->in_len;
  return (long)n;
}

static void in_seek(wn_src *s, uint64_t off) {
  if (s->fd < 0) {
    s->in_pos = off < s->mem_len ? (size_t)off : s->mem_len;
    return;
  }
  if (lseek(s->fd, (off_t)off, SEEK_SET) == (off_t)-1) return; /* scan on from here */
  s->in_off = off;
  s->in_pos = s->in_len = 0;
  s->in_eof = 0;
}

/* A gzip member starts at p: magic, deflate, no reserved flag bits. */
static int is_magic(const unsigned char *p) {
  return p[0] == 0x1f && p[1] == 0x8b && p[2] == 8 && !(p[3] & 0xe0);
}

/* Moves in_pos to the next gzip magic, or to the end of input.  Returns
 * 1 found, 0 end, -1 I/O error. */
static int find_magic(wn_src *s) {
  for (;;) {
    while (s->in_len - s->in_pos >= 4) {
      unsigned char *p = memchr(s->in + s->in_pos, 0x1f, s->in_len - s->in_pos - 3);
      if (!p) {
        s->in_pos = s->in_len - 3;
        break;
      }
      s->in_pos = (size_t)(p - s->in);
      if (is_magic(p)) return 1;
      s->in_pos++;
    }
    long n = in_more(s);
    if (n < 0) return -1;
    if (n == 0) {
      s->in_pos = s->in_len;
      return 0;
    }
  }
}

uint64_t wn_src_offset(const wn_src *s) {
  return s->gz && s->in_member ? s->member_off : s->in_off + s->in_pos;
}

static size_t src_fail(wn_src *s, wn_src_ev *ev, wn_src_ev what) {
  s->done = 1;
  *ev = what;
  return 0;
}

static size_t src_read(wn_src *s, void *out, size_t cap, wn_src_ev *ev);
static size_t src_corrupt(wn_src *s, wn_src_ev *ev);

int wn_src_peek(wn_src *s, const unsigned char **p, size_t *n) {
  const size_t cap = 64u << 10;
  if (!s->peek) {
    if (!(s->peek = malloc(cap))) return -1;
    wn_src_ev ev = WN_SRC_DATA;
    while (s->peek_len < cap) {
      size_t got = src_read(s, s->peek + s->peek_len, cap - s->peek_len, &ev);
      if (!got) break;
      s->peek_len += got;
      if (s->pending_boundary) break; /* a member ended: enough to tell */
    }
    s->peek_ev = s->peek_len < cap ? (int)ev : WN_SRC_DATA;
  }
  *p = s->peek;
  *n = s->peek_len;
  return 0;
}

size_t wn_src_read(wn_src *s, void *out, size_t cap, wn_src_ev *ev) {
  if (s->peek && s->peek_pos < s->peek_len) {
    size_t n = s->peek_len - s->peek_pos < cap ? s->peek_len - s->peek_pos : cap;
    memcpy(out, s->peek + s->peek_pos, n);
    s->peek_pos += n;
    *ev = WN_SRC_DATA;
    return n;
  }
  if (s->peek_ev != WN_SRC_DATA) {
    *ev = (wn_src_ev)s->peek_ev;
    s->peek_ev = WN_SRC_DATA;
    return 0;
  }
  return src_read(s, out, cap, ev);
}

static size_t src_read(wn_src *s, void *out, size_t cap, wn_src_ev *ev) {
  *ev = WN_SRC_DATA;
  if (s->done) {
    *ev = s->err ? WN_SRC_IOERR : WN_SRC_EOF;
    return 0;
  }
  if (!s->started) {
    while (s->in_len - s->in_pos < 2) {
      long n = in_more(s);
      if (n < 0) return src_fail(s, ev, WN_SRC_IOERR);
      if (n == 0) break;
    }
    s->gz = s->in_len - s->in_pos >= 2 && s->in[s->in_pos] == 0x1f && s->in[s->in_pos + 1] == 0x8b;
    s->started = 1;
  }
  if (!s->gz) {
    if (s->in_pos == s->in_len) {
      long n = in_more(s);
      if (n < 0) return src_fail(s, ev, WN_SRC_IOERR);
      if (n == 0) return src_fail(s, ev, WN_SRC_EOF);
    }
    size_t n = s->in_len - s->in_pos < cap ? s->in_len - s->in_pos : cap;
    memcpy(out, s->in + s->in_pos, n);
    s->in_pos += n;
    return n;
  }
  if (s->pending_boundary) {
    s->pending_boundary = 0;
    *ev = WN_SRC_BOUNDARY;
    return 0;
  }
  if (s->pending_corrupt) return src_corrupt(s, ev);
  for (;;) {
    if (!s->in_member) {
      while (s->in_len - s->in_pos < 4) {
        long n = in_more(s);
        if (n < 0) return src_fail(s, ev, WN_SRC_IOERR);
        if (n == 0) break;
      }
      if (s->in_pos == s->in_len) return src_fail(s, ev, WN_SRC_EOF);
      if (s->in_len - s->in_pos < 4 || !is_magic(s->in + s->in_pos)) {
        /* bytes between members that start none: skip them as damage */
        s->bad_off = s->in_off + s->in_pos;
        int f = find_magic(s);
        if (f < 0) return src_fail(s, ev, WN_SRC_IOERR);
        s->bad_end = s->in_off + s->in_pos;
        *ev = WN_SRC_CORRUPT;
        return 0;
      }
      if (!s->z_ready) {
        memset(&s->z, 0, sizeof s->z);
        if (inflateInit2(&s->z, 15 + 16) != Z_OK) return src_fail(s, ev, WN_SRC_IOERR);
        s->z_ready = 1;
      } else {
        inflateReset(&s->z);
      }
      s->member_off = s->in_off + s->in_pos;
      s->in_member = 1;
    }
    s->z.next_in = s->in + s->in_pos;
    s->z.avail_in = (uInt)(s->in_len - s->in_pos);
    s->z.next_out = out;
    s->z.avail_out = (uInt)(cap > (1u << 30) ? (1u << 30) : cap);
    uInt before = s->z.avail_out;
    int r = inflate(&s->z, Z_NO_FLUSH);
    s->in_pos = s->in_len - s->z.avail_in;
    size_t produced = before - s->z.avail_out;
    if (r == Z_STREAM_END) {
      s->in_member = 0;
      if (produced) {
        s->pending_boundary = 1;
        return produced;
      }
      *ev = WN_SRC_BOUNDARY;
      return 0;
    }
    if (r == Z_OK || r == Z_BUF_ERROR) {
      if (produced) return produced;
      long n = in_more(s);
      if (n < 0) return src_fail(s, ev, WN_SRC_IOERR);
      if (n == 0) {
        s->in_member = 0;
        return src_fail(s, ev, WN_SRC_TRUNCATED);
      }
      continue;
    }
    /* Corrupt.  What came before the error goes out first (the reader
     * names the record from its header, then drops it). */
    if (produced) {
      s->pending_corrupt = 1;
      return produced;
    }
    return src_corrupt(s, ev);
  }
}

/* A damaged member may have made inflate read into the next one, so scan
 * again from just after its magic when we can seek. */
static size_t src_corrupt(wn_src *s, wn_src_ev *ev) {
  s->pending_corrupt = 0;
  s->in_member = 0;
  s->bad_off = s->member_off;
  if (s->seekable) in_seek(s, s->member_off + 1);
  int f = find_magic(s);
  if (f < 0) return src_fail(s, ev, WN_SRC_IOERR);
  s->bad_end = s->in_off + s->in_pos;
  *ev = WN_SRC_CORRUPT;
  return 0;
}

/*** WARC records ***/

#define HEADER_MAX (64u << 10)
#define CHUNK (64u << 10)

struct wn_warc {
  wn_src *src;
  wn_warc_opts o;
  unsigned char *buf;
  size_t cap, pos, len; /* unread data is buf[pos..len) */
  long long mstart;     /* index of the current member's first byte (< 0: before buf) */
  uint64_t moff, pmoff; /* file offsets of the current and the previous member */
  uint64_t base;        /* plain input: file offset of buf[0] */
  int bound;            /* buf ends where a member ended: cross() to read on */
  int eof, trunc, ioerr;
  /* a corrupt stretch not yet reported (adjacent ones merge) */
  int c_pending;
  uint64_t c_off, c_end;
  char *c_id;
  wn_warc_record stash; /* found while an event had to go first */
  int have_stash;
  int oom;
};

wn_warc *wn_warc_new(wn_src *src, const wn_warc_opts *opts) {
  wn_warc *w = calloc(1, sizeof *w);
  if (!w) return NULL;
  w->src = src;
  w->o.max_block = (8u << 20) + (64u << 10);
  w->o.head = 64u << 10;
  w->o.keep = WN_WARC_KEEP_RESPONSE | WN_WARC_KEEP_RESOURCE;
  if (opts) {
    if (opts->max_block) w->o.max_block = opts->max_block;
    if (opts->head) w->o.head = opts->head;
    if (opts->keep) w->o.keep = opts->keep;
  }
  if (w->o.head > w->o.max_block) w->o.head = w->o.max_block;
  w->cap = 4 * CHUNK;
  w->buf = malloc(w->cap);
  if (!w->buf) {
    free(w);
    return NULL;
  }
  return w;
}

void wn_warc_record_clear(wn_warc_record *r) {
  free(r->id);
  free(r->uri);
  free(r->date);
  free(r->content_type);
  free(r->block);
  memset(r, 0, sizeof *r);
}

void wn_warc_free(wn_warc *w) {
  if (!w) return;
  if (w->have_stash) wn_warc_record_clear(&w->stash);
  free(w->c_id);
  free(w->buf);
  free(w);
}

static void note_corrupt(wn_warc *w) {
  const wn_src *s = w->src;
  if (w->c_pending && s->bad_off <= w->c_end) {
    if (s->bad_end > w->c_end) w->c_end = s->bad_end;
    return;
  }
  /* a second stretch before the first was reported: widen the first (rare:
   * it needs two damaged members with no record read between them) */
  if (w->c_pending) {
    if (s->bad_end > w->c_end) w->c_end = s->bad_end;
    return;
  }
  w->c_pending = 1;
  w->c_off = s->bad_off;
  w->c_end = s->bad_end;
}

/* Makes room for at least CHUNK more bytes; never drops buf[pos..len). */
static int make_room(wn_warc *w) {
  if (w->cap - w->len >= CHUNK) return 0;
  if (w->pos) {
    memmove(w->buf, w->buf + w->pos, w->len - w->pos);
    w->mstart -= (long long)w->pos;
    w->base += w->pos;
    w->len -= w->pos;
    w->pos = 0;
  }
  if (w->cap - w->len >= CHUNK) return 0;
  size_t ncap = w->cap * 2;
  unsigned char *nb = realloc(w->buf, ncap);
  if (!nb) return -1;
  w->buf = nb;
  w->cap = ncap;
  return 0;
}

/* Reads until buf[pos..len) holds want bytes.  Returns 1 when it does;
 * 0 when a member boundary (w->bound) or the end (w->eof) came first;
 * -2 when a corrupt member took the data at pos with it (pos == len). */
static int fill(wn_warc *w, size_t want) {
  while (w->len - w->pos < want) {
    if (w->bound || w->eof) return 0;
    if (make_room(w)) {
      w->oom = 1;
      w->eof = 1;
      return 0;
    }
    wn_src_ev ev;
    size_t n = wn_src_read(w->src, w->buf + w->len, w->cap - w->len, &ev);
    if (n) {
      w->len += n;
      continue;
    }
    switch (ev) {
    case WN_SRC_BOUNDARY:
      w->bound = 1;
      return 0;
    case WN_SRC_CORRUPT:
      note_corrupt(w);
      w->bound = 1; /* the next data starts a new member */
      if (w->mstart <= (long long)w->pos) {
        w->len = w->pos = w->mstart > 0 ? (size_t)w->mstart : 0;
        if (w->pos == 0) w->mstart = 0;
        return -2;
      }
      w->len = (size_t)w->mstart;
      return 0;
    case WN_SRC_TRUNCATED:
      w->trunc = 1;
      w->eof = 1;
      return 0;
    case WN_SRC_IOERR:
      w->ioerr = 1;
      w->eof = 1;
      return 0;
    default:
      w->eof = 1;
      return 0;
    }
  }
  return 1;
}

/* Lets fill() go on into the next member. */
static void cross(wn_warc *w) {
  w->bound = 0;
  w->mstart = (long long)w->len;
  w->pmoff = w->moff;
  w->moff = wn_src_offset(w->src);
}

/* File offset of the record starting at buf[at]. */
static uint64_t offset_of(const wn_warc *w, size_t at) {
  if (!w->src->gz) return w->base + at;
  return (long long)at >= w->mstart ? w->moff : w->pmoff;
}

/* Skips CR and LF; 1 when a byte follows, 0 at the end of input. */
static int skip_blank(wn_warc *w) {
  for (;;) {
    while (w->pos < w->len && (w->buf[w->pos] == '\r' || w->buf[w->pos] == '\n')) w->pos++;
    if (w->pos < w->len) return 1;
    int r = fill(w, 1);
    if (r != 0) continue;
    if (w->bound) {
      cross(w);
      continue;
    }
    return 0;
  }
}

/* Index >= from of "WARC/1." starting a line after a blank line (the
 * start of a record when the length said otherwise), or (size_t)-1. */
static size_t find_record_start(const unsigned char *b, size_t from, size_t end) {
  static const char pat[] = "\nWARC/1.";
  size_t i = from;
  while (i + 8 <= end) {
    const unsigned char *p = memchr(b + i, '\n', end - i - 7);
    if (!p) break;
    size_t k = (size_t)(p - b);
    if (!memcmp(p, pat, 8) && k >= 1 &&
        (b[k - 1] == '\n' || (b[k - 1] == '\r' && k >= 2 && b[k - 2] == '\n')))
      return k + 1;
    i = k + 1;
  }
  return (size_t)-1;
}

/* Consumes bytes up to the next "WARC/" at the start of a line, a
 * member boundary or the end.  Returns the bytes consumed. */
static uint64_t skip_to_warc(wn_warc *w) {
  uint64_t skipped = 0;
  for (;;) {
    const unsigned char *b = w->buf;
    size_t i = w->pos;
    while (i + 6 <= w->len) {
      const unsigned char *p = memchr(b + i, '\n', w->len - i - 5);
      if (!p) break;
      if (!memcmp(p + 1, "WARC/", 5)) {
        size_t k = (size_t)(p - b) + 1;
        skipped += k - w->pos;
        w->pos = k;
        return skipped;
      }
      i = (size_t)(p - b) + 1;
    }
    /* keep the last bytes: the pattern may straddle the refill */
    if (w->len - w->pos > 5) {
      size_t adv = w->len - w->pos - 5;
      skipped += adv;
      w->pos += adv;
    }
    int r = fill(w, w->len - w->pos + 1);
    if (r == -2) return skipped;
    if (r == 0) {
      skipped += w->len - w->pos;
      w->pos = w->len;
      return skipped;
    }
  }
}

static int ieq(const char *a, size_t alen, const char *b) {
  size_t n = strlen(b);
  if (alen != n) return 0;
  for (size_t i = 0; i < n; i++) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = (char)(x + 32);
    if (y >= 'A' && y <= 'Z') y = (char)(y + 32);
    if (x != y) return 0;
  }
  return 1;
}

static char *dup_n(const char *s, size_t n) {
  char *d = malloc(n + 1);
  if (!d) return NULL;
  memcpy(d, s, n);
  d[n] = 0;
  return d;
}

/* Fills rec's fields from the header at h[0..n).  Returns the declared
 * Content-Length or -1 when absent or invalid; -2 when out of memory. */
static long long parse_header(const char *h, size_t n, wn_warc_record *rec) {
  long long cl = -1;
  const char *p = h, *end = h + n;
  int first = 1;
  while (p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol) eol = end;
    const char *le = eol;
    if (le > p && le[-1] == '\r') le--;
    if (first) {
      first = 0;
    } else if (le > p && *p != ' ' && *p != '\t') {
      const char *colon = memchr(p, ':', (size_t)(le - p));
      if (colon) {
        const char *v = colon + 1, *ve = le;
        while (v < ve && (*v == ' ' || *v == '\t')) v++;
        while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t')) ve--;
        size_t nl = (size_t)(colon - p), vl = (size_t)(ve - v);
        while (nl && (p[nl - 1] == ' ' || p[nl - 1] == '\t')) nl--;
        char **slot = NULL;
        if (ieq(p, nl, "WARC-Type")) {
          size_t k = vl < sizeof rec->type - 1 ? vl : sizeof rec->type - 1;
          for (size_t i = 0; i < k; i++)
            rec->type[i] = (char)(v[i] >= 'A' && v[i] <= 'Z' ? v[i] + 32 : v[i]);
          rec->type[k] = 0;
        } else if (ieq(p, nl, "Content-Length")) {
          cl = 0;
          if (!vl) cl = -1;
          for (size_t i = 0; i < vl; i++) {
            if (v[i] < '0' || v[i] > '9' || cl > (1ll << 50)) {
              cl = -1;
              break;
            }
            cl = cl * 10 + (v[i] - '0');
          }
        } else if (ieq(p, nl, "WARC-Record-ID")) {
          slot = &rec->id;
        } else if (ieq(p, nl, "WARC-Target-URI")) {
          if (vl >= 2 && v[0] == '<' && v[vl - 1] == '>') v++, vl -= 2; /* WARC 1.1 draft style */
          slot = &rec->uri;
        } else if (ieq(p, nl, "WARC-Date")) {
          slot = &rec->date;
        } else if (ieq(p, nl, "Content-Type")) {
          slot = &rec->content_type;
        }
        if (slot && !*slot && !(*slot = dup_n(v, vl))) return -2;
      }
    }
    p = eol + 1;
  }
  return cl;
}

/* After a block that ended at pos + t: only CR/LF, then the end of the
 * member or input, or "WARC/".  Returns 1 yes, 0 no, -2 lost. */
static int trailer_ok(wn_warc *w, size_t t) {
  for (;;) {
    while (w->pos + t < w->len && (w->buf[w->pos + t] == '\r' || w->buf[w->pos + t] == '\n')) t++;
    if (w->len - w->pos >= t + 5) return !memcmp(w->buf + w->pos + t, "WARC/", 5);
    int r = fill(w, t + 5);
    if (r == -2) return -2;
    if (r == 0) {
      if (w->len - w->pos == t) return 1; /* member or input ended */
      return 0;
    }
  }
}

/* At a member boundary inside a block: does the next member begin a
 * record (1), is this the end of the input (2), or does the block go on
 * (0)?  Crosses the boundary; keeps everything read. */
static int next_member_starts_record(wn_warc *w) {
  size_t t = w->len - w->pos;
  for (;;) {
    if (w->bound) cross(w);
    while (w->pos + t < w->len && (w->buf[w->pos + t] == '\r' || w->buf[w->pos + t] == '\n')) t++;
    if (w->len - w->pos >= t + 5) return !memcmp(w->buf + w->pos + t, "WARC/", 5);
    int r = fill(w, t + 5);
    if (r == -2) return 1; /* cannot happen: pos lies before this member */
    if (r == 0 && !w->bound) return w->len - w->pos > t ? 1 : 2;
  }
}

/* Block length without the blank lines after it (used when the length
 * had to be found rather than read: extra blank lines cannot be told
 * from the block's own, and a page does not miss them). */
static size_t trim_tail(const unsigned char *b, size_t n) {
  while (n && (b[n - 1] == '\r' || b[n - 1] == '\n')) n--;
  return n;
}

static int keep_type(const wn_warc *w, const char *type) {
  if (!strcmp(type, "response")) return !!(w->o.keep & WN_WARC_KEEP_RESPONSE);
  if (!strcmp(type, "resource")) return !!(w->o.keep & WN_WARC_KEEP_RESOURCE);
  return !!(w->o.keep & WN_WARC_KEEP_OTHER);
}

static int copy_block(wn_warc_record *rec, const unsigned char *b, size_t n) {
  rec->block = malloc(n + 1);
  if (!rec->block) return -1;
  memcpy(rec->block, b, n);
  rec->block[n] = 0;
  rec->block_len = n;
  return 0;
}

/* Reads a block larger than max_block (or of unknown length past it):
 * keeps its head, streams over the rest.  At entry the header is consumed
 * and pos is at the block.  remaining < 0: length unknown. */
static int read_oversize(wn_warc *w, wn_warc_record *rec, long long remaining, int keep) {
  rec->flags |= WN_WARC_OVERSIZE;
  if (fill(w, w->o.head) == -2) return 0;
  size_t have = w->len - w->pos;
  if (keep && copy_block(rec, w->buf + w->pos, have < w->o.head ? have : w->o.head)) return -1;
  uint64_t got = 0;
  if (remaining < 0) {
    got = skip_to_warc(w);
  } else {
    for (;;) {
      size_t n = w->len - w->pos;
      if ((long long)n > remaining) n = (size_t)remaining;
      w->pos += n;
      got += n;
      remaining -= (long long)n;
      if (!remaining) break;
      int r = fill(w, 1);
      if (r == -2) break;
      if (r == 0) {
        if (w->eof) {
          rec->flags |= WN_WARC_TRUNCATED;
          break;
        }
        int nx = next_member_starts_record(w);
        if (nx) {
          rec->flags |= nx == 2 ? WN_WARC_TRUNCATED : WN_WARC_BAD_LENGTH;
          break;
        }
      }
    }
    if (!remaining) {
      int t = trailer_ok(w, 0);
      if (t == 0) {
        rec->flags |= WN_WARC_BAD_LENGTH;
        got += skip_to_warc(w);
      }
    }
  }
  rec->length = got;
  return 0;
}

/* Where a header block ends: just past the first blank line ("\n\n" or
 * "\n\r\n") whose first newline is at or after from and before lim - 1;
 * 0 when there is none.  len bounds the look-ahead for the "\r\n". */
static size_t blank_line_end(const unsigned char *b, size_t from, size_t lim, size_t len) {
  for (size_t i = from; i + 1 < lim; i++) {
    if (b[i] != '\n') continue;
    if (b[i + 1] == '\n') return i + 2;
    if (b[i + 1] == '\r' && i + 2 < len && b[i + 2] == '\n') return i + 3;
  }
  return 0;
}

/* Reads one record whose header starts at pos (already checked to start
 * with "WARC/").  Returns 1 with rec filled, 0 when a corrupt member took
 * it (the event is pending), -1 out of memory. */
static int read_record(wn_warc *w, wn_warc_record *rec) {
  /* the header: up to a blank line within HEADER_MAX bytes */
  size_t hlen = 0, scanned = 0;
  for (;;) {
    size_t avail = w->len - w->pos;
    const unsigned char *b = w->buf + w->pos;
    if ((hlen = blank_line_end(b, scanned, avail, avail))) break;
    scanned = avail > 2 ? avail - 2 : 0;
    if (avail >= HEADER_MAX) {
      /* no end of header: not a record after all */
      rec->kind = WN_WARC_JUNK;
      rec->offset = offset_of(w, w->pos);
      w->pos++;
      rec->skipped = 1 + skip_to_warc(w);
      return 1;
    }
    /* complete lines so far: they name the record should it be lost */
    size_t lines = avail;
    while (lines && b[lines - 1] != '\n') lines--;
    if (lines && parse_header((const char *)b, lines, rec) == -2) return -1;
    int r = fill(w, avail + 1);
    if (r == -2) return 0;
    if (r == 0) {
      size_t end = w->len - w->pos;
      if (w->bound && !next_member_starts_record(w)) continue; /* split across members */
      /* the header itself was cut: keep what it says */
      rec->kind = WN_WARC_RECORD;
      rec->offset = offset_of(w, w->pos);
      rec->flags |= WN_WARC_TRUNCATED;
      if (parse_header((const char *)w->buf + w->pos, end, rec) == -2) return -1;
      w->pos += end;
      return 1;
    }
  }
  rec->kind = WN_WARC_RECORD;
  rec->offset = offset_of(w, w->pos);
  long long cl = parse_header((const char *)w->buf + w->pos, hlen, rec);
  if (cl == -2) return -1;
  int keep = keep_type(w, rec->type);
  size_t max = w->o.max_block;

  if (cl > (long long)max) {
    w->pos += hlen;
    return read_oversize(w, rec, cl, keep) ? -1 : 1;
  }
  size_t blen = 0;       /* block length found */
  size_t next = 0;       /* where the next record may start, from pos */
  int found = 0;
  if (cl >= 0) {
    size_t want = hlen + (size_t)cl;
    for (;;) {
      int r = fill(w, want + 4);
      if (r == -2) return 0;
      size_t avail = w->len - w->pos;
      if (avail >= want) {
        int t = trailer_ok(w, want);
        if (t == -2) return 0;
        if (t == 1) {
          blen = (size_t)cl;
          next = want;
          found = 1;
        }
        break;
      }
      if (w->eof) break;
      /* a member ended inside the block: the length was too large, or the
       * record spans members */
      size_t end = w->len - w->pos;
      int nx = next_member_starts_record(w);
      if (nx == 2) {
        /* the input ended inside the declared length */
        blen = end - hlen;
        next = end;
        found = 1;
        rec->flags |= WN_WARC_TRUNCATED;
        break;
      }
      if (nx) {
        blen = trim_tail(w->buf + w->pos + hlen, end - hlen);
        next = end;
        found = 1;
        rec->flags |= WN_WARC_BAD_LENGTH;
        break;
      }
    }
  }
  if (!found) {
    /* No length, or a wrong one: the block ends where the next record
     * starts, or at the end of its member or of the input. */
    if (cl >= 0) rec->flags |= WN_WARC_BAD_LENGTH;
    size_t from = hlen;
    for (;;) {
      size_t avail = w->len - w->pos;
      size_t k = find_record_start(w->buf + w->pos, from > 0 ? from - 1 : 0, avail);
      if (k != (size_t)-1) {
        blen = trim_tail(w->buf + w->pos + hlen, k - hlen);
        next = k;
        break;
      }
      if (avail - hlen > max) {
        w->pos += hlen;
        return read_oversize(w, rec, -1, keep) ? -1 : 1;
      }
      from = avail > 8 ? avail - 8 : hlen;
      if (from < hlen) from = hlen;
      int r = fill(w, avail + 1);
      if (r == -2) return 0;
      if (r == 0) {
        size_t end = w->len - w->pos;
        int nx = w->bound ? next_member_starts_record(w) : 2;
        if (!nx) continue;
        if (nx == 2 && (w->trunc || (cl >= 0 && end - hlen < (size_t)cl))) {
          /* the input ended inside the record */
          rec->flags &= ~WN_WARC_BAD_LENGTH;
          rec->flags |= WN_WARC_TRUNCATED;
        }
        blen = rec->flags & WN_WARC_TRUNCATED ? end - hlen : trim_tail(w->buf + w->pos + hlen, end - hlen);
        next = end;
        break;
      }
    }
    if (cl < 0 && !(rec->flags & WN_WARC_TRUNCATED)) rec->flags |= WN_WARC_BAD_LENGTH;
  }
  rec->length = blen;
  if (keep && copy_block(rec, w->buf + w->pos + hlen, blen)) return -1;
  w->pos += next;
  return 1;
}

/* Gives the pending corrupt event, keeping rec for the next call when
 * it came after the damage. */
static int emit(wn_warc *w, wn_warc_record *rec) {
  if (!w->c_pending) return rec->kind;
  if (rec->kind == WN_WARC_RECORD || rec->kind == WN_WARC_JUNK) {
    if (rec->offset < w->c_off) return rec->kind; /* it came first */
  }
  w->stash = *rec;
  w->have_stash = 1;
  memset(rec, 0, sizeof *rec);
  rec->kind = WN_WARC_CORRUPT;
  rec->offset = w->c_off;
  rec->skipped = w->c_end - w->c_off;
  rec->id = w->c_id;
  w->c_id = NULL;
  w->c_pending = 0;
  return rec->kind;
}

int wn_warc_next(wn_warc *w, wn_warc_record *rec) {
  memset(rec, 0, sizeof *rec);
  if (w->have_stash) {
    *rec = w->stash;
    w->have_stash = 0;
    return emit(w, rec);
  }
  for (;;) {
    if (!skip_blank(w)) {
      if (w->oom) return -1;
      rec->kind = w->ioerr ? WN_WARC_IOERR : WN_WARC_END;
      rec->offset = w->src->gz ? wn_src_offset(w->src) : w->base + w->pos;
      return emit(w, rec);
    }
    if (fill(w, 5) == -2) continue;
    /* "WARC/" split across members */
    while (w->len - w->pos < 5 && w->bound && !memcmp(w->buf + w->pos, "WARC/", w->len - w->pos)) {
      cross(w);
      if (fill(w, 5) == -2) break;
    }
    if (w->len - w->pos < 5 || memcmp(w->buf + w->pos, "WARC/", 5)) {
      rec->kind = WN_WARC_JUNK;
      rec->offset = offset_of(w, w->pos);
      rec->skipped = skip_to_warc(w);
      if (!rec->skipped) continue; /* all of it went with a corrupt member */
      return emit(w, rec);
    }
    int r = read_record(w, rec);
    if (r < 0) {
      wn_warc_record_clear(rec);
      return -1;
    }
    if (r == 0) {
      /* the record went with a corrupt member: name it in the event */
      if (rec->id && !w->c_id) {
        w->c_id = rec->id;
        rec->id = NULL;
      }
      wn_warc_record_clear(rec);
      continue;
    }
    if (w->oom) {
      wn_warc_record_clear(rec);
      return -1;
    }
    return emit(w, rec);
  }
}

/*** HTTP payload ***/

static int lower_c(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* Whether the comma-separated list v[0..n) holds token t. */
static int has_token(const char *v, size_t n, const char *t) {
  size_t tl = strlen(t), i = 0;
  while (i < n) {
    while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ',')) i++;
    size_t s = i;
    while (i < n && v[i] != ',' && v[i] != ';') i++;
    size_t e = i;
    while (e > s && (v[e - 1] == ' ' || v[e - 1] == '\t')) e--;
    if (e - s == tl && ieq(v + s, tl, t)) return 1;
    while (i < n && v[i] != ',') i++;
  }
  return 0;
}

int wn_http_parse(const unsigned char *block, size_t len, wn_http *h) {
  memset(h, 0, sizeof *h);
  const char *b = (const char *)block;
  size_t lim = len < HEADER_MAX ? len : HEADER_MAX;
  /* the end of the header block */
  size_t end = blank_line_end(block, 0, lim, len);
  if (!end) {
    /* headers only, no body: the whole block when it ends a line */
    if (len && len <= HEADER_MAX && b[len - 1] == '\n') end = len;
    else return -1;
  }
  h->body_off = end;
  const char *p = b, *e = b + end;
  int first = 1;
  int enc_seen = 0;
  while (p < e) {
    const char *eol = memchr(p, '\n', (size_t)(e - p));
    if (!eol) eol = e;
    const char *le = eol > p && eol[-1] == '\r' ? eol - 1 : eol;
    if (first) {
      first = 0;
      if (le - p >= 5 && !memcmp(p, "HTTP/", 5)) {
        const char *q = p + 5;
        while (q < le && *q != ' ') q++;
        while (q < le && *q == ' ') q++;
        int st = 0, nd = 0;
        while (q < le && *q >= '0' && *q <= '9' && nd < 3) st = st * 10 + (*q++ - '0'), nd++;
        h->status = nd == 3 ? st : 0;
      }
    } else if (le > p) {
      const char *colon = memchr(p, ':', (size_t)(le - p));
      if (colon) {
        const char *v = colon + 1, *ve = le;
        while (v < ve && (*v == ' ' || *v == '\t')) v++;
        while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t')) ve--;
        size_t nl = (size_t)(colon - p), vl = (size_t)(ve - v);
        if (ieq(p, nl, "Content-Type") && !h->ctype) {
          h->ctype = v;
          h->ctype_len = vl;
        } else if (ieq(p, nl, "Transfer-Encoding")) {
          if (has_token(v, vl, "chunked")) h->chunked = 1;
        } else if (ieq(p, nl, "Content-Encoding") && !enc_seen) {
          enc_seen = 1;
          if (has_token(v, vl, "gzip") || has_token(v, vl, "x-gzip")) h->encoding = WN_ENC_GZIP;
          else if (has_token(v, vl, "deflate")) h->encoding = WN_ENC_DEFLATE;
          else if (has_token(v, vl, "br")) h->encoding = WN_ENC_BR;
          else if (vl && !has_token(v, vl, "identity") && !has_token(v, vl, "none"))
            h->encoding = WN_ENC_OTHER;
        }
      }
    }
    p = eol + 1;
  }
  return 0;
}

void wn_http_media_type(const char *v, size_t len, char *out, size_t outsz, char *cs, size_t cssz) {
  size_t i = 0, o = 0;
  if (outsz) out[0] = 0;
  if (cssz) cs[0] = 0;
  if (!v) return;
  while (i < len && (v[i] == ' ' || v[i] == '\t')) i++;
  while (i < len && v[i] != ';' && v[i] != ' ' && v[i] != '\t' && v[i] != ',') {
    if (o + 1 < outsz) out[o++] = (char)lower_c((unsigned char)v[i]);
    i++;
  }
  if (outsz) out[o] = 0;
  /* parameters: ; name=value */
  while (i < len) {
    while (i < len && v[i] != ';') i++;
    if (i >= len) break;
    i++;
    while (i < len && (v[i] == ' ' || v[i] == '\t')) i++;
    size_t ns = i;
    while (i < len && v[i] != '=' && v[i] != ';') i++;
    size_t ne = i;
    while (ne > ns && (v[ne - 1] == ' ' || v[ne - 1] == '\t')) ne--;
    if (i >= len || v[i] != '=') continue;
    i++;
    while (i < len && (v[i] == ' ' || v[i] == '\t')) i++;
    int quoted = i < len && v[i] == '"';
    if (quoted) i++;
    size_t vs = i;
    while (i < len && (quoted ? v[i] != '"' : (v[i] != ';' && v[i] != ' ' && v[i] != '\t'))) i++;
    size_t ve = i;
    if (ieq(v + ns, ne - ns, "charset") && cssz) {
      size_t k = ve - vs < cssz - 1 ? ve - vs : cssz - 1;
      memcpy(cs, v + vs, k);
      cs[k] = 0;
    }
  }
}

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = lower_c(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/* The data opens with a chunk: hex size, optional extensions, CRLF, the
 * bytes, CRLF (unless the data ends first). */
static int opens_with_chunk(const unsigned char *d, size_t len) {
  size_t r = 0;
  uint64_t n = 0;
  while (r < len && hexval(d[r]) >= 0 && r < 16) n = n * 16 + (uint64_t)hexval(d[r++]);
  if (!r || r == 16) return 0;
  while (r < len && (d[r] == ' ' || d[r] == '\t')) r++;
  if (r < len && d[r] != '\r' && d[r] != '\n' && d[r] != ';') return 0;
  const unsigned char *nl = memchr(d + r, '\n', len - r);
  if (!nl || nl - (d + r) > 1024) return 0;
  r = (size_t)(nl - d) + 1;
  if (n >= len - r) return 1; /* truncated inside the first chunk */
  r += (size_t)n;
  return d[r] == '\n' || (d[r] == '\r' && (r + 1 == len || d[r + 1] == '\n'));
}

size_t wn_http_dechunk(unsigned char *d, size_t len) {
  if (!opens_with_chunk(d, len)) return (size_t)-1;
  size_t r = 0, w = 0;
  int chunks = 0;
  for (;;) {
    /* size line: hex digits, optional extensions, CRLF */
    uint64_t n = 0;
    int digits = 0;
    while (r < len && hexval(d[r]) >= 0) {
      if (n > (1ull << 40)) return chunks ? w : (size_t)-1;
      n = n * 16 + (uint64_t)hexval(d[r++]);
      digits++;
    }
    if (!digits) {
      if (!chunks) return (size_t)-1;
      return w; /* junk after a chunk: keep what arrived */
    }
    while (r < len && d[r] != '\n') r++; /* extensions */
    if (r >= len) return chunks ? w : (size_t)-1;
    r++; /* LF */
    chunks++;
    if (n == 0) return w;
    size_t take = n > len - r ? len - r : (size_t)n;
    memmove(d + w, d + r, take);
    w += take;
    r += take;
    if (take < n) return w; /* truncated */
    if (r < len && d[r] == '\r') r++;
    if (r < len && d[r] == '\n') r++;
  }
}

/* The output buffer of wn_http_inflate(): grows by doubling up to
 * max + 1 bytes (one past max tells "over budget"). */
typedef struct outbuf {
  unsigned char *d;
  size_t n, cap, max;
} outbuf;

/* 0 room was made, 1 over max, -1 out of memory. */
static int outbuf_room(outbuf *o) {
  if (o->n < o->cap) return 0;
  if (o->cap > o->max) return 1;
  size_t ncap = o->cap * 2 > o->max + 1 ? o->max + 1 : o->cap * 2;
  unsigned char *nd = realloc(o->d, ncap);
  if (!nd) return -1;
  o->d = nd;
  o->cap = ncap;
  return 0;
}

static int inflate_zlib(const unsigned char *data, size_t len, int encoding, outbuf *o) {
  int wbits;
  if (encoding == WN_ENC_GZIP) {
    if (len < 2 || data[0] != 0x1f || data[1] != 0x8b) return -1;
    wbits = 15 + 16;
  } else {
    /* "deflate" is meant as zlib, but servers send raw deflate too */
    wbits = len >= 2 && (data[0] & 0x0f) == 8 && ((data[0] << 8) | data[1]) % 31 == 0 ? 15 : -15;
  }
  z_stream z;
  memset(&z, 0, sizeof z);
  if (inflateInit2(&z, wbits) != Z_OK) return -1;
  z.next_in = (unsigned char *)(uintptr_t)data;
  z.avail_in = (uInt)len;
  int r, rc = 0;
  for (;;) {
    if ((rc = outbuf_room(o))) break;
    z.next_out = o->d + o->n;
    z.avail_out = (uInt)(o->cap - o->n);
    r = inflate(&z, Z_NO_FLUSH);
    o->n = o->cap - z.avail_out;
    if (r == Z_STREAM_END) break;
    if (r == Z_OK) continue;
    if (r == Z_BUF_ERROR && z.avail_out) break; /* truncated: keep what arrived */
    if (r == Z_BUF_ERROR) continue;
    /* damage after some output: keep it; before any: fail */
    if (!o->n) rc = -1;
    break;
  }
  inflateEnd(&z);
  return rc;
}

/* Brotli has no magic number: any bytes may start a stream.  So a payload
 * that already reads as markup is taken as stored decoded (crawlers that
 * undo the coding often keep the header), and one that decodes to nothing
 * was not Brotli. */
static int inflate_brotli(const unsigned char *data, size_t len, outbuf *o) {
  if (wn_sniff_html("", data, len)) return -1;
  BrotliDecoderState *s = BrotliDecoderCreateInstance(NULL, NULL, NULL);
  if (!s) return -1;
  const uint8_t *in = data;
  size_t avail_in = len;
  int rc = 0;
  for (;;) {
    if ((rc = outbuf_room(o))) break;
    uint8_t *next_out = o->d + o->n;
    size_t avail_out = o->cap - o->n;
    BrotliDecoderResult r = BrotliDecoderDecompressStream(s, &avail_in, &in, &avail_out, &next_out, NULL);
    o->n = o->cap - avail_out;
    if (r == BROTLI_DECODER_RESULT_SUCCESS) break;
    if (r == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) continue;
    /* truncated (needs more input) or damaged: keep what arrived, if any */
    if (!o->n) rc = -1;
    break;
  }
  BrotliDecoderDestroyInstance(s);
  return rc;
}

int wn_http_inflate(const unsigned char *data, size_t len, int encoding, size_t max,
                    unsigned char **out, size_t *out_len) {
  *out = NULL;
  *out_len = 0;
  outbuf o = {NULL, 0, len * 4 + 4096, max};
  if (o.cap > max + 1) o.cap = max + 1;
  if (!(o.d = malloc(o.cap))) return -1;
  int rc = encoding == WN_ENC_BR ? inflate_brotli(data, len, &o) : inflate_zlib(data, len, encoding, &o);
  if (rc == 0 && o.n > max) rc = 1;
  if (rc) {
    free(o.d);
    return rc;
  }
  *out = o.d;
  *out_len = o.n;
  return 0;
}

/* Case-insensitive prefix test. */
static int iprefix(const unsigned char *p, size_t n, const char *pre) {
  size_t k = strlen(pre);
  if (n < k) return 0;
  for (size_t i = 0; i < k; i++)
    if (lower_c(p[i]) != lower_c((unsigned char)pre[i])) return 0;
  return 1;
}

static int is_binary(const unsigned char *d, size_t n) {
  static const struct {
    const char *m;
    size_t n;
  } magic[] = {{"%PDF-", 5},        {"\x89PNG", 4},     {"GIF8", 4},         {"\xff\xd8\xff", 3},
               {"PK\x03\x04", 4},   {"\x1f\x8b", 2},    {"RIFF", 4},         {"\x00\x00\x01\x00", 4},
               {"wOFF", 4},         {"wOF2", 4},        {"OggS", 4},         {"ID3", 3},
               {"\x7f" "ELF", 4}};
  for (size_t i = 0; i < sizeof magic / sizeof *magic; i++)
    if (n >= magic[i].n && !memcmp(d, magic[i].m, magic[i].n)) return 1;
  /* UTF-16 text has NULs but says so with a BOM */
  if (n >= 2 && ((d[0] == 0xff && d[1] == 0xfe) || (d[0] == 0xfe && d[1] == 0xff))) return 0;
  size_t lim = n < 1024 ? n : 1024;
  for (size_t i = 0; i < lim; i++)
    if (d[i] == 0) return 1;
  return 0;
}

/* The first bytes look like markup (WHATWG MIME sniffing's HTML test, with
 * a few more tags). */
static int looks_like_html(const unsigned char *d, size_t n) {
  static const char *const tags[] = {"<!doctype html", "<html", "<head", "<body", "<script",
                                     "<iframe", "<h1", "<div", "<font", "<table", "<a", "<style",
                                     "<title", "<b", "<br", "<p", "<!--", "<meta", "<link",
                                     "<?xml", "<span", "<ul", "<section", "<article", "<nav",
                                     "<header", "<main", "<form", "<img", "<center", "<h2"};
  size_t i = 0;
  if (n >= 3 && !memcmp(d, "\xef\xbb\xbf", 3)) i = 3;
  if (n >= 2 && ((d[0] == 0xff && d[1] == 0xfe) || (d[0] == 0xfe && d[1] == 0xff))) return 1;
  while (i < n && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n' || d[i] == '\f')) i++;
  for (size_t t = 0; t < sizeof tags / sizeof *tags; t++) {
    size_t k = strlen(tags[t]);
    if (iprefix(d + i, n - i, tags[t])) {
      if (!strcmp(tags[t], "<!--") || !strcmp(tags[t], "<?xml")) return 1;
      if (n - i > k) {
        unsigned char c = d[i + k];
        if (c == ' ' || c == '>' || c == '\t' || c == '\n' || c == '\r' || c == '/') return 1;
      }
    }
  }
  /* a page with leading text: a structural tag early on */
  size_t lim = n < 1024 ? n : 1024;
  for (size_t j = i; j + 5 < lim; j++)
    if (d[j] == '<' && (iprefix(d + j, lim - j, "<html") || iprefix(d + j, lim - j, "<!doctype") ||
                        iprefix(d + j, lim - j, "<head") || iprefix(d + j, lim - j, "<body")))
      return 1;
  return 0;
}

int wn_sniff_html(const char *media, const unsigned char *d, size_t n) {
  if (is_binary(d, n)) return 0;
  if (!strcmp(media, "text/html") || !strcmp(media, "application/xhtml+xml") ||
      !strcmp(media, "application/vnd.wap.xhtml+xml"))
    return 1;
  if (!*media || !strcmp(media, "text/plain") || !strcmp(media, "application/octet-stream") ||
      !strcmp(media, "unknown/unknown") || !strcmp(media, "application/unknown") ||
      !strcmp(media, "*/*") || !strcmp(media, "text/xml") || !strcmp(media, "application/xml"))
    return looks_like_html(d, n);
  return 0;
}
