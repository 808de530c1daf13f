/* JSON: one object per page, on one line.  Strings are escaped so the
 * output is valid JSON whatever the page held (every string is already
 * valid UTF-8: the decoder and the metadata reader replace what is not);
 * a field the page does not give is null. */
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "doc.h"

/* A JSON string.  Bytes that are not UTF-8 (only the caller's own
 * options.url can hold them) become U+FFFD. */
static void put_string(wn_buf *b, const char *s) {
  if (!s) {
    wn_buf_puts(b, "null");
    return;
  }
  wn_buf_putc(b, '"');
  const unsigned char *run = (const unsigned char *)s, *p = run;
  while (*p) {
    unsigned char c = *p;
    if (c >= 0x80) {
      utf8proc_int32_t cp;
      utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
      if (n > 0) {
        p += n;
        continue;
      }
      wn_buf_put(b, (const char *)run, (size_t)(p - run));
      wn_buf_puts(b, "\\ufffd");
      run = ++p;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      p++;
      continue;
    }
    wn_buf_put(b, (const char *)run, (size_t)(p - run));
    run = ++p;
    switch (c) {
    case '"': wn_buf_puts(b, "\\\""); break;
    case '\\': wn_buf_puts(b, "\\\\"); break;
    case '\n': wn_buf_puts(b, "\\n"); break;
    case '\t': wn_buf_puts(b, "\\t"); break;
    case '\r': wn_buf_puts(b, "\\r"); break;
    default: {
      char esc[8];
      snprintf(esc, sizeof esc, "\\u%04x", c);
      wn_buf_puts(b, esc);
    }
    }
  }
  wn_buf_puts(b, (const char *)run);
  wn_buf_putc(b, '"');
}

static void put_key(wn_buf *b, const char *k, int first) {
  if (!first) wn_buf_putc(b, ',');
  put_string(b, k);
  wn_buf_putc(b, ':');
}

static void put_list(wn_buf *b, const char *const *v, unsigned n) {
  if (!n) {
    wn_buf_puts(b, "null");
    return;
  }
  wn_buf_putc(b, '[');
  for (unsigned i = 0; i < n; i++) {
    if (i) wn_buf_putc(b, ',');
    put_string(b, v[i]);
  }
  wn_buf_putc(b, ']');
}

static void put_size(wn_buf *b, size_t n) {
  char num[32];
  snprintf(num, sizeof num, "%zu", n);
  wn_buf_puts(b, num);
}

/* body[0..len) without its final newline, as a JSON string */
static void put_body(wn_buf *b, const char *body, size_t len) {
  if (len && body[len - 1] == '\n') len--;
  wn_buf tmp;
  wn_buf_init(&tmp, b->mem);
  wn_buf_put(&tmp, body, len);
  put_string(b, len ? wn_buf_cstr(&tmp) : "");
  if (tmp.failed) b->failed = 1;
  wn_buf_free(&tmp);
}

winnow_status wn_render_json(const winnow_doc *d, wn_buf *b) {
  const wn_meta *m = &d->meta;
  wn_buf_putc(b, '{');
  put_key(b, "url", 1);
  put_string(b, d->url);
  put_key(b, "title", 0);
  put_string(b, d->title);
  put_key(b, "author", 0);
  put_list(b, m->author, m->nauthor);
  put_key(b, "date", 0);
  put_string(b, m->date);
  put_key(b, "modified", 0);
  put_string(b, m->modified);
  put_key(b, "sitename", 0);
  put_string(b, m->sitename);
  put_key(b, "description", 0);
  put_string(b, m->description);
  put_key(b, "language", 0);
  put_string(b, m->language);
  put_key(b, "canonical", 0);
  put_string(b, m->canonical);
  put_key(b, "image", 0);
  put_string(b, m->image);
  put_key(b, "tags", 0);
  put_list(b, m->tags, m->ntags);
  if (d->flags & WINNOW_OPT_MARKDOWN_IN_JSON) {
    wn_buf md;
    wn_buf_init(&md, b->mem);
    winnow_status st = wn_render_md(d, &md);
    if (st) {
      wn_buf_free(&md);
      return st;
    }
    put_key(b, "markdown", 0);
    put_body(b, md.data, md.len);
    wn_buf_free(&md);
  } else {
    put_key(b, "text", 0);
    put_body(b, d->text, d->text_len);
  }
  put_key(b, "chars", 0);
  put_size(b, d->chars);
  put_key(b, "words", 0);
  put_size(b, d->words);
  /* by hand, in thousandths: printf's "%f" follows the caller's locale,
   * whose decimal comma would not be JSON */
  put_key(b, "confidence", 0);
  long k = (long)(d->confidence * 1000 + 0.5);
  if (k < 0) k = 0;
  if (k > 1000) k = 1000;
  char num[16];
  snprintf(num, sizeof num, "%ld.%03ld", k / 1000, k % 1000);
  wn_buf_puts(b, num);
  put_key(b, "charset", 0);
  put_string(b, d->charset);
  put_key(b, "limits_applied", 0);
  wn_buf_puts(b, d->warnings & (WINNOW_WARN_DEPTH | WINNOW_WARN_ATTRS | WINNOW_WARN_TRUNCATED |
                                WINNOW_WARN_NODES)
                     ? "true"
                     : "false");
  wn_buf_puts(b, "}\n");
  return b->failed ? WINNOW_E_NOMEM : WINNOW_OK;
}
