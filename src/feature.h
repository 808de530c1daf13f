/* Stage 3, features (features.c; the header is not called features.h
 * because that name would shadow glibc's <features.h>): what each node is and how much text it holds.
 *
 * Two linear passes over the node array: forward (document order) to give
 * each node what it inherits from its ancestors (hidden, inside a link,
 * inside boilerplate) and its own tag/attribute flags, backward to add
 * every node's counts into its parent.  Text is counted in code points;
 * CJK characters are counted apart because one carries about as much as
 * a short word. */
#ifndef WINNOW_FEATURE_H
#define WINNOW_FEATURE_H

#include <stdint.h>

#include "dom.h"

/* Node flags. */
enum {
  WN_F_DROP = 1u << 0,     /* never content: script, hidden, form controls... (subtree) */
  WN_F_BLOCK = 1u << 1,    /* block-level element: starts a new text block */
  WN_F_LINK = 1u << 2,     /* inside <a href> */
  WN_F_NEG = 1u << 3,      /* class/id/role says boilerplate (this node) */
  WN_F_POS = 1u << 4,      /* class/id/itemprop says article body (this node) */
  WN_F_IN_NEG = 1u << 5,   /* this node or an ancestor is WN_F_NEG */
  WN_F_CAPTION = 1u << 6,  /* figcaption or caption/credit class (this node) */
  WN_F_COMMENTS = 1u << 7, /* comment section (subtree): boilerplate however long */
  WN_F_STRUCT = 1u << 8,   /* nav/aside/footer/header element: layout furniture */
  WN_F_TITLE = 1u << 9,    /* page-title heading */
  WN_F_SRONLY = 1u << 10,  /* screen-reader-only text (subtree) */
  WN_F_META = 1u << 11,    /* byline/date/tags: article furniture (this node) */
  WN_F_IN_CAP = 1u << 12,  /* this node or an ancestor is a caption (set by select) */
  WN_F_STRONG = 1u << 13,  /* a name no article wrapper carries (footer, comments) */
  WN_F_LEADLINK = 1u << 14, /* the block's text starts inside a link */
  WN_F_CARD = 1u << 15,    /* a teaser card among others (set by select) */
  WN_F_EMBED = 1u << 17,   /* an embedded post quoted by the article (tweet, social embed) */
  WN_F_TAGLINK = 1u << 18, /* <a rel="tag">/rel="category" (subtree); on a block: it holds one */
  WN_F_PROMO = 1u << 16,   /* short block whose words are site furniture ("Advertisement",
                              "Sign up for our newsletter") */
  WN_F_NAMENEG = 1u << 19, /* WN_F_NEG/WN_F_META come only from the class/id words in
                              wn_feat.nw: the page may use them for layout (select) */
  WN_F_POST = 1u << 20,    /* named as a post's own body (post, entry, article, story,
                              itemprop=articleBody, <article>), with WN_F_POS */
  WN_F_FURNBOX = 1u << 21, /* a small box of furniture by its shape (an email field, a
                              first line of furniture words), with WN_F_NEG */
  WN_F_INTRO_LIST = 1u << 22 /* in a list of links a sentence introduces ("see:"): the
                                text's own list, not a link list (set by select) */
};

/* Negative class/id words one element can carry and still have them
 * weighed as layout words. */
#define WN_NAME_WORDS 2

/* Counts for one node: its own text (text in no nested block) and the
 * whole subtree's. */
typedef struct wn_count {
  uint32_t chars; /* non-space code points */
  uint32_t cjk;   /* of which CJK ideographs, kana, hangul */
  uint32_t link;  /* of which inside links */
  uint32_t words; /* space-separated words (CJK chars count one each) */
  uint32_t commas;
  uint32_t stops; /* sentence-ending punctuation */
} wn_count;

typedef struct wn_feat {
  uint32_t flags;
  uint32_t block;   /* nearest block ancestor-or-self (text nodes: their block) */
  wn_count own;     /* text owned by this block directly */
  wn_count all;     /* the whole subtree (not dropped parts) */
  uint32_t paras;   /* descendant <p>/text blocks with 'good' text */
  uint8_t nw[WN_NAME_WORDS]; /* with WN_F_NAMENEG: its negative words, index + 1 (0: none) */
  float good;       /* chars of good-looking text blocks in the subtree */
  float bad;        /* chars of boilerplate-looking blocks in the subtree */
  float score;
} wn_feat;

typedef struct wn_features {
  wn_feat *f; /* one per node */
  float total_good;
} wn_features;

/* Computes flags and counts for every node of dom. */
winnow_status wn_features_compute(wn_arena *a, const wn_dom *dom,
                                  wn_features *out);
/* The same; with 'reveal', parts hidden by an attribute, an inline style
 * or a class ("hidden", "d-none") count as shown: pages that reveal their
 * content with a script once it has loaded. */
winnow_status wn_features_compute_ex(wn_arena *a, const wn_dom *dom, int reveal,
                                     wn_features *out);

/* Weighted length: CJK characters count three times, since a CJK
 * character carries about as much as a short word. */
static inline uint32_t wn_eff(const wn_count *c) { return c->chars + 2 * c->cjk; }

/* Whether a short block's text (lower-cased ASCII, single spaces) reads
 * as site furniture.  Exposed for unit tests. */
int wn_is_promo_text(const char *s, size_t len);
/* The same, giving the label or phrase that matched (static), or NULL. */
const char *wn_promo_match(const char *s, size_t len);

/* Counts the text s[0..len) into c. */
void wn_count_text(wn_count *c, const char *s, size_t len);

/* Classification of a class/id/role string; WN_F_NEG, WN_F_POS,
 * WN_F_COMMENTS, WN_F_CAPTION, WN_F_SRONLY, WN_F_META bits.  Exposed for
 * unit tests. */
uint32_t wn_classify_names(const char *s);
/* The same; hit, when not NULL, points to two words that receive the
 * first matching word that names furniture (WN_F_META) and the first that
 * says anything else but "article" (static strings, for --explain). */
uint32_t wn_classify_names_hit(const char *s, const char **hit);
/* The same again, also giving the layout words found (box words a page
 * may use for layout: "widget"), as word index + 1 into ids[0..*nids);
 * *nids is WN_NAME_WORDS + 1 when there were more than fit. */
uint32_t wn_classify_names_ids(const char *s, const char **hit, uint8_t ids[WN_NAME_WORDS],
                               unsigned *nids);
/* 1 when the class or id string s says at most that its element is a
 * part beside the article's body ("header", "teaser"). */
int wn_names_beside_body(const char *s);
/* The number of sub-words: word indexes are below it. */
unsigned wn_name_word_count(void);
/* 1 when the name tables are sorted, as the binary search needs. */
int wn_names_sorted(void);

#endif
