/* Stage 1, decode: raw page bytes -> NUL-terminated UTF-8 (see input.h).
 *
 * Steps: gunzip (zlib) when the bytes start with the gzip magic; pick the
 * encoding (BOM > caller's label > <meta> prescan > UTF-8 sniff >
 * windows-1252, except that a legacy <meta> charset gives way to UTF-8
 * when the bytes are plainly UTF-8); decode.  UTF-8, UTF-16 and windows-1252 are decoded here,
 * everything else through iconv.
 *
 * Every decoder writes to a sink that can also just count, so the output
 * is sized exactly in a first pass and written into the arena in a second;
 * for clean UTF-8 (the common case) the second pass is one memcpy.  The
 * sink stops before the character that would pass max_bytes, so output is
 * always cut on a character boundary.
 *
 * Nothing here is global or mutable: the tables are const, iconv
 * descriptors live for one call. */
#include "input.h"

#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

#include "charset_labels.inc"

typedef unsigned char uchar;

/* The prescan looks at this many bytes (WHATWG: 1024). */
#define PRESCAN_BYTES 1024u
/* Extra inflated bytes past max_bytes, so a character that straddles the
 * limit is seen whole and cut, rather than seen as a broken sequence. */
#define GZIP_SLACK 4u
/* Good multi-byte UTF-8 sequences per broken one that make UTF-8 win over
 * a legacy charset declared in <meta> (see wn_input_decode()). */
#define UTF8_OVER_META 64u

/*** Output sink ***/

typedef struct wn_sink {
  char *dst;    /* NULL: only count */
  size_t len;   /* bytes written (or counted) */
  size_t cap;   /* never pass this */
  size_t repl;  /* U+FFFD written for invalid input or NUL */
  size_t bad;   /* UTF-8 only: invalid sequences (not NULs) */
  size_t multi; /* UTF-8 only: valid multi-byte sequences */
  int full;     /* stopped because the next character would pass cap */
} wn_sink;

static int sink_put(wn_sink *o, const void *p, size_t k) {
  if (k > o->cap - o->len) {
    o->full = 1;
    return 0;
  }
  if (o->dst) memcpy(o->dst + o->len, p, k);
  o->len += k;
  return 1;
}

static int sink_byte(wn_sink *o, uchar c) {
  if (o->len == o->cap) {
    o->full = 1;
    return 0;
  }
  if (o->dst) o->dst[o->len] = (char)c;
  o->len++;
  return 1;
}

static int sink_cp(wn_sink *o, uint32_t cp) {
  uchar b[4];
  size_t k;
  if (cp < 0x80) {
    b[0] = (uchar)cp;
    k = 1;
  } else if (cp < 0x800) {
    b[0] = (uchar)(0xC0 | (cp >> 6));
    b[1] = (uchar)(0x80 | (cp & 0x3F));
    k = 2;
  } else if (cp < 0x10000) {
    b[0] = (uchar)(0xE0 | (cp >> 12));
    b[1] = (uchar)(0x80 | ((cp >> 6) & 0x3F));
    b[2] = (uchar)(0x80 | (cp & 0x3F));
    k = 3;
  } else {
    b[0] = (uchar)(0xF0 | (cp >> 18));
    b[1] = (uchar)(0x80 | ((cp >> 12) & 0x3F));
    b[2] = (uchar)(0x80 | ((cp >> 6) & 0x3F));
    b[3] = (uchar)(0x80 | (cp & 0x3F));
    k = 4;
  }
  return sink_put(o, b, k);
}

static int sink_fffd(wn_sink *o) {
  if (!sink_put(o, "\xEF\xBF\xBD", 3)) return 0;
  o->repl++;
  return 1;
}

/* Copies the run of ASCII bytes other than NUL that starts at s[i], 16
 * bytes at a time, and returns where it stopped (at most 15 bytes before
 * the first NUL or non-ASCII byte). */
static size_t ascii_run(const uchar *s, size_t n, size_t i, wn_sink *o) {
  const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  while (n - i >= 16 && o->cap - o->len >= 16) {
    uint64_t v, w;
    memcpy(&v, s + i, 8);
    memcpy(&w, s + i + 8, 8);
    /* a byte of 0 borrows in v - ones, a byte >= 0x80 has its top bit */
    if (((v - ones) | v | (w - ones) | w) & highs) break;
    if (o->dst) memcpy(o->dst + o->len, s + i, 16);
    i += 16;
    o->len += 16;
  }
  return i;
}

/*** Decoders: (bytes, arg) -> sink; return the bytes consumed ***/

typedef size_t (*wn_decoder)(const uchar *s, size_t n, int arg, wn_sink *o);

/* UTF-8, the WHATWG way: each maximal invalid subpart becomes one U+FFFD.
 * NUL becomes U+FFFD too. */
static size_t dec_utf8(const uchar *s, size_t n, int arg, wn_sink *o) {
  (void)arg;
  size_t i = 0;
  while (i < n) {
    i = ascii_run(s, n, i, o);
    size_t stop = n - i > 16 ? i + 16 : n;
    while (i < stop) {
      uchar c = s[i];
      if (c < 0x80) {
        if (!(c ? sink_byte(o, c) : sink_fffd(o))) return i;
        i++;
        continue;
      }
      size_t need;
      uchar lo = 0x80, hi = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
      } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F; /* no surrogates */
      } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F; /* nothing past U+10FFFF */
      } else {
        if (!sink_fffd(o)) return i;
        o->bad++;
        i++;
        continue;
      }
      size_t j = i + 1, k = 0;
      while (k < need && j < n && s[j] >= lo && s[j] <= hi) {
        lo = 0x80;
        hi = 0xBF;
        j++;
        k++;
      }
      if (k == need) {
        if (!sink_put(o, s + i, need + 1)) return i;
        o->multi++;
      } else {
        /* s[i..j) is a maximal subpart */
        if (!sink_fffd(o)) return i;
        o->bad++;
      }
      i = j;
    }
  }
  return i;
}

/* windows-1252 0x80..0x9F (WHATWG index; 0xA0..0xFF are Latin-1). */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

/* windows-1252 (arg 0) or x-user-defined (arg 1). */
static size_t dec_single(const uchar *s, size_t n, int xud, wn_sink *o) {
  size_t i = 0;
  while (i < n) {
    i = ascii_run(s, n, i, o);
    size_t stop = n - i > 16 ? i + 16 : n;
    for (; i < stop; i++) {
      uchar c = s[i];
      int ok;
      if (c == 0)
        ok = sink_fffd(o);
      else if (c < 0x80)
        ok = sink_byte(o, c);
      else if (xud)
        ok = sink_cp(o, 0xF780u + (c - 0x80u));
      else
        ok = sink_cp(o, c < 0xA0 ? cp1252_high[c - 0x80] : c);
      if (!ok) return i;
    }
  }
  return i;
}

/* UTF-16, big-endian when be: unpaired surrogates, NUL and an odd last
 * byte become U+FFFD. */
static size_t dec_utf16(const uchar *s, size_t n, int be, wn_sink *o) {
  size_t i = 0;
  while (n - i >= 2) {
    uint32_t u = be ? (uint32_t)s[i] << 8 | s[i + 1]
                    : (uint32_t)s[i + 1] << 8 | s[i];
    size_t step = 2;
    int ok;
    if (u >= 0xD800 && u <= 0xDBFF && n - i >= 4) {
      uint32_t u2 = be ? (uint32_t)s[i + 2] << 8 | s[i + 3]
                       : (uint32_t)s[i + 3] << 8 | s[i + 2];
      if (u2 >= 0xDC00 && u2 <= 0xDFFF) {
        u = 0x10000 + ((u - 0xD800) << 10) + (u2 - 0xDC00);
        step = 4;
      }
    }
    if (u == 0 || (u >= 0xD800 && u <= 0xDFFF))
      ok = sink_fffd(o);
    else
      ok = sink_cp(o, u);
    if (!ok) return i;
    i += step;
  }
  if (i < n && sink_fffd(o)) i = n;
  return i;
}

/*** Temporary buffer (inflated bytes, iconv output): caller's hooks ***/

typedef struct wn_tmp {
  const winnow_allocator *mem;
  uchar *p;
  size_t len, cap;
} wn_tmp;

/* Grows to exactly cap bytes (never shrinks). */
static int tmp_resize(wn_tmp *t, size_t cap) {
  if (cap <= t->cap) return 1;
  void *p = t->p ? t->mem->realloc(t->mem->userdata, t->p, cap)
                 : t->mem->alloc(t->mem->userdata, cap);
  if (!p) return 0;
  t->p = p;
  t->cap = cap;
  return 1;
}

/* Doubles, but never past limit; 0 when already at limit or out of
 * memory. */
static int tmp_grow(wn_tmp *t, size_t limit) {
  if (t->cap >= limit) return 0;
  size_t cap = t->cap < 4096 ? 4096 : t->cap;
  cap = cap > SIZE_MAX / 2 ? SIZE_MAX : cap * 2;
  if (cap > limit) cap = limit;
  return tmp_resize(t, cap);
}

static void tmp_free(wn_tmp *t) {
  if (t->p) t->mem->free(t->mem->userdata, t->p);
  t->p = NULL;
  t->len = t->cap = 0;
}

/*** Output ***/

static void set_charset(wn_input *out, int enc) {
  size_t k = strlen(wn_encodings[enc].name);
  if (k >= sizeof out->charset) k = sizeof out->charset - 1;
  memcpy(out->charset, wn_encodings[enc].name, k);
  out->charset[k] = '\0';
}

/* Second pass: counted was the first pass over s[0..n) with cap max, and
 * consumed its return value.  Writes the result into the arena.  When
 * same is set and nothing was replaced, output bytes equal input bytes
 * (UTF-8 and single-byte decoders over clean ASCII/UTF-8) and the pass is
 * a memcpy. */
static winnow_status materialize(wn_arena *a, wn_decoder f, int arg, int same,
                                 const uchar *s, size_t n,
                                 const wn_sink *counted, size_t consumed,
                                 wn_input *out) {
  if (counted->len == SIZE_MAX) return WINNOW_E_NOMEM;
  char *d = wn_arena_alloc(a, counted->len + 1);
  if (!d) return WINNOW_E_NOMEM;
  if (same && counted->repl == 0 && counted->len == consumed) {
    if (counted->len) memcpy(d, s, counted->len);
  } else {
    wn_sink w;
    memset(&w, 0, sizeof w);
    w.dst = d;
    w.cap = counted->len;
    f(s, n, arg, &w);
  }
  d[counted->len] = '\0';
  out->data = d;
  out->len = counted->len;
  if (counted->full) out->warnings |= WINNOW_WARN_TRUNCATED;
  if (counted->repl) out->warnings |= WINNOW_WARN_CHARSET;
  return WINNOW_OK;
}

static winnow_status run(wn_arena *a, wn_decoder f, int arg, int same,
                         const uchar *s, size_t n, size_t max,
                         wn_input *out) {
  wn_sink c;
  memset(&c, 0, sizeof c);
  c.cap = max;
  size_t consumed = f(s, n, arg, &c);
  return materialize(a, f, arg, same, s, n, &c, consumed, out);
}

/*** iconv ***/

static int tmp_put_fffd(wn_tmp *t, size_t max) {
  if (max - t->len < 3) return 0;
  if (t->cap - t->len < 3 && !tmp_grow(t, max)) return -1;
  memcpy(t->p + t->len, "\xEF\xBF\xBD", 3);
  t->len += 3;
  return 1;
}

/* Converts with iconv into a temporary buffer, then copies that into the
 * arena (replacing any NUL).  *opened is 0 when no iconv name for the
 * encoding could be opened; nothing is decoded then. */
static winnow_status iconv_decode(wn_arena *a, int enc, const uchar *s,
                                  size_t n, size_t max, wn_input *out,
                                  int *opened) {
  const wn_encoding *e = &wn_encodings[enc];
  iconv_t cd = (iconv_t)-1;
  for (int k = 0; k < 2 && e->iconv[k] && cd == (iconv_t)-1; k++)
    cd = iconv_open("UTF-8", e->iconv[k]);
  *opened = cd != (iconv_t)-1;
  if (!*opened) return WINNOW_OK;

  wn_tmp t = {&a->mem, NULL, 0, 0};
  winnow_status st = WINNOW_OK;
  size_t repl = 0;
  int full = 0, flushing = 0;
  char *in = (char *)(uintptr_t)s; /* iconv's prototype is not const */
  size_t inleft = n;
  /* Legacy CJK text grows by about half in UTF-8. */
  size_t first = n > SIZE_MAX / 2 ? SIZE_MAX : n + n / 2 + 64;
  if (first > max) first = max;
  if (max > 0 && !tmp_resize(&t, first)) st = WINNOW_E_NOMEM;

  while (st == WINNOW_OK) {
    size_t lim = max - t.len, room = t.cap - t.len;
    if (room < 16 && room < lim) {
      if (!tmp_grow(&t, max)) st = WINNOW_E_NOMEM;
      continue;
    }
    size_t give = room < lim ? room : lim;
    int by_max = give == lim;
    char dummy, *o = t.p ? (char *)t.p + t.len : &dummy;
    size_t left = give;
    size_t r = flushing ? iconv(cd, NULL, NULL, &o, &left)
                        : iconv(cd, &in, &inleft, &o, &left);
    int err = errno;
    t.len += give - left;
    if (r != (size_t)-1) {
      if (flushing) break;
      flushing = 1;
      continue;
    }
    if (err == E2BIG) {
      if (by_max) {
        full = 1;
        break;
      }
      if (!tmp_grow(&t, max)) st = WINNOW_E_NOMEM;
      continue;
    }
    if (flushing) break; /* a shift state that cannot be closed: drop it */
    /* EILSEQ (or anything unexpected): U+FFFD, skip one byte.  EINVAL:
     * the input ends inside a character: U+FFFD for the rest. */
    int put = tmp_put_fffd(&t, max);
    if (put < 0) {
      st = WINNOW_E_NOMEM;
      break;
    }
    if (put == 0) {
      full = 1;
      break;
    }
    repl++;
    size_t skip = err == EINVAL ? inleft : 1;
    in += skip;
    inleft -= skip;
  }
  iconv_close(cd);

  if (st == WINNOW_OK) {
    st = run(a, dec_utf8, 0, 1, t.p ? t.p : (const uchar *)"", t.len, max,
             out);
    if (full) out->warnings |= WINNOW_WARN_TRUNCATED;
    if (repl) out->warnings |= WINNOW_WARN_CHARSET;
  }
  tmp_free(&t);
  return st;
}

/*** Labels ***/

static int is_space(uchar c) {
  return c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x20;
}

static uchar lower(uchar c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* WHATWG "get an encoding": ENC_* or -1. */
static int label_lookup(const char *label, size_t len) {
  if (!label) return -1;
  const uchar *p = (const uchar *)label;
  while (len && is_space(p[0])) p++, len--;
  while (len && is_space(p[len - 1])) len--;
  char buf[24];
  if (len == 0 || len >= sizeof buf) return -1;
  for (size_t i = 0; i < len; i++) buf[i] = (char)lower(p[i]);
  for (size_t i = 0; i < sizeof wn_labels / sizeof wn_labels[0]; i++) {
    const char *l = wn_labels[i].label;
    if (l[0] == buf[0] && strlen(l) == len && memcmp(l, buf, len) == 0)
      return wn_labels[i].enc;
  }
  return -1;
}

const char *wn_charset_canonical(const char *label, size_t len) {
  int enc = label_lookup(label, len);
  return enc < 0 ? NULL : wn_encodings[enc].name;
}

/*** Prescan (WHATWG "prescan a byte stream to determine its encoding") ***/

typedef struct wn_attr {
  char name[16];
  size_t nlen; /* real length; only names that fit are compared */
  char val[PRESCAN_BYTES];
  size_t vlen;
} wn_attr;

static void attr_name(wn_attr *at, uchar c) {
  if (at->nlen < sizeof at->name) at->name[at->nlen] = (char)lower(c);
  at->nlen++;
}

static void attr_val(wn_attr *at, uchar c) {
  if (at->vlen < sizeof at->val) at->val[at->vlen++] = (char)lower(c);
}

static int attr_is(const wn_attr *at, const char *name) {
  size_t k = strlen(name);
  return at->nlen == k && memcmp(at->name, name, k) == 0;
}

/* "Get an attribute": 1 found, 0 none (at '>'), -1 out of bytes. */
static int get_attr(const uchar *s, size_t n, size_t *pos, wn_attr *at) {
  size_t p = *pos;
  uchar c;
  at->nlen = at->vlen = 0;
  while (p < n && (is_space(s[p]) || s[p] == '/')) p++;
  if (p >= n) return -1;
  if (s[p] == '>') {
    *pos = p;
    return 0;
  }
  for (;; p++) { /* name */
    if (p >= n) return -1;
    c = s[p];
    if (c == '=' && at->nlen > 0) {
      p++;
      goto value;
    }
    if (is_space(c)) break;
    if (c == '/' || c == '>') goto done;
    attr_name(at, c);
  }
  while (p < n && is_space(s[p])) p++;
  if (p >= n) return -1;
  if (s[p] != '=') goto done;
  p++;
value:
  while (p < n && is_space(s[p])) p++;
  if (p >= n) return -1;
  c = s[p];
  if (c == '"' || c == '\'') {
    for (p++;; p++) {
      if (p >= n) return -1;
      if (s[p] == c) {
        p++;
        goto done;
      }
      attr_val(at, s[p]);
    }
  }
  if (c == '>') goto done;
  for (;; p++) {
    if (p >= n) return -1;
    if (is_space(s[p]) || s[p] == '>') goto done;
    attr_val(at, s[p]);
  }
done:
  *pos = p;
  return 1;
}

/* "Extract a character encoding from a meta element" (v is lowercase). */
static int meta_content_charset(const char *v, size_t n) {
  size_t p = 0;
  for (;;) {
    while (p + 7 <= n && memcmp(v + p, "charset", 7) != 0) p++;
    if (p + 7 > n) return -1;
    p += 7;
    while (p < n && is_space((uchar)v[p])) p++;
    if (p >= n) return -1;
    if (v[p] != '=') continue;
    p++;
    while (p < n && is_space((uchar)v[p])) p++;
    if (p >= n) return -1;
    if (v[p] == '"' || v[p] == '\'') {
      const char *q = memchr(v + p + 1, v[p], n - p - 1);
      if (!q) return -1;
      return label_lookup(v + p + 1, (size_t)(q - (v + p + 1)));
    }
    size_t e = p;
    while (e < n && !is_space((uchar)v[e]) && v[e] != ';') e++;
    return label_lookup(v + p, e - p);
  }
}

static int is_alpha(uchar c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

/* ENC_* declared in s[0..n), or -1. */
static int prescan(const uchar *s, size_t n) {
  wn_attr at;
  size_t p = 0;
  if (n > PRESCAN_BYTES) n = PRESCAN_BYTES;
  while (p < n) {
    if (s[p] != '<') {
      const uchar *q = memchr(s + p, '<', n - p);
      if (!q) return -1;
      p = (size_t)(q - s);
    }
    size_t left = n - p;
    if (left >= 4 && memcmp(s + p, "<!--", 4) == 0) {
      /* the "--" of "-->" may be the one that opened the comment */
      size_t q = p + 4;
      while (q < n && !(s[q] == '>' && s[q - 1] == '-' && s[q - 2] == '-'))
        q++;
      if (q >= n) return -1;
      p = q + 1;
    } else if (left >= 6 && lower(s[p + 1]) == 'm' && lower(s[p + 2]) == 'e' &&
               lower(s[p + 3]) == 't' && lower(s[p + 4]) == 'a' &&
               (is_space(s[p + 5]) || s[p + 5] == '/')) {
      int seen_he = 0, seen_content = 0, seen_charset = 0, got_pragma = 0;
      int need_pragma = -1;  /* null */
      int charset = -2;      /* null; -1 is failure */
      p += 5;
      for (;;) {
        int r = get_attr(s, n, &p, &at);
        if (r < 0) return -1;
        if (r == 0) break;
        if (attr_is(&at, "http-equiv")) {
          if (seen_he++) continue;
          if (at.vlen == 12 && memcmp(at.val, "content-type", 12) == 0)
            got_pragma = 1;
        } else if (attr_is(&at, "content")) {
          if (seen_content++) continue;
          if (charset == -2) {
            int e = meta_content_charset(at.val, at.vlen);
            if (e >= 0) {
              charset = e;
              need_pragma = 1;
            }
          }
        } else if (attr_is(&at, "charset")) {
          if (seen_charset++) continue;
          charset = label_lookup(at.val, at.vlen);
          need_pragma = 0;
        }
      }
      if (need_pragma >= 0 && (need_pragma == 0 || got_pragma) &&
          charset >= 0) {
        if (charset == ENC_UTF16LE || charset == ENC_UTF16BE) return ENC_UTF8;
        if (charset == ENC_XUSERDEF) return ENC_WIN1252;
        return charset;
      }
      p++;
    } else if (left >= 2 && (is_alpha(s[p + 1]) ||
                             (left >= 3 && s[p + 1] == '/' && is_alpha(s[p + 2])))) {
      while (p < n && !is_space(s[p]) && s[p] != '>') p++;
      int r;
      while ((r = get_attr(s, n, &p, &at)) == 1) {
      }
      if (r < 0) return -1;
      p++;
    } else if (left >= 2 &&
               (s[p + 1] == '!' || s[p + 1] == '/' || s[p + 1] == '?')) {
      const uchar *q = memchr(s + p + 1, '>', n - p - 1);
      if (!q) return -1;
      p = (size_t)(q - s) + 1;
    } else {
      p++;
    }
  }
  return -1;
}

/*** gzip ***/

static voidpf z_alloc(voidpf opaque, uInt items, uInt size) {
  const winnow_allocator *m = opaque;
  if (size && items > SIZE_MAX / size) return Z_NULL;
  return m->alloc(m->userdata, (size_t)items * size);
}

static void z_free(voidpf opaque, voidpf p) {
  const winnow_allocator *m = opaque;
  if (p) m->free(m->userdata, p);
}

/* Inflates s[0..n) (one or more gzip members) into t, keeping at most
 * limit bytes.  *warn gets WINNOW_WARN_TRUNCATED when the stream is cut,
 * corrupt after some output, or longer than limit. */
static winnow_status gunzip(const winnow_allocator *mem, const uchar *s,
                            size_t n, size_t limit, wn_tmp *t,
                            unsigned *warn) {
  z_stream zs;
  memset(&zs, 0, sizeof zs);
  zs.zalloc = z_alloc;
  zs.zfree = z_free;
  zs.opaque = (voidpf)(uintptr_t)mem;
  int r = inflateInit2(&zs, 16 + MAX_WBITS);
  if (r != Z_OK) return r == Z_MEM_ERROR ? WINNOW_E_NOMEM : WINNOW_E_DECODE;

  /* The trailer's ISIZE (size mod 2^32 of the last member) is a good
   * first guess for one-member streams. */
  size_t guess = n >= 18 ? (size_t)s[n - 4] | (size_t)s[n - 3] << 8 |
                               (size_t)s[n - 2] << 16 | (size_t)s[n - 1] << 24
                         : 0;
  if (guess < n) guess = n > SIZE_MAX / 4 ? SIZE_MAX : n * 4;
  /* deflate expands at most ~1032:1, so a lying trailer cannot make us
   * reserve more than the stream could produce */
  if (n <= SIZE_MAX / 1032 && guess > n * 1032) guess = n * 1032;
  /* one spare byte lets inflate reach the trailer without a full buffer */
  if (guess < SIZE_MAX) guess++;
  if (guess > limit) guess = limit;
  winnow_status st = WINNOW_OK;
  if (guess && !tmp_resize(t, guess)) st = WINNOW_E_NOMEM;

  size_t pos = 0;
  int cut = 0, bad = 0;
  while (st == WINNOW_OK) {
    if (t->len == t->cap && !tmp_grow(t, limit)) {
      if (t->cap >= limit) { /* more to come, no room: cut here */
        unsigned char probe;
        zs.next_in = (Bytef *)(uintptr_t)(s + pos);
        zs.avail_in = n - pos > UINT_MAX ? UINT_MAX : (uInt)(n - pos);
        zs.next_out = &probe;
        zs.avail_out = 1;
        r = inflate(&zs, Z_NO_FLUSH);
        if (zs.avail_out == 0) cut = 1;
        break;
      }
      st = WINNOW_E_NOMEM;
      break;
    }
    size_t in_left = n - pos, out_left = t->cap - t->len;
    zs.next_in = (Bytef *)(uintptr_t)(s + pos);
    zs.avail_in = in_left > UINT_MAX ? UINT_MAX : (uInt)in_left;
    zs.next_out = t->p + t->len;
    zs.avail_out = out_left > UINT_MAX ? UINT_MAX : (uInt)out_left;
    uInt ain = zs.avail_in, aout = zs.avail_out;
    r = inflate(&zs, Z_NO_FLUSH);
    pos += ain - zs.avail_in;
    t->len += aout - zs.avail_out;
    if (r == Z_STREAM_END) {
      /* another member follows?  (anything else is trailing junk, which
       * gzip(1) ignores too) */
      if (n - pos >= 2 && s[pos] == 0x1f && s[pos + 1] == 0x8b &&
          inflateReset(&zs) == Z_OK)
        continue;
      break;
    }
    if (r == Z_OK) continue;
    if (r == Z_BUF_ERROR) {
      if (pos == n) { /* input ended inside the stream */
        bad = 1;
        break;
      }
      if (zs.avail_out == 0) continue; /* grow and go on */
      bad = 1;
      break;
    }
    if (r == Z_MEM_ERROR) {
      st = WINNOW_E_NOMEM;
      break;
    }
    bad = 1; /* Z_DATA_ERROR, Z_NEED_DICT, Z_STREAM_ERROR */
    break;
  }
  inflateEnd(&zs);
  if (st != WINNOW_OK) return st;
  if (bad && t->len == 0) return WINNOW_E_DECODE;
  if (bad || cut) *warn |= WINNOW_WARN_TRUNCATED;
  return WINNOW_OK;
}

/*** Entry ***/

static winnow_status decode_as(wn_arena *a, int enc, const uchar *s, size_t n,
                               size_t max, wn_input *out) {
  switch (wn_encodings[enc].dec) {
  case DEC_UTF8:
    set_charset(out, enc);
    return run(a, dec_utf8, 0, 1, s, n, max, out);
  case DEC_UTF16LE:
  case DEC_UTF16BE:
    set_charset(out, enc);
    return run(a, dec_utf16, wn_encodings[enc].dec == DEC_UTF16BE, 0, s, n,
               max, out);
  case DEC_XUSERDEF:
    set_charset(out, enc);
    return run(a, dec_single, 1, 1, s, n, max, out);
  case DEC_ICONV: {
    int opened;
    winnow_status st = iconv_decode(a, enc, s, n, max, out, &opened);
    if (opened) {
      if (st == WINNOW_OK) set_charset(out, enc);
      return st;
    }
    break; /* iconv does not know it: windows-1252 */
  }
  default:
    break;
  }
  set_charset(out, ENC_WIN1252);
  return run(a, dec_single, 0, 1, s, n, max, out);
}

/* Control characters (C0 but tab, LF, FF, CR; DEL; C1) are never text,
 * and Gumbo would turn each into U+FFFD: drop them here, in place.  The
 * table marks the bytes that may start one, so the common case is one
 * tight scan that finds none. */
static const unsigned char ctl_start[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1,
    [0x07] = 1, [0x08] = 1, [0x0B] = 1, [0x0E] = 1, [0x0F] = 1, [0x10] = 1, [0x11] = 1,
    [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1, [0x18] = 1,
    [0x19] = 1, [0x1A] = 1, [0x1B] = 1, [0x1C] = 1, [0x1D] = 1, [0x1E] = 1, [0x1F] = 1,
    [0x7F] = 1, [0xC2] = 1};

static size_t control_len(const uchar *p, const uchar *e) {
  if (!ctl_start[*p]) return 0;
  if (*p != 0xC2) return 1;
  return p + 1 < e && p[1] >= 0x80 && p[1] <= 0x9F ? 2 : 0;
}

static void strip_controls(wn_input *in) {
  uchar *d = (uchar *)(uintptr_t)in->data; /* ours: the arena copy */
  const uchar *p = d, *e = d + in->len;
  while (p < e && !(ctl_start[*p] && control_len(p, e))) p++;
  if (p == e) return;
  uchar *w = d + (p - d);
  while (p < e) {
    size_t k = control_len(p, e);
    if (k) {
      p += k;
      continue;
    }
    *w++ = *p++;
  }
  *w = '\0';
  in->len = (size_t)(w - d);
}

winnow_status wn_input_decode(wn_arena *a, const char *bytes, size_t len,
                              const char *label, int label_is_hint,
                              size_t max_bytes, wn_input *out) {
  if (!out) return WINNOW_E_INVALID;
  memset(out, 0, sizeof *out);
  if (!a || (!bytes && len)) return WINNOW_E_INVALID;
  const uchar *s = bytes ? (const uchar *)bytes : (const uchar *)"";
  size_t n = len;
  unsigned warn = 0;
  winnow_status st;

  wn_tmp raw = {&a->mem, NULL, 0, 0};
  if (n >= 2 && s[0] == 0x1f && s[1] == 0x8b) {
    size_t limit =
        max_bytes > SIZE_MAX - GZIP_SLACK ? SIZE_MAX : max_bytes + GZIP_SLACK;
    st = gunzip(&a->mem, s, n, limit, &raw, &warn);
    if (st != WINNOW_OK) {
      tmp_free(&raw);
      return st;
    }
    s = raw.p ? raw.p : (const uchar *)"";
    n = raw.len;
  }

  int enc = -1;
  if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
    enc = ENC_UTF8;
    s += 3, n -= 3;
  } else if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
    enc = ENC_UTF16BE;
    s += 2, n -= 2;
  } else if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
    enc = ENC_UTF16LE;
    s += 2, n -= 2;
  }
  if (enc < 0 && label) enc = label_lookup(label, strlen(label));
  /* a legacy charset the page's <meta> declares, or a hint gives (see
   * below); a hint comes before the prescan, as HTTP's header does */
  int meta = -1;
  if (enc >= 0 && enc != ENC_UTF8 && label_is_hint) meta = enc, enc = -1;
  if (enc < 0 && meta < 0) {
    enc = prescan(s, n);
    if (enc != ENC_UTF8) meta = enc, enc = -1;
  }

  if (enc >= 0) {
    st = decode_as(a, enc, s, n, max_bytes, out);
  } else {
    /* Nothing declared: UTF-8 when it decodes as UTF-8.  A few broken
     * sequences among many good ones still mean UTF-8 (a stray Latin-1
     * byte in a UTF-8 page): that costs a U+FFFD each, where windows-1252
     * would garble every other non-ASCII character.
     * A legacy charset declared in <meta> yields to UTF-8 only when the
     * bytes hold multi-byte UTF-8 and almost nothing else (at most one
     * broken sequence in UTF8_OVER_META good ones): crawlers re-encode
     * pages to UTF-8 and leave the old <meta>, while legacy text
     * (accented letters before ASCII, CJK double bytes) breaks as UTF-8
     * at nearly every non-ASCII character. */
    wn_sink c;
    memset(&c, 0, sizeof c);
    c.cap = max_bytes;
    size_t used = dec_utf8(s, n, 0, &c);
    int utf8 = meta < 0 ? c.bad == 0 || c.multi > c.bad
                        : c.multi > 0 && c.bad <= c.multi / UTF8_OVER_META;
    if (utf8) {
      set_charset(out, ENC_UTF8);
      st = materialize(a, dec_utf8, 0, 1, s, n, &c, used, out);
    } else if (meta >= 0) {
      st = decode_as(a, meta, s, n, max_bytes, out);
    } else {
      set_charset(out, ENC_WIN1252);
      st = run(a, dec_single, 0, 1, s, n, max_bytes, out);
    }
  }
  tmp_free(&raw);
  if (st != WINNOW_OK) {
    memset(out, 0, sizeof *out);
    return st;
  }
  strip_controls(out);
  out->warnings |= warn;
  return WINNOW_OK;
}
