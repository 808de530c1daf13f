/* Score text blocks and pick the article's container. */
#include "select.h"

#include "explain.h"

#include <string.h>

/* Thresholds in weighted characters (wn_eff). */
#define GOOD_LEN 80      /* a block this long with punctuation reads as prose */
#define FAIR_LEN 30      /* shorter blocks need a sentence end to count */
#define LINKY 0.5f       /* link share above which a block is a link list */
#define PROSE_LINKS 0.3f /* link share below which a block can be prose */
#define MIN_ARTICLE 200  /* good text an article has at the least */
#define CLIMB 1.5f       /* gain in surviving net text that makes a parent the container */
#define SHORT_POST 60    /* good text of the shortest post a post's body may hold */
#define WHOLE_PAGE 0.8f  /* share of the page's good text that makes a footer a wrapper */
#define CARDS_FLOW 0.5f  /* share of their row's good text that article items hold */
#define LEAD_MIN 250     /* good text of a lead box: an introduction, not a one-line dek */
#define LEAD_PROSE 0.6f  /* share of a lead box's text that is good prose */
#define LEAD_SHARE 0.5f  /* a lead box's good text beside the body's, at the most */
#define DESCEND 0.9f     /* share of its parent's good text that makes a child the container */
#define TERM_LEN 80      /* a definition term longer than this is judged as any block */
#define DESCEND_TEXT 0.75f /* ... and of its text, so lists and tables beside it stay */

/* why, when not NULL, receives the rule that decided (wn_rule, for --explain). */
static wn_class classify_block(const wn_count *c, unsigned tag, uint32_t flags, int relaxed,
                               uint8_t *why) {
  if (!c->chars) return wn_ex_rule(why, WN_CLASS_NONE, WN_RULE_EMPTY);
  float ld = (float)c->link / (float)c->chars;
  uint32_t eff = wn_eff(c);
  if (flags & WN_F_PROMO) return wn_ex_rule(why, WN_CLASS_BAD, WN_RULE_PHRASE);
  /* a list of the post's tags and categories, in any pass */
  if ((flags & WN_F_TAGLINK) && ld > LINKY) return wn_ex_rule(why, WN_CLASS_BAD, WN_RULE_TAGS);
  if (relaxed) { /* the fallback: any block with sentences whose links leave some words */
    if (ld < 0.8f && ((c->stops && c->words >= 6 && eff >= FAIR_LEN) || eff >= 2 * GOOD_LEN))
      return wn_ex_rule(why, WN_CLASS_GOOD, WN_RULE_FB_PROSE);
    return ld > 0.8f ? wn_ex_rule(why, WN_CLASS_BAD, WN_RULE_FB_LINKS)
                     : wn_ex_rule(why, WN_CLASS_NEUTRAL, WN_RULE_FB_SHORT);
  }
  /* a definition list's term names what its <dd> describes, and a
   * reference links it to its own page ("WebSocket.send()", "null"):
   * a label, not a link list, unless it says more than a name */
  if (tag == WN_TAG_DT && eff < TERM_LEN) return wn_ex_rule(why, WN_CLASS_NEUTRAL, WN_RULE_TERM);
  if (ld > LINKY) return wn_ex_rule(why, WN_CLASS_BAD, WN_RULE_LINKS);
  /* a list item that opens with a link and says a little more may be a
   * teaser for another page ("<a>Headline</a> First lines...") or a point
   * of the article: it neither draws the selection nor repels it */
  if ((tag == WN_TAG_LI || tag == WN_TAG_DD) && (flags & WN_F_LEADLINK) && ld >= 0.15f)
    return wn_ex_rule(why, WN_CLASS_NEUTRAL, WN_RULE_LINK_LED);
  if (wn_is_heading(tag)) return wn_ex_rule(why, WN_CLASS_NEUTRAL, WN_RULE_HEADING);
  /* code has no sentences, but on a documentation page it is the content */
  if (tag == WN_TAG_PRE && eff >= FAIR_LEN && ld < PROSE_LINKS)
    return wn_ex_rule(why, WN_CLASS_GOOD, WN_RULE_CODE);
  if (ld < PROSE_LINKS) {
    if (eff >= GOOD_LEN && (c->stops || c->commas)) return wn_ex_rule(why, WN_CLASS_GOOD, WN_RULE_PROSE);
    if (eff >= FAIR_LEN && c->stops && c->words >= 4)
      return wn_ex_rule(why, WN_CLASS_GOOD, WN_RULE_SENTENCE);
  }
  return wn_ex_rule(why, WN_CLASS_NEUTRAL, WN_RULE_SHORT);
}

static float block_value(wn_class k, const wn_count *c) {
  float eff = (float)wn_eff(c);
  switch (k) {
  case WN_CLASS_GOOD: return eff;
  case WN_CLASS_BAD: return -0.75f * eff; /* link lists inside articles cost less than they weigh */
  default: return 0.0f;
  }
}

/* What the steps of wn_select share. */
typedef struct ctx {
  wn_arena *a;
  const wn_node *nodes;
  wn_feat *f;
  uint32_t n;
  uint8_t *cls;  /* wn_class per node */
  float *plain;  /* good text of each subtree before name-based judgements */
  float total;   /* good text of the page */
  wn_explain *ex; /* the --explain record, or NULL */
  float *kept_bad; /* bad text of each subtree outside named boilerplate */
  uint8_t *own_neg; /* apply_names: boilerplate in its own right (not by an ancestor) */
} ctx;

/* 1. Each block on its own, and the good text each subtree holds before
 *    any name-based judgement. */
static void judge_blocks(ctx *c, int relaxed) {
  const wn_node *nodes = c->nodes;
  wn_feat *f = c->f;
  for (uint32_t i = 0; i < c->n; i++) {
    f[i].flags &= ~(uint32_t)(WN_F_CARD | WN_F_IN_NEG | WN_F_IN_CAP | WN_F_INTRO_LIST);
    f[i].paras = 0;
  }
  for (uint32_t i = 0; i < c->n; i++) {
    if (nodes[i].tag == WN_TAG_TEXT || (f[i].flags & WN_F_DROP)) continue;
    wn_class k = classify_block(&f[i].own, nodes[i].tag, f[i].flags, relaxed, wn_ex_rule_at(c->ex, i));
    c->cls[i] = (uint8_t)k;
    if (k == WN_CLASS_GOOD) {
      c->plain[i] = (float)wn_eff(&f[i].own);
      f[i].paras = 1;
      c->total += c->plain[i];
    }
  }
  for (uint32_t i = c->n; i-- > 1;) {
    uint32_t p = nodes[i].parent;
    if (p != WN_NONE && !(f[i].flags & WN_F_DROP)) {
      c->plain[p] += c->plain[i];
      f[p].paras += f[i].paras;
    }
  }
}

/* Cards whose row holds prose of its own beside them (the article's
 * introduction), and holds it mostly in them, are the article's items: a
 * list article's entries, a changelog's.  A row of teasers stands apart,
 * at most under a heading. */
static int in_flow(const ctx *c, float card_good, uint32_t row) {
  float other = c->plain[row] - card_good;
  return other >= GOOD_LEN && card_good >= CARDS_FLOW * c->plain[row];
}

/* 2. Teaser cards: small containers that open with a link or hold a
 *    linked headline, followed by an excerpt, repeated at least twice side
 *    by side ("More from us", a feed of other posts).  Their excerpts read
 *    like prose, so only the shape gives them away. */
static winnow_status mark_cards(ctx *c) {
  const wn_node *nodes = c->nodes;
  wn_feat *f = c->f;
  uint32_t n = c->n, m = n ? n : 1;
  uint32_t *first = wn_arena_alloc(c->a, (size_t)m * sizeof *first);
  uint8_t *lhead = wn_arena_calloc(c->a, m, 1);
  uint16_t *cards = wn_arena_calloc(c->a, m, sizeof *cards);
  float *card_good = wn_arena_calloc(c->a, m, sizeof *card_good);
  if (!first || !lhead || !cards || !card_good) return WINNOW_E_NOMEM;
  /* each element's first text block, and whether it holds a linked heading */
  for (uint32_t i = 0; i < n; i++) first[i] = WN_NONE;
  for (uint32_t i = n; i-- > 0;) {
    if (nodes[i].tag == WN_TAG_TEXT || (f[i].flags & WN_F_DROP)) continue;
    if (f[i].own.chars) {
      first[i] = i;
      if (wn_is_heading(nodes[i].tag) && c->cls[i] == WN_CLASS_BAD) lhead[i] = 1;
    }
    uint32_t p = nodes[i].parent;
    if (p == WN_NONE) continue;
    if (first[i] != WN_NONE) first[p] = first[i]; /* children come last to first */
    lhead[p] |= lhead[i];
  }
  for (uint32_t i = 0; i < n; i++) {
    if (nodes[i].tag == WN_TAG_TEXT || (f[i].flags & WN_F_DROP) || nodes[i].parent == WN_NONE) continue;
    uint32_t fb = first[i];
    if (fb == WN_NONE || fb == i || !f[i].paras || f[i].all.chars > 1200 || c->plain[i] > 600)
      continue; /* a teaser says a little; a forum post or a section says more */
    if (c->plain[i] >= 0.5f * c->total) continue; /* a short article, not a teaser */
    int opens_link = c->cls[fb] == WN_CLASS_BAD || (f[fb].flags & WN_F_LEADLINK);
    if (lhead[i] || opens_link) {
      f[i].flags |= WN_F_CARD;
      wn_ex_card(c->ex, i, lhead[i] ? WN_CARD_HEADLINE : WN_CARD_LEADLINK);
      if (cards[nodes[i].parent] < UINT16_MAX) cards[nodes[i].parent]++;
    }
  }
  /* Cards that hold all the page's good text are its content (a forum
   * thread's posts open with a linked user name, a list article's items
   * with a linked title): teasers only ever sit beside an article. */
  float all_cards = 0; /* in rows of two or more, over the whole page */
  for (uint32_t i = 0; i < n; i++)
    if (f[i].flags & WN_F_CARD) card_good[nodes[i].parent] += c->plain[i];
  for (uint32_t i = 0; i < n; i++)
    if ((f[i].flags & WN_F_CARD) && cards[nodes[i].parent] >= 2) all_cards += c->plain[i];
  int hub = c->total - all_cards < MIN_ARTICLE; /* rows of cards and no article beside */
  for (uint32_t i = 0; i < n; i++) {
    if (!(f[i].flags & WN_F_CARD)) continue;
    uint32_t p = nodes[i].parent;
    int items = in_flow(c, card_good[p], p);
    if (cards[p] < 2 || c->total - card_good[p] < MIN_ARTICLE || hub || items) {
      f[i].flags &= ~(uint32_t)WN_F_CARD;
      if (items) wn_ex_spared(c->ex, i, WN_R_ARTICLE_ITEMS);
    }
  }
  return WINNOW_OK;
}

/* Whether the element before list i says it introduces it: its text
 * ends with a colon ("For more information, see:", "Our picks:"), and
 * it is no furniture line ("Related:", "Read more:"). */
static int introduced(const ctx *c, uint32_t i) {
  const wn_node *nodes = c->nodes;
  const wn_feat *f = c->f;
  uint32_t p = nodes[i].parent, prev = WN_NONE;
  if (p == WN_NONE) return 0;
  for (uint32_t k = p + 1; k != WN_NONE && k != i; k = nodes[k].next)
    if (nodes[k].tag != WN_TAG_TEXT && !(f[k].flags & WN_F_DROP) && f[k].all.chars) prev = k;
    else if (nodes[k].tag == WN_TAG_TEXT && f[k].all.chars) prev = WN_NONE; /* loose text between */
  if (prev == WN_NONE || (f[prev].flags & (WN_F_PROMO | WN_F_NEG | WN_F_META)) ||
      f[prev].all.link * 2 > f[prev].all.chars)
    return 0;
  /* the end of its text, lower-cased, spaces folded: its last 80 bytes
   * or more (a paragraph may end in "For more, see:") */
  char line[161];
  size_t len = 0;
  for (uint32_t k = prev; k < nodes[prev].end; k++) {
    if (nodes[k].tag != WN_TAG_TEXT || (f[k].flags & WN_F_DROP)) continue;
    for (size_t j = 0; j < nodes[k].len; j++) {
      char ch = nodes[k].text[j];
      if (ch == '\n' || ch == '\t' || ch == '\r') ch = ' ';
      if (ch == ' ' && (!len || line[len - 1] == ' ')) continue;
      if (len == sizeof line - 1) {
        memmove(line, line + 80, len - 80);
        len -= 80;
      }
      line[len++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    }
  }
  while (len && line[len - 1] == ' ') len--;
  line[len] = '\0';
  int colon = (len && line[len - 1] == ':') ||
              (len >= 3 && !memcmp(line + len - 3, "\xef\xbc\x9a", 3)); /* full-width */
  if (!colon) return 0;
  /* a way to other pages, not part of this one ("More on X:", "Jump to:") */
  static const char *const away[] = {"more on", "more from", "learn more", "read more",
                                     "see more", "jump to", "related", "also read",
                                     "read also", "read next", "you may also", NULL};
  if (!strncmp(line, "more ", 5)) return 0;
  for (int w = 0; away[w]; w++)
    if (strstr(line, away[w])) return 0;
  return 1;
}

/* 3. Lists of links: most items carry a link, links make up a third of the
 *    text or more, and items are a headline long rather than prose ("More
 *    stories": - How X <a>did Y</a>).  Marked as teasers too. */
static winnow_status mark_link_lists(ctx *c) {
  const wn_node *nodes = c->nodes;
  wn_feat *f = c->f;
  uint32_t n = c->n, m = n ? n : 1;
  uint32_t *items = wn_arena_calloc(c->a, m, sizeof *items);
  uint32_t *linked = wn_arena_calloc(c->a, m, sizeof *linked);
  if (!items || !linked) return WINNOW_E_NOMEM;
  for (uint32_t i = 0; i < n; i++) {
    if (nodes[i].tag != WN_TAG_LI || (f[i].flags & WN_F_DROP) || !f[i].all.chars) continue;
    uint32_t p = nodes[i].parent;
    if (p == WN_NONE) continue;
    items[p]++;
    if (f[i].all.link) linked[p]++;
  }
  for (uint32_t i = 0; i < n; i++) {
    if (items[i] < 2 || linked[i] * 4 < items[i] * 3) continue;
    const wn_count *k = &f[i].all;
    if (k->link * 10 >= k->chars * 3 && k->chars < items[i] * 100) {
      if (introduced(c, i)) {
        for (uint32_t j = i; j < nodes[i].end; j++) f[j].flags |= WN_F_INTRO_LIST;
        wn_ex_spared(c->ex, i, WN_R_INTRODUCED);
        continue;
      }
      f[i].flags |= WN_F_CARD;
      wn_ex_card(c->ex, i, WN_CARD_LIST);
    }
  }
  return WINNOW_OK;
}

/* Whether comment-named element i is a feature's wrapper around the
 * post's own body ("comment on selection", inline comments): it sits
 * inside an element named as the post's body and holds, nearly all of
 * its good text, in another element named so, without a comment name of
 * its own.  A comment section follows the post; it does not wrap it. */
static int wraps_post(const ctx *c, uint32_t i) {
  const wn_node *nodes = c->nodes;
  const wn_feat *f = c->f;
  uint32_t p = nodes[i].parent;
  if (!(f[i].flags & WN_F_COMMENTS) || p == WN_NONE || (f[p].flags & WN_F_COMMENTS) ||
      c->plain[i] < 0.5f * c->total)
    return 0;
  int up = 0, in_post = 0;
  for (uint32_t k = p; k != WN_NONE && up < 4 && !in_post; k = nodes[k].parent, up++)
    in_post = (f[k].flags & WN_F_POST) && nodes[k].tag != WN_TAG_ARTICLE;
  if (!in_post) return 0;
  for (uint32_t k = i + 1; k < nodes[i].end; k++) {
    if (nodes[k].tag == WN_TAG_TEXT || !(f[k].flags & WN_F_POST) ||
        c->plain[k] < WHOLE_PAGE * c->plain[i])
      continue;
    const char *cl = wn_node_attr(&nodes[k], WN_ATTR_CLASS), *id = wn_node_attr(&nodes[k], WN_ATTR_ID);
    if (!(cl && (wn_classify_names(cl) & WN_F_COMMENTS)) &&
        !(id && (wn_classify_names(id) & WN_F_COMMENTS)))
      return 1;
  }
  return 0;
}

/* Whether element i, named only as a part beside the body ("header",
 * "teaser"), holds nothing but a section heading (h2-h6): the heading's
 * own box ("entry-header", "chart-item-header" over a list article's
 * item), which the heading rules judge, not a header of the page. */
static int heading_box(const ctx *c, uint32_t i) {
  const wn_node *nodes = c->nodes;
  const wn_feat *f = c->f;
  uint32_t fl = f[i].flags;
  if ((fl & (WN_F_STRONG | WN_F_STRUCT | WN_F_CARD | WN_F_FURNBOX | WN_F_PROMO)) ||
      !f[i].all.chars || f[i].all.chars > 200 || wn_is_heading(nodes[i].tag))
    return 0;
  uint32_t in_heads = 0;
  for (uint32_t k = i + 1; k < nodes[i].end; k++) {
    if (!wn_is_heading(nodes[k].tag)) continue;
    if (nodes[k].tag == WN_TAG_H1) return 0;
    in_heads += f[k].all.chars;
    k = nodes[k].end - 1;
  }
  if (in_heads != f[i].all.chars) return 0;
  /* the names last: reading them again costs the most */
  const char *cl = wn_node_attr(&nodes[i], WN_ATTR_CLASS), *id = wn_node_attr(&nodes[i], WN_ATTR_ID);
  const char *role = wn_node_attr(&nodes[i], WN_ATTR_ROLE);
  return (cl || id) && !role && (!cl || wn_names_beside_body(cl)) && (!id || wn_names_beside_body(id));
}

/* 4. Boilerplate names apply unless the element holds most of the page's
 *    good text: then it is a layout wrapper ("content-with-sidebar", a
 *    blog engine's "widget Blog"), not a widget.  Footers, comment
 *    sections and teasers apply however long they are. */
static winnow_status apply_names(ctx *c) {
  const wn_node *nodes = c->nodes;
  wn_feat *f = c->f;
  /* A negative word that names the boxes holding most of the page's good
   * text together is this page's layout word (a page builder's "widget"
   * and "module" boxes, one per paragraph): the boxes are judged by what
   * they hold.  Nested boxes count once, by the outermost. */
  unsigned nwords = wn_name_word_count() + 1;
  float *word_good = wn_arena_calloc(c->a, nwords, sizeof *word_good);
  uint32_t *until = wn_arena_calloc(c->a, nwords, sizeof *until);
  if (!word_good || !until) return WINNOW_E_NOMEM;
  for (uint32_t i = 0; i < c->n; i++) {
    if (!(f[i].flags & WN_F_NAMENEG)) continue;
    for (int k = 0; k < WN_NAME_WORDS && f[i].nw[k]; k++) {
      uint8_t w = f[i].nw[k];
      if (i < until[w]) continue;
      word_good[w] += c->plain[i];
      until[w] = nodes[i].end;
    }
  }
  for (uint32_t i = 0; i < c->n; i++) {
    if (nodes[i].tag == WN_TAG_TEXT) continue;
    uint32_t fl = f[i].flags;
    int wrapper = c->total > 0 && c->plain[i] >= 0.5f * c->total;
    if ((fl & WN_F_NAMENEG) && c->total > 0) {
      int layout = 1;
      for (int k = 0; k < WN_NAME_WORDS && f[i].nw[k]; k++)
        if (word_good[f[i].nw[k]] < 0.5f * c->total) layout = 0;
      if (layout && !wrapper) {
        wrapper = 1;
        wn_ex_spared(c->ex, i, WN_R_LAYOUT_WORD);
      }
    }
    int neg = (fl & (WN_F_NEG | WN_F_META)) && !wrapper;
    if (neg && heading_box(c, i)) {
      neg = 0;
      wn_ex_spared(c->ex, i, WN_R_HEADING_BOX);
    }
    if (fl & (WN_F_STRONG | WN_F_CARD)) neg = 1;
    /* a footer name (not a <footer>) on what holds nearly all the
     * page's prose is a layout wrapper's ("flex-wrap-footer", a sticky-
     * footer layout around the page); comments stay comments however
     * long */
    if ((fl & WN_F_STRONG) && !(fl & (WN_F_COMMENTS | WN_F_CARD | WN_F_STRUCT)) && c->total > 0 &&
        c->plain[i] >= WHOLE_PAGE * c->total) {
      neg = 0;
      wn_ex_spared(c->ex, i, WN_R_PAGE_WRAPPER);
    }
    if ((fl & WN_F_COMMENTS) && neg && wraps_post(c, i)) {
      neg = 0;
      wn_ex_spared(c->ex, i, WN_R_WRAPS_POST);
    }
    int cap = (fl & WN_F_CAPTION) && !wrapper;
    wn_ex_names_applied(c->ex, i, fl, neg, cap, wrapper);
    uint32_t p = nodes[i].parent;
    uint32_t inh = p != WN_NONE ? f[p].flags & (WN_F_IN_NEG | WN_F_IN_CAP) : 0;
    f[i].flags &= ~(uint32_t)(WN_F_IN_NEG | WN_F_IN_CAP);
    f[i].flags |= inh | (neg ? WN_F_IN_NEG : 0) | (cap ? WN_F_IN_CAP : 0);
    c->own_neg[i] = (uint8_t)(neg != 0);
  }
  return WINNOW_OK;
}

/* 5. Net value of each block in its context, summed up the tree. */
static void net_values(ctx *c) {
  const wn_node *nodes = c->nodes;
  wn_feat *f = c->f;
  for (uint32_t i = 0; i < c->n; i++) {
    f[i].good = f[i].bad = 0;
    if (nodes[i].tag == WN_TAG_TEXT || (f[i].flags & WN_F_DROP)) continue;
    wn_class k = (wn_class)c->cls[i];
    if (f[i].flags & WN_F_IN_CAP) k = WN_CLASS_NEUTRAL;
    if ((f[i].flags & WN_F_IN_NEG) && k == WN_CLASS_GOOD) k = WN_CLASS_BAD;
    float v = block_value(k, &f[i].own);
    if (v > 0) f[i].good = v;
    else f[i].bad = -v;
    c->kept_bad[i] = (f[i].flags & WN_F_IN_NEG) ? 0 : f[i].bad;
  }
  for (uint32_t i = c->n; i-- > 1;) {
    uint32_t p = nodes[i].parent;
    if (p == WN_NONE || (f[i].flags & WN_F_DROP)) continue;
    f[p].good += f[i].good;
    f[p].bad += f[i].bad;
    c->kept_bad[p] += c->kept_bad[i];
  }
}

/* A short post: the container, or an element close above it, is named
 * as the article's body (post-body, entry-content, itemprop=articleBody,
 * <article>), and it holds nearly all the page's good text. */
static int short_post(const ctx *c, const wn_dom *dom, uint32_t r) {
  const wn_feat *f = c->f;
  if (f[r].good < SHORT_POST || f[r].good < WHOLE_PAGE * c->total) return 0;
  int up = 0;
  for (uint32_t k = r; k != WN_NONE && up < 4; k = dom->nodes[k].parent, up++) {
    if (dom->nodes[k].tag == WN_TAG_BODY) break;
    if ((f[k].flags & WN_F_POST) && !(f[k].flags & (WN_F_NEG | WN_F_META))) return 1;
  }
  /* the container may be an unnamed wrapper around the named body */
  for (uint32_t k = r + 1; k < dom->nodes[r].end; k++)
    if ((f[k].flags & WN_F_POST) && !(f[k].flags & (WN_F_NEG | WN_F_META | WN_F_IN_NEG)) &&
        f[k].good >= WHOLE_PAGE * f[r].good)
      return 1;
  return 0;
}

/* Whether element s may sit beside the body as its lead: no name of its
 * own says more than that it is a part beside the body. */
static int beside_body(const ctx *c, const wn_node *nd, uint32_t s) {
  uint32_t fl = c->f[s].flags;
  if (fl & (WN_F_STRONG | WN_F_CARD | WN_F_FURNBOX | WN_F_COMMENTS | WN_F_PROMO | WN_F_STRUCT |
            WN_F_CAPTION))
    return 0;
  if (!c->own_neg[s]) return 1;
  const char *cl = wn_node_attr(nd, WN_ATTR_CLASS), *id = wn_node_attr(nd, WN_ATTR_ID);
  return (!cl || wn_names_beside_body(cl)) && (!id || wn_names_beside_body(id));
}

/* 8. A standfirst or introduction in its own box before the body (a
 *    docs page's header, a hero with the intro paragraph): when that box
 *    reads as prose, is small beside the body and is named at most as a
 *    part beside it, the container becomes the common parent with only
 *    the two kept, as Readability joins good siblings.  Boxes between
 *    them without good text of their own (a sidebar, a menu) are passed
 *    over and left out. */
static void join_lead(ctx *c, const wn_dom *dom, wn_selection *out) {
  const wn_node *nodes = dom->nodes;
  wn_feat *f = c->f;
  uint32_t r = out->root, p = nodes[r].parent;
  if (p == WN_NONE || (f[p].flags & (WN_F_DROP | WN_F_IN_NEG))) return;
  uint32_t s = WN_NONE;
  for (uint32_t k = p + 1; k != WN_NONE && k != r; k = nodes[k].next)
    if (nodes[k].tag != WN_TAG_TEXT && !(f[k].flags & WN_F_DROP) && c->plain[k] > 0 &&
        !((f[k].flags & WN_F_IN_NEG) && !beside_body(c, &nodes[k], k)))
      s = k;
  if (s == WN_NONE) return;
  const wn_count *a = &f[s].all;
  if (c->plain[s] < LEAD_MIN || c->plain[s] < LEAD_PROSE * (float)wn_eff(a) ||
      (float)a->link > PROSE_LINKS * (float)a->chars || c->plain[s] > LEAD_SHARE * f[r].good ||
      !beside_body(c, &nodes[s], s))
    return;
  /* its own name no longer applies below it */
  for (uint32_t k = s; k < nodes[s].end; k++) {
    if (nodes[k].tag == WN_TAG_TEXT) continue;
    int in = k != s && (c->own_neg[k] || (f[nodes[k].parent].flags & WN_F_IN_NEG));
    f[k].flags = in ? f[k].flags | WN_F_IN_NEG : f[k].flags & ~(uint32_t)WN_F_IN_NEG;
  }
  for (uint32_t k = p + 1; k != WN_NONE; k = nodes[k].next)
    if (k != s && k != r) {
      out->skip[k] = 1;
      if (nodes[k].tag != WN_TAG_TEXT) wn_ex_skip(c->ex, k, WN_R_OUTSIDE);
    }
  wn_ex_spared(c->ex, s, WN_R_LEAD_JOINED);
  out->root = p;
}

winnow_status wn_select(wn_arena *a, const wn_dom *dom, wn_features *fs,
                        const wn_select_opts *o, wn_selection *out) {
  uint32_t n = dom->count, m = n ? n : 1;
  memset(out, 0, sizeof *out);
  out->root = WN_NONE;
  out->skip = wn_arena_calloc(a, m, 1);
  out->cls = wn_arena_calloc(a, m, 1);
  ctx c = {a, dom->nodes, fs->f, n, out->cls, wn_arena_calloc(a, m, sizeof(float)), 0,
           dom->explain, wn_arena_calloc(a, m, sizeof(float)), wn_arena_calloc(a, m, 1)};
  if (!out->skip || !out->cls || !c.plain || !c.kept_bad || !c.own_neg) return WINNOW_E_NOMEM;
  wn_ex_select_begin(c.ex);
  winnow_status st;
  judge_blocks(&c, o->relaxed);
  fs->total_good = c.total;
  if ((st = mark_cards(&c)) || (st = mark_link_lists(&c))) return st;
  if ((st = apply_names(&c))) return st;
  net_values(&c);

  /* 6. The container: the element with the most good text net of bad.
   *    Ties go to the outer element (document order visits it first): what
   *    it adds is neutral, and pruning judges that block by block. */
  const wn_feat *f = fs->f;
  float best = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (dom->nodes[i].tag == WN_TAG_TEXT || (f[i].flags & (WN_F_DROP | WN_F_IN_NEG))) continue;
    float s = f[i].good - f[i].bad;
    fs->f[i].score = s;
    wn_ex_cand(c.ex, i);
    if (s > best) {
      best = s;
      out->root = i;
    }
  }
  /* 7. What pruning removes anyway (named boilerplate, comments) should
   *    not sink the container it sits in: when the article's paragraphs
   *    share a parent with the comment list, the best net score falls on
   *    one paragraph.  Climb to an ancestor when, counting only the bad
   *    text that will survive pruning, it holds clearly more. */
  /* Down first: a child that holds nearly all the container's good text
   *    (and most of its text) is the article, and what the container adds
   *    beside it is prose-like furniture scattered around (a copyright
   *    line, a disclaimer, a comment in an unnamed box). */
  uint32_t descended_from = out->root;
  while (out->root != WN_NONE) {
    uint32_t r = out->root, down = WN_NONE;
    for (uint32_t k = r + 1; k != WN_NONE && k < dom->nodes[r].end; k = dom->nodes[k].next)
      if (dom->nodes[k].tag != WN_TAG_TEXT && !wn_is_heading(dom->nodes[k].tag) &&
          !(f[k].flags & (WN_F_DROP | WN_F_IN_NEG)) && f[k].good >= DESCEND * f[r].good &&
          f[k].good - f[k].bad >= f[r].good - f[r].bad - f[r].good * (1 - DESCEND) &&
          (float)f[k].all.chars >= DESCEND_TEXT * (float)f[r].all.chars)
        down = k;
    if (down == WN_NONE) break;
    out->root = down;
  }
  uint32_t climbed_from = WN_NONE;
  if (out->root != WN_NONE) {
    float *kept_bad = c.kept_bad;
    uint32_t r = out->root;
    float cur = f[r].good - 0.75f * kept_bad[r];
    for (uint32_t k = dom->nodes[r].parent; k != WN_NONE; k = dom->nodes[k].parent) {
      if (f[k].flags & (WN_F_DROP | WN_F_IN_NEG)) break;
      float s = f[k].good - 0.75f * kept_bad[k];
      if (s >= CLIMB * cur) {
        out->root = k;
        cur = s;
        climbed_from = r;
      }
    }
  }
  out->score = best;
  /* A page whose best part holds less than a couple of sentences of good
   * text (a login form, a list of links) has no article, unless that
   * part is clearly a post's body and holds the page's prose: a post of
   * one or two sentences (recorded as the smaller size it needed). */
  int is_short = out->root != WN_NONE && f[out->root].good < MIN_ARTICLE &&
                 short_post(&c, dom, out->root);
  wn_ex_pass(c.ex, out->root, best, out->root != WN_NONE ? f[out->root].good : 0,
             is_short ? SHORT_POST : MIN_ARTICLE);
  if (climbed_from != WN_NONE) wn_ex_climbed(c.ex, climbed_from);
  else if (descended_from != out->root) wn_ex_descended(c.ex, descended_from);
  if (best <= 0 || out->root == WN_NONE || (f[out->root].good < MIN_ARTICLE && !is_short))
    out->root = WN_NONE;
  if (out->root != WN_NONE && !(o->flags & WINNOW_OPT_PRECISION)) join_lead(&c, dom, out);
  return WINNOW_OK;
}
