/* Stage 6: the text format's layout rules, on pages small enough that the
 * expected text can be read off the input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "winnow.h"

/* A paragraph long enough to make its container the article. */
#define PROSE                                                                              \
  "<p>The council's finance committee, which meets once a month in the old town hall, "  \
  "spent most of Tuesday evening on next year's spending plans.</p>"                      \
  "<p>The committee met on Tuesday to review the budget for the coming year, and after " \
  "a long debate it agreed to fund the new bridge, the library roof and two buses.</p>"

static char *render(const char *body, unsigned flags) {
  char page[8192];
  snprintf(page, sizeof page, "<html><body><article>%s%s</article></body></html>", PROSE, body);
  winnow_options o;
  winnow_options_init(&o);
  o.flags = flags;
  winnow_status st;
  char *t = winnow_html_to_text(page, strlen(page), WINNOW_FORMAT_TEXT, &o, &st);
  assert_int_equal(st, WINNOW_OK);
  return t;
}

/* The text after the first paragraph. */
static const char *after_prose(const char *t) {
  const char *p = strstr(t, "two buses.");
  assert_non_null(p);
  return p + strlen("two buses.");
}

static void lists_marked_and_tight(void **state) {
  (void)state;
  char *t = render("<ul><li>Bridge</li><li>Library roof</li></ul><ol><li>First</li><li>Second</li></ol>"
                   "<p>Voting ends on Friday, the chair said.</p>", 0);
  assert_string_equal(after_prose(t), "\n\n- Bridge\n- Library roof\n\n1. First\n2. Second\n\n"
                                      "Voting ends on Friday, the chair said.\n");
  free(t);
}

static void nested_list_indented(void **state) {
  (void)state;
  char *t = render("<ul><li>Roads<ul><li>Bridge</li><li>Ring road</li></ul></li><li>Schools</li></ul>", 0);
  assert_string_equal(after_prose(t), "\n\n- Roads\n  - Bridge\n  - Ring road\n- Schools\n");
  free(t);
}

static void table_rows_and_cells(void **state) {
  (void)state;
  char *t = render("<table><thead><tr><th>Item</th><th>Cost</th></tr></thead>"
                   "<tbody><tr><td>Bridge</td><td>4.2m</td></tr><tr><td><p>Roof</p></td><td>0.8m</td></tr></tbody></table>", 0);
  assert_string_equal(after_prose(t), "\n\nItem | Cost\nBridge | 4.2m\nRoof | 0.8m\n");
  free(t);
}

static void pre_kept_verbatim(void **state) {
  (void)state;
  char *t = render("<pre><code>if (x) {\n    y();\n}</code></pre>", 0);
  assert_string_equal(after_prose(t), "\n\nif (x) {\n    y();\n}\n");
  free(t);
}

static void inline_whitespace_collapsed_and_br(void **state) {
  (void)state;
  char *t = render("<p>One   <b>bold</b>\n\t word<br>next line<br><br>new paragraph.</p>", 0);
  assert_string_equal(after_prose(t), "\n\nOne bold word\nnext line\n\nnew paragraph.\n");
  free(t);
}

static void headings_and_quotes_on_own_lines(void **state) {
  (void)state;
  char *t = render("<h2>What next</h2><blockquote><p>We will build it.</p></blockquote>", 0);
  assert_string_equal(after_prose(t), "\n\nWhat next\n\nWe will build it.\n");
  free(t);
}

static void invisible_characters_removed_and_nfc(void **state) {
  (void)state;
  /* ZWSP, a soft hyphen, a BEL; "e" + combining acute becomes one "é" */
  char *t = render("<p>caf" "e\xcc\x81" " zero\xe2\x80\x8bwidth soft\xc2\xadhyphen bell\x07.</p>", 0);
  assert_string_equal(after_prose(t), "\n\ncaf\xc3\xa9 zerowidth softhyphen bell.\n");
  free(t);
}

static void screen_reader_text_dropped(void **state) {
  (void)state;
  char *t = render("<p>See <a href='/x'>the report<span class='sr-only'>(opens in a new tab)</span></a> "
                   "for details.</p>", 0);
  assert_string_equal(after_prose(t), "\n\nSee the report for details.\n");
  free(t);
}

static void captions_only_on_request(void **state) {
  (void)state;
  const char *fig = "<figure><img src='a.jpg'><figcaption>The old bridge in 1950.</figcaption></figure>"
                    "<p>Work starts in spring, weather permitting, and ends a year later.</p>";
  char *t = render(fig, 0);
  assert_null(strstr(t, "old bridge in 1950"));
  free(t);
  t = render(fig, WINNOW_OPT_CAPTIONS);
  assert_non_null(strstr(t, "\n\nThe old bridge in 1950.\n\nWork starts"));
  free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(lists_marked_and_tight),
      cmocka_unit_test(nested_list_indented),
      cmocka_unit_test(table_rows_and_cells),
      cmocka_unit_test(pre_kept_verbatim),
      cmocka_unit_test(inline_whitespace_collapsed_and_br),
      cmocka_unit_test(headings_and_quotes_on_own_lines),
      cmocka_unit_test(invisible_characters_removed_and_nfc),
      cmocka_unit_test(screen_reader_text_dropped),
      cmocka_unit_test(captions_only_on_request),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
