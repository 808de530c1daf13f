/* Stages 4 and 5: which element is the article, and what inside it goes.
 * Each page here isolates one decision. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "select.h"

#define PARA(s) "<p>" s " The council met on Tuesday and agreed the plan after a long debate.</p>"
#define ARTICLE                                                                              \
  PARA("Work on the new bridge starts in March, the council said.")                        \
  PARA("The old bridge, built in 1890, will close to cars but stay open to walkers.")      \
  PARA("Local shops worry about the months of roadworks, but most welcomed the news.")

typedef struct page {
  wn_arena a;
  wn_dom dom;
  wn_features fs;
  wn_selection sel;
} page;

static void run(page *p, const char *html, unsigned flags) {
  wn_arena_init(&p->a, NULL);
  assert_int_equal(wn_dom_parse(&p->a, html, strlen(html), 100000, NULL, &p->dom), WINNOW_OK);
  assert_int_equal(wn_features_compute(&p->a, &p->dom, &p->fs), WINNOW_OK);
  wn_select_opts o = {flags, 0};
  assert_int_equal(wn_select(&p->a, &p->dom, &p->fs, &o, &p->sel), WINNOW_OK);
  wn_prune(&p->dom, &p->fs, &o, &p->sel);
}

/* The element with this id attribute. */
static uint32_t by_id(const page *p, const char *id) {
  for (uint32_t i = 0; i < p->dom.count; i++) {
    const char *v = wn_node_attr(&p->dom.nodes[i], WN_ATTR_ID);
    if (v && !strcmp(v, id)) return i;
  }
  fail_msg("no element with id %s", id);
  return WN_NONE;
}

/* Whether node i is left out of the output (it or an ancestor skipped,
 * or outside the chosen root). */
static int left_out(const page *p, uint32_t i) {
  uint32_t r = p->sel.root;
  if (r == WN_NONE || i < r || i >= p->dom.nodes[r].end) return 1;
  for (uint32_t k = i; k != WN_NONE && k >= r; k = p->dom.nodes[k].parent)
    if (p->sel.skip[k]) return 1;
  return 0;
}

static void article_beats_navigation_and_sidebar(void **state) {
  (void)state;
  page p;
  run(&p, "<body><nav id=nav><a href=/>Home</a> <a href=/a>World</a> <a href=/b>Sport</a></nav>"
          "<div id=main><div id=story>" ARTICLE "</div>"
          "<aside id=side><p>Subscribe to our newsletter for the best stories of the week.</p></aside></div>"
          "</body>", 0);
  assert_true(p.sel.root == by_id(&p, "story") || p.sel.root == by_id(&p, "main"));
  assert_true(left_out(&p, by_id(&p, "nav")));
  assert_true(left_out(&p, by_id(&p, "side")));
  wn_arena_release(&p.a);
}

static void article_split_by_an_ad_stays_whole(void **state) {
  (void)state;
  page p;
  run(&p, "<body><div id=body><div id=one>" ARTICLE "</div>"
          "<div id=ad class=ad-slot><a href=/x>Advertisement</a></div>"
          "<div id=two>" ARTICLE "</div></div></body>", 0);
  assert_false(left_out(&p, by_id(&p, "one")));
  assert_false(left_out(&p, by_id(&p, "two")));
  assert_true(left_out(&p, by_id(&p, "ad")));
  wn_arena_release(&p.a);
}

static void layout_wrapper_with_a_boilerplate_name_is_not_dropped(void **state) {
  (void)state;
  page p;
  /* "sidebar" in the name, but it holds the whole article */
  run(&p, "<body><div id=wrap class='content-with-sidebar'>" ARTICLE "</div></body>", 0);
  assert_false(left_out(&p, by_id(&p, "wrap") + 1));
  wn_arena_release(&p.a);
}

static void comments_go_however_long(void **state) {
  (void)state;
  page p;
  run(&p, "<body><article id=a><div>" ARTICLE "</div><section id=c class=comments>" ARTICLE ARTICLE
          "</section></article></body>", 0);
  assert_false(left_out(&p, by_id(&p, "a") + 2));
  assert_true(left_out(&p, by_id(&p, "c")));
  wn_arena_release(&p.a);
}

static void teaser_cards_beside_an_article_go(void **state) {
  (void)state;
  page p;
  char html[8192];
  snprintf(html, sizeof html,
           "<body><div id=page><article id=a>" ARTICLE "</article><div id=more>"
           "<div id=t1><h3><a href=/1>Flood barrier opens</a></h3><p>The new barrier was tested for "
           "the first time on Sunday, and engineers said it worked.</p></div>"
           "<div id=t2><h3><a href=/2>Library hours change</a></h3><p>From May the central library "
           "will open on Sundays, the first time in a decade.</p></div>"
           "</div></div></body>");
  run(&p, html, 0);
  assert_false(left_out(&p, by_id(&p, "a") + 1));
  assert_true(left_out(&p, by_id(&p, "t1")));
  assert_true(left_out(&p, by_id(&p, "t2")));
  wn_arena_release(&p.a);
}

static void cards_that_are_the_whole_page_stay(void **state) {
  (void)state;
  page p;
  /* forum posts: each opens with a linked user name */
  run(&p, "<body><div id=thread>"
          "<div id=p1><a href=/u/1>anna</a>" PARA("My starter smells of acetone.") "</div>"
          "<div id=p2><a href=/u/2>ben</a>" PARA("It is hungry, feed it twice a day.") "</div>"
          "<div id=p3><a href=/u/1>anna</a>" PARA("Thanks, that worked.") "</div>"
          "</div></body>", 0);
  assert_false(left_out(&p, by_id(&p, "p1") + 2));
  assert_false(left_out(&p, by_id(&p, "p3") + 2));
  wn_arena_release(&p.a);
}

static void link_list_inside_article_goes_with_its_heading(void **state) {
  (void)state;
  page p;
  run(&p, "<body><article>" ARTICLE "<h4 id=h>Related</h4><ul id=l>"
          "<li>How the <a href=/1>old bridge was built</a></li>"
          "<li>Why <a href=/2>traffic fell last year</a></li>"
          "<li>What <a href=/3>the council plans next</a></li></ul>" ARTICLE "</article></body>", 0);
  assert_true(left_out(&p, by_id(&p, "l")));
  assert_true(left_out(&p, by_id(&p, "h")));
  wn_arena_release(&p.a);
}

static void edge_furniture_trimmed_middle_kept(void **state) {
  (void)state;
  page p;
  run(&p, "<body><article><p id=by>By Ann Smith | 3 May 2024</p>" ARTICLE
          "<p id=mid>Read on.</p>" ARTICLE "<p id=end>Share</p></article></body>", 0);
  assert_true(left_out(&p, by_id(&p, "by")));
  assert_false(left_out(&p, by_id(&p, "mid")));
  assert_true(left_out(&p, by_id(&p, "end")));
  wn_arena_release(&p.a);
}

static void headline_goes_section_h1_stays(void **state) {
  (void)state;
  page p;
  run(&p, "<body><article><h1 id=t>Bridge to close</h1>" ARTICLE "<h1 id=s>History</h1>" ARTICLE
          "</article></body>", 0);
  assert_true(left_out(&p, by_id(&p, "t")));
  assert_false(left_out(&p, by_id(&p, "s")));
  wn_arena_release(&p.a);
}

static void too_little_text_is_no_article(void **state) {
  (void)state;
  page p;
  run(&p, "<body><form><p>Sign in to read on.</p><input name=u></form>"
          "<p>Need help? Call us on 0800 123.</p></body>", 0);
  assert_int_equal(p.sel.root, WN_NONE);
  wn_arena_release(&p.a);
}

/* The fallback pass counts linked text as prose, but not a list of the
 * post's tags (rel="tag", as blog engines write them). */
static void tag_links_are_never_prose(void **state) {
  (void)state;
  page p;
  const char *html =
      "<body><div id=post>"
      "<p id=cal>Round 1: 10 March, Interlagos<br>Round 2: 7 April, Curitiba<br>"
      "Round 3: 5 May, Velopark<br>Round 4: 9 June, Londrina<br>Round 5: 30 June, Santa Cruz<br>"
      "Round 6: 28 July, Goiania<br>Round 7: 18 August, Campo Grande<br>Round 8: 8 September, Cascavel<br>"
      "Round 9: 22 September, Tarumã<br>Round 10: 20 October, Goiania<br>Round 11: 3 November, Velopark<br>"
      "Round 12: 8 December, Interlagos</p>"
      "<div id=tags>More about this season and its races: <a rel=tag href=/t/1>stock car 2018</a>, <a rel=tag href=/t/2>stock car brasil</a>, "
      "<a rel=\"category tag\" href=/t/3>calendar</a>, <a rel=tag href=/t/4>interlagos</a></div>"
      "</div></body>";
  wn_arena_init(&p.a, NULL);
  assert_int_equal(wn_dom_parse(&p.a, html, strlen(html), 100000, NULL, &p.dom), WINNOW_OK);
  assert_int_equal(wn_features_compute(&p.a, &p.dom, &p.fs), WINNOW_OK);
  wn_select_opts o = {0, 1}; /* the fallback pass */
  assert_int_equal(wn_select(&p.a, &p.dom, &p.fs, &o, &p.sel), WINNOW_OK);
  wn_prune(&p.dom, &p.fs, &o, &p.sel);
  assert_int_equal(p.sel.cls[by_id(&p, "cal")], WN_CLASS_GOOD);
  assert_int_equal(p.sel.cls[by_id(&p, "tags")], WN_CLASS_BAD);
  assert_false(left_out(&p, by_id(&p, "cal")));
  assert_true(left_out(&p, by_id(&p, "tags")));
  wn_arena_release(&p.a);
}

/* Furniture labels match whatever the case, accented capitals included,
 * and in the languages the tables cover. */
static void furniture_labels_in_any_case(void **state) {
  (void)state;
  page p;
  run(&p, "<body><div id=story>" ARTICLE
          "<p id=de>\xc3\x84HNLICHE BEITR\xc3\x84GE:</p>"       /* ÄHNLICHE BEITRÄGE: */
          "<p id=fr>\xc3\x80 lire aussi</p>"                     /* À lire aussi */
          "<p id=es>Deja un comentario</p>"
          "<p id=no>\xc3\x84pfel und Birnen</p></div></body>", 0); /* Äpfel: a word, not a label */
  assert_true(p.fs.f[by_id(&p, "de")].flags & WN_F_PROMO);
  assert_true(p.fs.f[by_id(&p, "fr")].flags & WN_F_PROMO);
  assert_true(p.fs.f[by_id(&p, "es")].flags & WN_F_PROMO);
  assert_false(p.fs.f[by_id(&p, "no")].flags & WN_F_PROMO);
  wn_arena_release(&p.a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(article_beats_navigation_and_sidebar),
      cmocka_unit_test(article_split_by_an_ad_stays_whole),
      cmocka_unit_test(layout_wrapper_with_a_boilerplate_name_is_not_dropped),
      cmocka_unit_test(comments_go_however_long),
      cmocka_unit_test(teaser_cards_beside_an_article_go),
      cmocka_unit_test(cards_that_are_the_whole_page_stay),
      cmocka_unit_test(link_list_inside_article_goes_with_its_heading),
      cmocka_unit_test(edge_furniture_trimmed_middle_kept),
      cmocka_unit_test(headline_goes_section_h1_stays),
      cmocka_unit_test(too_little_text_is_no_article),
      cmocka_unit_test(furniture_labels_in_any_case),
      cmocka_unit_test(tag_links_are_never_prose),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
