/* Stage 1, decode: bytes in any charset (maybe gzip'd) -> UTF-8.
 *
 * The legacy-charset byte strings below were produced with glibc iconv,
 * e.g.  printf '日本語' | iconv -f UTF-8 -t SHIFT_JIS | xxd -p  */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "input.h"

#define MiB ((size_t)1 << 20)
#define NOLIMIT ((size_t)64 << 20)

/* Decodes s[0..n) and checks the result is a proper C string. */
static wn_input decode(wn_arena *a, const char *s, size_t n, const char *label,
                       size_t max, winnow_status expect) {
  wn_input in;
  winnow_status st = wn_input_decode(a, s, n, label, 0, max, &in);
  assert_int_equal(st, expect);
  if (st == WINNOW_OK) {
    assert_non_null(in.data);
    assert_int_equal(strlen(in.data), in.len);
  } else {
    assert_null(in.data);
  }
  return in;
}

#define DECODE_STR(a, lit, label) \
  decode((a), (lit), sizeof(lit) - 1, (label), NOLIMIT, WINNOW_OK)

/* Independent strict UTF-8 check (RFC 3629). */
static int valid_utf8(const char *p, size_t n) {
  const unsigned char *s = (const unsigned char *)p;
  for (size_t i = 0; i < n;) {
    unsigned c = s[i];
    size_t k;
    unsigned cp;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      k = 1, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      k = 2, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      k = 3, cp = c & 0x07;
    } else {
      return 0;
    }
    if (n - i <= k) return 0;
    for (size_t j = 1; j <= k; j++) {
      if ((s[i + j] & 0xC0) != 0x80) return 0;
      cp = cp << 6 | (s[i + j] & 0x3F);
    }
    if ((k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return 0;
    i += k + 1;
  }
  return 1;
}

/* gzip of src with zlib. */
static unsigned char *gzip_bytes(const void *src, size_t n, size_t *out_len) {
  z_stream z;
  memset(&z, 0, sizeof z);
  assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
                                Z_DEFAULT_STRATEGY),
                   Z_OK);
  size_t cap = deflateBound(&z, (uLong)n) + 64;
  unsigned char *out = malloc(cap);
  assert_non_null(out);
  z.next_in = (Bytef *)(uintptr_t)src;
  z.avail_in = (uInt)n;
  z.next_out = out;
  z.avail_out = (uInt)cap;
  assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
  *out_len = cap - z.avail_out;
  deflateEnd(&z);
  return out;
}

/*** Byte order marks ***/

static void bom_utf8_is_stripped(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  wn_input in = DECODE_STR(&a, "\xEF\xBB\xBF<p>caf\xC3\xA9</p>", NULL);
  assert_string_equal(in.data, "<p>caf\xC3\xA9</p>");
  assert_string_equal(in.charset, "UTF-8");
  assert_int_equal(in.warnings, 0);
  wn_arena_release(&a);
}

static void bom_utf16le(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  /* BOM, "<p>é", U+1F600 as a surrogate pair, "€" */
  static const char le[] = "\xFF\xFE<\0p\0>\0\xE9\0\x3D\xD8\x00\xDE\xAC\x20";
  wn_input in = decode(&a, le, sizeof le - 1, NULL, NOLIMIT, WINNOW_OK);
  assert_string_equal(in.data, "<p>\xC3\xA9\xF0\x9F\x98\x80\xE2\x82\xAC");
  assert_string_equal(in.charset, "UTF-16LE");
  assert_int_equal(in.warnings, 0);
  wn_arena_release(&a);
}

static void bom_utf16be(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  static const char be[] = "\xFE\xFF\0<\0p\0>\0\xE9\xD8\x3D\xDE\x00";
  wn_input in = decode(&a, be, sizeof be - 1, NULL, NOLIMIT, WINNOW_OK);
  assert_string_equal(in.data, "<p>\xC3\xA9\xF0\x9F\x98\x80");
  assert_string_equal(in.charset, "UTF-16BE");
  wn_arena_release(&a);
}

static void utf16_lone_surrogate_nul_and_odd_byte(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  /* 'a', lone high surrogate, 'b', NUL, odd trailing byte */
  static const char le[] = "\xFF\xFE" "a\0\x3D\xD8" "b\0\0\0\x41";
  wn_input in = decode(&a, le, sizeof le - 1, NULL, NOLIMIT, WINNOW_OK);
  assert_string_equal(in.data,
                      "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD");
  assert_true(in.warnings & WINNOW_WARN_CHARSET);
  wn_arena_release(&a);
}

static void bom_beats_label_and_meta(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  static const char page[] =
      "\xEF\xBB\xBF<meta charset=\"shift_jis\"><p>caf\xC3\xA9</p>";
  wn_input in = decode(&a, page, sizeof page - 1, "windows-1252", NOLIMIT,
                       WINNOW_OK);
  assert_string_equal(in.charset, "UTF-8");
  assert_string_equal(in.data, page + 3);
  wn_arena_release(&a);
}

/*** <meta> prescan ***/

/* "日本語のテキスト、カタカナ" */
#define SJIS_TEXT                                                           \
  "\x93\xfa\x96\x7b\x8c\xea\x82\xcc\x83\x65\x83\x4c\x83\x58\x83\x67\x81\x41" \
  "\x83\x4a\x83\x5e\x83\x4a\x83\x69"
#define SJIS_UTF8                                                          \
  "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe3\x83\x86\xe3\x82\xad" \
  "\xe3\x82\xb9\xe3\x83\x88\xe3\x80\x81\xe3\x82\xab\xe3\x82\xbf\xe3\x82\xab" \
  "\xe3\x83\x8a"

static void meta_charset_quotes(void **state) {
  (void)state;
  static const char *const heads[] = {
      "<html><head><meta charset=\"shift_jis\"></head><p>",
      "<html><head><meta charset='Shift_JIS'></head><p>",
      "<html><head><meta charset=x-sjis></head><p>",
      "<html><head><META CHARSET = \" sjis \" /></head><p>",
      "<html><head><meta name=viewport charset=ms_kanji content=x></head><p>",
  };
  for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
    wn_arena a;
    wn_arena_init(&a, NULL);
    char page[256];
    size_t h = strlen(heads[i]);
    memcpy(page, heads[i], h);
    memcpy(page + h, SJIS_TEXT, sizeof SJIS_TEXT - 1);
    wn_input in = decode(&a, page, h + sizeof SJIS_TEXT - 1, NULL, NOLIMIT,
                         WINNOW_OK);
    assert_string_equal(in.charset, "Shift_JIS");
    assert_memory_equal(in.data, heads[i], h);
    assert_string_equal(in.data + h, SJIS_UTF8);
    assert_int_equal(in.warnings, 0);
    wn_arena_release(&a);
  }
}

/* "中文网页正文" in GB2312 */
#define GB_TEXT "\xd6\xd0\xce\xc4\xcd\xf8\xd2\xb3\xd5\xfd\xce\xc4"
#define GB_UTF8                                                            \
  "\xe4\xb8\xad\xe6\x96\x87\xe7\xbd\x91\xe9\xa1\xb5\xe6\xad\xa3\xe6\x96\x87"

static void meta_http_equiv(void **state) {
  (void)state;
  static const char *const heads[] = {
      "<meta http-equiv=\"Content-Type\" content=\"text/html; "
      "charset=gb2312\">",
      "<meta content='text/html;charset=\"GB2312\"' "
      "http-equiv='content-type'>",
      "<meta http-equiv=content-type content=\"text/html; charset = gbk; "
      "x=y\">",
  };
  for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
    wn_arena a;
    wn_arena_init(&a, NULL);
    char page[256];
    size_t h = strlen(heads[i]);
    memcpy(page, heads[i], h);
    memcpy(page + h, GB_TEXT, sizeof GB_TEXT - 1);
    wn_input in =
        decode(&a, page, h + sizeof GB_TEXT - 1, NULL, NOLIMIT, WINNOW_OK);
    assert_string_equal(in.charset, "GBK");
    assert_string_equal(in.data + h, GB_UTF8);
    wn_arena_release(&a);
  }
}

static void meta_content_without_http_equiv_is_ignored(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  /* no http-equiv="content-type": WHATWG ignores the content charset */
  wn_input in = DECODE_STR(
      &a, "<meta content=\"text/html; charset=koi8-r\"><p>caf\xC3\xA9", NULL);
  assert_string_equal(in.charset, "UTF-8");
  wn_arena_release(&a);
}

static void meta_after_comment(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  /* the declaration inside the comment does not count; "<!-->" closes */
  static const char page[] = "<!DOCTYPE html><!-- <meta charset=koi8-r> -->"
                             "<title x='<meta charset=big5>'>t</title>"
                             "<meta charset=\"euc-kr\"><p>"
                             "\xc7\xd1\xb1\xb9\xbe\xee";
  wn_input in = decode(&a, page, sizeof page - 1, NULL, NOLIMIT, WINNOW_OK);
  assert_string_equal(in.charset, "EUC-KR");
  /* 한국어 */
  assert_non_null(strstr(in.data, "<p>\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4"));
  /* "<!-->" is a whole comment: what follows counts */
  in = DECODE_STR(&a, "<!--><meta charset=koi8-r><p>\xf0", NULL);
  assert_string_equal(in.charset, "KOI8-R");
  /* an unclosed comment hides the rest of the window */
  in = DECODE_STR(&a, "<!-- <meta charset=koi8-r><p>\xf0!", NULL);
  assert_string_equal(in.charset, "windows-1252");
  wn_arena_release(&a);
}

static void meta_past_1024_bytes_is_not_seen(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  char page[1200];
  memset(page, ' ', sizeof page);
  static const char tail[] = "<meta charset=windows-1251>\xcf!";
  memcpy(page + 1100, tail, sizeof tail - 1);
  wn_input in = decode(&a, page, 1100 + sizeof tail - 1, NULL, NOLIMIT,
                       WINNOW_OK);
  /* not declared, not UTF-8: windows-1252 */
  assert_string_equal(in.charset, "windows-1252");
  assert_string_equal(in.data + 1100, "<meta charset=windows-1251>\xc3\x8f!");
  wn_arena_release(&a);
}

static void meta_utf16_means_utf8_and_x_user_defined_means_1252(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  wn_input in = DECODE_STR(&a, "<meta charset=utf-16><p>caf\xC3\xA9", NULL);
  assert_string_equal(in.charset, "UTF-8");
  assert_string_equal(in.data, "<meta charset=utf-16><p>caf\xC3\xA9");
  in = DECODE_STR(&a, "<meta charset=x-user-defined><p>caf\xE9", NULL);
  assert_string_equal(in.charset, "windows-1252");
  assert_string_equal(in.data, "<meta charset=x-user-defined><p>caf\xC3\xA9");
  wn_arena_release(&a);
}

static void meta_iso_2022_jp(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  wn_input in = DECODE_STR(&a,
                           "<meta charset=iso-2022-jp><p>"
                           "\x1b\x24\x42\x46\x7c\x4b\x5c\x38\x6c\x1b\x28\x42!",
                           NULL);
  assert_string_equal(in.charset, "ISO-2022-JP");
  assert_string_equal(in.data, "<meta charset=iso-2022-jp><p>"
                               "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e!");
  wn_arena_release(&a);
}

/*** Caller's label ***/

static void label_beats_meta(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  wn_input in =
      DECODE_STR(&a, "<meta charset=utf-8><p>caf\xE9</p>", "ISO-8859-1");
  assert_string_equal(in.charset, "windows-1252");
  assert_string_equal(in.data, "<meta charset=utf-8><p>caf\xC3\xA9</p>");
  wn_arena_release(&a);
}

/* Crawlers re-encode pages to UTF-8 and leave the old <meta>: bytes that
 * hold multi-byte UTF-8 and nothing broken are UTF-8, whatever the meta
 * says.  A BOM and the caller's label still win. */
static void utf8_bytes_beat_a_legacy_meta(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  static const char *const pages[] = {
      "<meta charset=\"iso-8859-1\"><p>caf\xC3\xA9 na\xC3\xAFve</p>",
      "<meta http-equiv=Content-Type content=\"text/html; charset=gb2312\">"
      "<p>" GB_UTF8 "</p>",
      "<meta charset=shift_jis><p>" SJIS_UTF8 "</p>",
      "<meta charset=windows-1252><p>\xE2\x80\x9Cquoted\xE2\x80\x9D</p>",
  };
  for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
    wn_input in =
        decode(&a, pages[i], strlen(pages[i]), NULL, NOLIMIT, WINNOW_OK);
    assert_string_equal(in.charset, "UTF-8");
    assert_string_equal(in.data, pages[i]);
    assert_int_equal(in.warnings, 0);
  }
  /* the label wins */
  wn_input in = decode(&a, pages[0], strlen(pages[0]), "iso-8859-1",
                       NOLIMIT, WINNOW_OK);
  assert_string_equal(in.charset, "windows-1252");
  assert_string_equal(in.data, "<meta charset=\"iso-8859-1\"><p>caf\xC3\x83"
                               "\xC2\xA9 na\xC3\x83\xC2\xAFve</p>");
  wn_arena_release(&a);
}

/* A hint (an HTTP header's label) is trusted like a <meta>, ahead of the
 * page's own <meta>, and gives way to UTF-8 bytes in the same way. */
static void hinted_label_yields_to_utf8_bytes(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  wn_input in;
  /* a server's default Latin-1 label on a UTF-8 page */
  static const char utf8[] = "<p>caf\xC3\xA9 na\xC3\xAFve</p>";
  assert_int_equal(wn_input_decode(&a, utf8, sizeof utf8 - 1, "iso-8859-1", 1, NOLIMIT, &in),
                   WINNOW_OK);
  assert_string_equal(in.charset, "UTF-8");
  assert_string_equal(in.data, utf8);
  /* Latin-1 bytes: the hint holds */
  static const char latin1[] = "<p>caf\xE9</p>";
  assert_int_equal(wn_input_decode(&a, latin1, sizeof latin1 - 1, "iso-8859-1", 1, NOLIMIT, &in),
                   WINNOW_OK);
  assert_string_equal(in.charset, "windows-1252");
  assert_string_equal(in.data, "<p>caf\xC3\xA9</p>");
  /* the hint outranks the page's <meta> */
  static const char koi[] = "<meta charset=koi8-r><p>caf\xE9</p>";
  assert_int_equal(wn_input_decode(&a, koi, sizeof koi - 1, "windows-1252", 1, NOLIMIT, &in),
                   WINNOW_OK);
  assert_string_equal(in.charset, "windows-1252");
  assert_string_equal(in.data, "<meta charset=koi8-r><p>caf\xC3\xA9</p>");
  /* a UTF-8 hint is UTF-8, as a label is */
  assert_int_equal(wn_input_decode(&a, latin1, sizeof latin1 - 1, "utf-8", 1, NOLIMIT, &in),
                   WINNOW_OK);
  assert_string_equal(in.charset, "UTF-8");
  assert_string_equal(in.data, "<p>caf\xEF\xBF\xBD</p>");
  /* an unknown hint is no hint: the <meta> decides */
  assert_int_equal(wn_input_decode(&a, koi, sizeof koi - 1, "no-such-charset", 1, NOLIMIT, &in),
                   WINNOW_OK);
  assert_string_equal(in.charset, "KOI8-R");
  wn_arena_release(&a);
}

static void legacy_meta_holds_when_bytes_are_not_utf8(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  /* Latin-1 text: broken as UTF-8 */
  wn_input in = DECODE_STR(&a, "<meta charset=iso-8859-1><p>caf\xE9</p>", NULL);
  assert_string_equal(in.charset, "windows-1252");
  assert_string_equal(in.data, "<meta charset=iso-8859-1><p>caf\xC3\xA9</p>");
  /* nothing but ASCII: nothing tells the meta wrong */
  in = DECODE_STR(&a, "<meta charset=iso-8859-2><p>plain</p>", NULL);
  assert_string_equal(in.charset, "ISO-8859-2");
  /* one broken sequence among few good ones: the meta is believed (an
   * undeclared page this mixed would be UTF-8) */
  in = DECODE_STR(&a,
                  "<meta charset=iso-8859-1><p>caf\xC3\xA9 na\xC3\xAFve "
                  "\xE2\x80\x9Cq\xE2\x80\x9D \xA0x</p>",
                  NULL);
  assert_string_equal(in.charset, "windows-1252");
  wn_arena_release(&a);
}

/* A page re-encoded to UTF-8 but for one stray byte is still UTF-8 when
 * its good sequences are many (UTF8_OVER_META in input.c). */
static void long_utf8_page_with_a_stray_byte_beats_the_meta(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  char page[1024];
  size_t k = 0;
  const char *head = "<meta charset=iso-8859-1><p>";
  memcpy(page + k, head, strlen(head));
  k += strlen(head);
  for (int i = 0; i < 64; i++) { /* 64 x "é" */
    page[k++] = '\xC3';
    page[k++] = '\xA9';
  }
  page[k++] = '\xA0'; /* the stray byte */
  memcpy(page + k, "</p>", 4);
  k += 4;
  wn_input in = decode(&a, page, k, NULL, NOLIMIT, WINNOW_OK);
  assert_string_equal(in.charset, "UTF-8");
  assert_memory_equal(in.data, page, k - 5);
  assert_true(in.warnings & WINNOW_WARN_CHARSET); /* the U+FFFD */
  /* one "é" fewer: the meta is believed */
  memmove(page + k - 7, page + k - 5, 5);
  in = decode(&a, page, k - 2, NULL, NOLIMIT, WINNOW_OK);
  assert_string_equal(in.charset, "windows-1252");
  wn_arena_release(&a);
}

static void unknown_label_is_ignored(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  /* falls through to the meta */
  wn_input in = DECODE_STR(&a, "<meta charset=koi8-r><p>\xf0\xd2\xc9\xd7\xc5\xd4",
                           "klingon-8");
  assert_string_equal(in.charset, "KOI8-R");
  assert_string_equal(in.data, "<meta charset=koi8-r><p>"
                               "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82");
  /* falls through to sniffing */
  in = DECODE_STR(&a, "<p>caf\xC3\xA9", "");
  assert_string_equal(in.charset, "UTF-8");
  wn_arena_release(&a);
}

static void legacy_cjk_labels(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  wn_input in = DECODE_STR(&a, SJIS_TEXT, "shift_jis");
  assert_string_equal(in.data, SJIS_UTF8);
  assert_string_equal(in.charset, "Shift_JIS");

  in = DECODE_STR(&a, GB_TEXT, "gb2312");
  assert_string_equal(in.data, GB_UTF8);
  assert_string_equal(in.charset, "GBK");

  /* 한국어 문서 */
  in = DECODE_STR(&a, "\xc7\xd1\xb1\xb9\xbe\xee\x20\xb9\xae\xbc\xad",
                  "ks_c_5601-1987");
  assert_string_equal(in.data, "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4 "
                               "\xeb\xac\xb8\xec\x84\x9c");
  assert_string_equal(in.charset, "EUC-KR");

  /* 繁體中文網頁 */
  in = DECODE_STR(&a, "\xc1\x63\xc5\xe9\xa4\xa4\xa4\xe5\xba\xf4\xad\xb6",
                  "big5");
  assert_string_equal(in.data, "\xe7\xb9\x81\xe9\xab\x94\xe4\xb8\xad\xe6\x96"
                               "\x87\xe7\xb6\xb2\xe9\xa0\x81");
  assert_string_equal(in.charset, "Big5");

  /* 日本語 in EUC-JP */
  in = DECODE_STR(&a, "\xc6\xfc\xcb\xdc\xb8\xec", "x-euc-jp");
  assert_string_equal(in.data, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e");
  wn_arena_release(&a);
}

static void shift_jis_is_windows_31j(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  /* 0x8740 is ① (NEC row 13), 0x8160 is ～ U+FF5E as browsers show it */
  wn_input in = DECODE_STR(&a, "\x87\x40\x81\x60", "sjis");
  assert_string_equal(in.data, "\xe2\x91\xa0\xef\xbd\x9e");
  wn_arena_release(&a);
}

static void legacy_invalid_bytes_become_fffd(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  /* 0xA0 is no Shift_JIS byte; 0x82 needs a trail byte and a space is
   * none (the space is kept); 0x82 at the very end is incomplete */
  wn_input in = DECODE_STR(&a, "a\xA0" "b\x82 c\x82", "shift_jis");
  assert_string_equal(in.data, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD c\xEF\xBF\xBD");
  assert_true(in.warnings & WINNOW_WARN_CHARSET);
  wn_arena_release(&a);
}

/*** Sniffing ***/

static void valid_utf8_without_declaration(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  static const char page[] =
      "<html><body><p>Cr\xC3\xA8me br\xC3\xBBl\xC3\xA9\x65 \xE2\x80\x94 "
      "\xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80</p></body></html>";
  wn_input in = decode(&a, page, sizeof page - 1, NULL, NOLIMIT, WINNOW_OK);
  assert_string_equal(in.charset, "UTF-8");
  assert_string_equal(in.data, page);
  assert_int_equal(in.warnings, 0);
  wn_arena_release(&a);
}

static void windows_1252_without_declaration(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  wn_input in =
      DECODE_STR(&a, "<p>\x93\x43\x61\x66\xE9\x94 \x80\x35 \x85 na\xEFve</p>", NULL);
  assert_string_equal(in.charset, "windows-1252");
  assert_string_equal(in.data, "<p>\xE2\x80\x9C" "Caf\xC3\xA9\xE2\x80\x9D "
                               "\xE2\x82\xAC" "5 \xE2\x80\xA6 na\xC3\xAFve</p>");
  assert_int_equal(in.warnings, 0);
  /* the five holes of windows-1252 are C1 controls, as WHATWG says, and
   * control characters are never text: they are removed */
  in = DECODE_STR(&a, "a\x81\x8D\x8F\x90\x9D" "b", "cp1252");
  assert_string_equal(in.data, "ab");
  wn_arena_release(&a);
}

static void control_characters_removed(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  /* BEL, ESC, DEL and a C1 control go; tab, LF, FF and CR stay */
  wn_input in = DECODE_STR(&a, "a\x07" "b\x1b" "c\x7f" "d\xc2\x85" "e\t\n\f\rf", NULL);
  assert_string_equal(in.data, "abcde\t\n\f\rf");
  assert_int_equal(in.len, strlen("abcde\t\n\f\rf"));
  wn_arena_release(&a);
}

static void mostly_utf8_with_a_stray_byte_stays_utf8(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  /* three good sequences, one stray Latin-1 byte */
  wn_input in = DECODE_STR(
      &a, "<p>caf\xC3\xA9, na\xC3\xAFve, \xE2\x80\x9Cq\xE2\x80\x9D \xA0x</p>",
      NULL);
  assert_string_equal(in.charset, "UTF-8");
  assert_string_equal(in.data, "<p>caf\xC3\xA9, na\xC3\xAFve, \xE2\x80\x9Cq"
                               "\xE2\x80\x9D \xEF\xBF\xBDx</p>");
  assert_true(in.warnings & WINNOW_WARN_CHARSET);
  wn_arena_release(&a);
}

/*** Replacement ***/

static void invalid_utf8_becomes_fffd(void **state) {
  (void)state;
  static const struct {
    const char *in, *out;
  } cases[] = {
      {"a\xC3(b", "a\xEF\xBF\xBD(b"},                   /* missing trail */
      {"\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD"},         /* overlong */
      {"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* surrogate */
      {"\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
      {"\xE2\x82x", "\xEF\xBF\xBDx"},      /* one U+FFFD per maximal subpart */
      {"\xFF\xFE\xFD", NULL},               /* FF FE is a BOM: skip */
      {"x\xE2\x82", "x\xEF\xBF\xBD"},       /* cut at the end */
      {"\x80", "\xEF\xBF\xBD"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    if (!cases[i].out) continue;
    wn_arena a;
    wn_arena_init(&a, NULL);
    wn_input in = decode(&a, cases[i].in, strlen(cases[i].in), "utf-8",
                         NOLIMIT, WINNOW_OK);
    assert_string_equal(in.data, cases[i].out);
    assert_true(in.warnings & WINNOW_WARN_CHARSET);
    assert_int_equal(in.warnings & WINNOW_WARN_TRUNCATED, 0);
    wn_arena_release(&a);
  }
}

static void nul_becomes_fffd(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  static const char page[] = "<p>a\0b</p>";
  wn_input in = decode(&a, page, sizeof page - 1, NULL, NOLIMIT, WINNOW_OK);
  assert_string_equal(in.data, "<p>a\xEF\xBF\xBD" "b</p>");
  assert_int_equal(in.len, sizeof page - 1 + 2);
  assert_true(in.warnings & WINNOW_WARN_CHARSET);
  /* the same in windows-1252 and through iconv */
  in = decode(&a, "\xE9\0", 2, "latin1", NOLIMIT, WINNOW_OK);
  assert_string_equal(in.data, "\xC3\xA9\xEF\xBF\xBD");
  assert_true(in.warnings & WINNOW_WARN_CHARSET);
  in = decode(&a, "\xf0\0\xf0", 3, "koi8-r", NOLIMIT, WINNOW_OK);
  assert_string_equal(in.data, "\xd0\x9f\xEF\xBF\xBD\xd0\x9f");
  assert_true(in.warnings & WINNOW_WARN_CHARSET);
  wn_arena_release(&a);
}

static void empty_input(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  wn_input in = decode(&a, "", 0, NULL, NOLIMIT, WINNOW_OK);
  assert_string_equal(in.data, "");
  assert_int_equal(in.len, 0);
  assert_int_equal(in.warnings, 0);
  in = decode(&a, NULL, 0, "shift_jis", NOLIMIT, WINNOW_OK);
  assert_string_equal(in.data, "");
  in = decode(&a, "\xEF\xBB\xBF", 3, NULL, NOLIMIT, WINNOW_OK);
  assert_string_equal(in.data, "");
  assert_int_equal(wn_input_decode(&a, NULL, 5, NULL, 0, NOLIMIT, &in),
                   WINNOW_E_INVALID);
  wn_arena_release(&a);
}

/*** max_bytes ***/

/* For every limit, the output is a whole-character prefix of full. */
static void check_cuts(const char *src, size_t n, const char *label,
                       const char *full) {
  size_t flen = strlen(full);
  for (size_t max = 0; max <= flen + 2; max++) {
    wn_arena a;
    wn_arena_init(&a, NULL);
    wn_input in = decode(&a, src, n, label, max, WINNOW_OK);
    assert_true(in.len <= max);
    assert_memory_equal(in.data, full, in.len);
    assert_true(valid_utf8(in.data, in.len));
    if (max < flen) {
      assert_true(in.warnings & WINNOW_WARN_TRUNCATED);
      /* nothing dropped that would have fit */
      size_t next = in.len + 1;
      while (next < flen && ((unsigned char)full[next] & 0xC0) == 0x80) next++;
      assert_true(next > max);
    } else {
      assert_int_equal(in.len, flen);
      assert_int_equal(in.warnings & WINNOW_WARN_TRUNCATED, 0);
    }
    wn_arena_release(&a);
  }
}

static void truncation_keeps_whole_characters(void **state) {
  (void)state;
  static const char u8[] = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z";
  check_cuts(u8, sizeof u8 - 1, NULL, u8);
  check_cuts("a\xE9\x80z\x93", 5, "windows-1252",
             "a\xC3\xA9\xE2\x82\xAC" "z\xE2\x80\x9C");
  check_cuts(SJIS_TEXT, sizeof SJIS_TEXT - 1, "shift_jis", SJIS_UTF8);
  check_cuts("\xFF\xFE\x41\0\xE9\0\x3D\xD8\x00\xDE", 10, NULL,
             "A\xC3\xA9\xF0\x9F\x98\x80");
  /* replacement characters are whole characters too */
  check_cuts("a\xFF" "b\0", 4, "utf-8", "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
}

static void big_input_is_cut_at_max_bytes(void **state) {
  (void)state;
  size_t n = 3 * MiB;
  char *page = malloc(n);
  assert_non_null(page);
  for (size_t i = 0; i < n; i += 3) memcpy(page + i, "\xE2\x82\xAC", 3);
  wn_arena a;
  wn_arena_init(&a, NULL);
  wn_input in = decode(&a, page, n, NULL, MiB, WINNOW_OK);
  assert_int_equal(in.len, MiB - MiB % 3);
  assert_true(in.warnings & WINNOW_WARN_TRUNCATED);
  assert_string_equal(in.charset, "UTF-8");
  assert_memory_equal(in.data, page, in.len);
  wn_arena_release(&a);
  free(page);
}

/*** gzip ***/

static void gzip_is_inflated_then_sniffed(void **state) {
  (void)state;
  static const char page[] = "<html><head><meta charset=\"shift_jis\">"
                             "</head><body><p>" SJIS_TEXT "</p></body></html>";
  size_t zn;
  unsigned char *z = gzip_bytes(page, sizeof page - 1, &zn);
  wn_arena a;
  wn_arena_init(&a, NULL);
  wn_input in = decode(&a, (const char *)z, zn, NULL, NOLIMIT, WINNOW_OK);
  assert_string_equal(in.charset, "Shift_JIS");
  assert_non_null(strstr(in.data, "<p>" SJIS_UTF8 "</p>"));
  assert_int_equal(in.warnings, 0);
  wn_arena_release(&a);
  free(z);
}

static void gzip_concatenated_members(void **state) {
  (void)state;
  size_t n1, n2;
  unsigned char *z1 = gzip_bytes("<p>first, ", 10, &n1);
  unsigned char *z2 = gzip_bytes("second</p>", 10, &n2);
  unsigned char *both = malloc(n1 + n2);
  assert_non_null(both);
  memcpy(both, z1, n1);
  memcpy(both + n1, z2, n2);
  wn_arena a;
  wn_arena_init(&a, NULL);
  wn_input in =
      decode(&a, (const char *)both, n1 + n2, NULL, NOLIMIT, WINNOW_OK);
  assert_string_equal(in.data, "<p>first, second</p>");
  assert_int_equal(in.warnings, 0);
  wn_arena_release(&a);
  free(both);
  free(z1);
  free(z2);
}

static char *prose(size_t n) {
  /* text that does not compress to nothing */
  char *s = malloc(n + 1);
  assert_non_null(s);
  uint32_t x = 12345;
  for (size_t i = 0; i < n; i++) {
    x = x * 1103515245u + 12345u;
    s[i] = (char)("abcdefghijklmnopqrstuvwxyz  .,\n"[(x >> 16) % 31]);
  }
  s[n] = '\0';
  return s;
}

static void gzip_truncated_keeps_prefix(void **state) {
  (void)state;
  size_t n = 200000, zn;
  char *text = prose(n);
  unsigned char *z = gzip_bytes(text, n, &zn);
  wn_arena a;
  wn_arena_init(&a, NULL);
  wn_input in = decode(&a, (const char *)z, zn / 2, NULL, NOLIMIT, WINNOW_OK);
  assert_true(in.len > 0);
  assert_true(in.len < n);
  assert_memory_equal(in.data, text, in.len);
  assert_true(in.warnings & WINNOW_WARN_TRUNCATED);
  /* missing only the 8-byte trailer: all text there, still warned */
  in = decode(&a, (const char *)z, zn - 8, NULL, NOLIMIT, WINNOW_OK);
  assert_int_equal(in.len, n);
  assert_true(in.warnings & WINNOW_WARN_TRUNCATED);
  wn_arena_release(&a);
  free(z);
  free(text);
}

static void gzip_corrupt_is_a_decode_error(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  wn_input in;
  /* a header, then bytes that are no deflate stream (block type 3) */
  static const char bad[] = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"
                            "\xff\xff\xff\xff\xff\xff";
  decode(&a, bad, sizeof bad - 1, NULL, NOLIMIT, WINNOW_E_DECODE);
  /* wrong compression method */
  decode(&a, "\x1f\x8b\x07\x00\x00\x00\x00\x00\x00\x03" "abc", 13, NULL, NOLIMIT,
         WINNOW_E_DECODE);
  /* only the magic */
  decode(&a, "\x1f\x8b", 2, NULL, NOLIMIT, WINNOW_E_DECODE);
  assert_int_equal(wn_input_decode(&a, bad, sizeof bad - 1, NULL, 0, NOLIMIT, &in),
                   WINNOW_E_DECODE);
  assert_null(in.data);
  /* a bad checksum after the whole text: text kept, warned */
  size_t zn;
  unsigned char *z = gzip_bytes("<p>hello</p>", 12, &zn);
  z[zn - 6] ^= 0x55; /* CRC32 */
  in = decode(&a, (const char *)z, zn, NULL, NOLIMIT, WINNOW_OK);
  assert_string_equal(in.data, "<p>hello</p>");
  assert_true(in.warnings & WINNOW_WARN_TRUNCATED);
  free(z);
  wn_arena_release(&a);
}

/* An allocator that counts live bytes and remembers the peak. */
typedef struct counter {
  size_t live, peak, biggest, calls;
} counter;

static void *c_alloc(void *ud, size_t n) {
  counter *c = ud;
  size_t *p = malloc(n + 16);
  if (!p) return NULL;
  p[0] = n;
  c->live += n;
  c->calls++;
  if (c->live > c->peak) c->peak = c->live;
  if (n > c->biggest) c->biggest = n;
  return (char *)p + 16;
}

static void c_free(void *ud, void *q) {
  counter *c = ud;
  if (!q) return;
  size_t *p = (size_t *)(void *)((char *)q - 16);
  c->live -= p[0];
  free(p);
}

static void *c_realloc(void *ud, void *q, size_t n) {
  counter *c = ud;
  if (!q) return c_alloc(ud, n);
  size_t *p = (size_t *)(void *)((char *)q - 16);
  size_t old = p[0];
  size_t *r = realloc(p, n + 16);
  if (!r) return NULL;
  r[0] = n;
  c->live = c->live - old + n;
  c->calls++;
  if (c->live > c->peak) c->peak = c->live;
  if (n > c->biggest) c->biggest = n;
  return (char *)r + 16;
}

static void gzip_bomb_is_bounded(void **state) {
  (void)state;
  /* 256 MiB of 'a' gzip'd to a few hundred KiB, read with max_bytes 1 MiB */
  size_t chunk = MiB, total = 256 * MiB;
  char *a_s = malloc(chunk);
  assert_non_null(a_s);
  memset(a_s, 'a', chunk);
  z_stream z;
  memset(&z, 0, sizeof z);
  assert_int_equal(
      deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
      Z_OK);
  size_t cap = MiB, zn = 0;
  unsigned char *zb = malloc(cap);
  assert_non_null(zb);
  for (size_t done = 0; done < total; done += chunk) {
    z.next_in = (Bytef *)a_s;
    z.avail_in = (uInt)chunk;
    int flush = done + chunk == total ? Z_FINISH : Z_NO_FLUSH;
    do {
      z.next_out = zb + zn;
      z.avail_out = (uInt)(cap - zn);
      deflate(&z, flush);
      zn = cap - z.avail_out;
    } while (z.avail_in);
  }
  deflateEnd(&z);
  free(a_s);

  counter c = {0, 0, 0, 0};
  winnow_allocator mem = {c_alloc, c_realloc, c_free, &c};
  wn_arena ar;
  wn_arena_init(&ar, &mem);
  wn_input in = decode(&ar, (const char *)zb, zn, NULL, MiB, WINNOW_OK);
  assert_int_equal(in.len, MiB);
  assert_true(in.warnings & WINNOW_WARN_TRUNCATED);
  assert_true(in.data[0] == 'a' && in.data[MiB - 1] == 'a');
  /* inflated bytes are capped at max_bytes + a few, no single block is
   * larger, and at most the inflated and the decoded copy coexist (plus
   * zlib's state and an arena chunk) */
  assert_true(c.biggest <= MiB + 64);
  assert_true(c.peak <= 2 * MiB + 256 * 1024);
  wn_arena_release(&ar);
  assert_int_equal(c.live, 0);
  free(zb);
}

/* Everything but the arena's output is given back, on every path. */
static void no_leaks_through_hooks(void **state) {
  (void)state;
  counter c = {0, 0, 0, 0};
  winnow_allocator mem = {c_alloc, c_realloc, c_free, &c};
  wn_arena a;
  wn_arena_init(&a, &mem);
  size_t zn;
  unsigned char *z = gzip_bytes("<meta charset=gbk>" GB_TEXT, 18 + 12, &zn);
  wn_input in = decode(&a, (const char *)z, zn, NULL, NOLIMIT, WINNOW_OK);
  assert_string_equal(in.data + 18, GB_UTF8);
  decode(&a, (const char *)z, zn / 2, NULL, NOLIMIT, WINNOW_OK);
  decode(&a, (const char *)z, 10, NULL, NOLIMIT, WINNOW_E_DECODE);
  decode(&a, SJIS_TEXT, 5, "shift_jis", 4, WINNOW_OK);
  decode(&a, "x\xFFy", 3, NULL, NOLIMIT, WINNOW_OK);
  assert_int_equal(c.live, a.total);
  wn_arena_release(&a);
  assert_int_equal(c.live, 0);
  free(z);
}

/*** Labels ***/

static void canonical_names(void **state) {
  (void)state;
  static const struct {
    const char *label, *name;
  } cases[] = {
      {"utf-8", "UTF-8"},
      {"UTF8", "UTF-8"},
      {"unicode-1-1-utf-8", "UTF-8"},
      {" \tLatin1\n", "windows-1252"},
      {"iso-8859-1", "windows-1252"},
      {"ISO8859-1", "windows-1252"},
      {"ascii", "windows-1252"},
      {"us-ascii", "windows-1252"},
      {"cp1252", "windows-1252"},
      {"l1", "windows-1252"},
      {"iso-8859-2", "ISO-8859-2"},
      {"iso-8859-9", "windows-1254"},
      {"iso-8859-15", "ISO-8859-15"},
      {"iso-8859-16", "ISO-8859-16"},
      {"windows-1250", "windows-1250"},
      {"windows-1258", "windows-1258"},
      {"koi8-r", "KOI8-R"},
      {"koi8-u", "KOI8-U"},
      {"x-sjis", "Shift_JIS"},
      {"SJIS", "Shift_JIS"},
      {"ms_kanji", "Shift_JIS"},
      {"windows-31j", "Shift_JIS"},
      {"csshiftjis", "Shift_JIS"},
      {"euc-jp", "EUC-JP"},
      {"iso-2022-jp", "ISO-2022-JP"},
      {"gb2312", "GBK"},
      {"chinese", "GBK"},
      {"x-gbk", "GBK"},
      {"csgb2312", "GBK"},
      {"gb_2312-80", "GBK"},
      {"iso-ir-58", "GBK"},
      {"gb18030", "gb18030"},
      {"big5-hkscs", "Big5"},
      {"x-x-big5", "Big5"},
      {"ks_c_5601-1987", "EUC-KR"},
      {"windows-949", "EUC-KR"},
      {"utf-16", "UTF-16LE"},
      {"utf-16le", "UTF-16LE"},
      {"utf-16be", "UTF-16BE"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *got =
        wn_charset_canonical(cases[i].label, strlen(cases[i].label));
    assert_non_null(got);
    assert_string_equal(got, cases[i].name);
  }
  assert_null(wn_charset_canonical("utf-9", 5));
  assert_null(wn_charset_canonical("", 0));
  assert_null(wn_charset_canonical("   ", 3));
  assert_null(wn_charset_canonical(NULL, 0));
  assert_null(wn_charset_canonical("iso-2022-kr", 11)); /* replacement */
  /* only len bytes are read */
  assert_string_equal(wn_charset_canonical("utf-8garbage", 5), "UTF-8");
  assert_null(wn_charset_canonical("utf-8 garbage", 13));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(bom_utf8_is_stripped),
      cmocka_unit_test(bom_utf16le),
      cmocka_unit_test(bom_utf16be),
      cmocka_unit_test(utf16_lone_surrogate_nul_and_odd_byte),
      cmocka_unit_test(bom_beats_label_and_meta),
      cmocka_unit_test(meta_charset_quotes),
      cmocka_unit_test(meta_http_equiv),
      cmocka_unit_test(meta_content_without_http_equiv_is_ignored),
      cmocka_unit_test(meta_after_comment),
      cmocka_unit_test(meta_past_1024_bytes_is_not_seen),
      cmocka_unit_test(meta_utf16_means_utf8_and_x_user_defined_means_1252),
      cmocka_unit_test(meta_iso_2022_jp),
      cmocka_unit_test(label_beats_meta),
      cmocka_unit_test(utf8_bytes_beat_a_legacy_meta),
      cmocka_unit_test(hinted_label_yields_to_utf8_bytes),
      cmocka_unit_test(legacy_meta_holds_when_bytes_are_not_utf8),
      cmocka_unit_test(long_utf8_page_with_a_stray_byte_beats_the_meta),
      cmocka_unit_test(unknown_label_is_ignored),
      cmocka_unit_test(legacy_cjk_labels),
      cmocka_unit_test(shift_jis_is_windows_31j),
      cmocka_unit_test(legacy_invalid_bytes_become_fffd),
      cmocka_unit_test(valid_utf8_without_declaration),
      cmocka_unit_test(windows_1252_without_declaration),
      cmocka_unit_test(control_characters_removed),
      cmocka_unit_test(mostly_utf8_with_a_stray_byte_stays_utf8),
      cmocka_unit_test(invalid_utf8_becomes_fffd),
      cmocka_unit_test(nul_becomes_fffd),
      cmocka_unit_test(empty_input),
      cmocka_unit_test(truncation_keeps_whole_characters),
      cmocka_unit_test(big_input_is_cut_at_max_bytes),
      cmocka_unit_test(gzip_is_inflated_then_sniffed),
      cmocka_unit_test(gzip_concatenated_members),
      cmocka_unit_test(gzip_truncated_keeps_prefix),
      cmocka_unit_test(gzip_corrupt_is_a_decode_error),
      cmocka_unit_test(gzip_bomb_is_bounded),
      cmocka_unit_test(no_leaks_through_hooks),
      cmocka_unit_test(canonical_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
