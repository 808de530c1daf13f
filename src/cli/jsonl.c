/* JSONL input: a line splitter over wn_src and json-c for each line. */
#include "jsonl.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

struct wn_lines {
  wn_src *src;
  size_t max;
  char *buf;
  size_t cap, pos, len;
  uint64_t lineno;
  int eof, skipping;
  uint64_t skipped; /* bytes of the over-long line being skipped */
};

wn_lines *wn_lines_new(wn_src *src, size_t max_line) {
  wn_lines *l = calloc(1, sizeof *l);
  if (!l) return NULL;
  l->src = src;
  l->max = max_line;
  l->cap = 1u << 16;
  if (!(l->buf = malloc(l->cap))) {
    free(l);
    return NULL;
  }
  return l;
}

void wn_lines_free(wn_lines *l) {
  if (!l) return;
  free(l->buf);
  free(l);
}

int wn_lines_next(wn_lines *l, const char **line, size_t *len, uint64_t *lineno) {
  size_t scanned = 0;
  for (;;) {
    char *nl = memchr(l->buf + l->pos + scanned, '\n', l->len - l->pos - scanned);
    if (nl || (l->eof && l->len > l->pos)) {
      size_t end = nl ? (size_t)(nl - l->buf) : l->len;
      *line = l->buf + l->pos;
      *len = end - l->pos;
      if (*len && (*line)[*len - 1] == '\r') (*len)--;
      l->pos = nl ? end + 1 : end;
      *lineno = ++l->lineno;
      if (l->skipping) {
        /* the end of a line that was too long */
        l->skipping = 0;
        *len = (size_t)(l->skipped + (end - (size_t)(*line - l->buf)));
        return WN_LINE_LONG;
      }
      return WN_LINE;
    }
    if (l->eof) {
      if (l->skipping) {
        l->skipping = 0;
        *lineno = ++l->lineno;
        *len = (size_t)l->skipped;
        return WN_LINE_LONG;
      }
      return WN_LINE_END;
    }
    scanned = l->len - l->pos;
    if (scanned > l->max) {
      /* too long: drop what we have and look for its end */
      if (!l->skipping) l->skipped = 0;
      l->skipping = 1;
      l->skipped += scanned;
      l->pos = l->len = 0;
      scanned = 0;
    }
    if (l->pos && l->cap - l->len < (1u << 15)) {
      memmove(l->buf, l->buf + l->pos, l->len - l->pos);
      l->len -= l->pos;
      l->pos = 0;
    }
    if (l->cap - l->len < (1u << 15)) {
      char *nb = realloc(l->buf, l->cap * 2);
      if (!nb) return -1;
      l->buf = nb;
      l->cap *= 2;
    }
    wn_src_ev ev;
    size_t n = wn_src_read(l->src, l->buf + l->len, l->cap - l->len, &ev);
    if (n) {
      l->len += n;
      continue;
    }
    if (ev == WN_SRC_BOUNDARY) continue;
    if (ev == WN_SRC_CORRUPT) {
      /* the partial line came from the damaged member: drop it */
      l->pos = l->len = 0;
      l->skipping = 0;
      return WN_LINE_CORRUPT;
    }
    l->eof = 1;
    if (ev == WN_SRC_IOERR) return WN_LINE_IOERR;
  }
}

/* A string (or number, for ids) field of o, malloc'd. */
static char *field(json_object *o, const char *name, int *oom) {
  json_object *v;
  if (!name || !json_object_object_get_ex(o, name, &v)) return NULL;
  if (!json_object_is_type(v, json_type_string) && !json_object_is_type(v, json_type_int)) return NULL;
  const char *s = json_object_get_string(v);
  size_t n = json_object_is_type(v, json_type_string) ? (size_t)json_object_get_string_len(v) : strlen(s);
  char *d = malloc(n + 1);
  if (!d) {
    *oom = 1;
    return NULL;
  }
  memcpy(d, s, n);
  d[n] = 0;
  return d;
}

void wn_jsonl_page_clear(wn_jsonl_page *p) {
  free(p->url);
  free(p->id);
  free(p->date);
  free(p->html);
  memset(p, 0, sizeof *p);
}

int wn_jsonl_page_parse(const char *line, size_t len, const wn_jsonl_fields *f,
                        wn_jsonl_page *out, const char **why) {
  memset(out, 0, sizeof *out);
  json_tokener *tok = json_tokener_new_ex(64);
  if (!tok) {
    *why = "nomem";
    return -1;
  }
  json_object *o = len <= (size_t)0x7fffffff ? json_tokener_parse_ex(tok, line, (int)len) : NULL;
  int ok = o && json_tokener_get_error(tok) == json_tokener_success;
  if (ok) {
    /* nothing but blanks may follow the object */
    for (size_t i = json_tokener_get_parse_end(tok); i < len; i++)
      if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ok = 0;
  }
  json_tokener_free(tok);
  if (!ok || !json_object_is_type(o, json_type_object)) {
    json_object_put(o);
    *why = "bad_json";
    return -1;
  }
  int oom = 0;
  json_object *h;
  if (!json_object_object_get_ex(o, f && f->html ? f->html : "html", &h) ||
      !json_object_is_type(h, json_type_string)) {
    json_object_put(o);
    *why = "no_html";
    return -1;
  }
  size_t n = (size_t)json_object_get_string_len(h);
  if ((out->html = malloc(n + 1))) {
    memcpy(out->html, json_object_get_string(h), n);
    out->html[n] = 0;
    out->html_len = n;
  } else {
    oom = 1;
  }
  out->url = field(o, f && f->url ? f->url : "url", &oom);
  out->id = field(o, f && f->id ? f->id : "id", &oom);
  out->date = field(o, f && f->date ? f->date : "date", &oom);
  json_object_put(o);
  if (oom) {
    wn_jsonl_page_clear(out);
    *why = "nomem";
    return -1;
  }
  return 0;
}
