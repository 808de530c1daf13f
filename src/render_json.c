/* JSON: one object per page.  Strings are escaped so the output is
 * valid JSON whatever the page held. */
#include <stdio.h>
#include <string.h>

#include "doc.h"

static void put_string(wn_buf *b, const char *s) {
  if (!s) {
    wn_buf_puts(b, "null");
    return;
  }
  wn_buf_putc(b, '"');
  const char *run = s;
  for (const char *p = s; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    wn_buf_put(b, run, (size_t)(p - run));
    run = p + 1;
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
  wn_buf_puts(b, run);
  wn_buf_putc(b, '"');
}

static void put_key(wn_buf *b, const char *k, int first) {
  if (!first) wn_buf_putc(b, ',');
  put_string(b, k);
  wn_buf_putc(b, ':');
}

winnow_status wn_render_json(const winnow_doc *d, wn_buf *b) {
  char num[32];
  wn_buf_putc(b, '{');
  put_key(b, "url", 1);
  put_string(b, d->url);
  put_key(b, "title", 0);
  put_string(b, d->title);
  put_key(b, "charset", 0);
  put_string(b, d->charset);
  put_key(b, "text", 0);
  /* the text without its final newline */
  size_t len = d->text_len && d->text[d->text_len - 1] == '\n' ? d->text_len - 1 : d->text_len;
  wn_buf tmp;
  wn_buf_init(&tmp, b->mem);
  wn_buf_put(&tmp, d->text, len);
  put_string(b, len ? wn_buf_cstr(&tmp) : "");
  wn_buf_free(&tmp);
  put_key(b, "chars", 0);
  snprintf(num, sizeof num, "%zu", d->chars);
  wn_buf_puts(b, num);
  put_key(b, "limits_applied", 0);
  wn_buf_puts(b, d->warnings & (WINNOW_WARN_DEPTH | WINNOW_WARN_ATTRS | WINNOW_WARN_TRUNCATED |
                                WINNOW_WARN_NODES)
                     ? "true"
                     : "false");
  wn_buf_puts(b, "}\n");
  return b->failed ? WINNOW_E_NOMEM : WINNOW_OK;
}
