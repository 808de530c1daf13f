/* Stage 6, Markdown: escaping of text that would turn into markup, and
 * the layout of each element, on pages small enough that the expected
 * Markdown can be read off the input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "winnow.h"

/* Paragraphs long enough to make their container the article; the body
 * under test goes between them, so that no edge trimming touches it. */
#define BEFORE                                                                             \
  "<p>The committee met on Tuesday to review the budget for the coming year, and after " \
  "a long debate it agreed to fund the new bridge, the library roof and two buses.</p>"
#define AFTER                                                                               \
  "<p>Engineers say the intake pipes, built in the 1960s, will sit above the water line " \
  "within a decade if the trend continues, and the council has begun to plan a deeper one.</p>"

static char *render_with(const char *head, const char *body, unsigned flags, const char *url) {
  char page[16384];
  snprintf(page, sizeof page, "<html><head>%s</head><body><article>" BEFORE "%s" AFTER
           "</article></body></html>", head, body);
  winnow_options o;
  winnow_options_init(&o);
  o.flags = flags;
  o.url = url;
  winnow_status st;
  char *t = winnow_html_to_text(page, strlen(page), WINNOW_FORMAT_MARKDOWN, &o, &st);
  assert_int_equal(st, WINNOW_OK);
  assert_non_null(t);
  /* the part between the two paragraphs */
  char *a = strstr(t, "two buses.\n\n"), *b = strstr(t, "\n\nEngineers say");
  assert_non_null(a);
  assert_non_null(b);
  a += strlen("two buses.\n\n");
  size_t n = b >= a ? (size_t)(b - a) : 0;
  memmove(t, a, n);
  t[n] = '\0';
  return t;
}

static char *render(const char *body) { return render_with("", body, 0, NULL); }

static void md_is(const char *body, const char *want) {
  char *got = render(body);
  if (strcmp(got, want)) {
    char msg[4096];
    snprintf(msg, sizeof msg, "%s\n--- expected ---\n%s\n--- got ---\n%s", body, want, got);
    free(got);
    fail_msg("%s", msg);
  }
  free(got);
}

/*** Escaping ***/

static void line_start_markers_escaped(void **state) {
  (void)state;
  md_is("<p># not a heading</p>", "\\# not a heading");
  md_is("<p>1. not a list</p>", "1\\. not a list");
  md_is("<p>2023) a year</p>", "2023\\) a year");
  md_is("<p>- not a bullet</p>", "\\- not a bullet");
  md_is("<p>+ not a bullet</p>", "\\+ not a bullet");
  md_is("<p>--- not a rule</p>", "\\--- not a rule");
  md_is("<p>&gt; not a quote</p>", "\\> not a quote");
  md_is("<p>=== not an underline</p>", "\\=== not an underline");
  /* the same characters elsewhere are plain */
  md_is("<p>a # b - c + d &gt; e = f 1. g</p>", "a # b - c + d > e = f 1. g");
  md_is("<p>-5 degrees and 1.5 litres</p>", "-5 degrees and 1.5 litres");
  /* after a <br> the next line starts a line too */
  md_is("<p>one<br># two</p>", "one\\\n\\# two");
}

static void inline_markup_escaped(void **state) {
  (void)state;
  md_is("<p>2 * 3 and [a] and `x` and a\\b and ~y~</p>",
        "2 \\* 3 and \\[a\\] and \\`x\\` and a\\\\b and \\~y\\~");
  md_is("<p>snake_case stays, _this_ does not</p>", "snake_case stays, \\_this\\_ does not");
  md_is("<p>&lt;div&gt; and a &lt; b</p>", "\\<div> and a \\< b");
  md_is("<p>&amp;amp; and &amp;#39; but AT&amp;T</p>", "\\&amp; and \\&#39; but AT&T");
  md_is("<h2>C# and F#</h2>", "## C\\# and F\\#");
}

/*** Elements ***/

static void headings_keep_levels(void **state) {
  (void)state;
  md_is("<h2>Two</h2><h3>Three</h3><h6>Six <em>deep</em></h6>", "## Two\n\n### Three\n\n###### Six *deep*");
  md_is("<h2>Broken<br>heading</h2>", "## Broken heading");
  md_is("<h2> </h2><p>After an empty heading.</p>", "After an empty heading.");
}

static void lists_nest_by_marker_width(void **state) {
  (void)state;
  md_is("<ul><li>a<ul><li>b<ol><li>c</li><li>d</li></ol></li></ul></li><li>e</li></ul>",
        "- a\n  - b\n    1. c\n    2. d\n- e");
  md_is("<ol><li>one</li><li>two<ul><li>x</li></ul></li></ol>", "1. one\n2. two\n   - x");
  /* paragraphs inside an item: a loose item, indented */
  md_is("<ul><li><p>first</p><p>second</p></li><li>next</li></ul>", "- first\n\n  second\n- next");
  /* a list right after another would merge: the bullet changes */
  md_is("<ul><li>a</li></ul><ul><li>b</li></ul>", "- a\n\n* b");
  md_is("<ol><li>a</li></ol><ol><li>b</li></ol>", "1. a\n\n1) b");
  md_is("<ul><li></li><li>only</li></ul>", "- only");
}

static void quotes_on_every_line(void **state) {
  (void)state;
  md_is("<blockquote><p>one</p><p>two<br>three</p></blockquote>", "> one\n>\n> two\\\n> three");
  md_is("<blockquote><ul><li>a</li><li>b</li></ul></blockquote>", "> - a\n> - b");
  md_is("<ul><li><blockquote>q</blockquote></li></ul>", "- > q");
  md_is("<blockquote><pre>x\n\ny</pre></blockquote>", "> ```\n> x\n> \n> y\n> ```");
}

static void code_fenced_with_language(void **state) {
  (void)state;
  md_is("<pre><code class='language-c'>int x;\n</code></pre>", "```c\nint x;\n```");
  md_is("<pre class='lang-js'>f()</pre>", "```js\nf()\n```");
  md_is("<div class='language-rust'><pre>fn f() {}</pre></div>", "```rust\nfn f() {}\n```");
  md_is("<pre>a ``` b</pre>", "````\na ``` b\n````");
  md_is("<pre>*not* [escaped]</pre>", "```\n*not* [escaped]\n```");
  md_is("<ul><li>x<pre>y</pre></li></ul>", "- x\n\n  ```\n  y\n  ```");
}

static void inline_spans(void **state) {
  (void)state;
  md_is("<p><b>bold</b>, <strong>strong</strong>, <i>it</i>, <em>em</em>, <code>c*d</code></p>",
        "**bold**, **strong**, *it*, *em*, `c*d`");
  md_is("<p>a <b> spaced </b> b</p>", "a **spaced** b");
  md_is("<p>x<b></b>y<em> </em>z</p>", "xy z");
  md_is("<p><i>one</i><i> two</i></p>", "*one two*");
  md_is("<p>say <b>\"hi\"</b>there</p>", "say \"hi\"there"); /* would not read as bold */
  md_is("<p><code>a`b</code> <code>`x`</code></p>", "``a`b`` `` `x` ``");
  md_is("<p><b>a<br>b</b></p>", "**a\\\nb**");
  md_is("<b>x<div>block</div></b>", "x\n\nblock"); /* a span cannot hold a block */
}

static void tables_as_pipes(void **state) {
  (void)state;
  md_is("<table><thead><tr><th>A</th><th>B</th></tr></thead>"
        "<tbody><tr><td>1 | 2</td><td>x<br>y</td></tr><tr><td>only</td></tr></tbody></table>",
        "| A | B |\n| --- | --- |\n| 1 \\| 2 | x<br>y |\n| only |");
  /* no header: the first row is made one; it has every column */
  md_is("<table><tr><td>a</td></tr><tr><td>b</td><td>c</td><td>d</td></tr></table>",
        "| a | | |\n| --- | --- | --- |\n| b | c | d |");
  /* an empty row is left out; a caption is a paragraph before it */
  md_is("<table><caption>Costs</caption><tr><td>x</td><td>y</td></tr><tr><td></td><td></td></tr></table>",
        "Costs\n\n| x | y |\n| --- | --- |");
}

static void layout_tables_are_blocks(void **state) {
  (void)state;
  md_is("<table><tr><td><p>Left column text.</p><p>More of it.</p></td><td>Side</td></tr></table>",
        "Left column text.\n\nMore of it.\n\nSide");
  md_is("<table><tr><td>Single cell box</td></tr></table>", "Single cell box");
}

static void links_and_images(void **state) {
  (void)state;
  unsigned f = WINNOW_OPT_LINKS | WINNOW_OPT_IMAGES;
  char *t = render_with("", "<p>The minutes, which the clerk <a href='b/c?q=1#f'>published</a> on "
                            "Wednesday, list every vote; the <a href='https://x.org/a b'>treasurer's "
                            "report</a> and the <a href='javascript:go()'>appendix</a> follow, as "
                            "does the <a href=''>summary</a>.</p>"
                            "<p><img src='i.png' alt='An [odd] *alt*'></p>",
                        f, "https://ex.org/a/page.html");
  assert_string_equal(t, "The minutes, which the clerk [published](https://ex.org/a/b/c?q=1#f) on "
                         "Wednesday, list every vote; the [treasurer's report](https://x.org/a%20b) "
                         "and the appendix follow, as does the summary.\n\n"
                         "![An \\[odd\\] \\*alt\\*](https://ex.org/a/i.png)");
  free(t);
  /* <base href> wins over the URL */
  t = render_with("<base href='https://cdn.example/base/'>",
                  "<p>Read the <a href='x'>full minutes</a> of the meeting, which ran past midnight.</p>",
                  f, "https://ex.org/a/page.html");
  assert_string_equal(t, "Read the [full minutes](https://cdn.example/base/x) of the meeting, which ran "
                         "past midnight.");
  free(t);
  /* without the options: text only */
  t = render_with("", "<p>Read the <a href='x'>full minutes</a> <img src='i.png' alt='img'>of the "
                      "meeting, which ran past midnight.</p>", 0, NULL);
  assert_string_equal(t, "Read the full minutes of the meeting, which ran past midnight.");
  free(t);
}

static void title_as_heading(void **state) {
  (void)state;
  char page[] = "<html><head><title>T | Site</title></head><body><article><h1>The *real* headline</h1>"
                BEFORE AFTER "</article></body></html>";
  winnow_options o;
  winnow_options_init(&o);
  o.flags = WINNOW_OPT_TITLE;
  char *t = winnow_html_to_text(page, strlen(page), WINNOW_FORMAT_MARKDOWN, &o, NULL);
  assert_non_null(t);
  const char *want = "# The \\*real\\* headline\n\nThe committee";
  assert_true(!strncmp(t, want, strlen(want)));
  free(t);
}

static void json_carries_markdown_on_request(void **state) {
  (void)state;
  char page[] = "<html><body><article>" BEFORE "<h2>Sub</h2>" AFTER "</article></body></html>";
  winnow_options o;
  winnow_options_init(&o);
  o.flags = WINNOW_OPT_MARKDOWN_IN_JSON;
  char *j = winnow_html_to_text(page, strlen(page), WINNOW_FORMAT_JSON, &o, NULL);
  assert_non_null(j);
  assert_non_null(strstr(j, "\"markdown\":\""));
  assert_non_null(strstr(j, "\\n\\n## Sub\\n\\n"));
  assert_null(strstr(j, "\"text\":"));
  free(j);
}

static void no_article_no_markdown(void **state) {
  (void)state;
  winnow_status st;
  char *t = winnow_html_to_text("<p>hi</p>", 9, WINNOW_FORMAT_MARKDOWN, NULL, &st);
  assert_int_equal(st, WINNOW_OK);
  assert_string_equal(t, "");
  free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(line_start_markers_escaped),
      cmocka_unit_test(inline_markup_escaped),
      cmocka_unit_test(headings_keep_levels),
      cmocka_unit_test(lists_nest_by_marker_width),
      cmocka_unit_test(quotes_on_every_line),
      cmocka_unit_test(code_fenced_with_language),
      cmocka_unit_test(inline_spans),
      cmocka_unit_test(tables_as_pipes),
      cmocka_unit_test(layout_tables_are_blocks),
      cmocka_unit_test(links_and_images),
      cmocka_unit_test(title_as_heading),
      cmocka_unit_test(json_carries_markdown_on_request),
      cmocka_unit_test(no_article_no_markdown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
