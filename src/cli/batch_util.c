/* winnow batch: what every other batch file uses.  The names of the
 * outcomes, the growable buffer JSON lines are built in (with the
 * escaping that keeps a line valid JSON whatever a page held), the clock,
 * and small string and path helpers.
 *
 * Owns no state; calls only the C library. */
#define _GNU_SOURCE
#include "batch_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const wn_skip_names[SK_COUNT] = {
    "request",      "metadata",   "revisit",  "warcinfo",    "conversion",
    "continuation", "other_type", "non_html", "http_status", "too_large",
    "too_slow"};

const char *const wn_fail_names[FL_COUNT] = {
    "read_error", "corrupt_gzip", "not_warc", "truncated",    "bad_http",     "content_encoding",
    "bad_json",   "no_html",      "extract_error", "output_error", "out_of_memory"};

void wn_jb_put(jbuf *b, const char *s, size_t n) {
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

void wn_jb_puts(jbuf *b, const char *s) { wn_jb_put(b, s, strlen(s)); }

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
void wn_jb_str(jbuf *b, const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  wn_jb_put(b, "\"", 1);
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
    wn_jb_put(b, s + run, i - run);
    char esc[8];
    switch (c) {
    case '"': wn_jb_put(b, "\\\"", 2); break;
    case '\\': wn_jb_put(b, "\\\\", 2); break;
    case '\n': wn_jb_put(b, "\\n", 2); break;
    case '\r': wn_jb_put(b, "\\r", 2); break;
    case '\t': wn_jb_put(b, "\\t", 2); break;
    default:
      if (c < 0x20) {
        snprintf(esc, sizeof esc, "\\u%04x", c);
        wn_jb_put(b, esc, 6);
      } else {
        wn_jb_put(b, "\xef\xbf\xbd", 3);
      }
    }
    i++;
    run = i;
  }
  wn_jb_put(b, s + run, n - run);
  wn_jb_put(b, "\"", 1);
}

void wn_jb_strz(jbuf *b, const char *s) {
  if (s) wn_jb_str(b, s, strlen(s));
  else wn_jb_puts(b, "null");
}

void wn_jb_key(jbuf *b, const char *k, int first) {
  if (!first) wn_jb_put(b, ",", 1);
  wn_jb_strz(b, k);
  wn_jb_put(b, ":", 1);
}

/* Valid UTF-8 without raw control characters: what a JSON line from the
 * library must be before it is passed through. */
int wn_jb_clean(const char *s, size_t n) {
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

double wn_cli_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

char *wn_cli_strdup(const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s);
  char *d = malloc(n + 1);
  if (d) memcpy(d, s, n + 1);
  return d;
}

char *wn_cli_join(const char *a, const char *b) {
  size_t x = strlen(a), y = strlen(b);
  char *d = malloc(x + y + 2);
  if (!d) return NULL;
  memcpy(d, a, x);
  size_t k = x;
  if (x && y && a[x - 1] != '/') d[k++] = '/';
  memcpy(d + k, b, y + 1);
  return d;
}

int wn_cli_cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int wn_cli_mkdirs(char *path) {
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
