/* Why each block was kept or dropped (WINNOW_OPT_EXPLAIN).
 *
 * The stages that decide (features.c, select.c, prune.c, the fallback
 * pass and the confidence in winnow.c) write what they decided, and on
 * what evidence, into this per-document record at the moment they decide;
 * the report (render_explain.c) only reads it.  Nothing here re-derives a
 * decision, so the report cannot drift from what the extraction did.
 *
 * The record hangs off wn_dom.explain and is NULL unless the caller asked
 * for WINNOW_OPT_EXPLAIN: every hook below is then one predictable branch,
 * so extraction without explain costs the same as before (bench/speed).
 * With it, one wn_why per node lives in the document's arena.
 *
 * Hooks are single calls at the decision points, so the scoring files stay
 * readable and merge easily: a new keep/drop rule gets a new wn_reason
 * (with its phrase in explain.c) and one hook call where it decides. */
#ifndef WINNOW_EXPLAIN_H
#define WINNOW_EXPLAIN_H

#include "select.h"

/* The report's reason codes: every way a block's text can be kept or
 * dropped has its own (explain.c names and phrases them). */
typedef enum wn_reason {
  WN_R_NONE = 0,
  /* dropped, never content (features.c) */
  WN_R_TAG,           /* script, style, form controls, media, the head */
  WN_R_HIDDEN_ATTR,   /* the hidden attribute */
  WN_R_ARIA_HIDDEN,   /* aria-hidden="true" */
  WN_R_STYLE_HIDDEN,  /* display:none or visibility:hidden in style="" */
  WN_R_CLASS_HIDDEN,  /* a class that hides: "hidden", "d-none", "tooltip" */
  WN_R_SCREEN_READER, /* screen-reader-only text */
  /* dropped by the choice of the container (select.c) */
  WN_R_NO_ARTICLE,    /* the page's best part holds too little good text */
  WN_R_OUTSIDE,       /* outside the chosen container */
  /* dropped inside the container (prune.c, on names judged in select.c) */
  WN_R_NAMED,         /* class/id/role/tag names boilerplate */
  WN_R_NAMED_META,    /* names article furniture: byline, date, tags */
  WN_R_NAMED_STRONG,  /* a name no article wrapper carries: footer, cookie */
  WN_R_COMMENTS,      /* a comment section */
  WN_R_TEASER,        /* a teaser card among others */
  WN_R_LINK_LIST,     /* a list whose items are links */
  WN_R_CAPTION,       /* a caption or credit (kept with captions) */
  WN_R_HEADLINE,      /* the headline h1 */
  WN_R_LINK_HEAVY,    /* judged bad, most of its text in links */
  WN_R_PHRASE,        /* a short line of furniture words */
  WN_R_PRECISION_LINK, /* precision: a doubtful, link-led or linky line */
  WN_R_HEADING_OF_DROPPED, /* a heading over a part left out */
  WN_R_EDGE_BEFORE,   /* furniture before the first paragraph */
  WN_R_EDGE_AFTER,    /* furniture after the last paragraph */
  WN_R_COPY,          /* a copy of its previous sibling: a layout for another screen */
  /* kept */
  WN_R_PROSE,         /* good: long, punctuated, few links */
  WN_R_SENTENCE,      /* good: a sentence of a few words */
  WN_R_CODE,          /* good: a code block */
  WN_R_FALLBACK_PROSE, /* good in the fallback pass */
  WN_R_BETWEEN,       /* not good itself, between the article's paragraphs */
  WN_R_EDGE_CONTENT,  /* at the edge, but a sentence, list item, cell, quote */
  WN_R_RECALL,        /* recall: the edges are not trimmed */
  WN_R_NO_ANCHOR,     /* the container has no paragraph to trim around */
  WN_R_CONTAINER_TEXT, /* text of an inline container that prune never judges */
  WN_R_TITLE_OPTION,  /* the title line written by the title option */
  WN_R_ITEM_TITLE,    /* a linked heading over prose: an item's title (prune.c) */
  WN_R_FURNITURE_BOX, /* a small box of furniture by its shape: an email field, or a
                         first line of furniture words (features.c) */
  WN_R_COUNT,
  /* prune's pointers to the features' and names' records (never shown) */
  WN_R_SEE_DROP = 100, /* left out as never content: see wn_why.drop */
  WN_R_SEE_NAME,       /* left out as boilerplate: see wn_why.neg */
  /* evidence: a name, mark or hiding that would drop it did not apply
   * (wn_why.spared and wn_why.shown; the report adds them to the phrase
   * of the blocks below, as "spared: ...", and as "spared" in JSON) */
  WN_R_LAYOUT_WORD = 110, /* a box word ("widget") naming the boxes of most of the prose */
  WN_R_PAGE_WRAPPER,  /* a footer-like name on what holds nearly all the prose */
  WN_R_ARTICLE_ITEMS, /* card-shaped, but the article's items beside its introduction */
  WN_R_REVEALED,      /* hidden until a script shows it; shown by the last fallback */
  WN_R_LEAD_JOINED,   /* a standfirst's box before the body, joined to it */
  WN_R_WRAPS_POST,    /* a comment name on a wrapper of the post's own body, inside the post */
  WN_R_INTRODUCED,    /* a list of links a sentence ending in a colon introduces */
  WN_R_HEADING_BOX,   /* a "header" name on the box of a section heading */
  WN_R_COLLAPSED,     /* hidden by its class, but a collapsed panel (accordion, FAQ answer) */
  WN_R_EVIDENCE_END
} wn_reason;

/* The rule of classify_block (select.c) that gave a block its class. */
typedef enum wn_rule {
  WN_RULE_NONE = 0,
  WN_RULE_EMPTY,      /* no text of its own */
  WN_RULE_PHRASE,     /* bad: furniture words */
  WN_RULE_TAGS,       /* bad: a list of rel=tag links */
  WN_RULE_LINKS,      /* bad: over half its text in links */
  WN_RULE_LINK_LED,   /* neutral: a list item that opens with a link */
  WN_RULE_HEADING,    /* neutral: a heading */
  WN_RULE_TERM,       /* neutral: a definition term (<dt>), linked or not */
  WN_RULE_CODE,       /* good: code */
  WN_RULE_PROSE,      /* good: long with punctuation */
  WN_RULE_SENTENCE,   /* good: a sentence */
  WN_RULE_SHORT,      /* neutral: too short, no sentence or too linky */
  WN_RULE_FB_PROSE,   /* fallback pass: good */
  WN_RULE_FB_LINKS,   /* fallback pass: bad, nearly all links */
  WN_RULE_FB_SHORT,   /* fallback pass: neutral */
  WN_RULE_COUNT
} wn_rule;

/* How a teaser mark was given (select.c). */
enum { WN_CARD_HEADLINE = 1, WN_CARD_LEADLINK, WN_CARD_LIST };

/* What became of the container's edges (prune.c). */
enum { WN_EDGES_NONE = 0, WN_EDGES_TRIMMED, WN_EDGES_RECALL, WN_EDGES_NO_ANCHOR };

/* One node's record.  Each field is written by one stage only. */
typedef struct wn_why {
  /* features.c */
  uint8_t drop;        /* wn_reason: why this node itself is never content */
  uint8_t name_attr;   /* 1 + wn_attr_key of the attribute its name came from */
  uint32_t attr_flags; /* the WN_F_* bits that attribute gave */
  uint32_t tag_flags;  /* the WN_F_* name bits its tag gave (nav, footer...) */
  const char *word[2]; /* the name words that matched: [0] furniture (WN_F_META),
                          [1] any other but WN_F_POS */
  const char *phrase;  /* the furniture phrase its text matched */
  uint8_t shown;       /* wn_reason: hidden, but counted as shown (WN_R_REVEALED) */
  /* select.c, rewritten by each pass */
  uint8_t rule;        /* wn_rule of its block class */
  uint8_t neg;         /* wn_reason: why it is boilerplate in its own right */
  uint8_t card;        /* WN_CARD_* */
  uint8_t cand;        /* eligible as the container in the last pass */
  uint8_t cap;         /* a caption in its own right */
  uint8_t wrapper;     /* a boilerplate name ignored: it holds most good text */
  uint8_t spared;      /* wn_reason: a name or teaser mark that did not apply, and why */
  /* prune.c */
  uint8_t skip;        /* wn_reason (or WN_R_SEE_*): why it was left out */
  uint8_t keep;        /* wn_reason: why its own text stayed */
  uint32_t ref;        /* a node that explains it (the part a heading sat over) */
} wn_why;

/* One selection pass's outcome. */
typedef struct wn_pass {
  int ran;
  uint32_t best_node; /* the best element before the size test, WN_NONE if none */
  float best;         /* its good minus bad */
  float good;         /* its good text */
  float needed;       /* the good text an article needs */
  uint32_t climbed_from; /* the best net element, when its container was taken instead */
  uint32_t descended_from; /* the best net element, when a child of it was taken instead */
} wn_pass;

typedef struct wn_explain {
  wn_why *why; /* one per node */
  uint32_t n;
  wn_pass pass[2];   /* first pass, fallback pass */
  int fallback;      /* winnow.c: the fallback pass ran */
  int revealed;      /* winnow.c: the last fallback counted hidden parts as shown */
  int edges;         /* WN_EDGES_* */
  uint32_t first, last; /* prune's anchors: the first and last paragraph */
  double purity, share, size; /* the factors of the confidence (winnow.c) */
} wn_explain;

/* Attaches an empty record to dom when flags ask for WINNOW_OPT_EXPLAIN. */
winnow_status wn_explain_attach(wn_arena *a, wn_dom *dom, unsigned flags);

/*** Hooks for the deciding code.  Each does nothing when ex/w is NULL. ***/

static inline wn_why *wn_ex_at(wn_explain *ex, uint32_t i) { return ex ? &ex->why[i] : NULL; }
static inline const char **wn_ex_hit(wn_why *w) { return w ? w->word : NULL; }
/* features.c: a name word w with flags fl matched (hit from wn_ex_hit());
 * returns fl. */
static inline uint32_t wn_ex_word(const char **hit, const char *w, uint32_t fl) {
  if (!hit) return fl;
  int k = (fl & WN_F_META) ? 0 : (fl & ~(uint32_t)WN_F_POS) ? 1 : -1;
  if (k >= 0 && !hit[k]) hit[k] = w;
  return fl;
}

/* features.c: flags fl make the node never content for reason code; returns fl. */
static inline uint32_t wn_ex_drop(wn_why *w, unsigned code, uint32_t fl) {
  if (w && !w->drop && (fl & WN_F_DROP)) w->drop = (uint8_t)code;
  return fl;
}
/* features.c: the flags a tag gives; returns them. */
static inline uint32_t wn_ex_tag(wn_why *w, uint32_t fl) {
  if (w) {
    w->tag_flags = fl & (WN_F_NEG | WN_F_META | WN_F_STRONG | WN_F_CAPTION | WN_F_POS);
    if ((fl & WN_F_DROP) && !w->drop) w->drop = WN_R_TAG;
  }
  return fl;
}
/* features.c: the flags the name attribute key gave; returns them. */
static inline uint32_t wn_ex_names(wn_why *w, unsigned key, uint32_t fl) {
  if (w && (fl & ~(uint32_t)WN_F_POS) && !w->name_attr) {
    w->name_attr = (uint8_t)(key + 1);
    w->attr_flags = fl;
    if ((fl & WN_F_DROP) && !w->drop) w->drop = WN_R_CLASS_HIDDEN;
  }
  return fl;
}
static inline void wn_ex_phrase(wn_explain *ex, uint32_t i, const char *phrase) {
  if (ex) ex->why[i].phrase = phrase;
}

/* select.c: a new pass begins (its per-pass fields are cleared). */
void wn_ex_select_begin(wn_explain *ex);
/* select.c: classify_block returns class k by rule r. */
static inline wn_class wn_ex_rule(uint8_t *why, wn_class k, wn_rule r) {
  if (why) *why = (uint8_t)r;
  return k;
}
static inline uint8_t *wn_ex_rule_at(wn_explain *ex, uint32_t i) {
  return ex ? &ex->why[i].rule : NULL;
}
static inline void wn_ex_card(wn_explain *ex, uint32_t i, int kind) {
  if (ex) ex->why[i].card = (uint8_t)kind;
}
/* select.c: apply_names judged node i (flags fl) boilerplate (neg), a
 * caption (cap), or let a wrapper's name pass; records which name rule. */
void wn_ex_names_applied(wn_explain *ex, uint32_t i, uint32_t fl, int neg, int cap, int wrapper);
/* select.c: a name or mark on node i did not apply, for reason code. */
static inline void wn_ex_spared(wn_explain *ex, uint32_t i, unsigned code) {
  if (ex) ex->why[i].spared = (uint8_t)code;
}
static inline void wn_ex_cand(wn_explain *ex, uint32_t i) {
  if (ex) ex->why[i].cand = 1;
}
/* select.c: the pass's best element, before the test that it is an article. */
void wn_ex_pass(wn_explain *ex, uint32_t best_node, float best, float good, float needed);

/* select.c: the container was climbed to from node 'from' (after wn_ex_pass). */
static inline void wn_ex_climbed(wn_explain *ex, uint32_t from) {
  if (ex) ex->pass[ex->pass[1].ran ? 1 : 0].climbed_from = from;
}

/* select.c: the container was taken inside node 'from' (after wn_ex_pass). */
static inline void wn_ex_descended(wn_explain *ex, uint32_t from) {
  if (ex) ex->pass[ex->pass[1].ran ? 1 : 0].descended_from = from;
}

/* prune.c: node i is left out for code; returns 1 (for "skip = ..."). */
static inline int wn_ex_skip(wn_explain *ex, uint32_t i, unsigned code) {
  if (ex && !ex->why[i].skip) ex->why[i].skip = (uint8_t)code;
  return 1;
}
static inline int wn_ex_skip_ref(wn_explain *ex, uint32_t i, unsigned code, uint32_t ref) {
  if (ex && !ex->why[i].skip) {
    ex->why[i].skip = (uint8_t)code;
    ex->why[i].ref = ref;
  }
  return 1;
}
static inline void wn_ex_keep(wn_explain *ex, uint32_t i, unsigned code) {
  if (ex) ex->why[i].keep = (uint8_t)code;
}
static inline void wn_ex_edges(wn_explain *ex, int edges, uint32_t first, uint32_t last) {
  if (ex) {
    ex->edges = edges;
    ex->first = first;
    ex->last = last;
  }
}

/* winnow.c */
static inline void wn_ex_fallback(wn_explain *ex) {
  if (ex) ex->fallback = 1;
}
static inline void wn_ex_revealed(wn_explain *ex) {
  if (ex) ex->revealed = 1;
}
/* features.c: node i's hiding was not counted (the last fallback). */
static inline void wn_ex_shown(wn_why *w) {
  if (w) {
    w->drop = 0;
    w->shown = WN_R_REVEALED;
  }
}
/* features.c: node i's hiding class was not counted: a collapsed panel. */
static inline void wn_ex_collapsed(wn_why *w) {
  if (w) w->shown = WN_R_COLLAPSED;
}
static inline void wn_ex_confidence(wn_explain *ex, double purity, double share, double size) {
  if (ex) {
    ex->purity = purity;
    ex->share = share;
    ex->size = size;
  }
}

/*** Reading the record (render_explain.c, tests) ***/

/* One item of the report: a run of a block's text with one fate. */
typedef struct wn_ex_item {
  uint32_t block;   /* the block element whose text this is (WN_NONE: the title line) */
  uint32_t first;   /* the first text node of the run */
  uint32_t decider; /* the node whose record decided (WN_NONE: the container's choice) */
  uint32_t also;    /* outside the container: a node whose own record judged it too */
  uint8_t kept;
  uint8_t reason;   /* wn_reason */
  uint8_t outside;  /* outside the chosen container */
  uint8_t cls;      /* wn_class of the block */
  uint8_t rule;     /* wn_rule of the block */
  size_t off, len;  /* its text in wn_ex_report.text: kept, as --format text wrote
                       it; dropped, with whitespace collapsed */
  size_t sep;       /* kept: the whitespace --format text wrote before it, the
                       sep bytes before off (the kept items' sep + text, in
                       order, are the text output without its final newline) */
  size_t chars;     /* code points, newlines not counted (as winnow_doc_chars) */
} wn_ex_item;

typedef struct wn_ex_report {
  wn_ex_item *items;
  size_t count, cap;
  size_t kept_chars, dropped_chars;
  wn_buf text;      /* holds every item's text */
  const winnow_allocator *mem;
} wn_ex_report;

struct winnow_doc;
/* Builds the report's items of an extracted document (which must have
 * been extracted with WINNOW_OPT_EXPLAIN, else WINNOW_E_INVALID). */
winnow_status wn_explain_build(const struct winnow_doc *d, wn_ex_report *out);
void wn_explain_free(wn_ex_report *r);

/* The code's name ("link-heavy") and a short phrase without evidence. */
const char *wn_reason_name(unsigned r);
const char *wn_reason_phrase(unsigned r);
const char *wn_rule_name(unsigned r);
const char *wn_rule_phrase(unsigned r);

#endif
