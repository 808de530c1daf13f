/* Stage 1b, pre-pass: one linear scan that bounds what reaches Gumbo and
 * drops bytes that can never be article text (see prepass.h).
 *
 * The scan is a small HTML tokenizer (WHATWG "tokenization": the parts
 * that decide where tags, comments and raw text are) feeding a model of
 * Gumbo 0.10.1's tree builder, habits included.  The model has to keep
 * Gumbo's real depth within max_depth (give or take WN_FMT_LIMIT), and
 * must not count an ordinary page as too deep.  The rule that keeps it
 * honest: where it cannot tell what Gumbo does, it takes the deeper
 * reading -- close nothing, ignore nothing, push -- because a model that
 * is shallower than Gumbo even once can be made to drift without bound,
 * while one that is deeper only drops a few tags early.
 *  - Stack of open elements, with implied end tags (block starts close a
 *    <p> in button scope -- <table> too unless in quirks mode, decided
 *    from the doctype as Gumbo does --, <li> closes <li>, <dd>/<dt>, table
 *    parts close cells and rows and push the tbody/tr Gumbo inserts, a
 *    <table> in a table closes it, options, ruby parts, <button>); void
 *    elements; html/head/body are Gumbo's own (WN_RESERVED levels).  End
 *    tags pop to the nearest match, searching at most WN_WINDOW entries
 *    and stopping where the tree builder stops (scope, "special"
 *    elements), so each tag costs O(1).  Gumbo gives all unknown tags one
 *    enum: an unknown end tag closes the nearest unknown element.  "In
 *    select" most tags are ignored; </form> takes the form out from under
 *    what it holds (left as a ghost entry, still counted).
 *  - List of active formatting elements, in order, with Noah's Ark: what
 *    makes <b>/<i>/<a> floods quadratic in Gumbo (entries whose elements
 *    were closed with their parent are re-opened, cloned, before text).
 *    Clones go on the modelled stack; formatting start tags past
 *    WN_FMT_LIMIT entries are dropped, and so are those that would open
 *    inside an element of their own tag (fmt_redundant()).  The adoption
 *    agency is modelled where it only closes; where it moves elements
 *    around, the entries involved become "sticky": counted, never named
 *    by an end tag again.  Past a budget of clones (WN_CLONE_BYTES),
 *    stale entries are ended instead of re-opened (close_stale()), and
 *    formatting start tags but <a> are dropped.
 *  - A start tag past a limit is dropped, with whatever its implied end
 *    tags did (undo()), its text kept, and its end tag dropped too:
 *    dropped tags are remembered as "phantoms" (runs of one tag name over
 *    one open element) that die when that element is closed.
 *  - <svg>/<math> content is skipped up to its end tag (bare: Gumbo
 *    compares "</svg>" by its source text), or to where Gumbo leaves it:
 *    an HTML "breakout" start tag, or an end tag that closes an element
 *    holding it.  When that was a guess (integration points such as
 *    <foreignObject> hold HTML), or the svg never closes (then the rest is
 *    scanned again and copied: at most two passes), the model is "unsure"
 *    until the element holding the svg closes: every start tag nests, an
 *    end tag closes the current node only, raw text bodies go.
 *  - Raw text: script (with its "<!--" escapes), style, noscript, iframe,
 *    noembed, noframes bodies are emptied, except JSON-LD scripts; title,
 *    textarea, xmp are kept; <plaintext> makes the rest text.  <template>
 *    content is emptied.  Comments go; the doctype stays.
 *
 * Output is never longer than the input plus WN_SYNTH_BYTES' room:
 * everything written is a copy of input bytes, except "&lt;" (see
 * guard()) and " />" after cut attributes, both paid for by dropped
 * bytes, and the end tags of close_stale(), which have that room of their
 * own.  So one allocation is enough.
 *
 * Nothing here allocates outside the arena, prints, or keeps state
 * between calls: the tables are const. */
#include "prepass.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>

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

/*** Character classes ***/

enum {
  C_WS = 1,      /* \t \n \f \r space */
  C_NAMEEND = 2, /* ends a tag name: ws / > */
  C_ATTREND = 4, /* ends an attribute name: ws / > = */
  C_UQEND = 8,   /* ends an unquoted value: ws > */
  C_ALPHA = 16
};

#define WS_ (C_WS | C_NAMEEND | C_ATTREND | C_UQEND)
#define L_(c) [c] = C_ALPHA
static const unsigned char cls[256] = {
    ['\t'] = WS_, ['\n'] = WS_, ['\f'] = WS_, ['\r'] = WS_, [' '] = WS_,
    ['/'] = C_NAMEEND | C_ATTREND,
    ['>'] = C_NAMEEND | C_ATTREND | C_UQEND,
    ['='] = C_ATTREND,
    L_('A'), L_('B'), L_('C'), L_('D'), L_('E'), L_('F'), L_('G'), L_('H'),
    L_('I'), L_('J'), L_('K'), L_('L'), L_('M'), L_('N'), L_('O'), L_('P'),
    L_('Q'), L_('R'), L_('S'), L_('T'), L_('U'), L_('V'), L_('W'), L_('X'),
    L_('Y'), L_('Z'),
    L_('a'), L_('b'), L_('c'), L_('d'), L_('e'), L_('f'), L_('g'), L_('h'),
    L_('i'), L_('j'), L_('k'), L_('l'), L_('m'), L_('n'), L_('o'), L_('p'),
    L_('q'), L_('r'), L_('s'), L_('t'), L_('u'), L_('v'), L_('w'), L_('x'),
    L_('y'), L_('z'),
};
#undef L_
#undef WS_

static uc lower(uc c) { return c >= 'A' && c <= 'Z' ? (uc)(c + 32) : c; }

/* s[0..k) equals the lowercase ASCII word w, ignoring ASCII case. */
static int caseeq(const uc *s, const char *w, size_t k) {
  for (size_t i = 0; i < k; i++)
    if (lower(s[i]) != (uc)w[i]) return 0;
  return 1;
}

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

/* The formatting tags by list index (FMTI). */
static const uint8_t fmt_tag[NFMT] = {T_A,      T_B,     T_BIG,    T_CODE,  T_EM,
                                     T_FONT,   T_I,     T_NOBR,   T_S,     T_SMALL,
                                     T_STRIKE, T_STRONG, T_TT,    T_U};

#define X_DEF(id, name, flags) {name, flags},
static const wn_tagdef tagdefs[T_COUNT] = {WN_TAGS(X_DEF)};
#undef X_DEF

#undef SP
#undef CP
#undef BO
#undef VD
#undef SC
#undef TC

/* A tag's identity on the stack: its index in tagdefs for known tags,
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

static uint32_t kflags(uint32_t key) {
  if (key < T_COUNT) return tagdefs[key].flags;
  return key == GHOST_KEY || key == STICKY_KEY ? F_STOPALL : 0;
}

/* Index in tagdefs of s[0..k) (any case), or -1. */
static int lookup(const uc *s, size_t k) {
  char buf[16];
  if (k == 0 || k >= sizeof buf) return -1;
  memset(buf, 0, sizeof buf);
  for (size_t i = 0; i < k; i++) {
    if (!s[i]) return -1; /* U+FFFD to the tokenizer: no known name */
    buf[i] = (char)lower(s[i]);
  }
  int lo = 0, hi = T_COUNT - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    int c = memcmp(buf, tagdefs[mid].name, sizeof buf);
    if (c == 0) return mid;
    if (c < 0)
      hi = mid - 1;
    else
      lo = mid + 1;
  }
  return -1;
}

static uint32_t name_key(const uc *s, size_t k, int id) {
  if (id >= 0) return (uint32_t)id;
  uint32_t h = 2166136261u; /* FNV-1a */
  for (size_t i = 0; i < k; i++) h = (h ^ lower(s[i])) * 16777619u;
  return UNKNOWN_BIT | h;
}

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
   * model takes the deeper reading of each tag (see start_tag()) and no
   * raw-text body is kept: in foreign content <script>, <title>,
   * <textarea> are elements with markup inside. */
  int unsure;
  uint32_t unsure_depth;
  /* After one unclosed svg/math was copied: no more skipping (so input is
   * scanned at most twice). */
  int noforeign;
  /* M_TEMPLATE: nest levels of <template> */
  uint32_t tnest;
} pp;

/*** Output ***/

/* The output never outgrows its capacity (see the top of the file); the
 * clamp only makes sure a mistake there cannot write out of bounds. */
static void put(pp *p, const void *src, size_t k) {
  assert(k <= p->ocap - p->ol);
  if (k > p->ocap - p->ol) k = p->ocap - p->ol;
  if (k) memcpy(p->o + p->ol, src, k);
  p->ol += k;
}

/* Called where a construct of at least 3 bytes was dropped and output may
 * go on.  A text "<" just before it could now meet a letter, "/", "!" or
 * "?" and become markup ("<<!---->div>" must stay text): write it as
 * "&lt;", the same character, paid for by the dropped bytes.  (Output text
 * only ever ends in a lone "<": a "<" followed by "/" is never text.)
 *
 * A character reference cut by a drop, as in "&amp<!---->;", would decode
 * differently afterwards ("&;" becomes "&"): comments are kept there (see
 * in_charref()).  A dropped tag (a limit applied) does not get that care;
 * the text stays text. */
static void guard(pp *p, size_t resume) {
  if (resume < p->n && p->ol && p->o[p->ol - 1] == '<' &&
      p->ocap - p->ol >= 3) {
    memcpy(p->o + p->ol - 1, "&lt;", 4);
    p->ol += 3;
  }
}

/* The output ends inside what may be a character reference ("&amp",
 * "&#6"): the next text byte could change how it decodes. */
static int in_charref(const pp *p) {
  size_t k = p->ol, stop = k > 40 ? k - 40 : 0;
  while (k > stop) {
    uc c = (uc)p->o[--k];
    if (c == '&') return 1;
    if (!(cls[c] & C_ALPHA) && !(c >= '0' && c <= '9') && c != '#') return 0;
  }
  return 0;
}

/* Drops the comment s[b..e) in HTML content, or keeps it where dropping
 * would join a character reference to the text after it, or a CR to an
 * LF (two line breaks would become one). */
static void drop_comment(pp *p, size_t b, size_t e) {
  if (e < p->n && (in_charref(p) || (p->ol && p->o[p->ol - 1] == '\r' &&
                                     p->s[e] == '\n')))
    put(p, p->s + b, e - b);
  else
    guard(p, e);
}

/*** Tags ***/

typedef struct tag {
  size_t end;      /* just past '>' (or n at end of input) */
  size_t name_end;
  size_t keep_end; /* end of attribute max_attrs (when there are more) */
  uint32_t key;
  int id;          /* index in tagdefs or -1 */
  unsigned nattr;
  unsigned char selfclose, eof, ldjson, fontattr;
} tag;

static int is_ldjson(const uc *v, size_t k) {
  while (k && (cls[v[0]] & C_WS)) v++, k--;
  while (k && (cls[v[k - 1]] & C_WS)) k--;
  return k == 19 && caseeq(v, "application/ld+json", 19);
}

/* Tokenizes the tag whose name starts at s[i] (just after "<" or "</"):
 * tag name, then attributes with double-, single- or un-quoted values,
 * up to the '>' that is not inside a quoted value. */
static void scan_tag(const pp *p, size_t i, tag *t) {
  const uc *s = p->s;
  size_t n = p->n, b = i;
  while (i < n && !(cls[s[i]] & C_NAMEEND)) i++;
  t->id = lookup(s + b, i - b);
  t->key = name_key(s + b, i - b, t->id);
  t->keep_end = t->name_end = i;
  t->nattr = 0;
  t->selfclose = t->eof = t->ldjson = t->fontattr = 0;
  int want_type = t->id == T_SCRIPT, want_font = t->id == T_FONT;
  for (;;) {
    while (i < n && (cls[s[i]] & C_WS)) i++;
    if (i >= n) break;
    if (s[i] == '>') {
      t->end = i + 1;
      return;
    }
    if (s[i] == '/') {
      i++;
      if (i < n && s[i] == '>') {
        t->selfclose = 1;
        t->end = i + 1;
        return;
      }
      continue;
    }
    size_t ab = i++; /* the first character is part of the name, even '=' */
    while (i < n && !(cls[s[i]] & C_ATTREND)) i++;
    size_t ae = i, vb = i, ve = i, j = i;
    while (j < n && (cls[s[j]] & C_WS)) j++;
    if (j < n && s[j] == '=') {
      j++;
      while (j < n && (cls[s[j]] & C_WS)) j++;
      if (j >= n) break;
      if (s[j] == '"' || s[j] == '\'') {
        const uc *q = memchr(s + j + 1, s[j], n - j - 1);
        if (!q) break;
        vb = j + 1;
        ve = (size_t)(q - s);
        i = ve + 1;
      } else {
        vb = j;
        while (j < n && !(cls[s[j]] & C_UQEND)) j++;
        ve = i = j;
      }
    }
    if (++t->nattr == p->max_attrs) t->keep_end = i;
    /* only attributes that are kept count (Gumbo sees no others) */
    if (t->nattr > p->max_attrs) want_type = want_font = 0;
    if (want_type && ae - ab == 4 && caseeq(s + ab, "type", 4)) {
      want_type = 0; /* the first one counts */
      t->ldjson = (unsigned char)is_ldjson(s + vb, ve - vb);
    }
    if (want_font && ae - ab == 4 &&
        (caseeq(s + ab, "face", 4) || caseeq(s + ab, "size", 4)))
      t->fontattr = 1;
    if (want_font && ae - ab == 5 && caseeq(s + ab, "color", 5))
      t->fontattr = 1;
  }
  /* end of input inside the tag: the tokenizer drops the tag */
  t->eof = 1;
  t->end = n;
}

/* Writes the tag s[b..t->end), without the attributes past max_attrs. */
static void emit_tag(pp *p, size_t b, const tag *t) {
  if (t->nattr > p->max_attrs) {
    put(p, p->s + b, t->keep_end - b);
    /* " />": an unquoted value must not swallow the slash */
    if (t->selfclose)
      put(p, " />", 3);
    else
      put(p, ">", 1);
    p->warn |= WINNOW_WARN_ATTRS;
  } else {
    put(p, p->s + b, t->end - b);
  }
}

/*** The modelled stack ***/

/* 1 when a formatting element of list index fi and identity ident would
 * not make the list longer (Noah's Ark drops the earliest of three). */
static int fmt_absorbed(const wn_fmtlist *l, uint32_t fi, uint32_t ident) {
  unsigned same = 0;
  for (uint32_t j = 0; j < l->n; j++)
    same += l->e[j].fi == fi && l->e[j].ident == ident;
  return same >= 3;
}

static void fmt_remove(wn_fmtlist *l, uint32_t j) {
  memmove(&l->e[j], &l->e[j + 1], (l->n - j - 1) * sizeof l->e[0]);
  l->n--;
}

/* The element of entry e is still open. */
static int fmt_alive(const pp *p, const wn_fment *e) {
  return e->idx < p->depth && p->st[e->idx].serial == e->serial &&
         (e->unsure || p->st[e->idx].key == fmt_tag[e->fi]);
}

/* A start tag of formatting element fi (not <a>) would open inside an
 * element of the same tag: one whose entry is open, or among the stale
 * entries the tree builder re-opens before it (or before the next text).
 * Its text keeps that formatting without it, and Gumbo is spared a list
 * entry that a <b><p> or <p><b>x</p> flood clones into every block. */
static int fmt_redundant(const pp *p, uint32_t fi, uint32_t stale) {
  const wn_fmtlist *l = &p->fmt;
  for (uint32_t j = 0; j < l->n; j++)
    if (l->e[j].fi == fi && (j >= l->n - stale || fmt_alive(p, &l->e[j])))
      return 1;
  return 0;
}

/* A formatting element was pushed at the top: its list entry. */
static void fmt_add(pp *p, uint32_t fi, uint32_t ident) {
  wn_fmtlist *l = &p->fmt;
  if (fmt_absorbed(l, fi, ident)) { /* Noah's Ark: the earliest goes */
    for (uint32_t j = 0; j < l->n; j++)
      if (l->e[j].fi == fi && l->e[j].ident == ident) {
        fmt_remove(l, j);
        break;
      }
  }
  if (l->n == WN_FMT_LIMIT) fmt_remove(l, 0); /* (checked before: rare) */
  wn_fment *e = &l->e[l->n++];
  e->idx = p->depth - 1;
  e->serial = p->st[p->depth - 1].serial;
  e->ident = ident;
  e->fi = (uint16_t)fi;
  e->unsure = (uint16_t)p->unsure;
}

/* ident: identity of a formatting element (see wn_fmtlist), else unused. */
static void push(pp *p, uint32_t key, uint32_t ident) {
  wn_entry *e = &p->st[p->depth++];
  e->key = key;
  e->serial = ++p->serial & ~STOP_BIT;
  if (key >= T_COUNT) return;
  uint32_t f = tagdefs[key].flags;
  p->open[key]++;
  if (f & F_MARKER) {
    /* a ring: past its size the oldest segment is forgotten */
    p->ms[(p->ms0 + p->nms) % p->cap] = p->fmt;
    if (p->nms < p->cap)
      p->nms++;
    else
      p->ms0 = (p->ms0 + 1) % p->cap;
    p->fmt.n = 0;
  }
  if (f & F_FMT) fmt_add(p, FMT_INDEX(f), ident);
}

/* "Clear the list of active formatting elements up to the last marker":
 * the segment before the last marker comes back. */
static void fmt_clear(pp *p) {
  if (p->nms) {
    p->nms--;
    p->fmt = p->ms[(p->ms0 + p->nms) % p->cap];
  } else {
    p->fmt.n = 0;
  }
}

/* Pops the current node.  A formatting element popped this way stays in
 * the list of active formatting elements (only its own end tag removes
 * it), now stale.  A cell or caption, however closed, clears the list to
 * the last marker; an object, marquee or applet only when closed by its
 * own end tag (p->closing): otherwise its marker stays in the list, and
 * the next clear (of a cell, say) takes that one instead of its own --
 * Gumbo's list and its stack then disagree, and so does the model. */
static void pop1(pp *p) {
  wn_entry e = p->st[--p->depth];
  /* a ghost goes with the last element it held */
  while (p->depth && p->st[p->depth - 1].key == GHOST_KEY) p->depth--;
  if (e.key >= T_COUNT) return;
  p->open[e.key]--;
  if ((tagdefs[e.key].flags & F_MARKER) &&
      (e.key == T_TD || e.key == T_TH || e.key == T_CAPTION ||
       e.serial == p->closing))
    fmt_clear(p);
}

/* Entries at the end of the list whose elements are no longer open. */
static uint32_t fmt_stale(const pp *p) {
  const wn_fmtlist *l = &p->fmt;
  uint32_t k = l->n;
  while (k > 0 && !fmt_alive(p, &l->e[k - 1])) k--;
  return l->n - k;
}

/* "Reconstruct the active formatting elements": before text and most
 * inline start tags, the tree builder opens, in list order, a clone of
 * every entry after the last one still open.  This is what makes Gumbo
 * deeper than the page says; the clones go on the modelled stack (which
 * has WN_FMT_LIMIT entries of room past the depth limit for them: text is
 * never dropped, so they cannot be). */
static void reconstruct(pp *p) {
  wn_fmtlist *l = &p->fmt;
  for (uint32_t j = l->n - fmt_stale(p); j < l->n && p->depth < p->capx;
       j++) {
    wn_entry *e = &p->st[p->depth++];
    /* an unsure entry's clone may not exist there: it counts, but no end
     * tag may name it */
    e->key = l->e[j].unsure ? STICKY_KEY : fmt_tag[l->e[j].fi];
    e->serial = ++p->serial & ~STOP_BIT;
    if (e->key < T_COUNT) p->open[e->key]++;
    l->e[j].idx = p->depth - 1;
    l->e[j].serial = e->serial;
  }
}

/* Past the budget of clones (WN_CLONE_BYTES) at input offset at. */
static int over_budget(const pp *p, size_t at) {
  return p->clones > at / WN_CLONE_BYTES + WN_CLONE_FREE;
}

/* Bytes of the end tags that would end the list's entries and one more
 * of formatting tag fi. */
static size_t fmt_owed(const pp *p, uint32_t fi) {
  size_t k = strlen(tagdefs[fmt_tag[fi]].name) + 3;
  for (uint32_t j = 0; j < p->fmt.n; j++)
    k += strlen(tagdefs[fmt_tag[p->fmt.e[j].fi]].name) + 3;
  return k;
}

/* Ends stale entries instead of letting Gumbo re-open them: an end tag
 * of a formatting element that is no longer open only takes its entry
 * out of the list (the adoption agency's "not in the stack of open
 * elements" step; adopt() models it).  Each takes the last entry of its
 * tag, so they go from the last one, up to one whose tag has an entry
 * before it: a later end tag (or <a>, <nobr> start tag) would find that
 * one instead, and act on an open element where it did nothing before.
 * The text after loses that formatting (WINNOW_WARN_DEPTH).  Returns how
 * many went: none when an entry may differ in Gumbo, or when the
 * synthetic room is used up. */
static uint32_t close_stale(pp *p, uint32_t stale) {
  wn_fmtlist *l = &p->fmt;
  uint32_t k = 0;
  size_t need = 0;
  for (uint32_t j = 0; j < l->n; j++)
    if (l->e[j].unsure) return 0;
  for (; k < stale; k++) {
    uint32_t at = l->n - 1 - k, j = 0;
    while (j < at && l->e[j].fi != l->e[at].fi) j++;
    if (j < at) break;
    need += strlen(tagdefs[fmt_tag[l->e[at].fi]].name) + 3;
  }
  if (!k || need > p->xroom) return 0;
  p->xroom -= need;
  for (uint32_t j = 0; j < k; j++) {
    const char *name = tagdefs[fmt_tag[l->e[--l->n].fi]].name;
    put(p, "</", 2);
    put(p, name, strlen(name));
    put(p, ">", 1);
  }
  p->warn |= WINNOW_WARN_DEPTH;
  return k;
}

/* Before text or an inline start tag, at input offset at: re-opens the
 * stale entries, or past the budget of clones ends them.  may_close: the
 * token has closed nothing yet, so end tags written before it act as
 * they would after.  Not in a select (end tags are ignored there), a
 * frameset, or what may be foreign content. */
static void reopen(pp *p, size_t at, int may_close) {
  uint32_t stale = fmt_stale(p);
  if (stale && may_close && over_budget(p, at) && p->mode == M_HTML &&
      !p->unsure && !p->breakout && !p->fs_mode && !p->open[T_SELECT])
    stale -= close_stale(p, stale);
  if (!stale) return;
  p->clones += stale;
  reconstruct(p);
}

/* Pops entries down to and including index idx. */
static void pop_through(pp *p, uint32_t idx) {
  while (p->depth > idx) pop1(p);
}

static uint32_t top_key(const pp *p) {
  return p->depth ? p->st[p->depth - 1].key : UINT32_MAX;
}

/* Flags of stack entry i: its tag's, or all stops (see STOP_BIT). */
static uint32_t eflags(const pp *p, uint32_t i) {
  return kflags(p->st[i].key) | (p->st[i].serial & STOP_BIT ? F_STOPALL : 0);
}

/* Nearest open element (searching down from the current node, at most
 * WN_WINDOW entries) whose key is key or whose flags have a bit of match.
 * An element with a bit of stop (and none of except) that is not a match
 * ends the search, and so does one Gumbo may not have (what lies beyond
 * is uncertain: closing nothing is the deeper reading).  -1 when none,
 * -2 when an uncertain entry stopped the search. */
static long find_open(const pp *p, uint32_t key, uint32_t match,
                      uint32_t stop, uint32_t except) {
  uint32_t lo = p->depth > WN_WINDOW ? p->depth - WN_WINDOW : 0;
  for (uint32_t i = p->depth; i-- > lo;) {
    uint32_t k = p->st[i].key, f = eflags(p, i);
    if (k == key || (f & match)) return (long)i;
    if (f & F_UNSURE) return -2;
    if ((f & stop) && !(f & except)) return -1;
  }
  return -1;
}

/* Entries from..top stay counted but become STICKY_KEY: Gumbo has moved
 * or closed some of them, we cannot tell which, so none may be named by
 * an end tag again (it would close more here than there).  Formatting
 * ones now count as stale (re-opened by the next text) in case. */
static void stickify(pp *p, uint32_t from) {
  for (uint32_t i = from; i < p->depth; i++) {
    uint32_t k = p->st[i].key;
    if (k < T_COUNT) p->open[k]--;
    if (k != GHOST_KEY) p->st[i].key = STICKY_KEY;
  }
  for (uint32_t j = 0; j < p->fmt.n; j++)
    if (p->fmt.e[j].idx >= from && p->fmt.e[j].idx != UINT32_MAX)
      p->fmt.e[j].unsure = 1;
}

/* The adoption agency for formatting element id (its end tag, or a
 * start tag of <a> or <nobr> while one is active), reduced to what it
 * does to the depth.  The formatting element is the last list entry for
 * id.  None: 0.  Otherwise 1:
 * an entry whose element is no longer open leaves the list; one out of
 * scope is ignored (<a> takes it out anyway); one with no "special"
 * element above it is popped; one with a special element above, the
 * furthest block, is replaced by a clone, and the elements it held are
 * moved and often closed (the outer loop): never deeper than before, so
 * those entries stay, sticky (*sticky: from where; *sticky_one, for an
 * <a> start tag: that entry alone; done by the caller), and the clone is
 * kept in the list, stale. */
static int adopt(pp *p, int id, long *sticky, long *sticky_one) {
  wn_fmtlist *l = &p->fmt;
  uint32_t fi = FMT_INDEX(tagdefs[id].flags), j = l->n;
  *sticky = -1;
  if (sticky_one) *sticky_one = -1;
  while (j > 0 && l->e[j - 1].fi != fi) j--;
  if (j-- == 0) return 0;
  /* with an unsure entry of that tag anywhere, which one Gumbo takes, and
   * what it does, is unknown: nothing (the deeper reading) */
  for (uint32_t k = 0; k < l->n; k++)
    if (l->e[k].unsure && l->e[k].fi == fi) return 1;
  if (!fmt_alive(p, &l->e[j])) {
    fmt_remove(l, j);
    return 1;
  }
  uint32_t at = l->e[j].idx;
  if (p->depth - at > WN_WINDOW) return 1; /* too deep to tell: leave it */
  int special_above = 0;
  for (uint32_t i = p->depth; --i > at;) {
    uint32_t f = eflags(p, i);
    if (f & F_SCOPE) { /* on the stack, not in scope: ignored */
      if (sticky_one) { /* an <a> start tag: out of the list and the
                           stack anyway, only it */
        fmt_remove(l, j);
        *sticky_one = (long)at;
      }
      return 1;
    }
    if (f & F_SPECIAL) special_above = 1;
  }
  if (!special_above) {
    fmt_remove(l, j);
    pop_through(p, at);
  } else {
    *sticky = (long)at;
    l->e[j].idx = UINT32_MAX; /* the clone: stale, and unsure */
    l->e[j].unsure = 1;
  }
  return 1;
}

/* A start tag of a table part, which wants a parent of rank want (0
 * table, 1 tbody/thead/tfoot, 2 tr).  Closes open cells, rows, captions
 * as the "in table" modes do and returns how many elements Gumbo would
 * insert between (tbody, tr), -1 when there is no table to belong to
 * (Gumbo ignores the tag), -2 when that cannot be told. */
static int table_part(pp *p, int want) {
  for (;;) {
    long idx = find_open(p, UINT32_MAX, F_TCTX, 0, 0);
    if (idx < 0) return (int)idx; /* -2: stopped by an uncertain entry */
    uint32_t k = p->st[idx].key;
    int rank = k == T_TABLE ? 0
               : (k == T_TBODY || k == T_THEAD || k == T_TFOOT) ? 1
               : k == T_TR ? 2
                           : 3;
    if (rank > want) {
      pop_through(p, (uint32_t)idx);
      continue;
    }
    pop_through(p, (uint32_t)idx + 1);
    return want - rank;
  }
}

/*** Phantoms: dropped start tags whose end tags must go too ***/

static int ph_alive(const pp *p, const wn_phantom *h) {
  return h->depth <= p->depth &&
         (h->depth == 0 || p->st[h->depth - 1].serial == h->serial);
}

/* Dead runs are always the newest ones (their base element was closed,
 * and later runs sit on it or above it). */
static void ph_prune(pp *p) {
  while (p->nph && !ph_alive(p, &p->ph[p->nph - 1])) p->nph--;
}

static void ph_add(pp *p, uint32_t key) {
  ph_prune(p);
  uint32_t serial = p->depth ? p->st[p->depth - 1].serial : 0;
  uint32_t lo = p->nph > WN_PH_WINDOW ? p->nph - WN_PH_WINDOW : 0;
  for (uint32_t i = p->nph; i-- > lo;) {
    wn_phantom *h = &p->ph[i];
    if (h->key == key && h->depth == p->depth && h->serial == serial) {
      h->count++;
      return;
    }
  }
  if (p->nph == p->phcap) return; /* forgotten: its end tag will pass */
  wn_phantom *h = &p->ph[p->nph++];
  h->key = key;
  h->count = 1;
  h->depth = p->depth;
  h->serial = serial;
}

static int ph_take(pp *p, uint32_t key) {
  ph_prune(p);
  uint32_t lo = p->nph > WN_PH_WINDOW ? p->nph - WN_PH_WINDOW : 0;
  for (uint32_t i = p->nph; i-- > lo;) {
    if (p->ph[i].key != key) continue;
    if (--p->ph[i].count == 0) {
      memmove(&p->ph[i], &p->ph[i + 1], (p->nph - i - 1) * sizeof *p->ph);
      p->nph--;
    }
    return 1;
  }
  return 0;
}

/*** Tree-builder model ***/

/* Unsure (see pp.unsure) until the stack is shallower than depth. */
static void enter_unsure(pp *p, uint32_t depth) {
  if (!p->unsure) {
    p->unsure = 1;
    p->unsure_depth = depth;
  }
}

static void close_p(pp *p) {
  long idx = find_open(p, T_P, 0, F_SCOPE | F_BSCOPE, 0);
  if (idx >= 0) pop_through(p, (uint32_t)idx);
}

/* A start tag that ends foreign content (outside integration points). */
static int is_breakout(const tag *t, uint32_t f) {
  return (f & F_BREAKOUT) || (t->id == T_FONT && t->fontattr);
}

/* The state a start tag's implied end tags change, to undo them when the
 * tag itself is dropped.  Pops leave the entries in st[] and ms[]. */
typedef struct snapshot {
  uint32_t depth, nms;
  wn_fmtlist fmt;
} snapshot;

static void snap(const pp *p, snapshot *sn) {
  sn->depth = p->depth;
  sn->nms = p->nms;
  sn->fmt = p->fmt;
}

/* Valid while nothing was pushed since snap(). */
static void undo(pp *p, const snapshot *sn) {
  for (uint32_t i = p->depth; i < sn->depth; i++)
    if (p->st[i].key < T_COUNT) p->open[p->st[i].key]++;
  p->depth = sn->depth;
  p->nms = sn->nms;
  p->fmt = sn->fmt;
}

/* A <table> start tag in a table (not in a cell or caption: the "in
 * table" modes, which content foster-parented above the table does not
 * leave) closes that table first. */
static void table_in_table(pp *p) {
  long c = find_open(p, UINT32_MAX, F_TCTX, 0, 0);
  if (c < 0) return;
  uint32_t k = p->st[c].key;
  if (k == T_TD || k == T_TH || k == T_CAPTION) return;
  long t = find_open(p, T_TABLE, 0, 0, 0);
  if (t >= 0) pop_through(p, (uint32_t)t);
}

/* <table> closes a <p> in button scope, except in quirks mode. */
static void table_closes_p(pp *p) {
  if (p->quirks == Q_QUIRKS || p->quirks == Q_UNDECIDED) return;
  long idx = find_open(p, T_P, 0, F_SCOPE | F_BSCOPE, 0);
  if (idx < 0) return;
  if (p->quirks == Q_NOQUIRKS) {
    pop_through(p, (uint32_t)idx);
  } else { /* either way, a <p> there is never closed by a tag again */
    p->st[idx].key = STICKY_KEY;
    p->open[T_P]--;
  }
}

/* The "in select" modes: a select is open with nothing but options and
 * optgroups above it (anything else there means our model and Gumbo may
 * differ: then no tag is ignored, the deeper reading). */
static int in_select(const pp *p) {
  if (!p->open[T_SELECT]) return 0;
  for (uint32_t i = p->depth; i-- > 0;) {
    uint32_t k = p->st[i].key;
    if (k == T_SELECT) return 1;
    if (k != T_OPTION && k != T_OPTGROUP) return 0;
  }
  return 0;
}

/* "in select": 1 when the tree builder ignores start tag id there (an
 * open <select> that start tags of id cannot close). */
static int select_ignores(pp *p, int id) {
  switch (id) {
  case T_OPTION:
  case T_OPTGROUP:
  case T_SCRIPT:
  case T_TEMPLATE:
    return 0;
  case T_SELECT:   /* acts as </select> */
  case T_INPUT:    /* closes the select, then as usual */
  case T_KEYGEN:
  case T_TEXTAREA:
    break;
  default:
    /* table parts close a select inside a table; all else is ignored */
    if (id < 0 || !(tagdefs[id].flags & F_TCTX) || !p->open[T_TABLE])
      return 1;
    break;
  }
  long idx = find_open(p, T_SELECT, 0, 0, 0);
  if (idx >= 0) pop_through(p, (uint32_t)idx);
  return id == T_SELECT;
}

/* End tags "in select": 1 when handled here (most are ignored), 0 for a
 * table part that closes the select first and then goes on as usual. */
static int select_end(pp *p, int id) {
  uint32_t top = top_key(p);
  switch (id) {
  case T_OPTION:
    if (top == T_OPTION) pop1(p);
    return 1;
  case T_OPTGROUP:
    if (top == T_OPTION && p->depth >= 2 &&
        p->st[p->depth - 2].key == T_OPTGROUP)
      pop1(p);
    if (top_key(p) == T_OPTGROUP) pop1(p);
    return 1;
  case T_SELECT: {
    long idx = find_open(p, T_SELECT, 0, 0, 0);
    if (idx >= 0) pop_through(p, (uint32_t)idx);
    return 1;
  }
  default:
    if (id >= 0 && (tagdefs[id].flags & F_TCTX) && p->open[id]) {
      long t = find_open(p, (uint32_t)id, 0, F_TSCOPE, 0);
      if (t >= 0 || t == -2) { /* "in select in table": closes the select */
        long idx = find_open(p, T_SELECT, 0, 0, 0);
        if (idx >= 0) pop_through(p, (uint32_t)idx);
        if (t >= 0) return 0; /* then on as usual */
        /* unsure whether it goes on: the select is closed (what follows
           is not ignored: the deeper reading), and the model unsure */
        enter_unsure(p, p->depth);
        return 1;
      }
    }
    return 1; /* ignored */
  }
}

/* Nearest open element of a name Gumbo does not know, before any special
 * element, or -1. */
static long find_unknown(const pp *p) {
  uint32_t lo = p->depth > WN_WINDOW ? p->depth - WN_WINDOW : 0;
  for (uint32_t i = p->depth; i-- > lo;) {
    uint32_t k = p->st[i].key;
    if (k & UNKNOWN_BIT) return (long)i;
    if (eflags(p, i) & F_SPECIAL) return -1;
  }
  return -1;
}

/* </form> removes the form element pointed to, if in scope, and only it:
 * what it holds stays open (and one deeper: it is left as a ghost).
 * implied: first close p, li... at the top (not when the current node is
 * inside an svg, which we do not model). */
static void form_end(pp *p, int implied) {
  uint32_t serial = p->form;
  p->form = 0;
  if (!serial) return;
  uint32_t lo = p->depth > WN_WINDOW ? p->depth - WN_WINDOW : 0;
  for (uint32_t i = p->depth; i-- > lo;) {
    if (p->st[i].serial == serial) {
      if (implied)
        while (kflags(top_key(p)) & F_IMPLIED) pop1(p); /* not the form */
      if (i + 1 == p->depth && implied) {
        pop1(p);
      } else {
        p->st[i].key = GHOST_KEY;
        p->open[T_FORM]--;
      }
      return;
    }
    if (eflags(p, i) & F_SCOPE) return;
  }
}

/* A start tag outside raw text, svg, math, template: 1 to write it, 0 to
 * drop it (limits). */
static int start_tag(pp *p, const tag *t) {
  int id = t->id;
  uint32_t f = id >= 0 ? tagdefs[id].flags : 0;
  int implied = 0;
  /* from the adoption agency, done once the tag stays */
  long sticky = -1, sticky_one = -1;
  snapshot before;
  snap(p, &before);
  /* maybe in foreign content: there are no implied end tags, no void
   * elements, and "/>" closes; maybe not.  The deeper reading is that
   * everything nests (even where HTML rules would close something: what
   * they close depends on what is open, which is unsure too). */
  int foreign = p->unsure;
  if (p->fs_mode && !foreign) {
    if (id != T_FRAMESET || !p->open[T_FRAMESET])
      return 1; /* ignored there (frame is void) */
    if (p->depth + 1 > p->limit) {
      ph_add(p, t->key);
      p->warn |= WINNOW_WARN_DEPTH;
      return 0;
    }
    push(p, t->key, 0);
    return 1;
  }
  if (id == T_FRAMESET && !foreign) {
    if (!p->fs_ok) return 1; /* ignored */
    pop_through(p, 0);        /* replaces the body */
    p->fmt.n = 0;
    p->nms = 0;
    push(p, t->key, 0);
    p->fs_mode = 1;
    return 1;
  }
  if (!(f & F_NOSTACK) && id != T_FRAME) p->fs_ok = 0;
  if (!foreign && p->open[T_SELECT]) {
    if (in_select(p)) {
      if (select_ignores(p, id)) return 1;
    } else { /* something the select would have ignored is open */
      enter_unsure(p, p->depth);
      foreign = 1;
    }
  }
  if (foreign) f &= F_FMT;
  if (id >= 0 && !foreign) {
    if (f & F_NOSTACK) return 1;
    if (id == T_FORM && p->form) return 1; /* a form is pending: ignored */
    if ((f & F_CLOSEP) && p->open[T_P]) close_p(p);
    if ((f & F_HEADING) && (kflags(top_key(p)) & F_HEADING)) pop1(p);
    switch (id) {
    case T_LI:
      if (p->open[T_LI]) {
        long idx = find_open(p, T_LI, 0, F_SPECIAL, F_ADP);
        if (idx >= 0) pop_through(p, (uint32_t)idx);
      }
      break;
    case T_DD:
    case T_DT:
      if (p->open[T_DD] || p->open[T_DT]) {
        long idx = find_open(p, UINT32_MAX, F_DDDT, F_SPECIAL, F_ADP);
        if (idx >= 0) pop_through(p, (uint32_t)idx);
      }
      break;
    case T_A:
      adopt(p, T_A, &sticky, &sticky_one);
      break;
    case T_NOBR:
      if (p->open[T_NOBR]) adopt(p, T_NOBR, &sticky, &sticky_one);
      break;
    case T_BUTTON:
      if (p->open[T_BUTTON]) {
        long idx = find_open(p, T_BUTTON, 0, F_SCOPE, 0);
        if (idx >= 0) pop_through(p, (uint32_t)idx);
      }
      break;
    case T_OPTGROUP:
      if (top_key(p) == T_OPTION) pop1(p);
      /* (only "in select" does it close an optgroup) */
      if (top_key(p) == T_OPTGROUP && in_select(p)) pop1(p);
      break;
    case T_OPTION:
      if (top_key(p) == T_OPTION) pop1(p);
      break;
    case T_RB:
    case T_RTC:
    case T_RP:
    case T_RT:
      /* implied end tags (rt, rp: but rtc), only with a ruby in scope */
      if (p->open[T_RUBY] && find_open(p, T_RUBY, 0, F_SCOPE, 0) >= 0)
        while ((kflags(top_key(p)) & F_IMPLIED) &&
               !((id == T_RT || id == T_RP) && top_key(p) == T_RTC))
          pop1(p);
      break;
    case T_TABLE:
      if (p->open[T_TABLE]) table_in_table(p);
      if (p->open[T_P]) table_closes_p(p);
      break;
    case T_TD:
    case T_TH:
      implied = table_part(p, 2);
      break;
    case T_TR:
      implied = table_part(p, 1);
      break;
    case T_TBODY:
    case T_THEAD:
    case T_TFOOT:
    case T_CAPTION:
    case T_COLGROUP:
      implied = table_part(p, 0);
      break;
    default:
      break;
    }
    if (implied == -2) { /* ignored or not, cannot tell: push, unsure */
      enter_unsure(p, p->depth);
      foreign = 1;
      f &= F_FMT;
      implied = 0;
    }
    if (implied < 0) return 1; /* Gumbo ignores it; harmless to keep */
  }
  /* inline content re-opens stale formatting elements (the tree builder
   * does it for phrasing start tags; doing it for a few more only
   * overestimates) */
  uint32_t stale = fmt_stale(p);
  int recon = stale && !(f & (F_CLOSEP | F_TCTX | F_NOSTACK)) &&
              id != T_LI && id != T_DD && id != T_DT;
  /* no implied end tag, adoption or select closed anything: end tags
   * written before this tag act as they would after its implied ones */
  int may_close = !foreign && p->depth == before.depth &&
                  p->nms == before.nms && p->fmt.n == before.fmt.n &&
                  sticky < 0 && sticky_one < 0;
  if (f & F_VOID) {
    if (recon) reopen(p, t->end, may_close);
    return 1;
  }
  uint32_t ident = 0;
  int fmt_full = 0, redundant = 0;
  if (f & F_FMT) {
    /* identity for Noah's Ark: the bytes after the name */
    ident = 2166136261u;
    for (size_t k = t->name_end; k < t->end; k++)
      ident = (ident ^ p->s[k]) * 16777619u;
    /* the index from tagdefs: in foreign content f keeps F_FMT alone */
    uint32_t fi = FMT_INDEX(tagdefs[id].flags);
    fmt_full = p->fmt.n >= WN_FMT_LIMIT && !fmt_absorbed(&p->fmt, fi, ident);
    /* Not <a>: its start tag has taken the earlier <a> out already, and
     * which link holds the text matters.  Not where the tag may leave an
     * svg (breakout, unsure): without it Gumbo would stay inside. */
    redundant = id != T_A && !p->breakout && !p->unsure &&
                fmt_redundant(p, fi, stale);
    /* Past the budget of clones, no new entry but a link's (which link
     * holds the text matters), and none close_stale() could not end:
     * the stale entries it ends must not come back with the next tag. */
    if (!p->breakout && !p->unsure)
      fmt_full |= (id != T_A && over_budget(p, t->end)) ||
                  fmt_owed(p, fi) > p->xroom;
  }
  uint32_t need = p->depth + (recon ? stale : 0) +
                  (uint32_t)implied + 1;
  if (need > p->limit || need > p->cap || fmt_full || redundant) {
    /* Gumbo will not see the tag, so none of what it implied happens */
    undo(p, &before);
    ph_add(p, t->key);
    if (!redundant) p->warn |= WINNOW_WARN_DEPTH; /* else nothing lost */
    return 0;
  }
  if (sticky >= 0) stickify(p, (uint32_t)sticky);
  if (sticky_one >= 0 && p->st[sticky_one].key == T_A) {
    p->st[sticky_one].key = STICKY_KEY;
    p->open[T_A]--;
  }
  if (recon) reopen(p, t->end, may_close);
  /* Gumbo inserts a tbody for a row, a tr for a cell, when missing. */
  if (implied == 2 || (implied == 1 && id == T_TR)) push(p, T_TBODY, 0);
  if (implied >= 1 && id != T_TR) push(p, T_TR, 0);
  push(p, t->key, ident);
  /* maybe a MathML/SVG integration point, which stops scope searches */
  if (foreign && id >= 0 && (tagdefs[id].flags & F_INTEG))
    p->st[p->depth - 1].serial |= STOP_BIT;
  if (id == T_FORM && !foreign) p->form = p->serial & ~STOP_BIT;
  return 1;
}

/* An end tag outside raw text, svg, math, template: 1 to write it, 0 to
 * drop it (its start tag was dropped). */
static int end_tag(pp *p, const tag *t) {
  if (p->nph && ph_take(p, t->key)) return 0;
  int id = t->id;
  uint32_t f = id >= 0 ? tagdefs[id].flags : 0;
  if ((f & F_NOSTACK) || id == T_BR) return 1;
  if (p->fs_mode && !p->unsure) {
    if (id == T_FRAMESET && top_key(p) == T_FRAMESET) pop1(p);
    return 1;
  }
  if (p->unsure) {
    /* Whatever the reading, an end tag naming the current node closes it
     * (a bare one: the caller sees to that); anything further down may
     * be there only in our reading. */
    if (top_key(p) == t->key) pop1(p);
    if (id == T_FORM) p->form = 0;
    return 1;
  }
  if (in_select(p) && select_end(p, id)) return 1;
  if (f & F_FMT) {
    /* (not in the list: the spec says "any other end tag"; Gumbo 0.10.1
       ignores it, as a Noah's Ark flood shows) */
    long sticky;
    adopt(p, id, &sticky, NULL);
    if (sticky >= 0) stickify(p, (uint32_t)sticky);
    return 1;
  }
  long idx;
  if (id == T_FORM) {
    form_end(p, 1);
    return 1;
  }
  if (!(f & F_SPECIAL)) {
    /* "any other end tag": the nearest of that name, unless a special
     * element comes first; Gumbo: any unknown name closes the nearest
     * element of any unknown name */
    if (id >= 0 && !p->open[id]) return 1;
    idx = id >= 0 ? find_open(p, t->key, 0, F_SPECIAL, 0) : find_unknown(p);
    /* a far reach through inline elements is where a small difference
     * between our stack and Gumbo's becomes a large one (fuzzing): past
     * 16 entries, close nothing (the deeper reading) */
    if (idx >= 0 && p->depth - (uint32_t)idx > 16) idx = -1;
  } else if (f & F_HEADING) {
    idx = find_open(p, UINT32_MAX, F_HEADING, F_SCOPE, 0);
  } else {
    if (!p->open[id]) return 1;
    uint32_t stop = F_SCOPE;
    if (id == T_P)
      stop |= F_BSCOPE;
    else if (id == T_LI)
      stop |= F_LSCOPE;
    else if (f & F_TCTX)
      stop = F_TSCOPE;
    idx = find_open(p, t->key, 0, stop, 0);
  }
  if (idx >= 0) {
    p->closing = p->st[idx].serial;
    pop_through(p, (uint32_t)idx);
    p->closing = 0;
  }
  return 1;
}

/*** Skipping: comments, raw text, foreign content ***/

/* After "<!--" at i: the end of the comment ("-->", "--!>", or the
 * abrupt "<!-->" and "<!--->"), or n when unclosed. */
static size_t comment_end(const uc *s, size_t n, size_t i) {
  size_t k = i + 4;
  if (k < n && s[k] == '>') return k + 1;
  if (k + 1 < n && s[k] == '-' && s[k + 1] == '>') return k + 2;
  while (k < n) {
    const uc *d = memchr(s + k, '-', n - k);
    if (!d) return n;
    k = (size_t)(d - s);
    if (k + 2 < n && s[k + 1] == '-') {
      if (s[k + 2] == '>') return k + 3;
      if (s[k + 2] == '!' && k + 3 < n && s[k + 3] == '>') return k + 4;
    }
    k++;
  }
  return n;
}

/* After "<![CDATA[" at i (foreign content): past "]]>", or n. */
static size_t cdata_end(const uc *s, size_t n, size_t i) {
  size_t k = i + 9;
  while (k < n) {
    const uc *d = memchr(s + k, ']', n - k);
    if (!d) return n;
    k = (size_t)(d - s);
    if (k + 2 < n && s[k + 1] == ']' && s[k + 2] == '>') return k + 3;
    k++;
  }
  return n;
}

/* Past the next '>' from i, or n. */
static size_t gt_end(const uc *s, size_t n, size_t i) {
  const uc *q = i < n ? memchr(s + i, '>', n - i) : NULL;
  return q ? (size_t)(q - s) + 1 : n;
}

/* Offset of the "</name" (any case) followed by whitespace, '/' or '>'
 * that ends raw text started at i, or n. */
/* "<script" or "</script" (skip 1 or 2) at s[i], then whitespace, '/' or
 * '>'. */
static int script_tag_at(const uc *s, size_t n, size_t i, size_t skip) {
  return i + skip + 6 < n && caseeq(s + i + skip, "script", 6) &&
         (cls[s[i + skip + 6]] & C_NAMEEND);
}

/* Where script data ends: its escape states ("<!--" ... "-->", and
 * "<script" inside them, until "</script") keep a "</script>" written in
 * an old-style document.write() from ending it, as the tokenizer does. */
static size_t script_end(const uc *s, size_t n, size_t i) {
  int state = 0; /* data, escaped, double escaped */
  size_t lt = i, dash = i; /* next '<' and '-' at or after them (n: none) */
  while (i < n) {
    if (state == 0) {
      const uc *q = memchr(s + i, '<', n - i);
      if (!q) return n;
      i = (size_t)(q - s);
      if (s[i + 1 < n ? i + 1 : i] == '/' && script_tag_at(s, n, i, 2))
        return i;
      if (i + 3 < n && s[i + 1] == '!' && s[i + 2] == '-' && s[i + 3] == '-') {
        state = 1;
        i += 2; /* the dashes may also close it: "<!-->" */
        continue;
      }
      i++;
      continue;
    }
    if (lt < i) {
      const uc *q = memchr(s + i, '<', n - i);
      lt = q ? (size_t)(q - s) : n;
    }
    if (dash < i) {
      const uc *q = memchr(s + i, '-', n - i);
      dash = q ? (size_t)(q - s) : n;
    }
    if (lt >= n && dash >= n) return n;
    if (dash < lt) {
      size_t k = dash;
      while (k < n && s[k] == '-') k++;
      i = k;
      if (k - dash >= 2 && k < n && s[k] == '>') {
        state = 0; /* "-->" */
        i++;
      }
      continue;
    }
    i = lt;
    if (s[i + 1 < n ? i + 1 : i] == '/' && script_tag_at(s, n, i, 2)) {
      if (state == 1) return i;
      state = 1; /* "</script>" ends only the double escape */
      i += 8;
    } else if (state == 1 && script_tag_at(s, n, i, 1)) {
      state = 2;
      i += 7;
    } else {
      i++;
    }
  }
  return n;
}

static size_t raw_end(const uc *s, size_t n, size_t i, const char *name) {
  size_t k = strlen(name);
  if (k == 6 && memcmp(name, "script", 6) == 0) return script_end(s, n, i);
  while (i < n) {
    const uc *q = memchr(s + i, '<', n - i);
    if (!q) return n;
    i = (size_t)(q - s);
    if (i + 2 + k < n && s[i + 1] == '/' && caseeq(s + i + 2, name, k) &&
        (cls[s[i + 2 + k]] & C_NAMEEND))
      return i;
    i++;
  }
  return n;
}

/* Raw text after the start tag t (which ends at t->end): writes the body
 * when keep, then the end tag.  Returns where scanning resumes. */
static size_t raw_text(pp *p, const tag *t, int keep, int write) {
  size_t e = raw_end(p->s, p->n, t->end, tagdefs[t->id].name);
  if (write && keep) put(p, p->s + t->end, e - t->end);
  if (e >= p->n) return p->n; /* runs to the end of input */
  tag et;
  scan_tag(p, e + 2, &et);
  if (et.eof) return p->n;
  if (write) emit_tag(p, e, &et);
  return et.end;
}

/* Names opened inside <svg>/<math>: a small open-addressing table. */
static wn_inner *inner_slot(pp *p, uint32_t key, int add) {
  uint32_t h = key * 2654435761u;
  for (uint32_t k = 0; k < WN_INNER_CAP; k++) {
    wn_inner *e = &p->fin[(h + k) & (WN_INNER_CAP - 1)];
    if (e->count && e->key == key) return e;
    if (!e->count) {
      if (!add) return NULL;
      e->key = key;
      return e;
    }
  }
  return NULL; /* full: untracked */
}

/*** Quirks mode (only to know whether <table> closes a <p>) ***/

/* w is a prefix of s[0..k), ignoring ASCII case on both sides. */
static int ci_prefix(const uc *s, size_t k, const char *w) {
  size_t wl = strlen(w);
  if (k < wl) return 0;
  for (size_t i = 0; i < wl; i++)
    if (lower(s[i]) != lower((uc)w[i])) return 0;
  return 1;
}

/* Reads a quoted identifier at d[*j]: 1 and its span, 0 when there is no
 * quote, -1 when '>' or the end comes first (the tokenizer then forces
 * quirks mode). */
static int doctype_id(const uc *d, size_t k, size_t *j, size_t *b,
                      size_t *len) {
  while (*j < k && (cls[d[*j]] & C_WS)) (*j)++;
  if (*j >= k || (d[*j] != '"' && d[*j] != '\'')) return 0;
  uc q = d[(*j)++];
  *b = *j;
  while (*j < k && d[*j] != q && d[*j] != '>') (*j)++;
  if (*j >= k || d[*j] == '>') return -1;
  *len = (*j)++ - *b;
  return 1;
}

/* Quirks mode from the doctype d[0..k) ("<!doctype" ... '>'), as Gumbo
 * 0.10.1 decides it: a missing or other name than "html", or a malformed
 * doctype, mean quirks.  Its lists of legacy public identifiers are
 * compared whole (the prefix lists too), so an ordinary legacy doctype
 * such as HTML 4.01 Transitional is not quirks there; an identifier that
 * might equal an entry leaves it Q_UNSURE. */
static int doctype_quirks(const uc *d, size_t k) {
  size_t j = 9, nb, pb = 0, pl = 0, sb = 0, sl = 0;
  int pub = 0, sys = 0;
  if (!k || d[k - 1] != '>') return Q_QUIRKS; /* cut by the end of input */
  k--;
  while (j < k && (cls[d[j]] & C_WS)) j++;
  nb = j;
  while (j < k && !(cls[d[j]] & C_WS)) j++;
  if (j - nb != 4 || !caseeq(d + nb, "html", 4)) return Q_QUIRKS;
  while (j < k && (cls[d[j]] & C_WS)) j++;
  if (ci_prefix(d + j, k - j, "public")) {
    j += 6;
    if ((pub = doctype_id(d, k, &j, &pb, &pl)) <= 0) return Q_QUIRKS;
    if ((sys = doctype_id(d, k, &j, &sb, &sl)) < 0) return Q_QUIRKS;
  } else if (ci_prefix(d + j, k - j, "system")) {
    j += 6;
    if ((sys = doctype_id(d, k, &j, &sb, &sl)) <= 0) return Q_QUIRKS;
  }
  while (j < k && (cls[d[j]] & C_WS)) j++;
  if (j < k) return Q_UNSURE; /* more than we read */
  if (sys && sl == 58 &&
      ci_prefix(d + sb, sl,
                "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd"))
    return Q_QUIRKS;
  if (pub && (pl < 5 || (d[pb + pl - 1] == '/' && d[pb + pl - 2] == '/') ||
              ci_prefix(d + pb, pl, "-/W3C/DTD HTML 4.0 Transitional/EN")))
    return Q_UNSURE;
  return Q_NOQUIRKS;
}

/* Text before any doctype makes quirks mode, and text clears
 * frameset-ok; whitespace does neither. */
static void text_decides(pp *p, size_t i, size_t j) {
  for (; i < j; i++)
    if (!(cls[p->s[i]] & C_WS)) {
      if (p->quirks == Q_UNDECIDED) p->quirks = Q_QUIRKS;
      p->fs_ok = 0;
      return;
    }
}

/* Leaves unsure mode once the element that held the svg/math closed. */
static void settle(pp *p) {
  if (p->unsure && p->depth < p->unsure_depth) p->unsure = 0;
}

/* Raw text in unsure mode: the body goes (it may be markup), the tags
 * stay.  A start tag Gumbo may see as a foreign element nests until a
 * bare end tag closes it. */
static size_t raw_unsure(pp *p, size_t b, const tag *t) {
  tag st = *t;
  st.id = -1; /* no HTML rules for it: nests */
  if (!start_tag(p, &st)) {
    guard(p, t->end);
    return t->end; /* dropped, and its text is markup or text: keep going */
  }
  emit_tag(p, b, t);
  size_t e = raw_end(p->s, p->n, t->end, tagdefs[t->id].name);
  if (e >= p->n) return p->n;
  tag et;
  scan_tag(p, e + 2, &et);
  if (et.eof) return p->n;
  emit_tag(p, e, &et);
  if (et.end == et.name_end + 1 && top_key(p) == t->key) pop1(p);
  return et.end;
}

/* Tokenizes s[i..n) and writes what is kept.  Returns in M_FOREIGN when
 * an <svg>/<math> was still open at the end of input. */
static void scan(pp *p, size_t i) {
  const uc *s = p->s;
  size_t n = p->n;
  while (i < n) {
    const uc *lt = memchr(s + i, '<', n - i);
    size_t j = lt ? (size_t)(lt - s) : n;
    if (p->mode == M_HTML && j > i) {
      if (p->fmt.n) reopen(p, j, 1);
      if (p->quirks == Q_UNDECIDED || p->fs_ok) text_decides(p, i, j);
      put(p, s + i, j - i);
    }
    i = j;
    if (i >= n) break;
    int html = p->mode == M_HTML;
    uc c = i + 1 < n ? s[i + 1] : 0;

    /* a tag or text before any doctype: quirks mode */
    if (html && p->quirks == Q_UNDECIDED &&
        (!(c == '!' || c == '?' || c == '/') ||
         (c == '/' && i + 2 < n && (cls[s[i + 2]] & C_ALPHA))))
      p->quirks = Q_QUIRKS;

    if (cls[c] & C_ALPHA) { /* start tag */
      tag t;
      scan_tag(p, i + 1, &t);
      if (t.eof) break; /* the tokenizer drops an unfinished tag */
      uint32_t f = t.id >= 0 ? tagdefs[t.id].flags : 0;

      if (p->mode == M_FOREIGN) {
        if (t.id == p->froot && !t.selfclose) {
          p->fnest++;
        } else if (is_breakout(&t, f) && p->finteg == 0) {
          /* an HTML element ends the foreign content: go on as HTML
           * from this very tag */
          p->mode = M_HTML;
          p->breakout = p->fvague ? 2 : 1;
          continue;
        } else if (!t.selfclose && !(f & F_VOID)) {
          wn_inner *e = inner_slot(p, t.key, 1);
          if (e)
            e->count++;
          else
            p->fvague = 1;
          if (f & F_INTEG) p->finteg++, p->fvague = 1;
        }
        i = t.end;
        continue;
      }
      if (p->mode == M_TEMPLATE) {
        if (t.id == T_TEMPLATE) p->tnest++;
        if (f & (F_RAWDROP | F_RAWKEEP))
          i = raw_text(p, &t, 0, 0);
        else if (t.id == T_PLAINTEXT)
          i = n;
        else
          i = t.end;
        continue;
      }

      /* M_HTML */
      int deeper = p->unsure;
      /* in a <select>, the tree builder ignores most start tags, and the
       * tokenizer then stays in its data state */
      int insel = in_select(p) && t.id != T_SCRIPT &&
                  t.id != T_TEXTAREA && t.id != T_TEMPLATE && !deeper;
      if (insel && (f & (F_RAWDROP | F_RAWKEEP) || t.id == T_SVG ||
                    t.id == T_MATH || t.id == T_PLAINTEXT)) {
        start_tag(p, &t); /* ignored there, or closes the select */
        emit_tag(p, i, &t);
        i = t.end;
      } else if (t.id == T_TEMPLATE) {
        /* its content goes, whatever Gumbo makes of it */
        emit_tag(p, i, &t);
        p->mode = M_TEMPLATE;
        p->tnest = 1;
        i = t.end;
      } else if (deeper && (f & (F_RAWDROP | F_RAWKEEP))) {
        i = raw_unsure(p, i, &t);
      } else if ((t.id == T_SVG || t.id == T_MATH) && p->noforeign &&
                 !p->unsure && !t.selfclose) {
        /* copied, not skipped: unsure while it is open */
        uint32_t d0 = p->depth;
        if (start_tag(p, &t)) {
          emit_tag(p, i, &t);
          if (p->depth > d0) enter_unsure(p, p->depth);
        } else {
          guard(p, t.end);
        }
        i = t.end;
      } else if ((t.id == T_SVG || t.id == T_MATH) && !p->noforeign &&
                 !p->unsure && (p->fs_ok = 0, !p->fs_mode)) {
        if (p->fmt.n) reopen(p, t.end, 1);
        emit_tag(p, i, &t);
        if (!t.selfclose) {
          p->mode = M_FOREIGN;
          p->froot = t.id;
          p->fnest = 1;
          p->finteg = 0;
          p->fstart = t.end;
          p->fol = p->ol;
          p->ffmt = p->fmt;
          p->fdepth = p->depth;
          p->fvague = 0;
          memset(p->fin, 0, sizeof p->fin);
        }
        i = t.end;
      } else if ((f & (F_RAWDROP | F_RAWKEEP)) && !deeper) {
        if (t.id != T_SCRIPT && t.id != T_STYLE && t.id != T_TITLE &&
            t.id != T_NOFRAMES)
          p->fs_ok = 0;
        uint32_t d0 = p->depth;
        if ((f & F_CLOSEP) && p->open[T_P]) close_p(p); /* <xmp> */
        if (t.id == T_TEXTAREA && in_select(p)) select_ignores(p, t.id);
        if (p->fmt.n) reopen(p, t.end, p->depth == d0);
        emit_tag(p, i, &t);
        int keep = (f & F_RAWKEEP) || (t.id == T_SCRIPT && t.ldjson);
        i = raw_text(p, &t, keep, 1);
      } else if (t.id == T_PLAINTEXT && !deeper) {
        /* everything after it is text */
        start_tag(p, &t);
        emit_tag(p, i, &t);
        put(p, s + t.end, n - t.end);
        i = n;
      } else {
        /* "/>" closes a foreign element at once: the deeper reading of a
         * self-closing tag in unsure mode is the HTML one (it stays open) */
        if (start_tag(p, &t)) {
          emit_tag(p, i, &t);
          if (p->breakout == 2) enter_unsure(p, p->fdepth);
        } else if (p->breakout) {
          p->mode = M_FOREIGN; /* Gumbo never sees it: still in the svg */
        } else {
          guard(p, t.end);
        }
        i = t.end;
      }
      p->breakout = 0;
      settle(p);
      continue;
    }

    if (c == '/') {
      if (i + 2 >= n) { /* "</" at the end is text */
        if (html) put(p, s + i, n - i);
        break;
      }
      uc c2 = s[i + 2];
      if (cls[c2] & C_ALPHA) { /* end tag */
        tag t;
        scan_tag(p, i + 2, &t);
        if (t.eof) break;
        /* Gumbo 0.10.1 matches end tags to foreign elements by their
         * source text: only a bare "</name>" closes one; "</svg >" or
         * "</svg/>" go to the HTML rules */
        int bare = t.end == t.name_end + 1;
        if (p->mode == M_FOREIGN) {
          wn_inner *e = NULL;
          if (bare && t.id == p->froot) {
            if (--p->fnest == 0) {
              emit_tag(p, i, &t);
              p->mode = M_HTML;
              /* a form taken out from under it is gone now */
              while (p->depth && p->st[p->depth - 1].key == GHOST_KEY)
                p->depth--;
            }
          } else if (bare && (e = inner_slot(p, t.key, 0)) != NULL) {
            e->count--;
            if (t.id >= 0 && (tagdefs[t.id].flags & F_INTEG) && p->finteg)
              p->finteg--;
          } else if (t.id == T_FORM) {
            /* takes the form element out from under the svg, leaving a
             * ghost (the svg is open above it) */
            if (!p->nph || !ph_take(p, t.key)) {
              form_end(p, 0);
              emit_tag(p, i, &t);
            }
          } else if (t.id >= 0) {
            /* no foreign element of that name: the HTML rules, which
             * close the svg only by closing an element that holds it.
             * (Unknown names are left alone: where Gumbo's "any unknown
             * closes any unknown" would take it, fuzzing found it does
             * not always; skipping on is the safe side.) */
            uint32_t d0 = p->depth;
            if (end_tag(p, &t)) {
              emit_tag(p, i, &t); /* what Gumbo makes of it, we did */
              if (p->depth < d0) p->mode = M_HTML;
            }
          }
          i = t.end;
          continue;
        }
        if (p->mode == M_TEMPLATE) {
          if (t.id == T_TEMPLATE && --p->tnest == 0) {
            emit_tag(p, i, &t);
            p->mode = M_HTML;
          }
          i = t.end;
          continue;
        }
        if (p->unsure && !bare) {
          /* it closes no foreign element, maybe an HTML one: closing
           * nothing is the deeper reading */
          emit_tag(p, i, &t);
        } else if (end_tag(p, &t)) {
          emit_tag(p, i, &t);
        } else {
          guard(p, t.end);
        }
        settle(p);
        i = t.end;
        continue;
      }
      /* "</>" is dropped; "</" + anything else is a bogus comment */
      size_t b = i;
      i = c2 == '>' ? i + 3 : gt_end(s, n, i + 2);
      if (html) drop_comment(p, b, i);
      continue;
    }

    if (c == '!') {
      size_t b = i;
      int cdata = n - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0;
      if (i + 3 < n && s[i + 2] == '-' && s[i + 3] == '-') {
        i = comment_end(s, n, i);
      } else if (cdata && p->mode == M_FOREIGN) {
        i = cdata_end(s, n, i); /* text in foreign content: skipped */
        continue;
      } else if (cdata && p->unsure) {
        /* text in foreign content, a bogus comment up to the first '>'
         * in HTML: dropping it all is safe in both readings */
        i = cdata_end(s, n, i);
        guard(p, i);
        continue;
      } else if (html && n - i >= 9 && caseeq(s + i + 2, "doctype", 7)) {
        size_t e = gt_end(s, n, i + 9);
        put(p, s + i, e - i); /* decides quirks mode: keep */
        if (p->quirks == Q_UNDECIDED) p->quirks = doctype_quirks(s + i, e - i);
        i = e;
        continue;
      } else {
        i = gt_end(s, n, i + 2);
      }
      if (html) drop_comment(p, b, i);
      continue;
    }

    if (c == '?') {
      size_t b = i;
      i = gt_end(s, n, i + 2);
      if (html) drop_comment(p, b, i);
      continue;
    }

    /* '<' before anything else is text */
    if (html) put(p, s + i, 1);
    i++;
  }
}

winnow_status wn_prepass(wn_arena *a, const char *in, size_t len,
                         const wn_limits *lim, const char **out,
                         size_t *out_len, unsigned *warnings) {
  if (out) *out = NULL;
  if (out_len) *out_len = 0;
  if (warnings) *warnings = 0;
  if (!a || !out || !out_len || !warnings || (!in && len))
    return WINNOW_E_INVALID;
  if (len == SIZE_MAX) return WINNOW_E_NOMEM;

  pp p;
  memset(&p, 0, sizeof p);
  p.s = in ? (const uc *)in : (const uc *)"";
  p.n = len;
  unsigned md = lim && lim->max_depth ? lim->max_depth : WN_DEFAULT_DEPTH;
  if (md > WN_DEPTH_CLAMP) md = WN_DEPTH_CLAMP;
  p.limit = md > WN_RESERVED ? md - WN_RESERVED : 1;
  p.max_attrs = lim && lim->max_attrs ? lim->max_attrs : WN_DEFAULT_ATTRS;
  /* Each push needs a tag of at least 3 bytes ("<a>") or, with the
   * implied tbody and tr, "<td>" after a "<table>". */
  size_t cap = len / 2 + 8;
  p.cap = cap < p.limit ? (uint32_t)cap : p.limit;
  p.capx = p.cap + WN_FMT_LIMIT;
  p.phcap = len / 3 + 1 < WN_PH_CAP ? (uint32_t)(len / 3 + 1) : WN_PH_CAP;

  p.xroom = len / WN_SYNTH_BYTES + WN_SYNTH_FREE;
  if (len > SIZE_MAX - 1 - p.xroom) return WINNOW_E_NOMEM;
  p.ocap = len + p.xroom;
  p.o = wn_arena_alloc(a, p.ocap + 1);
  p.st = wn_arena_alloc(a, (size_t)p.capx * sizeof *p.st);
  p.ms = wn_arena_alloc(a, (size_t)p.cap * sizeof *p.ms);
  p.ph = wn_arena_alloc(a, (size_t)p.phcap * sizeof *p.ph);
  if (!p.o || !p.st || !p.ms || !p.ph) return WINNOW_E_NOMEM;

  p.mode = M_HTML;
  p.fs_ok = 1;
  scan(&p, 0);
  if (p.mode == M_FOREIGN) {
    /* An <svg> or <math> never closed.  Whether Gumbo left it somewhere
     * (a tag we did not recognise as ending it) cannot be known any more,
     * and browsers keep the rest of the page inside it only when nothing
     * ends it.  Rather than lose the rest of the page, go back and copy
     * it, unsure, with no more skipping of svg/math: at most two passes. */
    p.mode = M_HTML;
    p.ol = p.fol;   /* end tags kept inside it are written again */
    p.fmt = p.ffmt; /* ... and their effect on the list redone */
    p.noforeign = 1;
    if (p.depth < p.capx) push(&p, (uint32_t)p.froot, 0); /* written */
    enter_unsure(&p, p.depth);
    scan(&p, p.fstart);
  }

  p.o[p.ol] = '\0';
  *out = p.o;
  *out_len = p.ol;
  *warnings = p.warn;
  return WINNOW_OK;
}
