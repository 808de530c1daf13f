/* Stage 2: Gumbo's tree as a flat preorder array. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dom.h"

static wn_dom parse(wn_arena *a, const char *html, uint32_t max_nodes) {
  wn_dom d;
  assert_int_equal(wn_dom_parse(a, html, strlen(html), max_nodes, NULL, &d), WINNOW_OK);
  return d;
}

static uint32_t find_tag(const wn_dom *d, unsigned tag) {
  for (uint32_t i = 0; i < d->count; i++)
    if (d->nodes[i].tag == tag) return i;
  return WN_NONE;
}

/* Every node's subtree is the range [i, end), children link up. */
static void check_invariants(const wn_dom *d) {
  assert_int_equal(d->nodes[0].parent, WN_NONE);
  assert_int_equal(d->nodes[0].end, d->count);
  for (uint32_t i = 1; i < d->count; i++) {
    const wn_node *n = &d->nodes[i];
    uint32_t p = n->parent;
    assert_true(p < i);
    assert_true(n->end > i && n->end <= d->nodes[p].end);
    assert_int_equal(n->depth, d->nodes[p].depth + 1);
    if (n->next != WN_NONE) {
      assert_int_equal(n->next, n->end); /* the next sibling follows the subtree */
      assert_int_equal(d->nodes[n->next].parent, p);
    }
  }
}

static void preorder_with_subtree_ends(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  wn_dom d = parse(&a, "<html><head><title>T</title></head><body><div id=x><p>One <b>two</b></p>"
                       "<p>three</p></div></body></html>", 1000);
  check_invariants(&d);
  uint32_t div = find_tag(&d, WN_TAG_DIV);
  assert_int_not_equal(div, WN_NONE);
  assert_string_equal(wn_node_attr(&d.nodes[div], WN_ATTR_ID), "x");
  uint32_t p1 = div + 1;
  assert_int_equal(d.nodes[p1].tag, WN_TAG_P);
  uint32_t p2 = d.nodes[p1].next;
  assert_int_equal(d.nodes[p2].tag, WN_TAG_P);
  assert_int_equal(d.nodes[p2].next, WN_NONE);
  assert_int_equal(d.nodes[div].end, d.nodes[p2].end);
  /* text nodes hold decoded text */
  assert_int_equal(d.nodes[p1 + 1].tag, WN_TAG_TEXT);
  assert_string_equal(d.nodes[p1 + 1].text, "One ");
  wn_arena_release(&a);
}

static void attributes_and_entities(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  wn_dom d = parse(&a, "<p class='lead  Intro' data-x=1 aria-hidden=true>caf&eacute; &amp; &#x263A;</p>", 100);
  uint32_t p = find_tag(&d, WN_TAG_P);
  assert_string_equal(wn_node_attr(&d.nodes[p], WN_ATTR_CLASS), "lead  Intro");
  assert_string_equal(wn_node_attr(&d.nodes[p], WN_ATTR_ARIA_HIDDEN), "true");
  assert_null(wn_node_attr(&d.nodes[p], WN_ATTR_ID)); /* absent */
  assert_int_equal(d.nodes[p].nattrs, 2);             /* data-x is not copied */
  assert_string_equal(d.nodes[p + 1].text, "caf\xc3\xa9 & \xe2\x98\xba");
  wn_arena_release(&a);
}

static void foreign_content_and_comments(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  wn_dom d = parse(&a, "<body><!-- hidden --><svg><title>icon</title></svg><p>x</p></body>", 100);
  check_invariants(&d);
  uint32_t svg = find_tag(&d, WN_TAG_SVG);
  assert_int_not_equal(svg, WN_NONE);
  /* the svg's title is SVG too, never an HTML <title> */
  assert_int_equal(d.nodes[svg + 1].tag, WN_TAG_SVG);
  for (uint32_t i = 0; i < d.count; i++)
    if (d.nodes[i].tag == WN_TAG_TEXT) assert_null(strstr(d.nodes[i].text, "hidden"));
  wn_arena_release(&a);
}

static void node_limit_is_reported(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  char html[4096] = "<body>";
  for (int i = 0; i < 200; i++) strcat(html, "<i>x</i>");
  wn_dom d = parse(&a, html, 50);
  assert_int_equal(d.count, 50);
  assert_true(d.warnings & WINNOW_WARN_NODES);
  check_invariants(&d);
  wn_arena_release(&a);
}

/* The text of the page's text nodes, in document order, joined by '|'. */
static void texts(const wn_dom *d, char *out, size_t cap) {
  size_t n = 0;
  out[0] = '\0';
  for (uint32_t i = 0; i < d->count; i++) {
    if (d->nodes[i].tag != WN_TAG_TEXT) continue;
    size_t k = strlen(d->nodes[i].text);
    if (n + k + 2 > cap) break;
    if (n) out[n++] = '|';
    memcpy(out + n, d->nodes[i].text, k + 1);
    n += k;
  }
}

/* React's streamed parts go in their placeholders, fallbacks out. */
static void streamed_parts_in_place(void **state) {
  (void)state;
  wn_arena a;
  wn_arena_init(&a, NULL);
  char buf[512];
  /* a boundary with its fallback; a part holding a placeholder of its own */
  wn_dom d = parse(&a, "<body><p>a</p><!--$?--><template id=\"B:0\"></template><i>wait</i><!--/$-->"
                       "<p>d</p><div hidden id=\"S:0\"><b>b</b><template id=\"P:1\"></template></div>"
                       "<div hidden id=\"S:1\"><b>c</b></div></body>", 100);
  check_invariants(&d);
  texts(&d, buf, sizeof buf);
  assert_string_equal(buf, "a|b|c|d");
  /* a placeholder inside its own part, or without a part, stays as it is */
  d = parse(&a, "<body><p>a</p><div hidden id=\"S:0\"><b>b</b><template id=\"B:0\"></template>"
                "</div><template id=\"B:7\"></template><i>e</i></body>", 100);
  check_invariants(&d);
  texts(&d, buf, sizeof buf);
  assert_string_equal(buf, "a|b|e");
  /* no closing mark: only the placeholder goes */
  d = parse(&a, "<body><template id=\"B:0\"></template><p>x</p><div hidden id=\"S:0\">y</div></body>", 100);
  check_invariants(&d);
  texts(&d, buf, sizeof buf);
  assert_string_equal(buf, "y|x");
  wn_arena_release(&a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(preorder_with_subtree_ends),
      cmocka_unit_test(attributes_and_entities),
      cmocka_unit_test(foreign_content_and_comments),
      cmocka_unit_test(node_limit_is_reported),
      cmocka_unit_test(streamed_parts_in_place),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
