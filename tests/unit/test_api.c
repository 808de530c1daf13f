/* The public API as a library user drives it: options, ownership,
 * statuses, and that every document returns all of its memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "winnow.h"

static const char page[] =
    "<!doctype html><html><head><title>Lake levels fall | Daily Paper</title></head><body>"
    "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li></ul></nav>"
    "<article><h1>Lake levels fall for a third year</h1>"
    "<p>The lake that supplies the valley with water fell by another two metres this summer, "
    "the third drop in as many years, according to figures released on Monday.</p>"
    "<p>Engineers say the intake pipes, built in the 1960s, will sit above the water line "
    "within a decade if the trend continues, and the council has begun to plan a deeper one.</p>"
    "<p>Farmers downstream, who draw on the same reservoir, have been asked to cut their use "
    "by a fifth, a request that their association called unfair but workable.</p>"
    "</article><footer><p>Copyright Daily Paper. All rights reserved.</p></footer></body></html>";

typedef struct counting {
  size_t live, total;
} counting;

static void *c_alloc(void *ud, size_t n) {
  counting *c = ud;
  size_t *p = malloc(n + sizeof(size_t) * 2);
  if (!p) return NULL;
  p[0] = n;
  c->live += n;
  c->total++;
  return p + 2;
}
static void c_free(void *ud, void *ptr) {
  if (!ptr) return;
  counting *c = ud;
  size_t *p = (size_t *)ptr - 2;
  c->live -= p[0];
  free(p);
}
static void *c_realloc(void *ud, void *ptr, size_t n) {
  if (!ptr) return c_alloc(ud, n);
  counting *c = ud;
  size_t *p = (size_t *)ptr - 2;
  size_t old = p[0];
  size_t *q = realloc(p, n + sizeof(size_t) * 2);
  if (!q) return NULL;
  c->live = c->live - old + n;
  q[0] = n;
  return q + 2;
}

static void extracts_article_without_furniture(void **state) {
  (void)state;
  winnow_status st;
  char *text = winnow_html_to_text(page, sizeof page - 1, WINNOW_FORMAT_TEXT, NULL, &st);
  assert_int_equal(st, WINNOW_OK);
  assert_non_null(text);
  assert_non_null(strstr(text, "The lake that supplies the valley"));
  assert_non_null(strstr(text, "unfair but workable.\n"));
  assert_null(strstr(text, "Home"));
  assert_null(strstr(text, "All rights reserved"));
  assert_null(strstr(text, "Lake levels fall for a third year")); /* headline not in body */
  /* paragraphs apart by one blank line */
  assert_non_null(strstr(text, "this summer, the third drop in as many years, according to "
                               "figures released on Monday.\n\nEngineers"));
  free(text);
}

static void title_option_puts_headline_first(void **state) {
  (void)state;
  winnow_options o;
  winnow_options_init(&o);
  o.flags |= WINNOW_OPT_TITLE;
  winnow_status st;
  char *text = winnow_html_to_text(page, sizeof page - 1, WINNOW_FORMAT_TEXT, &o, &st);
  assert_non_null(text);
  const char *want = "Lake levels fall for a third year\n\nThe lake";
  assert_true(!strncmp(text, want, strlen(want)));
  free(text);
}

static void doc_accessors(void **state) {
  (void)state;
  winnow_doc *d = NULL;
  assert_int_equal(winnow_extract(page, sizeof page - 1, NULL, &d), WINNOW_OK);
  assert_string_equal(winnow_doc_title(d), "Lake levels fall for a third year");
  assert_string_equal(winnow_doc_charset(d), "UTF-8");
  assert_true(winnow_doc_chars(d) > 200);
  assert_int_equal(winnow_doc_warnings(d), 0);
  winnow_doc_free(d);
  winnow_doc_free(NULL); /* NULL-safe */
}

static void bad_arguments_are_refused(void **state) {
  (void)state;
  winnow_doc *d = (winnow_doc *)1;
  assert_int_equal(winnow_extract(NULL, 10, NULL, &d), WINNOW_E_INVALID);
  assert_null(d);
  assert_int_equal(winnow_extract(page, 10, NULL, NULL), WINNOW_E_INVALID);
  winnow_options o;
  winnow_options_init(&o);
  o.version = 99;
  assert_int_equal(winnow_extract(page, sizeof page - 1, &o, &d), WINNOW_E_INVALID);
  assert_null(d);
  assert_int_equal(winnow_extract(page, sizeof page - 1, NULL, &d), WINNOW_OK);
  assert_int_equal(winnow_render(d, (winnow_format)42, NULL, NULL), WINNOW_E_INVALID);
  winnow_doc_free(d);
  assert_string_equal(winnow_status_str(WINNOW_E_NOMEM), "out of memory");
}

static void empty_input_is_no_article(void **state) {
  (void)state;
  winnow_doc *d = NULL;
  assert_int_equal(winnow_extract("", 0, NULL, &d), WINNOW_OK);
  assert_int_equal(winnow_doc_chars(d), 0);
  winnow_doc_free(d);
}

static int refuse_write(const char *data, size_t len, void *ud) {
  (void)data;
  (void)len;
  (void)ud;
  return 1;
}

static void write_errors_are_reported(void **state) {
  (void)state;
  winnow_doc *d = NULL;
  assert_int_equal(winnow_extract(page, sizeof page - 1, NULL, &d), WINNOW_OK);
  assert_int_equal(winnow_render(d, WINNOW_FORMAT_TEXT, refuse_write, NULL), WINNOW_E_WRITE);
  winnow_doc_free(d);
}

static void every_byte_returns_to_the_allocator(void **state) {
  (void)state;
  counting c = {0, 0};
  winnow_allocator mem = {c_alloc, c_realloc, c_free, &c};
  winnow_options o;
  winnow_options_init(&o);
  o.allocator = &mem;
  for (int round = 0; round < 3; round++) {
    winnow_doc *d = NULL;
    assert_int_equal(winnow_extract(page, sizeof page - 1, &o, &d), WINNOW_OK);
    assert_true(c.live > 0);
    winnow_doc_free(d);
    assert_int_equal(c.live, 0);
  }
  assert_true(c.total > 0); /* the hooks were really used, Gumbo's included */
}

/* Fails the n-th allocation: every failure must come back as a status,
 * never a crash, and leave nothing allocated. */
typedef struct failing {
  counting c;
  long countdown;
} failing;

static void *f_alloc(void *ud, size_t n) {
  failing *f = ud;
  if (f->countdown-- == 0) return NULL;
  return c_alloc(&f->c, n);
}
static void *f_realloc(void *ud, void *p, size_t n) {
  failing *f = ud;
  if (f->countdown-- == 0) return NULL;
  return c_realloc(&f->c, p, n);
}
static void f_free(void *ud, void *p) {
  failing *f = ud;
  c_free(&f->c, p);
}

static int keep_nothing(const char *data, size_t len, void *ud) {
  (void)data;
  (void)len;
  (void)ud;
  return 0;
}

/* Markdown's spans are where a failed write once left a bad length
 * (adjacent spans are merged by taking back the marks written), and
 * metadata URLs resolved against the page's address where a failed
 * buffer once gave a length its pointer did not have. */
static const char spans_page[] =
    "<html><head><meta property=\"og:image\" content=\" ../img/lead.jpg?"
    "w=1200&h=630&fit=crop&crop=faces&auto=format&q=80&sig=0123456789abcdef0123456789abcdef"
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef \">"
    "<link rel=\"canonical\" href=\"/docs/changelog\"></head>"
    "<body><article><h1>Changelog</h1>"
    "<p>A changelog is written for <strong>people</strong>, not machines, and the "
    "<em>most recent</em> version comes first, <b><i>without exception</i></b>, so that "
    "readers see what changed today before what changed last year, and why.</p>"
    "<p>Adjacent spans <i>run</i><i> on</i> as one, a <a href=\"/x\">link</a> stays, "
    "and <code>code_spans</code> keep their text as it was written in the page.</p>"
    "<ul><li>First point of the list, long enough to be read as text.</li>"
    "<li>Second point, with <em>emphasis</em> in it.</li></ul>"
    "</article></body></html>";

static void out_of_memory_is_a_status(void **state) {
  (void)state;
  /* Fail each allocation in turn, the parser's and the renderers'
   * included (dom.c leaves Gumbo when its allocator fails), until one
   * run needs no failure. */
  const char *pages[] = {page, spans_page};
  for (int pg = 0; pg < 2; pg++) {
    for (int fmt = WINNOW_FORMAT_TEXT; fmt <= WINNOW_FORMAT_JSON; fmt++) {
      long k = 0;
      for (;; k++) {
        failing f = {{0, 0}, k};
        winnow_allocator mem = {f_alloc, f_realloc, f_free, &f};
        winnow_options o;
        winnow_options_init(&o);
        o.allocator = &mem;
        o.flags = WINNOW_OPT_LINKS;
        o.url = "https://example.org/docs/guide/changelog.html";
        winnow_doc *d = NULL;
        winnow_status st = winnow_extract(pages[pg], strlen(pages[pg]), &o, &d);
        if (st == WINNOW_OK) {
          /* a failure winnow may absorb is fine only if the article survives */
          assert_true(winnow_doc_chars(d) > 0);
          st = winnow_render(d, (winnow_format)fmt, keep_nothing, NULL);
          if (st != WINNOW_OK) assert_int_equal(st, WINNOW_E_NOMEM);
          winnow_doc_free(d);
        } else {
          assert_int_equal(st, WINNOW_E_NOMEM);
          assert_null(d);
        }
        assert_int_equal(f.c.live, 0);
        if (f.countdown >= 0) break; /* nothing failed: every point was tried */
      }
      assert_true(k > 2); /* more than the document and one chunk */
    }
  }
}

/* A page of n bytes of ordinary paragraphs, for the time bound. */
static char *long_page(size_t n) {
  static const char para[] =
      "<p>The council met on Tuesday to discuss the <b>river</b> crossing, "
      "and the engineers said the <a href=\"/x\">report</a> was late.</p>\n";
  char *s = malloc(n + sizeof para);
  assert_non_null(s);
  size_t len = 0;
  while (len < n) {
    memcpy(s + len, para, sizeof para - 1);
    len += sizeof para - 1;
  }
  s[len] = 0;
  return s;
}

static void time_bound_stops_a_long_page(void **state) {
  (void)state;
  char *html = long_page(4u << 20); /* takes a tenth of a second or more */
  counting c = {0, 0};
  winnow_allocator mem = {c_alloc, c_realloc, c_free, &c};
  winnow_options o;
  winnow_options_init(&o);
  assert_int_equal(o.max_ms, 0); /* no bound unless asked */
  assert_int_equal(o.max_nodes, 4000000);
  o.allocator = &mem;
  o.max_ms = 1;
  winnow_doc *d = NULL;
  assert_int_equal(winnow_extract(html, strlen(html), &o, &d), WINNOW_E_TIME);
  assert_null(d);
  assert_int_equal(c.live, 0); /* leaving the parser early leaks nothing */
  assert_string_equal(winnow_status_str(WINNOW_E_TIME), "time limit exceeded");

  /* a bound the page fits in changes nothing */
  o.max_ms = 600000;
  assert_int_equal(winnow_extract(page, sizeof page - 1, &o, &d), WINNOW_OK);
  assert_true(winnow_doc_chars(d) > 0);
  winnow_doc_free(d);
  assert_int_equal(c.live, 0);
  free(html);
}

/* A caller compiled against version 1 of the options (no max_ms) still
 * works: the library reads only that much of its struct. */
static void options_version_1_is_accepted(void **state) {
  (void)state;
  winnow_options o;
  winnow_options_init(&o);
  o.version = 1;
  o.max_ms = 1; /* past the end of a version 1 struct: must be ignored */
  winnow_doc *d = NULL;
  char *html = long_page(1u << 20);
  assert_int_equal(winnow_extract(html, strlen(html), &o, &d), WINNOW_OK);
  assert_true(winnow_doc_chars(d) > 0);
  winnow_doc_free(d);
  /* the one-shot call adds the explain flag to a copy: it too reads no
   * further than a version 1 struct (AddressSanitizer would see it) */
  winnow_options *v1 = malloc(offsetof(winnow_options, max_ms));
  assert_non_null(v1);
  memcpy(v1, &o, offsetof(winnow_options, max_ms));
  winnow_status st;
  char *report = winnow_html_to_text(html, strlen(html), WINNOW_FORMAT_EXPLAIN_JSON, v1, &st);
  assert_int_equal(st, WINNOW_OK);
  assert_non_null(report);
  free(report);
  free(v1);
  o.version = 3;
  assert_int_equal(winnow_extract(html, strlen(html), &o, &d), WINNOW_E_INVALID);
  assert_null(winnow_html_to_text(html, strlen(html), WINNOW_FORMAT_EXPLAIN_JSON, &o, &st));
  assert_int_equal(st, WINNOW_E_INVALID);
  free(html);
}

static void json_is_one_object(void **state) {
  (void)state;
  winnow_options o;
  winnow_options_init(&o);
  o.url = "https://example.org/lake";
  winnow_status st;
  char *json = winnow_html_to_text(page, sizeof page - 1, WINNOW_FORMAT_JSON, &o, &st);
  assert_non_null(json);
  assert_true(json[0] == '{');
  assert_non_null(strstr(json, "\"url\":\"https://example.org/lake\""));
  assert_non_null(strstr(json, "\"title\":\"Lake levels fall for a third year\""));
  assert_non_null(strstr(json, "Monday.\\n\\nEngineers"));
  assert_true(json[strlen(json) - 1] == '\n');
  free(json);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(extracts_article_without_furniture),
      cmocka_unit_test(title_option_puts_headline_first),
      cmocka_unit_test(doc_accessors),
      cmocka_unit_test(bad_arguments_are_refused),
      cmocka_unit_test(empty_input_is_no_article),
      cmocka_unit_test(write_errors_are_reported),
      cmocka_unit_test(every_byte_returns_to_the_allocator),
      cmocka_unit_test(out_of_memory_is_a_status),
      cmocka_unit_test(time_bound_stops_a_long_page),
      cmocka_unit_test(options_version_1_is_accepted),
      cmocka_unit_test(json_is_one_object),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
