/* Page metadata from <meta>, <link>, <title>, <html lang>, itemprop,
 * rel links, <time> and JSON-LD, in a fixed order of trust; plus the
 * date normalizer and the URL resolver it needs (and the Markdown links). */
#include "meta_internal.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/*** Strings ***/


/* 1 when the space-separated list s holds word (attribute tokens: rel,
 * itemprop). */
static int has_token(const char *s, const char *word) {
  size_t n = strlen(word);
  while (s && *s) {
    while (is_space((unsigned char)*s)) s++;
    const char *e = s;
    while (*e && !is_space((unsigned char)*e)) e++;
    if ((size_t)(e - s) == n) {
      size_t k = 0;
      while (k < n && lower((unsigned char)s[k]) == lower((unsigned char)word[k])) k++;
      if (k == n) return 1;
    }
    s = e;
  }
  return 0;
}

/* Code points left out of metadata, as of the article text: controls,
 * zero-width and bidi format characters, the BOM, soft hyphens. */
static int invisible(int32_t cp) {
  if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return 1;
  return cp == 0xAD || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF;
}

static int uspace(int32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == 0xA0 ||
         cp == 0x1680 || cp == 0x3000 || cp == 0x202F || cp == 0x205F ||
         (cp >= 0x2000 && cp <= 0x200A);
}

/* Longest metadata value kept, in bytes (a description is a paragraph). */
#define MAX_VALUE 4000

/* s[0..len) as a clean arena string: invalid UTF-8 replaced (json-c
 * passes lone surrogates through), invisible characters dropped,
 * whitespace collapsed and trimmed, NFC.  NULL when nothing is left;
 * *nomem set when memory ran out. */
const char *wn_meta_clean(wn_arena *a, const char *s, size_t len, int *nomem) {
  if (!s) return NULL;
  wn_buf b;
  wn_buf_init(&b, &a->mem);
  const unsigned char *p = (const unsigned char *)s, *e = p + len;
  int space = 0, ascii = 1;
  while (p < e && b.len < MAX_VALUE) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(p, e - p, &cp);
    if (n <= 0) {
      cp = 0xFFFD;
      n = 1;
    }
    if (uspace(cp)) {
      space = 1;
      p += n;
      continue;
    }
    if (invisible(cp)) {
      p += n;
      continue;
    }
    if (space && b.len) wn_buf_putc(&b, ' ');
    space = 0;
    if (cp >= 0x80) ascii = 0;
    if (n == 1 && cp == 0xFFFD) wn_buf_put(&b, "\xEF\xBF\xBD", 3);
    else wn_buf_put(&b, (const char *)p, (size_t)n);
    p += n;
  }
  const char *r = NULL;
  if (b.len && !ascii) {
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)b.data, (utf8proc_ssize_t)b.len,
                                      &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n >= 0) {
      r = wn_arena_strndup(a, (const char *)nfc, (size_t)n);
      if (!r) *nomem = 1;
    } else if (n == UTF8PROC_ERROR_NOMEM) {
      *nomem = 1;
    }
    free(nfc); /* utf8proc allocates with malloc */
  }
  if (b.len && ascii && !(r = wn_arena_strndup(a, b.data, b.len))) *nomem = 1;
  if (b.failed) *nomem = 1;
  wn_buf_free(&b);
  return r;
}

/* JSON-LD is raw script text, so CMSs often leave HTML entities in its
 * strings ("Q&amp;A", "it&#8217;s"); the few that occur are decoded. */
static void decode_entities(wn_buf *b, const char *s, size_t len) {
  static const struct {
    const char *name;
    const char *utf8;
  } named[] = {{"amp", "&"},        {"lt", "<"},          {"gt", ">"},
               {"quot", "\""},      {"apos", "'"},        {"nbsp", "\xC2\xA0"},
               {"rsquo", "\xE2\x80\x99"}, {"lsquo", "\xE2\x80\x98"}, {"rdquo", "\xE2\x80\x9D"},
               {"ldquo", "\xE2\x80\x9C"}, {"ndash", "\xE2\x80\x93"}, {"mdash", "\xE2\x80\x94"},
               {"hellip", "\xE2\x80\xA6"}};
  const char *p = s, *e = s + len;
  while (p < e) {
    if (*p != '&') {
      const char *q = memchr(p, '&', (size_t)(e - p));
      if (!q) q = e;
      wn_buf_put(b, p, (size_t)(q - p));
      p = q;
      continue;
    }
    const char *semi = memchr(p, ';', (size_t)(e - p) < 12 ? (size_t)(e - p) : 12);
    int done = 0;
    if (semi && p[1] == '#') {
      unsigned long cp = 0;
      const char *q = p + 2;
      int hex = *q == 'x' || *q == 'X', digits = 0;
      if (hex) q++;
      for (; q < semi; q++, digits++) {
        int c = lower((unsigned char)*q), v;
        if (is_digit(c)) v = c - '0';
        else if (hex && c >= 'a' && c <= 'f') v = c - 'a' + 10;
        else break;
        cp = cp * (hex ? 16 : 10) + (unsigned long)v;
      }
      if (q == semi && digits && cp > 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) {
        utf8proc_uint8_t u[4];
        utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp, u);
        wn_buf_put(b, (const char *)u, (size_t)n);
        done = 1;
      }
    } else if (semi) {
      for (size_t k = 0; k < sizeof named / sizeof *named; k++) {
        size_t n = strlen(named[k].name);
        if ((size_t)(semi - p - 1) == n && !memcmp(p + 1, named[k].name, n)) {
          wn_buf_puts(b, named[k].utf8);
          done = 1;
          break;
        }
      }
    }
    if (done) {
      p = semi + 1;
    } else {
      wn_buf_putc(b, '&');
      p++;
    }
  }
}

/*** URLs (RFC 3986) ***/

int wn_url_is_absolute(const char *s) {
  if (!s || !is_alpha((unsigned char)*s)) return 0;
  const char *p = s + 1;
  while (is_alpha((unsigned char)*p) || is_digit((unsigned char)*p) || *p == '+' || *p == '-' ||
         *p == '.')
    p++;
  return *p == ':';
}

typedef struct url_parts {
  const char *scheme, *auth, *path, *query, *frag; /* NULL: undefined */
  size_t scheme_len, auth_len, path_len, query_len, frag_len;
} url_parts;

/* Splits s[0..len) by the regular expression of RFC 3986, appendix B. */
static void url_split(const char *s, size_t len, url_parts *u) {
  memset(u, 0, sizeof *u);
  const char *p = s, *e = s + len;
  if (wn_url_is_absolute(s)) {
    const char *c = memchr(s, ':', len);
    u->scheme = s;
    u->scheme_len = (size_t)(c - s);
    p = c + 1;
  }
  if (e - p >= 2 && p[0] == '/' && p[1] == '/') {
    const char *q = p + 2;
    while (q < e && *q != '/' && *q != '?' && *q != '#') q++;
    u->auth = p + 2;
    u->auth_len = (size_t)(q - p - 2);
    p = q;
  }
  const char *q = p;
  while (q < e && *q != '?' && *q != '#') q++;
  u->path = p;
  u->path_len = (size_t)(q - p);
  p = q;
  if (p < e && *p == '?') {
    q = p + 1;
    while (q < e && *q != '#') q++;
    u->query = p + 1;
    u->query_len = (size_t)(q - p - 1);
    p = q;
  }
  if (p < e && *p == '#') {
    u->frag = p + 1;
    u->frag_len = (size_t)(e - p - 1);
  }
}

/* RFC 3986, 5.2.4: appends path in[0..len) to out without "." and ".."
 * segments.  out already holds what precedes the path; 'floor' is where
 * the path starts in out, so ".." never climbs into the authority. */
static void remove_dots(wn_buf *out, size_t floor, const char *in, size_t len) {
  const char *p = in, *e = in + len;
  while (p < e) {
    size_t rest = (size_t)(e - p);
    if (rest >= 3 && !memcmp(p, "../", 3)) p += 3;                 /* A */
    else if (rest >= 2 && !memcmp(p, "./", 2)) p += 2;
    else if (rest >= 3 && !memcmp(p, "/./", 3)) p += 2;            /* B */
    else if (rest == 2 && !memcmp(p, "/.", 2)) { p += 1; e = p; wn_buf_putc(out, '/'); }
    else if ((rest >= 4 && !memcmp(p, "/../", 4)) || (rest == 3 && !memcmp(p, "/..", 3))) { /* C */
      int last = rest == 3;
      p += 3;
      while (out->len > floor && out->data[out->len - 1] != '/') out->len--;
      if (out->len > floor) out->len--;
      if (last) wn_buf_putc(out, '/');
    } else if ((rest == 1 && *p == '.') || (rest == 2 && !memcmp(p, "..", 2))) { /* D */
      p = e;
    } else { /* E: the first segment, with its leading slash */
      const char *q = p + (*p == '/');
      while (q < e && *q != '/') q++;
      wn_buf_put(out, p, (size_t)(q - p));
      p = q;
    }
  }
}

int wn_url_resolve(wn_buf *out, const char *base, const char *ref) {
  /* as browsers do: no surrounding spaces, no tabs or newlines */
  wn_buf r;
  wn_buf_init(&r, out->mem);
  const char *s = ref ? ref : "", *e = s + strlen(s);
  while (s < e && (unsigned char)*s <= ' ') s++;
  while (e > s && (unsigned char)e[-1] <= ' ') e--;
  for (const char *p = s; p < e; p++)
    if (*p != '\t' && *p != '\n' && *p != '\r') wn_buf_putc(&r, *p);
  const char *rs = wn_buf_cstr(&r);
  size_t rlen = r.len;
  if (!base || !wn_url_is_absolute(base)) {
    wn_buf_put(out, rs, rlen);
    wn_buf_free(&r);
    return 0;
  }
  url_parts R, B;
  url_split(rs, rlen, &R);
  url_split(base, strlen(base), &B);
  const url_parts *auth_from = &R, *query_from = &R;
  size_t floor;
  /* 5.2.2, with the components written out in 5.3's order as we go */
  if (R.scheme) {
    wn_buf_put(out, R.scheme, R.scheme_len);
    wn_buf_putc(out, ':');
  } else {
    wn_buf_put(out, B.scheme, B.scheme_len);
    wn_buf_putc(out, ':');
    if (!R.auth) auth_from = &B;
  }
  if (auth_from->auth) {
    wn_buf_put(out, "//", 2);
    wn_buf_put(out, auth_from->auth, auth_from->auth_len);
  }
  floor = out->len;
  if (R.scheme || R.auth) {
    remove_dots(out, floor, R.path, R.path_len);
  } else if (!R.path_len) {
    wn_buf_put(out, B.path, B.path_len);
    if (!R.query) query_from = &B;
  } else if (R.path[0] == '/') {
    remove_dots(out, floor, R.path, R.path_len);
  } else {
    /* merge (5.2.3): the base path up to its last slash, then ref */
    wn_buf m;
    wn_buf_init(&m, out->mem);
    if (B.auth && !B.path_len) {
      wn_buf_putc(&m, '/');
    } else {
      size_t k = B.path_len;
      while (k && B.path[k - 1] != '/') k--;
      wn_buf_put(&m, B.path, k);
    }
    wn_buf_put(&m, R.path, R.path_len);
    if (m.failed) out->failed = 1;
    else remove_dots(out, floor, wn_buf_cstr(&m), m.len);
    wn_buf_free(&m);
  }
  if (query_from->query) {
    wn_buf_putc(out, '?');
    wn_buf_put(out, query_from->query, query_from->query_len);
  }
  if (R.frag) {
    wn_buf_putc(out, '#');
    wn_buf_put(out, R.frag, R.frag_len);
  }
  if (r.failed) out->failed = 1;
  wn_buf_free(&r);
  return 1;
}

/*** Candidates, in order of trust ***/


static const char **field_slot(collector *c, int f) {
  wn_meta *m = c->m;
  switch (f) {
  case F_TITLE: return &m->title;
  case F_DATE: return &m->date;
  case F_MODIFIED: return &m->modified;
  case F_SITENAME: return &m->sitename;
  case F_DESCRIPTION: return &m->description;
  case F_LANGUAGE: return &m->language;
  case F_CANONICAL: return &m->canonical;
  case F_IMAGE: return &m->image;
  default: return NULL;
  }
}

/* Offers value s[0..len) for field f from a source of rank r.  A more
 * trusted source replaces what a less trusted one gave; for the lists
 * (authors, tags) every value of the winning source is kept. */
static void offer_n(collector *c, int f, int r, const char *s, size_t len) {
  if (!s) return;
  if (f == F_TITLE && c->m->ntitle_cand < sizeof c->m->title_cand / sizeof *c->m->title_cand) {
    const char *t = wn_meta_clean(c->a, s, len, &c->nomem);
    if (t) c->m->title_cand[c->m->ntitle_cand++] = t;
    if (t && r == R_JSONLD && !c->m->ld_title) c->m->ld_title = t;
    if (t && r == R_OG && !c->m->og_title) c->m->og_title = t;
    else if (t && r == R_OG && !c->m->og_alt && strcmp(t, c->m->og_title)) c->m->og_alt = t;
  }
  if (r > c->rank[f]) return;
  const char *v = wn_meta_clean(c->a, s, len, &c->nomem);
  if (!v) return;
  char iso[WN_DATE_MAX];
  if (f == F_DATE || f == F_MODIFIED) {
    if (!wn_date_normalize(v, iso)) return;
    if (!(v = wn_arena_strndup(c->a, iso, strlen(iso)))) {
      c->nomem = 1;
      return;
    }
  } else if (f == F_IMAGE || f == F_CANONICAL) {
    if (!strncmp(v, "data:", 5)) return;
    c->tmp.len = 0;
    wn_url_resolve(&c->tmp, c->base, v);
    if (c->tmp.failed || !(v = wn_arena_strndup(c->a, c->tmp.data, c->tmp.len))) {
      c->nomem = 1;
      return;
    }
  } else if (f == F_AUTHOR) {
    if (istarts(v, "by ")) v += 3;
    /* a profile address or a handle is not a name */
    if (strstr(v, "://") || v[0] == '@' || istarts(v, "www.") || !*v) return;
    /* nor a path ("/@jane"), an e-mail address or a number (a CMS's
     * user id): a byline, if any, names the person */
    const char *at = strchr(v, '@');
    if (v[0] == '/' || (at && at > v && strchr(at, '.'))) return;
    int letters = 0;
    for (const unsigned char *p = (const unsigned char *)v; *p && !letters; p++)
      letters = is_alpha(*p) || *p >= 0x80;
    if (!letters) return;
  }
  if (f == F_AUTHOR || f == F_TAGS) {
    wn_meta *m = c->m;
    const char **list = f == F_AUTHOR ? m->author : m->tags;
    unsigned *n = f == F_AUTHOR ? &m->nauthor : &m->ntags;
    unsigned cap = f == F_AUTHOR ? WN_META_MAX_AUTHORS : WN_META_MAX_TAGS;
    if (r < c->rank[f]) *n = 0;
    c->rank[f] = r;
    for (unsigned i = 0; i < *n; i++)
      if (ieq(list[i], v)) return;
    if (*n < cap) list[(*n)++] = v;
    return;
  }
  if (r == c->rank[f]) return; /* the first of equally trusted sources */
  c->rank[f] = r;
  *field_slot(c, f) = v;
}

static void offer(collector *c, int f, int r, const char *s) {
  if (s) offer_n(c, f, r, s, strlen(s));
}

/* Comma-separated keywords, one tag each. */
static void offer_tags(collector *c, int r, const char *s, size_t len) {
  const char *p = s, *e = s + len;
  while (p < e) {
    const char *q = memchr(p, ',', (size_t)(e - p));
    if (!q) q = e;
    offer_n(c, F_TAGS, r, p, (size_t)(q - p));
    p = q + 1;
  }
}

/*** JSON-LD (json-c) ***/

/* Object nodes found in the page's JSON-LD, for @id references. */
#define MAX_LD_NODES 512

typedef struct ld {
  json_object *node[MAX_LD_NODES];
  unsigned n;
  json_object *article, *page, *site;
} ld;

static const char *type_name(const char *t) {
  /* "https://schema.org/NewsArticle", "schema:NewsArticle" */
  const char *s = strrchr(t, '/');
  if (s) t = s + 1;
  s = strrchr(t, ':');
  return s ? s + 1 : t;
}

static int type_in(json_object *o, const char *const *names) {
  json_object *t;
  if (!json_object_object_get_ex(o, "@type", &t)) return 0;
  size_t n = json_object_is_type(t, json_type_array) ? json_object_array_length(t) : 1;
  for (size_t i = 0; i < n && i < 8; i++) {
    json_object *x = json_object_is_type(t, json_type_array) ? json_object_array_get_idx(t, i) : t;
    if (!json_object_is_type(x, json_type_string)) continue;
    const char *name = type_name(json_object_get_string(x));
    for (int k = 0; names[k]; k++)
      if (ieq(name, names[k])) return 1;
  }
  return 0;
}

static const char *const article_types[] = {
    "Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
    "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle",
    "AskPublicRecordNewsArticle", "SatiricalArticle", "TechArticle", "ScholarlyArticle",
    "MedicalScholarlyArticle", "SocialMediaPosting", "LiveBlogPosting", "DiscussionForumPosting",
    "AdvertiserContentArticle", "Report", "APIReference", "Posting", "Blog", NULL};
static const char *const page_types[] = {"WebPage", "ItemPage", "AboutPage", "FAQPage",
                                         "QAPage", "ProfilePage", "CollectionPage", NULL};
static const char *const site_types[] = {"WebSite", NULL};

/* Collects object nodes in document order.  JSON-LD nests little and the
 * tokener stops at depth LD_DEPTH, so this recursion is bounded; lists of
 * other things (related items, comments) are not searched for the
 * article. */
static void ld_walk(ld *g, json_object *o, int depth) {
  if (depth > 32 || !o) return;
  if (json_object_is_type(o, json_type_array)) {
    size_t n = json_object_array_length(o);
    for (size_t i = 0; i < n; i++) ld_walk(g, json_object_array_get_idx(o, i), depth + 1);
    return;
  }
  if (!json_object_is_type(o, json_type_object)) return;
  if (g->n < MAX_LD_NODES) g->node[g->n++] = o;
  if (!g->article && type_in(o, article_types)) g->article = o;
  if (!g->page && type_in(o, page_types)) g->page = o;
  if (!g->site && type_in(o, site_types)) g->site = o;
  json_object_object_foreach(o, key, val) {
    if (!strcmp(key, "itemListElement") || !strcmp(key, "comment") || !strcmp(key, "review") ||
        !strcmp(key, "relatedLink") || !strcmp(key, "citation") || !strcmp(key, "hasPart") ||
        !strcmp(key, "isPartOf") || !strcmp(key, "subjectOf"))
      continue;
    ld_walk(g, val, depth + 1);
  }
}

/* {"@id": "..."} alone is a reference to another node of the graph. */
static json_object *ld_deref(const ld *g, json_object *o) {
  json_object *id;
  if (!json_object_is_type(o, json_type_object) || json_object_object_length(o) != 1 ||
      !json_object_object_get_ex(o, "@id", &id) ||
      !json_object_is_type(id, json_type_string))
    return o;
  const char *want = json_object_get_string(id);
  for (unsigned i = 0; i < g->n; i++) {
    json_object *x, *other = g->node[i];
    if (json_object_object_length(other) < 2) continue;
    if (json_object_object_get_ex(other, "@id", &x) && json_object_is_type(x, json_type_string) &&
        !strcmp(json_object_get_string(x), want))
      return other;
  }
  return o;
}

static void ld_offer_string(collector *c, int f, json_object *v) {
  if (!v) return;
  if (json_object_is_type(v, json_type_int) && (f == F_DATE || f == F_MODIFIED)) {
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", (long long)json_object_get_int64(v));
    offer(c, f, R_JSONLD, digits);
    return;
  }
  if (!json_object_is_type(v, json_type_string)) return;
  wn_buf *b = &c->tmp;
  b->len = 0;
  decode_entities(b, json_object_get_string(v), (size_t)json_object_get_string_len(v));
  if (b->failed) {
    c->nomem = 1;
    return;
  }
  /* the buffer is reused by offer_n for addresses: copy out first (the
   * length, not strlen: "\u0000" decodes to a NUL that wn_meta_clean() drops) */
  size_t n = b->len;
  char *s = wn_arena_strndup(c->a, n ? b->data : "", n);
  if (!s) {
    c->nomem = 1;
    return;
  }
  if (f == F_TAGS) offer_tags(c, R_JSONLD, s, n);
  else offer_n(c, f, R_JSONLD, s, n);
}

static json_object *get(json_object *o, const char *key) {
  json_object *v = NULL;
  if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v)) return NULL;
  return v;
}

/* A name: a string, or an object (a Person, an Organization, a
 * reference to one) with a name. */
static void ld_offer_name(collector *c, const ld *g, int f, json_object *v) {
  if (!v) return;
  if (json_object_is_type(v, json_type_array)) {
    size_t n = json_object_array_length(v);
    for (size_t i = 0; i < n && i < WN_META_MAX_AUTHORS; i++)
      ld_offer_name(c, g, f, json_object_array_get_idx(v, i));
    return;
  }
  if (json_object_is_type(v, json_type_object)) {
    v = ld_deref(g, v);
    json_object *name = get(v, "name");
    if (json_object_is_type(name, json_type_array)) name = json_object_array_get_idx(name, 0);
    ld_offer_string(c, f, name);
    return;
  }
  ld_offer_string(c, f, v);
}

/* An image: an address, an ImageObject (or a reference to one), a list. */
static void ld_offer_image(collector *c, const ld *g, json_object *v) {
  if (json_object_is_type(v, json_type_array)) v = json_object_array_get_idx(v, 0);
  if (json_object_is_type(v, json_type_object)) {
    v = ld_deref(g, v);
    json_object *u = get(v, "url");
    ld_offer_string(c, F_IMAGE, u ? u : get(v, "contentUrl"));
    return;
  }
  ld_offer_string(c, F_IMAGE, v);
}

static void ld_offer_article(collector *c, const ld *g, json_object *o, int is_article) {
  if (is_article) {
    ld_offer_string(c, F_TITLE, get(o, "headline"));
    ld_offer_string(c, F_TITLE, get(o, "name"));
  }
  ld_offer_name(c, g, F_AUTHOR, get(o, "author"));
  ld_offer_string(c, F_DATE, get(o, "datePublished"));
  ld_offer_string(c, F_DATE, get(o, "dateCreated"));
  ld_offer_string(c, F_MODIFIED, get(o, "dateModified"));
  ld_offer_name(c, g, F_SITENAME, get(o, "publisher"));
  ld_offer_string(c, F_DESCRIPTION, get(o, "description"));
  json_object *lang = get(o, "inLanguage");
  if (json_object_is_type(lang, json_type_object)) lang = get(lang, "alternateName");
  ld_offer_string(c, F_LANGUAGE, lang);
  ld_offer_image(c, g, get(o, "image"));
  json_object *kw = get(o, "keywords");
  if (json_object_is_type(kw, json_type_array)) {
    size_t n = json_object_array_length(kw);
    for (size_t i = 0; i < n && i < WN_META_MAX_TAGS; i++)
      ld_offer_string(c, F_TAGS, json_object_array_get_idx(kw, i));
  } else {
    ld_offer_string(c, F_TAGS, kw);
  }
}

/* The text of one <script type="application/ld+json">, parsed; broken
 * JSON (a stray comma, an HTML comment around it, a cut page) is
 * skipped. */
static json_object *ld_parse(const char *s, size_t len) {
  /* CMSs wrap the JSON in <!-- --> or //<![CDATA[ ]]>: start at the
   * first bracket, end at the last. */
  const char *b = s, *e = s + len;
  while (b < e && *b != '{' && *b != '[') b++;
  while (e > b && e[-1] != '}' && e[-1] != ']') e--;
  if (b >= e || e - b > (1 << 24)) return NULL;
  struct json_tokener *tok = json_tokener_new_ex(32);
  if (!tok) return NULL;
  /* strict: a trailing comma or a single quote is broken JSON, as it is
   * to the search engines the markup is written for */
  json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
  json_object *o = json_tokener_parse_ex(tok, b, (int)(e - b));
  if (json_tokener_get_error(tok) != json_tokener_success) {
    json_object_put(o);
    o = NULL;
  }
  json_tokener_free(tok);
  return o;
}

/* JSON-LD scripts are few; more than this many on one page are ignored. */
#define MAX_LD_SCRIPTS 32

static void read_jsonld(collector *c, const wn_dom *dom) {
  const wn_node *nodes = dom->nodes;
  json_object *docs[MAX_LD_SCRIPTS];
  unsigned ndocs = 0;
  ld *g = calloc(1, sizeof *g); /* 4 KiB of pointers, freed below */
  if (!g) {
    c->nomem = 1;
    return;
  }
  for (uint32_t i = 0; i < dom->count && ndocs < MAX_LD_SCRIPTS; i++) {
    if (nodes[i].tag != WN_TAG_SCRIPT) continue;
    const char *type = wn_node_attr(&nodes[i], WN_ATTR_TYPE);
    if (!type || !istarts(type, "application/ld+json")) continue;
    wn_buf *b = &c->tmp;
    b->len = 0;
    for (uint32_t k = i + 1; k < nodes[i].end; k++)
      if (nodes[k].tag == WN_TAG_TEXT) wn_buf_put(b, nodes[k].text, nodes[k].len);
    if (b->failed) {
      c->nomem = 1;
      break;
    }
    json_object *o = b->len ? ld_parse(b->data, b->len) : NULL;
    if (!o) continue;
    docs[ndocs++] = o;
    ld_walk(g, o, 0);
  }
  /* The article's fields first; a page or site node gives what it lacks. */
  if (g->article) ld_offer_article(c, g, g->article, 1);
  else if (g->page) ld_offer_article(c, g, g->page, 0);
  if (g->site) ld_offer_string(c, F_SITENAME, get(g->site, "name"));
  if (g->article || g->page) {
    json_object *o = g->article ? g->article : g->page, *u = get(o, "mainEntityOfPage");
    if (json_object_is_type(u, json_type_object)) u = get(u, "@id");
    if (!json_object_is_type(u, json_type_string) || !wn_url_is_absolute(json_object_get_string(u)))
      u = get(o, "url");
    if (json_object_is_type(u, json_type_string) && wn_url_is_absolute(json_object_get_string(u)))
      ld_offer_string(c, F_CANONICAL, u);
  }
  for (unsigned k = 0; k < ndocs; k++) json_object_put(docs[k]);
  free(g);
}

/*** The page's own elements ***/

/* Collapsed text of a subtree (bylines, <time>, <title>), at most a
 * line's worth. */
const char *wn_meta_element_text(collector *c, const wn_dom *dom, uint32_t i) {
  const wn_node *nodes = dom->nodes;
  wn_buf *b = &c->tmp;
  b->len = 0;
  /* bounded in nodes too: nested bylines must not make the scan quadratic */
  uint32_t end = nodes[i].end - i > 4096 ? i + 4096 : nodes[i].end;
  for (uint32_t k = i + 1; k < end && b->len < 1024; k++) {
    if (nodes[k].tag == WN_TAG_SCRIPT || nodes[k].tag == WN_TAG_STYLE) {
      k = nodes[k].end - 1;
      continue;
    }
    if (nodes[k].tag == WN_TAG_TEXT) {
      wn_buf_put(b, nodes[k].text, nodes[k].len);
      wn_buf_putc(b, ' ');
    }
  }
  if (b->failed) {
    c->nomem = 1;
    return NULL;
  }
  return b->len ? wn_arena_strndup(c->a, b->data, b->len) : NULL;
}

typedef struct meta_rule {
  const char *name; /* name="" or property="" */
  int field, rank;
} meta_rule;

static const meta_rule meta_rules[] = {
    {"og:title", F_TITLE, R_OG},
    {"twitter:title", F_TITLE, R_OG},
    {"dc.title", F_TITLE, R_DC},
    {"dcterms.title", F_TITLE, R_DC},
    {"article:author", F_AUTHOR, R_OG},
    {"dc.creator", F_AUTHOR, R_DC},
    {"dcterms.creator", F_AUTHOR, R_DC},
    {"author", F_AUTHOR, R_META},
    {"article:published_time", F_DATE, R_OG},
    {"og:published_time", F_DATE, R_OG},
    {"article:published", F_DATE, R_OG},
    {"dc.date", F_DATE, R_DC},
    {"dc.date.issued", F_DATE, R_DC},
    {"dc.date.created", F_DATE, R_DC},
    {"dcterms.issued", F_DATE, R_DC},
    {"dcterms.date", F_DATE, R_DC},
    {"dcterms.created", F_DATE, R_DC},
    {"date", F_DATE, R_META},
    {"pubdate", F_DATE, R_META},
    {"publishdate", F_DATE, R_META},
    {"publish-date", F_DATE, R_META},
    {"publish_date", F_DATE, R_META},
    {"article.published", F_DATE, R_META},
    {"sailthru.date", F_DATE, R_META},
    {"parsely-pub-date", F_DATE, R_META},
    /* schema.org's and other CMSs' names, written into <meta name> */
    {"og:article:published_time", F_DATE, R_OG},
    {"datepublished", F_DATE, R_META},
    {"published_at", F_DATE, R_META},
    {"pub_date", F_DATE, R_META},
    {"publisheddate", F_DATE, R_META},
    {"prism.publicationdate", F_DATE, R_META},
    {"cxenseparse:recs:publishtime", F_DATE, R_META},
    {"cxenseparse:publishtime", F_DATE, R_META},
    {"article:modified_time", F_MODIFIED, R_OG},
    {"og:updated_time", F_MODIFIED, R_OG},
    {"article:modified", F_MODIFIED, R_OG},
    {"dc.date.modified", F_MODIFIED, R_DC},
    {"dcterms.modified", F_MODIFIED, R_DC},
    {"last-modified", F_MODIFIED, R_META},
    {"og:article:modified_time", F_MODIFIED, R_OG},
    {"datemodified", F_MODIFIED, R_META},
    {"og:site_name", F_SITENAME, R_OG},
    {"dc.publisher", F_SITENAME, R_DC},
    {"dcterms.publisher", F_SITENAME, R_DC},
    {"application-name", F_SITENAME, R_META},
    {"og:description", F_DESCRIPTION, R_OG},
    {"twitter:description", F_DESCRIPTION, R_OG},
    {"dc.description", F_DESCRIPTION, R_DC},
    {"dcterms.description", F_DESCRIPTION, R_DC},
    {"description", F_DESCRIPTION, R_META},
    {"og:locale", F_LANGUAGE, R_OG},
    {"dc.language", F_LANGUAGE, R_DC},
    {"dcterms.language", F_LANGUAGE, R_DC},
    {"language", F_LANGUAGE, R_META},
    {"og:url", F_CANONICAL, R_OG},
    {"og:image", F_IMAGE, R_OG},
    {"og:image:url", F_IMAGE, R_OG},
    {"og:image:secure_url", F_IMAGE, R_OG},
    {"twitter:image", F_IMAGE, R_OG},
    {"twitter:image:src", F_IMAGE, R_OG},
    {"article:tag", F_TAGS, R_OG},
    {"dc.subject", F_TAGS, R_DC},
    {"dcterms.subject", F_TAGS, R_DC},
    {"keywords", F_TAGS, R_META},
    {"news_keywords", F_TAGS, R_META},
    {NULL, 0, 0}};

static void read_meta(collector *c, const wn_node *nd) {
  const char *content = wn_node_attr(nd, WN_ATTR_CONTENT);
  if (!content) return;
  const char *eq = wn_node_attr(nd, WN_ATTR_HTTP_EQUIV);
  if (eq && ieq(eq, "content-language")) {
    /* "de, en": more than one language says nothing about this page */
    if (!strchr(content, ',')) offer(c, F_LANGUAGE, R_HTML, content);
    return;
  }
  const char *keys[2] = {wn_node_attr(nd, WN_ATTR_PROPERTY), wn_node_attr(nd, WN_ATTR_NAME)};
  for (int k = 0; k < 2; k++) {
    if (!keys[k]) continue;
    for (const meta_rule *r = meta_rules; r->name; r++) {
      if (!ieq(keys[k], r->name)) continue;
      if (r->field == F_TAGS && r->rank != R_OG) {
        offer_tags(c, r->rank, content, strlen(content));
      } else if (r->field == F_LANGUAGE && r->rank == R_OG) {
        /* og:locale is "en_US"; a language tag has a hyphen */
        char tag[32];
        size_t n = strlen(content);
        if (n >= sizeof tag) break;
        for (size_t i = 0; i <= n; i++) tag[i] = content[i] == '_' ? '-' : content[i];
        offer(c, F_LANGUAGE, R_OG, tag);
      } else {
        offer(c, r->field, r->rank, content);
      }
      break;
    }
  }
  /* <meta itemprop="datePublished" content="..."> */
  const char *ip = wn_node_attr(nd, WN_ATTR_ITEMPROP);
  if (ip) {
    if (has_token(ip, "datePublished")) offer(c, F_DATE, R_ITEMPROP, content);
    if (has_token(ip, "dateModified")) offer(c, F_MODIFIED, R_ITEMPROP, content);
    if (has_token(ip, "author")) offer(c, F_AUTHOR, R_ITEMPROP, content);
  }
}

/* SEO plugins write the author as a Twitter card's labelled datum:
 * twitter:label1 "Written by", twitter:data1 "Jane Doe" (or one tag,
 * twitter:misc:Written by "Jane Doe").  Given the
 * digit of the last label that said so (0: none), returns it for the
 * next meta and offers the datum of that digit. */
static char twitter_byline(collector *c, const wn_node *nd, char written_by) {
  const char *key = wn_node_attr(nd, WN_ATTR_NAME), *v = wn_node_attr(nd, WN_ATTR_CONTENT);
  if (!key) key = wn_node_attr(nd, WN_ATTR_PROPERTY);
  static const char *const labels[] = {"written by", "geschrieben von", "verfasst von",
                                       "\xC3\xA9" "crit par", "escrito por", "scritto da",
                                       "geschreven door", NULL};
  /* the same, as one tag: twitter:misc:Written by */
  if (key && v && istarts(key, "twitter:misc:"))
    for (int k = 0; labels[k]; k++)
      if (ieq(key + 13, labels[k])) offer(c, F_AUTHOR, R_META, v);
  if (!key || !v || strlen(key) < 13 || strlen(key) > 14) return written_by;
  if (istarts(key, "twitter:label") && key[14 - 1] && !key[14]) {
    for (int k = 0; labels[k]; k++)
      if (ieq(v, labels[k])) return key[13];
    return written_by == key[13] ? 0 : written_by;
  }
  if (istarts(key, "twitter:data") && !key[13] && written_by && key[12] == written_by)
    offer(c, F_AUTHOR, R_META, v);
  return written_by;
}

/* itemprop="author": its content attribute, the text of its
 * itemprop="name", else its own text. */
static void read_itemprop_author(collector *c, const wn_dom *dom, uint32_t i) {
  const wn_node *nodes = dom->nodes;
  if (c->rank[F_AUTHOR] < R_ITEMPROP || c->m->nauthor >= WN_META_MAX_AUTHORS) return;
  uint32_t end = nodes[i].end - i > 256 ? i + 256 : nodes[i].end;
  for (uint32_t k = i + 1; k < end; k++) {
    const char *ip = wn_node_attr(&nodes[k], WN_ATTR_ITEMPROP);
    if (ip && has_token(ip, "name")) {
      const char *v = wn_node_attr(&nodes[k], WN_ATTR_CONTENT);
      offer(c, F_AUTHOR, R_ITEMPROP, v ? v : wn_meta_element_text(c, dom, k));
      return;
    }
  }
  offer(c, F_AUTHOR, R_ITEMPROP, wn_meta_element_text(c, dom, i));
}

/* Ancestors looked at for a picture around an itemprop. */
#define MEDIA_DEPTH 12

/* 1 when node i is inside a figure or an image's item: its author is
 * the photographer's credit, not the article's (a video's page is the
 * video's, and its author is the page's). */
static int media_credit(const wn_dom *dom, uint32_t i) {
  uint32_t p = dom->nodes[i].parent;
  for (int up = 0; up < MEDIA_DEPTH && p != WN_NONE; up++, p = dom->nodes[p].parent) {
    const wn_node *nd = &dom->nodes[p];
    if (nd->tag == WN_TAG_FIGURE || nd->tag == WN_TAG_FIGCAPTION) return 1;
    const char *t = wn_node_attr(nd, WN_ATTR_ITEMTYPE);
    if (t && (strstr(t, "ImageObject") || strstr(t, "Photograph")))
      return 1;
  }
  return 0;
}

/* A <time>: its datetime attribute, else its text. */
static void offer_time(collector *c, const wn_dom *dom, uint32_t i, int field, int rank) {
  const char *v = wn_node_attr(&dom->nodes[i], WN_ATTR_DATETIME);
  if (!v) v = wn_node_attr(&dom->nodes[i], WN_ATTR_CONTENT);
  offer(c, field, rank, v ? v : wn_meta_element_text(c, dom, i));
}

/* Nodes of a sidebar or a teaser list looked at for its <time>s. */
#define TEASER_SCAN 4096

static void read_page(collector *c, const wn_dom *dom, const wn_features *fs, uint32_t article) {
  const wn_node *nodes = dom->nodes;
  uint32_t title = WN_NONE, time_in = WN_NONE, time_before = WN_NONE, time_first = WN_NONE;
  char written_by = 0;
  uint32_t others_end = 0; /* the end of the sidebar or teaser list we are in */
  uint32_t quiet_end = 0;  /* the end of what was scanned and found no list */
  for (uint32_t i = 0; i < dom->count; i++) {
    const wn_node *nd = &nodes[i];
    if (nd->tag == WN_TAG_TEXT) continue;
    /* a list of other articles dates each of them: a sidebar, a teaser
     * list with two <time>s or more (a wrapper of the article named
     * "has-sidebar", or a header's breadcrumbs holding its one <time>,
     * is none) */
    if (i >= others_end && nd->end > quiet_end &&
        (nd->tag == WN_TAG_NAV || nd->tag == WN_TAG_ASIDE || wn_meta_others_named(nd)) &&
        !(article != WN_NONE && i <= article && nd->end >= nodes[article].end)) {
      unsigned times = 0;
      uint32_t k = i + 1;
      for (; k < nd->end && k - i < TEASER_SCAN && times < 2; k++) times += nodes[k].tag == WN_TAG_TIME;
      if (times >= 2) others_end = nd->end;
      else quiet_end = k; /* nothing nested in what was scanned is a list either */
    }
    /* what comment sections say about their comments is not the page's */
    const char *prop = wn_node_attr(nd, WN_ATTR_ITEMPROP);
    if ((fs && (fs->f[i].flags & WN_F_COMMENTS)) ||
        (prop && (has_token(prop, "comment") || has_token(prop, "review")))) {
      i = nd->end - 1;
      continue;
    }
    switch (nd->tag) {
    case WN_TAG_HTML: offer(c, F_LANGUAGE, R_HTML, wn_node_attr(nd, WN_ATTR_LANG)); break;
    case WN_TAG_TITLE:
      if (title == WN_NONE) title = i;
      break;
    case WN_TAG_META:
      read_meta(c, nd);
      written_by = twitter_byline(c, nd, written_by);
      break;
    case WN_TAG_LINK: {
      const char *rel = wn_node_attr(nd, WN_ATTR_REL), *href = wn_node_attr(nd, WN_ATTR_HREF);
      if (rel && href && has_token(rel, "canonical")) offer(c, F_CANONICAL, R_FIRST, href);
      break;
    }
    case WN_TAG_A: {
      const char *rel = wn_node_attr(nd, WN_ATTR_REL);
      if (rel && has_token(rel, "author")) offer(c, F_AUTHOR, R_REL, wn_meta_element_text(c, dom, i));
      if (rel && has_token(rel, "tag")) offer(c, F_TAGS, R_REL, wn_meta_element_text(c, dom, i));
      break;
    }
    case WN_TAG_TIME:
      if (wn_node_attr(nd, WN_ATTR_ITEMPROP)) break; /* read as itemprop below */
      if (i < others_end) break; /* a teaser's or a sidebar's */
      if (time_first == WN_NONE) time_first = i;
      if (article != WN_NONE && i > article && i < nodes[article].end) {
        if (time_in == WN_NONE) time_in = i;
      } else if (article != WN_NONE && i < article) {
        time_before = i;
      }
      break;
    default: break;
    }
    const char *ip = nd->tag != WN_TAG_META ? wn_node_attr(nd, WN_ATTR_ITEMPROP) : NULL;
    if (ip) {
      /* a nested item (an article's publisher, a comment's author) keeps
       * its own properties: only the outer author is read */
      if (has_token(ip, "author") && !media_credit(dom, i)) read_itemprop_author(c, dom, i);
      if (has_token(ip, "datePublished")) offer_time(c, dom, i, F_DATE, R_ITEMPROP);
      if (has_token(ip, "dateModified")) offer_time(c, dom, i, F_MODIFIED, R_ITEMPROP);
      if (has_token(ip, "image") || has_token(ip, "thumbnailUrl")) {
        const char *v = wn_node_attr(nd, WN_ATTR_CONTENT);
        if (!v) v = wn_node_attr(nd, nd->tag == WN_TAG_IMG ? WN_ATTR_SRC : WN_ATTR_HREF);
        offer(c, F_IMAGE, R_ITEMPROP, v);
      }
    }
  }
  /* the article's first <time>, else the last one before it (the byline
   * sits above the text), else the page's first */
  uint32_t t = time_in != WN_NONE ? time_in : time_before != WN_NONE ? time_before : time_first;
  if (t != WN_NONE) {
    offer_time(c, dom, t, F_DATE, R_TIME);
    c->time_node = t;
  }
  if (title != WN_NONE) offer(c, F_TITLE, R_TITLE, wn_meta_element_text(c, dom, title));
}

/*** Titles ***/

static const char *const title_seps[] = {" | ", " - ", " \xE2\x80\x94 ", " \xE2\x80\x93 ",
                                         " \xC2\xB7 ", " :: ", " \xC2\xBB ", " / ", NULL};

/* 1 when a quotation opened in t is still open at p: « », „ “, “ ”, and
 * straight double quotes.  Titles are short: the scan is bounded by
 * MAX_VALUE. */
static int in_quotation(const char *t, const char *p) {
  int guil = 0, low = 0, curly = 0, straight = 0;
  for (const char *q = t; q < p; q++) {
    if (!strncmp(q, "\xC2\xAB", 2)) guil++;
    else if (!strncmp(q, "\xC2\xBB", 2)) guil -= guil > 0;
    else if (!strncmp(q, "\xE2\x80\x9E", 3)) low++;
    else if (!strncmp(q, "\xE2\x80\x9C", 3)) {
      if (low) low--;
      else curly++;
    } else if (!strncmp(q, "\xE2\x80\x9D", 3)) {
      if (low) low--;
      else curly -= curly > 0;
    } else if (*q == '"') {
      straight = !straight;
    }
  }
  return guil || low || curly || straight;
}

static size_t title_key(const char *s, char *out, size_t cap);

#define TITLE_KEY 1024

/* Length of the separator that starts p when it may stand between a
 * headline and the site's name without spaces ("Headline|Site",
 * "Headline-Section｜Site", "标题_栏目_网站"), else 0.  The Hangul letter ㅣ
 * serves Korean pages as a bar; it is no syllable, so no word holds it. */
static size_t bar_at(const char *p) {
  static const char *const bars[] = {"|", "-", "_", ":", "/", "\xC2\xB7", "\xC2\xBB", "\xE2\x80\x93",
                                     "\xE2\x80\x94", "\xEF\xBD\x9C", "\xE3\x85\xA3", "\xEF\xBC\x9A",
                                     NULL};
  for (int k = 0; bars[k]; k++)
    if (!strncmp(p, bars[k], strlen(bars[k]))) return strlen(bars[k]);
  return 0;
}

/* The letters and digits of s[0..len), case folded, without spaces. */
static size_t flat_key(const char *s, size_t len, char *out) {
  char tmp[TITLE_KEY];
  if (len >= sizeof tmp) return 0;
  memcpy(tmp, s, len);
  tmp[len] = '\0';
  size_t n = title_key(tmp, out, TITLE_KEY), m = 0;
  for (size_t i = 0; i < n; i++)
    if (out[i] != ' ') out[m++] = out[i];
  out[m] = '\0';
  return m;
}

/* Length of the domain ending of s[0..len) (".de", ".com"), else 0. */
static size_t tld_len(const char *s, size_t len) {
  size_t k = 0;
  while (k < len && k < 5 && is_alpha((unsigned char)s[len - 1 - k])) k++;
  return k >= 2 && k <= 4 && k < len && s[len - 1 - k] == '.' ? k : 0;
}

/* 1 when s[0..len) names the site: the same letters and digits, case and
 * punctuation aside, or with a domain's ending on one side ("MDR.DE" for
 * "MDR"). */
static int names_site(const char *s, size_t len, const char *site) {
  char a[TITLE_KEY], b[TITLE_KEY];
  size_t sl = strlen(site);
  size_t na = flat_key(s, len, a), nb = flat_key(site, sl, b);
  if (!na || !nb) return 0;
  if (na == nb) return !memcmp(a, b, na);
  size_t ta = tld_len(s, len), tb = tld_len(site, sl);
  if (ta && na == nb + ta) return !memcmp(a, b, nb);
  if (tb && nb == na + tb) return !memcmp(a, b, na);
  return 0;
}

/* Where the headline ends in t when the site's name closes it after a
 * separator, spaced or not; NULL when it does not. */
static const char *site_suffix(const char *t, size_t n, const char *site) {
  size_t sl = strlen(site);
  for (const char *p = t; *p; p++) {
    size_t bl = bar_at(p);
    if (!bl) continue;
    const char *q = p + bl;
    while (*q == ' ') q++;
    size_t rest = n - (size_t)(q - t);
    if (rest > sl * 2 + 8 || !names_site(q, rest, site)) continue;
    while (p > t && p[-1] == ' ') p--;
    return p > t ? p : NULL;
  }
  return NULL;
}

/* t[0..end) without a section's name that ends it before the site's
 * ("Headline - Politics | Site", "헤드라인-정치ㅣ사이트"): a last part of a
 * word or two, no digits, under a third of the rest.  Written without
 * spaces around its separator, it must be in a script without capitals
 * (Latin "Spider-Man" is one word). */
static size_t section_cut(const char *t, const char *end) {
  const char *best = NULL;
  for (const char *p = t; p < end; p++) {
    size_t sl = 0;
    int spaced = 0;
    for (int k = 0; title_seps[k]; k++)
      if (!strncmp(p, title_seps[k], strlen(title_seps[k]))) sl = strlen(title_seps[k]), spaced = 1;
    if (!sl) sl = bar_at(p);
    if (!sl || p + sl >= end || in_quotation(t, p)) continue;
    const char *y = p + sl;
    int words = 1, ok = 1;
    for (const char *q = y; q < end; q++) {
      if (*q == ' ') words++;
      if (is_digit((unsigned char)*q) || (!spaced && is_alpha((unsigned char)*q))) ok = 0;
    }
    if (ok && words <= 2 && *y != ' ' && end - y <= 24 && (end - y) * 3 <= p - t) best = p;
    else best = NULL;
    p = y - 1;
  }
  return best ? (size_t)(best - t) : (size_t)(end - t);
}

/* The last of separators seps in t after *best, outside quotations: a
 * separator inside one is its closing mark ("Le « oui » de Macron") or
 * the quotation's own dash, and the title is not cut there. */
static void last_separator(const char *t, const char *const *seps, const char **best, size_t *len) {
  for (int k = 0; seps[k]; k++) {
    const char *p = t, *last = NULL;
    while ((p = strstr(p, seps[k]))) {
      if (!in_quotation(t, p)) last = p;
      p++;
    }
    if (last && (!*best || last > *best)) *best = last, *len = strlen(seps[k]);
  }
}

/* The title without the site's name at its end or start ("Headline |
 * Site", "Headline-Section｜SITE.DE", "Site - Headline"), and with
 * 'section' without a section's name before the site's.  Without a known
 * site name, only the <title> ('guess') loses a last part that is shorter
 * than the rest and at most four words: site names are short, headlines
 * are not. */
static const char *strip_site(collector *c, const char *t, const char *site, int guess,
                              int section) {
  size_t n = strlen(t);
  if (site) {
    const char *end = site_suffix(t, n, site);
    if (end) return wn_arena_strndup(c->a, t, section ? section_cut(t, end) : (size_t)(end - t));
    size_t ml = strlen(site);
    for (int k = 0; title_seps[k]; k++) {
      size_t sl = strlen(title_seps[k]);
      if (n > ml + sl && !strncmp(t, site, ml) && !memcmp(t + ml, title_seps[k], sl))
        return t + ml + sl;
    }
  }
  if (!guess) return t;
  const char *best = NULL;
  size_t best_sl = 0;
  last_separator(t, title_seps, &best, &best_sl);
  /* besides the spaced separators, two that no headline's prose holds,
   * which pages in scripts without spaces use ("标题_栏目_网站"); a part
   * in Latin letters after them is an identifier's ("ngx_http_module") */
  static const char *const unspaced[] = {"_", "\xEF\xBD\x9C", NULL};
  const char *ub = best;
  size_t ul = best_sl;
  last_separator(t, unspaced, &ub, &ul);
  if (ub != best) {
    int latin = 0;
    for (const char *p = ub + ul; *p; p++) latin |= is_alpha((unsigned char)*p);
    if (!latin) best = ub, best_sl = ul;
  }
  if (!best) return t;
  const char *suffix = best + best_sl;
  while (*suffix == ' ') suffix++; /* " ｜ " */
  while (best > t && best[-1] == ' ') best--;
  int words = 1;
  for (const char *p = suffix; *p; p++) words += *p == ' ';
  if (words > 4 || strlen(suffix) >= (size_t)(best - t)) return t;
  c->m->site_hint = suffix;
  return wn_arena_strndup(c->a, t, section ? section_cut(t, best) : (size_t)(best - t));
}

const char *wn_meta_logo_name(const wn_dom *dom, uint32_t i) {
  const wn_node *nodes = dom->nodes;
  const char *alt = NULL;
  uint32_t end = nodes[i].end - i > 64 ? i + 64 : nodes[i].end;
  for (uint32_t k = i + 1; k < end; k++) {
    if (nodes[k].tag == WN_TAG_TEXT) {
      for (size_t j = 0; j < nodes[k].len; j++)
        if (!is_space((unsigned char)nodes[k].text[j])) return NULL;
    } else if (nodes[k].tag == WN_TAG_IMG) {
      const char *v = wn_node_attr(&nodes[k], WN_ATTR_ALT);
      if (alt || !v || !*v) return NULL;
      alt = v;
    }
  }
  return end == nodes[i].end ? alt : NULL;
}

const char *wn_meta_without_site(wn_arena *a, const char *t, const char *site) {
  if (!t || !site) return t;
  const char *end = site_suffix(t, strlen(t), site);
  if (!end) return t;
  const char *r = wn_arena_strndup(a, t, section_cut(t, end));
  return r ? r : t;
}

/* The site's name as the <title> gives it, for recognizing a logo's
 * heading: the same rule as strip_site(), applied to the raw <title>. */
static void site_hint(collector *c, const char *t) {
  if (c->m->site_hint || !t) return;
  (void)strip_site(c, t, NULL, 1, 0);
}

int wn_meta_is_title(const wn_meta *m, const char *h) {
  if (!h || !*h) return 0;
  size_t n = strlen(h);
  for (unsigned i = 0; i < m->ntitle_cand; i++) {
    const char *t = m->title_cand[i];
    if (!lower_eq_n(t, h, n)) continue;
    if (!t[n]) return 1;
    for (int k = 0; title_seps[k]; k++)
      if (!strncmp(t + n, title_seps[k], strlen(title_seps[k]))) return 1;
  }
  return 0;
}

/* 1 when the text of subtree i is a separator alone: a few characters,
 * none a letter or a digit (":", " - ", "|"). */
static int separator_only(const wn_dom *dom, uint32_t i) {
  const wn_node *nodes = dom->nodes;
  size_t total = 0;
  for (uint32_t k = i + 1; k < nodes[i].end; k++) {
    if (nodes[k].tag != WN_TAG_TEXT) continue;
    total += nodes[k].len;
    if (total > 8) return 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)nodes[k].text;
    const utf8proc_uint8_t *e = p + nodes[k].len;
    while (p < e) {
      utf8proc_int32_t cp;
      utf8proc_ssize_t n = utf8proc_iterate(p, e - p, &cp);
      if (n <= 0) return 0;
      utf8proc_category_t cat = utf8proc_category(cp);
      if ((cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
          (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO))
        return 0;
      p += n;
    }
  }
  return total > 0;
}

const char *wn_meta_heading_text(wn_arena *a, const wn_dom *dom, const wn_features *fs, uint32_t i,
                                 int *nomem) {
  const wn_node *nodes = dom->nodes;
  wn_buf b;
  wn_buf_init(&b, &a->mem);
  for (uint32_t k = i + 1; k < nodes[i].end && b.len < 2048; k++) {
    if (fs && (fs->f[k].flags & WN_F_DROP)) {
      /* a hidden part is left out, but for the separator a heading gives
       * screen readers between its kicker's and its headline's spans */
      if (separator_only(dom, k))
        for (uint32_t j = k + 1; j < nodes[k].end; j++)
          if (nodes[j].tag == WN_TAG_TEXT) wn_buf_put(&b, nodes[j].text, nodes[j].len);
      k = nodes[k].end - 1;
      continue;
    }
    if (nodes[k].tag == WN_TAG_TEXT) wn_buf_put(&b, nodes[k].text, nodes[k].len);
  }
  if (b.failed) *nomem = 1;
  const char *s = b.failed ? NULL : wn_meta_clean(a, b.data, b.len, nomem);
  wn_buf_free(&b);
  return s;
}

/* The text as the title comparisons see it: letters and digits, case
 * folded, every other run as one space.  Bounded: titles are short. */
static size_t title_key(const char *s, char *out, size_t cap) {
  size_t n = 0;
  int space = 0;
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
  while (*p && n + 8 < cap) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
    if (k <= 0) {
      p++;
      continue;
    }
    p += k;
    utf8proc_category_t cat = utf8proc_category(cp);
    int word = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
               (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_NO);
    if (!word) {
      space = n > 0;
      continue;
    }
    if (space) out[n++] = ' ';
    space = 0;
    n += (size_t)utf8proc_encode_char(utf8proc_tolower(cp), (utf8proc_uint8_t *)out + n);
  }
  out[n] = '\0';
  return n;
}

/* 1 when key a ends with key b, b being most of a.  Keys are compared
 * without their spaces: an <h1> of two spans reads "KickerHeadline". */
static int ends_with_key(const char *a, const char *b) {
  char x[TITLE_KEY], y[TITLE_KEY];
  size_t na = 0, nb = 0;
  for (; *a; a++)
    if (*a != ' ') x[na++] = *a;
  for (; *b; b++)
    if (*b != ' ') y[nb++] = *b;
  return nb >= 12 && na > nb && !memcmp(x + na - nb, y, nb) && nb * 5 > na * 2;
}

static int same_key(const char *a, const char *b) {
  while (*a || *b) {
    while (*a == ' ') a++;
    while (*b == ' ') b++;
    if (*a != *b) return 0;
    if (*a) a++, b++;
  }
  return 1;
}

/* 1 when keys a[0..na) and b[0..nb) have a word in common. */
static int share_word(const char *a, size_t na, const char *b, size_t nb) {
  for (size_t i = 0; i < na;) {
    size_t j = i;
    while (j < na && a[j] != ' ') j++;
    for (size_t x = 0; x < nb;) {
      size_t y = x;
      while (y < nb && b[y] != ' ') y++;
      if (y - x == j - i && !memcmp(a + i, b + x, j - i)) return 1;
      x = y + 1;
    }
    i = j + 1;
  }
  return 0;
}

/* Where the headline starts in metadata title v when v and the <h1>
 * (key kh) give the same headline after different kickers ("Kicker:
 * Headline", "Other kicker - Headline"): after a separator in v whose
 * tail is the end of the <h1> from a word on, each kicker shorter than
 * the headline and without a word of the other (a kicker reworded,
 * "HS Roundup" and "High School Roundup", is one kicker).  NULL
 * otherwise. */
static const char *shared_headline(const char *v, const char *kh, size_t nh) {
  static const char *const seps[] = {": ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " | ", NULL};
  char kt[TITLE_KEY], kk[TITLE_KEY];
  if (strlen(v) >= TITLE_KEY) return NULL; /* no headline: the scan stays short */
  for (const char *p = v; *p; p++) {
    size_t sl = 0;
    for (int k = 0; seps[k] && !sl; k++)
      if (!strncmp(p, seps[k], strlen(seps[k]))) sl = strlen(seps[k]);
    if (!sl || (size_t)(p - v) >= sizeof kk || in_quotation(v, p)) continue;
    size_t nt = title_key(p + sl, kt, sizeof kt);
    if (nt < 12 || nt + 1 >= nh || kh[nh - nt - 1] != ' ' || memcmp(kh + nh - nt, kt, nt)) continue;
    char head[TITLE_KEY];
    memcpy(head, v, (size_t)(p - v));
    head[p - v] = '\0';
    size_t nk = title_key(head, kk, sizeof kk), hk = nh - nt - 1;
    if (!nk || nk >= nt || hk >= nt || share_word(kk, nk, kh, hk)) continue;
    return p + sl;
  }
  return NULL;
}

const char *wn_meta_headline(const wn_meta *m, const char *h1) {
  if (!h1) return m->title;
  char kh[TITLE_KEY], kv[TITLE_KEY];
  size_t nh = title_key(h1, kh, sizeof kh);
  if (!nh) return m->title;
  const char *meta[2] = {m->og_title, m->ld_title};
  for (int k = 0; k < 2; k++) {
    if (!meta[k]) continue;
    if (!title_key(meta[k], kv, sizeof kv)) continue;
    /* the same words: the metadata's spacing and punctuation, which an
     * <h1> made of a kicker's and a headline's spans lacks */
    if (same_key(kv, kh)) return meta[k];
    /* the <h1> with a kicker before the headline the metadata names, or
     * the metadata with the kicker ("Kicker: Headline") the <h1> leaves
     * out */
    if (ends_with_key(kh, kv)) return meta[k];
    if (ends_with_key(kv, kh) && strstr(meta[k], ": ") && !strstr(meta[k], " - ") &&
        !strstr(meta[k], " | "))
      return meta[k];
  }
  /* the <h1> and the metadata give one headline after different kickers:
   * neither kicker is part of it */
  for (int k = 0; k < 2; k++) {
    const char *y = meta[k] ? shared_headline(meta[k], kh, nh) : NULL;
    if (y) return y;
  }
  /* the article's structured data and its OpenGraph and Twitter cards
   * agree on a headline the <h1> does not give; where the cards differ,
   * the metadata has no one headline to set against the <h1> */
  if (m->og_title && m->ld_title) {
    char ko[TITLE_KEY], ka[TITLE_KEY];
    size_t no = title_key(m->og_title, ko, sizeof ko), nl = title_key(m->ld_title, kv, sizeof kv);
    size_t na = m->og_alt ? title_key(m->og_alt, ka, sizeof ka) : nl;
    if (no && no == nl && !memcmp(ko, kv, no) && (!m->og_alt || (na == nl && !memcmp(ka, kv, nl))))
      return m->ld_title;
  }
  /* an <h1> of a word or two that the metadata's title does not hold is
   * a section's or the site's name ("Detailansicht") */
  if (m->title) {
    int words = 1, ascii = 1;
    for (const char *p = kh; *p; p++) words += *p == ' ', ascii &= (unsigned char)*p < 0x80;
    size_t nt = title_key(m->title, kv, sizeof kv);
    /* one word; two in scripts without capitals ("기사 상세") */
    if ((words == 1 || (words == 2 && !ascii && nh < 24)) && nt && !strstr(kv, kh))
      return m->title;
  }
  return h1;
}

winnow_status wn_meta_extract(wn_arena *a, const wn_dom *dom, const wn_features *fs,
                              uint32_t article, const char *url, wn_meta *out) {
  memset(out, 0, sizeof *out);
  collector c;
  memset(&c, 0, sizeof c);
  c.a = a;
  c.m = out;
  for (int f = 0; f < F_COUNT; f++) c.rank[f] = R_NONE;
  wn_buf_init(&c.tmp, &a->mem);

  /* The base for links: <base href>, resolved against the page's URL. */
  const char *page_url = url && wn_url_is_absolute(url) ? url : NULL;
  out->base = page_url;
  for (uint32_t i = 0; i < dom->count; i++) {
    const char *href;
    if (dom->nodes[i].tag == WN_TAG_BASE && (href = wn_node_attr(&dom->nodes[i], WN_ATTR_HREF))) {
      c.tmp.len = 0;
      if (wn_url_resolve(&c.tmp, page_url, href) || wn_url_is_absolute(href))
        out->base = wn_arena_strndup(a, c.tmp.data, c.tmp.len);
      else if (c.tmp.failed) c.nomem = 1;
      break;
    }
  }
  c.base = out->base;

  if (dom->count) {
    read_jsonld(&c, dom);
    read_page(&c, dom, fs, article);
    if (fs) wn_meta_read_printed(&c, dom, fs, article, page_url);
  }
  if (out->title)
    out->title = strip_site(&c, out->title, out->sitename, c.rank[F_TITLE] == R_TITLE, 1);
  for (unsigned i = 0; i < out->ntitle_cand && !out->site_hint; i++)
    site_hint(&c, out->title_cand[i]);
  if (out->sitename) out->site_hint = out->sitename;
  /* the copies compared with the <h1> keep a section's name: a title
   * composed of more parts than a kicker and a headline is no headline
   * with its kicker (wn_meta_headline()) */
  if (out->ld_title) out->ld_title = strip_site(&c, out->ld_title, out->site_hint, 0, 0);
  if (out->og_title) out->og_title = strip_site(&c, out->og_title, out->site_hint, 0, 0);
  if (out->og_alt) out->og_alt = strip_site(&c, out->og_alt, out->site_hint, 0, 0);
  wn_buf_free(&c.tmp);
  return c.nomem ? WINNOW_E_NOMEM : WINNOW_OK;
}
