/* Stage 4 and 5, score/select and prune: which part of the page is the
 * article, and what inside it is still furniture.
 *
 * select.c judges every text block on its own (length, link share,
 * sentence punctuation: boilerpipe's shallow text features and jusText's
 * classes), then picks the element whose subtree holds the most good text
 * net of boilerplate-looking text (the article container and its genuine
 * siblings, when the article is split).  prune.c then marks what inside
 * that element is not article: boilerplate-named parts, link lists,
 * captions, the headline, and the short furniture before the first and
 * after the last good block (bylines, dates, "Share this", tag lines). */
#ifndef WINNOW_SELECT_H
#define WINNOW_SELECT_H

#include "feature.h"

/* How a text block looks on its own. */
typedef enum wn_class { WN_CLASS_NONE = 0, WN_CLASS_BAD, WN_CLASS_NEUTRAL, WN_CLASS_GOOD } wn_class;

typedef struct wn_selection {
  uint32_t root;   /* the chosen element, WN_NONE when the page has no article */
  uint8_t *skip;   /* per node: 1 = leave this subtree out of the output */
  uint8_t *cls;    /* per node: wn_class of blocks with text of their own */
  float score;     /* net good text of root */
} wn_selection;

typedef struct wn_select_opts {
  unsigned flags; /* WINNOW_OPT_* */
  int relaxed;    /* second pass: links and link-led items count as prose */
} wn_select_opts;

winnow_status wn_select(wn_arena *a, const wn_dom *dom, wn_features *fs,
                        const wn_select_opts *o, wn_selection *out);

/* Marks sel->skip inside sel->root. */
void wn_prune(const wn_dom *dom, const wn_features *fs,
              const wn_select_opts *o, wn_selection *sel);

#endif
