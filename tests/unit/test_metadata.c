/* Metadata: the date normalizer, the RFC 3986 resolver, and the order of
 * trust between the sources a page gives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "metadata.h"
#include "winnow.h"

/*** Dates ***/

static void date_is(const char *in, const char *want) {
  char out[WN_DATE_MAX];
  int ok = wn_date_normalize(in, out);
  if (!want) {
    if (ok) fail_msg("%s: expected no date, got %s", in, out);
    return;
  }
  if (!ok) fail_msg("%s: expected %s, got no date", in, want);
  if (strcmp(out, want)) fail_msg("%s: expected %s, got %s", in, want, out);
}

static void dates_rfc3339_kept_with_time_and_zone(void **state) {
  (void)state;
  date_is("2023-03-03", "2023-03-03");
  date_is("2023-03-03T10:20:30Z", "2023-03-03T10:20:30Z");
  date_is("2023-03-03T10:20:30+01:00", "2023-03-03T10:20:30+01:00");
  date_is("2023-03-03T10:20:30-05:30", "2023-03-03T10:20:30-05:30");
  date_is("2023-03-03T10:20:30.123Z", "2023-03-03T10:20:30.123Z");
  date_is("  2023-03-03T10:20:30+0100 ", "2023-03-03T10:20:30+01:00");
  date_is("2023-03-03T10:20:30+00:00", "2023-03-03T10:20:30Z");
  date_is("2023-03-03 10:20", "2023-03-03T10:20:00");
  date_is("2023-03-03T10:20", "2023-03-03T10:20:00");
  date_is("20230303", "2023-03-03");
}

static void dates_written_out(void **state) {
  (void)state;
  date_is("March 3, 2023", "2023-03-03");
  date_is("Mar 3, 2023", "2023-03-03");
  date_is("Sept. 30, 2023", "2023-09-30");
  date_is("3 March 2023", "2023-03-03");
  date_is("Friday, March 3rd, 2023 at 10:30 pm", "2023-03-03T22:30:00");
  date_is("March 3, 2023 12:05 a.m.", "2023-03-03T00:05:00");
  date_is("Fri, 03 Mar 2023 10:20:30 +0000", "2023-03-03T10:20:30Z");
  date_is("Fri, 03 Mar 2023 10:20:30 GMT", "2023-03-03T10:20:30Z");
  date_is("March 3, 2023 10:30 EST", "2023-03-03"); /* a zone we cannot place: the date alone */
  date_is("3. M\xC3\xA4rz 2023", "2023-03-03");
  date_is("3 mars 2023", "2023-03-03");
  date_is("3 de marzo de 2023", "2023-03-03");
  date_is("3 maart 2023", "2023-03-03");
  date_is("2023\xE5\xB9\xB4" "3\xE6\x9C\x88" "3\xE6\x97\xA5", "2023-03-03");
  date_is("2023\xE5\xB9\xB4" "3\xE6\x9C\x88" "3\xE6\x97\xA5\xEF\xBC\x88\xE9\x87\x91\xEF\xBC\x89 10:30",
          "2023-03-03T10:30:00");
}

static void dates_numeric(void **state) {
  (void)state;
  date_is("03.03.2023", "2023-03-03");
  date_is("3.4.2023", "2023-04-03"); /* day first with dots */
  date_is("2023/03/03", "2023-03-03");
  date_is("2023.03.03", "2023-03-03");
  date_is("25/03/2023", "2023-03-25");
  date_is("03/25/2023", "2023-03-25");
  date_is("03/04/2023", NULL); /* March or April: not guessed */
  date_is("04/04/2023", "2023-04-04");
  date_is("1677801600", "2023-03-03T00:00:00Z");
  date_is("1677839430000", "2023-03-03T10:30:30Z");
}

static void dates_refused(void **state) {
  (void)state;
  date_is("", NULL);
  date_is("yesterday", NULL);
  date_is("3 hours ago", NULL);
  date_is("2023", NULL);
  date_is("2023-02-30", NULL);
  date_is("2023-13-01", NULL);
  date_is("31.04.2023", NULL);
  date_is("Updated March 3, 2023", NULL); /* an unknown word: not guessed */
  date_is("2023-03-03T25:00:00Z", NULL);
  date_is("12345", NULL);
  date_is("2024-02-29", "2024-02-29");
  date_is("2023-02-29", NULL);
}

/*** URLs ***/

/*** Dates in running text ***/

static void found_is(const char *text, int month_first, const char *want) {
  wn_text_date d;
  int ok = wn_date_find(text, strlen(text), month_first, &d);
  if (!want) {
    if (ok) fail_msg("%s: expected no date, got %04d-%02d-%02d", text, d.y, d.mo, d.d);
    return;
  }
  if (!ok) fail_msg("%s: expected %s, got no date", text, want);
  char got[16];
  snprintf(got, sizeof got, "%04d-%02d-%02d", d.y, d.mo, d.d);
  if (strcmp(got, want)) fail_msg("%s: expected %s, got %s", text, want, got);
}

static void printed_dates_in_many_languages(void **state) {
  (void)state;
  found_is("Posted on March 3, 2023 by Jane Doe", 1, "2023-03-03");
  found_is("Updated Sept. 30th, 2021, 10:02 a.m.", 1, "2021-09-30");
  found_is("Ver\xC3\xB6" "ffentlicht am 05.02.2020 um 14:30 Uhr", 0, "2020-02-05");
  found_is("3. M\xC3\xA4rz 2023", 0, "2023-03-03");
  found_is("Publi\xC3\xA9 le 3 mars 2023 \xC3\xA0 10h", 0, "2023-03-03");
  found_is("Actualizado el 3 de marzo de 2023", 0, "2023-03-03");
  found_is("15/03/2019 - 10:21", 1, "2019-03-15"); /* only one reading */
  found_is("03/04/2019", 1, "2019-03-04");       /* the page's language decides */
  found_is("03/04/2019", 0, "2019-04-03");
  found_is("Party, 30.10.23", 0, "2023-10-30");   /* two-digit years with dots */
  found_is("\xE5\x85\xAC\xE9\x96\x8B\xEF\xBC\x9A" "2023\xE5\xB9\xB4" "3\xE6\x9C\x88" "5\xE6\x97\xA5", 0,
           "2023-03-05");
  found_is("2023. 3. 5.", 0, "2023-03-05");
  found_is("5 \xD0\xBC\xD0\xB0\xD1\x80\xD1\x82\xD0\xB0 2020", 0, "2020-03-05");
  found_is("28 April, 2017 There's been", 0, "2017-04-28");
  found_is("12 Okt. 2021", 0, "2021-10-12");
  found_is("4 \xC5\x9E" "ubat 2022", 0, "2022-02-04");
}

static void printed_dates_in_more_languages(void **state) {
  (void)state;
  found_is("Publikov\xC3\xA1no 12. b\xC5\x99" "ezna 2018", 0, "2018-03-12");       /* Czech */
  found_is("Publicat la 12 martie 2018", 0, "2018-03-12");                          /* Romanian */
  found_is("Julkaistu 12. maaliskuuta 2018", 0, "2018-03-12");                     /* Finnish */
  found_is("Objavljeno 12. o\xC5\xBEujka 2018.", 0, "2018-03-12");                  /* Croatian */
  found_is("2018. m\xC3\xA1rcius 12. 10:30", 0, "2018-03-12");                      /* Hungarian */
  found_is("12 \xD0\xB1\xD0\xB5\xD1\x80\xD0\xB5\xD0\xB7\xD0\xBD\xD1\x8F 2018", 0, "2018-03-12"); /* Ukrainian */
  found_is("12 \xCE\x9C\xCE\xB1\xCF\x81\xCF\x84\xCE\xAF\xCE\xBF\xCF\x85 2018", 0, "2018-03-12"); /* Greek, capital */
  found_is("5 \xD0\x9C\xD0\xB0\xD1\x80\xD1\x82\xD0\xB0 2020", 0, "2020-03-05"); /* Russian, capital */
  found_is("12 \xD9\x85\xD8\xA7\xD8\xB1\xD8\xB3 2018", 0, "2018-03-12");       /* Arabic */
  found_is("vom 12. 3. 2018", 0, "2018-03-12"); /* dots with spaces */
  found_is("Kapitel 12. 3. Absatz", 0, NULL);
  found_is("12. 3. 18", 0, NULL);               /* a spaced date writes its year out */
}

static void printed_dates_refused(void **state) {
  (void)state;
  found_is("3 hours ago", 1, NULL);
  found_is("yesterday at 10:30", 1, NULL);
  found_is("March 2023", 1, NULL);             /* no day */
  found_is("On 4 July 1776 the", 1, NULL);     /* history, not the page's date */
  found_is("version 1.2.2023.4", 0, NULL);     /* a number with dots */
  found_is("Call 2023-03-05-12", 0, NULL);
  found_is("31.02.2023", 0, NULL);
  found_is("It may 3 things 2023", 1, NULL);
  found_is("", 1, NULL);
}

static void url_dates(void **state) {
  (void)state;
  wn_text_date d;
  assert_true(wn_date_in_url("https://ex.org/2019/08/16/a-story/", &d));
  assert_int_equal(d.y * 10000 + d.mo * 100 + d.d, 20190816);
  assert_true(wn_date_in_url("https://ex.org/news/2020-02-05-bridge-opens", &d));
  assert_int_equal(d.y * 10000 + d.mo * 100 + d.d, 20200205);
  assert_true(wn_date_in_url("https://ex.org/world/20241203-OYT1T50218/", &d));
  assert_int_equal(d.y * 10000 + d.mo * 100 + d.d, 20241203);
  assert_false(wn_date_in_url("https://ex.org/2019/08/", &d));            /* no day */
  assert_false(wn_date_in_url("https://ex.org/item?id=20190816", &d));    /* the query */
  assert_false(wn_date_in_url("https://20190816.ex.org/a", &d));          /* the host */
  assert_false(wn_date_in_url("https://ex.org/p/12345678/", &d));         /* not a day */
  assert_false(wn_date_in_url(NULL, &d));
}

static void resolves(const char *base, const char *ref, const char *want) {
  wn_buf b;
  wn_buf_init(&b, NULL);
  wn_url_resolve(&b, base, ref);
  const char *got = wn_buf_cstr(&b);
  if (strcmp(got, want)) fail_msg("%s + %s: expected %s, got %s", base ? base : "(none)", ref, want, got);
  wn_buf_free(&b);
}

/* RFC 3986, section 5.4: every example. */
static void rfc3986_examples(void **state) {
  (void)state;
  static const char *const cases[][2] = {
      /* 5.4.1 normal */
      {"g:h", "g:h"}, {"g", "http://a/b/c/g"}, {"./g", "http://a/b/c/g"}, {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"}, {"//g", "http://g"}, {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"}, {"#s", "http://a/b/c/d;p?q#s"}, {"g#s", "http://a/b/c/g#s"},
      {"g?y#s", "http://a/b/c/g?y#s"}, {";x", "http://a/b/c/;x"}, {"g;x", "http://a/b/c/g;x"},
      {"g;x?y#s", "http://a/b/c/g;x?y#s"}, {"", "http://a/b/c/d;p?q"}, {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"}, {"..", "http://a/b/"}, {"../", "http://a/b/"},
      {"../g", "http://a/b/g"}, {"../..", "http://a/"}, {"../../", "http://a/"},
      {"../../g", "http://a/g"},
      /* 5.4.2 abnormal */
      {"../../../g", "http://a/g"}, {"../../../../g", "http://a/g"}, {"/./g", "http://a/g"},
      {"/../g", "http://a/g"}, {"g.", "http://a/b/c/g."}, {".g", "http://a/b/c/.g"},
      {"g..", "http://a/b/c/g.."}, {"..g", "http://a/b/c/..g"}, {"./../g", "http://a/b/g"},
      {"./g/.", "http://a/b/c/g/"}, {"g/./h", "http://a/b/c/g/h"}, {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"}, {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/./x", "http://a/b/c/g?y/./x"}, {"g?y/../x", "http://a/b/c/g?y/../x"},
      {"g#s/./x", "http://a/b/c/g#s/./x"}, {"g#s/../x", "http://a/b/c/g#s/../x"},
      {"http:g", "http:g"}};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
    resolves("http://a/b/c/d;p?q", cases[i][0], cases[i][1]);
}

static void urls_as_pages_write_them(void **state) {
  (void)state;
  resolves("https://ex.org/news/", "  img/a.png\n", "https://ex.org/news/img/a.png");
  resolves("https://ex.org/news/a.html", "//cdn.ex.net/x.jpg", "https://cdn.ex.net/x.jpg");
  resolves("https://ex.org", "a", "https://ex.org/a");     /* empty base path */
  resolves("https://ex.org/a/b", "c\td", "https://ex.org/a/cd"); /* tabs dropped */
  resolves(NULL, "/relative", "/relative");                    /* nothing to resolve against */
  resolves("not a url", "x", "x");
  assert_true(wn_url_is_absolute("mailto:a@b"));
  assert_false(wn_url_is_absolute("/a:b"));
  assert_false(wn_url_is_absolute("1http://x"));
}

/*** Sources and their order ***/

#define PROSE                                                                                    \
  "<p>The committee met on Tuesday to review the budget for the coming year, and after a long " \
  "debate it agreed to fund the new bridge, the library roof and two buses.</p>"                \
  "<p>Engineers say the intake pipes, built in the 1960s, will sit above the water line within " \
  "a decade if the trend continues, and the council has begun to plan a deeper one.</p>"

static winnow_doc *extract(const char *head, const char *body, const char *url) {
  char page[8192];
  snprintf(page, sizeof page, "<html><head>%s</head><body><article>%s" PROSE "</article></body></html>",
           head, body);
  winnow_options o;
  winnow_options_init(&o);
  o.url = url;
  winnow_doc *d = NULL;
  assert_int_equal(winnow_extract(page, strlen(page), &o, &d), WINNOW_OK);
  return d;
}

static void meta_is(const winnow_doc *d, winnow_field f, size_t i, const char *want) {
  const char *got = winnow_doc_meta(d, f, i);
  if (!want && got) fail_msg("field %d[%zu]: expected NULL, got %s", (int)f, i, got);
  if (want && (!got || strcmp(got, want)))
    fail_msg("field %d[%zu]: expected %s, got %s", (int)f, i, want, got ? got : "NULL");
}

static void jsonld_comes_first(void **state) {
  (void)state;
  winnow_doc *d = extract(
      "<meta property='article:published_time' content='2020-01-01'>"
      "<meta name='author' content='Meta Name'>"
      "<meta property='og:site_name' content='OG Site'>"
      "<script type='application/ld+json'>{\"@type\":\"BlogPosting\",\"datePublished\":\"2023-03-03\","
      "\"author\":{\"@type\":\"Person\",\"name\":\"Ld Person\"},\"publisher\":{\"name\":\"Ld Pub\"}}"
      "</script>",
      "", NULL);
  meta_is(d, WINNOW_FIELD_DATE, 0, "2023-03-03");
  meta_is(d, WINNOW_FIELD_AUTHOR, 0, "Ld Person");
  meta_is(d, WINNOW_FIELD_AUTHOR, 1, NULL);
  meta_is(d, WINNOW_FIELD_SITENAME, 0, "Ld Pub");
  meta_is(d, WINNOW_FIELD_DATE, 1, NULL); /* scalars have index 0 only */
  winnow_doc_free(d);
}

static void broken_jsonld_is_skipped(void **state) {
  (void)state;
  winnow_doc *d = extract(
      "<script type='application/ld+json'>{\"@type\":\"Article\",\"author\":\"X\",,}</script>"
      "<script type='application/ld+json'>{\"@type\":\"Article\",\"author\":</script>"
      "<script type='application/ld+json'>[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]</script>"
      "<meta name='author' content='Fallback Author'>",
      "", NULL);
  meta_is(d, WINNOW_FIELD_AUTHOR, 0, "Fallback Author");
  assert_true(winnow_doc_chars(d) > 100);
  winnow_doc_free(d);
}

static void graph_references_resolved(void **state) {
  (void)state;
  winnow_doc *d = extract(
      "<script type='application/ld+json'>{\"@graph\":["
      "{\"@type\":\"Person\",\"@id\":\"#p1\",\"name\":\"First Person\"},"
      "{\"@type\":\"Person\",\"@id\":\"#p2\",\"name\":\"Second Person\"},"
      "{\"@type\":\"Organization\",\"@id\":\"#org\",\"name\":\"The Org\"},"
      "{\"@type\":\"NewsArticle\",\"author\":[{\"@id\":\"#p1\"},{\"@id\":\"#p2\"},{\"@id\":\"#nobody\"}],"
      "\"publisher\":{\"@id\":\"#org\"},\"image\":[\"a.jpg\",\"b.jpg\"],\"keywords\":\"one, two,three\"}]}"
      "</script>",
      "", "https://ex.org/story/");
  meta_is(d, WINNOW_FIELD_AUTHOR, 0, "First Person");
  meta_is(d, WINNOW_FIELD_AUTHOR, 1, "Second Person");
  meta_is(d, WINNOW_FIELD_AUTHOR, 2, NULL);
  meta_is(d, WINNOW_FIELD_SITENAME, 0, "The Org");
  meta_is(d, WINNOW_FIELD_IMAGE, 0, "https://ex.org/story/a.jpg");
  meta_is(d, WINNOW_FIELD_TAGS, 0, "one");
  meta_is(d, WINNOW_FIELD_TAGS, 2, "three");
  winnow_doc_free(d);
}

static void headline_beats_title_tags(void **state) {
  (void)state;
  /* <title>, og:title and the headline disagree: the <h1> wins; a logo's
   * <h1> with the site's name is passed over */
  winnow_doc *d = extract("<title>Cheap flights | FlyCo</title><meta property='og:title' content='Click here'>",
                          "<h1>FlyCo</h1><h1>Airport opens a second runway</h1>", NULL);
  assert_string_equal(winnow_doc_title(d), "Airport opens a second runway");
  winnow_doc_free(d);
  /* no <h1>: the <title> without the site's name */
  d = extract("<title>Airport opens a second runway | FlyCo News</title>", "", NULL);
  assert_string_equal(winnow_doc_title(d), "Airport opens a second runway");
  winnow_doc_free(d);
  /* a quotation's closing mark is no separator: the title is not cut there */
  d = extract("<title>Le pr\xC3\xA9sident dit \xC2\xAB oui \xC2\xBB \xC3\xA0 tous</title>", "", NULL);
  assert_string_equal(winnow_doc_title(d), "Le pr\xC3\xA9sident dit \xC2\xAB oui \xC2\xBB \xC3\xA0 tous");
  winnow_doc_free(d);
  d = extract("<title>\"We stay here - for now\"</title>", "", NULL);
  assert_string_equal(winnow_doc_title(d), "\"We stay here - for now\"");
  winnow_doc_free(d);
  /* a dash inside a headline is not a site suffix when what follows is long */
  d = extract("<title>Airport - the second runway opens after ten years of planning</title>", "", NULL);
  assert_string_equal(winnow_doc_title(d), "Airport - the second runway opens after ten years of planning");
  winnow_doc_free(d);
}

static void heading_text_as_a_reader_sees_it(void **state) {
  (void)state;
  /* soft hyphens are gone; a separator hidden for screen readers between
   * the kicker's and the headline's spans is kept, other hidden text not */
  winnow_doc *d = extract("<title>Other words</title>",
                          "<h1><span>Storm<span class='sr-only'>:</span></span> <span>Roofs "
                          "lose their tiles</span><span class='sr-only'>Video</span>"
                          "<span class='sr-only'>2</span></h1>",
                          NULL);
  assert_string_equal(winnow_doc_title(d), "Storm: Roofs lose their tiles");
  winnow_doc_free(d);
  d = extract("<title>Other words</title>", "<h1>Ver\xC2\xAD" "fas\xC2\xAD" "sungs\xC2\xAD" "ge\xC2\xAD" "richt hears the case</h1>", NULL);
  assert_string_equal(winnow_doc_title(d), "Verfassungsgericht hears the case");
  winnow_doc_free(d);
}

static void site_and_section_left_off(void **state) {
  (void)state;
  /* the site's name after a separator without spaces, or as its domain */
  winnow_doc *d = extract("<meta property='og:site_name' content='FlyCo'>"
                          "<title>Airport opens a second runway|FlyCo</title>",
                          "", NULL);
  assert_string_equal(winnow_doc_title(d), "Airport opens a second runway");
  winnow_doc_free(d);
  d = extract("<meta property='og:site_name' content='FlyCo'>"
              "<meta property='og:title' content='Airport opens a second runway | FLYCO.COM'>",
              "", NULL);
  assert_string_equal(winnow_doc_title(d), "Airport opens a second runway");
  winnow_doc_free(d);
  /* a section's name before the site's goes with it */
  d = extract("<meta property='og:site_name' content='FlyCo'>"
              "<title>Airport opens a second runway - Travel | FlyCo</title>",
              "", NULL);
  assert_string_equal(winnow_doc_title(d), "Airport opens a second runway");
  winnow_doc_free(d);
  /* but not a hyphenated word's end, nor a part with a number */
  d = extract("<meta property='og:site_name' content='FlyCo'>"
              "<title>A new ride for fans of Spider-Man|FlyCo</title>",
              "", NULL);
  assert_string_equal(winnow_doc_title(d), "A new ride for fans of Spider-Man");
  winnow_doc_free(d);
  d = extract("<meta property='og:site_name' content='FlyCo'>"
              "<title>Building the second runway - Part 2 | FlyCo</title>",
              "", NULL);
  assert_string_equal(winnow_doc_title(d), "Building the second runway - Part 2");
  winnow_doc_free(d);
  /* no site name given: an underscore cuts the <title> only before a
   * part without Latin letters, never inside an identifier */
  d = extract("<title>\xE6\x96\xB0\xE9\x97\xBB\xE6\xA0\x87\xE9\xA2\x98\xE5\xBE\x88\xE9\x95\xBF_"
              "\xE6\x97\xA5\xE6\x8A\xA5</title>",
              "", NULL);
  assert_string_equal(winnow_doc_title(d), "\xE6\x96\xB0\xE9\x97\xBB\xE6\xA0\x87\xE9\xA2\x98\xE5\xBE\x88\xE9\x95\xBF");
  winnow_doc_free(d);
  d = extract("<title>Module ngx_http_rewrite_module</title>", "", NULL);
  assert_string_equal(winnow_doc_title(d), "Module ngx_http_rewrite_module");
  winnow_doc_free(d);
  /* a logo's heading names the site the <title> ends with */
  d = extract("<title>Airport opens a second runway:FlyCo Notes</title>",
              "<h1><a href='/'><img src='logo.png' alt='FlyCo Notes'></a></h1>", NULL);
  assert_string_equal(winnow_doc_title(d), "Airport opens a second runway");
  winnow_doc_free(d);
}

static void metadata_agreement_needs_every_card(void **state) {
  (void)state;
  const char *ld = "<script type='application/ld+json'>{\"@type\":\"NewsArticle\","
                   "\"headline\":\"Runway plans approved\"}</script>";
  char head[512];
  /* JSON-LD and the OpenGraph card agree: their headline, not the <h1> */
  snprintf(head, sizeof head, "%s<meta property='og:title' content='Runway plans approved'>", ld);
  winnow_doc *d = extract(head, "<h1>Council says yes to a longer runway</h1>", NULL);
  assert_string_equal(winnow_doc_title(d), "Runway plans approved");
  winnow_doc_free(d);
  /* the Twitter card agrees, the OpenGraph card does not: the <h1> */
  snprintf(head, sizeof head,
           "%s<meta name='twitter:title' content='Runway plans approved'>"
           "<meta property='og:title' content='A longer runway for the valley'>",
           ld);
  d = extract(head, "<h1>Council says yes to a longer runway</h1>", NULL);
  assert_string_equal(winnow_doc_title(d), "Council says yes to a longer runway");
  winnow_doc_free(d);
}

static void kickers_that_differ_are_left_off(void **state) {
  (void)state;
  /* the same headline after two different kickers: the headline alone */
  winnow_doc *d = extract("<meta property='og:title' content='Storm in the north: Roofs lose their tiles "
                          "across the valley'>",
                          "<h1><span>Weather</span> <span>Roofs lose their tiles across the valley</span></h1>",
                          NULL);
  assert_string_equal(winnow_doc_title(d), "Roofs lose their tiles across the valley");
  winnow_doc_free(d);
  /* one first part worded two ways is no kicker: the <h1> stays */
  d = extract("<meta property='og:title' content='HS Roundup: Valley defeats Ridge to stay unbeaten'>",
              "<h1>High School Roundup: Valley defeats Ridge to stay unbeaten</h1>", NULL);
  assert_string_equal(winnow_doc_title(d), "High School Roundup: Valley defeats Ridge to stay unbeaten");
  winnow_doc_free(d);
}

static void canonical_language_and_base(void **state) {
  (void)state;
  winnow_doc *d = extract("<base href='/mirror/'><link rel='canonical' href='story.html'>"
                          "<meta property='og:url' content='https://other.example/x'>"
                          "<meta property='og:locale' content='pt_BR'>",
                          "", "https://ex.org/a/b.html");
  meta_is(d, WINNOW_FIELD_CANONICAL, 0, "https://ex.org/mirror/story.html");
  meta_is(d, WINNOW_FIELD_LANGUAGE, 0, "pt-BR");
  meta_is(d, WINNOW_FIELD_DESCRIPTION, 0, NULL);
  winnow_doc_free(d);
}

static void time_in_article_first(void **state) {
  (void)state;
  winnow_doc *d = extract("", "<p>Posted <time datetime='2023-03-03T08:00:00Z'>today</time> by staff.</p>",
                          NULL);
  meta_is(d, WINNOW_FIELD_DATE, 0, "2023-03-03T08:00:00Z");
  winnow_doc_free(d);
}

static void byline_lists_split(void **state) {
  (void)state;
  winnow_doc *d = extract("", "<p class='byline'>By Jane Doe and John Roe, Staff Writers</p>", NULL);
  meta_is(d, WINNOW_FIELD_AUTHOR, 0, "Jane Doe");
  meta_is(d, WINNOW_FIELD_AUTHOR, 1, "John Roe");
  meta_is(d, WINNOW_FIELD_AUTHOR, 2, NULL);
  winnow_doc_free(d);
  /* the metadata's list in one string is split too, the agency kept */
  d = extract("<meta name='author' content='Felix Braun und Jana Roth, dpa'>", "", NULL);
  meta_is(d, WINNOW_FIELD_AUTHOR, 0, "Felix Braun");
  meta_is(d, WINNOW_FIELD_AUTHOR, 1, "Jana Roth");
  meta_is(d, WINNOW_FIELD_AUTHOR, 2, "dpa");
  winnow_doc_free(d);
  /* a byline of share links is no name */
  d = extract("", "<div class='author'>Twitter Facebook</div>", NULL);
  meta_is(d, WINNOW_FIELD_AUTHOR, 0, NULL);
  winnow_doc_free(d);
}

static void byline_openings(void **state) {
  (void)state;
  static const struct {
    const char *byline, *first, *second;
  } cases[] = {
      {"<div class='byline'><span>By</span> by JANE DOE and JOHN ROE</div>", "JANE DOE", "JOHN ROE"},
      {"<p class='info'>Von: Anna Berger, Paul Wagner</p>", "Anna Berger", "Paul Wagner"},
      {"<p class='byline'>Text: Ana Ruiz y Juan P\xC3\xA9rez</p>", "Ana Ruiz", "Juan P\xC3\xA9rez"},
      {"<div class='author'>\xE8\x91\x97\xE8\x80\x85\xEF\xBC\x9A\xE5\xB1\xB1\xE7\x94\xB0\xE5\xA4\xAA\xE9\x83\x8E</div>",
       "\xE5\xB1\xB1\xE7\x94\xB0\xE5\xA4\xAA\xE9\x83\x8E", NULL},
      /* a name printed twice (a link and its card) is one name */
      {"<p class='byline'>by Jane Doe Jane Doe</p>", "Jane Doe", NULL},
      /* a date line's words and a bold link are no names */
      {"<p class='byline'>Ver\xC3\xB6" "ffentlicht am 27.04.24</p>", NULL, NULL},
      {"<p><strong><a href='/live'>Full coverage and live updates</a></strong></p>", NULL, NULL},
      /* a profile's interests are no list of names */
      {"<div class='writer'>Jane Doe Follow Interests War, Peace, Climate</div>", NULL, NULL},
  };
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    winnow_doc *d = extract("", cases[k].byline, NULL);
    meta_is(d, WINNOW_FIELD_AUTHOR, 0, cases[k].first);
    meta_is(d, WINNOW_FIELD_AUTHOR, 1, cases[k].second);
    winnow_doc_free(d);
  }
  /* digits in a word are the name's, not a date's */
  winnow_doc *d = extract("<meta name='author' content='Radio24 Redaktion'>", "", NULL);
  meta_is(d, WINNOW_FIELD_AUTHOR, 0, "Radio24 Redaktion");
  winnow_doc_free(d);
}

static void metadata_authors_that_are_no_names(void **state) {
  (void)state;
  /* an address, a path, a user id, a link's words: not names */
  static const char *const junk[] = {"jane.doe@example.com", "/@janedoe", "105092", "See full bio"};
  for (size_t k = 0; k < sizeof junk / sizeof *junk; k++) {
    char head[256];
    snprintf(head, sizeof head, "<meta name='author' content='%s'>", junk[k]);
    winnow_doc *d = extract(head, "", NULL);
    meta_is(d, WINNOW_FIELD_AUTHOR, 0, NULL);
    winnow_doc_free(d);
  }
  /* the name an SEO plugin writes as a Twitter card's datum */
  winnow_doc *d = extract("<meta name='twitter:label1' content='Written by'>"
                          "<meta name='twitter:data1' content='Jane Doe'>"
                          "<meta name='twitter:label2' content='Est. reading time'>"
                          "<meta name='twitter:data2' content='4 minutes'>",
                          "", NULL);
  meta_is(d, WINNOW_FIELD_AUTHOR, 0, "Jane Doe");
  meta_is(d, WINNOW_FIELD_AUTHOR, 1, NULL);
  winnow_doc_free(d);
}

static void metadata_day_kept_unless_printed_next_to_it(void **state) {
  (void)state;
  /* an offset given: the metadata's own day, whatever the text says */
  winnow_doc *d = extract("<meta property='article:published_time' content='2023-11-09T00:30:00+01:00'>",
                          "<h1>Storm closes the pass</h1><p class='date'>November 8, 2023</p>", NULL);
  meta_is(d, WINNOW_FIELD_DATE, 0, "2023-11-09T00:30:00+01:00");
  winnow_doc_free(d);
  /* UTC at noon: no zone west of it reaches the day before */
  d = extract("<meta property='article:published_time' content='2023-11-09T12:30:00Z'>",
              "<h1>Storm closes the pass</h1><p class='date'>November 8, 2023</p>", NULL);
  meta_is(d, WINNOW_FIELD_DATE, 0, "2023-11-09T12:30:00Z");
  winnow_doc_free(d);
  /* UTC early in the morning, the day before printed: the publisher's */
  d = extract("<meta property='article:published_time' content='2023-11-09T03:30:00Z'>",
              "<h1>Storm closes the pass</h1><p class='date'>November 8, 2023</p>", NULL);
  meta_is(d, WINNOW_FIELD_DATE, 0, "2023-11-08");
  winnow_doc_free(d);
  /* a printed date later than the page's last change is not its date */
  d = extract("<meta property='article:modified_time' content='2020-01-01'>",
              "<h1>Storm closes the pass</h1><p class='date'>November 8, 2023</p>", NULL);
  meta_is(d, WINNOW_FIELD_DATE, 0, NULL);
  winnow_doc_free(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(dates_rfc3339_kept_with_time_and_zone),
      cmocka_unit_test(dates_written_out),
      cmocka_unit_test(dates_numeric),
      cmocka_unit_test(dates_refused),
      cmocka_unit_test(printed_dates_in_many_languages),
    cmocka_unit_test(printed_dates_in_more_languages),
      cmocka_unit_test(printed_dates_refused),
      cmocka_unit_test(url_dates),
      cmocka_unit_test(byline_lists_split),
      cmocka_unit_test(byline_openings),
      cmocka_unit_test(metadata_authors_that_are_no_names),
      cmocka_unit_test(metadata_day_kept_unless_printed_next_to_it),
      cmocka_unit_test(rfc3986_examples),
      cmocka_unit_test(urls_as_pages_write_them),
      cmocka_unit_test(jsonld_comes_first),
      cmocka_unit_test(broken_jsonld_is_skipped),
      cmocka_unit_test(graph_references_resolved),
      cmocka_unit_test(headline_beats_title_tags),
      cmocka_unit_test(heading_text_as_a_reader_sees_it),
      cmocka_unit_test(site_and_section_left_off),
      cmocka_unit_test(metadata_agreement_needs_every_card),
      cmocka_unit_test(kickers_that_differ_are_left_off),
      cmocka_unit_test(canonical_language_and_base),
      cmocka_unit_test(time_in_article_first),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
