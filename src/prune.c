/* Inside the chosen container, leave out what is still furniture. */
#include "select.h"

#include "explain.h"

#define COPY_MIN 80 /* chars of a copy: shorter repeats ("Buy now") may be meant */

/* Whether the element after heading i (its section's body, or the next
 * block) is good prose. */
static int heads_prose(const wn_dom *dom, const wn_features *fs, uint32_t i) {
  const wn_node *nodes = dom->nodes;
  uint32_t k = nodes[i].next;
  while (k != WN_NONE && nodes[k].tag == WN_TAG_TEXT && !fs->f[k].all.chars) k = nodes[k].next;
  return k != WN_NONE && nodes[k].tag != WN_TAG_TEXT && !wn_is_heading(nodes[k].tag) &&
         fs->f[k].good > 0 && fs->f[k].good >= fs->f[k].bad;
}

/* Whether a block at the article's edge looks like furniture: a line
 * without a sentence (byline, date, "Share", "Tags: a, b"), never part of a
 * list, table, quote or code block, which are content wherever they are. */
static int furniture(const wn_dom *dom, const wn_features *fs, uint32_t root, uint32_t i,
                     int strict) {
  const wn_count *c = &fs->f[i].own;
  if (wn_eff(c) > 200) return 0;
  int sentence = c->stops && c->words >= 4 && c->link * 2 < c->chars;
  /* --precision: a short sentence at the edge is furniture too */
  if (strict && wn_eff(c) < 120) sentence = 0;
  if (sentence && !(fs->f[i].flags & (WN_F_META | WN_F_PROMO))) return 0;
  /* the heading of a <section> over its first paragraph opens the text
   * (one straight in the container may be the page's headline) */
  uint32_t up = dom->nodes[i].parent;
  if (dom->nodes[i].tag != WN_TAG_H1 && wn_is_heading(dom->nodes[i].tag) && up != root &&
      up != WN_NONE && dom->nodes[up].tag == WN_TAG_SECTION && heads_prose(dom, fs, i))
    return 0;
  for (uint32_t k = i; k != WN_NONE && k != root; k = dom->nodes[k].parent) {
    switch (dom->nodes[k].tag) {
    case WN_TAG_LI: case WN_TAG_TD: case WN_TAG_TH: case WN_TAG_PRE: case WN_TAG_DD:
    case WN_TAG_DT: case WN_TAG_BLOCKQUOTE: case WN_TAG_TABLE:
      return 0;
    default: break;
    }
  }
  return 1;
}

/* A linked heading followed by prose is the title of one of the
 * article's items (a list article's entry), not a link list. */
static int item_title(const wn_dom *dom, const wn_features *fs, wn_explain *ex, uint32_t i) {
  if (!wn_is_heading(dom->nodes[i].tag) || !heads_prose(dom, fs, i)) return 0;
  wn_ex_keep(ex, i, WN_R_ITEM_TITLE);
  return 1;
}

/* Reads a subtree's text without its spaces, byte by byte. */
typedef struct text_walk {
  const wn_dom *dom;
  const wn_features *fs;
  uint32_t i, end; /* the node being read, and the subtree's end */
  size_t k;        /* the next byte of node i's text */
} text_walk;

/* The next byte that is not a space, or -1 at the end. */
static int walk_next(text_walk *w) {
  const wn_node *nodes = w->dom->nodes;
  while (w->i < w->end) {
    const wn_node *nd = &nodes[w->i];
    if (nd->tag == WN_TAG_TEXT && !(w->fs->f[w->i].flags & WN_F_DROP)) {
      while (w->k < nd->len) {
        unsigned char ch = (unsigned char)nd->text[w->k++];
        if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r' && ch != '\f') return ch;
      }
    }
    w->i++;
    w->k = 0;
  }
  return -1;
}

/* Whether the subtrees a and b hold the same text, spaces aside. */
static int same_text(const wn_dom *dom, const wn_features *fs, uint32_t a, uint32_t b) {
  if (fs->f[a].all.chars != fs->f[b].all.chars) return 0;
  text_walk x = {dom, fs, a, dom->nodes[a].end, 0}, y = {dom, fs, b, dom->nodes[b].end, 0};
  for (;;) {
    int c = walk_next(&x), d = walk_next(&y);
    if (c != d) return 0;
    if (c < 0) return 1;
  }
}

/* Responsive layouts write a part once per screen size, side by side,
 * and a style sheet shows one of them (a site builder's "variant" boxes,
 * a desktop and a mobile copy of the body): an element whose text
 * repeats its previous sibling's, word for word and at some length, is
 * such a copy. */
static void drop_copies(const wn_dom *dom, const wn_features *fs, wn_selection *sel) {
  const wn_node *nodes = dom->nodes;
  const wn_feat *f = fs->f;
  uint32_t r = sel->root, end = nodes[r].end;
  for (uint32_t i = r; i < end; i++) {
    if (nodes[i].tag == WN_TAG_TEXT || (f[i].flags & WN_F_DROP)) continue;
    uint32_t prev = WN_NONE;
    for (uint32_t k = i + 1 < end && nodes[i + 1].parent == i ? i + 1 : WN_NONE; k != WN_NONE;
         k = nodes[k].next) {
      if (nodes[k].tag == WN_TAG_TEXT || (f[k].flags & WN_F_DROP) || !f[k].all.chars) continue;
      if (prev != WN_NONE && f[k].all.chars >= COPY_MIN && same_text(dom, fs, prev, k) &&
          !sel->skip[k])
        sel->skip[k] = (uint8_t)wn_ex_skip_ref(dom->explain, k, WN_R_COPY, prev);
      prev = k;
    }
  }
}

void wn_prune(const wn_dom *dom, const wn_features *fs,
              const wn_select_opts *o, wn_selection *sel) {
  if (sel->root == WN_NONE) return;
  const wn_node *nodes = dom->nodes;
  const wn_feat *f = fs->f;
  uint32_t r = sel->root, end = nodes[r].end;
  int captions = (o->flags & WINNOW_OPT_CAPTIONS) != 0;
  int recall = (o->flags & WINNOW_OPT_RECALL) != 0;
  int precision = (o->flags & WINNOW_OPT_PRECISION) != 0;
  wn_explain *ex = dom->explain;

  uint32_t first_good = end;
  for (uint32_t i = r; i < end; i++)
    if (sel->cls[i] == WN_CLASS_GOOD) {
      first_good = i;
      break;
    }
  unsigned seen_h1 = 0;
  drop_copies(dom, fs, sel);

  /* Parts that are never article: named boilerplate, link lists,
   * the headline, captions unless asked for. */
  for (uint32_t i = r; i < end; i++) {
    const wn_node *nd = &nodes[i];
    uint32_t fl = f[i].flags;
    if (nd->tag == WN_TAG_TEXT) continue;
    int skip = (fl & WN_F_DROP) ? wn_ex_skip(ex, i, WN_R_SEE_DROP) : 0;
    if (i != r && (fl & WN_F_IN_NEG)) skip = wn_ex_skip(ex, i, WN_R_SEE_NAME);
    if (!captions && (fl & WN_F_IN_CAP)) skip = wn_ex_skip(ex, i, WN_R_CAPTION);
    /* the headline: the first <h1>, and any before the text starts; a
     * later <h1> is a section heading of a page that uses h1 for them */
    if (nd->tag == WN_TAG_H1 && i != r && (!seen_h1++ || i < first_good))
      skip = wn_ex_skip(ex, i, WN_R_HEADLINE);
    if (sel->cls[i] == WN_CLASS_BAD && f[i].all.chars && !(fl & WN_F_INTRO_LIST) &&
        (float)f[i].all.link > 0.5f * (float)f[i].all.chars && !item_title(dom, fs, ex, i))
      skip = wn_ex_skip(ex, i, WN_R_LINK_HEAVY);
    /* furniture lines: only when they hold no text blocks of their own */
    int leaf = f[i].all.chars == f[i].own.chars;
    if ((fl & WN_F_PROMO) && leaf) skip = wn_ex_skip(ex, i, WN_R_PHRASE);
    /* --precision: doubtful lines go too (link-led items, link-heavy lines) */
    if (precision && leaf && f[i].own.chars && sel->cls[i] != WN_CLASS_GOOD &&
        ((fl & WN_F_LEADLINK) || f[i].own.link * 10 > f[i].own.chars * 3))
      skip = wn_ex_skip(ex, i, WN_R_PRECISION_LINK);
    if (skip) {
      sel->skip[i] = 1;
      i = nd->end - 1; /* nothing below a skipped node matters */
    }
  }
  /* A heading whose section was left out ("Related" over a skipped list)
   * goes with it. */
  for (uint32_t i = r + 1; i < end; i++) {
    if (sel->skip[i]) {
      i = nodes[i].end - 1;
      continue;
    }
    if (!wn_is_heading(nodes[i].tag)) continue;
    uint32_t k = nodes[i].next;
    while (k != WN_NONE && nodes[k].tag == WN_TAG_TEXT && !f[k].all.chars) k = nodes[k].next;
    if (k != WN_NONE && sel->skip[k])
      sel->skip[i] = (uint8_t)wn_ex_skip_ref(ex, i, WN_R_HEADING_OF_DROPPED, k);
  }
  wn_ex_edges(ex, recall ? WN_EDGES_RECALL : WN_EDGES_TRIMMED, WN_NONE, WN_NONE);
  if (recall) return;

  /* Furniture at the edges: blocks before the first good block and after
   * the last one (bylines, dates, "Share this", "Tags: ..."), as jusText
   * drops short blocks that good blocks do not surround.  A block with
   * blocks inside is trimmed only when all of it lies outside. */
  uint32_t first = WN_NONE, last = WN_NONE;
  for (uint32_t i = r; i < end; i++) {
    if (sel->skip[i]) {
      i = nodes[i].end - 1;
      continue;
    }
    if (nodes[i].tag == WN_TAG_TEXT || !f[i].own.chars || (f[i].flags & WN_F_IN_CAP)) continue;
    /* anchors: good blocks, and whatever is not furniture (a sentence, a
     * list item, a table cell, code) */
    int leaf = f[i].all.chars == f[i].own.chars;
    if (sel->cls[i] == WN_CLASS_GOOD || (leaf && !furniture(dom, fs, r, i, precision))) {
      if (first == WN_NONE) first = i;
      last = i;
    }
  }
  wn_ex_edges(ex, first == WN_NONE ? WN_EDGES_NO_ANCHOR : WN_EDGES_TRIMMED, first, last);
  if (first == WN_NONE) return;
  for (uint32_t i = r; i < end; i++) {
    if (sel->skip[i]) {
      i = nodes[i].end - 1;
      continue;
    }
    if (nodes[i].tag == WN_TAG_TEXT || !f[i].own.chars) continue;
    int before = i < first && nodes[i].end <= first;
    int after = i > last;
    if ((before || after) && furniture(dom, fs, r, i, precision)) {
      sel->skip[i] = (uint8_t)wn_ex_skip(ex, i, before ? WN_R_EDGE_BEFORE : WN_R_EDGE_AFTER);
      i = nodes[i].end - 1;
    } else if (!ex || ex->why[i].keep != WN_R_ITEM_TITLE) {
      wn_ex_keep(ex, i, before || after ? WN_R_EDGE_CONTENT : WN_R_BETWEEN);
    }
  }
}
