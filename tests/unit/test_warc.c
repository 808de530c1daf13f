/* The batch mode's readers (src/cli/warc.c): gzip members and their
 * damage, WARC framing and its damage, HTTP payloads, the HTML sniff.
 * Inputs are built here in memory (and one temporary file, for the
 * seek-back rescan of a corrupt member). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include <brotli/encode.h>

#include "cli/warc.h"

/*** Builders ***/

typedef struct bytes {
  unsigned char *d;
  size_t n;
} bytes;

static void put(bytes *b, const void *p, size_t n) {
  b->d = realloc(b->d, b->n + n + 1);
  assert_non_null(b->d);
  memcpy(b->d + b->n, p, n);
  b->n += n;
}

static void puts_b(bytes *b, const char *s) { put(b, s, strlen(s)); }

/* One gzip member (or, with wbits 15 / -15, zlib / raw deflate). */
static bytes deflate_bits(const void *p, size_t n, int wbits) {
  bytes out = {0};
  z_stream z;
  memset(&z, 0, sizeof z);
  assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY), Z_OK);
  size_t cap = deflateBound(&z, (uLong)n) + 64;
  out.d = malloc(cap);
  z.next_in = (unsigned char *)(uintptr_t)p;
  z.avail_in = (uInt)n;
  z.next_out = out.d;
  z.avail_out = (uInt)cap;
  assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.n = cap - z.avail_out;
  deflateEnd(&z);
  return out;
}

static bytes gz(const void *p, size_t n) { return deflate_bits(p, n, 15 + 16); }

static void put_gz(bytes *b, const bytes *plain) {
  bytes m = gz(plain->d, plain->n);
  put(b, m.d, m.n);
  free(m.d);
}

/* A WARC record; length < 0: the real block length. */
static bytes record(const char *type, const char *id, const char *block, long length) {
  bytes r = {0};
  char h[512];
  size_t n = strlen(block);
  snprintf(h, sizeof h,
           "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%s>\r\nWARC-Date: 2024-01-02T03:04:05Z\r\n"
           "WARC-Target-URI: <http://example.org/%s>\r\nContent-Type: application/http; msgtype=%s\r\n"
           "Content-Length: %ld\r\n\r\n",
           type, id, id, type, length < 0 ? (long)n : length);
  puts_b(&r, h);
  puts_b(&r, block);
  puts_b(&r, "\r\n\r\n");
  return r;
}

static const char body_a[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><p>alpha</p></html>";
static const char body_b[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><p>bravo, a longer one</p></html>";

/* Reads every record/event of mem[0..n) into kinds[] (and ids[]). */
typedef struct seen {
  int kinds[32];
  char ids[32][64];
  unsigned flags[32];
  uint64_t offsets[32];
  char blocks[32][256];
  int n;
} seen;

static void read_all(const void *mem, size_t n, const wn_warc_opts *o, seen *s) {
  wn_src src;
  memset(s, 0, sizeof *s);
  assert_int_equal(wn_src_open(&src, -1, mem, n), 0);
  wn_warc *w = wn_warc_new(&src, o);
  assert_non_null(w);
  for (;;) {
    wn_warc_record r;
    int k = wn_warc_next(w, &r);
    assert_true(k >= 0);
    if (k == WN_WARC_END) {
      wn_warc_record_clear(&r);
      break;
    }
    assert_true(s->n < 32);
    s->kinds[s->n] = k;
    s->flags[s->n] = r.flags;
    s->offsets[s->n] = r.offset;
    snprintf(s->ids[s->n], sizeof s->ids[0], "%s", r.id ? r.id : "");
    if (r.block) snprintf(s->blocks[s->n], sizeof s->blocks[0], "%.*s", (int)r.block_len, (char *)r.block);
    s->n++;
    wn_warc_record_clear(&r);
  }
  wn_warc_free(w);
  wn_src_close(&src);
}

/*** Byte source ***/

static void src_members_and_boundaries(void **state) {
  (void)state;
  bytes all = {0};
  const char *parts[] = {"first member\n", "second\n", "third and last\n"};
  for (int i = 0; i < 3; i++) {
    bytes p = {0};
    puts_b(&p, parts[i]);
    put_gz(&all, &p);
    free(p.d);
  }
  wn_src s;
  assert_int_equal(wn_src_open(&s, -1, all.d, all.n), 0);
  char out[256];
  size_t n = 0;
  int bounds = 0;
  for (;;) {
    wn_src_ev ev;
    size_t got = wn_src_read(&s, out + n, sizeof out - n, &ev);
    n += got;
    if (got) continue;
    if (ev == WN_SRC_BOUNDARY) {
      bounds++;
      continue;
    }
    assert_int_equal(ev, WN_SRC_EOF);
    break;
  }
  assert_int_equal(bounds, 3);
  assert_int_equal(n, strlen("first member\nsecond\nthird and last\n"));
  assert_memory_equal(out, "first member\nsecond\nthird and last\n", n);
  wn_src_close(&s);
  free(all.d);
}

static void src_plain_and_peek(void **state) {
  (void)state;
  static const char text[] = "WARC/1.0\r\nplain text";
  wn_src s;
  assert_int_equal(wn_src_open(&s, -1, text, sizeof text - 1), 0);
  const unsigned char *p;
  size_t n;
  assert_int_equal(wn_src_peek(&s, &p, &n), 0);
  assert_int_equal(n, sizeof text - 1);
  assert_memory_equal(p, "WARC/", 5);
  char out[64];
  wn_src_ev ev;
  size_t got = wn_src_read(&s, out, sizeof out, &ev);
  assert_int_equal(got, sizeof text - 1);
  assert_int_equal(wn_src_read(&s, out, sizeof out, &ev), 0);
  assert_int_equal(ev, WN_SRC_EOF);
  assert_int_equal(s.gz, 0);
  wn_src_close(&s);
}

/* Bytes of a member flipped in the middle: one CORRUPT with the member's
 * offset, then the next member reads normally. */
static bytes corrupt_three(size_t *bad_off, size_t *next_off) {
  bytes all = {0};
  char big[4000];
  for (size_t i = 0; i < sizeof big; i++) big[i] = (char)('a' + (i * 7 + i / 13) % 26);
  bytes p1 = {0}, p2 = {0}, p3 = {0};
  puts_b(&p1, "one\n");
  put(&p2, big, sizeof big);
  puts_b(&p3, "three\n");
  put_gz(&all, &p1);
  *bad_off = all.n;
  bytes m = gz(p2.d, p2.n);
  for (size_t i = m.n / 2; i < m.n / 2 + 16; i++) m.d[i] ^= 0x5a;
  put(&all, m.d, m.n);
  *next_off = all.n;
  put_gz(&all, &p3);
  free(m.d), free(p1.d), free(p2.d), free(p3.d);
  return all;
}

static void drain_corrupt(wn_src *s, size_t bad_off, size_t next_off) {
  char out[8192];
  int corrupt = 0;
  size_t last_data = 0;
  char tail[16] = "";
  for (;;) {
    wn_src_ev ev;
    size_t got = wn_src_read(s, out, sizeof out, &ev);
    if (got) {
      last_data = got;
      if (got < sizeof tail) memcpy(tail, out, got), tail[got] = 0;
      continue;
    }
    if (ev == WN_SRC_CORRUPT) {
      corrupt++;
      assert_int_equal(s->bad_off, bad_off);
      assert_int_equal(s->bad_end, next_off);
      continue;
    }
    if (ev == WN_SRC_BOUNDARY) continue;
    assert_int_equal(ev, WN_SRC_EOF);
    break;
  }
  assert_int_equal(corrupt, 1);
  assert_int_equal(last_data, 6);
  assert_string_equal(tail, "three\n");
}

static void src_corrupt_member_resyncs(void **state) {
  (void)state;
  size_t bad_off, next_off;
  bytes all = corrupt_three(&bad_off, &next_off);
  wn_src s;
  assert_int_equal(wn_src_open(&s, -1, all.d, all.n), 0);
  drain_corrupt(&s, bad_off, next_off);
  wn_src_close(&s);
  free(all.d);
}

static void src_corrupt_member_in_a_file(void **state) {
  (void)state;
  size_t bad_off, next_off;
  bytes all = corrupt_three(&bad_off, &next_off);
  FILE *f = tmpfile();
  assert_non_null(f);
  assert_int_equal(fwrite(all.d, 1, all.n, f), all.n);
  fflush(f);
  rewind(f);
  wn_src s;
  assert_int_equal(wn_src_open(&s, fileno(f), NULL, 0), 0);
  assert_true(s.seekable);
  drain_corrupt(&s, bad_off, next_off);
  assert_int_equal(s.consumed, all.n);
  wn_src_close(&s);
  fclose(f);
  free(all.d);
}

static void src_truncated_member(void **state) {
  (void)state;
  bytes p = {0};
  for (int i = 0; i < 200; i++) puts_b(&p, "some text to compress, line after line\n");
  bytes m = gz(p.d, p.n);
  wn_src s;
  assert_int_equal(wn_src_open(&s, -1, m.d, m.n / 2), 0);
  char out[16384];
  wn_src_ev ev;
  size_t n = 0, got;
  while ((got = wn_src_read(&s, out + n, sizeof out - n, &ev))) n += got;
  assert_int_equal(ev, WN_SRC_TRUNCATED);
  assert_true(n > 0 && n < p.n);
  assert_memory_equal(out, p.d, n); /* what arrived is right */
  wn_src_close(&s);
  free(m.d), free(p.d);
}

/*** WARC ***/

static void warc_fields_types_and_blocks(void **state) {
  (void)state;
  bytes w = {0};
  const char *types[] = {"warcinfo", "request", "response", "metadata", "resource"};
  size_t offs[5];
  for (int i = 0; i < 5; i++) {
    char id[16];
    snprintf(id, sizeof id, "r%d", i);
    offs[i] = w.n;
    bytes r = record(types[i], id, i == 2 ? body_a : "k: v", -1);
    put(&w, r.d, r.n);
    free(r.d);
  }
  wn_src src;
  assert_int_equal(wn_src_open(&src, -1, w.d, w.n), 0);
  wn_warc *rd = wn_warc_new(&src, NULL);
  for (int i = 0; i < 5; i++) {
    wn_warc_record r;
    assert_int_equal(wn_warc_next(rd, &r), WN_WARC_RECORD);
    assert_string_equal(r.type, types[i]);
    char id[32];
    snprintf(id, sizeof id, "<urn:uuid:r%d>", i);
    assert_string_equal(r.id, id);
    snprintf(id, sizeof id, "http://example.org/r%d", i);
    assert_string_equal(r.uri, id); /* <> of the 1.1 draft style removed */
    assert_string_equal(r.date, "2024-01-02T03:04:05Z");
    assert_int_equal(r.offset, offs[i]);
    assert_int_equal(r.flags, 0);
    /* blocks are kept for response and resource records only */
    if (i == 2) assert_memory_equal(r.block, body_a, r.block_len);
    else if (i == 4) assert_string_equal((char *)r.block, "k: v");
    else assert_null(r.block);
    wn_warc_record_clear(&r);
  }
  wn_warc_record r;
  assert_int_equal(wn_warc_next(rd, &r), WN_WARC_END);
  wn_warc_free(rd);
  wn_src_close(&src);
  free(w.d);
}

static void warc_wrong_lengths_and_blank_lines(void **state) {
  (void)state;
  bytes w = {0};
  bytes r1 = record("response", "short", body_a, (long)strlen(body_a) - 20);
  bytes r2 = record("response", "long", body_b, (long)strlen(body_b) + 30);
  bytes r3 = record("response", "ok", body_a, -1);
  put(&w, r1.d, r1.n);
  puts_b(&w, "\r\n\n\r\n");
  put(&w, r2.d, r2.n);
  put(&w, r3.d, r3.n);
  seen s;
  read_all(w.d, w.n, NULL, &s);
  assert_int_equal(s.n, 3);
  assert_string_equal(s.ids[0], "<urn:uuid:short>");
  assert_int_equal(s.flags[0], WN_WARC_BAD_LENGTH);
  assert_string_equal(s.blocks[0], body_a);
  assert_string_equal(s.ids[1], "<urn:uuid:long>");
  assert_int_equal(s.flags[1], WN_WARC_BAD_LENGTH);
  assert_string_equal(s.blocks[1], body_b);
  assert_string_equal(s.ids[2], "<urn:uuid:ok>");
  assert_int_equal(s.flags[2], 0);
  assert_string_equal(s.blocks[2], body_a);
  free(w.d), free(r1.d), free(r2.d), free(r3.d);
}

static void warc_gzip_members_bound_lengths(void **state) {
  (void)state;
  /* per-record gzip: a member's end is the record's end, whatever the
   * length says */
  bytes w = {0};
  bytes r1 = record("response", "long", body_a, (long)strlen(body_a) + 5000);
  bytes r2 = record("response", "short", body_b, 10);
  bytes r3 = record("request", "req", "GET / HTTP/1.1\r\n\r\n", -1);
  put_gz(&w, &r1);
  put_gz(&w, &r2);
  size_t off3 = w.n;
  put_gz(&w, &r3);
  seen s;
  read_all(w.d, w.n, NULL, &s);
  assert_int_equal(s.n, 3);
  assert_int_equal(s.flags[0], WN_WARC_BAD_LENGTH);
  assert_string_equal(s.blocks[0], body_a);
  assert_int_equal(s.flags[1], WN_WARC_BAD_LENGTH);
  assert_string_equal(s.blocks[1], body_b);
  assert_int_equal(s.flags[2], 0);
  assert_int_equal(s.offsets[2], off3);
  free(w.d), free(r1.d), free(r2.d), free(r3.d);
}

static void warc_record_spanning_members(void **state) {
  (void)state;
  /* bgzip-style: fixed-size members that cut records anywhere */
  bytes plain = {0}, w = {0};
  bytes r1 = record("response", "one", body_a, -1), r2 = record("response", "two", body_b, -1);
  put(&plain, r1.d, r1.n);
  put(&plain, r2.d, r2.n);
  for (size_t i = 0; i < plain.n; i += 37) {
    bytes piece = {0};
    put(&piece, plain.d + i, plain.n - i < 37 ? plain.n - i : 37);
    put_gz(&w, &piece);
    free(piece.d);
  }
  seen s;
  read_all(w.d, w.n, NULL, &s);
  assert_int_equal(s.n, 2);
  assert_int_equal(s.flags[0], 0);
  assert_string_equal(s.blocks[0], body_a);
  assert_int_equal(s.flags[1], 0);
  assert_string_equal(s.blocks[1], body_b);
  free(w.d), free(plain.d), free(r1.d), free(r2.d);
}

static void warc_corrupt_member_is_one_event(void **state) {
  (void)state;
  bytes w = {0};
  bytes r1 = record("response", "one", body_a, -1), r3 = record("response", "three", body_b, -1);
  bytes big = {0};
  for (int i = 0; i < 300; i++) puts_b(&big, "<p>filler paragraph number something</p>\n");
  bytes r2 = record("response", "two", (char *)(big.d[big.n] = 0, big.d), -1);
  put_gz(&w, &r1);
  size_t bad = w.n;
  bytes m = gz(r2.d, r2.n);
  for (size_t i = m.n / 2; i < m.n / 2 + 8; i++) m.d[i] ^= 0xa5;
  put(&w, m.d, m.n);
  put_gz(&w, &r3);
  seen s;
  read_all(w.d, w.n, NULL, &s);
  assert_int_equal(s.n, 3);
  assert_int_equal(s.kinds[0], WN_WARC_RECORD);
  assert_int_equal(s.kinds[1], WN_WARC_CORRUPT);
  assert_int_equal(s.offsets[1], bad);
  assert_string_equal(s.ids[1], "<urn:uuid:two>"); /* named from its header */
  assert_int_equal(s.kinds[2], WN_WARC_RECORD);
  assert_string_equal(s.blocks[2], body_b);
  free(w.d), free(r1.d), free(r2.d), free(r3.d), free(m.d), free(big.d);
}

static void warc_truncated_last_record(void **state) {
  (void)state;
  bytes w = {0};
  bytes r1 = record("response", "one", body_a, -1), r2 = record("response", "two", body_b, -1);
  put(&w, r1.d, r1.n);
  put(&w, r2.d, r2.n - 20);
  seen s;
  read_all(w.d, w.n, NULL, &s);
  assert_int_equal(s.n, 2);
  assert_int_equal(s.flags[0], 0);
  assert_int_equal(s.flags[1], WN_WARC_TRUNCATED);
  assert_string_equal(s.ids[1], "<urn:uuid:two>");
  /* cut inside the header */
  read_all(r1.d, 30, NULL, &s);
  assert_int_equal(s.n, 1);
  assert_int_equal(s.flags[0], WN_WARC_TRUNCATED);
  /* the same in a gzip member cut in half */
  bytes g = {0};
  put_gz(&g, &r1);
  bytes m = gz(r2.d, r2.n);
  put(&g, m.d, m.n / 2);
  read_all(g.d, g.n, NULL, &s);
  assert_int_equal(s.n, 2);
  assert_int_equal(s.flags[1], WN_WARC_TRUNCATED);
  free(w.d), free(r1.d), free(r2.d), free(g.d), free(m.d);
}

static void warc_junk_and_missing_length(void **state) {
  (void)state;
  bytes w = {0};
  puts_b(&w, "this is not a WARC record\r\nnor is this\r\n");
  bytes r1 = record("response", "one", body_a, -1);
  put(&w, r1.d, r1.n);
  /* no Content-Length at all, LF line ends */
  puts_b(&w, "WARC/1.0\nWARC-Type: resource\nWARC-Record-ID: <urn:uuid:nolen>\n\n<html>x</html>\n\n");
  bytes r3 = record("response", "three", body_b, -1);
  put(&w, r3.d, r3.n);
  seen s;
  read_all(w.d, w.n, NULL, &s);
  assert_int_equal(s.n, 4);
  assert_int_equal(s.kinds[0], WN_WARC_JUNK);
  assert_int_equal(s.offsets[0], 0);
  assert_int_equal(s.kinds[1], WN_WARC_RECORD);
  assert_string_equal(s.blocks[1], body_a);
  assert_string_equal(s.ids[2], "<urn:uuid:nolen>");
  assert_int_equal(s.flags[2], WN_WARC_BAD_LENGTH);
  assert_string_equal(s.blocks[2], "<html>x</html>");
  assert_string_equal(s.blocks[3], body_b);
  free(w.d), free(r1.d), free(r3.d);
}

static void warc_oversize_keeps_head(void **state) {
  (void)state;
  bytes big = {0};
  puts_b(&big, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>");
  while (big.n < 100000) puts_b(&big, "<p>lots of text</p>");
  big.d[big.n] = 0;
  bytes w = {0};
  bytes r1 = record("response", "big", (char *)big.d, -1), r2 = record("response", "two", body_b, -1);
  put(&w, r1.d, r1.n);
  put(&w, r2.d, r2.n);
  wn_warc_opts o = {.max_block = 20000, .head = 1000};
  seen s;
  read_all(w.d, w.n, &o, &s);
  assert_int_equal(s.n, 2);
  assert_int_equal(s.flags[0], WN_WARC_OVERSIZE);
  assert_memory_equal(s.blocks[0], "HTTP/1.1 200 OK", 15);
  assert_int_equal(s.flags[1], 0);
  assert_string_equal(s.blocks[1], body_b);
  free(w.d), free(r1.d), free(r2.d), free(big.d);
}

/*** HTTP ***/

static void http_headers(void **state) {
  (void)state;
  static const char b[] =
      "HTTP/1.1 404 Not Found\r\nContent-Type: text/html; charset=\"ISO-8859-1\"\r\n"
      "transfer-encoding: gzip, Chunked\r\nContent-Encoding: x-gzip\r\n\r\nBODY";
  wn_http h;
  assert_int_equal(wn_http_parse((const unsigned char *)b, sizeof b - 1, &h), 0);
  assert_int_equal(h.status, 404);
  assert_int_equal(h.chunked, 1);
  assert_int_equal(h.encoding, WN_ENC_GZIP);
  assert_string_equal(b + h.body_off, "BODY");
  char media[64], cs[32];
  wn_http_media_type(h.ctype, h.ctype_len, media, sizeof media, cs, sizeof cs);
  assert_string_equal(media, "text/html");
  assert_string_equal(cs, "ISO-8859-1");
  wn_http_media_type("Application/XHTML+xml;charset=utf-8", 36, media, sizeof media, cs, sizeof cs);
  assert_string_equal(media, "application/xhtml+xml");
  assert_string_equal(cs, "utf-8");
  static const char lf[] = "HTTP/1.0 200 OK\nContent-Encoding: zstd\n\n<p>";
  assert_int_equal(wn_http_parse((const unsigned char *)lf, sizeof lf - 1, &h), 0);
  assert_int_equal(h.status, 200);
  assert_int_equal(h.encoding, WN_ENC_OTHER);
  static const char br[] = "HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n";
  assert_int_equal(wn_http_parse((const unsigned char *)br, sizeof br - 1, &h), 0);
  assert_int_equal(h.encoding, WN_ENC_BR);
  assert_null(h.ctype);
  assert_int_equal(wn_http_parse((const unsigned char *)"no header end", 13, &h), -1);
}

static void http_dechunk(void **state) {
  (void)state;
  char a[] = "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nTrailer: x\r\n\r\n";
  size_t n = wn_http_dechunk((unsigned char *)a, strlen(a));
  assert_int_equal(n, 12);
  assert_memory_equal(a, "hello, world", 12);
  char t[] = "5\r\nhello\r\nA\r\nabc"; /* truncated: keep what came */
  n = wn_http_dechunk((unsigned char *)t, strlen(t));
  assert_int_equal(n, 8);
  assert_memory_equal(t, "helloabc", 8);
  char p[] = "<html>not chunked</html>";
  assert_int_equal(wn_http_dechunk((unsigned char *)p, strlen(p)), (size_t)-1);
  assert_string_equal(p, "<html>not chunked</html>");
  char h[] = "abc def\r\nlooks like hex but is prose";
  assert_int_equal(wn_http_dechunk((unsigned char *)h, strlen(h)), (size_t)-1);
}

static void http_inflate(void **state) {
  (void)state;
  static const char text[] = "<html><body><p>compressed page, compressed page</p></body></html>";
  int bits[] = {15 + 16, 15, -15};
  int enc[] = {WN_ENC_GZIP, WN_ENC_DEFLATE, WN_ENC_DEFLATE};
  for (int i = 0; i < 3; i++) {
    bytes c = deflate_bits(text, sizeof text - 1, bits[i]);
    unsigned char *out;
    size_t n;
    assert_int_equal(wn_http_inflate(c.d, c.n, enc[i], 1 << 20, &out, &n), 0);
    assert_int_equal(n, sizeof text - 1);
    assert_memory_equal(out, text, n);
    free(out);
    assert_int_equal(wn_http_inflate(c.d, c.n, enc[i], 10, &out, &n), 1); /* over budget */
    free(c.d);
  }
  unsigned char *out;
  size_t n;
  assert_int_equal(wn_http_inflate((const unsigned char *)text, 10, WN_ENC_GZIP, 1 << 20, &out, &n), -1);
}

static void http_brotli(void **state) {
  (void)state;
  static const char text[] = "<html><body><p>a page sent as Brotli, as Brotli, as Brotli</p></body></html>";
  uint8_t c[512];
  size_t cn = sizeof c;
  assert_true(BrotliEncoderCompress(5, 22, BROTLI_MODE_TEXT, sizeof text - 1, (const uint8_t *)text, &cn, c));
  unsigned char *out;
  size_t n;
  assert_int_equal(wn_http_inflate(c, cn, WN_ENC_BR, 1 << 20, &out, &n), 0);
  assert_int_equal(n, sizeof text - 1);
  assert_memory_equal(out, text, n);
  free(out);
  assert_int_equal(wn_http_inflate(c, cn, WN_ENC_BR, 10, &out, &n), 1); /* over budget */
  /* truncated: what arrived is kept */
  assert_int_equal(wn_http_inflate(c, cn - 3, WN_ENC_BR, 1 << 20, &out, &n), 0);
  assert_true(n > 0 && n < sizeof text - 1);
  assert_memory_equal(out, text, n);
  free(out);
  /* stored decoded under a "br" header: not decoded again */
  assert_int_equal(wn_http_inflate((const uint8_t *)text, sizeof text - 1, WN_ENC_BR, 1 << 20, &out, &n), -1);
  /* garbage that yields nothing */
  static const uint8_t junk[] = {0xff, 0xff, 0xff, 0xff, 0x00, 0x13};
  assert_int_equal(wn_http_inflate(junk, sizeof junk, WN_ENC_BR, 1 << 20, &out, &n), -1);
}

static void sniff(void **state) {
  (void)state;
  const unsigned char html[] = "\n  <!DOCTYPE html><html>";
  const unsigned char png[] = "\x89PNG\r\n\x1a\n\0\0\0";
  const unsigned char prose[] = "just some words, no markup";
  const unsigned char late[] = "garbage first then <html><body>";
  assert_true(wn_sniff_html("text/html", html, sizeof html - 1));
  assert_true(wn_sniff_html("", html, sizeof html - 1));
  assert_true(wn_sniff_html("text/html", prose, sizeof prose - 1)); /* the type is trusted */
  assert_false(wn_sniff_html("", prose, sizeof prose - 1));
  assert_false(wn_sniff_html("text/html", png, sizeof png - 1)); /* but not over binary */
  assert_false(wn_sniff_html("image/png", png, sizeof png - 1));
  assert_false(wn_sniff_html("text/css", html, sizeof html - 1));
  assert_true(wn_sniff_html("application/octet-stream", late, sizeof late - 1));
  assert_true(wn_sniff_html("application/xhtml+xml", html, sizeof html - 1));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(src_members_and_boundaries),
      cmocka_unit_test(src_plain_and_peek),
      cmocka_unit_test(src_corrupt_member_resyncs),
      cmocka_unit_test(src_corrupt_member_in_a_file),
      cmocka_unit_test(src_truncated_member),
      cmocka_unit_test(warc_fields_types_and_blocks),
      cmocka_unit_test(warc_wrong_lengths_and_blank_lines),
      cmocka_unit_test(warc_gzip_members_bound_lengths),
      cmocka_unit_test(warc_record_spanning_members),
      cmocka_unit_test(warc_corrupt_member_is_one_event),
      cmocka_unit_test(warc_truncated_last_record),
      cmocka_unit_test(warc_junk_and_missing_length),
      cmocka_unit_test(warc_oversize_keeps_head),
      cmocka_unit_test(http_headers),
      cmocka_unit_test(http_dechunk),
      cmocka_unit_test(http_inflate),
      cmocka_unit_test(http_brotli),
      cmocka_unit_test(sniff),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
