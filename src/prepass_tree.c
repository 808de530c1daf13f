/* Stage 1b, pre-pass, the tree model: what Gumbo 0.10.1's tree builder
 * makes of the tags the tokenizer (prepass.c) hands it, habits included,
 * reduced to the depth of what it builds.  It owns the modelled stack,
 * the list of active formatting elements and the phantoms (their types
 * are in prepass_int.h), and writes nothing but the end tags of
 * close_stale() (through put()).  It calls nothing of the tokenizer.
 *
 * The model has to keep Gumbo's real depth within max_depth (give or
 * take WN_FMT_LIMIT), and
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
 *
 * Nothing here allocates, prints, or keeps state between calls: the
 * tables are const. */
#include "prepass_int.h"

/*** Known tags ***/

/* The formatting tags by list index (FMTI). */
static const uint8_t fmt_tag[NFMT] = {T_A,      T_B,     T_BIG,    T_CODE,  T_EM,
                                     T_FONT,   T_I,     T_NOBR,   T_S,     T_SMALL,
                                     T_STRIKE, T_STRONG, T_TT,    T_U};

#define X_DEF(id, name, flags) {name, flags},
const wn_tagdef wn_pp_tags[T_COUNT] = {WN_TAGS(X_DEF)};
#undef X_DEF

#undef SP
#undef CP
#undef BO
#undef VD
#undef SC
#undef TC

static uint32_t kflags(uint32_t key) {
  if (key < T_COUNT) return wn_pp_tags[key].flags;
  return key == GHOST_KEY || key == STICKY_KEY ? F_STOPALL : 0;
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
void wn_pp_push(pp *p, uint32_t key, uint32_t ident) {
  wn_entry *e = &p->st[p->depth++];
  e->key = key;
  e->serial = ++p->serial & ~STOP_BIT;
  if (key >= T_COUNT) return;
  uint32_t f = wn_pp_tags[key].flags;
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
void wn_pp_pop1(pp *p) {
  wn_entry e = p->st[--p->depth];
  /* a ghost goes with the last element it held */
  while (p->depth && p->st[p->depth - 1].key == GHOST_KEY) p->depth--;
  if (e.key >= T_COUNT) return;
  p->open[e.key]--;
  if ((wn_pp_tags[e.key].flags & F_MARKER) &&
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
  size_t k = strlen(wn_pp_tags[fmt_tag[fi]].name) + 3;
  for (uint32_t j = 0; j < p->fmt.n; j++)
    k += strlen(wn_pp_tags[fmt_tag[p->fmt.e[j].fi]].name) + 3;
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
    need += strlen(wn_pp_tags[fmt_tag[l->e[at].fi]].name) + 3;
  }
  if (!k || need > p->xroom) return 0;
  p->xroom -= need;
  for (uint32_t j = 0; j < k; j++) {
    const char *name = wn_pp_tags[fmt_tag[l->e[--l->n].fi]].name;
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
void wn_pp_reopen(pp *p, size_t at, int may_close) {
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
  while (p->depth > idx) wn_pp_pop1(p);
}

uint32_t wn_pp_top_key(const pp *p) {
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
  uint32_t fi = FMT_INDEX(wn_pp_tags[id].flags), j = l->n;
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

int wn_pp_ph_take(pp *p, uint32_t key) {
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
void wn_pp_enter_unsure(pp *p, uint32_t depth) {
  if (!p->unsure) {
    p->unsure = 1;
    p->unsure_depth = depth;
  }
}

void wn_pp_close_p(pp *p) {
  long idx = find_open(p, T_P, 0, F_SCOPE | F_BSCOPE, 0);
  if (idx >= 0) pop_through(p, (uint32_t)idx);
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
int wn_pp_in_select(const pp *p) {
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
int wn_pp_select_ignores(pp *p, int id) {
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
    if (id < 0 || !(wn_pp_tags[id].flags & F_TCTX) || !p->open[T_TABLE])
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
  uint32_t top = wn_pp_top_key(p);
  switch (id) {
  case T_OPTION:
    if (top == T_OPTION) wn_pp_pop1(p);
    return 1;
  case T_OPTGROUP:
    if (top == T_OPTION && p->depth >= 2 &&
        p->st[p->depth - 2].key == T_OPTGROUP)
      wn_pp_pop1(p);
    if (wn_pp_top_key(p) == T_OPTGROUP) wn_pp_pop1(p);
    return 1;
  case T_SELECT: {
    long idx = find_open(p, T_SELECT, 0, 0, 0);
    if (idx >= 0) pop_through(p, (uint32_t)idx);
    return 1;
  }
  default:
    if (id >= 0 && (wn_pp_tags[id].flags & F_TCTX) && p->open[id]) {
      long t = find_open(p, (uint32_t)id, 0, F_TSCOPE, 0);
      if (t >= 0 || t == -2) { /* "in select in table": closes the select */
        long idx = find_open(p, T_SELECT, 0, 0, 0);
        if (idx >= 0) pop_through(p, (uint32_t)idx);
        if (t >= 0) return 0; /* then on as usual */
        /* unsure whether it goes on: the select is closed (what follows
           is not ignored: the deeper reading), and the model unsure */
        wn_pp_enter_unsure(p, p->depth);
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
void wn_pp_form_end(pp *p, int implied) {
  uint32_t serial = p->form;
  p->form = 0;
  if (!serial) return;
  uint32_t lo = p->depth > WN_WINDOW ? p->depth - WN_WINDOW : 0;
  for (uint32_t i = p->depth; i-- > lo;) {
    if (p->st[i].serial == serial) {
      if (implied)
        while (kflags(wn_pp_top_key(p)) & F_IMPLIED) wn_pp_pop1(p); /* not the form */
      if (i + 1 == p->depth && implied) {
        wn_pp_pop1(p);
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
int wn_pp_start_tag(pp *p, const tag *t) {
  int id = t->id;
  uint32_t f = id >= 0 ? wn_pp_tags[id].flags : 0;
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
    wn_pp_push(p, t->key, 0);
    return 1;
  }
  if (id == T_FRAMESET && !foreign) {
    if (!p->fs_ok) return 1; /* ignored */
    pop_through(p, 0);        /* replaces the body */
    p->fmt.n = 0;
    p->nms = 0;
    wn_pp_push(p, t->key, 0);
    p->fs_mode = 1;
    return 1;
  }
  if (!(f & F_NOSTACK) && id != T_FRAME) p->fs_ok = 0;
  if (!foreign && p->open[T_SELECT]) {
    if (wn_pp_in_select(p)) {
      if (wn_pp_select_ignores(p, id)) return 1;
    } else { /* something the select would have ignored is open */
      wn_pp_enter_unsure(p, p->depth);
      foreign = 1;
    }
  }
  if (foreign) f &= F_FMT;
  if (id >= 0 && !foreign) {
    if (f & F_NOSTACK) return 1;
    if (id == T_FORM && p->form) return 1; /* a form is pending: ignored */
    if ((f & F_CLOSEP) && p->open[T_P]) wn_pp_close_p(p);
    if ((f & F_HEADING) && (kflags(wn_pp_top_key(p)) & F_HEADING)) wn_pp_pop1(p);
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
      if (wn_pp_top_key(p) == T_OPTION) wn_pp_pop1(p);
      /* (only "in select" does it close an optgroup) */
      if (wn_pp_top_key(p) == T_OPTGROUP && wn_pp_in_select(p)) wn_pp_pop1(p);
      break;
    case T_OPTION:
      if (wn_pp_top_key(p) == T_OPTION) wn_pp_pop1(p);
      break;
    case T_RB:
    case T_RTC:
    case T_RP:
    case T_RT:
      /* implied end tags (rt, rp: but rtc), only with a ruby in scope */
      if (p->open[T_RUBY] && find_open(p, T_RUBY, 0, F_SCOPE, 0) >= 0)
        while ((kflags(wn_pp_top_key(p)) & F_IMPLIED) &&
               !((id == T_RT || id == T_RP) && wn_pp_top_key(p) == T_RTC))
          wn_pp_pop1(p);
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
      wn_pp_enter_unsure(p, p->depth);
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
    if (recon) wn_pp_reopen(p, t->end, may_close);
    return 1;
  }
  uint32_t ident = 0;
  int fmt_full = 0, redundant = 0;
  if (f & F_FMT) {
    /* identity for Noah's Ark: the bytes after the name */
    ident = 2166136261u;
    for (size_t k = t->name_end; k < t->end; k++)
      ident = (ident ^ p->s[k]) * 16777619u;
    /* the index from wn_pp_tags: in foreign content f keeps F_FMT alone */
    uint32_t fi = FMT_INDEX(wn_pp_tags[id].flags);
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
  if (recon) wn_pp_reopen(p, t->end, may_close);
  /* Gumbo inserts a tbody for a row, a tr for a cell, when missing. */
  if (implied == 2 || (implied == 1 && id == T_TR)) wn_pp_push(p, T_TBODY, 0);
  if (implied >= 1 && id != T_TR) wn_pp_push(p, T_TR, 0);
  wn_pp_push(p, t->key, ident);
  /* maybe a MathML/SVG integration point, which stops scope searches */
  if (foreign && id >= 0 && (wn_pp_tags[id].flags & F_INTEG))
    p->st[p->depth - 1].serial |= STOP_BIT;
  if (id == T_FORM && !foreign) p->form = p->serial & ~STOP_BIT;
  return 1;
}

/* An end tag outside raw text, svg, math, template: 1 to write it, 0 to
 * drop it (its start tag was dropped). */
int wn_pp_end_tag(pp *p, const tag *t) {
  if (p->nph && wn_pp_ph_take(p, t->key)) return 0;
  int id = t->id;
  uint32_t f = id >= 0 ? wn_pp_tags[id].flags : 0;
  if ((f & F_NOSTACK) || id == T_BR) return 1;
  if (p->fs_mode && !p->unsure) {
    if (id == T_FRAMESET && wn_pp_top_key(p) == T_FRAMESET) wn_pp_pop1(p);
    return 1;
  }
  if (p->unsure) {
    /* Whatever the reading, an end tag naming the current node closes it
     * (a bare one: the caller sees to that); anything further down may
     * be there only in our reading. */
    if (wn_pp_top_key(p) == t->key) wn_pp_pop1(p);
    if (id == T_FORM) p->form = 0;
    return 1;
  }
  if (wn_pp_in_select(p) && select_end(p, id)) return 1;
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
    wn_pp_form_end(p, 1);
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

/* Leaves unsure mode once the element that held the svg/math closed. */
void wn_pp_settle(pp *p) {
  if (p->unsure && p->depth < p->unsure_depth) p->unsure = 0;
}

