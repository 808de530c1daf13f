/* Per-node flags and text counts in two linear passes. */
#include "feature.h"

#include "explain.h"

#include <string.h>
#include <utf8proc.h>

/*** Text counting ***/

enum { C_SPACE, C_WORD, C_COMMA, C_STOP, C_PUNCT };

static const unsigned char ascii_class[128] = {
    /* 0x00-0x1f: controls count as space */
    [0 ... 31] = C_SPACE,
    [' '] = C_SPACE,
    ['!'] = C_STOP, ['"'] = C_PUNCT, ['#'] = C_PUNCT, ['$'] = C_PUNCT,
    ['%'] = C_PUNCT, ['&'] = C_PUNCT, ['\''] = C_PUNCT, ['('] = C_PUNCT,
    [')'] = C_PUNCT, ['*'] = C_PUNCT, ['+'] = C_PUNCT, [','] = C_COMMA,
    ['-'] = C_PUNCT, ['.'] = C_STOP, ['/'] = C_PUNCT,
    ['0' ... '9'] = C_WORD,
    [':'] = C_PUNCT, [';'] = C_COMMA, ['<'] = C_PUNCT, ['='] = C_PUNCT,
    ['>'] = C_PUNCT, ['?'] = C_STOP, ['@'] = C_PUNCT,
    ['A' ... 'Z'] = C_WORD,
    ['['] = C_PUNCT, ['\\'] = C_PUNCT, [']'] = C_PUNCT, ['^'] = C_PUNCT,
    ['_'] = C_WORD, ['`'] = C_PUNCT,
    ['a' ... 'z'] = C_WORD,
    ['{'] = C_PUNCT, ['|'] = C_PUNCT, ['}'] = C_PUNCT, ['~'] = C_PUNCT,
    [127] = C_SPACE,
};

/* Decodes one UTF-8 sequence; invalid bytes decode as U+FFFD, one byte. */
static int32_t utf8_next(const unsigned char **pp, const unsigned char *e) {
  const unsigned char *p = *pp;
  utf8proc_int32_t cp;
  utf8proc_ssize_t n = utf8proc_iterate(p, e - p, &cp);
  if (n <= 0) {
    *pp = p + 1;
    return 0xFFFD;
  }
  *pp = p + n;
  return cp;
}

static int is_cjk(int32_t c) {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x3FFFF);
}

void wn_count_text(wn_count *c, const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s, *e = p + len;
  int in_word = 0;
  while (p < e) {
    unsigned ch = *p;
    if (ch < 0x80) {
      p++;
      switch (ascii_class[ch]) {
      case C_SPACE: in_word = 0; continue;
      case C_WORD:
        if (!in_word) c->words++;
        in_word = 1;
        break;
      case C_COMMA: c->commas++; in_word = 0; break;
      case C_STOP: c->stops++; in_word = 0; break;
      default: in_word = 0; break;
      }
      c->chars++;
      continue;
    }
    int32_t cp = utf8_next(&p, e);
    if (is_cjk(cp)) {
      c->chars++;
      c->cjk++;
      c->words++;
      in_word = 0;
      continue;
    }
    switch (cp) { /* punctuation of other scripts that marks sentences */
    case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF0E: case 0x061F:
    case 0x06D4: case 0x0964: case 0x2026:
      c->stops++;
      c->chars++;
      in_word = 0;
      continue;
    case 0xFF0C: case 0x3001: case 0x060C: case 0xFF1B: case 0x061B:
      c->commas++;
      c->chars++;
      in_word = 0;
      continue;
    }
    utf8proc_category_t cat = utf8proc_category(cp);
    switch (cat) {
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
      in_word = 0;
      break;
    case UTF8PROC_CATEGORY_CF: /* zero-width and other format characters */
      break;
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ND:
      if (!in_word) c->words++;
      in_word = 1;
      c->chars++;
      break;
    default:
      in_word = 0;
      c->chars++;
      break;
    }
  }
}

static void count_add(wn_count *d, const wn_count *s) {
  d->chars += s->chars;
  d->cjk += s->cjk;
  d->link += s->link;
  d->words += s->words;
  d->commas += s->commas;
  d->stops += s->stops;
}

/*** class / id / role words ***/

typedef struct word_rule {
  const char *w;
  uint32_t flags;
} word_rule;

#define NEG WN_F_NEG
#define POS WN_F_POS
#define PST (WN_F_POS | WN_F_POST) /* names a post's own body, not any content area */
#define COM (WN_F_COMMENTS | WN_F_NEG | WN_F_STRONG)
#define STR (WN_F_NEG | WN_F_STRONG)
#define CAP WN_F_CAPTION
#define MET (WN_F_META | WN_F_NEG)
#define EMB WN_F_EMBED
#define HID WN_F_DROP /* shown only on hover: tooltips, hover cards */
/* A box word page builders also use for layout, one box per part of the
 * article: select weighs it on the page (WN_F_NAMENEG).  Never returned. */
#define LAYOUT (1u << 31)
#define LAY (NEG | LAYOUT)
/* A name for a part beside the article's body (its header, a teaser of
 * it): select may join such a part when it holds prose.  Never returned. */
#define EDGE (1u << 30)
#define EDG (NEG | EDGE)

/* Sub-words of class and id values (split at '-', '_', digits and
 * camelCase), lower-cased.  Kept sorted for bsearch.  English, and the
 * plain German, French, Spanish and Italian words sites use for ads,
 * comment sections and share bars ("werbung", "commentaires",
 * "compartir"); not the singular "kommentar", which also names an
 * opinion piece. */
static const word_rule words[] = {
    {"ad", NEG}, {"ads", NEG}, {"adsense", NEG}, {"adslot", NEG},
    {"adv", NEG}, {"advert", NEG}, {"advertisement", NEG},
    {"advertising", NEG}, {"affiliate", NEG}, {"also", NEG}, {"anzeige", NEG},
    {"article", PST}, {"articlebody", PST}, {"attribution", MET},
    {"author", MET}, {"authors", MET}, {"avatar", MET}, {"banner", NEG},
    {"bio", NEG}, {"blog", POS}, {"body", POS}, {"breadcrumb", NEG},
    {"breadcrumbs", NEG}, {"buy", NEG}, {"by", MET}, {"byline", MET},
    {"caption", CAP}, {"careers", NEG}, {"comentarios", COM},
    {"comment", COM}, {"commentaires", COM}, {"commenti", COM},
    {"commentlist", COM}, {"comments", COM}, {"community", NEG},
    {"compartir", NEG}, {"condividi", NEG}, {"consent", STR},
    {"content", POS}, {"cookie", STR}, {"cookies", STR}, {"coupon", NEG},
    {"credit", CAP}, {"credits", CAP}, {"cta", NEG}, {"dateline", MET},
    {"deal", NEG}, {"deals", NEG}, {"dek", MET}, {"disqus", COM},
    {"donate", NEG}, {"embed", EMB}, {"embedded", EMB}, {"entry", PST},
    {"eyebrow", MET}, {"feedback", NEG}, {"figcaption", CAP}, {"follow", NEG},
    {"footer", STR}, {"gdpr", STR}, {"header", EDG}, {"hed", MET}, {"hentry", PST},
    {"hovercard", HID}, {"jobs", NEG}, {"kicker", MET}, {"kommentare", COM},
    {"login", NEG}, {"main", POS}, {"masthead", NEG}, {"menu", NEG},
    {"meta", MET}, {"modal", NEG}, {"nav", NEG}, {"navbar", NEG},
    {"navigation", NEG}, {"newsletter", NEG}, {"outbrain", NEG},
    {"pager", NEG}, {"pagination", NEG}, {"partage", NEG}, {"poll", NEG},
    {"popover", HID}, {"popular", NEG}, {"popup", NEG}, {"post", PST},
    {"postmeta", MET}, {"price", NEG}, {"prices", NEG}, {"pricing", NEG},
    {"print", NEG}, {"promo", NEG}, {"promoted", NEG}, {"promotion", NEG},
    {"prose", POS}, {"pubblicita", NEG}, {"publicidad", NEG},
    {"publicite", NEG}, {"rating", NEG}, {"recommend", NEG},
    {"recommendations", NEG}, {"recommended", NEG}, {"register", NEG},
    {"relacionadas", NEG}, {"relacionados", NEG}, {"related", NEG},
    {"replies", COM}, {"respond", COM}, {"richtext", POS}, {"rollover", HID},
    {"rss", NEG}, {"share", NEG}, {"sharing", NEG}, {"shop", NEG},
    {"shopping", NEG}, {"sidebar", NEG}, {"signature", MET}, {"signin", NEG},
    {"signup", NEG}, {"skip", NEG}, {"social", NEG}, {"sponsor", NEG},
    {"sponsored", NEG}, {"standfirst", MET}, {"story", PST},
    {"strapline", MET}, {"subheadline", MET}, {"subscribe", NEG},
    {"subscription", NEG}, {"subtitle", MET}, {"survey", NEG},
    {"taboola", NEG}, {"tag", MET}, {"tagcloud", MET}, {"tags", MET},
    {"teaser", EDG}, {"teilen", NEG}, {"text", POS}, {"timestamp", MET},
    {"toolbar", NEG}, {"tooltip", HID}, {"trending", NEG}, {"tweet", EMB},
    {"user", MET}, {"userinfo", MET}, {"username", MET}, {"werbung", NEG},
    {"widget", LAY}, {"widgets", LAY},
};

/* Whole class tokens (split at spaces only) with a fixed meaning.  What
 * a page hides when printed is furniture (ads, menus, share bars). */
static const word_rule tokens[] = {
    {"a11y-hidden", WN_F_SRONLY},     {"assistive-text", WN_F_SRONLY},
    {"d-none", WN_F_DROP},            {"element-invisible", WN_F_SRONLY},
    {"hidden", WN_F_DROP},            {"hide", WN_F_DROP},
    {"is-hidden", WN_F_DROP},         {"offscreen", WN_F_SRONLY},
    {"print:hidden", NEG},
    {"screen-reader-only", WN_F_SRONLY}, {"screen-reader-text", WN_F_SRONLY},
    {"sr-only", WN_F_SRONLY},         {"sr_only", WN_F_SRONLY},
    {"u-hidden-visually", WN_F_SRONLY}, {"visually-hidden", WN_F_SRONLY},
    {"visuallyhidden", WN_F_SRONLY},
    /* a site builder's mark on parts its conditions hide (display:none) */
    {"w-condition-invisible", WN_F_DROP},
};

static const word_rule *find(const word_rule *t, size_t n, const char *w) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcmp(w, t[mid].w);
    if (!c) return &t[mid];
    if (c < 0) hi = mid;
    else lo = mid + 1;
  }
  return NULL;
}

/* hit, when not NULL, receives the evidence --explain shows (explain.h). */
static uint32_t lookup(const word_rule *t, size_t n, const char *w, const char **hit) {
  const word_rule *r = find(t, n, w);
  if (r) wn_ex_word(hit, r->w, r->flags & ~(LAYOUT | EDGE));
  return r ? r->flags & ~(LAYOUT | EDGE) : 0;
}

int wn_names_sorted(void) {
  for (size_t i = 1; i < sizeof words / sizeof *words; i++)
    if (strcmp(words[i - 1].w, words[i].w) >= 0) return 0;
  for (size_t i = 1; i < sizeof tokens / sizeof *tokens; i++)
    if (strcmp(tokens[i - 1].w, tokens[i].w) >= 0) return 0;
  return 1;
}

unsigned wn_name_word_count(void) { return sizeof words / sizeof *words; }

/* Notes a negative sub-word's index, once. */
static void note_word(const word_rule *r, uint8_t *ids, unsigned *nids) {
  if (!ids || !(r->flags & LAYOUT)) return;
  uint8_t id = (uint8_t)(r - words + 1);
  for (unsigned k = 0; k < *nids && k < WN_NAME_WORDS; k++)
    if (ids[k] == id) return;
  if (*nids < WN_NAME_WORDS) ids[*nids] = id;
  if (*nids <= WN_NAME_WORDS) ++*nids;
}

uint32_t wn_classify_names(const char *s) { return wn_classify_names_ids(s, NULL, NULL, NULL); }

uint32_t wn_classify_names_hit(const char *s, const char **hit) {
  return wn_classify_names_ids(s, hit, NULL, NULL);
}

/* Blog engines write a post's categories, tags, author and format into its
 * wrapper's classes ("category-ads-and-promos", "tag-share-this",
 * "author-jane"): after these prefixes comes data, not a role. */
static int taxonomy(const char *t, size_t n) {
  static const char *const pre[] = {"category-", "tag-", "author-", "format-", "status-",
                                    "type-", NULL};
  for (int i = 0; pre[i]; i++) {
    size_t k = strlen(pre[i]);
    if (n > k && !memcmp(t, pre[i], k)) return 1;
  }
  return 0;
}

/* Length of the token t[0..n) without a CSS module's hash suffix: after
 * its last "__", up to 6 letters and digits of which one is upper-case or
 * a digit ("__adKqa", "__1FS9s", "__lKCo_"). */
static size_t css_module_name(const char *t, size_t n) {
  size_t k = n;
  while (k >= 2 && !(t[k - 1] == '_' && t[k - 2] == '_')) k--;
  if (k < 2 || k == n || n - k > 6) return n;
  int mixed = 0;
  for (size_t i = k; i < n; i++) {
    char ch = t[i];
    if ((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) mixed = 1;
    else if (!(ch >= 'a' && ch <= 'z') && ch != '_' && ch != '-') return n;
  }
  return mixed ? k - 2 : n;
}

/* Flags of one class token [start, end) (lower-cased copy in tok). */
static uint32_t classify_token(const char *tok, const char *start, const char *p,
                               const char **hit, uint8_t *ids, unsigned *nids, uint32_t ignore) {
  char sub[64];
  uint32_t flags = lookup(tokens, sizeof tokens / sizeof *tokens, tok, hit);
  /* a utility class's variant prefix ("print:", "lg:", "hover:") says
   * when the style applies, not what the element is */
  for (const char *q = start; q < p; q++)
    if (*q == ':') start = q + 1;
  /* a CSS module's hash after the last "__" ("table_root__adKqa") is no
   * word; a BEM element there ("post__body") is lower-case */
  p = start + css_module_name(start, (size_t)(p - start));
  /* sub-words: split at non-letters and at lower->Upper changes; one
   * that follows a digit is part of a number or a hash ("b53ad4",
   * "__1FS9s"), not a word */
  size_t sl = 0;
  int after_digit = 0;
  for (const char *q = start;; q++) {
    char ch = q < p ? *q : '\0';
    int upper = ch >= 'A' && ch <= 'Z', lower = ch >= 'a' && ch <= 'z';
    int boundary = !(upper || lower) ||
                   (upper && q > start && q[-1] >= 'a' && q[-1] <= 'z');
    if (boundary && sl) {
      sub[sl] = '\0';
      const word_rule *r = after_digit ? NULL : find(words, sizeof words / sizeof *words, sub);
      if (r && (r->flags & ignore)) r = NULL;
      if (r) {
        flags |= r->flags & ~(LAYOUT | EDGE);
        wn_ex_word(hit, r->w, r->flags & ~(LAYOUT | EDGE));
        note_word(r, ids, nids);
      }
      sl = 0;
    }
    if (q >= p) break;
    if (!sl) after_digit = q > start && q[-1] >= '0' && q[-1] <= '9';
    if ((upper || lower) && sl < sizeof sub - 1) sub[sl++] = (char)(upper ? ch + 32 : ch);
  }
  return flags;
}

/* One pass over the tokens of s; skip_taxonomy leaves out the tokens
 * after a taxonomy prefix.  *tax and *pos report whether there were such
 * tokens and plainly positive others (a post's own wrapper). */
static uint32_t classify_all(const char *s, int skip_taxonomy, const char **hit, uint8_t *ids,
                             unsigned *nids, int *tax, int *pos, uint32_t ignore) {
  uint32_t flags = 0;
  char tok[64];
  const char *p = s;
  while (*p) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f') p++;
    if (!*p) break;
    size_t tl = 0;
    const char *start = p;
    while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && *p != '\f') {
      if (tl < sizeof tok - 1) tok[tl++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
      p++;
    }
    tok[tl] = '\0';
    if (taxonomy(tok, tl)) {
      *tax = 1;
      if (skip_taxonomy) continue;
      flags |= classify_token(tok, start, p, hit, ids, nids, ignore);
      continue;
    }
    uint32_t fl = classify_token(tok, start, p, hit, ids, nids, ignore);
    if ((fl & WN_F_POS) && !(fl & (WN_F_NEG | WN_F_META | WN_F_COMMENTS))) *pos = 1;
    flags |= fl;
  }
  return flags;
}

uint32_t wn_classify_names_ids(const char *s, const char **hit, uint8_t ids[WN_NAME_WORDS],
                               unsigned *nids) {
  int tax = 0, pos = 0;
  uint8_t ids0[WN_NAME_WORDS] = {0};
  unsigned n0 = nids ? *nids : 0;
  const char *hit0[2] = {NULL, NULL};
  if (ids) memcpy(ids0, ids, sizeof ids0);
  if (hit) memcpy(hit0, hit, sizeof hit0);
  uint32_t flags = classify_all(s, 0, hit, ids, nids, &tax, &pos, 0);
  /* on a post's own wrapper ("post hentry tag-share-this"), its
   * taxonomy is data: classify again without it */
  if (tax && pos) {
    if (ids) {
      memcpy(ids, ids0, sizeof ids0);
      *nids = n0;
    }
    if (hit) memcpy(hit, hit0, sizeof hit0);
    flags = classify_all(s, 1, hit, ids, nids, &tax, &pos, 0);
  }
  return flags;
}

int wn_names_beside_body(const char *s) {
  int tax = 0, pos = 0;
  uint32_t rest = classify_all(s, 0, NULL, NULL, NULL, &tax, &pos, EDGE);
  return !(rest & (WN_F_NEG | WN_F_META | WN_F_CAPTION));
}

/*** Furniture phrases ***/

/* Strings with their lengths, so a block shorter than a phrase costs
 * nothing for it (pages of one-word blocks are common enough). */
typedef struct wn_lit {
  const char *s;
  size_t n;
} wn_lit;
#define LIT(x) {x, sizeof x - 1}
#define NLIT(a) (sizeof a / sizeof *a)

/* Whole-block labels: the block says nothing else. */
static const wn_lit labels[] = {
    LIT("ad"), LIT("ads"), LIT("advert"), LIT("advertisement"), LIT("advertisements"),
    LIT("sponsored"), LIT("sponsored content"), LIT("paid content"), LIT("anzeige"),
    LIT("werbung"), LIT("publicidad"), LIT("publicite"), LIT("publicit\xc3\xa9"),
    LIT("pubblicit\xc3\xa0"), LIT("reklama"),
    LIT("\xd1\x80\xd0\xb5\xd0\xba\xd0\xbb\xd0\xb0\xd0\xbc\xd0\xb0"), /* реклама */
    LIT("\xe5\xba\x83\xe5\x91\x8a"),                                 /* 広告 */
    LIT("\xe5\xb9\xbf\xe5\x91\x8a"),                                 /* 广告 */
    LIT("continue reading below"), LIT("story continues below"), LIT("article continues below"), LIT("skip advertisement"),
    LIT("read more"), LIT("show comments"), LIT("load comments"), LIT("comments"), LIT("share"),
    LIT("share this"), LIT("share this article"), LIT("share this story"), LIT("related"),
    LIT("related articles"), LIT("related stories"), LIT("related news"), LIT("related posts"),
    LIT("trending"), LIT("trending now"), LIT("latest news"), LIT("most popular"),
    LIT("most read"), LIT("you may also like"), LIT("recommended"), LIT("more stories"),
    LIT("job board"), LIT("tags"), LIT("newsletter"), LIT("newsletter subscription"),
    LIT("related tags"),
    /* the same in German, French, Spanish and Italian */
    LIT("\xc3\xa4hnliche beitr\xc3\xa4ge"), LIT("\xc3\xa4hnliche artikel"), /* ähnliche */
    LIT("das k\xc3\xb6nnte sie auch interessieren"), LIT("weitere artikel"),
    LIT("mehr zum thema"), LIT("auch interessant"), LIT("meistgelesen"), LIT("kommentare"),
    LIT("teilen"), LIT("articles similaires"), LIT("\xc3\xa0 lire aussi"), LIT("lire aussi"),
    LIT("sur le m\xc3\xaame sujet"), LIT("partager"), LIT("commentaires"),
    LIT("art\xc3\xad" "culos relacionados"), LIT("noticias relacionadas"),
    LIT("te puede interesar"), LIT("lee tambi\xc3\xa9n"), LIT("lo m\xc3\xa1s le\xc3\xad" "do"),
    LIT("compartir"), LIT("comentarios"), LIT("articoli correlati"), LIT("leggi anche"),
    LIT("potrebbe interessarti"), LIT("condividi"), LIT("commenti"),
};

/* Phrases that mark a short block as furniture wherever they appear. */
static const wn_lit phrases[] = {
    LIT("newsletter"), LIT("subscribe to"), LIT("subscribe now"), LIT("sign up for"),
    LIT("sign up to"), LIT("sign up today"), LIT("share this"), LIT("share on facebook"),
    LIT("share on twitter"), LIT("follow us on"), LIT("join our community"), LIT("google news"),
    LIT("was this article helpful"), LIT("was our article helpful"), LIT("opens in a new tab"),
    LIT("prices last scanned"), LIT("affiliate commission"), LIT("may earn a commission"),
    LIT("may receive a commission"), LIT("buy at amazon"), LIT("cookie"),
    LIT("you may also like"), LIT("read next"), LIT("recommended for you"), LIT("show comment"),
    LIT("have a tip"), LIT("contact us at"), LIT("download our app"), LIT("join our"),
    LIT("share it with"), LIT("follow @"), LIT("posted by"), LIT("filed under"), LIT("tags:"),
    LIT("fact checked by"), LIT("fact-checked by"), LIT("medically reviewed by"),
    LIT("unsubscribe anytime"), LIT("unsubscribe at any time"),
    LIT("publicado por"), LIT("publicada por"), LIT("publi\xc3\xa9 par"),
    LIT("ver\xc3\xb6" "ffentlicht von"), LIT("pubblicato da"),
    LIT("hinterlasse einen kommentar"), LIT("kommentar schreiben"), LIT("jetzt abonnieren"),
    LIT("folgen sie uns"), LIT("laisser un commentaire"), LIT("laissez un commentaire"),
    LIT("suivez-nous"), LIT("abonnez-vous"), LIT("deja un comentario"), LIT("s\xc3\xadguenos"),
    LIT("suscr\xc3\xad" "bete"), LIT("seguici su"), LIT("iscriviti alla"),
};

/* "Image 3 of 12", "Photo 2/5": a gallery's counter. */
static int gallery_counter(const char *s, size_t len) {
  static const char *const nouns[] = {"image ", "photo ", "picture ", "slide ", NULL};
  for (int i = 0; nouns[i]; i++) {
    size_t n = strlen(nouns[i]);
    if (len <= n || memcmp(s, nouns[i], n)) continue;
    const char *p = s + n, *e = s + len;
    if (p >= e || *p < '0' || *p > '9') return 0;
    while (p < e && *p >= '0' && *p <= '9') p++;
    if (e - p >= 4 && !memcmp(p, " of ", 4)) p += 4;
    else if (p < e && *p == '/') p++;
    else return 0;
    if (p >= e || *p < '0' || *p > '9') return 0;
    while (p < e && *p >= '0' && *p <= '9') p++;
    return p == e;
  }
  return 0;
}

int wn_is_promo_text(const char *s, size_t len) { return wn_promo_match(s, len) != NULL; }

const char *wn_promo_match(const char *s, size_t len) {
  /* trim spaces and trailing punctuation for the label test */
  while (len && (*s == ' ' || *s == '-' || *s == '|')) s++, len--;
  size_t t = len;
  while (t && (s[t - 1] == ' ' || s[t - 1] == ':' || s[t - 1] == '.' || s[t - 1] == '!' ||
               s[t - 1] == '|' || s[t - 1] == '-'))
    t--;
  for (size_t i = 0; i < NLIT(labels); i++)
    if (labels[i].n == t && !memcmp(labels[i].s, s, t)) return labels[i].s;
  if (gallery_counter(s, t)) return "image N of M";
  char buf[512];
  if (len >= sizeof buf) len = sizeof buf - 1;
  memcpy(buf, s, len);
  buf[len] = '\0';
  for (size_t i = 0; i < NLIT(phrases); i++)
    if (phrases[i].n <= len && strstr(buf, phrases[i].s)) return phrases[i].s;
  return NULL;
}

/* Short blocks only: furniture lines are short; a long paragraph that
 * mentions a newsletter is still prose. */
#define PROMO_MAX_CHARS 240
/* Text of a small box of furniture at the most (furniture_boxes). */
#define BOX_MAX_CHARS 300
#define BOX_GROWTH 100 /* text a box may gain going up one element (a heading, a line) */

static void scan_promo(const wn_dom *dom, wn_feat *f, uint32_t b) {
  const wn_node *nodes = dom->nodes;
  char buf[512];
  size_t n = 0;
  int space = 0;
  for (uint32_t k = b + 1; k < nodes[b].end && n < sizeof buf - 4; k++) {
    if (f[k].flags & WN_F_DROP) {
      k = nodes[k].end - 1;
      continue;
    }
    if (nodes[k].tag != WN_TAG_TEXT) {
      if (f[k].flags & WN_F_BLOCK) k = nodes[k].end - 1; /* its text is its own */
      continue;
    }
    for (const char *p = nodes[k].text; *p && n < sizeof buf - 4; p++) {
      unsigned char ch = (unsigned char)*p;
      if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\f') {
        space = 1;
        continue;
      }
      if (space && n) buf[n++] = ' ';
      space = 0;
      buf[n++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
      /* Latin-1 capitals (U+00C0..U+00DE but the sign x) too: "Ähnliche" */
      if (ch == 0xC3 && (unsigned char)p[1] >= 0x80 && (unsigned char)p[1] <= 0x9E &&
          (unsigned char)p[1] != 0x97 && n < sizeof buf - 4) {
        buf[n++] = (char)(p[1] + 0x20);
        p++;
      }
    }
  }
  const char *hit = wn_promo_match(buf, n);
  if (hit) {
    f[b].flags |= WN_F_PROMO;
    wn_ex_phrase(dom->explain, b, hit);
  }
}

/*** Per node ***/

static int ascii_ieq(const char *a, const char *b) {
  for (; *a && *b; a++, b++) {
    char x = *a >= 'A' && *a <= 'Z' ? *a + 32 : *a;
    if (x != *b) return 0;
  }
  return !*a && !*b;
}

static int is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* "display:none" or "visibility:hidden" in an inline style. */
static int style_hides(const char *s) {
  char buf[256];
  size_t n = 0;
  for (; *s && n < sizeof buf - 1; s++)
    if (*s != ' ' && *s != '\t' && *s != '\n') buf[n++] = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
  buf[n] = '\0';
  return strstr(buf, "display:none") || strstr(buf, "visibility:hidden");
}

static uint32_t tag_flags(unsigned tag) {
  switch (tag) {
  case WN_TAG_HEAD: case WN_TAG_TITLE: case WN_TAG_META: case WN_TAG_LINK:
  case WN_TAG_BASE: case WN_TAG_SCRIPT: case WN_TAG_STYLE: case WN_TAG_NOSCRIPT:
  case WN_TAG_TEMPLATE: case WN_TAG_SVG: case WN_TAG_MATH: case WN_TAG_IFRAME:
  case WN_TAG_OBJECT: case WN_TAG_EMBED: case WN_TAG_CANVAS: case WN_TAG_VIDEO:
  case WN_TAG_AUDIO: case WN_TAG_INPUT: case WN_TAG_BUTTON: case WN_TAG_SELECT:
  case WN_TAG_OPTION: case WN_TAG_TEXTAREA: case WN_TAG_DIALOG: case WN_TAG_LABEL:
  case WN_TAG_SOURCE: case WN_TAG_PICTURE:
    return WN_F_DROP;
  case WN_TAG_FOOTER:
    return WN_F_BLOCK | WN_F_STRUCT | WN_F_NEG | WN_F_STRONG;
  case WN_TAG_NAV: case WN_TAG_ASIDE: case WN_TAG_MENU:
    return WN_F_BLOCK | WN_F_STRUCT | WN_F_NEG;
  case WN_TAG_HEADER:
    return WN_F_BLOCK | WN_F_STRUCT | WN_F_META;
  case WN_TAG_FORM:
    return WN_F_BLOCK | WN_F_NEG;
  case WN_TAG_FIGCAPTION:
    return WN_F_BLOCK | WN_F_CAPTION;
  case WN_TAG_ARTICLE:
    return WN_F_BLOCK | WN_F_POS | WN_F_POST;
  case WN_TAG_MAIN:
    return WN_F_BLOCK | WN_F_POS;
  case WN_TAG_HTML: case WN_TAG_BODY: case WN_TAG_SECTION: case WN_TAG_DIV:
  case WN_TAG_P: case WN_TAG_HR: case WN_TAG_PRE: case WN_TAG_BLOCKQUOTE:
  case WN_TAG_H1: case WN_TAG_H2: case WN_TAG_H3: case WN_TAG_H4: case WN_TAG_H5:
  case WN_TAG_H6: case WN_TAG_UL: case WN_TAG_OL: case WN_TAG_LI: case WN_TAG_DL:
  case WN_TAG_DT: case WN_TAG_DD: case WN_TAG_TABLE: case WN_TAG_CAPTION:
  case WN_TAG_THEAD: case WN_TAG_TBODY: case WN_TAG_TFOOT: case WN_TAG_TR:
  case WN_TAG_TD: case WN_TAG_TH: case WN_TAG_FIGURE: case WN_TAG_ADDRESS:
  case WN_TAG_DETAILS: case WN_TAG_SUMMARY: case WN_TAG_CENTER: case WN_TAG_FIELDSET:
    return WN_F_BLOCK;
  default:
    return 0;
  }
}

/* 1 when the space-separated list s holds w (ASCII case ignored). */
static int has_word(const char *s, const char *w) {
  size_t n = strlen(w);
  while (*s) {
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f') s++;
    const char *b = s;
    while (*s && *s != ' ' && *s != '\t' && *s != '\n' && *s != '\r' && *s != '\f') s++;
    if ((size_t)(s - b) == n) {
      size_t k = 0;
      while (k < n && (b[k] | 0x20) == w[k]) k++;
      if (k == n) return 1;
    }
  }
  return 0;
}

static uint32_t role_flags(const char *r) {
  static const char *const neg[] = {"navigation", "banner", "contentinfo", "complementary",
                                    "search", "menu", "menubar", "toolbar", "dialog",
                                    "alert", "alertdialog", "tablist", NULL};
  for (int i = 0; neg[i]; i++)
    if (ascii_ieq(r, neg[i])) return WN_F_NEG;
  if (ascii_ieq(r, "main") || ascii_ieq(r, "article")) return WN_F_POS;
  return 0;
}

/* Whether id on a section or heading is its heading's text made a slug
 * ("respond-to-review-comments", "when-to-use-acked-by"): four words or
 * more name the section's subject, not its role. */
static int heading_slug(const wn_node *n, const char *id) {
  if (n->tag != WN_TAG_SECTION && !wn_is_heading(n->tag)) return 0;
  int nw = 1;
  for (const char *q = id; *q; q++) {
    if (*q == '-' || *q == '_') nw += q[1] && q[1] != '-' && q[1] != '_';
    else if (*q == ' ') return 0;
  }
  return nw >= 4;
}

/* Whether a class that hides its element also names it a collapsed
 * panel ("accordion-content hidden", "faq-answer is-hidden"): the text a
 * reader opens with one click (an FAQ's answers), which is content. */
static int collapsed_panel(const char *cl) {
  static const char *const panel[] = {"accordion", "collaps", "faq", "answer", "expand", NULL};
  char buf[256];
  size_t k = 0;
  for (; cl[k] && k < sizeof buf - 1; k++) buf[k] = (char)(cl[k] >= 'A' && cl[k] <= 'Z' ? cl[k] + 32 : cl[k]);
  buf[k] = '\0';
  for (int i = 0; panel[i]; i++)
    if (strstr(buf, panel[i])) return 1;
  return 0;
}

/* Whether id on element i spells the text of the first heading inside
 * it ("menu-innovation-strategies" over "Menu innovation strategies"):
 * an anchor the page's table of contents links to, named by the
 * section's subject, not its role.  Three words or more, so that
 * "comments" over "Comments" keeps its meaning. */
static int own_heading_slug(const wn_node *nodes, uint32_t i, const char *id) {
  int nw = 1;
  for (const char *q = id; *q; q++)
    if ((*q == '-' || *q == '_') && q[1] && q[1] != '-' && q[1] != '_') nw++;
  if (nw < 3) return 0;
  uint32_t end = nodes[i].end, h = WN_NONE;
  for (uint32_t k = i + 1; k < end && k < i + 64 && h == WN_NONE; k++)
    if (wn_is_heading(nodes[k].tag)) h = k;
  if (h == WN_NONE) return 0;
  /* the heading's letters and digits against the id's, in order */
  const char *q = id;
  for (uint32_t k = h + 1; k < nodes[h].end; k++) {
    if (nodes[k].tag != WN_TAG_TEXT) continue;
    for (size_t j = 0; j < nodes[k].len; j++) {
      unsigned char ch = (unsigned char)nodes[k].text[j];
      if (ch >= 'A' && ch <= 'Z') ch = (unsigned char)(ch + 32);
      if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) continue;
      while (*q && !((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9'))) q++;
      if (!*q) return 1; /* the id spells the heading's start (ids are cut short) */
      unsigned char c2 = (unsigned char)*q;
      if (c2 >= 'A' && c2 <= 'Z') c2 = (unsigned char)(c2 + 32);
      if (c2 != ch) return 0;
      q++;
    }
  }
  while (*q && !((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9'))) q++;
  return !*q;
}

/* Flags from the attributes; *other gets those not from class or id, and
 * ids/nids the negative words of class and id. */
static uint32_t attr_flags(const wn_node *nodes, uint32_t ni, wn_why *w, uint32_t *other,
                           uint8_t ids[WN_NAME_WORDS], unsigned *nids, int in_code) {
  const wn_node *n = &nodes[ni];
  uint32_t fl = 0, names = 0;
  for (uint32_t i = 0; i < n->nattrs; i++) {
    const wn_attr *at = &n->attrs[i];
    switch (at->key) {
    case WN_ATTR_ID:
      if (heading_slug(n, at->value) || own_heading_slug(nodes, ni, at->value)) break;
      /* fall through */
    case WN_ATTR_CLASS: {
      /* inside code, classes are a syntax highlighter's token kinds
       * ("hljs-comment", "token tag", "meta"), not parts of the page */
      if (in_code) break;
      uint32_t cf = wn_classify_names_ids(at->value, wn_ex_hit(w), ids, nids);
      if ((cf & WN_F_DROP) && at->key == WN_ATTR_CLASS && collapsed_panel(at->value)) {
        cf &= ~(uint32_t)WN_F_DROP;
        wn_ex_collapsed(w);
      }
      names |= wn_ex_names(w, at->key, cf);
      break;
    }
    case WN_ATTR_ROLE: fl |= wn_ex_names(w, at->key, role_flags(at->value)); break;
    case WN_ATTR_HIDDEN: fl |= wn_ex_drop(w, WN_R_HIDDEN_ATTR, WN_F_DROP); break;
    case WN_ATTR_ARIA_HIDDEN:
      if (ascii_ieq(at->value, "true")) fl |= wn_ex_drop(w, WN_R_ARIA_HIDDEN, WN_F_DROP);
      break;
    case WN_ATTR_STYLE:
      if (style_hides(at->value)) fl |= wn_ex_drop(w, WN_R_STYLE_HIDDEN, WN_F_DROP);
      break;
    case WN_ATTR_ITEMPROP:
      if (ascii_ieq(at->value, "articlebody") || ascii_ieq(at->value, "reviewbody"))
        fl |= WN_F_POS | WN_F_POST;
      else if (ascii_ieq(at->value, "text"))
        fl |= WN_F_POS;
      break;
    default: break;
    }
  }
  *other = fl;
  fl |= names;
  /* A name that says both "article" and "comments" (article-comments) is
   * the comments; one that says "content" and "sidebar" is layout that
   * the selection step judges by what it holds. */
  if (fl & WN_F_COMMENTS) fl &= ~(uint32_t)WN_F_POS;
  /* "social-media-embed", "article-widget article-tweet": a post the
   * article quotes, not a share bar */
  if ((fl & WN_F_EMBED) && !(fl & WN_F_STRONG)) fl &= ~(uint32_t)(WN_F_NEG | WN_F_META);
  return fl;
}

/* WN_F_DROP when a class token hides the element ("hidden", "d-none"),
 * not a hover-only or screen-reader name. */
/* Whether nd sits in a heading (looking up a few elements). */
static int in_heading(const wn_node *nodes, const wn_node *nd) {
  int up = 0;
  for (uint32_t k = nd->parent; k != WN_NONE && up < 3; k = nodes[k].parent, up++)
    if (wn_is_heading(nodes[k].tag)) return 1;
  return 0;
}

/* An email field: type="email", or a field named for one. */
static int email_field(const wn_node *nd) {
  if (nd->tag != WN_TAG_INPUT) return 0;
  const char *t = wn_node_attr(nd, WN_ATTR_TYPE), *nm = wn_node_attr(nd, WN_ATTR_NAME);
  if (t && ascii_ieq(t, "email")) return 1;
  if (!nm) return 0;
  char buf[64];
  size_t k = 0;
  for (; nm[k] && k < sizeof buf - 1; k++) buf[k] = (char)(nm[k] >= 'A' && nm[k] <= 'Z' ? nm[k] + 32 : nm[k]);
  buf[k] = '\0';
  return strstr(buf, "mail") != NULL;
}

/* Small boxes of furniture that no name gives away (generated class
 * names): one that holds an email field and a few lines (a sign-up or
 * comment form), and one whose first line is furniture words ("Fact
 * checked by" over a name and a bio).  The box is the largest element
 * around it that still holds little text. */
static winnow_status furniture_boxes(wn_arena *a, const wn_dom *dom, wn_feat *f) {
  const wn_node *nodes = dom->nodes;
  uint32_t n = dom->count;
  uint32_t *first = wn_arena_alloc(a, (size_t)(n ? n : 1) * sizeof *first);
  if (!first) return WINNOW_E_NOMEM;
  /* each element's first block with text (children come last to first) */
  for (uint32_t i = 0; i < n; i++) first[i] = WN_NONE;
  for (uint32_t i = n; i-- > 0;) {
    if (nodes[i].tag == WN_TAG_TEXT || (f[i].flags & WN_F_DROP)) continue;
    if (f[i].own.chars && (f[i].flags & WN_F_BLOCK)) first[i] = i;
    uint32_t p = nodes[i].parent;
    if (p != WN_NONE && first[i] != WN_NONE) first[p] = first[i];
  }
  for (uint32_t i = 0; i < n; i++) {
    const wn_node *nd = &nodes[i];
    uint32_t box = WN_NONE;
    if (email_field(nd)) {
      /* up while the text stays short and grows by a line or two, not
       * by the paragraphs of a short article around the form */
      uint32_t had = 0;
      for (uint32_t k = nd->parent; k != WN_NONE && f[k].all.chars <= BOX_MAX_CHARS;
           k = nodes[k].parent) {
        if (nodes[k].tag == WN_TAG_BODY || nodes[k].tag == WN_TAG_HTML) break;
        if (box != WN_NONE && f[k].all.chars > had + BOX_GROWTH && f[k].all.chars > 2 * had) break;
        box = k;
        had = f[k].all.chars;
      }
    } else if (nd->tag != WN_TAG_TEXT && !(f[i].flags & WN_F_DROP) && first[i] != WN_NONE &&
               (f[first[i]].flags & WN_F_PROMO) &&
               f[i].all.chars <= BOX_MAX_CHARS && f[i].all.chars > f[first[i]].own.chars &&
               nd->tag != WN_TAG_BODY && nd->tag != WN_TAG_HTML &&
               (nd->parent == WN_NONE || nodes[nd->parent].tag == WN_TAG_BODY ||
                f[nd->parent].all.chars > BOX_MAX_CHARS || first[nd->parent] != first[i])) {
      box = i; /* the largest such box: its parent holds more, or opens otherwise */
    }
    if (box != WN_NONE) f[box].flags |= WN_F_NEG | WN_F_FURNBOX;
  }
  return WINNOW_OK;
}

static uint32_t hidden_classes(const wn_node *n) {
  const char *c = wn_node_attr(n, WN_ATTR_CLASS);
  if (!c) return 0;
  for (size_t k = 0; k < sizeof tokens / sizeof *tokens; k++)
    if (tokens[k].flags == WN_F_DROP && has_word(c, tokens[k].w)) return WN_F_DROP;
  return 0;
}

winnow_status wn_features_compute(wn_arena *a, const wn_dom *dom,
                                  wn_features *out) {
  return wn_features_compute_ex(a, dom, 0, out);
}

winnow_status wn_features_compute_ex(wn_arena *a, const wn_dom *dom, int reveal,
                                     wn_features *out) {
  memset(out, 0, sizeof *out);
  uint32_t n = dom->count;
  wn_feat *f = wn_arena_calloc(a, n ? n : 1, sizeof *f);
  if (!f) return WINNOW_E_NOMEM;
  out->f = f;
  const wn_node *nodes = dom->nodes;

  /* An inline element that holds blocks (a rich-text field's <span>
   * around the whole article) is laid out as a block, and its names
   * must be weighed with the text it holds.  Blocks without text
   * (spacers inside a heading's <strong>) do not count. */
  enum { HAS_TEXT = 1, HOLDS_BLOCK = 2 };
  uint8_t *hold = wn_arena_calloc(a, n ? n : 1, 1);
  if (!hold) return WINNOW_E_NOMEM;
  for (uint32_t i = n; i-- > 1;) {
    uint32_t p = nodes[i].parent;
    if (p == WN_NONE) continue;
    if (nodes[i].tag == WN_TAG_TEXT) {
      for (size_t k = 0; k < nodes[i].len && !(hold[p] & HAS_TEXT); k++)
        if (!is_space((unsigned char)nodes[i].text[k])) hold[p] |= HAS_TEXT;
      continue;
    }
    if (tag_flags(nodes[i].tag) & WN_F_DROP) continue;
    hold[p] |= hold[i] & HAS_TEXT;
    if ((hold[i] & HOLDS_BLOCK) || ((hold[i] & HAS_TEXT) && (tag_flags(nodes[i].tag) & WN_F_BLOCK)))
      hold[p] |= HOLDS_BLOCK;
  }

  /* Forward: own flags, inherited flags, owning block.  code[i]: i lies
   * inside a <pre> or <code>. */
  uint8_t *code = wn_arena_calloc(a, n ? n : 1, 1);
  if (!code) return WINNOW_E_NOMEM;
  for (uint32_t i = 0; i < n; i++) {
    const wn_node *nd = &nodes[i];
    uint32_t p = nd->parent;
    if (p != WN_NONE)
      code[i] = code[p] | (nodes[p].tag == WN_TAG_PRE || nodes[p].tag == WN_TAG_CODE);
    uint32_t inh = p == WN_NONE ? 0
                                : f[p].flags & (WN_F_DROP | WN_F_LINK | WN_F_SRONLY |
                                                WN_F_COMMENTS | WN_F_TAGLINK);
    if (nd->tag == WN_TAG_TEXT) {
      f[i].flags = inh;
      f[i].block = p == WN_NONE ? i : f[p].block;
      continue;
    }
    wn_why *w = wn_ex_at(dom->explain, i);
    uint32_t other, tfl = wn_ex_tag(w, tag_flags(nd->tag));
    uint8_t ids[WN_NAME_WORDS] = {0};
    unsigned nids = 0;
    uint32_t fl = tfl | attr_flags(nodes, i, w, &other, ids, &nids, code[i]);
    if ((hold[i] & HOLDS_BLOCK) && nd->tag != WN_TAG_A && !(tfl & WN_F_DROP)) fl |= WN_F_BLOCK;
    if (reveal && ((other | hidden_classes(nd)) & WN_F_DROP & ~tfl)) {
      fl &= ~(uint32_t)WN_F_DROP;
      wn_ex_shown(w);
    }
    /* negative only by its class/id words (not its tag, role or a word
     * no article wrapper carries): select weighs them on the page */
    if ((fl & (WN_F_NEG | WN_F_META)) && !(fl & WN_F_STRONG) && nids && nids <= WN_NAME_WORDS &&
        !((tfl | other) & (WN_F_NEG | WN_F_META))) {
      fl |= WN_F_NAMENEG;
      memcpy(f[i].nw, ids, sizeof ids);
    }
    const char *href = nd->tag == WN_TAG_A ? wn_node_attr(nd, WN_ATTR_HREF) : NULL;
    /* a heading's link to its own section ("#usage") is its permalink:
     * the heading is the page's own, not a linked headline */
    if (href && !(href[0] == '#' && in_heading(nodes, nd))) {
      fl |= WN_F_LINK;
      /* rel-tag links (blog engines write them for tags and categories) */
      const char *rel = wn_node_attr(nd, WN_ATTR_REL);
      if (rel && (has_word(rel, "tag") || has_word(rel, "category"))) fl |= WN_F_TAGLINK;
    }
    /* names on <html> and <body> describe the site, not a part of it */
    if (nd->tag == WN_TAG_HTML || nd->tag == WN_TAG_BODY) fl &= WN_F_BLOCK;
    if (fl & WN_F_SRONLY) fl |= wn_ex_drop(w, WN_R_SCREEN_READER, WN_F_DROP);
    f[i].flags = fl | inh;
    f[i].block = (fl & WN_F_BLOCK) || p == WN_NONE ? i : f[p].block;
  }

  /* Text into its block ('own') and into every ancestor ('all'). */
  for (uint32_t i = 0; i < n; i++) {
    const wn_node *nd = &nodes[i];
    if (nd->tag != WN_TAG_TEXT || (f[i].flags & WN_F_DROP)) continue;
    wn_count c = {0};
    wn_count_text(&c, nd->text, nd->len);
    if (f[i].flags & WN_F_LINK) c.link = c.chars;
    wn_feat *blk = &f[f[i].block];
    if (!blk->own.chars && c.chars && (f[i].flags & WN_F_LINK)) blk->flags |= WN_F_LEADLINK;
    if (c.chars && (f[i].flags & WN_F_TAGLINK)) blk->flags |= WN_F_TAGLINK;
    count_add(&blk->own, &c);
    f[i].all = c;
  }
  for (uint32_t i = 0; i < n; i++)
    if (f[i].own.chars && f[i].own.chars <= PROMO_MAX_CHARS && !(f[i].flags & WN_F_DROP))
      scan_promo(dom, f, i);

  /* Backward: subtree totals (dropped subtrees add nothing). */
  for (uint32_t i = n; i-- > 1;) {
    if (f[i].flags & WN_F_DROP) continue;
    uint32_t p = nodes[i].parent;
    if (p != WN_NONE) count_add(&f[p].all, &f[i].all);
  }
  return furniture_boxes(a, dom, f);
}
