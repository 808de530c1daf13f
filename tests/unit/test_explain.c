/* --explain: every reason code, each from a small page built to trigger
 * it, read back from the record the deciding stages wrote. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "doc.h"
#include "explain.h"

/* Three paragraphs a reader keeps: the article every page below shares. */
#define P1                                                                                     \
  "<p>Work on the new bridge starts in March, the council said on Tuesday after a long debate " \
  "about its cost.</p>"
#define P2                                                                                     \
  "<p>The old bridge, built in 1890, will close to cars but stay open to walkers and cyclists " \
  "while the new one is built.</p>"
#define P3                                                                                     \
  "<p>Local shops worry about the months of roadworks, but most of them welcomed the news and " \
  "the help with rents.</p>"
#define ARTICLE P1 P2 P3
#define SIDEBAR "<ul><li><a href=/a>Home</a></li><li><a href=/b>World</a></li><li><a href=/c>Sport</a></li></ul>"

typedef struct reason_case {
  const char *name; /* the reason code expected */
  unsigned flags;   /* WINNOW_OPT_* beside EXPLAIN */
  const char *marker;
  const char *html;
} reason_case;

static const reason_case cases[] = {
    {"not-content-tag", 0, "Press me",
     "<body><div>" P1 "<p>Before the list. <button>Press me</button> After it.</p>" P2 P3 "</div></body>"},
    {"hidden-attribute", 0, "Hidden words",
     "<body><div>" P1 "<div hidden>Hidden words of a panel.</div>" P2 P3 "</div></body>"},
    {"aria-hidden", 0, "Icon label",
     "<body><div>" P1 "<p>The plan in brief. <span aria-hidden=\"true\">Icon label</span></p>" P2 P3
     "</div></body>"},
    {"style-hidden", 0, "Styled away",
     "<body><div>" P1 "<div style=\"color: red; DISPLAY: none\">Styled away.</div>" P2 P3 "</div></body>"},
    {"class-hidden", 0, "Tucked away",
     "<body><div>" P1 "<div class=\"box d-none\">Tucked away.</div>" P2 P3 "</div></body>"},
    {"screen-reader-only", 0, "For screen readers",
     "<body><div>" P1 "<p>The plan. <span class=\"sr-only\">For screen readers.</span></p>" P2 P3
     "</div></body>"},
    {"no-article", 0, "World", "<body>" SIDEBAR "</body>"},
    {"outside-container", 0, "Sport", "<body>" SIDEBAR "<div>" ARTICLE "</div></body>"},
    {"named", 0, "Tell your friends",
     "<body><div>" P1 "<div class=\"share-tools\"><p>Tell your friends about this story.</p></div>" P2
     P3 "</div></body>"},
    {"named-meta", 0, "By Ann Reed",
     "<body><div>" P1 P2 "<div class=\"byline\"><p>By Ann Reed, city desk.</p></div>" P3
     "</div></body>"},
    {"named-strong", 0, "Copyright line",
     "<body><div>" P1 P2 "<div class=\"footer-note\"><p>Copyright line of the paper.</p></div>" P3
     "</div></body>"},
    {"comments", 0, "Loved this",
     "<body><div>" ARTICLE "<div id=\"comments\"><p>Loved this article, thanks.</p></div></div></body>"},
    {"teaser-card", 0, "Other story one",
     "<body><div>" ARTICLE "<div class=\"more\">"
     "<div><h3><a href=/1>Other story one</a></h3><p>An excerpt of another story, which reads "
     "like prose, with commas and a full stop.</p></div>"
     "<div><h3><a href=/2>Other story two</a></h3><p>A second excerpt of yet another story, "
     "again with commas and a full stop.</p></div></div></div></body>"},
    {"link-list", 0, "First link",
     "<body><div>" P1 P2 "<ul><li><a href=/1>First link</a></li><li><a href=/2>Second link</a></li>"
     "<li><a href=/3>Third link</a></li></ul>" P3 "</div></body>"},
    {"caption", 0, "A photo of the bridge",
     "<body><div>" P1 "<figure><img src=b.jpg><figcaption>A photo of the bridge.</figcaption>"
     "</figure>" P2 P3 "</div></body>"},
    {"headline", 0, "Bridge to close", "<body><div><h1>Bridge to close</h1>" ARTICLE "</div></body>"},
    {"link-heavy", 0, "the council's full plan",
     "<body><div>" P1 "<p><a href=/plan>Read the council's full plan</a> here</p>" P2 P3 "</div></body>"},
    {"furniture-phrase", 0, "Sign up for",
     "<body><div>" P1 "<p>Sign up for our daily letter.</p>" P2 P3 "</div></body>"},
    {"precision-link", WINNOW_OPT_PRECISION, "wrote up all of its notes",
     "<body><div>" P1 "<p><a href=/c>Council</a> wrote up all of its notes</p>" P2 P3 "</div></body>"},
    {"heading-of-dropped", 0, "More reading",
     "<body><div>" P1 P2 "<h2>More reading</h2><div class=\"related\"><p>Bridges of the county, "
     "a history.</p></div>" P3 "</div></body>"},
    {"copy", 0, "Work on the new bridge",
     "<body><div><div class=\"variant-wide\">" P1 "</div><div class=\"variant-narrow\">" P1
     "</div>" P2 P3 "</div></body>"},
    {"edge-before", 0, "3 March 2024", "<body><div><p>3 March 2024</p>" ARTICLE "</div></body>"},
    {"edge-after", 0, "Filed in News", "<body><div>" ARTICLE "<p>Filed in News</p></div></body>"},
    {"prose", 0, "Work on the new bridge", "<body><div>" ARTICLE "</div></body>"},
    {"sentence", 0, "opens to traffic",
     "<body><div>" P1 "<p>The new bridge opens to traffic in May next year.</p>" P2 P3 "</div></body>"},
    {"code", 0, "int main(void)",
     "<body><div>" P1 "<pre>int main(void) { return bridge_open(); }</pre>" P2 P3 "</div></body>"},
    {"fallback-prose", 0, "notes from the meeting",
     "<body><div>"
     "<p><a href=/1>The council's notes from the meeting</a> came out today, she said.</p>"
     "<p><a href=/2>The engineers' report on the old bridge</a> came out today, she said.</p>"
     "<p><a href=/3>The shopkeepers' letter about the roadworks</a> came out today, she said.</p>"
     "<p><a href=/4>The cyclists' petition for a wider lane</a> came out today, she said.</p>"
     "<p><a href=/5>The walkers' list of the footpaths to close</a> came out today, she said.</p>"
     "</div></body>"},
    {"between-good", 0, "Timeline", "<body><div>" P1 "<h2>Timeline</h2>" P2 P3 "</div></body>"},
    {"edge-content", 0, "Notes on the",
     "<body><div>" ARTICLE "<div>Notes on the <a href=/n>council site</a> now. <p>Share</p></div>"
     "</div></body>"},
    {"recall-edges", WINNOW_OPT_RECALL, "3 March 2024",
     "<body><div><p>3 March 2024</p>" ARTICLE "</div></body>"},
    /* the only paragraph sits in an <h1>, which goes as the headline; the
     * date line has no paragraph to stand beside */
    {"no-anchor", 0, "Updated 3 March",
     "<body><div><p>Updated 3 March</p><h1>" P1 P2 P3 "</h1></div>" SIDEBAR "</body>"},
    /* (an inline element that holds blocks is a block itself, but for a
     * link: <a> without href keeps the container inline here) */
    {"container-text", 0, "Loose words",
     "<body><a id=top>Loose words <p>Work on the new bridge starts in March, the council said on "
     "Tuesday after a long debate.</p>" P2 P3 "</a>" SIDEBAR "</body>"},
    {"furniture-box", 0, "Get the news",
     "<body><div>" ARTICLE "<div><p>Get the news first.</p><form><input type=email>"
     "<button>Go</button></form></div></div></body>"},
    {"item-title", 0, "Second bridge walk",
     "<body><div>" P1 "<div><h3><a href=/w1>First bridge walk</a></h3>" P2 "</div>"
     "<div><h3><a href=/w2>Second bridge walk</a></h3>" P3 "</div></div></body>"},
    {"title-option", WINNOW_OPT_TITLE, "The bridge story",
     "<head><title>The bridge story</title></head><body><div>" ARTICLE "</div></body>"},
};

/* The report of html; the item holding marker is *it. */
static winnow_doc *explain(const char *html, unsigned flags, wn_ex_report *rep) {
  winnow_options o;
  winnow_options_init(&o);
  o.flags = flags | WINNOW_OPT_EXPLAIN;
  winnow_doc *d = NULL;
  assert_int_equal(winnow_extract(html, strlen(html), &o, &d), WINNOW_OK);
  assert_int_equal(wn_explain_build(d, rep), WINNOW_OK);
  return d;
}

static const wn_ex_item *find(const wn_ex_report *rep, const char *marker, int skip) {
  for (size_t i = 0; i < rep->count; i++) {
    const wn_ex_item *it = &rep->items[i];
    char buf[512];
    size_t n = it->len < sizeof buf - 1 ? it->len : sizeof buf - 1;
    memcpy(buf, rep->text.data + it->off, n);
    buf[n] = '\0';
    if (strstr(buf, marker) && !skip--) return it;
  }
  return NULL;
}

static void each_reason_from_its_page(void **state) {
  (void)state;
  int seen[WN_R_COUNT] = {0};
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    const reason_case *c = &cases[k];
    wn_ex_report rep;
    winnow_doc *d = explain(c->html, c->flags, &rep);
    /* a copy holds its marker a second time, after the block it repeats */
    const wn_ex_item *it = find(&rep, c->marker, !strcmp(c->name, "copy"));
    if (!it) fail_msg("%s: no block holds \"%s\"", c->name, c->marker);
    if (strcmp(wn_reason_name(it->reason), c->name))
      fail_msg("%s: the block \"%s\" says %s", c->name, c->marker, wn_reason_name(it->reason));
    int kept = !strcmp(c->name, "prose") || !strcmp(c->name, "sentence") || !strcmp(c->name, "code") ||
               !strcmp(c->name, "fallback-prose") || !strcmp(c->name, "between-good") ||
               !strcmp(c->name, "edge-content") || !strcmp(c->name, "recall-edges") ||
               !strcmp(c->name, "no-anchor") || !strcmp(c->name, "container-text") ||
               !strcmp(c->name, "title-option") || !strcmp(c->name, "item-title");
    if (it->kept != kept) fail_msg("%s: kept is %d", c->name, it->kept);
    seen[it->reason] = 1;
    /* no block of any of these pages goes without a reason */
    for (size_t i = 0; i < rep.count; i++)
      if (rep.items[i].reason == WN_R_NONE) fail_msg("%s: item %zu has no reason", c->name, i);
    wn_explain_free(&rep);
    winnow_doc_free(d);
  }
  for (unsigned r = 1; r < WN_R_COUNT; r++)
    if (!seen[r]) fail_msg("no page here gives %s", wn_reason_name(r));
}

/* The names are distinct and none is missing. */
static void reason_names(void **state) {
  (void)state;
  for (unsigned r = 1; r < WN_R_COUNT; r++) {
    assert_non_null(wn_reason_name(r));
    assert_string_not_equal(wn_reason_name(r), "none");
    assert_true(*wn_reason_phrase(r));
    for (unsigned q = 1; q < r; q++) assert_string_not_equal(wn_reason_name(r), wn_reason_name(q));
  }
  for (unsigned r = 1; r < WN_RULE_COUNT; r++) assert_true(*wn_rule_phrase(r));
  for (unsigned r = WN_R_LAYOUT_WORD; r < WN_R_EVIDENCE_END; r++) {
    assert_string_not_equal(wn_reason_name(r), "none");
    assert_true(*wn_reason_phrase(r));
  }
}

/* Names and marks that did not apply, and hiding not counted, are on record. */
static void spared_on_record(void **state) {
  (void)state;
  static const struct {
    unsigned code;
    const char *html;
  } pages[] = {
      {WN_R_LAYOUT_WORD, "<body><div><div class=\"pb-widget\">" P1 "</div><div class=\"pb-widget\">"
                         P2 "</div><div class=\"pb-widget\">" P3 "</div></div></body>"},
      {WN_R_PAGE_WRAPPER, "<body><div class=\"wrap-footer\">" ARTICLE "</div></body>"},
      {WN_R_ARTICLE_ITEMS, "<body><div>" P1 "<div><h3><a href=/w1>First walk</a></h3>" P2 "</div>"
                           "<div><h3><a href=/w2>Second walk</a></h3>" P3 "</div></div></body>"},
      {WN_R_REVEALED, "<body><div class=\"app hidden\">" ARTICLE "</div></body>"},
      {WN_R_INTRODUCED, "<body><div>" P1 P2 "<p>The council's papers, for more detail:</p><ul>"
                        "<li><a href=/1>The plan</a></li><li><a href=/2>The costs</a></li></ul>" P3
                        "</div></body>"},
      {WN_R_HEADING_BOX, "<body><div>" P1 "<div class=\"step-header\"><h2>Next steps</h2></div>" P2 P3
                         "</div></body>"},
      {WN_R_COLLAPSED, "<body><div>" ARTICLE "<h3>Is the old bridge closing?</h3><div class=\"faq-answer "
                       "hidden\"><p>Only to cars, from March, for two years.</p></div></div></body>"},
      {WN_R_WRAPS_POST, "<body><div class=\"post-body\"><div class=\"comment-on-selection\">"
                        "<div class=\"post-content\">" ARTICLE "</div></div></div></body>"},
  };
  for (size_t k = 0; k < sizeof pages / sizeof *pages; k++) {
    winnow_options o;
    winnow_options_init(&o);
    o.flags = WINNOW_OPT_EXPLAIN;
    winnow_doc *d = NULL;
    assert_int_equal(winnow_extract(pages[k].html, strlen(pages[k].html), &o, &d), WINNOW_OK);
    const wn_explain *ex = d->dom.explain;
    int found = 0;
    for (uint32_t i = 0; i < ex->n; i++)
      if (ex->why[i].spared == pages[k].code || ex->why[i].shown == pages[k].code) found = 1;
    if (!found) fail_msg("no node records %s", wn_reason_name(pages[k].code));
    assert_true(winnow_doc_chars(d) > 0);
    winnow_doc_free(d);
  }
}

/* The evidence: the name word, the attribute and the ancestor it sits on. */
static void evidence_of_a_name(void **state) {
  (void)state;
  const char *html = "<body><div>" P1 "<div class=\"signup-box\"><p>No spam, ever.</p></div>" P2 P3
                     "</div></body>";
  winnow_options o;
  winnow_options_init(&o);
  o.flags = WINNOW_OPT_EXPLAIN;
  char *json = winnow_html_to_text(html, strlen(html), WINNOW_FORMAT_EXPLAIN_JSON, &o, NULL);
  assert_non_null(json);
  assert_non_null(strstr(json, "named \xe2\x80\x9csignup\xe2\x80\x9d (class \xe2\x80\x9csignup-box\xe2\x80\x9d "
                               "on an ancestor: div.signup-box)"));
  free(json);
}

/* A report needs the record: without WINNOW_OPT_EXPLAIN, render refuses. */
static int sink(const char *s, size_t n, void *ud) {
  (void)s, (void)n, (void)ud;
  return 0;
}

static void report_needs_the_option(void **state) {
  (void)state;
  const char *html = "<body><div>" ARTICLE "</div></body>";
  winnow_doc *d = NULL;
  assert_int_equal(winnow_extract(html, strlen(html), NULL, &d), WINNOW_OK);
  assert_int_equal(winnow_render(d, WINNOW_FORMAT_EXPLAIN_HTML, sink, NULL), WINNOW_E_INVALID);
  assert_int_equal(winnow_render(d, WINNOW_FORMAT_TEXT, sink, NULL), WINNOW_OK);
  winnow_doc_free(d);
  /* the one-shot call turns it on by itself */
  char *h = winnow_html_to_text(html, strlen(html), WINNOW_FORMAT_EXPLAIN_HTML, NULL, NULL);
  assert_non_null(h);
  assert_non_null(strstr(h, "data-decision=\"kept\""));
  free(h);
}

/* The extraction is the same with the record on. */
static void same_text_with_and_without(void **state) {
  (void)state;
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    winnow_options o;
    winnow_options_init(&o);
    o.flags = cases[k].flags;
    const char *h = cases[k].html;
    char *a = winnow_html_to_text(h, strlen(h), WINNOW_FORMAT_TEXT, &o, NULL);
    o.flags |= WINNOW_OPT_EXPLAIN;
    char *b = winnow_html_to_text(h, strlen(h), WINNOW_FORMAT_TEXT, &o, NULL);
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a, b);
    free(a);
    free(b);
  }
}

/* Fails the n-th allocation of the extraction and the report in turn:
 * every failure comes back as WINNOW_E_NOMEM and leaves nothing behind. */
typedef struct failing {
  size_t live;
  long countdown;
} failing;

static void *f_alloc(void *ud, size_t n) {
  failing *f = ud;
  if (f->countdown-- == 0) return NULL;
  size_t *p = malloc(n + sizeof(size_t) * 2);
  if (!p) return NULL;
  f->live++;
  return p + 2;
}
static void *f_realloc(void *ud, void *ptr, size_t n) {
  failing *f = ud;
  if (!ptr) return f_alloc(ud, n);
  if (f->countdown-- == 0) return NULL;
  size_t *p = realloc((size_t *)ptr - 2, n + sizeof(size_t) * 2);
  return p ? p + 2 : NULL;
}
static void f_free(void *ud, void *ptr) {
  failing *f = ud;
  if (!ptr) return;
  f->live--;
  free((size_t *)ptr - 2);
}

static void out_of_memory_is_a_status(void **state) {
  (void)state;
  const char *html = cases[0].html; /* an article, a dropped part, a sidebar */
  for (int fmt = WINNOW_FORMAT_EXPLAIN_HTML; fmt <= WINNOW_FORMAT_EXPLAIN_JSON; fmt++) {
    long k = 0;
    for (;; k++) {
      failing f = {0, k};
      winnow_allocator mem = {f_alloc, f_realloc, f_free, &f};
      winnow_options o;
      winnow_options_init(&o);
      o.allocator = &mem;
      o.flags = WINNOW_OPT_EXPLAIN | WINNOW_OPT_TITLE;
      winnow_doc *d = NULL;
      winnow_status st = winnow_extract(html, strlen(html), &o, &d);
      if (st == WINNOW_OK) {
        st = winnow_render(d, (winnow_format)fmt, sink, NULL);
        if (st != WINNOW_OK) assert_int_equal(st, WINNOW_E_NOMEM);
        winnow_doc_free(d);
      } else {
        assert_int_equal(st, WINNOW_E_NOMEM);
      }
      assert_int_equal(f.live, 0);
      if (f.countdown >= 0) break; /* nothing failed: every point was tried */
    }
    assert_true(k > 10);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(each_reason_from_its_page),
      cmocka_unit_test(reason_names),
      cmocka_unit_test(spared_on_record),
      cmocka_unit_test(evidence_of_a_name),
      cmocka_unit_test(report_needs_the_option),
      cmocka_unit_test(same_text_with_and_without),
      cmocka_unit_test(out_of_memory_is_a_status),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
