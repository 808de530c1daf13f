/* Inside the pre-pass (stage 1b): what its two halves share.
 *
 *  - prepass.c, the tokenizer, owns the bytes: where tags, comments, raw
 *    text and the doctype are, <svg>/<math>/<template> skipping, the
 *    output, and wn_prepass() itself.
 *  - prepass_tree.c, the tree model, owns the modelled stack of open
 *    elements, the list of active formatting elements, phantoms, and the
 *    tree builder's rules (adoption, tables, select, forms, frameset).
 *
 * The tokenizer hands the model each start and end tag in HTML content
 * (wn_pp_start_tag(), wn_pp_end_tag(): write it or drop it), and tells it
 * where text runs (wn_pp_reopen()); it reads the model's state (pp) but
 * changes it only through the functions below, except for the svg/math
 * bookkeeping that is its own.  The model writes nothing but the end tags
 * of close_stale(), through put().  Both share the tag table
 * (wn_pp_tags), the state (pp) and a scanned tag (tag).  Not installed;
 * included by those two files only. */
#ifndef WINNOW_PREPASS_INT_H
#define WINNOW_PREPASS_INT_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "prepass.h"

typedef unsigned char uc;

/*** Limits of the model (not options: they only keep the pass linear) ***/

#define WN_DEFAULT_DEPTH 512u
#define WN_DEFAULT_ATTRS 256u
/* Gumbo always has <html> and <body> open below the page's elements. */
#define WN_RESERVED 2u
/* max_depth above this behaves as this: deeper trees are slow in Gumbo
 * and its recursive free could run out of C stack. */
#define WN_DEPTH_CLAMP 65536u
/* Stack entries examined when looking for an open element. */
#define WN_WINDOW 64u
/* Entries in the list of active formatting elements (after the last
 * marker) before new formatting start tags drop.  Gumbo re-opens the
 * entries that are no longer on the stack for every text run: a page
 * that leaves 8 distinct ones open, then has a <p>x</p> every 8 bytes,
 * parses at 1.4 MB/s, 4 at 2.2 MB/s, none at 5.3 MB/s (an ordinary page:
 * 15 to 20 MB/s).  None of 181 real news pages has more than 3 entries
 * (repeated ones of one tag do not count: see fmt_redundant()). */
#define WN_FMT_LIMIT 8u
/* Clones (stale entries re-opened, see reconstruct()) Gumbo is left to
 * make: one per WN_CLONE_BYTES of input read, plus WN_CLONE_FREE.  Past
 * that, stale entries are ended instead (close_stale()).  Clones are
 * nodes winnow walks many times: a <p>x</p> flood under 8 stale entries,
 * one clone per byte, ran at 10x an ordinary page's time per MB.  None of
 * 181 real news pages makes a single clone; a <p><b id=N>x</p> flood
 * makes one per 21 bytes. */
#define WN_CLONE_BYTES 16u
#define WN_CLONE_FREE 4096u
/* Room for those end tags: one byte per WN_SYNTH_BYTES of input, plus
 * WN_SYNTH_FREE.  Ending 8 entries takes at most 72.  A formatting start
 * tag whose entry the room left could not end is dropped, so the list
 * can always be ended; entries saved under a cell and restored when it
 * closes may not be, and Gumbo clones those as before (no worse). */
#define WN_SYNTH_BYTES 8u
#define WN_SYNTH_FREE 1024u
/* Phantom runs kept, and how many of the newest an end tag looks at. */
#define WN_PH_CAP 1024u
#define WN_PH_WINDOW 8u
/* Distinct element names tracked inside <svg>/<math>. */
#define WN_INNER_CAP 64u

/*** Known tags ***/

enum {
  F_VOID = 1u << 0,     /* never has content */
  F_RAWDROP = 1u << 1,  /* raw text, body emptied */
  F_RAWKEEP = 1u << 2,  /* raw text / RCDATA, body kept */
  F_FMT = 1u << 3,      /* formatting element (active formatting list) */
  F_CLOSEP = 1u << 4,   /* start tag closes a <p> in button scope */
  F_SPECIAL = 1u << 5,  /* "special" category */
  F_SCOPE = 1u << 6,    /* boundary of "has an element in scope" */
  F_BSCOPE = 1u << 7,   /* ... in button scope (adds button) */
  F_LSCOPE = 1u << 8,   /* ... in list item scope (adds ol, ul) */
  F_TSCOPE = 1u << 9,   /* boundary of "in table scope" */
  F_MARKER = 1u << 10,  /* pushes a marker on the formatting list */
  F_NOSTACK = 1u << 11, /* html, head, body: Gumbo's own */
  F_HEADING = 1u << 12,
  F_ADP = 1u << 13,     /* address, div, p: do not stop the li/dd search */
  F_DDDT = 1u << 14,
  F_TCTX = 1u << 15,    /* table, tbody/thead/tfoot, tr, td/th, caption,
                           colgroup */
  F_RUBY = 1u << 16,    /* rb rp rt rtc */
  F_BREAKOUT = 1u << 17, /* start tag leaves <svg>/<math> content */
  F_INTEG = 1u << 18,   /* svg/MathML integration point */
  F_IMPLIED = 1u << 19, /* closed by "generate implied end tags" */
  F_UNSURE = 1u << 20,  /* (not a tag's) an entry Gumbo may not have */
  F_FMTSHIFT = 24       /* bits 24..27: index into the formatting counts */
};
#define FMTI(n) (F_FMT | (unsigned)(n) << F_FMTSHIFT)
#define FMT_INDEX(f) (((f) >> F_FMTSHIFT) & 15u)
#define NFMT 14

#define SP F_SPECIAL
#define CP (F_SPECIAL | F_CLOSEP)
#define BO F_BREAKOUT
#define VD (F_SPECIAL | F_VOID)
#define SC (F_SCOPE | F_BSCOPE | F_LSCOPE)
#define TC F_TCTX

/* Every tag Gumbo 0.10.1 knows (its tag.in), sorted by name (bytewise):
 * looked up by binary search.  A name not here is unknown to Gumbo too,
 * which matters: Gumbo gives all unknown tags one enum, so an end tag of
 * any unknown name closes the nearest element of any unknown name. */
#define WN_TAGS(X)                                                   \
  X(A, "a", FMTI(0))                                                 \
  X(ABBR, "abbr", 0)                                                 \
  X(ACRONYM, "acronym", 0)                                           \
  X(ADDRESS, "address", CP | F_ADP)                                  \
  X(ANNOTATION_XML, "annotation-xml", F_INTEG)                       \
  X(APPLET, "applet", SP | SC | F_MARKER)                            \
  X(AREA, "area", VD)                                                \
  X(ARTICLE, "article", CP)                                          \
  X(ASIDE, "aside", CP)                                              \
  X(AUDIO, "audio", 0)                                               \
  X(B, "b", FMTI(1) | BO)                                            \
  X(BASE, "base", VD)                                                \
  X(BASEFONT, "basefont", VD)                                        \
  X(BDI, "bdi", 0)                                                   \
  X(BDO, "bdo", 0)                                                   \
  X(BGSOUND, "bgsound", VD)                                          \
  X(BIG, "big", FMTI(2) | BO)                                        \
  X(BLINK, "blink", 0)                                               \
  X(BLOCKQUOTE, "blockquote", CP | BO)                               \
  X(BODY, "body", SP | F_NOSTACK | BO)                               \
  X(BR, "br", VD | BO)                                               \
  X(BUTTON, "button", SP | F_BSCOPE)                                 \
  X(CANVAS, "canvas", 0)                                             \
  X(CAPTION, "caption", SP | SC | F_MARKER | TC)                     \
  X(CENTER, "center", CP | BO)                                       \
  X(CITE, "cite", 0)                                                 \
  X(CODE, "code", FMTI(3) | BO)                                      \
  X(COL, "col", VD)                                                  \
  X(COLGROUP, "colgroup", SP | TC)                                   \
  X(DATA, "data", 0)                                                 \
  X(DATALIST, "datalist", 0)                                         \
  X(DD, "dd", SP | F_DDDT | BO | F_IMPLIED | F_CLOSEP)               \
  X(DEL, "del", 0)                                                   \
  X(DESC, "desc", F_INTEG)                                           \
  X(DETAILS, "details", CP)                                          \
  X(DFN, "dfn", 0)                                                   \
  X(DIR, "dir", CP)                                                  \
  X(DIV, "div", CP | F_ADP | BO)                                     \
  X(DL, "dl", CP | BO)                                               \
  X(DT, "dt", SP | F_DDDT | BO | F_IMPLIED | F_CLOSEP)               \
  X(EM, "em", FMTI(4) | BO)                                          \
  X(EMBED, "embed", VD | BO)                                         \
  X(FIELDSET, "fieldset", CP)                                        \
  X(FIGCAPTION, "figcaption", CP)                                    \
  X(FIGURE, "figure", CP)                                            \
  X(FONT, "font", FMTI(5))                                           \
  X(FOOTER, "footer", CP)                                            \
  X(FOREIGNOBJECT, "foreignobject", F_INTEG)                         \
  X(FORM, "form", CP)                                                \
  X(FRAME, "frame", VD)                                              \
  X(FRAMESET, "frameset", SP)                                        \
  X(H1, "h1", CP | F_HEADING | BO)                                   \
  X(H2, "h2", CP | F_HEADING | BO)                                   \
  X(H3, "h3", CP | F_HEADING | BO)                                   \
  X(H4, "h4", CP | F_HEADING | BO)                                   \
  X(H5, "h5", CP | F_HEADING | BO)                                   \
  X(H6, "h6", CP | F_HEADING | BO)                                   \
  X(HEAD, "head", SP | F_NOSTACK | BO)                               \
  X(HEADER, "header", CP)                                            \
  X(HGROUP, "hgroup", CP)                                            \
  X(HR, "hr", VD | F_CLOSEP | BO)                                    \
  X(HTML, "html", SP | F_NOSTACK | SC | F_TSCOPE)                    \
  X(I, "i", FMTI(6) | BO)                                            \
  X(IFRAME, "iframe", SP | F_RAWDROP)                                \
  X(IMAGE, "image", F_VOID)                                          \
  X(IMG, "img", VD | BO)                                             \
  X(INPUT, "input", VD)                                              \
  X(INS, "ins", 0)                                                   \
  X(ISINDEX, "isindex", SP)                                          \
  X(KBD, "kbd", 0)                                                   \
  X(KEYGEN, "keygen", VD)                                            \
  X(LABEL, "label", 0)                                               \
  X(LEGEND, "legend", 0)                                             \
  X(LI, "li", SP | BO | F_IMPLIED | F_CLOSEP)                        \
  X(LINK, "link", VD)                                                \
  X(LISTING, "listing", CP | BO)                                     \
  X(MAIN, "main", CP)                                                \
  X(MALIGNMARK, "malignmark", 0)                                     \
  X(MAP, "map", 0)                                                   \
  X(MARK, "mark", 0)                                                 \
  X(MARQUEE, "marquee", SP | SC | F_MARKER)                          \
  X(MATH, "math", 0)                                                 \
  X(MENU, "menu", CP | BO)                                           \
  X(MENUITEM, "menuitem", VD)                                        \
  X(META, "meta", VD | BO)                                           \
  X(METER, "meter", 0)                                               \
  X(MGLYPH, "mglyph", 0)                                             \
  X(MI, "mi", F_INTEG)                                               \
  X(MN, "mn", F_INTEG)                                               \
  X(MO, "mo", F_INTEG)                                               \
  X(MS, "ms", F_INTEG)                                               \
  X(MTEXT, "mtext", F_INTEG)                                         \
  X(MULTICOL, "multicol", 0)                                         \
  X(NAV, "nav", CP)                                                  \
  X(NEXTID, "nextid", 0)                                             \
  X(NOBR, "nobr", FMTI(7) | BO)                                      \
  X(NOEMBED, "noembed", SP | F_RAWDROP)                              \
  X(NOFRAMES, "noframes", SP | F_RAWDROP)                            \
  X(NOSCRIPT, "noscript", SP | F_RAWDROP)                            \
  X(OBJECT, "object", SP | SC | F_MARKER)                            \
  X(OL, "ol", CP | F_LSCOPE | BO)                                    \
  X(OPTGROUP, "optgroup", F_IMPLIED)                                 \
  X(OPTION, "option", F_IMPLIED)                                     \
  X(OUTPUT, "output", 0)                                             \
  X(P, "p", CP | F_ADP | BO | F_IMPLIED)                             \
  X(PARAM, "param", VD)                                              \
  X(PLAINTEXT, "plaintext", CP)                                      \
  X(PRE, "pre", CP | BO)                                             \
  X(PROGRESS, "progress", 0)                                         \
  X(Q, "q", 0)                                                       \
  X(RB, "rb", F_RUBY | F_IMPLIED)                                    \
  X(RP, "rp", F_RUBY | F_IMPLIED)                                    \
  X(RT, "rt", F_RUBY | F_IMPLIED)                                    \
  X(RTC, "rtc", F_RUBY | F_IMPLIED)                                  \
  X(RUBY, "ruby", BO)                                                \
  X(S, "s", FMTI(8) | BO)                                            \
  X(SAMP, "samp", 0)                                                 \
  X(SCRIPT, "script", SP | F_RAWDROP)                                \
  X(SECTION, "section", CP)                                          \
  X(SELECT, "select", SP)                                            \
  X(SMALL, "small", FMTI(9) | BO)                                    \
  X(SOURCE, "source", VD)                                            \
  X(SPACER, "spacer", 0)                                             \
  X(SPAN, "span", BO)                                                \
  X(STRIKE, "strike", FMTI(10) | BO)                                 \
  X(STRONG, "strong", FMTI(11) | BO)                                 \
  X(STYLE, "style", SP | F_RAWDROP)                                  \
  X(SUB, "sub", BO)                                                  \
  X(SUMMARY, "summary", CP)                                          \
  X(SUP, "sup", BO)                                                  \
  X(SVG, "svg", 0)                                                   \
  X(TABLE, "table", SP | SC | F_TSCOPE | TC | BO)                    \
  X(TBODY, "tbody", SP | TC)                                         \
  X(TD, "td", SP | SC | F_MARKER | TC)                               \
  X(TEMPLATE, "template", SP | SC | F_TSCOPE)                        \
  X(TEXTAREA, "textarea", SP | F_RAWKEEP)                            \
  X(TFOOT, "tfoot", SP | TC)                                         \
  X(TH, "th", SP | SC | F_MARKER | TC)                               \
  X(THEAD, "thead", SP | TC)                                         \
  X(TIME, "time", 0)                                                 \
  X(TITLE, "title", SP | SC | F_RAWKEEP | F_INTEG)                   \
  X(TR, "tr", SP | TC)                                               \
  X(TRACK, "track", VD)                                              \
  X(TT, "tt", FMTI(12) | BO)                                         \
  X(U, "u", FMTI(13) | BO)                                           \
  X(UL, "ul", CP | F_LSCOPE | BO)                                    \
  X(VAR, "var", BO)                                                  \
  X(VIDEO, "video", 0)                                               \
  X(WBR, "wbr", VD)                                                  \
  X(XMP, "xmp", CP | F_RAWKEEP)

#define X_ENUM(id, name, flags) T_##id,
enum { WN_TAGS(X_ENUM) T_COUNT };
#undef X_ENUM

typedef struct wn_tagdef {
  char name[16]; /* NUL-padded, so lookups compare 16 bytes */
  uint32_t flags;
} wn_tagdef;

/* Every tag Gumbo knows, by T_ id (defined in prepass_tree.c). */
extern const wn_tagdef wn_pp_tags[T_COUNT];

/* A tag's identity on the stack: its index in wn_pp_tags for known tags,
 * else bit 31 + a hash of the lowercase name.  Known keys are < T_COUNT.
 * GHOST_KEY marks an element taken off Gumbo's stack while elements it
 * holds stay open (a form): it still adds to their depth in the tree. */
#define UNKNOWN_BIT 0x80000000u
#define GHOST_KEY ((uint32_t)T_COUNT)
/* A <p> that a <table> start tag closed, or not, depending on quirks mode
 * we could not tell: it counts, but nothing closes it but its parent. */
#define STICKY_KEY ((uint32_t)T_COUNT + 1)

/* Ghosts stop every search: Gumbo does not have them on its stack, so it
 * would look further and close more; we close less, the deeper reading. */
#define F_STOPALL \
  (F_SPECIAL | F_SCOPE | F_BSCOPE | F_LSCOPE | F_TSCOPE | F_UNSURE)

/*** State ***/

typedef struct wn_entry {
  uint32_t key;
  uint32_t serial; /* unique per push: tells a phantom's base apart;
                      STOP_BIT: stops searches (an element read as
                      maybe a MathML/SVG integration point) */
} wn_entry;

#define STOP_BIT 0x80000000u

/* The list of active formatting elements after the last marker, in
 * order, at most WN_FMT_LIMIT entries.  Each entry points at its element
 * on the modelled stack (index and serial); once that element is popped
 * the entry is stale, and the next text re-opens (clones) the stale ones.
 * ident is a hash of the attribute bytes, for Noah's Ark (the tree
 * builder keeps at most three entries of the same tag and attributes): a
 * sloppy page that leaves the same <font face=x> open in every paragraph
 * does not fill the list. */
typedef struct wn_fment {
  uint32_t idx, serial, ident;
  uint16_t fi;     /* formatting tag (FMTI) */
  uint16_t unsure; /* Gumbo may not have it as we do (see adopt()) */
} wn_fment;

typedef struct wn_fmtlist {
  wn_fment e[WN_FMT_LIMIT];
  uint32_t n;
} wn_fmtlist;

/* count dropped start tags named key, opened while the element with
 * serial was at depth-1 (depth 0: no element) and still open. */
typedef struct wn_phantom {
  uint32_t key, count, depth, serial;
} wn_phantom;

typedef struct wn_inner {
  uint32_t key, count;
} wn_inner;

enum { M_HTML, M_FOREIGN, M_TEMPLATE };
enum { Q_UNDECIDED, Q_QUIRKS, Q_NOQUIRKS, Q_UNSURE };

typedef struct pp {
  const uc *s;
  size_t n;
  char *o;
  size_t ol, ocap;    /* output length, capacity (n plus synthetic room) */
  size_t xroom;       /* synthetic room left (see WN_SYNTH_BYTES) */
  size_t clones;      /* stale entries re-opened so far */
  unsigned limit;     /* page elements allowed on the stack */
  unsigned max_attrs;
  unsigned warn;

  wn_entry *st;       /* the modelled stack of open elements */
  uint32_t depth, cap, serial;
  uint32_t capx;      /* cap plus room for re-opened formatting elements */
  uint32_t open[T_COUNT]; /* open elements per known tag */

  wn_fmtlist fmt;     /* the list after the last marker */
  wn_fmtlist *ms;     /* saved lists, one per open marker element */
  uint32_t nms, ms0; /* segments saved (a ring of cap from ms0) */

  wn_phantom *ph;
  uint32_t nph, phcap;

  uint32_t form;    /* serial of the form element pointer, 0: none */
  uint32_t closing; /* serial of the element an end tag closes */
  /* "frameset-ok" (cleared on more than the tree builder clears it: a
   * <frameset> we let through must replace the body there too), and the
   * frameset modes, where all but frameset/frame/noframes is ignored */
  int fs_ok, fs_mode;
  int quirks;    /* Q_*: does <table> close a <p>? */

  /* M_FOREIGN: inside <svg>/<math> (root), nest levels of it, open
   * integration points, where its content started, the depth there */
  int mode;
  int froot;
  uint32_t fnest, finteg, fdepth;
  size_t fstart, fol; /* input, output offsets after its start tag */
  wn_fmtlist ffmt;    /* the formatting list there */
  wn_inner fin[WN_INNER_CAP]; /* element names open inside it */
  /* an integration point was opened, or the name table overflowed: where
   * Gumbo's current node is can no longer be told for sure */
  int fvague;
  /* The current start tag left the svg/math (M_FOREIGN) and is being
   * redone as HTML (2: on a guess): if it is dropped, Gumbo never sees it
   * and stays in foreign content. */
  int breakout;
  /* An svg/math was left on a guess (fvague), or copied after it never
   * closed: Gumbo may or may not still be inside it until
   * the element that holds it (below unsure_depth) closes.  Meanwhile the
   * model takes the deeper reading of each tag (see wn_pp_start_tag()) and no
   * raw-text body is kept: in foreign content <script>, <title>,
   * <textarea> are elements with markup inside. */
  int unsure;
  uint32_t unsure_depth;
  /* After one unclosed svg/math was copied: no more skipping (so input is
   * scanned at most twice). */
  int noforeign;
  /* M_TEMPLATE: nest levels of <template> */
  uint32_t tnest;
  /* Searches for the ends of raw text, remembered so that recovering
   * from raw text with no end tag (prepass.c) never searches the same
   * bytes twice: from rend_from[id], the first end tag of tag id is at
   * rend_at[id] (n: none; 0: not searched yet); from lsm_from, the first
   * markup that opens a line is at lsm_at. */
  size_t rend_from[T_COUNT], rend_at[T_COUNT];
  size_t lsm_from, lsm_at;
} pp;

/*** Output ***/

/* The output never outgrows its capacity (see the top of prepass.c); the
 * clamp only makes sure a mistake there cannot write out of bounds. */
static inline void put(pp *p, const void *src, size_t k) {
  assert(k <= p->ocap - p->ol);
  if (k > p->ocap - p->ol) k = p->ocap - p->ol;
  if (k) memcpy(p->o + p->ol, src, k);
  p->ol += k;
}

/*** Tags ***/

typedef struct tag {
  size_t end;      /* just past '>' (or n at end of input) */
  size_t name_end;
  size_t keep_end; /* end of attribute max_attrs (when there are more) */
  uint32_t key;
  int id;          /* index in wn_pp_tags or -1 */
  unsigned nattr;
  unsigned char selfclose, eof, ldjson, fontattr;
} tag;


/*** The tree model (prepass_tree.c) ***/

/* A start tag outside raw text, svg, math, template: 1 to write it, 0 to
 * drop it (limits). */
int wn_pp_start_tag(pp *p, const tag *t);
/* An end tag there: 1 to write it, 0 to drop it (its start tag was
 * dropped). */
int wn_pp_end_tag(pp *p, const tag *t);
/* Before text or an inline start tag at input offset at: re-opens stale
 * formatting entries (or ends them, past the budget of clones). */
void wn_pp_reopen(pp *p, size_t at, int may_close);
void wn_pp_push(pp *p, uint32_t key, uint32_t ident);
void wn_pp_pop1(pp *p);
uint32_t wn_pp_top_key(const pp *p);
void wn_pp_close_p(pp *p);
int wn_pp_in_select(const pp *p);
int wn_pp_select_ignores(pp *p, int id);
void wn_pp_form_end(pp *p, int implied);
int wn_pp_ph_take(pp *p, uint32_t key);
void wn_pp_enter_unsure(pp *p, uint32_t depth);
void wn_pp_settle(pp *p);

#endif
