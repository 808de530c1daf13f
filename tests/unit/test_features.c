/* Stage 3: the signals every later decision rests on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "feature.h"

static wn_count count(const char *s) {
  wn_count c;
  memset(&c, 0, sizeof c);
  wn_count_text(&c, s, strlen(s));
  return c;
}

static void counts_latin_text(void **state) {
  (void)state;
  wn_count c = count("  Hello,  world. Is it  you? ");
  assert_int_equal(c.words, 5);
  assert_int_equal(c.chars, 20); /* spaces do not count */
  assert_int_equal(c.commas, 1);
  assert_int_equal(c.stops, 2);
  assert_int_equal(c.cjk, 0);
}

static void counts_cjk_characters_as_words(void **state) {
  (void)state;
  /* 「今日は雨です。」: 6 CJK characters (kana count too) and one full stop */
  wn_count c = count("\xe4\xbb\x8a\xe6\x97\xa5\xe3\x81\xaf\xe9\x9b\xa8\xe3\x81\xa7\xe3\x81\x99\xe3\x80\x82");
  assert_int_equal(c.cjk, 6);
  assert_int_equal(c.words, 6);
  assert_int_equal(c.stops, 1);
  assert_int_equal(c.chars, 7);
  assert_true(wn_eff(&c) >= 18); /* weighs like a short sentence */
}

static void counts_arabic_words_and_punctuation(void **state) {
  (void)state;
  /* "مرحبا بالعالم، كيف حالك؟" : 4 words, an Arabic comma and question mark */
  wn_count c = count("\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7 \xd8\xa8\xd8\xa7\xd9\x84\xd8\xb9\xd8\xa7\xd9\x84\xd9\x85\xd8\x8c "
                     "\xd9\x83\xd9\x8a\xd9\x81 \xd8\xad\xd8\xa7\xd9\x84\xd9\x83\xd8\x9f");
  assert_int_equal(c.words, 4);
  assert_int_equal(c.commas, 1);
  assert_int_equal(c.stops, 1);
  assert_int_equal(c.cjk, 0);
}

static void zero_width_and_nbsp_are_not_text(void **state) {
  (void)state;
  wn_count c = count("a\xe2\x80\x8b" "b\xc2\xa0" "c"); /* a ZWSP b NBSP c */
  assert_int_equal(c.chars, 3);
  assert_int_equal(c.words, 2); /* ZWSP joins, NBSP separates */
}

static void class_names_by_sub_word(void **state) {
  (void)state;
  assert_true(wn_names_sorted());
  assert_true(wn_classify_names("pager") & WN_F_NEG);
  assert_true(wn_classify_names("related-posts") & WN_F_NEG);
  assert_true(wn_classify_names("socialShareBar") & WN_F_NEG);
  assert_true(wn_classify_names("article-body") & WN_F_POS);
  assert_true(wn_classify_names("comment-list") & WN_F_COMMENTS);
  assert_true(wn_classify_names("figure__caption") & WN_F_CAPTION);
  assert_true(wn_classify_names("sr-only") & WN_F_SRONLY);
  assert_true(wn_classify_names("btn hidden") & WN_F_DROP);
  assert_true(wn_classify_names("werbung-box") & WN_F_NEG);
  assert_true(wn_classify_names("noticias-relacionadas") & WN_F_NEG);
  assert_true(wn_classify_names("kommentare") & WN_F_COMMENTS);
  assert_true(wn_classify_names("zone-commentaires") & WN_F_COMMENTS);
  /* "Kommentar" also names an opinion piece: not a comment section */
  assert_false(wn_classify_names("artikel-kommentar") & WN_F_COMMENTS);
  /* sub-words, not substrings: these say nothing */
  assert_int_equal(wn_classify_names("shadow loaded download"), 0);
  assert_int_equal(wn_classify_names("headline"), 0);
  assert_int_equal(wn_classify_names("hidden-xs"), 0); /* hidden on phones only */
  assert_int_equal(wn_classify_names(""), 0);
  /* letters inside a hash or a number are not words ("ad" in b53ad4) */
  assert_int_equal(wn_classify_names("w-node-b5343ad4-d1b4"), 0);
  assert_int_equal(wn_classify_names("Card_box__1FS9s"), 0);
  assert_true(wn_classify_names("ad300x250") & WN_F_NEG);
  /* a CSS module's hash suffix is no word; a BEM element is */
  assert_int_equal(wn_classify_names("mdx-table_root__adKqa"), 0);
  assert_true(wn_classify_names("article__ad") & WN_F_NEG);
  /* a utility class's variant says when it applies; hidden in print is
   * furniture */
  assert_int_equal(wn_classify_names("print:break-inside-avoid lg:flex-row"), 0);
  assert_true(wn_classify_names("flex print:hidden") & WN_F_NEG);
  /* on a post's own wrapper, what follows a taxonomy prefix is data */
  assert_int_equal(wn_classify_names("post hentry category-ads-and-promos tag-share-this "
                                     "author-jane") & (WN_F_NEG | WN_F_META), 0);
  assert_true(wn_classify_names("post hentry") & WN_F_POS);
  /* elsewhere the same words keep their meaning */
  assert_true(wn_classify_names("author-bio") & WN_F_META);
  assert_true(wn_classify_names("widget tag-cloud") & WN_F_META);
  assert_true(wn_classify_names("post-author author-box") & WN_F_META);
}

static void layout_words_are_noted(void **state) {
  (void)state;
  uint8_t ids[WN_NAME_WORDS] = {0};
  unsigned n = 0;
  /* a page builder's box word is noted for select to weigh */
  assert_true(wn_classify_names_ids("pb-widget pb-widget-text", NULL, ids, &n) & WN_F_NEG);
  assert_int_equal(n, 1);
  assert_true(ids[0] > 0 && ids[0] <= wn_name_word_count());
  /* words that name one kind of furniture are not */
  n = 0;
  assert_true(wn_classify_names_ids("sidebar related-posts", NULL, ids, &n) & WN_F_NEG);
  assert_int_equal(n, 0);
}

static void furniture_phrases(void **state) {
  (void)state;
  const char *yes[] = {"advertisement", "advertisement:", "sign up for our free daily newsletter",
                       "share this article", "prices last scanned on 4/17/2024",
                       "add interesting engineering to your google news feed.", "anzeige",
                       "\xc3\xa4hnliche beitr\xc3\xa4ge", "das k\xc3\xb6nnte sie auch interessieren:",
                       "hinterlasse einen kommentar", "art\xc3\xad" "culos relacionados",
                       "lo m\xc3\xa1s le\xc3\xad" "do", "leggi anche"};
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
    assert_true(wn_is_promo_text(yes[i], strlen(yes[i])));
  const char *no[] = {"the advertisement industry shrank by a fifth last year",
                      "she signed the letter in march", "read the full report",
                      "die kommentare des ministers wurden scharf kritisiert"};
  for (size_t i = 0; i < sizeof no / sizeof *no; i++)
    assert_false(wn_is_promo_text(no[i], strlen(no[i])));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(counts_latin_text),
      cmocka_unit_test(counts_cjk_characters_as_words),
      cmocka_unit_test(counts_arabic_words_and_punctuation),
      cmocka_unit_test(zero_width_and_nbsp_are_not_text),
      cmocka_unit_test(class_names_by_sub_word),
      cmocka_unit_test(layout_words_are_noted),
      cmocka_unit_test(furniture_phrases),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
